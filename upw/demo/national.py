"""A history for every probation region, so that each report and chart has a shape.

All 12 probation regions of England and Wales, by their real names, each with two delivery units
named for a real town, a local partner and a national one, weekly sessions, and orders over the
last few years with their outcomes, credits, corrections, breaches, revocations, transfers and
extensions. Written with bulk inserts, so the benchmark can make a national-sized history (60,000
requirements) in minutes; deterministic for a seed.

Kept apart from the main demo region (generator.py): seed_demo adds it after the main region,
and the regions that already exist (North East, Wales) gain only what is missing.
"""

import datetime as dt
import random
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from partners.models import Nomination, OrganisationKind, PartnerOrganisation, Project, Site
from upw import domain
from upw.models import (
    Allocation,
    AttendanceRecord,
    HoursLedgerEntry,
    LedgerEntryKind,
    Office,
    Person,
    ProbationDeliveryUnit,
    ProjectType,
    Region,
    Requirement,
    RequirementStatus,
    Session,
    SessionStatus,
    SessionSupervisor,
    Supervisor,
    User,
)
from upw.models import Role as UserRole

# (code, name, [(PDU name, latitude, longitude), ...]): the probation regions of England and Wales.
PROBATION_REGIONS: tuple[tuple[str, str, tuple[tuple[str, float, float], ...]], ...] = (
    ("north-east", "North East", (("Newcastle", 54.97, -1.61), ("Sunderland", 54.91, -1.38))),
    ("north-west", "North West", (("Liverpool", 53.41, -2.98), ("Preston", 53.76, -2.70))),
    ("greater-manchester", "Greater Manchester", (("Manchester", 53.48, -2.24), ("Bolton", 53.58, -2.43))),
    ("yorkshire-and-the-humber", "Yorkshire and the Humber", (("Leeds", 53.80, -1.55), ("Sheffield", 53.38, -1.47))),
    ("east-midlands", "East Midlands", (("Nottingham", 52.95, -1.15), ("Leicester", 52.64, -1.13))),
    ("west-midlands", "West Midlands", (("Birmingham", 52.49, -1.89), ("Coventry", 52.41, -1.51))),
    ("east-of-england", "East of England", (("Norwich", 52.63, 1.30), ("Cambridge", 52.21, 0.12))),
    ("wales", "Wales", (("Cardiff", 51.48, -3.18), ("Swansea", 51.62, -3.94))),
    ("south-west", "South West", (("Bristol", 51.45, -2.59), ("Plymouth", 50.38, -4.14))),
    ("south-central", "South Central", (("Southampton", 50.90, -1.40), ("Oxford", 51.75, -1.26))),
    ("london", "London", (("Camden and Islington", 51.54, -0.14), ("Lambeth", 51.46, -0.12))),
    (
        "kent-surrey-and-sussex",
        "Kent, Surrey and Sussex",
        (("Brighton and Hove", 50.82, -0.14), ("Maidstone", 51.27, 0.52)),
    ),
)

OUTCOMES = (("ATTC", 76), ("AFTC", 3), ("ATSS", 2), ("UACP", 7), ("AAME", 7), ("AAFC", 3), ("AASD", 2))
ATTENDED = {"ATTC", "AFTC", "ATSS"}
SESSION_MINUTES = 420


@dataclass
class NationalSummary:
    regions: int = 0
    requirements: int = 0
    sessions: int = 0
    allocations: int = 0
    ledger_entries: int = 0
    counts: dict = field(default_factory=dict)


@contextmanager
def _dated_as_given(model):
    """Lets a bulk insert keep the `created_at` it is given: history is recorded as of its own day."""
    created_at = model._meta.get_field("created_at")
    was = created_at.auto_now_add
    created_at.auto_now_add = False
    try:
        yield
    finally:
        created_at.auto_now_add = was


def _evening(day: dt.date, days_later: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=days_later), dt.time(18)))


