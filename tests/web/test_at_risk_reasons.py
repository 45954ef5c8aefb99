"""Why a requirement is at risk (upw.core.at_risk), on a small fixed history, and the people list and
dashboard narrowed by each reason."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f
from upw.core import at_risk
from upw.models import EnforcementAction, Requirement

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")
TODAY = dt.date(2026, 12, 7)


def _reasons(requirement) -> list[str]:
    annotated = at_risk.with_risk_reasons(Requirement.objects.filter(pk=requirement.pk), today=TODAY).get()
    return at_risk.reasons_of(annotated)


def _order(hours_left: int, days_to_deadline: int, **kwargs) -> Requirement:
    """An order of 100 hours, sentenced 300 days ago, with `hours_left` owed."""
    return f.RequirementFactory(
        hours_ordered=100,
        minutes_credited=(100 - hours_left) * 60,
        sentence_date=TODAY - dt.timedelta(days=300),
        deadline=TODAY + dt.timedelta(days=days_to_deadline),
        status="in_progress",
        **kwargs,
    )


def _book(requirement, days_ahead: int = 2, status: str = "scheduled"):
    """A 9:00 to 16:30 session: 7 hours once the project's 30-minute break is taken off."""
    session = f.SessionFactory(date=TODAY + dt.timedelta(days=days_ahead), status=status)
    return f.AllocationFactory(requirement=requirement, session=session)


def test_hours_neither_credited_nor_booked_needing_more_than_a_day_a_week_are_behind_pace(db):
    # 30 hours in 4 weeks is 7.5 hours a week: more than the 7-hour day offered.
    requirement = _order(hours_left=30, days_to_deadline=28)
    _book(requirement, days_ahead=30)  # after the deadline: does not help
    assert at_risk.BEHIND_PACE in _reasons(requirement)


def test_sessions_booked_ahead_count_towards_the_pace(db):
    requirement = _order(hours_left=30, days_to_deadline=28)
    _book(requirement)  # 23 hours left in 4 weeks: 5.75 a week
    assert _reasons(requirement) == []


def test_a_stood_down_session_is_not_booked(db):
    requirement = _order(hours_left=30, days_to_deadline=28)
    _book(requirement, status="stood_down")
    assert _reasons(requirement) == [at_risk.BEHIND_PACE, at_risk.NO_SESSIONS]


def test_more_than_the_weekly_maximum_is_behind_pace_however_far_the_deadline(db):
    # 90 hours in 4 weeks and a day is more than the 21-hour maximum.
    requirement = _order(hours_left=90, days_to_deadline=29)
    _book(requirement)
    assert _reasons(requirement) == [at_risk.BEHIND_PACE]


def test_an_inducted_person_with_nothing_booked_ahead_has_no_sessions_booked(db):
    requirement = _order(hours_left=20, days_to_deadline=200)
    _book(requirement, days_ahead=-7)  # a past session does not count
    assert _reasons(requirement) == [at_risk.NO_SESSIONS]


def test_someone_waiting_for_induction_is_not_flagged_for_having_no_sessions(db):
    requirement = _order(hours_left=20, days_to_deadline=200, induction_completed_on=None)
    assert _reasons(requirement) == []


def test_a_warning_in_the_last_twelve_months_is_a_reason(db):
    requirement = _order(hours_left=20, days_to_deadline=200)
    _book(requirement)
    EnforcementAction.objects.create(requirement=requirement, kind="first_warning")
    assert _reasons(requirement) == [at_risk.WARNINGS]


def test_a_warning_more_than_twelve_months_old_is_not(db):
    requirement = _order(hours_left=20, days_to_deadline=200)
    _book(requirement)
    old = EnforcementAction.objects.create(requirement=requirement, kind="second_warning")
    EnforcementAction.objects.filter(pk=old.pk).update(created_at=timezone.make_aware(dt.datetime(2025, 12, 1, 10, 0)))
    assert _reasons(requirement) == []


def test_past_the_deadline_is_its_own_group_and_not_at_risk(db):
    requirement = _order(hours_left=20, days_to_deadline=-1)
    assert _reasons(requirement) == [at_risk.PAST_DEADLINE]
    requirements = Requirement.objects.filter(pk=requirement.pk)
    assert not at_risk.requirements_at_risk(requirements, today=TODAY).exists()
    assert at_risk.requirements_past_deadline(requirements, today=TODAY).exists()


def test_nothing_owed_or_not_active_is_never_flagged(db):
    done = _order(hours_left=0, days_to_deadline=10)
    paused = _order(hours_left=50, days_to_deadline=10)
    Requirement.objects.filter(pk=paused.pk).update(status="paused")
    assert _reasons(done) == [] and _reasons(paused) == []


