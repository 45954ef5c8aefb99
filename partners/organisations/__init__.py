"""Partner organisations, invitations and members."""