def _pdus(rng: random.Random) -> list[ProbationDeliveryUnit]:
    pdus = []
    for code, name, towns in PROBATION_REGIONS:
        region = Region.objects.filter(code=code).first() or Region.objects.filter(name=name).first()
        if region is None:
            region = Region.objects.create(code=code, name=name)
        existing = list(region.pdus.all())
        if existing:
            pdus += existing
            continue
        for town, latitude, longitude in towns:
            pdu = ProbationDeliveryUnit.objects.create(
                region=region, code=f"{code}-{town.lower().replace(' ', '-')}"[:40], name=town
            )
            Office.objects.create(
                pdu=pdu, name=f"{town} probation office", postcode="", latitude=latitude, longitude=longitude
            )
            pdus.append(pdu)
    return pdus


def _place(pdu: ProbationDeliveryUnit) -> tuple[float, float]:
    for _, _, towns in PROBATION_REGIONS:
        for town, latitude, longitude in towns:
            if town == pdu.name:
                return latitude, longitude
    office = pdu.offices.first()
    if office and office.latitude is not None:
        return office.latitude, office.longitude
    return 52.5, -1.5


def build_national_history(
    *, requirements: int = 1200, years: int = 2, seed: int = 7, today: dt.date | None = None, progress=None
) -> NationalSummary:
    """Orders, sessions, outcomes and ledger entries across every region, from `years` ago to today."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    say = progress or (lambda message: None)
    summary = NationalSummary()
    with transaction.atomic():
        pdus = _pdus(rng)
        summary.regions = Region.objects.count()
        first_day = today - dt.timedelta(days=365 * years)
        projects_per_pdu = max(4, requirements // 6000 + 1)

        national = PartnerOrganisation.objects.filter(name="Canal & River Trust").first()
        if national is None:
            national = PartnerOrganisation.objects.create(name="Canal & River Trust", kind=OrganisationKind.NATIONAL)
        projects_by_pdu: dict[int, list[Project]] = {}
        for pdu in pdus:
            local, _ = PartnerOrganisation.objects.get_or_create(
                name=f"{pdu.name} Community Trust", defaults={"kind": OrganisationKind.LOCAL, "region": pdu.region}
            )
            latitude, longitude = _place(pdu)
            site = Site.objects.create(
                organisation=local,
                name=f"{pdu.name} community garden",
                postcode="",
                pdu=pdu,
                latitude=latitude + rng.uniform(-0.05, 0.05),
                longitude=longitude + rng.uniform(-0.05, 0.05),
            )
            canal = Site.objects.create(
                organisation=national,
                name=f"{pdu.name} towpath",
                postcode="",
                pdu=pdu,
                latitude=latitude + rng.uniform(-0.05, 0.05),
                longitude=longitude + rng.uniform(-0.05, 0.05),
            )
            projects = []
            for index in range(projects_per_pdu):
                organisation, where = (national, canal) if index % 3 == 1 else (local, site)
                kind = ProjectType.ETE if index % 4 == 3 else ProjectType.GROUP
                projects.append(
                    Project.objects.create(
                        organisation=organisation,
                        site=where,
                        name=f"{where.name} project {index + 1}",
                        project_type=kind,
                        status="active",
                        capacity=12,
                        beneficiary=f"People of {pdu.name}",
                        start_date=first_day,
                    )
                )
            projects_by_pdu[pdu.id] = projects

        say("sessions")
        sessions = []
        for pdu_projects in projects_by_pdu.values():
            for index, project in enumerate(pdu_projects):
                day = first_day + dt.timedelta(days=(index % 5) - first_day.weekday() + 7)
                while day <= today + dt.timedelta(days=14):
                    stood_down = rng.random() < 0.03
                    sessions.append(
                        Session(
                            project=project,
                            date=day,
                            start_time=dt.time(9),
                            end_time=dt.time(16, 30),
                            capacity=12,
                            status=SessionStatus.STOOD_DOWN
                            if stood_down
                            else (SessionStatus.COMPLETED if day < today else SessionStatus.SCHEDULED),
                        )
                    )
                    day += dt.timedelta(days=7)
        Session.objects.bulk_create(sessions, batch_size=5000)
        summary.sessions = len(sessions)
        by_pdu_week: dict[tuple[int, int], list[Session]] = {}
        pdu_of_project = {p.id: pdu_id for pdu_id, ps in projects_by_pdu.items() for p in ps}
        for session in sessions:
            if session.status != SessionStatus.STOOD_DOWN:
                key = (pdu_of_project[session.project_id], (session.date - first_day).days // 7)
                by_pdu_week.setdefault(key, []).append(session)

        say("supervisors")
        supervisors = []
        for pdu in pdus:
            office = pdu.offices.first() or Office.objects.create(pdu=pdu, name=f"{pdu.name} office", postcode="")
            for number in (1, 2):
                username = f"supervisor-{pdu.code}-{number}"[:150]
                user = User.objects.filter(username=username).first() or User.objects.create(
                    username=username, role=UserRole.SUPERVISOR, first_name="Supervisor", last_name=pdu.name
                )
                supervisor = Supervisor.objects.filter(user=user).first() or Supervisor.objects.create(
                    user=user, gender=rng.choice(["female", "male"]), base_office=office
                )
                supervisors.append((pdu.id, supervisor))
        rostered = [
            SessionSupervisor(
                session=session,
                supervisor=rng.choice([s for p, s in supervisors if p == pdu_of_project[session.project_id]]),
            )
            for session in sessions
            if session.date < today
        ]
        SessionSupervisor.objects.bulk_create(rostered, batch_size=5000)

        say("people and orders")
        taken = set(Person.objects.values_list("crn", flat=True))
        people, plans = [], []
        span = (today - first_day).days - 14
        number = 0
        for _ in range(requirements):
            while True:
                number += 1
                crn = f"{'RSTUVW'[number % 6]}{number:06d}"
                if crn not in taken:
                    break
            pdu = pdus[rng.randrange(len(pdus))]
            sentenced = first_day + dt.timedelta(days=rng.randrange(max(span, 1)))
            hours = rng.choice([40, 50, 60, 80, 80, 100, 120, 120, 150, 180, 200, 240, 300])
            people.append(
                Person(
                    crn=crn,
                    first_name="Demo",
                    last_name=f"Person {number}",
                    date_of_birth=dt.date(1990, 1, 1),
                    gender=rng.choice(["male", "male", "male", "female"]),
                    postcode="",
                    pdu=pdu,
                    employment_status=rng.choice(["employed", "unemployed"]),
                    assessed_on=sentenced + dt.timedelta(days=rng.randint(1, 10)),
                )
            )
            plans.append((pdu, sentenced, hours))
        Person.objects.bulk_create(people, batch_size=5000)

        orders, bookings = [], []
        for person, (pdu, sentenced, hours) in zip(people, plans, strict=True):
            deadline = domain.completion_deadline(sentenced, 12)
            extended = rng.random() < 0.03
            if extended:
                deadline = domain.add_months(deadline, 3)
            start_week = (sentenced - first_day).days // 7 + rng.randint(1, 4)
            fate = rng.random()
            needed = hours * 60
            credited, slots, week = 0, [], start_week
            last_week = (today - first_day).days // 7
            stop_after = None
            if fate < 0.08:
                stop_after = rng.randint(2, 8)  # breached
            elif fate < 0.13:
                stop_after = rng.randint(1, 6)  # revoked
            elif fate < 0.16:
                stop_after = rng.randint(1, 4)  # transferred
            while credited < needed and week <= last_week + 2 and (stop_after is None or len(slots) < stop_after):
                choices = by_pdu_week.get((pdu.id, week))
                week += 1 if rng.random() < 0.75 else 2
                if not choices:
                    continue
                session = rng.choice(choices)
                outcome = "" if session.date >= today else _outcome(rng)
                minutes = min(SESSION_MINUTES, needed - credited) if outcome in ATTENDED else 0
                credited += minutes
                slots.append((session, outcome, minutes))
            ended_on = slots[-1][0].date if slots else sentenced + dt.timedelta(days=60)
            if stop_after is not None and ended_on < today:
                status = (RequirementStatus.BREACHED, RequirementStatus.REVOKED, RequirementStatus.TRANSFERRED)[
                    0 if fate < 0.08 else 1 if fate < 0.13 else 2
                ]
            elif credited >= needed and ended_on < today:
                status = RequirementStatus.COMPLETED
            else:
                status, ended_on = (RequirementStatus.IN_PROGRESS if slots else RequirementStatus.UNALLOCATED), None
            ended_at = timezone.make_aware(dt.datetime.combine(ended_on, dt.time(17))) if ended_on else None
            orders.append(
                Requirement(
                    person=person,
                    order_reference=f"NAT-{person.crn}",
                    court=f"{pdu.name} Magistrates' Court",
                    sentence_date=sentenced,
                    hours_ordered=hours,
                    deadline=deadline,
                    status=status,
                    minutes_credited=credited,
                    ended_at=ended_at,
                    completed_at=ended_at if status == RequirementStatus.COMPLETED else None,
                    induction_completed_on=sentenced + dt.timedelta(days=rng.randint(2, 12)),
                    next_review_on=sentenced + dt.timedelta(weeks=8)
                    if status in (RequirementStatus.IN_PROGRESS, RequirementStatus.UNALLOCATED)
                    else None,
                )
            )
            bookings.append(slots)
        Requirement.objects.bulk_create(orders, batch_size=5000)
        summary.requirements = len(orders)

        say("allocations and outcomes")
        allocations, planned = [], []
        for order, slots in zip(orders, bookings, strict=True):
            for session, outcome, minutes in slots:
                allocations.append(Allocation(requirement=order, session=session, source="demo"))
                planned.append((outcome, minutes))
        Allocation.objects.bulk_create(allocations, batch_size=5000)
        summary.allocations = len(allocations)
        records, credited_records = [], []
        for allocation, (outcome, minutes) in zip(allocations, planned, strict=True):
            if outcome:
                record = AttendanceRecord(allocation=allocation, outcome=outcome)
                records.append(record)
                if minutes:
                    credited_records.append((record, minutes))
        AttendanceRecord.objects.bulk_create(records, batch_size=5000)

        say("ledger")
        credits = [
            HoursLedgerEntry(
                requirement_id=record.allocation.requirement_id,
                kind=LedgerEntryKind.CREDIT,
                minutes=minutes,
                attendance=record,
                reason="Attended",
                created_at=_evening(record.allocation.session.date),
            )
            for record, minutes in credited_records
        ]
        with _dated_as_given(HoursLedgerEntry):
            HoursLedgerEntry.objects.bulk_create(credits, batch_size=5000)
        # A few credits were wrong and corrected (then credited again, as the ledger does).
        corrections = []
        for credit in credits:
            if rng.random() < 0.02:
                corrections.append(
                    HoursLedgerEntry(
                        requirement_id=credit.requirement_id,
                        kind=LedgerEntryKind.CORRECTION,
                        minutes=-credit.minutes,
                        attendance=credit.attendance,
                        reverses=credit,
                        reason="Corrected",
                        created_at=_evening(credit.attendance.allocation.session.date, 3),
                    )
                )
                corrections.append(
                    HoursLedgerEntry(
                        requirement_id=credit.requirement_id,
                        kind=LedgerEntryKind.CREDIT,
                        minutes=max(credit.minutes - 60, 1),
                        attendance=credit.attendance,
                        reason="Corrected credit",
                        created_at=_evening(credit.attendance.allocation.session.date, 3),
                    )
                )
        with _dated_as_given(HoursLedgerEntry):
            HoursLedgerEntry.objects.bulk_create(corrections, batch_size=5000)
        summary.ledger_entries = len(credits) + len(corrections)

        say("nominations")
        nominations = []
        for region in Region.objects.all():
            for index in range(max(2, requirements // 2000)):
                nominations.append(
                    Nomination(
                        reference=f"NAT-{region.id}-{index}",
                        name="Litter and brambles by the path",
                        description="Clearing the path",
                        location=region.name,
                        postcode="",
                        region=region,
                        toilets="unknown",
                        accessible="unknown",
                        nominator_name="A neighbour",
                        nominator_email="neighbour@example.org",
                        status="new",
                        created_at=_evening(first_day + dt.timedelta(days=rng.randrange(max(span, 1)))),
                    )
                )
        with _dated_as_given(Nomination):
            created = Nomination.objects.bulk_create(nominations, batch_size=5000)
        summary.counts = {"nominations": len(created), "people": len(people)}
    return summary


def _outcome(rng: random.Random) -> str:
    total = sum(weight for _, weight in OUTCOMES)
    pick = rng.randrange(total)
    for code, weight in OUTCOMES:
        if pick < weight:
            return code
        pick -= weight
    return "ATTC"
