"""Tests of the JSON API, one file per resource, end to end through Django's test client."""

from upw.core.tokens import issue_token


def bearer(user) -> dict[str, str]:
    """Headers for Django's test client that sign `user` in with a fresh API token."""
    raw, _ = issue_token(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
