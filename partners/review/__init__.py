"""Coordinators' review of proposals, organisations and nominations."""
