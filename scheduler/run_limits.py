"""Limits on the heavy work of planning, for matching and rota runs alike: at most one run of a kind
queued or running per region, and an engine time limit no longer than settings.UPW_MAX_RUN_SECONDS.

A run whose worker died would hold its region for ever, so a queued or running run older than
twice its time limit (at least STALE_AFTER_MINIMUM) is marked failed when the next run is asked for.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from upw.models import Region

ACTIVE_STATUSES = ("queued", "running")
FAILED = "failed"
# Building and checking a large region's problem takes a while beside the solver's own time.
STALE_AFTER_MINIMUM = dt.timedelta(minutes=10)

TIME_LIMIT_TOO_LONG = "The time limit must be {cap} seconds or less."
ALREADY_ACTIVE = (
    "{kind} run {pk} for {region} is still {status}. Wait for it to finish, or cancel it, "
    "before starting another run for {region}."
)
STALE = "Stopped: still {status} after {minutes} minutes, so its worker was taken to have stopped. Start a new run."


class RunAlreadyActive(ValidationError):
    """A second run refused; `run` is the one still queued or running (views link to it)."""

    def __init__(self, run, *, kind: str):
        self.run = run
        super().__init__(
            ALREADY_ACTIVE.format(kind=kind, pk=run.pk, region=run.region.name, status=run.get_status_display().lower())
        )


def max_run_seconds() -> int:
    return int(settings.UPW_MAX_RUN_SECONDS)


def time_limit_error(seconds: float | None) -> str | None:
    """The message for a time limit over the cap, or None when it is allowed."""
    if seconds is not None and seconds > max_run_seconds():
        return TIME_LIMIT_TOO_LONG.format(cap=max_run_seconds())
    return None


def time_limit_for(seconds: float | None, *, default: float) -> float:
    """The time limit a run records: the one asked for (refused over the cap), else the default, capped."""
    problem = time_limit_error(seconds)
    if problem:
        raise ValidationError({"time_limit_s": problem})
    return float(seconds or min(default, max_run_seconds()))


def stale_after_seconds(time_limit_s: float) -> float:
    """How long a run with this engine time limit may stay queued or running before it is taken
    to have stopped."""
    limit = max(float(time_limit_s or 0), max_run_seconds())
    return max(2 * limit, STALE_AFTER_MINIMUM.total_seconds())


def _stale_after(run) -> dt.timedelta:
    return dt.timedelta(seconds=stale_after_seconds(run.parameters.get("time_limit_s") or 0))


def fail_if_stale(run, *, now=None) -> bool:
    """Marks a queued or running run failed once it is older than it could be while alive."""
    now = now or timezone.now()
    if run.status not in ACTIVE_STATUSES:
        return False
    stale_after = _stale_after(run)
    if now - (run.started_at or run.created_at) <= stale_after:
        return False
    minutes = int(stale_after.total_seconds() // 60)
    run.error = STALE.format(status=run.get_status_display().lower(), minutes=minutes)
    run.status = FAILED
    run.progress_message = "Failed."
    run.finished_at = now
    run.save(update_fields=["status", "error", "progress_message", "finished_at"])
    return True


def refuse_second_run(model: type[models.Model], region: Region, *, kind: str) -> None:
    """Call inside the transaction that creates the run. Locks the region's row so that two
    requests at once cannot both find the region free (PostgreSQL; SQLite writes one at a time)."""
    Region.objects.select_for_update().filter(pk=region.pk).first()
    now = timezone.now()
    for run in model.objects.filter(region=region, status__in=ACTIVE_STATUSES).order_by("created_at", "id"):
        if not fail_if_stale(run, now=now):
            raise RunAlreadyActive(run, kind=kind)
