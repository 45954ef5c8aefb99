"""Routers of the JSON API, one module per resource, mounted under /api/v1/ by upw.api."""
