"""Retention and erasure of people's personal data: on request, or once the retention period has ended."""
