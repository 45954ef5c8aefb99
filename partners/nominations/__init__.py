"""Public nominations of projects."""