def test_the_nightly_projection_alone_does_not_make_someone_at_risk(db):
    from upw.models.attendance_sync import RequirementProgress

    requirement = _order(hours_left=20, days_to_deadline=200)
    _book(requirement)
    RequirementProgress.objects.create(requirement=requirement, at_risk=True, refreshed_at=timezone.now())
    assert _reasons(requirement) == []


@pytest.fixture
def flagged(world):
    """One person of Cora's for each reason, plus one past the deadline."""
    people = {}
    for reason, hours_left, days in (
        (at_risk.BEHIND_PACE, 50, 28),
        (at_risk.NO_SESSIONS, 20, 200),
        (at_risk.WARNINGS, 20, 200),
        (at_risk.PAST_DEADLINE, 20, -3),
    ):
        requirement = _order(
            hours_left=hours_left,
            days_to_deadline=days,
            person__first_name=reason.replace("_", "").title(),
            person__last_name="Flagged",
            person__pdu=world.newcastle,
        )
        if reason != at_risk.NO_SESSIONS:
            _book(requirement, days_ahead=-3 if reason == at_risk.PAST_DEADLINE else 2)
        if reason == at_risk.WARNINGS:
            EnforcementAction.objects.create(requirement=requirement, kind="first_warning")
        people[reason] = requirement.person
    return people


def test_the_people_list_is_narrowed_by_each_reason(client, world, flagged):
    client.force_login(world.cora)
    for reason, person in flagged.items():
        page = client.get("/people/", {"at_risk": reason}).content.decode()
        assert person.full_name in page, reason
        others = [p.full_name for r, p in flagged.items() if r != reason]
        assert not any(name in page for name in others), reason
        assert "Alex Jones" not in page


def test_at_risk_for_any_reason_leaves_out_past_the_deadline(client, world, flagged):
    client.force_login(world.cora)
    page = client.get("/people/", {"at_risk": "on"}).content.decode()
    assert all(flagged[r].full_name in page for r in at_risk.AT_RISK_REASONS)
    assert flagged[at_risk.PAST_DEADLINE].full_name not in page


def test_the_people_list_shows_each_reason_as_a_tag(client, world, flagged):
    client.force_login(world.cora)
    page = client.get("/people/").content.decode()
    assert 'govuk-tag--orange upw-risk-tag">Behind pace' in page
    assert 'upw-risk-tag">No sessions booked' in page
    assert 'upw-risk-tag">Warning in the last 12 months' in page
    assert 'upw-risk-tag">Past deadline' in page


def test_the_person_page_says_why(client, world, flagged):
    client.force_login(world.cora)
    page = client.get(f"/people/{flagged[at_risk.BEHIND_PACE].crn}/").content.decode()
    assert "At risk" in page and "Behind pace" in page
    page = client.get(f"/people/{flagged[at_risk.PAST_DEADLINE].crn}/").content.decode()
    assert "Past deadline" in page and "At risk</strong>" not in page


def test_the_dashboard_counts_each_reason_and_past_the_deadline_apart(client, world, flagged):
    client.force_login(world.cora)
    page = client.get("/dashboard/").content.decode()
    figure = lambda card: int(page.split(f'id="{card}"')[1].split('class="upw-figure">')[1].split("<")[0])  # noqa: E731
    reason = lambda key: int(page.split(f'id="at-risk-{key}"')[1].split('"upw-reason-figure">')[1].split("<")[0])  # noqa: E731
    assert figure("at-risk") == 3
    assert figure("past-deadline") == 1
    assert reason(at_risk.BEHIND_PACE) == 1
    assert reason(at_risk.NO_SESSIONS) == 1
    assert reason(at_risk.WARNINGS) == 1
    assert 'href="/people/?at_risk=behind_pace"' in page
    assert 'href="/people/?at_risk=past_deadline"' in page


def test_another_regions_people_are_never_counted_or_listed(client, world, flagged):
    client.force_login(world.nia)
    page = client.get("/dashboard/").content.decode()
    # Only Bryn, of Wales, who has no session booked.
    assert int(page.split('id="at-risk"')[1].split('class="upw-figure">')[1].split("<")[0]) == 1
    assert int(page.split('id="past-deadline"')[1].split('class="upw-figure">')[1].split("<")[0]) == 0
    for reason in (*at_risk.AT_RISK_REASONS, at_risk.PAST_DEADLINE, "on"):
        listed = client.get("/people/", {"at_risk": reason}).content.decode()
        assert "Flagged" not in listed
