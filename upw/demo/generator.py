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
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from partners import demo as partner_portal_demo
from partners.models import (
    Frequency,
    Invitation,
    Nomination,
    OrganisationKind,
    PartnerMembership,
    PartnerOrganisation,
    Project,
    ProjectEvent,
    ProjectPhoto,
    ProjectStatus,
    ProjectType,
    ScheduleSlot,
    Site,
    WorkType,
)
from upw import domain
from upw.models import (
    Allocation,
    AttendanceRecord,
    EnforcementAction,
    ExclusionZone,
    HoursLedgerEntry,
    Leave,
    LedgerEntryKind,
    NonAssociation,
    Office,
    Person,
    PostcodeUnit,
    ProbationDeliveryUnit,
    Qualification,
    Region,
    Requirement,
    RequirementStatus,
    Role,
    Session,
    SessionStatus,
    SessionSupervisor,
    Skill,
    Supervisor,
    User,
)
from upw.models.attendance import ATTENDED_OUTCOMES
from upw.models.enforcement import EnforcementKind
from upw.models.intake import Assessment, ImportBatch, Review
from upw.models.requirements import Concurrency, OrderType
from upw.models.sessions import SupervisorRole

from . import places
from .places import District

DEMO_PASSWORD = "demo-password-1"
# Every user the demo makes has an address here (.invalid is reserved: mail can never be sent).
DEMO_EMAIL_DOMAIN = "demo.upw.invalid"
DEMO_USERNAMES = ("cora", "nia", "ada", "pat", "quinn", "sam")
SECOND_REGION_SHARE = 4  # the second region has people // 4 unless told otherwise

SKILLS = (
    ("gardening", "Gardening"),
    ("painting-decorating", "Painting and decorating"),
    ("carpentry", "Carpentry"),
    ("cooking", "Cooking"),
    ("driving", "Driving"),
    ("bricklaying", "Bricklaying"),
    ("customer-service", "Customer service"),
    ("it", "IT"),
    ("cleaning", "Cleaning"),
    ("labouring", "Labouring"),
)
QUALIFICATIONS = (
    ("van-driver", "Van driver"),
    ("first-aid", "First aid"),
    ("womens-group-lead", "Women's group lead"),
    ("trades-construction", "Trades - construction"),
    ("trades-painting", "Trades - painting"),
)

MALE_FIRST = (
    "James", "John", "Michael", "David", "Daniel", "Paul", "Mark", "Craig", "Lee", "Jamie", "Ryan", "Liam",
    "Connor", "Callum", "Kyle", "Dean", "Gary", "Stephen", "Anthony", "Christopher", "Thomas", "Matthew", "Adam",
    "Jordan", "Scott", "Shaun", "Wayne", "Darren", "Nathan", "Joseph", "Andrew", "Robert", "Kevin", "Jason",
    "Sean", "Jack", "Harry", "Lewis", "Kieran", "Bradley", "Mohammed", "Tomasz",
)  # fmt: skip
FEMALE_FIRST = (
    "Sarah", "Emma", "Laura", "Gemma", "Rebecca", "Amy", "Jessica", "Lauren", "Hannah", "Stacey", "Kelly",
    "Nicola", "Michelle", "Claire", "Louise", "Rachel", "Danielle", "Chloe", "Megan", "Sophie", "Jade", "Leanne",
    "Katie", "Natalie", "Zoe", "Donna", "Tracey", "Aisha",
)  # fmt: skip
NONBINARY_FIRST = ("Alex", "Sam", "Charlie", "Jordan", "Robin", "Jess")
REGIONAL_FIRST = {
    "wales": {
        "male": ("Rhys", "Dylan", "Gareth", "Owen", "Dafydd", "Ieuan", "Aled", "Huw", "Gethin", "Rhodri"),
        "female": ("Bethan", "Cerys", "Ffion", "Sian", "Rhiannon", "Nia", "Catrin", "Seren"),
    },
    "north-east": {
        "male": ("Geordie", "Alan", "Brian", "Keith", "Ross", "Stuart"),
        "female": ("Jodie", "Kirsty", "Lindsay", "Joanne"),
    },
}
LAST_NAMES = {
    "north-east": (
        "Smith", "Robson", "Armstrong", "Charlton", "Elliott", "Milburn", "Bell", "Brown", "Taylor", "Wilson",
        "Thompson", "Walker", "Young", "Scott", "Hall", "Wood", "Graham", "Dixon", "Hutchinson", "Johnson",
        "Davison", "Carr", "Pattinson", "Storey", "Turnbull", "Nicholson", "Ridley", "Fenwick", "Hedley", "Wright",
        "Clark", "Harrison", "Jackson", "White", "Anderson", "Green", "Reed", "Stoddart", "Kerr", "Gibson",
        "Ali", "Khan", "Hussain", "Patel", "Nowak", "Tait", "Forster", "Hogg", "Robinson", "Atkinson",
    ),
    "wales": (
        "Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Lewis", "Hughes", "Morgan", "Griffiths",
        "Edwards", "Owen", "Price", "Rees", "Jenkins", "Powell", "Phillips", "Parry", "Lloyd", "Pritchard",
        "Morris", "James", "Watkins", "Harris", "Bowen", "Pugh", "Vaughan", "Howells", "Smith", "Ahmed",
    ),
}  # fmt: skip
STREETS = (
    "High Street", "Station Road", "Front Street", "Church Street", "Victoria Road", "Park Avenue", "Chapel Street",
    "Mill Lane", "Queen Street", "North Road", "West Terrace", "Albert Road", "Castle View", "Back Lane",
    "The Crescent",
)  # fmt: skip
OFFENCES = (
    "Theft from a shop", "Common assault", "Criminal damage", "Driving while disqualified",
    "Possession of a class B drug", "Public order offence", "Benefit fraud", "Driving with excess alcohol",
    "Handling stolen goods", "Assault on an emergency worker", "Harassment", "Burglary (non-dwelling)",
    "Possession of a bladed article", "Fraud by false representation",
)  # fmt: skip
HEALTH_NOTES = (
    "Back injury: no heavy lifting.",
    "Asthma: avoid dusty work.",
    "Epilepsy: no work at height or with machinery.",
    "Knee injury: limited standing.",
    "Pregnant: light duties only.",
)
MENTAL_HEALTH_NOTES = ("Anxiety: prefers a small group.", "Depression: engaging with the GP.", "")

# Local partners: name, home PDU and the kinds of project they run (keys of TEMPLATES).
LOCAL_PARTNERS: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    # In order of use: the first few cover every PDU and include a provider of learning (ETE).
    "north-east": (
        ("Tyneside Gardens Trust", "newcastle", ("park", "allotment", "womens_garden")),
        ("Teesside Food Bank Network", "teesside", ("food_bank", "community_kitchen")),
        ("Wearside Community Allotments", "sunderland", ("allotment", "park")),
        ("Durham Dales Heritage Trust", "county-durham-darlington", ("heritage", "woodland")),
        ("Gateshead Community Furniture", "gateshead-south-tyneside", ("workshop", "charity_shop")),
        ("North Tyneside Friends of the Parks", "northumberland-north-tyneside", ("park", "litter")),
        ("Tees Valley Skills Hub", "teesside", ("ete", "redecoration")),
        ("Hadrian Hospice Shops", "newcastle", ("charity_shop",)),
        ("Sunderland Community Centres Trust", "sunderland", ("redecoration", "litter")),
        ("South Tyneside Women's Workshop", "gateshead-south-tyneside", ("womens_workshop", "workshop")),
        ("Darlington Sports Clubs Association", "county-durham-darlington", ("sports_ground", "litter")),
        ("Northumberland Village Halls", "northumberland-north-tyneside", ("redecoration", "heritage")),
    ),
    "wales": (
        ("Cardiff Food Bank", "cardiff-vale", ("food_bank", "community_kitchen")),
        ("Gwent Community Gardens", "gwent", ("park", "allotment", "womens_garden")),
        ("Swansea Valley Woodland Group", "swansea-neath-port-talbot", ("woodland", "litter")),
        ("North Wales Coast Volunteers", "north-wales", ("litter", "park")),
        ("Cardiff Skills Hub", "cardiff-vale", ("ete", "redecoration")),
        ("Newport Furniture Reuse", "gwent", ("workshop", "charity_shop")),
        ("Valleys Chapels Trust", "swansea-neath-port-talbot", ("heritage", "redecoration")),
    ),
}
# Real national organisations that work with Community Payback in both England and Wales.
NATIONAL_PARTNERS = (
    ("The Conservation Volunteers", ("woodland", "nature_reserve")),
    ("Marine Conservation Society", ("beach",)),
)
PROBATION_SERVICE_ORGANISATION = "Probation Service (inductions)"


