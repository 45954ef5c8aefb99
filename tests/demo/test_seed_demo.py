"""`seed_demo` and the generator behind it: every role, the counts asked for, the rules kept, and the
same data for the same seed."""

import datetime as dt
import random
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Sum
from django.test import override_settings
from django.utils import timezone

from partners.models import PartnerOrganisation, Project, ProjectType, ScheduleSlot
from upw import domain
from upw.demo import generator, places, projects, regions, staff
from upw.demo.generator import DEMO_PASSWORD, generate_region, people_digest, reset_demo_data
from upw.management.commands.seed_demo import ALREADY_PRESENT, RESET_NEEDS_DEBUG
from upw.models import (
    Allocation,
    AttendanceRecord,
    ExclusionZone,
    HoursLedgerEntry,
    NonAssociation,
    Person,
    PostcodeUnit,
    Requirement,
    RequirementStatus,
    Role,
    Session,
    SessionSupervisor,
    Supervisor,
    User,
)

# The reports' national history is left out here (it adds people to every region): see
# tests/reports/test_national_history.py.
SMALL = {"people": 60, "partners": 10, "projects": 20, "supervisors": 8, "national_requirements": 0}
TODAY = dt.date(2026, 3, 11)  # a Wednesday


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", **{**SMALL, **options}, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    return seed()


def test_it_creates_a_user_of_every_role(seeded):
    users = {user.username: user for user in User.objects.filter(username__in=staff.DEMO_USERNAMES)}
    assert set(users) == {"cora", "nia", "ada", "pat", "quinn", "sam"}
    assert all(user.check_password(DEMO_PASSWORD) for user in users.values())
    assert [r.code for r in users["cora"].regions.all()] == ["north-east"]
    assert [r.code for r in users["nia"].regions.all()] == ["wales"]
    assert users["ada"].role == Role.ADMIN and users["ada"].is_staff and users["ada"].is_superuser
    assert users["pat"].partner_membership.organisation.region.code == "north-east"
    assert users["quinn"].partner_membership.organisation != users["pat"].partner_membership.organisation
    assert users["sam"].role == Role.SUPERVISOR
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    sams_week = SessionSupervisor.objects.filter(
        supervisor__user=users["sam"], session__date__range=(monday, monday + dt.timedelta(days=6))
    )
    assert sams_week.exists()
    assert "http://127.0.0.1:8000" in seeded and DEMO_PASSWORD in seeded
    for username in users:
        assert f"  {username} " in seeded


def test_it_makes_the_counts_asked_for(db):
    out = seed(people=40, second_region_people=12, partners=8, projects=16, supervisors=6, weeks=2)
    assert Person.objects.filter(pdu__region__code="north-east").count() == 40
    assert Person.objects.filter(pdu__region__code="wales").count() == 12
    # One order each, and a second order concurrent with the first for a few of them.
    assert Requirement.objects.filter(concurrent_with__isnull=True).count() == 52
    assert Requirement.objects.filter(concurrent_with__isnull=False).count() <= 3
    # The partners asked for, two of them national, and the Probation Service's own induction rooms.
    partners = PartnerOrganisation.objects.exclude(name=projects.PROBATION_SERVICE_ORGANISATION)
    assert partners.count() == 8
    assert partners.filter(kind="national").count() == 2
    assert Project.objects.count() == 16 + 1  # and Pat's individual placement (upw.demo.attendance)
    assert Supervisor.objects.count() == 6
    # The weeks asked for are generated with their history; project schedules then run the rolling
    # horizon ahead (partners.schedule.services.fill_horizon), as the periodic task keeps them.
    dates = Session.objects.filter(generated_from_schedule=False).values_list("date", flat=True)
    assert (max(dates) - min(dates)).days < 14
    ahead = Session.objects.filter(generated_from_schedule=True).values_list("date", flat=True)
    horizon = timezone.localdate() + dt.timedelta(weeks=settings.UPW_SESSION_HORIZON_WEEKS)
    assert ahead and max(ahead) <= horizon and max(ahead) > max(dates)
    assert min(dates).weekday() == 0 or min(dates) > generator.default_start(timezone.localdate())
    assert "people: 52" in out


