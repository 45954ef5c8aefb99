"""Hand edits of a rota: adding and removing supervisors, checked against the hard rules."""

from __future__ import annotations

from django.db import transaction

from scheduler.models import (
    RotaAssignment,
    RotaAssignmentSource,
    RotaRun,
    RotaRunStatus,
)
from scheduler.rota import adapter, engine
from scheduler.rota.services.messages import (
    ALREADY_ON,
    NOT_IN_RUN,
    QUALIFICATION_WORDS,
    REFUSED_CONTRACT,
    REFUSED_DAY_OFF,
    REFUSED_ONE_A_DAY,
    REFUSED_QUALIFICATION,
    REFUSED_REST,
    REFUSED_SESSION,
    REFUSED_TRAVEL,
    RUN_NOT_EDITABLE,
    SESSION_NOT_IN_ROTA,
    SUPERVISOR_NOT_IN_REGION,
    EditRefused,
    _name,
)
from scheduler.rota.services.runs import _humanise, _shortfall_counts, _store_shortfalls
from upw.core.hours import format_minutes
from upw.models.sessions import SupervisorRole


def _pairs(run: RotaRun) -> list[tuple[int, int]]:
    return list(RotaAssignment.objects.filter(run=run).values_list("session_id", "supervisor_id"))


def _build(run: RotaRun) -> adapter.BuiltRota:
    return adapter.build_problem(region=run.region, start=run.start_date, end=run.end_date, previous=[])


def _label(need: adapter.SessionNeed) -> str:
    return f"{need.label} ({need.start:%H:%M}-{need.end:%H:%M})"


def addition_refusals(
    built: adapter.BuiltRota, pairs: list[tuple[int, int]], session_id: int, supervisor_id: int
) -> list[str]:
    """Why `supervisor_id` may not be added to `session_id` on top of `pairs` (empty: allowed)."""
    need = built.needs.get(session_id)
    if need is None:
        return [SESSION_NOT_IN_ROTA]
    info = built.supervisors.get(supervisor_id)
    if info is None:
        # Not one of this rota's supervisors: named by nobody, so an id from another region learns nothing.
        return [SUPERVISOR_NOT_IN_REGION.format(name="That supervisor", region=built.region_name or "this region")]
    name = info["name"]
    if (session_id, supervisor_id) in set(pairs):
        return [ALREADY_ON.format(name=name)]
    reasons: list[str] = []
    why = built.forbidden.get((session_id, supervisor_id))
    if why:
        reasons.append(REFUSED_SESSION.format(name=name, why=why))
    # Qualifications: a van driver / female supervisor the session needs must still fit.
    on = [sup for ses, sup in pairs if ses == session_id] + [supervisor_id]

    def holds(sup: int, q: str) -> bool:
        other = built.supervisors.get(sup)
        if other is None:
            return False
        return other["gender"] == "female" if q == engine.FEMALE else q in other["qualifications"]

    missing = [q for q in need.qualifications if not any(holds(sup, q) for sup in on)]
    if missing and len(missing) > need.max_staff - len(on):
        q = missing[0]
        reasons.append(
            REFUSED_QUALIFICATION.format(name=name, needed=QUALIFICATION_WORDS.get(q, q), max_staff=need.max_staff)
        )
    # Leave, one session a day, rest, contract: the engine's independent checker, before and after.
    problem = built.problem
    me = adapter.staff_id(supervisor_id)
    mine = [(ses, sup) for ses, sup in pairs if sup == supervisor_id]
    before = {(v.rule, v.message) for v in engine.check(problem, adapter.engine_assignments(mine))}
    after = engine.check(problem, adapter.engine_assignments([*mine, (session_id, supervisor_id)]))
    day = built.day(need.date)
    date = f"{need.date:%a %d %b}"
    for v in after:
        if v.staff != me or (v.rule, v.message) in before:
            continue
        if v.rule == "day_off":
            why = built.day_off_reasons.get((supervisor_id, day), "a day off")
            reasons.append(REFUSED_DAY_OFF.format(name=name, date=date, why=why))
        elif v.rule == "one_a_day":
            others = [built.needs[s] for s, _ in mine if s in built.needs and built.needs[s].date == need.date]
            other = _label(others[0]) if others else "another session"
            reasons.append(REFUSED_ONE_A_DAY.format(name=name, other=other, date=date))
        elif v.rule == "rest":
            reasons.append(_rest_message(built, mine, need, name))
        elif v.rule == "max_minutes":
            total = sum(built.needs[s].minutes for s, _ in mine if s in built.needs) + need.minutes
            reasons.append(
                REFUSED_CONTRACT.format(
                    name=name, total=format_minutes(total), allowed=format_minutes(info["max_minutes"])
                )
            )
        elif v.rule == "travel":
            reasons.append(REFUSED_TRAVEL.format(site=need.site, name=name))
        else:
            reasons.append(_humanise(v.message, built))
    return list(dict.fromkeys(reasons))


