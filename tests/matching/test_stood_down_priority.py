"""People whose session was stood down lately are offered first by the next matching run."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from scheduler.matching import adapter
from tests.matching.helpers import person, placed, run, session
from upw.models import Session
from upw.standdown import services as standdown


@pytest.mark.parametrize("stood_down", [1, 2])
def test_the_one_place_goes_to_the_person_who_was_stood_down(stood_down):
    people = [person(1, stood_down_recently=stood_down == 1), person(2, stood_down_recently=stood_down == 2)]

    _, result = run(people, [session(1, capacity=1)])

    assert placed(result) == {(stood_down, 1)}


def _stand_down_alex(world):
    standdown.stand_down(
        sessions=Session.objects.filter(pk=world.session_a.pk),
        reason="weather",
        by=world.cora,
        today=timezone.localdate(),
    )


def _alex(world, today=None):
    today = today or timezone.localdate()
    built = adapter.build_problem(
        region=world.north_east, start=today + dt.timedelta(days=1), end=today + dt.timedelta(days=14), today=today
    )
    return built.problem.person_by_id()[world.alex_requirement.pk]


def test_the_adapter_marks_people_whose_session_was_stood_down(world):
    assert not _alex(world).stood_down_recently

    _stand_down_alex(world)

    assert _alex(world).stood_down_recently


@override_settings(UPW_STOOD_DOWN_PRIORITY_DAYS=14)
def test_the_priority_lasts_the_days_set(world):
    _stand_down_alex(world)
    stood_down_on = world.session_a.date

    assert _alex(world, today=stood_down_on + dt.timedelta(days=14)).stood_down_recently
    assert not _alex(world, today=stood_down_on + dt.timedelta(days=15)).stood_down_recently


@override_settings(UPW_STOOD_DOWN_PRIORITY_DAYS=0)
def test_no_days_turns_it_off(world):
    _stand_down_alex(world)

    assert not _alex(world).stood_down_recently
