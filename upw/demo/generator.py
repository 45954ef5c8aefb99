"""Builds a realistic, deterministic demo region: people, partners, projects, staff and sessions.

Everything comes from one `random.Random(seed)`, so the same seed (and the same dates) gives the
same data. Rows are written with bulk_create, so 20,000 people take seconds rather than minutes;
that matters because the engines' benchmarks build their regions with `generate_region`.

The data keep the rules of domain.md wherever a screen or an engine will look: hours 40-300,
deadlines from `domain.completion_deadline`, allocations within capacity that respect availability,
restrictions, women's placements and non-associations, and a ledger whose credits add up to each
requirement's `minutes_credited` exactly. Hours worked before the demo's first week are carried in
as one credit entry per requirement (with no attendance), so the ledger still explains every minute.

Simple-history records are not written for bulk-created rows: the demo starts with no history.

The builder is split by what it makes, one mixin per module: regions.py (reference data, offices,
postcodes), staff.py (users, supervisors, leave), projects.py (partners, sites, projects, schedule
slots), sessions.py (sessions and the rota), people.py (people and their requirements) and
history.py (allocations, attendance, the ledger and reviews). The mixins share the builder's state
(`self.rng`, `self.counts` and what the earlier steps made), and `_Builder.build` calls them in the
order that fixes the random stream: keep it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from partners import demo as partner_portal_demo
from partners.models import (
    Invitation,
    Nomination,
    PartnerMembership,
    PartnerOrganisation,
    Project,
    ProjectEvent,
    ProjectPhoto,
    ScheduleSlot,
    Site,
)
from upw.models import (
    Allocation,
    AttendanceRecord,
    EnforcementAction,
    ExclusionZone,
    HoursLedgerEntry,
    Leave,
    NonAssociation,
    Office,
    Person,
    Requirement,
    Session,
    SessionSupervisor,
    Supervisor,
    User,
)
from upw.models.intake import Assessment, ImportBatch, Review

from . import places
from .history import HistoryMixin
from .order_life import OrderLifeMixin
from .people import PeopleMixin
from .projects import ProjectsMixin
from .regions import RegionsMixin
from .sessions import SessionsMixin
from .staff import DEMO_EMAIL_DOMAIN, DEMO_USERNAMES, DemoUser, StaffMixin

DEMO_PASSWORD = "demo-password-1"
SECOND_REGION_SHARE = 4  # the second region has people // 4 unless told otherwise


@dataclass
class DemoSummary:
    region_code: str
    second_region_code: str
    seed: int
    start: dt.date
    end: dt.date
    today: dt.date
    postcode_source: str
    people_by_region: dict[str, int]
    counts: dict[str, int]
    users: list[DemoUser]
    password: str
    seconds: float = 0.0

    @property
    def people(self) -> int:
        return sum(self.people_by_region.values())


class DemoDataPresent(Exception):
    pass


def default_start(today: dt.date) -> dt.date:
    """The Monday of last week: one week of history, this week and what comes next."""
    return today - dt.timedelta(days=today.weekday() + 7)


# --- Reset ----------------------------------------------------------------------------------------


def demo_data_present() -> bool:
    return User.objects.filter(username__in=DEMO_USERNAMES).exists()


def reset_demo_data() -> dict[str, int]:
    """Deletes the people, partners, projects, sessions, staff and demo users.

    This empties the operational tables, not only rows the demo made: it is for demo and benchmark
    databases. Regions, PDUs, skills, qualifications and postcodes stay. Raw deletes, in dependency
    order, skip the ledger's append-only guard and the history signals (20,000 history rows of
    deletions would be slow and useless).
    """
    history = [m.history.model for m in (Allocation, Project, Requirement, Person)]
    from scheduler.models import (
        MatchingRun,
        PersonExplanation,
        ProposedAllocation,
        RotaAssignment,
        RotaFeedToken,
        RotaNotification,
        RotaPublication,
        RotaRun,
        RotaShortfall,
        StandingAllocation,
        StandingBooking,
        StandingShortfall,
    )
    from upw.models import OrderEvent, TravelClaim
    from upw.models.attendance_sync import RequirementProgress, SessionReminder, StaffNotice, SyncAction

    models = [
        StandingShortfall,  # standing allocations: they reference allocations, requirements and projects
        StandingBooking,
        StandingAllocation,
        StandingAllocation.history.model,
        RotaNotification,  # rota runs: they reference sessions and supervisors
        RotaPublication,
        RotaShortfall,
        RotaAssignment,
        RotaAssignment.history.model,
        RotaRun,
        RotaRun.history.model,
        RotaFeedToken,
        PersonExplanation,  # matching runs: they reference requirements and sessions
        ProposedAllocation,
        ProposedAllocation.history.model,
        MatchingRun,
        MatchingRun.history.model,
        Review,  # intake: reviews, assessments and imports reference requirements, people, users
        Review.history.model,
        Assessment,
        Assessment.history.model,
        ImportBatch,
        SyncAction,  # attendance: phone sync, reminders, notices and pace reference allocations and requirements
        SessionReminder,
        StaffNotice,
        RequirementProgress,
        TravelClaim.history.model,  # travel claims reference attendance and the ledger
        TravelClaim,
        OrderEvent,  # the order's events reference requirements
        HoursLedgerEntry,
        EnforcementAction,
        AttendanceRecord,
        Allocation,
        SessionSupervisor,
        Session,
        ScheduleSlot,
        ProjectEvent,
        ProjectPhoto,
        Nomination.history.model,
        Nomination,
        Invitation,
        Project.skills.through,
        Project,
        Site,
        PartnerMembership,
        PartnerOrganisation,
        NonAssociation,
        ExclusionZone,
        Requirement,
        Person.skills.through,
        Person,
        Leave,
        Supervisor.qualifications.through,
        Supervisor,
        Office,
        *history,
    ]
    deleted = {}
    with transaction.atomic():
        for model in models:
            qs = model._base_manager.all()
            if model is HoursLedgerEntry and connection.vendor == "postgresql":
                # The database refuses row deletes from the ledger; emptying a demo database is the
                # one case for TRUNCATE, which fires no row trigger.
                deleted[model._meta.label] = qs.count()
                with connection.cursor() as cursor:
                    # TRUNCATE waits for no deferred foreign-key check: settle those first.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    # With every table that refers to the ledger (already emptied above), as TRUNCATE asks.
                    tables = [model._meta.db_table, TravelClaim._meta.db_table]
                    cursor.execute(f"TRUNCATE {', '.join(connection.ops.quote_name(t) for t in tables)}")
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                continue
            deleted[model._meta.label] = qs._raw_delete(qs.db)
        users = User.objects.filter(Q(email__endswith=f"@{DEMO_EMAIL_DOMAIN}") | Q(username__in=DEMO_USERNAMES))
        deleted["upw.User"] = users.delete()[1].get("upw.User", 0)
    return deleted


# --- The generator --------------------------------------------------------------------------------


def generate_region(
    *,
    region_code: str = "north-east",
    people: int = 600,
    second_region_people: int | None = None,
    partners: int = 15,
    projects: int = 40,
    supervisors: int = 20,
    weeks: int = 4,
    start: dt.date | None = None,
    seed: int = 1,
    today: dt.date | None = None,
    password: str = DEMO_PASSWORD,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Builds the main region (`region_code`) and a smaller second region, in one transaction.

    `start` is moved back to its Monday; it defaults to last week's. Sessions before `today` have
    happened: outcomes, credits and enforcement are recorded for them.
    """
    if region_code not in places.REGIONS:
        raise ValueError(f"Unknown region {region_code!r}: choose from {', '.join(places.REGIONS)}")
    if demo_data_present():
        raise DemoDataPresent("Demo data already present: reset it first.")
    started = time.perf_counter()
    today = today or timezone.localdate()
    start = start or default_start(today)
    start -= dt.timedelta(days=start.weekday())
    if second_region_people is None:
        second_region_people = people // SECOND_REGION_SHARE
    builder = _Builder(
        rng=random.Random(seed),
        seed=seed,
        main=region_code,
        counts_by_region={region_code: people},
        partners=partners,
        projects=projects,
        supervisors=supervisors,
        weeks=weeks,
        start=start,
        today=today,
        password=password,
        progress=progress or (lambda message: None),
    )
    builder.counts_by_region[builder.second] = second_region_people
    with transaction.atomic():
        summary = builder.build()
    summary.seconds = time.perf_counter() - started
    return summary


