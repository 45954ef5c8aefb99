"""People on probation and their orders (requirements): restrictions, availability, exclusion zones and
non-associations.

Requirements are kept unsaved beside their people (in `PersonRecord`) until allocation has worked
out their final totals; history.py writes them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from upw import domain
from upw.models import ExclusionZone, NonAssociation, Person, Requirement, RequirementStatus
from upw.models.requirements import Concurrency, OrderType

from . import places
from .common import FEMALE_FIRST, LAST_NAMES, MALE_FIRST, NONBINARY_FIRST, REGIONAL_FIRST, STREETS, aware, weighted
from .places import District
from .regions import POSTCODE_LETTERS, SKILLS, km_between

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


@dataclass(eq=False)
class PersonRecord:
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
    induction_date: dt.date | None = None  # the induction session they were booked on, if any
    paused: bool = False
    dates: set = field(default_factory=set)
    weeks: dict = field(default_factory=lambda: defaultdict(int))
    avoid: list = field(default_factory=list)  # other PersonRecords: non-associations


class PeopleMixin:
    """Builds the people, their requirements (unsaved), exclusion zones and non-associations."""

    def people(self) -> None:
        rng = self.rng
        taken = set(Person.objects.values_list("crn", flat=True))
        self.records: list[PersonRecord] = []
        zones: list[tuple[PersonRecord, ExclusionZone]] = []
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
                employment = weighted(rng, (("employed", 40), ("unemployed", 45), ("education", 5), ("unable", 10)))
                carer = rng.random() < (0.3 if female else 0.08)
                mask = self._availability(employment, carer)
                individual_only = rng.random() < 0.03
                unsuitable_for_individual = not individual_only and rng.random() < 0.05
                if individual_only:
                    preference = "individual"
                elif female:
                    preference = weighted(rng, (("female_only", 40), ("individual", 30), ("mixed_group", 30)))
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
                    risk_level=weighted(rng, (("low", 45), ("medium", 40), ("high", 13), ("very_high", 2))),
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

    def _requirement(self, person, region_code, district, pdu, employment, number) -> PersonRecord:
        rng = self.rng
        hours = weighted(rng, HOURS_WEIGHTS)
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
        bucket = weighted(rng, (("not_started", 12), ("completed", 8), ("behind", 35), ("on_pace", 30), ("ahead", 15)))
        new = (self.start - sentence).days < 21
        if new:
            bucket = "not_started"
        # People are assessed on the day of sentence, except about half of the
        # orders of the last week, still waiting for their assessment (no random draw: the rest of the
        # demo stays as it was).
        waiting_for_assessment = (self.today - sentence).days < 7 and number % 2 == 0
        person.assessed_on = None if waiting_for_assessment else sentence
        prior = 0
        completed_at = None
        if bucket == "completed" and sentence < self.start - dt.timedelta(days=60):
            prior = ordered
            done = sentence + dt.timedelta(days=rng.randint(30, max((self.start - sentence).days - 1, 30)))
            completed_at = aware(min(done, self.start - dt.timedelta(days=1)), dt.time(16, 30))
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
            concurrency=weighted(
                rng, ((Concurrency.SINGLE, 92), (Concurrency.CONCURRENT, 5), (Concurrency.ADDITIONAL, 3))
            ),
            sentence_date=sentence,
            hours_ordered=hours,
            deadline=deadline,
            intensive=intensive,
            minutes_credited=prior,
            completed_at=completed_at,
            ended_at=completed_at,
            status=RequirementStatus.COMPLETED if prior >= ordered else RequirementStatus.UNALLOCATED,
            created_by=self.coordinator[region_code],
        )
        weekly_limit = rng.choice((3, 4)) if intensive else (2 if rng.random() < 0.25 else 1)
        return PersonRecord(
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