def test_it_spreads_people_around_real_towns(seeded):
    wales = Person.objects.filter(pdu__region__code="wales")
    assert wales.count() == SMALL["people"] // 4
    for person in Person.objects.select_related("pdu"):
        district = places.DISTRICT_BY_CODE[person.postcode.split()[0]]
        assert district.pdu == person.pdu.code
        # No postcodes are loaded in tests: the district centroid with less than 2 km of jitter.
        km = regions.km_between(person.latitude, person.longitude, district.latitude, district.longitude)
        assert km < 2
        assert domain.is_valid_crn(person.crn)
    assert Person.objects.values("crn").distinct().count() == Person.objects.count()


def test_it_keeps_hours_within_the_law_and_the_ledger_in_step(seeded):
    requirements = Requirement.objects.annotate(ledger=Sum("ledger_entries__minutes")).select_related("person")
    statuses = set()
    for requirement in requirements:
        assert 40 <= requirement.hours_ordered <= 300
        assert requirement.deadline == domain.completion_deadline(requirement.sentence_date, 12)
        assert (requirement.ledger or 0) == requirement.minutes_credited
        assert requirement.minutes_credited <= requirement.minutes_ordered
        completed = requirement.minutes_credited >= requirement.minutes_ordered
        assert completed == (requirement.status == RequirementStatus.COMPLETED)
        if requirement.intensive:
            assert requirement.person.employment_status == "unemployed"
        statuses.add(requirement.status)
    assert {RequirementStatus.UNALLOCATED, RequirementStatus.IN_PROGRESS, RequirementStatus.COMPLETED} <= statuses
    assert not HoursLedgerEntry.objects.filter(minutes__lte=0).exists()


def test_it_never_overfills_a_session(seeded):
    assert Allocation.objects.exists()
    assert not Session.objects.annotate(n=Count("allocations")).filter(n__gt=F("capacity")).exists()
    assert not Allocation.objects.values("requirement", "session").annotate(n=Count("id")).filter(n__gt=1).exists()


def test_it_allocates_within_availability_and_restrictions(seeded):
    allocations = Allocation.objects.select_related("requirement__person", "session__project")
    for allocation in allocations:
        person, session, project = allocation.requirement.person, allocation.session, allocation.session.project
        assert domain.is_available_for(person.availability_mask, session.date, session.start_time, session.end_time)
        assert not (person.no_children and project.involves_children)
        assert not (person.no_vulnerable_adults and project.involves_vulnerable_adults)
        assert not (person.not_public_facing and project.public_facing)
        assert not (person.no_heavy_work and project.heavy_work)
        assert not (person.needs_accessible_site and not project.accessible_site)
        assert not (person.individual_only and project.project_type != ProjectType.INDIVIDUAL)
        if person.gender == "female" and project.project_type == ProjectType.GROUP:
            assert project.women_only
        if project.women_only:
            assert person.gender == "female"
        assert project.site.pdu.region_id == person.pdu.region_id
    for pair in NonAssociation.objects.all():
        assert pair.person_a_id < pair.person_b_id
        sessions_a = set(Allocation.objects.filter(requirement__person=pair.person_a).values_list("session", flat=True))
        sessions_b = set(Allocation.objects.filter(requirement__person=pair.person_b).values_list("session", flat=True))
        assert not sessions_a & sessions_b


def test_it_records_outcomes_only_for_sessions_that_happened(seeded):
    today = timezone.localdate()
    assert not AttendanceRecord.objects.filter(allocation__session__date__gte=today).exists()
    for record in AttendanceRecord.objects.filter(outcome="ATTC").select_related("allocation__session"):
        assert record.arrived_at < record.left_at
    women_only = Session.objects.filter(project__women_only=True).exclude(supervisor_assignments=None)
    for session in women_only:
        assert session.supervisor_assignments.filter(supervisor__gender="female").exists()


