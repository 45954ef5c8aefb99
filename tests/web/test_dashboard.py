import datetime as dt

import pytest
from django.db.models import F
from django.utils import timezone

from tests import factories as f
from upw.core.at_risk import requirements_at_risk
from upw.core.selectors import is_at_risk, week_start
from upw.dashboard.selectors import dashboard_counts
from upw.models import Requirement, Session

TODAY = dt.date(2026, 11, 25)


def _figure(content: bytes, card_id: str) -> int:
    after = content.split(f'id="{card_id}"'.encode())[1]
    return int(after.split(b'<span class="upw-figure">')[1].split(b"</span>")[0])


def test_it_redirects_anonymous_users_to_sign_in(client, world):
    r = client.get("/dashboard/")
    assert r.status_code == 302
    assert r.url == "/login/?next=/dashboard/"


def test_it_refuses_partners_with_a_govuk_403_page(client, world):
    client.force_login(world.pat)
    r = client.get("/dashboard/")
    assert r.status_code == 403
    assert b"You do not have access to this page" in r.content


def test_it_refuses_supervisors(client, world):
    client.force_login(world.sam)
    assert client.get("/dashboard/").status_code == 403


def test_it_refuses_post(client, world):
    client.force_login(world.cora)
    assert client.post("/dashboard/").status_code == 405


def test_it_shows_the_counts_for_the_coordinators_region(client, world):
    today = timezone.localdate()
    # Move the fixture's sessions out of this week, then put two in it: one in Cora's region.
    Session.objects.update(date=F("date") + dt.timedelta(days=70))
    f.SessionFactory(project=world.project_a, date=week_start(today))
    f.SessionFactory(project=world.project_b, date=week_start(today))
    # Awaiting: Cora's region gets one more person with an active requirement and no session.
    f.RequirementFactory(person__pdu=world.newcastle)
    # At risk: 100 hours left with four weeks to go.
    f.RequirementFactory(
        person__pdu=world.newcastle,
        sentence_date=today - dt.timedelta(days=300),
        deadline=today + dt.timedelta(days=28),
    )

    client.force_login(world.cora)
    r = client.get("/dashboard/")

    assert r.status_code == 200
    assert _figure(r.content, "active") == 3
    assert _figure(r.content, "awaiting") == 2
    # At risk: the one behind pace (nothing booked either) and the one with no session booked.
    assert _figure(r.content, "at-risk") == 2
    assert _figure(r.content, "sessions-this-week") == 1


def test_it_links_each_count_to_a_filtered_list(client, world):
    client.force_login(world.cora)
    r = client.get("/dashboard/")
    assert b'href="/people/?at_risk=on"' in r.content
    assert b'href="/people/?awaiting=on"' in r.content
    assert b'href="/people/?status=active"' in r.content
    assert b'href="/sessions/"' in r.content


def test_it_counts_everything_for_administrators(world):
    from upw.core.access import visible
    from upw.models import Person

    counts = dashboard_counts(
        people=visible(world.admin, Person),
        requirements=visible(world.admin, Requirement),
        sessions=visible(world.admin, Session),
        today=timezone.localdate(),
    )
    assert counts.active_requirements == 2
    # Alex has a session; Bryn has none.
    assert counts.awaiting_first_session == 1


def test_it_does_not_count_people_with_only_completed_requirements_as_awaiting(world):
    from upw.core.access import visible
    from upw.models import Person

    Requirement.objects.filter(pk=world.bryn_requirement.pk).update(status="completed")
    counts = dashboard_counts(
        people=visible(world.nia, Person),
        requirements=visible(world.nia, Requirement),
        sessions=visible(world.nia, Session),
        today=timezone.localdate(),
    )
    assert counts.awaiting_first_session == 0
    assert counts.active_requirements == 0


@pytest.mark.parametrize(
    ("minutes_left", "days_left", "intensive", "expected"),
    [
        (0, 10, False, False),  # nothing left to do
        (60, 0, False, True),  # deadline today with minutes owed
        (60, -5, False, True),  # deadline passed
        (300 * 60, 70, False, True),  # 30 h a week needed: more than the 21 h maximum
        (300 * 60, 70, True, True),  # 30 h a week needed: more than the 28 h intensive maximum too
        (250 * 60, 70, True, False),  # 25 h a week: within the intensive maximum, outside 8 weeks
        (250 * 60, 70, False, True),  # 25 h a week: beyond the standard maximum
        (100 * 60, 100, False, False),  # 7 h a week, well outside 8 weeks: on track
        (50 * 60, 56, False, False),  # 6.25 h a week, 8 weeks left: on track
        (60 * 60, 56, False, True),  # 7.5 h a week, 8 weeks left: behind the 7-hour day
        (60 * 60, 57, False, False),  # same pace just outside the 8-week horizon
    ],
)
def test_it_applies_the_at_risk_rule(minutes_left, days_left, intensive, expected):
    deadline = TODAY + dt.timedelta(days=days_left)
    assert is_at_risk(minutes_left=minutes_left, deadline=deadline, intensive=intensive, today=TODAY) is expected


def test_it_brings_the_deadline_forward_by_the_margin_setting(settings):
    settings.UPW = {**settings.UPW, "AT_RISK_MARGIN_DAYS": 14}
    deadline = TODAY + dt.timedelta(days=70)
    # 50 hours over 10 weeks is 5 a week; over 8 weeks (after the margin) it is 6.25: still fine.
    assert not is_at_risk(minutes_left=50 * 60, deadline=deadline, intensive=False, today=TODAY)
    # 60 hours over 8 weeks is 7.5 a week: at risk only because of the margin.
    assert is_at_risk(minutes_left=60 * 60, deadline=deadline, intensive=False, today=TODAY)


def test_one_definition_of_at_risk_feeds_the_card_the_lists_and_the_person_page(client, world):
    today = timezone.localdate()
    behind = f.RequirementFactory(
        person__first_name="Casey",
        person__last_name="Behind",
        person__pdu=world.newcastle,
        hours_ordered=200,
        sentence_date=today - dt.timedelta(days=330),
        deadline=today + dt.timedelta(days=35),
    )
    client.force_login(world.cora)
    r = client.get("/dashboard/")
    assert _figure(r.content, "at-risk") == 1
    assert b"Casey Behind" in r.content.split(b'id="at-risk-list"')[1]
    assert b"Casey Behind" in client.get("/people/?at_risk=on").content
    assert b"Alex Jones" not in client.get("/people/?at_risk=on").content
    assert b"At risk" in client.get(f"/people/{behind.person.crn}/").content


def test_the_at_risk_list_counts_requirements_where_the_card_counts_people(client, world):
    today = timezone.localdate()
    casey = f.PersonFactory(first_name="Casey", last_name="Behind", pdu=world.newcastle)
    for reference in ("ORD-BEHIND-1", "ORD-BEHIND-2"):
        f.RequirementFactory(
            person=casey,
            order_reference=reference,
            hours_ordered=200,
            sentence_date=today - dt.timedelta(days=330),
            deadline=today + dt.timedelta(days=35),
        )
    client.force_login(world.cora)
    r = client.get("/dashboard/")
    assert _figure(r.content, "at-risk") == 1
    at_risk = Requirement.objects.filter(person__pdu__region=world.north_east)
    expected = requirements_at_risk(at_risk, today=today).count()
    assert expected >= 2
    assert f"Requirements at risk ({expected})".encode() in r.content
    assert r.content.split(b'id="at-risk-list"')[1].split(b"</table>")[0].count(b"Casey Behind") == 2
