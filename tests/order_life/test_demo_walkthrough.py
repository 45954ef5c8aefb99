"""In the demo a coordinator can, from pages alone: approve a travel-time claim, see concurrent orders
credited together, see earned reduction on a person's page, record an extension, pause and resume an
order, record a first-failure referral and its outcome, and book an acceptable absence for next week."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from upw.models import (
    Allocation,
    AllocationStatus,
    AttendanceRecord,
    EnforcementAction,
    HoursLedgerEntry,
    Requirement,
    TravelClaim,
    User,
)

pytestmark = pytest.mark.pin_clock("2026-12-09T17:30")


@pytest.fixture
def cora(db, client):
    call_command("seed_demo", people=60, partners=10, projects=20, supervisors=8, stdout=StringIO())
    client.force_login(User.objects.get(username="cora"))
    return client


def _date(prefix: str, day: dt.date) -> dict:
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def test_a_coordinator_runs_the_order_s_life_from_pages(cora):
    today = timezone.localdate()
    mine = Requirement.objects.filter(person__pdu__region__code="north-east")

    # A travel-time claim from a register, approved from the queue.
    claim = TravelClaim.objects.filter(requirement__in=mine, status="pending").first()
    assert claim is not None and "Decide" in cora.get("/travel/").content.decode()
    answer = cora.post(f"/travel/{claim.pk}/", {"decision": "approve", "minutes": claim.minutes_claimed})
    assert answer.status_code == 302, answer.content.decode().split("govuk-error-summary__list")[-1][:600]
    assert HoursLedgerEntry.objects.filter(kind="travel", requirement=claim.requirement).exists()

    # Concurrent orders credited together, on the person's page.
    concurrent = mine.filter(concurrent_with__isnull=False).first()
    page = cora.get(f"/people/{concurrent.person.crn}/").content.decode()
    assert "the same hours count towards both orders (ATCH)" in page
    assert HoursLedgerEntry.objects.filter(requirement=concurrent, kind="credit").exists()

    # Earned reduction on a person's page.
    earning = mine.filter(ledger_entries__kind="earned_reduction").distinct().first()
    page = cora.get(f"/people/{earning.person.crn}/").content.decode()
    assert f'id="earned-reduction-{earning.pk}"' in page and "each further hour worked takes 30 minutes off" in page

    # A court extension, then a pause and a resume.
    order = mine.filter(status="in_progress").first()
    extended = order.deadline + dt.timedelta(days=90)
    answer = cora.post(
        f"/orders/{order.pk}/extend/",
        {**_date("new_deadline", extended), "court": "Newcastle Crown Court", **_date("decided_on", today)},
    )
    assert answer.status_code == 302, answer.content.decode().split("govuk-error-summary__list")[-1][:400]
    order.refresh_from_db()
    assert order.deadline == extended
    answer = cora.post(
        f"/orders/{order.pk}/pause/",
        {"pause_reason": "custody", **_date("effective_on", today), "reason": "Remanded at HMP Durham"},
    )
    assert answer.status_code == 302, answer.content.decode().split("govuk-error-summary__list")[-1][:400]
    order.refresh_from_db()
    assert order.status == "paused"
    assert cora.post(f"/orders/{order.pk}/resume/", {**_date("effective_on", today)}).status_code == 302
    order.refresh_from_db()
    assert order.status in ("in_progress", "unallocated")

    # A referral on a first failure, and its outcome.
    failure = (
        AttendanceRecord.objects.filter(allocation__requirement__in=mine, outcome="UACP", decision="")
        .exclude(allocation__requirement__enforcement_actions__isnull=False)
        .first()
    )
    assert failure is not None
    answer = cora.post(f"/absences/{failure.pk}/", {"decision": "refer", "reason": "No contact at all"})
    assert answer.status_code == 302
    referral = EnforcementAction.objects.get(attendance=failure)
    assert referral.kind == "refer_to_officer"
    answer = cora.post(
        f"/referrals/{referral.pk}/",
        {"form": "outcome", "outcome": "no_further_action", **_date("outcome_on", today), "note": "Engaged again"},
    )
    assert answer.status_code == 302, answer.content.decode().split("govuk-error-summary__list")[-1][:400]

    # An acceptable absence booked for next week.
    booking = Allocation.objects.filter(
        requirement__in=mine.filter(status="in_progress"),
        status=AllocationStatus.ALLOCATED,
        session__date__range=(today + dt.timedelta(days=7), today + dt.timedelta(days=13)),
    ).first()
    assert (
        f"/allocations/{booking.pk}/absence/" in cora.get(f"/people/{booking.requirement.person.crn}/").content.decode()
    )
    answer = cora.post(f"/allocations/{booking.pk}/absence/", {"outcome": "AAEM", "notes": "Job interview"})
    assert answer.status_code == 302
    assert AttendanceRecord.objects.get(allocation=booking).outcome == "AAEM"