class _Builder(RegionsMixin, StaffMixin, ProjectsMixin, SessionsMixin, PeopleMixin, HistoryMixin, OrderLifeMixin):
    def __init__(
        self,
        *,
        rng,
        seed,
        main,
        counts_by_region,
        partners,
        projects,
        supervisors,
        weeks,
        start,
        today,
        password,
        progress,
    ):
        self.rng = rng
        self.seed = seed
        self.main = main
        self.second = next(code for code in places.REGIONS if code != main)
        self.region_codes = (self.main, self.second)
        self.counts_by_region = counts_by_region
        self.n_partners = partners
        self.n_projects = projects
        self.n_supervisors = supervisors
        self.weeks = weeks
        self.start = start
        self.end = start + dt.timedelta(days=7 * weeks - 1)
        self.today = today
        self.password = password
        self.say = progress
        self.counts: dict[str, int] = defaultdict(int)
        self.clock = time.perf_counter()

    def step(self, message: str) -> None:
        now = time.perf_counter()
        self.say(f"{message} ({now - self.clock:.1f} s)")
        self.clock = now

    def build(self) -> DemoSummary:
        self.reference_data()
        self.users()
        self.step("Places, offices and users")
        self.partners_and_projects()
        self.step(f"{self.counts['partners']} partners, {self.counts['projects']} projects")
        self.supervisors_and_leave()
        self.sessions()
        self.roster()
        self.step(f"{self.counts['supervisors']} supervisors, {self.counts['sessions']} sessions")
        self.people()
        self.step(f"{sum(self.counts_by_region.values())} people")
        self.allocate()
        self.step(f"{self.counts['allocations']} allocations, {self.counts['ledger_entries']} ledger entries")
        self.order_life()
        self.step(
            f"{self.counts['earned_reduction']} orders earning a reduction, {self.counts['travel_claims']} travel "
            f"claims, {self.counts['concurrent_orders']} concurrent orders"
        )
        # The partner portal: audit trails, nominations and an invitation; no new projects.
        self.counts.update(
            partner_portal_demo.build(
                users=self.user_by_name,
                projects=self.projects,
                coordinator=self.coordinator,
                today=self.today,
                seed=self.seed,
            )
        )
        self.step("Partner portal: review trails, nominations and an invitation")
        return DemoSummary(
            region_code=self.main,
            second_region_code=self.second,
            seed=self.seed,
            start=self.start,
            end=self.end,
            today=self.today,
            postcode_source=self.postcodes.source,
            people_by_region=dict(self.counts_by_region),
            counts=dict(self.counts),
            users=self.demo_users,
            password=self.password,
        )


def people_digest() -> str:
    """A fingerprint of the people and their orders: equal for two runs with the same seed and dates."""
    digest = hashlib.sha256()
    rows = Person.objects.order_by("crn").values_list(
        "crn", "first_name", "last_name", "postcode", "latitude", "longitude", "availability_mask"
    )
    for row in rows:
        digest.update(repr(row).encode())
    for row in Requirement.objects.order_by("person__crn", "order_reference").values_list(
        "person__crn", "hours_ordered", "sentence_date", "minutes_credited", "status"
    ):
        digest.update(repr(row).encode())
    return digest.hexdigest()