@dataclass(frozen=True)
class Template:
    name: str  # formatted with town and org
    project_type: str
    work_type: str
    beneficiary: str
    capacity: tuple[int, int]
    flags: tuple[str, ...] = ()
    maybe_flags: tuple[str, ...] = ()  # each set with probability one half
    schedules: tuple[str, ...] = ("weekday",)
    skills: tuple[str, ...] = ()
    coastal: bool = False


G, IND = ProjectType.GROUP, ProjectType.INDIVIDUAL
TEMPLATES: dict[str, Template] = {
    "park": Template(
        "{town} park improvements", G, WorkType.GARDENING, "Park users and the local council", (6, 8),
        ("public_facing", "heavy_work"), ("shelter",), ("weekday", "weekday", "weekday_weekend", "weekend"),
        ("gardening", "labouring"),
    ),
    "allotment": Template(
        "{town} community allotment", G, WorkType.GARDENING, "Allotment holders and a school garden club", (5, 8),
        (), ("accessible_site", "involves_children"), ("weekday", "weekday_weekend", "weekend"), ("gardening",),
    ),
    "womens_garden": Template(
        "Women's group: {town} community garden", G, WorkType.GARDENING, "A community garden", (4, 6),
        ("women_only", "accessible_site", "shelter"), (), ("weekday",), ("gardening", "cooking"),
    ),
    "womens_workshop": Template(
        "Women's group: {town} upcycling workshop", G, WorkType.WORKSHOP, "Families furnishing a first home", (4, 6),
        ("women_only", "accessible_site", "shelter"), (), ("weekday",), ("carpentry", "painting-decorating"),
    ),
    "food_bank": Template(
        "{town} food bank warehouse", G, WorkType.CATERING, "Food bank clients", (4, 6),
        ("accessible_site", "shelter"), ("involves_vulnerable_adults",), ("weekday", "evening"),
        ("customer-service", "driving", "labouring"),
    ),
    "community_kitchen": Template(
        "{town} community kitchen", IND, WorkType.CATERING, "People using the lunch club", (1, 2),
        ("public_facing", "involves_vulnerable_adults", "accessible_site"), (), ("shop",), ("cooking", "cleaning"),
    ),
    "heritage": Template(
        "{town} heritage building repairs", G, WorkType.CONSTRUCTION, "Visitors to a listed building", (6, 8),
        ("heavy_work",), ("public_facing",), ("weekday", "weekday_weekend"), ("bricklaying", "carpentry"),
    ),
    "woodland": Template(
        "{town} woodland path repair", G, WorkType.CONSERVATION, "Walkers and local wildlife", (6, 8),
        ("heavy_work",), (), ("weekday", "weekday_weekend", "weekend"), ("labouring", "gardening"),
    ),
    "nature_reserve": Template(
        "{town} nature reserve", G, WorkType.CONSERVATION, "A local nature reserve", (6, 8),
        (), ("heavy_work", "public_facing"), ("weekday", "weekend"), ("gardening", "labouring"),
    ),
    "workshop": Template(
        "{town} furniture restoration workshop", G, WorkType.WORKSHOP, "Households in need of furniture", (6, 8),
        ("accessible_site", "shelter"), (), ("weekday", "evening", "weekday_weekend"),
        ("carpentry", "painting-decorating"),
    ),
    "charity_shop": Template(
        "{org} shop, {town}", IND, WorkType.CHARITY_SHOP, "The charity's patients and families", (1, 2),
        ("public_facing", "accessible_site"), ("involves_vulnerable_adults",), ("shop",),
        ("customer-service", "cleaning"),
    ),
    "litter": Template(
        "{town} litter clean-up", G, WorkType.LITTER, "Residents and the local council", (6, 8),
        ("public_facing",), (), ("weekday", "weekend", "evening"), ("labouring", "cleaning"),
    ),
    "redecoration": Template(
        "{town} community centre redecoration", G, WorkType.PAINTING, "Groups using the community centre", (5, 8),
        ("accessible_site", "shelter"), ("involves_children",), ("weekday", "evening"), ("painting-decorating",),
    ),
    "sports_ground": Template(
        "{town} sports club grounds", G, WorkType.GARDENING, "Junior football and cricket clubs", (6, 8),
        ("public_facing", "involves_children"), ("heavy_work",), ("weekend",), ("gardening", "labouring"),
    ),
    "beach": Template(
        "{town} beach clean", G, WorkType.BEACH, "Beach users and coastal wildlife", (6, 8),
        ("public_facing",), (), ("weekday", "weekend", "weekday_weekend"), ("labouring",), coastal=True,
    ),
    "ete": Template(
        "Employability course, {town}", ProjectType.ETE, WorkType.LEARNING, "People on probation", (8, 12),
        ("accessible_site", "shelter"), (), ("ete",), ("it", "customer-service"),
    ),
    "induction": Template(
        "Induction at {office}", ProjectType.INDUCTION, WorkType.LEARNING, "People starting unpaid work", (8, 12),
        ("accessible_site", "shelter"), (), ("induction",),
    ),
}  # fmt: skip

_DAY = (dt.time(9, 0), dt.time(16, 30))
_EVENING = (dt.time(17, 30), dt.time(20, 30))
_SHOP = (dt.time(10, 0), dt.time(16, 0))
_ETE = (dt.time(10, 0), dt.time(15, 0))
_INDUCTION = (dt.time(9, 30), dt.time(12, 30))

# Hours ordered: typical values, the low band most common (domain.md).
HOURS_WEIGHTS = (
    (40, 16),
    (50, 4),
    (60, 14),
    (70, 3),
    (80, 14),
    (100, 12),
    (120, 10),
    (150, 9),
    (180, 4),
    (200, 6),
    (250, 4),
    (300, 4),
)
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters used in inward codes


@dataclass
class DemoUser:
    username: str
    role: str
    description: str


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


# --- Small helpers --------------------------------------------------------------------------------


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km, good to a few metres at these scales (equirectangular approximation)."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


def default_start(today: dt.date) -> dt.date:
    """The Monday of last week: one week of history, this week and what comes next."""
    return today - dt.timedelta(days=today.weekday() + 7)


def _aware(date: dt.date, t: dt.time) -> dt.datetime:
    return dt.datetime.combine(date, t, tzinfo=timezone.get_default_timezone())


def _weighted(rng: random.Random, pairs) -> object:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


class _Postcodes:
    """Real postcodes from PostcodeUnit when loaded; otherwise the district centroid with jitter.

    The fallback (used in tests and before `load_postcodes` has run) gives a point within 1.5 km of
    the district's centre and a postcode that looks right for the district but may not exist.
    """

    def __init__(self, rng: random.Random, districts: list[District]):
        self.rng = rng
        self.units: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
        rows = (
            PostcodeUnit.objects.filter(district__in=[d.code for d in districts])
            .order_by("postcode")
            .values_list("district", "postcode", "latitude", "longitude")
        )
        for district, postcode, lat, lon in rows.iterator(chunk_size=20000):
            self.units[district].append((postcode, lat, lon))
        self.source = "postcode units" if self.units else "district centroids (fallback: no postcode units loaded)"

    def sample(self, district: District) -> tuple[str, float, float]:
        units = self.units.get(district.code)
        if units:
            return self.rng.choice(units)
        return self.near(district.code, district.latitude, district.longitude, 1.5)

    def near(self, district_code: str, lat: float, lon: float, max_km: float) -> tuple[str, float, float]:
        rng = self.rng
        distance = max_km * math.sqrt(rng.random())
        angle = rng.random() * 2 * math.pi
        lat2 = lat + distance * math.cos(angle) / 111.2
        lon2 = lon + distance * math.sin(angle) / (111.2 * math.cos(math.radians(lat)))
        inward = f"{rng.randint(1, 9)}{rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}"
        return f"{district_code} {inward}", round(lat2, 6), round(lon2, 6)


@dataclass(eq=False)
class _P:
    """What the allocation step needs to know about one person, kept beside the unsaved Person."""

    person: Person
    requirement: Requirement
    region: str
    district: District
    female: bool
    weekly_limit: int
    prior_minutes: int
    credited: int = 0
    planned: int = 0  # minutes on allocations not yet worked
    ete_minutes: int = 0
    inducted: bool = False
    needs_induction: bool = False
    induction_date: dt.date | None = None  # the induction session they were booked on (issue 7)
    paused: bool = False
    dates: set = field(default_factory=set)
    weeks: dict = field(default_factory=lambda: defaultdict(int))
    avoid: list = field(default_factory=list)  # other _P records: non-associations


