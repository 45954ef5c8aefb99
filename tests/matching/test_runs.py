"""Matching runs as a product: start, progress, hand edits, approval, re-planning."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from scheduler import periods
from scheduler.matching import services
from scheduler.matching.engine import check_plan
from scheduler.models import MatchingRun, PersonExplanation, ProposalSource, ProposedAllocation, RunStatus
from tests import factories as f
from upw.models import Allocation, AllocationStatus, Requirement, RequirementStatus

pytestmark = pytest.mark.django_db


def start(plan, user=None, capture=None, **kw):
    user = user or plan.world.cora
    kw.setdefault("start_date", plan.start)
    kw.setdefault("end_date", plan.end)
    if capture is None:
        run = services.run_create(user=user, region=plan.world.north_east, **kw)
        return services.run_execute(run_id=run.pk)
    with capture(execute=True):
        run = services.run_create(user=user, region=plan.world.north_east, **kw)
    run.refresh_from_db()
    return run


def test_it_runs_on_commit_and_stores_proposals_explanations_and_figures(plan, django_capture_on_commit_callbacks):
    run = start(plan, capture=django_capture_on_commit_callbacks)
    assert run.status == RunStatus.READY
    assert run.progress == 100
    figures = run.figures
    for key in ("hours_placed", "upper_bound_hours", "greedy_hours", "people_placed", "people_left_out", "wall_s"):
        assert key in figures
    assert figures["violations"] == 0
    assert 0 < figures["hours_placed"] <= figures["upper_bound_hours"]
    assert figures["hours_placed"] >= figures["greedy_hours"] - 1e-6
    assert 0 < figures["people_offered_weekly_minimum"] <= figures["people_placeable"]
    assert figures["people_offered_weekly_minimum"] >= figures["greedy_people_offered_weekly_minimum"]
    proposals = list(run.proposals.all())
    assert proposals
    assert all(p.source == ProposalSource.ENGINE and p.minutes > 0 and p.explanation for p in proposals)
    # Every person waiting has an explanation, placed or not.
    waiting = {r.id for r in plan.men + plan.women} | {plan.world.alex_requirement.id}
    assert waiting <= set(run.explanations.values_list("requirement_id", flat=True))
    # Hard rules: no man on the women-only session, nobody twice on one day.
    assert not run.proposals.filter(session=plan.women_session, requirement__person__gender="male").exists()


def test_it_writes_progress_while_solving(plan, monkeypatch):
    seen = {}
    real_solve = services.engine.solve

    def spy(problem, options):
        run = MatchingRun.objects.get()
        seen.update(status=run.status, progress=run.progress, message=run.progress_message)
        return real_solve(problem, options)

    monkeypatch.setattr(services.engine, "solve", spy)
    run = start(plan)
    assert seen["status"] == RunStatus.RUNNING
    assert seen["progress"] == 25
    assert seen["message"].startswith("Matching 7 people to")
    assert run.progress == 100


def test_a_failure_is_recorded_on_the_run(plan, monkeypatch):
    def broken(problem, options):
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(services.engine, "solve", broken)
    run = start(plan)
    assert run.status == RunStatus.FAILED
    assert "solver exploded" in run.error
    assert not run.proposals.exists()


def test_a_task_delivered_twice_does_the_work_once(plan):
    run = start(plan)
    count = run.proposals.count()
    again = services.run_execute(run_id=run.pk)
    assert again.status == RunStatus.READY
    assert again.proposals.count() == count


def test_it_validates_dates_and_region(plan):
    with pytest.raises(ValidationError) as error:
        services.run_create(
            user=plan.world.cora, region=plan.world.north_east, start_date=plan.end, end_date=plan.start
        )
    assert error.value.message_dict["end_date"] == [periods.END_BEFORE_START]
    with pytest.raises(PermissionDenied):
        services.run_create(user=plan.world.nia, region=plan.world.north_east, start_date=plan.start, end_date=plan.end)
    with pytest.raises(PermissionDenied):
        services.run_create(user=plan.world.pat, region=plan.world.north_east, start_date=plan.start, end_date=plan.end)


# --- Hand edits ------------------------------------------------------------------------------------


def test_adding_a_man_to_a_women_only_session_is_refused_with_the_reason(plan):
    run = start(plan)
    man = plan.men[0]
    with pytest.raises(services.AdjustmentRefused) as refused:
        services.proposal_add(run=run, user=plan.world.cora, requirement_id=man.id, session_id=plan.women_session.id)
    assert "The session is for women only." in refused.value.reasons
    assert not run.proposals.filter(requirement=man, session=plan.women_session).exists()


def test_a_restriction_refuses_the_edit(plan):
    run = start(plan)
    person = plan.men[1].person
    person.no_children = True
    person.save()
    run.proposals.filter(requirement=plan.men[1]).delete()  # the engine may have put him there before
    with pytest.raises(services.AdjustmentRefused) as refused:
        services.proposal_add(
            run=run, user=plan.world.cora, requirement_id=plan.men[1].id, session_id=plan.children_session.id
        )
    assert any("must have no contact with children" in r for r in refused.value.reasons)


def test_a_second_session_on_the_same_day_is_refused(plan):
    run = start(plan)
    proposal = run.proposals.filter(session__in=plan.sessions).first()
    same_day = f.SessionFactory(project=plan.garden, date=proposal.session.date, start_time="17:00", end_time="19:00")
    with pytest.raises(services.AdjustmentRefused) as refused:
        services.proposal_add(
            run=run, user=plan.world.cora, requirement_id=proposal.requirement_id, session_id=same_day.id
        )
    assert any("more than one session" in r for r in refused.value.reasons)


def test_a_legal_edit_is_saved_as_manual_and_a_move_keeps_the_rules(plan):
    run = start(plan)
    woman = plan.women[0]
    ProposedAllocation.objects.filter(run=run, requirement=woman).delete()
    # A session to move her to that holds one other woman and nobody else, whatever the engine proposed.
    ProposedAllocation.objects.filter(run=run, session=plan.sessions[3]).delete()
    ProposedAllocation.objects.filter(run=run, requirement=plan.women[1]).delete()
    ProposedAllocation.objects.create(run=run, requirement=plan.women[1], session=plan.sessions[3], minutes=420)
    added = services.proposal_add(
        run=run, user=plan.world.cora, requirement_id=woman.id, session_id=plan.women_session.id
    )
    assert added.source == ProposalSource.MANUAL and added.created_by == plan.world.cora
    assert added.minutes == 420 and added.distance_km is not None
    moved = services.proposal_move(run=run, user=plan.world.cora, proposal_id=added.pk, session_id=plan.sessions[3].id)
    assert moved.session_id == plan.sessions[3].id
    assert not ProposedAllocation.objects.filter(pk=added.pk).exists()
    # The history records who changed the plan.
    assert ProposedAllocation.history.filter(requirement_id=woman.id).count() >= 3


def test_removing_a_place_that_would_leave_a_woman_alone_is_refused(plan):
    run = start(plan)
    session = plan.sessions[3]
    ProposedAllocation.objects.filter(run=run).delete()
    # A lone woman cannot be added to a mixed group: she would be the only woman there.
    with pytest.raises(services.AdjustmentRefused) as alone:
        services.proposal_add(run=run, user=plan.world.cora, requirement_id=plan.women[0].id, session_id=session.id)
    assert "only woman" in alone.value.reasons[0]
    ProposedAllocation.objects.bulk_create(
        [
            ProposedAllocation(run=run, requirement=r, session=session, minutes=420)
            for r in (plan.women[0], plan.women[1], plan.men[0])
        ]
    )
    second_woman = ProposedAllocation.objects.get(run=run, requirement=plan.women[1])
    with pytest.raises(services.AdjustmentRefused) as refused:
        services.proposal_remove(run=run, user=plan.world.cora, proposal_id=second_woman.pk)
    assert "only woman" in refused.value.reasons[0]
    man = ProposedAllocation.objects.get(run=run, requirement=plan.men[0])
    services.proposal_remove(run=run, user=plan.world.cora, proposal_id=man.pk)
    assert not ProposedAllocation.objects.filter(pk=man.pk).exists()


def test_edits_are_refused_once_approved(plan):
    run = start(plan)
    services.run_approve(run_id=run.pk, user=plan.world.cora)
    with pytest.raises(services.AdjustmentRefused) as refused:
        services.proposal_add(
            run=run, user=plan.world.cora, requirement_id=plan.women[0].id, session_id=plan.women_session.id
        )
    assert refused.value.reasons == [services.RUN_NOT_READY]


# --- Approval --------------------------------------------------------------------------------------


def _live(run):
    return set(
        Allocation.objects.filter(source=f"matching run {run.pk}", status=AllocationStatus.ALLOCATED).values_list(
            "requirement_id", "session_id"
        )
    )


def test_approving_books_every_place_once_and_starts_requirements(plan):
    run = start(plan)
    pairs = set(run.proposals.values_list("requirement_id", "session_id"))
    first = services.run_approve(run_id=run.pk, user=plan.world.cora)
    assert first.created == len(pairs) and not first.already_approved
    assert _live(run) == pairs
    placed = {r for r, _ in pairs}
    assert (
        set(
            Requirement.objects.filter(id__in=placed, status=RequirementStatus.IN_PROGRESS).values_list("id", flat=True)
        )
        == placed
    )
    run.refresh_from_db()
    assert run.status == RunStatus.APPROVED and run.approved_by == plan.world.cora
    # Approving again books nothing more.
    second = services.run_approve(run_id=run.pk, user=plan.world.nia)
    assert second.already_approved and second.created == 0
    assert _live(run) == pairs
    assert Allocation.objects.filter(source=f"matching run {run.pk}").count() == len(pairs)


def test_places_already_booked_are_not_booked_twice(plan):
    run = start(plan)
    requirement_id, session_id = run.proposals.values_list("requirement_id", "session_id").first()
    Allocation.objects.create(requirement_id=requirement_id, session_id=session_id, source="manual")
    result = services.run_approve(run_id=run.pk, user=plan.world.cora)
    assert result.already_booked == 1
    assert Allocation.objects.filter(requirement_id=requirement_id, session_id=session_id).count() == 1


def test_approval_is_refused_when_the_plan_no_longer_fits(plan):
    run = start(plan)
    session_id = run.proposals.filter(session__in=plan.sessions).values_list("session_id", flat=True).first()
    # Someone fills the session by hand in the meantime.
    for _ in range(4):
        f.AllocationFactory(requirement__person__pdu=plan.world.newcastle, session_id=session_id)
    with pytest.raises(services.ApprovalRefused) as refused:
        services.run_approve(run_id=run.pk, user=plan.world.cora)
    assert str(refused.value) == services.PLAN_NO_LONGER_FITS
    assert any("places" in r for r in refused.value.reasons)
    assert not _live(run)
    run.refresh_from_db()
    assert run.status == RunStatus.READY


def test_a_second_run_respects_what_the_first_booked(plan):
    first = start(plan)
    services.run_approve(run_id=first.pk, user=plan.world.cora)
    second = start(plan)
    from scheduler.matching.adapter import build_problem

    built = build_problem(region=plan.world.north_east, start=plan.start, end=plan.end)
    plan_now = [
        __import__("scheduler.matching", fromlist=["Allocation"]).Allocation(r, s)
        for r, s in second.proposals.values_list("requirement_id", "session_id")
    ]
    assert check_plan(built.problem, plan_now) == []
    assert not set(second.proposals.values_list("requirement_id", "session_id")) & _live(first)


def test_a_replan_keeps_places_added_by_hand_and_replaces_the_old_run(plan):
    run = start(plan)
    woman = plan.women[0]
    ProposedAllocation.objects.filter(run=run, requirement=woman).delete()
    # A session to move her to that holds one other woman and nobody else, whatever the engine proposed.
    ProposedAllocation.objects.filter(run=run, session=plan.sessions[3]).delete()
    ProposedAllocation.objects.filter(run=run, requirement=plan.women[1]).delete()
    ProposedAllocation.objects.create(run=run, requirement=plan.women[1], session=plan.sessions[3], minutes=420)
    services.proposal_add(run=run, user=plan.world.cora, requirement_id=woman.id, session_id=plan.women_session.id)
    new = services.run_replan(run=run, user=plan.world.cora)
    new = services.run_execute(run_id=new.pk)
    assert new.status == RunStatus.READY and new.previous_run == run
    assert new.proposals.filter(requirement=woman, session=plan.women_session).exists()
    assert new.figures["kept_from_previous"] >= 1
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED


def test_cancel_stops_a_run_being_approved(plan):
    run = start(plan)
    services.run_cancel(run=run, user=plan.world.cora)
    with pytest.raises(services.ApprovalRefused):
        services.run_approve(run_id=run.pk, user=plan.world.cora)
    assert PersonExplanation.objects.filter(run=run).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has no row locks, so one approval may fail with 'database is locked'",
)
def test_two_coordinators_approving_at_once_book_each_place_once(plan):
    """Runs on PostgreSQL in CI (DATABASE_URL), where select_for_update really locks the run row."""
    run = start(plan)
    pairs = set(run.proposals.values_list("requirement_id", "session_id"))
    results, errors = [], []
    barrier = threading.Barrier(2)

    def approve(user):
        try:
            barrier.wait()
            results.append(services.run_approve(run_id=run.pk, user=user))
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(u,)) for u in (plan.world.cora, plan.world.admin)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(r.already_approved for r in results) == [False, True]
    assert _live(run) == pairs
    assert Allocation.objects.filter(source=f"matching run {run.pk}").count() == len(pairs)


def test_resetting_the_demo_data_deletes_runs_without_breaking_foreign_keys(plan):
    from upw.demo.generator import reset_demo_data

    run = start(plan)
    services.proposal_remove(
        run=run, user=plan.world.cora, proposal_id=run.proposals.filter(requirement__person__gender="male").first().pk
    )
    reset_demo_data()
    assert not MatchingRun.objects.exists()
    assert not ProposedAllocation.objects.exists() and not PersonExplanation.objects.exists()
    assert not ProposedAllocation.history.exists()
    connection.check_constraints()
