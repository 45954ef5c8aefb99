"""Enforcement: warnings and referrals after unacceptable absences."""
