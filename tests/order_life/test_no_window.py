"""With the completion window switched off (Sentencing Act 2026 s.36) there is no deadline: the pace aims
at a target date, and nothing is ever "past deadline"."""

import datetime as dt

from django.utils import timezone

from tests import factories as f
from upw import domain
from upw.core import at_risk
from upw.models import Requirement


def test_no_window_gives_a_target_date_not_a_deadline():
    sentence = dt.date(2027, 3, 1)
    assert domain.order_deadline(sentence, window_months=12, no_window_target_months=18) == (dt.date(2028, 3, 1), True)
    assert domain.order_deadline(sentence, window_months=0, no_window_target_months=18) == (dt.date(2028, 9, 1), False)


def test_a_new_order_is_recorded_with_the_window_off(client, world, districts, settings):
    settings.UPW = {**settings.UPW, "COMPLETION_WINDOW_MONTHS": 0, "NO_WINDOW_TARGET_MONTHS": 12}
    client.force_login(world.cora)
    today = timezone.localdate()
    body = {
        "crn": "N200001",
        "first_name": "Nell",
        "last_name": "Hart",
        "date_of_birth": "1990-01-02",
        "gender": "female",
        "postcode": "NE6 5XB",
        "pdu": "newcastle",
        "order_reference": "NW/1",
        "court": "Newcastle Magistrates' Court",
        "order_type": "community_order",
        "concurrency": "single",
        "sentence_date": today.isoformat(),
        "hours_ordered": 80,
    }
    answer = client.post("/api/v1/intake/orders", body, content_type="application/json")
    assert answer.status_code in (200, 201), answer.content
    requirement = Requirement.objects.get(order_reference="NW/1")
    assert not requirement.deadline_is_statutory
    assert requirement.deadline == domain.add_months(today, 12)


def test_an_order_past_its_target_is_behind_pace_not_past_deadline(world):
    today = timezone.localdate()
    requirement = f.RequirementFactory(
        person=world.alex,
        sentence_date=today - dt.timedelta(days=400),
        deadline=today - dt.timedelta(days=35),
        deadline_is_statutory=False,
    )
    flagged = at_risk.with_risk_reasons(Requirement.objects.filter(pk=requirement.pk), today=today).get()
    assert at_risk.BEHIND_PACE in at_risk.reasons_of(flagged)
    assert at_risk.PAST_DEADLINE not in at_risk.reasons_of(flagged)
    requirement.deadline_is_statutory = True
    requirement.save()
    flagged = at_risk.with_risk_reasons(Requirement.objects.filter(pk=requirement.pk), today=today).get()
    assert at_risk.reasons_of(flagged) == [at_risk.PAST_DEADLINE]
