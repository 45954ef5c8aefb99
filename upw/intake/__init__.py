"""New orders: recorded by hand, imported from CSV or through the API; who is waiting for what."""
