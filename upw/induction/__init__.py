"""Inductions: booking one and recording that it happened."""
