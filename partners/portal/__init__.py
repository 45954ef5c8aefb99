"""The partner portal: a partner organisation's projects, colleagues and invitations."""
