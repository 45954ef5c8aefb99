"""What the rota services say: refusals the views show and the tests assert against, and the results they return."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.models import (
    RotaPublication,
    RotaRun,
)
from scheduler.rota import engine

# The Celery tasks that run this work (tasks.py registers them under these names).
RUN_ROTA_TASK = "scheduler.rota_tasks.run_rota"


SEND_NOTIFICATIONS_TASK = "scheduler.rota_tasks.send_rota_notifications"


TOO_LONG = "A rota can cover at most {days} days: choose a shorter period."


IN_THE_PAST = "The end date must be in the future: sessions that have started cannot be rostered."


REGION_NOT_YOURS = "You can only build rotas for the regions you coordinate."


RUN_NOT_EDITABLE = "Only a rota that is ready for review or published can be changed."


RUN_NOT_PUBLISHABLE = "Only a rota that has finished and is ready for review can be published."


RUN_NOT_CANCELLABLE = "Only a rota that is queued, running or waiting for review can be cancelled."


RUN_NOT_REPLANNABLE = "Only a finished rota can be re-planned."


ALREADY_ON = "{name} is already on this session."


NOT_IN_RUN = "That supervisor is not on this session in this rota."


SESSION_NOT_IN_ROTA = (
    "This session is not part of this rota: only scheduled sessions of supervised projects in the "
    "region, from tomorrow to the end of the period, are rostered."
)


SUPERVISOR_NOT_IN_REGION = "{name} is not an active supervisor based in {region}."


# Hard rules a hand edit may not break.
REFUSED_DAY_OFF = "{name} cannot work on {date}: {why}."


REFUSED_ONE_A_DAY = "{name} already supervises {other} on {date}: a supervisor works one session a day."


REFUSED_REST = (
    "{name} would have only {rest} of rest between {first} and {second}: at least {minimum} are needed between shifts."
)


REFUSED_CONTRACT = (
    "{name} would work {total} in this rota, more than their contract allows for the period ({allowed}): "
    "take them off another session first, or agree overtime and change their contract."
)


REFUSED_TRAVEL = "{site} is too far from {name}'s office for this region's travel limit."


REFUSED_QUALIFICATION = (
    "{name} is not {needed}, and this session still needs one: with {name} on it there would be no place "
    "left for one (no more than {max_staff} can supervise it)."
)


REFUSED_SESSION = "{name} cannot supervise this session: {why}."


PUBLISH_NO_LONGER_FITS = (
    "The rota no longer fits the rules (leave or sessions changed since), so nothing was published:"
)


PUBLISH_CONFLICT = "Someone published a rota for this region at the same time: nothing was published. Try again."


QUALIFICATION_WORDS = {engine.VAN_DRIVER: "a van driver", engine.FEMALE: "a female supervisor"}


class EditRefused(Exception):
    """A hand edit the hard rules do not allow; `reasons` are sentences for the coordinator."""

    def __init__(self, reasons: list[str]):
        self.reasons = list(reasons)
        super().__init__(" ".join(self.reasons))


class PublishRefused(Exception):
    def __init__(self, message: str, reasons: list[str] | None = None):
        self.reasons = list(reasons or [])
        super().__init__(message)


@dataclass(frozen=True)
class PublishResult:
    run: RotaRun
    publication: RotaPublication | None
    added: int
    removed: int
    kept: int
    notified: int
    already_published: bool = False
    # Sessions of the period with people booked that cannot run with this rota (nobody rostered, or
    # too few supervisors for the people booked).
    cannot_run: tuple[int, ...] = ()


def _name(user) -> str:
    return user.get_full_name() or user.username
