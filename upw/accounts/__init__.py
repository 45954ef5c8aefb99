"""Signing in: the web sign-in pages and the API's tokens."""
