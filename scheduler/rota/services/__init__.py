"""Rota runs: start, execute (the Celery task's body), edit by hand, publish, notify; and the link to
matching ("plan the fortnight").

One module a stage: `runs` (start and run), `edits` (hand edits), `publication` (publish and notify),
`planning` (the rota, then matching); `messages` holds the refusals that the views show and the tests
assert against. Writes are keyword-only functions wrapped in `transaction.atomic`. The reads that
matching needs (which sessions a rota can staff) are in `scheduler.rota.selectors`.

The figures a finished run records (`RotaRun.figures`):

* `sessions`, `supervisors`: the size of the problem; `supervisors_needed`: the head count asked
  for in total;
* `assignments`: supervisors placed; `unstaffed`: sessions with no supervisor at all or missing a
  van driver or female supervisor (they cannot run); `short`: the other sessions with fewer supervisors
  than their attendees need;
* `objective` (every soft cost, lower is better), `bound` (no rota can cost less), `gap`
  ((objective - bound) / objective), `solver_status` (OPTIMAL, FEASIBLE, GREEDY...), `penalties`
  (the objective by term), `changes` (assignments added or removed against the rota as it was
  rostered), `hint_objective` (the greedy rota's cost), `build_s`, `solve_s`, `wall_s`.
"""

from scheduler.rota.services.edits import addition_refusals, assignment_add, assignment_remove
from scheduler.rota.services.messages import (
    ALREADY_ON,
    IN_THE_PAST,
    NOT_IN_RUN,
    PUBLISH_CONFLICT,
    PUBLISH_NO_LONGER_FITS,
    QUALIFICATION_WORDS,
    REFUSED_CONTRACT,
    REFUSED_DAY_OFF,
    REFUSED_ONE_A_DAY,
    REFUSED_QUALIFICATION,
    REFUSED_REST,
    REFUSED_SESSION,
    REFUSED_TRAVEL,
    REGION_NOT_YOURS,
    RUN_NOT_CANCELLABLE,
    RUN_NOT_EDITABLE,
    RUN_NOT_PUBLISHABLE,
    RUN_NOT_REPLANNABLE,
    RUN_ROTA_TASK,
    SEND_NOTIFICATIONS_TASK,
    SESSION_NOT_IN_ROTA,
    SUPERVISOR_NOT_IN_REGION,
    TOO_LONG,
    EditRefused,
    PublishRefused,
    PublishResult,
)
from scheduler.rota.services.planning import start_matching
from scheduler.rota.services.publication import run_publish, send_notifications
from scheduler.rota.services.runs import (
    plan_fortnight,
    run_cancel,
    run_create,
    run_execute,
    run_replan,
    validate_rota_period,
)

__all__ = [
    "ALREADY_ON",
    "IN_THE_PAST",
    "NOT_IN_RUN",
    "PUBLISH_CONFLICT",
    "PUBLISH_NO_LONGER_FITS",
    "QUALIFICATION_WORDS",
    "REFUSED_CONTRACT",
    "REFUSED_DAY_OFF",
    "REFUSED_ONE_A_DAY",
    "REFUSED_QUALIFICATION",
    "REFUSED_REST",
    "REFUSED_SESSION",
    "REFUSED_TRAVEL",
    "REGION_NOT_YOURS",
    "RUN_NOT_CANCELLABLE",
    "RUN_NOT_EDITABLE",
    "RUN_NOT_PUBLISHABLE",
    "RUN_NOT_REPLANNABLE",
    "RUN_ROTA_TASK",
    "SEND_NOTIFICATIONS_TASK",
    "SESSION_NOT_IN_ROTA",
    "SUPERVISOR_NOT_IN_REGION",
    "TOO_LONG",
    "EditRefused",
    "PublishRefused",
    "PublishResult",
    "addition_refusals",
    "assignment_add",
    "assignment_remove",
    "plan_fortnight",
    "run_cancel",
    "run_create",
    "run_execute",
    "run_publish",
    "run_replan",
    "send_notifications",
    "start_matching",
    "validate_rota_period",
]
