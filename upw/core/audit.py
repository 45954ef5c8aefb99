"""The log of reads of personal data: one place that every page, export and API read goes through.

Data Protection Act 2018 s.62: law-enforcement processing keeps logs of consultation and
disclosure. Each call adds rows (one insert for a whole page of people); nothing updates them.
"""

from collections.abc import Iterable

from django.http import HttpRequest

from upw.models import PersonalDataAccess, User

Channel = PersonalDataAccess.Channel


def client_address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record_person_access(
    user: User,
    people: Iterable,
    *,
    channel: str,
    request: HttpRequest | None = None,
    path: str = "",
) -> int:
    """Logs that `user` read each of `people` (Person objects, or (id, crn) pairs). Returns the rows added."""
    rows = []
    seen: set[int] = set()
    for item in people:
        person_id, crn = (item.pk, item.crn) if hasattr(item, "pk") else item
        if person_id in seen:
            continue
        seen.add(person_id)
        rows.append(
            PersonalDataAccess(
                user=user if getattr(user, "pk", None) else None,
                username=getattr(user, "username", "") or "",
                person_id=person_id,
                crn=crn or "",
                channel=channel,
                path=(path or (request.path if request else ""))[:300],
                view_name=(getattr(getattr(request, "resolver_match", None), "view_name", "") or "")[:120],
                ip_address=client_address(request),
            )
        )
    PersonalDataAccess.objects.bulk_create(rows)
    return len(rows)
