"""Matching runs: propose a fortnight of places, review and change them by hand, approve.

The engine is `scheduler.matching.engine` (no Django); `python -m scheduler.matching` is its command line.
"""
