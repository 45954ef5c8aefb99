"""The rota and matching together: "plan the fortnight" runs matching on what the rota can staff."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from scheduler.models import (
    RotaRun,
)
from scheduler.rota.selectors import staffed_places, unstaffable_session_ids


def start_matching(*, run: RotaRun):
    """The second half of "plan the fortnight": a matching run over the rota's period that leaves out
    the sessions this rota cannot staff and fills the others no further than their supervisors allow.

    The matching run's `parameters` carry `rota_run`, `excluded_sessions` and `session_places`
    (session id -> places); `scheduler.matching.adapter.build_problem` drops the excluded sessions
    and caps capacities with them, for the solve, every hand edit and the check at approval (so
    places booked meanwhile cannot push a session past what its supervisors allow).
    """
    from scheduler.matching import services as matching_services

    excluded = sorted(unstaffable_session_ids(run.region, run.start_date, run.end_date))
    places = staffed_places(run.region, run.start_date, run.end_date)
    start = max(run.start_date, timezone.localdate() + dt.timedelta(days=1))
    with transaction.atomic():
        matching_run = matching_services.run_create(
            user=run.created_by, region=run.region, start_date=start, end_date=run.end_date
        )
        matching_run.parameters = {
            **matching_run.parameters,
            "rota_run": run.pk,
            "excluded_sessions": excluded,
            "session_places": {str(k): v for k, v in places.items()},
        }
        matching_run.save(update_fields=["parameters"])
        RotaRun.objects.filter(pk=run.pk).update(
            parameters={**run.parameters, "matching_run": matching_run.pk},
            progress_message=f"Ready for review. Matching run {matching_run.pk} started without "
            f"{len(excluded)} session{'' if len(excluded) == 1 else 's'} the rota cannot staff.",
        )
    # Run the matching here, in this task (the enqueued copy then finds it claimed and does nothing),
    # so the fortnight is planned when the rota's task ends.
    return matching_services.run_execute(run_id=matching_run.pk)
