"""Django adapters of the pure scheduling engines."""
