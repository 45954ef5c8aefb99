"""Partner organisations, their sites and projects, and each project's weekly schedule slots.

Local partners come from a list per region (made-up "Community Trust"s are added when more are
asked for), two real national organisations work in both regions, and the Probation Service runs
the induction sessions. Each project follows a `Template`: its kind of work, capacity, flags,
skills and schedule patterns.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from partners.models import (
    Frequency,
    OrganisationKind,
    PartnerMembership,
    PartnerOrganisation,
    Project,
    ProjectStatus,
    ProjectType,
    ScheduleSlot,
    Site,
    WorkType,
)

from . import places
from .common import FEMALE_FIRST, LAST_NAMES, MALE_FIRST, STREETS
from .places import District

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


class ProjectsMixin:
    """Builds the partner organisations and partner users' memberships, then the sites, projects and slots."""

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
