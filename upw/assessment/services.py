"""The unpaid work assessment: drafts, submission and versions.

An assessment is answered one section at a time (upw.assessment.forms validates each section;
the answers are kept per section in Assessment.answers). Submitting a version copies its answers onto
the Person fields, exclusion zones and non-associations that matching reads, so matching always
reads the latest submitted assessment from one place. A re-assessment is a new version that starts
from the answers of the latest one; earlier versions are never changed.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from upw import domain
from upw.core.access import may_see_sensitive, visible
from upw.models import (
    Assessment,
    AssessmentStatus,
    ExclusionZone,
    NonAssociation,
    Person,
    Skill,
    User,
)
from upw.models.requirements import ACTIVE_REQUIREMENT_STATUSES


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    # Risk and health answers are shown only to roles that may see sensitive details.
    sensitive: bool = False


SECTIONS = (
    Section("availability", "Availability"),
    Section("placement", "Placement preference"),
    Section("risk", "Risk and restrictions", sensitive=True),
    Section("health", "Health", sensitive=True),
    Section("travel", "Travel"),
    Section("skills", "Skills and plans"),
    Section("ete", "Education, training and employment"),
    Section("intensive", "Intensive working"),
)
SECTION_BY_KEY = {section.key: section for section in SECTIONS}

INCOMPLETE = "Answer every section before you submit: {sections} not done yet."
NOT_A_DRAFT = "This assessment has already been submitted."
INTENSIVE_NEEDS_UNEMPLOYED = (
    "Intensive working is for people who are unemployed (see education, training and employment)."
)


class AssessmentError(ValueError):
    pass


def sections_for(user: User) -> tuple[Section, ...]:
    """The sections the user may see: risk and health only for roles that may see sensitive details."""
    sensitive = may_see_sensitive(user)
    return tuple(section for section in SECTIONS if sensitive or not section.sensitive)


def latest_submitted(person: Person) -> Assessment | None:
    return person.assessments.filter(status=AssessmentStatus.SUBMITTED).order_by("-version").first()


def current_draft(person: Person) -> Assessment | None:
    return person.assessments.filter(status=AssessmentStatus.DRAFT).first()


def answers_from_person(person: Person) -> dict:
    """The answers a person's current details amount to (for a re-assessment of someone assessed
    before assessments were kept here)."""
    zones = [
        {
            "label": z.label,
            "postcode": z.postcode,
            "radius_km": z.radius_km,
            "latitude": z.latitude,
            "longitude": z.longitude,
        }
        for z in person.exclusion_zones.order_by("id")
    ]
    return {
        "availability": {
            "slots": [f"{d}-{p}" for d, p in sorted(person.availability)],
            "commitments": "",
        },
        "placement": {"placement_preference": person.placement_preference, "gender": person.gender, "gender_notes": ""},
        "risk": {
            "risk_level": person.risk_level,
            "supervisor_gender_restriction": person.supervisor_gender_restriction,
            "individual_only": person.individual_only,
            "unsuitable_for_individual": person.unsuitable_for_individual,
            "close_supervision": person.close_supervision,
            "not_public_facing": person.not_public_facing,
            "no_children": person.no_children,
            "no_vulnerable_adults": person.no_vulnerable_adults,
            "exclusion_zones": zones,
            "non_associations": [{"crn": crn, "reason": reason} for crn, reason in _non_associations_of(person)],
        },
        "health": {
            "no_heavy_work": person.no_heavy_work,
            "needs_accessible_site": person.needs_accessible_site,
            "health_notes": person.health_notes,
        },
        "travel": {
            "has_driving_licence": person.has_driving_licence,
            "has_vehicle": person.has_vehicle,
            "uses_public_transport": person.uses_public_transport,
            "max_travel_km": person.max_travel_km,
            "travel_time_allowed": person.travel_time_allowed,
        },
        "skills": {
            "skills": sorted(person.skills.values_list("code", flat=True)),
            "future_work_plans": person.future_work_plans,
            "reading_writing_difficulty": person.reading_writing_difficulty,
        },
        "ete": {"employment_status": person.employment_status, "ete_need": person.ete_need, "ete_notes": ""},
        "intensive": {
            "intensive": person.requirements.filter(status__in=ACTIVE_REQUIREMENT_STATUSES, intensive=True).exists(),
            "reach_28_hours_by": None,
        },
    }


def answers_from_order(person: Person) -> dict:
    """The answers the order already gave (gender and employment), by section: a first assessment's
    pages start from them rather than from nothing, so the assessor confirms rather than re-asks."""
    return {
        "placement": {"gender": person.gender},
        "ete": {"employment_status": person.employment_status},
    }


def _non_associations_of(person: Person) -> list[tuple[str, str]]:
    pairs = NonAssociation.objects.filter(Q(person_a=person) | Q(person_b=person)).select_related(
        "person_a", "person_b"
    )
    return sorted(
        (pair.person_b.crn if pair.person_a_id == person.id else pair.person_a.crn, pair.reason) for pair in pairs
    )


@transaction.atomic
def assessment_start(*, person: Person, by: User) -> Assessment:
    """The person's draft, or a new version that starts from the latest answers. Safe to repeat."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    draft = current_draft(person)
    if draft is not None:
        return draft
    latest = latest_submitted(person)
    if latest is not None:
        answers = latest.answers
    elif person.assessed_on is not None:
        answers = answers_from_person(person)
    else:
        answers = {}
    version = (person.assessments.aggregate(top=Max("version"))["top"] or 0) + 1
    try:
        with transaction.atomic():
            return Assessment.objects.create(person=person, version=version, answers=answers, started_by=by)
    except IntegrityError:
        return current_draft(person)


