"""Rota runs and rota assignments (issue 4)."""
