"""The one hard-rule check for putting a person on a session.

Every way of giving a person a place (matching and its hand edits, induction booking) asks the same
checker: `scheduler.matching.engine.check_placement`. The core and upw's features cannot import the
scheduler, so the scheduler registers the check here when Django starts (`register`), as it does
with its access scopes.
"""

from collections.abc import Callable

# (requirement id, session id, induction?) -> the reasons the placement is refused; empty = allowed.
PlacementCheck = Callable[..., list[str]]

_check: PlacementCheck | None = None


def register(check: PlacementCheck) -> None:
    global _check
    _check = check


def placement_refusals(*, requirement_id: int, session_id: int, induction: bool = False) -> list[str]:
    """Why putting the requirement's person on the session breaks a hard rule, in plain sentences."""
    if _check is None:
        raise RuntimeError("No placement check is registered: is the scheduler app installed?")
    return _check(requirement_id=requirement_id, session_id=session_id, induction=induction)