@transaction.atomic
def assessment_save_section(*, assessment: Assessment, section: str, answers: dict) -> Assessment:
    """Saves one section's validated answers into the draft."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_draft:
        raise AssessmentError(NOT_A_DRAFT)
    if section not in SECTION_BY_KEY:
        raise AssessmentError(f"No such section: {section}")
    assessment.answers = {**assessment.answers, section: answers}
    assessment.save(update_fields=["answers", "updated_at"])
    return assessment


def missing_sections(assessment: Assessment) -> list[Section]:
    return [section for section in SECTIONS if section.key not in assessment.answers]


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by: User, today: dt.date | None = None) -> Assessment:
    """Submits a complete draft and applies its answers to the person. Submitting twice is refused."""
    assessment = Assessment.objects.select_for_update().select_related("person").get(pk=assessment.pk)
    if not assessment.is_draft:
        raise AssessmentError(NOT_A_DRAFT)
    missing = missing_sections(assessment)
    if missing:
        raise AssessmentError(INCOMPLETE.format(sections=", ".join(s.title.lower() for s in missing)))
    answers = assessment.answers
    if answers["intensive"].get("intensive") and answers["ete"].get("employment_status") != "unemployed":
        raise AssessmentError(INTENSIVE_NEEDS_UNEMPLOYED)
    today = today or timezone.localdate()
    _apply(person=assessment.person, answers=answers, by=by, today=today)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_by = by
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    return assessment


def _apply(*, person: Person, answers: dict, by: User, today: dt.date) -> None:
    slots = answers["availability"]["slots"]
    person.availability_mask = domain.availability_mask(tuple(int(part) for part in slot.split("-")) for slot in slots)
    person.placement_preference = answers["placement"]["placement_preference"]
    person.gender = answers["placement"]["gender"]
    risk = answers["risk"]
    for name in domain.RESTRICTION_FIELDS:
        setattr(person, name, risk[name])
    for name in ("no_heavy_work", "needs_accessible_site", "health_notes"):
        setattr(person, name, answers["health"][name])
    for name in ("has_driving_licence", "has_vehicle", "uses_public_transport", "max_travel_km", "travel_time_allowed"):
        setattr(person, name, answers["travel"][name])
    person.future_work_plans = answers["skills"]["future_work_plans"]
    person.reading_writing_difficulty = answers["skills"]["reading_writing_difficulty"]
    person.employment_status = answers["ete"]["employment_status"]
    person.ete_need = answers["ete"]["ete_need"]
    person.assessed_on = today
    person.save()
    person.skills.set(Skill.objects.filter(code__in=answers["skills"]["skills"]))
    person.requirements.filter(status__in=ACTIVE_REQUIREMENT_STATUSES).update(
        intensive=bool(answers["intensive"]["intensive"])
    )

    person.exclusion_zones.all().delete()
    ExclusionZone.objects.bulk_create(
        ExclusionZone(
            person=person,
            label=zone["label"] or f"Exclusion zone around {zone['postcode']}",
            postcode=zone["postcode"],
            latitude=zone["latitude"],
            longitude=zone["longitude"],
            radius_km=zone["radius_km"],
        )
        for zone in risk["exclusion_zones"]
    )

    # The person's non-associations become those listed (a pair is one row, whoever recorded it).
    wanted = {item["crn"]: item["reason"] for item in risk["non_associations"]}
    # New pairs only with people the user may see: the form refused any other CRN.
    others = {p.crn: p for p in visible(by, Person).filter(crn__in=wanted)}
    existing = NonAssociation.objects.filter(Q(person_a=person) | Q(person_b=person)).select_related(
        "person_a", "person_b"
    )
    for pair in existing:
        other = pair.person_b if pair.person_a_id == person.id else pair.person_a
        if other.crn not in wanted:
            pair.delete()
        else:
            if pair.reason != wanted[other.crn]:
                pair.reason = wanted[other.crn][:200]
                pair.save(update_fields=["reason"])
            others.pop(other.crn, None)
    for crn, other in others.items():
        first, second = sorted((person, other), key=lambda p: p.id)
        NonAssociation.objects.create(person_a=first, person_b=second, reason=wanted[crn][:200], created_by=by)
