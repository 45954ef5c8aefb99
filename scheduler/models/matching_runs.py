"""Matching runs and their proposed allocations (issue 3)."""
