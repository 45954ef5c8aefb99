"""Scheduler services: matching runs (matching.py, issue 3) and rota runs (rota.py, issue 4)."""