def test_it_has_women_restrictions_and_varied_projects(seeded):
    assert Person.objects.filter(gender="female").exists()
    assert Person.objects.filter(placement_preference="female_only").exists()
    assert Person.objects.filter(no_children=True).exists()
    assert Person.objects.filter(no_heavy_work=True).exists()
    assert ExclusionZone.objects.exists() or Person.objects.count() < 100
    assert NonAssociation.objects.count() >= 2
    for zone in ExclusionZone.objects.all():
        assert 1 <= zone.radius_km <= 5
    types = set(Project.objects.values_list("project_type", flat=True))
    assert types == {ProjectType.GROUP, ProjectType.INDIVIDUAL, ProjectType.INDUCTION, ProjectType.ETE}
    assert Project.objects.exclude(status="active").exists()
    assert ScheduleSlot.objects.filter(weekday=5).exists()


def test_it_changes_nothing_when_run_again(seeded):
    before = (Person.objects.count(), Session.objects.count(), HoursLedgerEntry.objects.count(), people_digest())
    out = seed(people=100)
    assert ALREADY_PRESENT in out
    assert (Person.objects.count(), Session.objects.count(), HoursLedgerEntry.objects.count(), people_digest()) == (
        before
    )


def test_it_refuses_to_reset_with_debug_off(seeded):
    with pytest.raises(CommandError, match=RESET_NEEDS_DEBUG):
        seed(reset=True)


@override_settings(DEBUG=True)
def test_it_rebuilds_on_reset(seeded):
    out = seed(reset=True, people=30, seed=7)
    assert "Deleted the existing data" in out
    assert Person.objects.count() == 30 + 30 // 4
    assert User.objects.filter(username="cora").count() == 1


def test_it_is_deterministic(db):
    options = {**SMALL, "today": TODAY, "start": dt.date(2026, 3, 2), "weeks": 2}
    options.pop("national_requirements")
    generate_region(seed=3, **options)
    first = people_digest()
    counts = (Allocation.objects.count(), HoursLedgerEntry.objects.aggregate(m=Sum("minutes"))["m"])
    reset_demo_data()
    generate_region(seed=3, **options)
    assert people_digest() == first
    assert (Allocation.objects.count(), HoursLedgerEntry.objects.aggregate(m=Sum("minutes"))["m"]) == counts
    reset_demo_data()
    generate_region(seed=4, **options)
    assert people_digest() != first


def test_it_leaves_nothing_behind_when_it_fails(db, monkeypatch):
    def crash(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(generator._Builder, "allocate", crash)
    with pytest.raises(RuntimeError):
        seed()
    assert not Person.objects.exists()
    assert not User.objects.filter(username="cora").exists()
    assert not Project.objects.exists()


def test_it_uses_real_postcodes_when_they_are_loaded(db):
    PostcodeUnit.objects.bulk_create(
        [
            PostcodeUnit(postcode="NE1 1AD", district="NE1", latitude=54.9699, longitude=-1.6135),
            PostcodeUnit(postcode="NE1 4ST", district="NE1", latitude=54.9743, longitude=-1.6131),
        ]
    )
    postcodes = regions.Postcodes(random.Random(1), list(places.DISTRICTS))
    samples = {postcodes.sample(places.DISTRICT_BY_CODE["NE1"]) for _ in range(20)}
    assert samples == {("NE1 1AD", 54.9699, -1.6135), ("NE1 4ST", 54.9743, -1.6131)}
    postcode, lat, lon = postcodes.sample(places.DISTRICT_BY_CODE["CF10"])
    assert postcode.startswith("CF10 ") and len(postcode) == 8
    assert regions.km_between(lat, lon, 51.4736, -3.17738) < 2


def test_it_rejects_an_unknown_region(db):
    with pytest.raises(CommandError):
        seed(region="atlantis")
