"""Sessions: the week's sessions, one session's page and their API."""
