"""Retention of the public's nominations: the nominator's details and photo go after the retention period."""
