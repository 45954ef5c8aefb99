"""Recording outcomes for a whole session at once: everyone attended and complied, with exceptions.

Each outcome goes through the attendance service's idempotent sync actions (attendance_apply_action),
so the ledger, earned reduction and travel rules hold exactly as when a supervisor records them. For
someone who attended, the check-in and check-out are the session's start and end (what the credit is
worked out from), then the outcome with the grades. The actions' keys are made from one key per form,
so sending the same form twice records everything once.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from upw.attendance import services as attendance
from upw.models import Allocation, Session, User
from upw.models.attendance import GRADED_OUTCOMES
from upw.overdue.selectors import waiting_places

DEFAULT_OUTCOME = "ATTC"
SENT_HOME = frozenset({"ATSH", "ATSS"})


@dataclass(frozen=True)
class OtherOutcome:
    outcome: str
    note: str = ""


@dataclass
class SessionOutcomes:
    recorded: int = 0
    # CRN -> why the outcome was refused (the attendance service's own message)
    refused: dict[str, str] = field(default_factory=dict)


def _at(session: Session, time: dt.time) -> str:
    return dt.datetime.combine(session.date, time, tzinfo=timezone.get_default_timezone()).isoformat()


def _apply(*, by: User, key: str, place: Allocation, kind: str, payload: dict) -> str:
    done = attendance.attendance_apply_action(
        user=by, key=key, allocation_id=place.pk, kind=kind, payload=payload, client_at=timezone.now()
    )
    return done.action.result.get("error", "")


def record_session_outcomes(
    *,
    session: Session,
    places: list[Allocation],
    work_quality: str,
    behaviour: str,
    exceptions: dict[int, OtherOutcome],
    by: User,
    key: str,
) -> SessionOutcomes:
    """ATTC with the grades for each of `places` still without an outcome, except those in `exceptions`
    (allocation id -> outcome), which get their own outcome."""
    result = SessionOutcomes()
    for place in waiting_places(
        Allocation.objects.filter(pk__in=[p.pk for p in places], session=session)
    ).select_related("requirement__person", "attendance"):
        chosen = exceptions.get(place.pk, OtherOutcome(DEFAULT_OUTCOME))
        crn = place.requirement.person.crn
        payload = {"outcome": chosen.outcome}
        if chosen.note:
            payload["notes"] = chosen.note
        if chosen.outcome in SENT_HOME:
            payload["sent_home_reason"] = chosen.note
        error = ""
        if chosen.outcome in GRADED_OUTCOMES:
            payload |= {"work_quality": work_quality, "behaviour": behaviour}
            # Times a phone already recorded are kept; the missing ones are the session's.
            record = getattr(place, "attendance", None)
            if record is None or record.arrived_at is None:
                error = _apply(
                    by=by,
                    key=f"{key}-{place.pk}-in",
                    place=place,
                    kind="check_in",
                    payload={"at": _at(session, session.start_time)},
                )
            if not error and (record is None or record.left_at is None):
                error = _apply(
                    by=by,
                    key=f"{key}-{place.pk}-out",
                    place=place,
                    kind="check_out",
                    payload={"at": _at(session, session.end_time)},
                )
        error = error or _apply(by=by, key=f"{key}-{place.pk}-outcome", place=place, kind="outcome", payload=payload)
        if error:
            result.refused[crn] = error
        else:
            result.recorded += 1
    return result
