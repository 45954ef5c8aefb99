"""A small region to roster: Cora's North East with a few supervisors and next week's sessions.

Sam (female in the factories, here made male), Sid, Fran (female, van driver) and Dan (van driver)
are based in Newcastle; sessions are on future weekdays at project A's site.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests import factories as f
from upw.models import Qualification, Supervisor


def next_monday(weeks: int = 1) -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=7 * weeks - today.weekday())


@pytest.fixture
def rota_world(world):
    driver, _ = Qualification.objects.get_or_create(code="van-driver", defaults={"name": "Van driver"})
    Supervisor.objects.filter(user=world.sam).update(gender="male")
    Supervisor.objects.filter(user=world.sid).update(gender="male")
    sam = Supervisor.objects.get(user=world.sam)
    sid = Supervisor.objects.get(user=world.sid)
    office = sam.base_office
    fran = f.SupervisorFactory(user__username="fran", user__first_name="Fran", base_office=office, gender="female")
    dan = f.SupervisorFactory(user__username="dan", user__first_name="Dan", base_office=office, gender="male")
    fran.qualifications.add(driver)
    dan.qualifications.add(driver)
    monday = next_monday()
    # The world's own session on project A is two days ahead: at a weekend that falls on next week's
    # Monday or Tuesday, so the rota's week is the one after.
    if monday <= world.session_a.date:
        monday = next_monday(2)
    sessions = [
        f.SessionFactory(project=world.project_a, date=monday + dt.timedelta(days=d), capacity=8) for d in range(3)
    ]
    return SimpleNamespace(
        world=world,
        sam=sam,
        sid=sid,
        fran=fran,
        dan=dan,
        driver=driver,
        monday=monday,
        sunday=monday + dt.timedelta(days=6),
        sessions=sessions,
        north_east=world.north_east,
        project=world.project_a,
    )
