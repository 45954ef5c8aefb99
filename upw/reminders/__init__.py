"""Reminders sent to people the afternoon before a session."""