def _rest_message(built, mine, need, name) -> str:
    minimum = built.problem.rules.min_rest_minutes
    start = need.start.hour * 60 + need.start.minute
    end = need.end.hour * 60 + need.end.minute
    for ses, _ in mine:
        other = built.needs.get(ses)
        if other is None:
            continue
        o_start = other.start.hour * 60 + other.start.minute
        o_end = other.end.hour * 60 + other.end.minute
        gap = (other.date - need.date).days
        if gap == 1 and 24 * 60 + o_start - end < minimum:
            first, second, rest = need, other, 24 * 60 + o_start - end
        elif gap == -1 and 24 * 60 + start - o_end < minimum:
            first, second, rest = other, need, 24 * 60 + start - o_end
        else:
            continue
        return REFUSED_REST.format(
            name=name,
            rest=format_minutes(rest),
            first=f"{_label(first)} on {first.date:%a %d %b}",
            second=f"{_label(second)} on {second.date:%a %d %b}",
            minimum=format_minutes(minimum),
        )
    return REFUSED_REST.format(
        name=name, rest="less", first="one shift", second="the next", minimum=format_minutes(minimum)
    )


def _require_editable(run: RotaRun) -> None:
    if not run.is_editable:
        raise EditRefused([RUN_NOT_EDITABLE])


def _after_edit(run: RotaRun, built: adapter.BuiltRota) -> None:
    pairs = _pairs(run)
    shortfalls = _store_shortfalls(run, built, pairs)
    run.figures = {
        **run.figures,
        "assignments": len(pairs),
        **_shortfall_counts(shortfalls),
        "edits": int(run.figures.get("edits", 0)) + 1,
    }
    if run.status == RotaRunStatus.PUBLISHED:
        run.changed_since_publish = True
    run.save()


def _role_for(built, run, session_id: int, supervisor_id: int) -> str:
    need = built.needs[session_id]
    info = built.supervisors[supervisor_id]
    roles = set(RotaAssignment.objects.filter(run=run, session_id=session_id).values_list("role", flat=True))
    if need.needs_driver and engine.VAN_DRIVER in info["qualifications"] and SupervisorRole.DRIVER not in roles:
        return SupervisorRole.DRIVER
    if SupervisorRole.LEAD not in roles:
        return SupervisorRole.LEAD
    return SupervisorRole.SUPERVISOR


def assignment_add(*, run: RotaRun, user, session_id: int, supervisor_id: int) -> RotaAssignment:
    with transaction.atomic():
        run = RotaRun.objects.select_for_update().get(pk=run.pk)
        _require_editable(run)
        built = _build(run)
        reasons = addition_refusals(built, _pairs(run), session_id, supervisor_id)
        if reasons:
            raise EditRefused(reasons)
        assignment = RotaAssignment.objects.create(
            run=run,
            session_id=session_id,
            supervisor_id=supervisor_id,
            role=_role_for(built, run, session_id, supervisor_id),
            source=RotaAssignmentSource.MANUAL,
            created_by=user,
        )
        _after_edit(run, built)
        return assignment


def assignment_remove(*, run: RotaRun, user, assignment_id: int) -> None:
    """Takes a supervisor off a session. Always allowed; the session may then show as unstaffed."""
    with transaction.atomic():
        run = RotaRun.objects.select_for_update().get(pk=run.pk)
        _require_editable(run)
        assignment = RotaAssignment.objects.filter(run=run, pk=assignment_id).first()
        if assignment is None:
            raise EditRefused([NOT_IN_RUN])
        assignment._change_reason = f"Removed by {_name(user)}"
        assignment.delete()
        _after_edit(run, _build(run))