@dataclass(eq=False)
class _S:
    session: Session
    project: Project
    template: str
    region: str
    people: list = field(default_factory=list)
    supervisors: list = field(default_factory=list)


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
    )
    from upw.models.attendance_sync import RequirementProgress, SessionReminder, StaffNotice, SyncAction

    models = [
        RotaNotification,  # rota runs (issue 4): they reference sessions and supervisors
        RotaPublication,
        RotaShortfall,
        RotaAssignment,
        RotaAssignment.history.model,
        RotaRun,
        RotaRun.history.model,
        RotaFeedToken,
        PersonExplanation,  # matching runs (issue 3): they reference requirements and sessions
        ProposedAllocation,
        ProposedAllocation.history.model,
        MatchingRun,
        MatchingRun.history.model,
        Review,  # intake (issue 7): reviews, assessments and imports reference requirements, people, users
        Review.history.model,
        Assessment,
        Assessment.history.model,
        ImportBatch,
        SyncAction,  # attendance (issue 5)
        SessionReminder,
        StaffNotice,
        RequirementProgress,
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


class _Builder:
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
        # The partner portal (issue 6): audit trails, nominations and an invitation; no new projects.
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

    # Places, skills, users.

    def reference_data(self) -> None:
        self.regions: dict[str, Region] = {}
        for code, name in places.REGIONS.items():
            region = Region.objects.filter(code=code).first()
            self.regions[code] = region or Region.objects.get_or_create(name=name, defaults={"code": code})[0]
        self.pdus: dict[str, ProbationDeliveryUnit] = {}
        for pdu in places.PDUS:
            obj = ProbationDeliveryUnit.objects.filter(code=pdu.code).first()
            self.pdus[pdu.code] = (
                obj
                or ProbationDeliveryUnit.objects.get_or_create(
                    region=self.regions[pdu.region], name=pdu.name, defaults={"code": pdu.code}
                )[0]
            )
        self.skills = {
            code: Skill.objects.get_or_create(code=code, defaults={"name": name})[0] for code, name in SKILLS
        }
        self.qualifications = {
            code: Qualification.objects.get_or_create(code=code, defaults={"name": name})[0]
            for code, name in QUALIFICATIONS
        }
        self.districts_by_pdu = {pdu.code: places.districts_of(pdu.code) for pdu in places.PDUS}
        self.postcodes = _Postcodes(self.rng, list(places.DISTRICTS))
        offices = []
        for pdu in places.PDUS:
            postcode, lat, lon = self.postcodes.sample(places.DISTRICT_BY_CODE[pdu.office_district])
            offices.append(
                Office(pdu=self.pdus[pdu.code], name=pdu.office_name, postcode=postcode, latitude=lat, longitude=lon)
            )
        Office.objects.bulk_create(offices)
        self.offices = {pdu.code: office for pdu, office in zip(places.PDUS, offices, strict=True)}
        # Keyed by id: a PDU made before the demo may have a code of its own.
        self.region_of_pdu = {self.pdus[pdu.code].id: pdu.region for pdu in places.PDUS}
        self.counts["offices"] = len(offices)

    def users(self) -> None:
        hashed = make_password(self.password)
        specs = [
            ("cora", "Cora", "Milburn", Role.COORDINATOR, "placement coordinator, North East"),
            ("nia", "Nia", "Pritchard", Role.COORDINATOR, "placement coordinator, Wales"),
            ("ada", "Ada", "Lovelace", Role.ADMIN, "administrator (and /admin/)"),
            ("pat", "Pat", "Hedley", Role.PARTNER, ""),
            ("quinn", "Quinn", "Rees", Role.PARTNER, ""),
        ]
        self.user_by_name: dict[str, User] = {}
        objs = []
        for username, first, last, role, _ in specs:
            is_admin = role == Role.ADMIN
            objs.append(
                User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@{DEMO_EMAIL_DOMAIN}",
                    role=role,
                    password=hashed,
                    is_staff=is_admin,
                    is_superuser=is_admin,
                )
            )
        User.objects.bulk_create(objs)
        self.user_by_name = {user.username: user for user in objs}
        self.user_by_name["cora"].regions.add(self.regions["north-east"])
        self.user_by_name["nia"].regions.add(self.regions["wales"])
        self.coordinator = {"north-east": self.user_by_name["cora"], "wales": self.user_by_name["nia"]}
        self.hashed_password = hashed
        self.demo_users = [DemoUser(u, str(r), d) for u, _, _, r, d in specs]

    # Partners and projects.

    def partners_and_projects(self) -> None:
        rng = self.rng
        n_national = min(len(NATIONAL_PARTNERS), max(self.n_partners - 2, 0))
        n_local = max(self.n_partners - n_national, 2)
        n_second = max(1, round(n_local * 0.35))
        wanted = {self.main: n_local - n_second, self.second: n_second}
        orgs: list[PartnerOrganisation] = []
        self.org_templates: dict[str, tuple[str, ...]] = {}
        self.org_home_pdu: dict[str, str | None] = {}
        for name, keys in NATIONAL_PARTNERS[:n_national]:
            orgs.append(self._org(name, None, None, keys))
        self.local_orgs: dict[str, list[PartnerOrganisation]] = {}
        for region_code in self.region_codes:
            listed = list(LOCAL_PARTNERS[region_code])
            while len(listed) < wanted[region_code]:
                pdu = places.pdus_of(region_code)[len(listed) % len(places.pdus_of(region_code))]
                district = rng.choice(self.districts_by_pdu[pdu.code])
                name = f"{district.town} Community Trust"
                if any(name == other[0] for other in listed):
                    name = f"{district.town} Community Trust ({len(listed) + 1})"
                listed.append((name, pdu.code, rng.choice((("park", "litter"), ("redecoration", "allotment")))))
            self.local_orgs[region_code] = []
            for name, pdu_code, keys in listed[: wanted[region_code]]:
                org = self._org(name, region_code, pdu_code, keys)
                orgs.append(org)
                self.local_orgs[region_code].append(org)
        service = self._org(PROBATION_SERVICE_ORGANISATION, None, None, ("induction",))
        orgs.append(service)
        PartnerOrganisation.objects.bulk_create(orgs)
        self.counts["partners"] = len(orgs) - 1
        self.nationals = [org for org in orgs if org.kind == OrganisationKind.NATIONAL and org is not service]

        # Partner users: Pat at the first local partner of North East, Quinn at the first of Wales.
        memberships = [
            PartnerMembership(user=self.user_by_name["pat"], organisation=self.local_orgs_of("north-east")[0]),
            PartnerMembership(user=self.user_by_name["quinn"], organisation=self.local_orgs_of("wales")[0]),
        ]
        PartnerMembership.objects.bulk_create(memberships, batch_size=None)
        for demo_user, membership in zip(self.demo_users[3:5], memberships, strict=True):
            demo_user.description = f"partner user, {membership.organisation.name}"
        self.partner_user_by_org = {m.organisation.name: m.user for m in memberships}

        # Projects: about three quarters in the main region; a few inductions and one ETE each.
        n_second_projects = max(1, round(self.n_projects * 0.25)) if self.n_projects >= 4 else 0
        plan: list[tuple[PartnerOrganisation, str, str]] = []  # org, template key, region
        for region_code, n in ((self.main, self.n_projects - n_second_projects), (self.second, n_second_projects)):
            plan.extend(self._project_plan(region_code, n, service))
        sites, project_objs, self.project_template, slots = [], [], {}, []
        site_names: set[tuple[str, str]] = set()
        for org, key, region_code in plan:
            template = TEMPLATES[key]
            pdu_code, district = self._site_place(org, template, region_code)
            if key == "induction":
                office = self.offices[pdu_code]
                postcode, lat, lon = office.postcode, office.latitude, office.longitude
            else:
                postcode, lat, lon = self.postcodes.sample(district)
            town = district.town
            name = template.name.format(town=town, org=org.name, office=places.PDU_BY_CODE[pdu_code].office_name)
            base, n = name, 2
            while (org.name, name) in site_names:
                name, n = f"{base} ({n})", n + 1
            site_names.add((org.name, name))
            site = Site(
                organisation=org,
                name=name,
                address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}, {town}",
                postcode=postcode,
                latitude=lat,
                longitude=lon,
                pdu=self.pdus[pdu_code],
            )
            sites.append(site)
            flags = dict.fromkeys(template.flags, True)
            for flag in template.maybe_flags:
                flags[flag] = rng.random() < 0.5
            low, high = template.capacity
            # Groups of up to 8 with one supervisor (domain.md); heavy or risky work sometimes has two.
            ratio = rng.choice((8, 8, 8, 4)) if template.project_type == ProjectType.GROUP else 8
            project = Project(
                organisation=org,
                site=site,
                name=name,
                description=f"{WorkType(template.work_type).label} for {template.beneficiary.lower()}.",
                beneficiary=template.beneficiary,
                project_type=template.project_type,
                work_type=template.work_type,
                status=ProjectStatus.ACTIVE,
                capacity=rng.randint(low, high),
                supervision_ratio=ratio,
                # Community Payback vests on outdoor group work.
                hi_vis_required=template.project_type == ProjectType.GROUP
                and template.work_type not in (WorkType.WORKSHOP, WorkType.CATERING, WorkType.PAINTING),
                start_date=self.today - dt.timedelta(days=rng.randint(60, 900)),
                pick_up_point=places.PDU_BY_CODE[pdu_code].office_name
                if template.project_type == ProjectType.GROUP and rng.random() < 0.3
                else "",
                **flags,
            )
            if project.pick_up_point:
                project.pick_up_postcode = self.offices[pdu_code].postcode
            project_objs.append(project)
            self.project_template[id(project)] = key
            for weekday, (begin, end), frequency in self._schedule(rng.choice(template.schedules)):
                slots.append(
                    ScheduleSlot(project=project, weekday=weekday, start_time=begin, end_time=end, frequency=frequency)
                )
        self._set_review_statuses(project_objs)
        # bulk_create fills in each foreign key from its object saved just before.
        Site.objects.bulk_create(sites)
        Project.objects.bulk_create(project_objs)
        ScheduleSlot.objects.bulk_create(slots)
        skill_rows = []
        for project in project_objs:
            for code in TEMPLATES[self.project_template[id(project)]].skills:
                skill_rows.append(Project.skills.through(project_id=project.id, skill_id=self.skills[code].id))
        Project.skills.through.objects.bulk_create(skill_rows)
        self.projects = project_objs
        self.slots_by_project: dict[int, list[ScheduleSlot]] = defaultdict(list)
        for slot in slots:
            self.slots_by_project[slot.project.id].append(slot)
        self.counts["sites"] = len(sites)
        self.counts["projects"] = len(project_objs)
        self.counts["schedule_slots"] = len(slots)

    def local_orgs_of(self, region_code: str) -> list[PartnerOrganisation]:
        return self.local_orgs[region_code]

    def _org(self, name, region_code, pdu_code, keys) -> PartnerOrganisation:
        rng = self.rng
        first, last = rng.choice(FEMALE_FIRST + MALE_FIRST), rng.choice(LAST_NAMES[region_code or "north-east"])
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:20]
        national = region_code is None
        org = PartnerOrganisation(
            name=name,
            kind=OrganisationKind.NATIONAL if national else OrganisationKind.LOCAL,
            region=None if national else self.regions[region_code],
            contact_name=f"{first} {last}",
            contact_email=f"{first.lower()}.{last.lower()}@{slug}.example.org",
            contact_phone=f"0191 496 {rng.randint(0, 999):04d}"
            if region_code != "wales"
            else f"029 2018 {rng.randint(0, 999):04d}",
        )
        self.org_templates[name] = keys
        self.org_home_pdu[name] = pdu_code
        return org

    def _project_plan(self, region_code: str, n: int, service: PartnerOrganisation):
        if n <= 0:
            return []
        locals_ = self.local_orgs[region_code]
        n_induction = max(1, round(n * 0.08))
        n_ete = 1 if n >= 6 else 0
        plan = [(service, "induction", region_code) for _ in range(n_induction)]
        if n_ete:
            ete_org = next((o for o in locals_ if "ete" in self.org_templates[o.name]), locals_[0])
            plan.append((ete_org, "ete", region_code))
        pool = [*locals_, *self.nationals]
        cursor: dict[str, int] = defaultdict(int)
        i = 0
        while len(plan) < n:
            org = pool[i % len(pool)]
            keys = [k for k in self.org_templates[org.name] if k != "ete"] or ["park"]
            key = keys[cursor[org.name] % len(keys)]
            cursor[org.name] += 1
            plan.append((org, key, region_code))
            i += 1
        return plan[:n]

    def _site_place(self, org, template: Template, region_code: str) -> tuple[str, District]:
        rng = self.rng
        home = self.org_home_pdu.get(org.name)
        if template.project_type == ProjectType.INDUCTION:
            # One induction room per office in turn.
            pdus = places.pdus_of(region_code)
            self._induction_turn = getattr(self, "_induction_turn", -1) + 1
            pdu = pdus[self._induction_turn % len(pdus)]
            return pdu.code, places.DISTRICT_BY_CODE[pdu.office_district]
        if template.coastal:
            candidates = [d for p in places.pdus_of(region_code) for d in self.districts_by_pdu[p.code] if d.coastal]
            district = rng.choice(candidates)
            return district.pdu, district
        if home is None:
            home = rng.choice(places.pdus_of(region_code)).code
        district = rng.choice(self.districts_by_pdu[home])
        return home, district

    def _schedule(self, pattern: str):
        """(weekday, (start, end), frequency) for a schedule pattern."""
        rng = self.rng
        weekly, fortnightly = Frequency.WEEKLY, Frequency.FORTNIGHTLY
        slots = []
        if pattern in ("weekday", "weekday_weekend"):
            for day in sorted(rng.sample(range(5), rng.choice((1, 1, 2, 2, 3)))):
                slots.append((day, _DAY, fortnightly if rng.random() < 0.15 else weekly))
        if pattern in ("weekend", "weekday_weekend"):
            slots.append((5, _DAY, weekly))
            if pattern == "weekend" and rng.random() < 0.4:
                slots.append((6, _DAY, weekly))
        if pattern == "evening":
            for day in sorted(rng.sample(range(5), rng.choice((1, 2)))):
                slots.append((day, _EVENING, weekly))
            if rng.random() < 0.5:
                slots.append((5, _DAY, weekly))
        if pattern == "shop":
            for day in sorted(rng.sample(range(6), rng.choice((2, 3, 4)))):
                slots.append((day, _SHOP, weekly))
        if pattern == "ete":
            for day in sorted(rng.sample(range(5), 2)):
                slots.append((day, _ETE, weekly))
        if pattern == "induction":
            for day in sorted(rng.sample(range(5), rng.choice((1, 2)))):
                slots.append((day, _INDUCTION, weekly))
        return slots

    def _set_review_statuses(self, projects: list[Project]) -> None:
        """A few projects wait in the review queues (no sessions); Pat's organisation has one."""
        rng = self.rng
        candidates = [
            p
            for p in projects
            if p.project_type in (ProjectType.GROUP, ProjectType.INDIVIDUAL) and p.organisation.region_id is not None
        ]
        statuses = [ProjectStatus.SUBMITTED, ProjectStatus.IN_REVIEW, ProjectStatus.DRAFT]
        if len(projects) >= 30:
            statuses += [ProjectStatus.SUBMITTED, ProjectStatus.CHANGES_REQUESTED]
        if len(projects) < 10:
            statuses = statuses[:1] if len(projects) >= 5 else []
        pat_org = self.user_by_name["pat"].partner_membership.organisation
        chosen = [p for p in candidates if p.organisation is pat_org][:1]
        rest = [p for p in candidates if p not in chosen]
        rng.shuffle(rest)
        chosen += rest
        for project, status in zip(chosen, statuses, strict=False):
            project.status = status
            project.start_date = self.today + dt.timedelta(days=rng.randint(14, 60))

    # Staff.

    def supervisors_and_leave(self) -> None:
        rng = self.rng
        total = max(self.n_supervisors, 1)
        # Supervisors follow the projects they supervise.
        supervised = [
            self.region_of_pdu[p.site.pdu_id]
            for p in self.projects
            if p.status == ProjectStatus.ACTIVE and p.supervised_by_probation
        ]
        share = supervised.count(self.second) / max(len(supervised), 1)
        n_second = max(1, round(total * share)) if total >= 2 and self.second in supervised else 0
        per_region = {self.main: total - n_second, self.second: n_second}
        users, sups, quals, self.sups_by_region = [], [], [], defaultdict(list)
        taken = set(User.objects.values_list("username", flat=True))
        # Supervisors needed on each weekday of a typical week, so that working days follow the work.
        demand = {code: [0.0] * 7 for code in self.region_codes}
        for project in self.projects:
            if project.status == ProjectStatus.ACTIVE and project.supervised_by_probation:
                region_code = self.region_of_pdu[project.site.pdu_id]
                needed = math.ceil(project.capacity / project.supervision_ratio)
                for slot in self.slots_by_project[project.id]:
                    demand[region_code][slot.weekday] += needed / (2 if slot.frequency == Frequency.FORTNIGHTLY else 1)
        demand[self.main] = [d - (1 if day < 5 else 0) for day, d in enumerate(demand[self.main])]  # Sam
        for region_code in self.region_codes:
            pdus = places.pdus_of(region_code)
            for i in range(per_region[region_code]):
                is_sam = region_code == self.main and i == 0
                female = not is_sam and (i % 3 == 1 or rng.random() < 0.2)
                first_names = FEMALE_FIRST if female else MALE_FIRST
                first = (
                    "Sam"
                    if is_sam
                    else rng.choice(first_names + REGIONAL_FIRST[region_code]["female" if female else "male"])
                )
                last = "Robson" if is_sam else rng.choice(LAST_NAMES[region_code])
                username = "sam" if is_sam else f"{first}.{last}".lower()
                n = 2
                while username in taken:
                    username, n = f"{first}.{last}{n}".lower(), n + 1
                taken.add(username)
                user = User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@{DEMO_EMAIL_DOMAIN}",
                    role=Role.SUPERVISOR,
                    password=self.hashed_password if is_sam else make_password(None),
                )
                part_time = not is_sam and rng.random() < 0.3
                minutes = rng.choice((15, 22, 30)) * 60 if part_time else 37 * 60
                mask = 0b0011111 if is_sam else self._working_days(demand[region_code], minutes)
                sup = Supervisor(
                    user=user,
                    gender="female" if female else "male",
                    base_office=self.offices[pdus[i % len(pdus)].code] if not is_sam else self.offices[pdus[0].code],
                    contracted_minutes_per_week=minutes,
                    working_days_mask=mask,
                )
                codes = [c for c, p in (("van-driver", 0.4), ("first-aid", 0.6)) if rng.random() < p]
                if female and rng.random() < 0.7:
                    codes.append("womens-group-lead")
                if rng.random() < 0.25:
                    codes.append(rng.choice(("trades-construction", "trades-painting")))
                users.append(user)
                sups.append(sup)
                quals.append(codes)
                self.sups_by_region[region_code].append(sup)
        User.objects.bulk_create(users)
        Supervisor.objects.bulk_create(sups)
        Supervisor.qualifications.through.objects.bulk_create(
            [
                Supervisor.qualifications.through(supervisor_id=sup.id, qualification_id=self.qualifications[c].id)
                for sup, codes in zip(sups, quals, strict=True)
                for c in codes
            ]
        )
        self.sam = sups[0]
        self.demo_users.append(DemoUser("sam", Role.SUPERVISOR, f"supervisor, {self.sam.base_office.name}"))
        # Leave: about a quarter of supervisors are off for a few days in the window.
        leave, self.on_leave = [], defaultdict(set)
        this_monday = self.today - dt.timedelta(days=self.today.weekday())
        for sup in sups:
            if rng.random() >= 0.25:
                continue
            first = self.start + dt.timedelta(days=rng.randrange(7 * self.weeks))
            if sup is self.sam and first < this_monday + dt.timedelta(days=7):
                first = this_monday + dt.timedelta(days=14)  # Sam is at work this week
            last = first + dt.timedelta(days=rng.randint(0, 4))
            leave.append(
                Leave(
                    supervisor=sup,
                    start_date=first,
                    end_date=last,
                    reason=rng.choice(("Annual leave", "Annual leave", "Training", "Sick leave")),
                )
            )
            day = first
            while day <= last:
                self.on_leave[id(sup)].add(day)
                day += dt.timedelta(days=1)
        Leave.objects.bulk_create(leave)
        self.counts["supervisors"] = len(sups)
        self.counts["leave"] = len(leave)

    @staticmethod
    def _working_days(demand: list[float], contracted_minutes: int) -> int:
        """The working days that cover most of the demand still uncovered (and take it off).

        Full-timers work five days in a row (Monday to Friday, Tuesday to Saturday...), part-timers
        the two to four days most in need.
        """
        days = min(5, max(2, contracted_minutes // 450))
        if days == 5:
            windows = [[(first + k) % 7 for k in range(5)] for first in range(7)]
            chosen = max(
                windows, key=lambda window: (sum(max(demand[d], 0) for d in window), window == [0, 1, 2, 3, 4])
            )
        else:
            chosen = sorted(range(7), key=lambda d: (-demand[d], d))[:days]
        for day in chosen:
            demand[day] -= 1
        return sum(1 << day for day in chosen)

    # Sessions and the rota.

    def sessions(self) -> None:
        rng = self.rng
        sessions: list[_S] = []
        for project in self.projects:
            if project.status != ProjectStatus.ACTIVE:
                continue
            key = self.project_template[id(project)]
            region_code = self.region_of_pdu[project.site.pdu_id]
            for week in range(self.weeks):
                monday = self.start + dt.timedelta(days=7 * week)
                for slot in self.slots_by_project[project.id]:
                    date = monday + dt.timedelta(days=slot.weekday)
                    if slot.frequency == Frequency.FORTNIGHTLY and date.isocalendar()[1] % 2:
                        continue
                    if date < project.start_date:
                        continue
                    if project.project_type == ProjectType.GROUP:
                        needed = math.ceil(project.capacity / project.supervision_ratio)
                    elif project.project_type == ProjectType.INDUCTION:
                        needed = 1
                    else:
                        needed = 0  # the partner supervises individual and ETE placements
                    status = SessionStatus.SCHEDULED
                    if date < self.today:
                        roll = rng.random()
                        # A few past sessions were stood down; a few recent ones still await outcomes.
                        if roll < 0.03:
                            status = SessionStatus.STOOD_DOWN
                        elif roll < 0.09 and (self.today - date).days <= 10:
                            status = SessionStatus.SCHEDULED
                        else:
                            status = SessionStatus.COMPLETED
                    session = Session(
                        project=project,
                        date=date,
                        start_time=slot.start_time,
                        end_time=slot.end_time,
                        capacity=project.capacity,
                        status=status,
                        supervisors_needed=needed,
                    )
                    sessions.append(_S(session, project, key, region_code))
        sessions.sort(key=lambda s: (s.session.date, s.session.start_time, s.project.name))
        self.all_sessions = sessions
        self.counts["sessions"] = len(sessions)

    def roster(self) -> None:
        """Greedy rota: nearest supervisors first, one session a day, within leave, days and contract."""
        rng = self.rng
        this_monday = self.today - dt.timedelta(days=self.today.weekday())
        busy: dict[int, set] = defaultdict(set)
        load: dict[tuple[int, int], int] = defaultdict(int)
        rows: list[SessionSupervisor] = []

        def can_work(sup, s: _S) -> bool:
            date = s.session.date
            return (
                sup.works_on(date.weekday())
                and date not in self.on_leave[id(sup)]
                and date not in busy[id(sup)]
                and load[id(sup), date.isocalendar()[1]] + s.session.duration_minutes <= sup.contracted_minutes_per_week
            )

        def assign(sup, s: _S) -> None:
            role = SupervisorRole.LEAD if not s.supervisors else SupervisorRole.SUPERVISOR
            rows.append(SessionSupervisor(session=s.session, supervisor=sup, role=role))
            s.supervisors.append(sup)
            busy[id(sup)].add(s.session.date)
            load[id(sup), s.session.date.isocalendar()[1]] += s.session.duration_minutes

        # Sam first: up to three sessions this week, so "my sessions" has something to show.
        this_week = [
            s
            for s in self.all_sessions
            if s.region == self.main
            and s.session.supervisors_needed
            and s.session.status != SessionStatus.STOOD_DOWN
            and this_monday <= s.session.date < this_monday + dt.timedelta(days=7)
            and not s.project.women_only
        ]
        office = self.sam.base_office
        this_week.sort(
            key=lambda s: km_between(
                office.latitude, office.longitude, s.project.site.latitude, s.project.site.longitude
            )
        )
        for s in this_week:
            if len(busy[id(self.sam)]) >= 3:
                break
            if can_work(self.sam, s):
                assign(self.sam, s)

        for s in self.all_sessions:
            session = s.session
            if session.status == SessionStatus.STOOD_DOWN:
                continue
            weeks_ahead = (session.date - this_monday).days // 7
            # The rota fills in as sessions come closer: later weeks are still partly unstaffed.
            if weeks_ahead >= 1 and rng.random() > (0.75 if weeks_ahead == 1 else 0.45):
                continue
            site = s.project.site
            while len(s.supervisors) < session.supervisors_needed:
                candidates = [sup for sup in self.sups_by_region[s.region] if sup not in s.supervisors]
                candidates = [sup for sup in candidates if can_work(sup, s)]
                if s.project.women_only and not any(sup.gender == "female" for sup in s.supervisors):
                    candidates = [sup for sup in candidates if sup.gender == "female"]
                if not candidates:
                    break
                candidates.sort(
                    key=lambda sup: (
                        round(
                            km_between(
                                sup.base_office.latitude, sup.base_office.longitude, site.latitude, site.longitude
                            )
                            / 15
                        ),
                        load[id(sup), session.date.isocalendar()[1]],
                    )
                )
                assign(candidates[0], s)
        # A past session nobody could supervise did not run.
        for s in self.all_sessions:
            if s.session.date < self.today and s.session.supervisors_needed and not s.supervisors:
                s.session.status = SessionStatus.STOOD_DOWN
        Session.objects.bulk_create([s.session for s in self.all_sessions])
        SessionSupervisor.objects.bulk_create(rows)
        self.counts["session_supervisors"] = len(rows)

    # People and their requirements.

    def people(self) -> None:
        rng = self.rng
        taken = set(Person.objects.values_list("crn", flat=True))
        self.records: list[_P] = []
        zones: list[tuple[_P, ExclusionZone]] = []
        skill_codes = [code for code, _ in SKILLS]
        order_number = 0
        for region_code in self.region_codes:
            n = self.counts_by_region[region_code]
            districts = [d for p in places.pdus_of(region_code) for d in self.districts_by_pdu[p.code]]
            weights = [d.active_postcodes for d in districts]
            for _ in range(n):
                district = rng.choices(districts, weights=weights)[0]
                pdu = places.PDU_BY_CODE[district.pdu]
                postcode, lat, lon = self.postcodes.sample(district)
                roll = rng.random()
                gender = "female" if roll < 0.15 else "non_binary" if roll < 0.155 else "male"
                female = gender == "female"
                if gender == "non_binary":
                    first = rng.choice(NONBINARY_FIRST)
                else:
                    names = FEMALE_FIRST if female else MALE_FIRST
                    regional = REGIONAL_FIRST[region_code]["female" if female else "male"]
                    first = rng.choice(regional) if rng.random() < 0.25 else rng.choice(names)
                last = rng.choice(LAST_NAMES[region_code])
                crn = f"{rng.choice(POSTCODE_LETTERS)}{rng.randrange(10**6):06d}"
                while crn in taken:
                    crn = f"{rng.choice(POSTCODE_LETTERS)}{rng.randrange(10**6):06d}"
                taken.add(crn)
                age = min(int(rng.triangular(18, 66, 27)), 70)
                dob = self.today - dt.timedelta(days=age * 365 + rng.randrange(365))
                employment = _weighted(rng, (("employed", 40), ("unemployed", 45), ("education", 5), ("unable", 10)))
                carer = rng.random() < (0.3 if female else 0.08)
                mask = self._availability(employment, carer)
                individual_only = rng.random() < 0.03
                unsuitable_for_individual = not individual_only and rng.random() < 0.05
                if individual_only:
                    preference = "individual"
                elif female:
                    preference = _weighted(rng, (("female_only", 40), ("individual", 30), ("mixed_group", 30)))
                else:
                    preference = (
                        "individual" if rng.random() < 0.04 and not unsuitable_for_individual else "mixed_group"
                    )
                if unsuitable_for_individual and preference == "individual":
                    preference = "mixed_group" if not female else "female_only"
                restriction = ""
                if rng.random() < 0.03:
                    restriction = "not_male" if female else rng.choice(("not_female", "not_female", "not_male"))
                no_heavy = rng.random() < 0.10
                licence = rng.random() < 0.45
                vehicle = licence and rng.random() < 0.6
                person = Person(
                    crn=crn,
                    first_name=first,
                    last_name=last,
                    date_of_birth=dob,
                    gender=gender,
                    phone=f"07700 900{rng.randrange(1000):03d}",
                    email=f"{first}.{last}{rng.randint(1, 99)}@example.com".lower() if rng.random() < 0.4 else "",
                    address=f"{rng.randint(1, 200)} {rng.choice(STREETS)}, {district.town}",
                    postcode=postcode,
                    latitude=lat,
                    longitude=lon,
                    pdu=self.pdus[pdu.code],
                    employment_status=employment,
                    limited_access=rng.random() < 0.01,
                    availability_mask=mask,
                    placement_preference=preference,
                    offence_summary=rng.choice(OFFENCES),
                    risk_level=_weighted(rng, (("low", 45), ("medium", 40), ("high", 13), ("very_high", 2))),
                    no_children=rng.random() < 0.10,
                    no_vulnerable_adults=rng.random() < 0.05,
                    not_public_facing=rng.random() < 0.08,
                    individual_only=individual_only,
                    unsuitable_for_individual=unsuitable_for_individual,
                    close_supervision=rng.random() < 0.03,
                    supervisor_gender_restriction=restriction,
                    no_heavy_work=no_heavy,
                    needs_accessible_site=rng.random() < 0.05,
                    health_notes=rng.choice(HEALTH_NOTES)
                    if no_heavy
                    else rng.choice(MENTAL_HEALTH_NOTES)
                    if rng.random() < 0.1
                    else "",
                    max_travel_km=rng.choice((20, 25, 30)) if vehicle else rng.choice((8, 10, 12, 15, 15, 20)),
                    has_driving_licence=licence,
                    has_vehicle=vehicle,
                    uses_public_transport=not vehicle or rng.random() < 0.3,
                    travel_time_allowed=rng.random() < 0.1,
                    future_work_plans=rng.choice(
                        ("", "", "Construction (CSCS card)", "Catering", "Warehouse work", "Retail", "HGV driving")
                    ),
                    reading_writing_difficulty=rng.random() < 0.1,
                    ete_need=employment != "employed" and rng.random() < 0.3,
                )
                person._demo_skills = rng.sample(skill_codes, rng.choice((0, 1, 1, 2, 2, 3)))
                order_number += 1
                record = self._requirement(person, region_code, district, pdu, employment, order_number)
                self.records.append(record)
                if rng.random() < 0.03:
                    zones.append((record, self._exclusion_zone(person, region_code, district)))
        Person.objects.bulk_create([r.person for r in self.records], batch_size=2000)
        Person.skills.through.objects.bulk_create(
            [
                Person.skills.through(person_id=r.person.id, skill_id=self.skills[code].id)
                for r in self.records
                for code in r.person._demo_skills
            ],
            batch_size=5000,
        )
        # Requirements are written after allocation, with their final totals (no bulk_update).
        ExclusionZone.objects.bulk_create([z for _, z in zones])
        self.zones_by_record = defaultdict(list)
        for record, zone in zones:
            self.zones_by_record[id(record)].append(zone)
        self.counts["people"] = len(self.records)
        self.counts["requirements"] = len(self.records)
        self.counts["exclusion_zones"] = len(zones)
        self._non_associations()

    def _availability(self, employment: str, carer: bool) -> int:
        rng = self.rng
        bit = domain.availability_bit
        weekdays, weekend = range(5), (5, 6)
        slots: set[tuple[int, int]] = set()
        if carer:
            # Caring duties: mornings while children are at school, and some Saturdays.
            slots |= {(d, 0) for d in weekdays}
            if rng.random() < 0.4:
                slots |= {(5, p) for p in range(3)}
        elif employment == "employed":
            pattern = rng.choice(("weekends", "saturdays", "evenings_weekends", "shifts"))
            if pattern in ("weekends", "evenings_weekends"):
                slots |= {(d, p) for d in weekend for p in range(3)}
            if pattern == "saturdays":
                slots |= {(5, p) for p in range(3)}
            if pattern == "evenings_weekends":
                slots |= {(d, 2) for d in weekdays}
            if pattern == "shifts":
                slots |= {(d, p) for d in rng.sample(range(7), 3) for p in range(3)}
        elif employment == "education":
            slots |= {(d, p) for d in rng.sample(range(5), 2) for p in (0, 1)}
            slots |= {(d, p) for d in weekend for p in range(3)}
        else:
            days = range(5) if employment == "unemployed" else rng.sample(range(5), rng.randint(3, 5))
            slots |= {(d, p) for d in days for p in (0, 1)}
            if rng.random() < 0.3:
                slots |= {(d, 2) for d in weekdays}
            if rng.random() < 0.3:
                slots |= {(5, p) for p in range(3)}
        if rng.random() < 0.05:
            # Religious observance: a whole day kept free.
            day = rng.choice((4, 5, 6))
            slots -= {(day, p) for p in range(3)}
        mask = 0
        for d, p in slots:
            mask |= bit(d, p)
        return mask or bit(5, 0) | bit(5, 1)

    def _requirement(self, person, region_code, district, pdu, employment, number) -> _P:
        rng = self.rng
        hours = _weighted(rng, HOURS_WEIGHTS)
        ordered = hours * 60
        overdue = rng.random() < 0.03
        days_ago = rng.randint(366, 430) if overdue else rng.randint(0, 364)
        sentence = self.today - dt.timedelta(days=days_ago)
        deadline = domain.completion_deadline(sentence, 12)
        court = rng.choice(pdu.courts)
        crown = "Crown" in court
        intensive = employment == "unemployed" and rng.random() < 0.45
        expected = domain.expected_minutes_by(
            ordered_minutes=ordered, sentence_date=sentence, deadline=deadline, today=self.start
        )
        bucket = _weighted(rng, (("not_started", 12), ("completed", 8), ("behind", 35), ("on_pace", 30), ("ahead", 15)))
        new = (self.start - sentence).days < 21
        if new:
            bucket = "not_started"
        # Intake (issue 7): people are assessed on the day of sentence, except about half of the
        # orders of the last week, still waiting for their assessment (no random draw: the rest of the
        # demo stays as it was).
        waiting_for_assessment = (self.today - sentence).days < 7 and number % 2 == 0
        person.assessed_on = None if waiting_for_assessment else sentence
        prior = 0
        completed_at = None
        if bucket == "completed" and sentence < self.start - dt.timedelta(days=60):
            prior = ordered
            done = sentence + dt.timedelta(days=rng.randint(30, max((self.start - sentence).days - 1, 30)))
            completed_at = _aware(min(done, self.start - dt.timedelta(days=1)), dt.time(16, 30))
        elif bucket in ("behind", "on_pace", "ahead", "completed"):
            factor = {"behind": rng.uniform(0.1, 0.8), "on_pace": rng.uniform(0.8, 1.2)}.get(
                bucket, rng.uniform(1.2, 2.0)
            )
            prior = int(expected * factor) // 30 * 30
            prior = max(0, min(prior, ordered - 180))
        requirement = Requirement(
            person=person,
            order_reference=f"UPW/{sentence.year}/{number:06d}",
            court=court,
            order_type=OrderType.SUSPENDED_SENTENCE if crown and rng.random() < 0.6 else OrderType.COMMUNITY_ORDER,
            concurrency=_weighted(
                rng, ((Concurrency.SINGLE, 92), (Concurrency.CONCURRENT, 5), (Concurrency.ADDITIONAL, 3))
            ),
            sentence_date=sentence,
            hours_ordered=hours,
            deadline=deadline,
            intensive=intensive,
            minutes_credited=prior,
            completed_at=completed_at,
            status=RequirementStatus.COMPLETED if prior >= ordered else RequirementStatus.UNALLOCATED,
            created_by=self.coordinator[region_code],
        )
        weekly_limit = rng.choice((3, 4)) if intensive else (2 if rng.random() < 0.25 else 1)
        return _P(
            person=person,
            requirement=requirement,
            region=region_code,
            district=district,
            female=person.gender == "female",
            weekly_limit=weekly_limit,
            prior_minutes=prior,
            credited=prior,
            needs_induction=bucket == "not_started" and new,
            paused=prior < ordered and rng.random() < 0.01,
        )

    def _reviews(self) -> None:
        """The last scheduled review of each active requirement, held on its date (issue 7)."""
        interval = dt.timedelta(weeks=settings.UPW["REVIEW_INTERVAL_WEEKS"])
        rows = []
        for record in self.records:
            req = record.requirement
            held = req.next_review_on - interval if req.next_review_on else None
            if held is None or held <= req.sentence_date or held > self.today:
                continue
            behind = req.minutes_credited < domain.expected_minutes_by(
                ordered_minutes=req.hours_ordered * 60,
                sentence_date=req.sentence_date,
                deadline=req.deadline,
                today=held,
            )
            rows.append(
                Review(
                    requirement=req,
                    held_on=held,
                    progress=f"{req.minutes_credited // 60} of {req.hours_ordered} hours done."
                    + (" Behind the expected pace." if behind else " Keeping pace."),
                    decisions="Offer a second day a week." if behind else "",
                    next_review_on=req.next_review_on,
                    created_by=self.coordinator[record.region],
                )
            )
        Review.objects.bulk_create(rows, batch_size=2000)
        self.counts["reviews"] = len(rows)

    def _next_review(self, sentence: dt.date) -> dt.date:
        """Reviews every REVIEW_INTERVAL_WEEKS from sentence; the first one on or after five days ago,
        so that a few are overdue (issue 7)."""
        step = settings.UPW["REVIEW_INTERVAL_WEEKS"] * 7
        elapsed = (self.today - dt.timedelta(days=5) - sentence).days
        return sentence + dt.timedelta(days=max(-(-elapsed // step), 1) * step)

    def _exclusion_zone(self, person, region_code, home: District) -> ExclusionZone:
        rng = self.rng
        others = [d for p in places.pdus_of(region_code) for d in self.districts_by_pdu[p.code] if d is not home]
        near = [d for d in others if km_between(home.latitude, home.longitude, d.latitude, d.longitude) < 25]
        place = rng.choice(near or others)
        postcode, lat, lon = self.postcodes.near(place.code, place.latitude, place.longitude, 1.0)
        return ExclusionZone(
            person=person,
            label=f"Victim's home area, {place.town}",
            postcode=postcode,
            latitude=lat,
            longitude=lon,
            radius_km=float(rng.randint(1, 5)),
        )

    def _non_associations(self) -> None:
        """A handful of pairs: co-defendants and restraining orders, within one PDU."""
        rng = self.rng
        rows, seen = [], set()
        for region_code in self.region_codes:
            records = [r for r in self.records if r.region == region_code]
            if len(records) < 10:
                continue
            by_pdu = defaultdict(list)
            for record in records:
                by_pdu[record.district.pdu].append(record)
            groups = [group for group in by_pdu.values() if len(group) >= 2]
            for _ in range(max(2, len(records) // 150)):
                a, b = rng.sample(rng.choice(groups), 2)
                if a.person.id > b.person.id:
                    a, b = b, a
                if (a.person.id, b.person.id) in seen:
                    continue
                seen.add((a.person.id, b.person.id))
                a.avoid.append(b)
                b.avoid.append(a)
                rows.append(
                    NonAssociation(
                        person_a=a.person,
                        person_b=b.person,
                        reason=rng.choice(("Co-defendants: non-association condition", "Restraining order")),
                        created_by=self.coordinator[region_code],
                    )
                )
        NonAssociation.objects.bulk_create(rows)
        self.counts["non_associations"] = len(rows)

    # Allocation, outcomes and the ledger.

    def _eligible(self, record: _P, s: _S) -> bool:
        """The rules that do not change from one session of a project to the next."""
        project, person = s.project, record.person
        if record.region != s.region or record.paused:
            return False
        if s.template == "induction":
            if not record.needs_induction or record.female or person.assessed_on is None:
                return False
        elif record.needs_induction:
            return False
        ptype = project.project_type
        if record.female:
            # Women are offered a women-only group or an individual placement (or learning).
            if ptype == ProjectType.GROUP and not project.women_only:
                return False
            if person.placement_preference == "individual" and ptype == ProjectType.GROUP:
                return False
        elif project.women_only:
            return False
        if person.individual_only and ptype != ProjectType.INDIVIDUAL:
            return False
        if ptype == ProjectType.INDIVIDUAL and (person.unsuitable_for_individual or person.close_supervision):
            return False
        if ptype == ProjectType.ETE and not person.ete_need:
            return False
        if (
            (person.no_children and project.involves_children)
            or (person.no_vulnerable_adults and project.involves_vulnerable_adults)
            or (person.not_public_facing and project.public_facing)
            or (person.no_heavy_work and project.heavy_work)
            or (person.needs_accessible_site and not project.accessible_site)
        ):
            return False
        site = project.site
        if km_between(person.latitude, person.longitude, site.latitude, site.longitude) > person.max_travel_km:
            return False
        for zone in self.zones_by_record.get(id(record), ()):
            if km_between(zone.latitude, zone.longitude, site.latitude, site.longitude) <= zone.radius_km:
                return False
        return True

    def _candidates(self, s: _S) -> list:
        """[people near the project in a fixed shuffled order, cursor] for this project at this time.

        The rules are checked lazily as the cursor moves on, so a session is filled after looking
        at a few dozen people rather than at everybody in the region.
        """
        key = (s.project.id, s.session.date.weekday(), s.session.start_time)
        entry = self._candidate_cache.get(key)
        if entry is None:
            nearby = self._nearby.get(s.project.id)
            if nearby is None:
                site = s.project.site
                near = {
                    district.code
                    for district in self._districts_of_region[s.region]
                    # Nobody travels further than 30 km; 50 allows for the spread of a rural district.
                    if km_between(district.latitude, district.longitude, site.latitude, site.longitude) <= 50
                }
                nearby = self._nearby[s.project.id] = [r for r in self._shuffled[s.region] if r.district.code in near]
            entry = self._candidate_cache[key] = [nearby, self.rng.randrange(len(nearby)) if nearby else 0]
        return entry

    def _eligible_cached(self, record: _P, s: _S) -> bool:
        key = (s.project.id, id(record))
        found = self._eligibility.get(key)
        if found is None:
            found = self._eligibility[key] = self._eligible(record, s)
        return found

    def allocate(self) -> None:
        rng = self.rng
        this_monday = self.today - dt.timedelta(days=self.today.weekday())
        self._candidate_cache: dict = {}
        self._nearby: dict[int, list[_P]] = {}
        self._eligibility: dict[tuple[int, int], bool] = {}
        self._districts_of_region = {
            code: [d for pdu in places.pdus_of(code) for d in self.districts_by_pdu[pdu.code]]
            for code in self.region_codes
        }
        self._shuffled = {code: [r for r in self.records if r.region == code] for code in self.region_codes}
        for records in self._shuffled.values():
            rng.shuffle(records)
        allocations, attendance, ledger, enforcement = [], [], [], []
        has_allocation: set[int] = set()
        last_project: dict[int, Project] = {}

        for s in self.all_sessions:
            session, project = s.session, s.project
            if session.status == SessionStatus.STOOD_DOWN and rng.random() < 0.5:
                continue  # stood down before anybody was booked
            weeks_ahead = (session.date - this_monday).days // 7
            fill = 0.9 if weeks_ahead < 0 else 0.8 if weeks_ahead == 0 else 0.6 if weeks_ahead == 1 else 0.4
            target = min(session.capacity, max(1, round(session.capacity * fill * rng.uniform(0.7, 1.1))))
            entry = self._candidates(s)
            candidates, cursor = entry
            duration = session.duration_minutes - (
                project.unpaid_break_minutes if session.duration_minutes >= 360 else 0
            )
            week = session.date.isocalendar()[1]
            wanted_bits = 0
            for part in domain.parts_of_day_for(session.start_time, session.end_time):
                wanted_bits |= domain.availability_bit(session.date.weekday(), part)
            tried = 0
            while len(s.people) < target and tried < len(candidates):
                record = candidates[(cursor + tried) % len(candidates)]
                tried += 1
                req = record.requirement
                if (
                    record.person.availability_mask & wanted_bits != wanted_bits  # domain.is_available_for
                    or record.credited + record.planned >= req.hours_ordered * 60
                    or session.date in record.dates
                    or record.weeks[week] >= record.weekly_limit
                    or (s.template == "induction" and record.inducted)
                    or session.date < req.sentence_date
                    or any(other in s.people for other in record.avoid)
                    or not self._eligible_cached(record, s)
                ):
                    continue
                restriction = record.person.supervisor_gender_restriction
                if restriction and any(
                    sup.gender == ("male" if restriction == "not_male" else "female") for sup in s.supervisors
                ):
                    continue
                if project.project_type == ProjectType.ETE:
                    cap = req.hours_ordered * 60 * req.ete_cap_percent // 100
                    if record.ete_minutes + duration > cap:
                        continue
                    record.ete_minutes += duration
                s.people.append(record)
                record.dates.add(session.date)
                record.weeks[week] += 1
                record.planned += duration
                if s.template == "induction":
                    record.inducted = True
                    record.induction_date = session.date
            entry[1] = (cursor + tried) % max(len(candidates), 1)

            for record in s.people:
                allocation = Allocation(
                    requirement=record.requirement,
                    session=session,
                    source="demo",
                    created_by=self.coordinator[s.region],
                )
                allocations.append(allocation)
                has_allocation.add(id(record))
                if session.status in (SessionStatus.COMPLETED, SessionStatus.STOOD_DOWN):
                    record.planned -= duration  # worked (or not) now, so no longer planned
                if session.status == SessionStatus.STOOD_DOWN:
                    attendance.append(
                        AttendanceRecord(allocation=allocation, outcome="AASD", recorded_by=self.coordinator[s.region])
                    )
                    continue
                if session.status != SessionStatus.COMPLETED:
                    continue
                self._outcome(record, s, allocation, duration, attendance, ledger, enforcement, last_project)

        for record in self.records:
            req = record.requirement
            ordered = req.hours_ordered * 60
            req.minutes_credited = record.credited
            if id(record) in last_project:
                req.last_project = last_project[id(record)]
            if record.credited >= ordered:
                req.status = RequirementStatus.COMPLETED
            elif record.paused:
                req.status = RequirementStatus.PAUSED
            elif record.credited > 0 or id(record) in has_allocation:
                req.status = RequirementStatus.IN_PROGRESS
            else:
                req.status = RequirementStatus.UNALLOCATED
            if record.prior_minutes:
                ledger.append(
                    HoursLedgerEntry(
                        requirement=req,
                        kind=LedgerEntryKind.CREDIT,
                        minutes=record.prior_minutes,
                        reason=f"Hours worked before {self.start:%d %b %Y} (carried into the demo)",
                    )
                )
        for record in self.records:
            # Matching (issue 3) places only people whose induction is done (upw.selectors): everyone
            # but the new orders still waiting for one had theirs a week after sentence.
            req = record.requirement
            if req.induction_completed_on is None and not record.needs_induction:
                req.induction_completed_on = min(req.sentence_date + dt.timedelta(days=7), self.today)
            # Intake (issue 7): a new order's induction is done once its induction session has been.
            if record.needs_induction and record.induction_date is not None and record.induction_date < self.today:
                req.induction_completed_on = record.induction_date
            elif record.needs_induction and (self.today - req.sentence_date).days > 14:
                # Older new orders that no demo induction session took were inducted elsewhere.
                req.induction_completed_on = req.sentence_date + dt.timedelta(days=7)
            if req.status in (RequirementStatus.UNALLOCATED, RequirementStatus.IN_PROGRESS):
                req.next_review_on = self._next_review(req.sentence_date)
        Requirement.objects.bulk_create([r.requirement for r in self.records], batch_size=2000)
        self._reviews()
        Allocation.objects.bulk_create(allocations, batch_size=2000)
        AttendanceRecord.objects.bulk_create(attendance, batch_size=2000)
        HoursLedgerEntry.objects.bulk_create(ledger, batch_size=2000)
        EnforcementAction.objects.bulk_create(enforcement)
        self.counts["allocations"] = len(allocations)
        self.counts["attendance_records"] = len(attendance)
        self.counts["ledger_entries"] = len(ledger)
        self.counts["enforcement_actions"] = len(enforcement)

    def _outcome(self, record, s, allocation, duration, attendance, ledger, enforcement, last_project) -> None:
        rng = self.rng
        session, project = s.session, s.project
        req = record.requirement
        outcome = _weighted(
            rng, (("ATTC", 82), ("UACP", 7), ("AAME", 4), ("AAEM", 2), ("AFTC", 2), ("ATSH", 1), ("AAFC", 2))
        )
        if s.supervisors:
            recorded_by = s.supervisors[0].user
        else:
            recorded_by = self.partner_user_by_org.get(project.organisation.name)
        row = AttendanceRecord(allocation=allocation, outcome=outcome, recorded_by=recorded_by)
        attendance.append(row)
        if outcome not in ATTENDED_OUTCOMES:
            if outcome == "UACP" and rng.random() < 0.6:
                enforcement.append(
                    EnforcementAction(
                        requirement=req,
                        attendance=row,
                        kind=EnforcementKind.FIRST_WARNING,
                        letter_text=(
                            f"You did not attend unpaid work at {project.name} on {session.date:%d %B %Y} and gave "
                            "no acceptable reason. This is unacceptable. If you fail to comply again within 12 "
                            "months you will be returned to court."
                        ),
                        created_by=self.coordinator[s.region],
                    )
                )
            return
        late = 15 if outcome == "ATTC" and rng.random() < 0.05 else 0
        row.penalty_minutes = late
        row.arrived_at = _aware(session.date, session.start_time) + dt.timedelta(minutes=late)
        row.left_at = _aware(session.date, session.end_time)
        credit = duration - late
        if outcome == "ATSH":
            worked = rng.choice((90, 120, 150))
            row.left_at = row.arrived_at + dt.timedelta(minutes=worked)
            row.sent_home_reason = rng.choice(("Refused to follow safety instructions", "Smelled of alcohol"))
            credit = worked
        grades = (("excellent", 15), ("good", 50), ("satisfactory", 25), ("unsatisfactory", 8), ("poor", 2))
        row.work_quality = _weighted(rng, grades)
        row.behaviour = "poor" if outcome in ("AFTC", "ATSH") else _weighted(rng, grades)
        credit = min(credit, req.hours_ordered * 60 - record.credited)
        if credit <= 0:
            return
        record.credited += credit
        last_project[id(record)] = project
        if record.credited >= req.hours_ordered * 60:
            req.completed_at = row.left_at
        ledger.append(
            HoursLedgerEntry(
                requirement=req,
                kind=LedgerEntryKind.CREDIT,
                minutes=credit,
                attendance=row,
                reason=f"Attended {project.name} on {session.date:%d %b %Y}"[:200],
                author=recorded_by,
            )
        )


def people_digest() -> str:
    """A fingerprint of the people and their orders: equal for two runs with the same seed and dates."""
    digest = hashlib.sha256()
    rows = Person.objects.order_by("crn").values_list(
        "crn", "first_name", "last_name", "postcode", "latitude", "longitude", "availability_mask"
    )
    for row in rows:
        digest.update(repr(row).encode())
    for row in Requirement.objects.order_by("person__crn").values_list(
        "person__crn", "hours_ordered", "sentence_date", "minutes_credited", "status"
    ):
        digest.update(repr(row).encode())
    return digest.hexdigest()
