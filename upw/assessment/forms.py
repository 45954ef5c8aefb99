"""One form per section of the unpaid work assessment (upw.assessment.services.SECTIONS).

Each form validates one question page; `answers()` turns its cleaned data into the JSON kept in the
draft, and `initial_from(answers)` turns a saved section back into the form's initial values.
"""

import re

from django import forms

from upw import domain
from upw.assessment import services as assessment_services
from upw.core.access import visible
from upw.core.geocoding import GeocodingError, geocode
from upw.models import NonAssociation, Person, Skill, User
from upw.models.people import (
    EmploymentStatus,
    Gender,
    PlacementPreference,
    RiskLevel,
    SupervisorGenderRestriction,
)
from upw.people import services as people_services
from upw.web.date_input import GovukDateField
from upw.web.govuk_forms import GovukForm

ZONES = 3
MAX_RADIUS_KM = 50

NO_SLOTS = "Select at least one time of the week the person can work"
FEMALE_ONLY_FOR_WOMEN = "A female-only group is offered to women: choose another placement"
BOTH_INDIVIDUAL_RULES = "A person cannot be both individual-only and unsuitable for an individual placement"
ZONE_POSTCODE_NEEDED = "Enter the postcode at the centre of exclusion zone {n}"
ZONE_RADIUS_NEEDED = f"Enter the radius of exclusion zone {{n}}, from 0.1 to {MAX_RADIUS_KM} km"
NON_ASSOCIATION_LINE = 'Line {n}: start with the CRN of the person, then the reason, like "X123456 Restraining order"'
NON_ASSOCIATION_UNKNOWN = "Line {n}: no person with CRN {crn} is recorded"
NON_ASSOCIATION_SELF = "Line {n}: a person cannot be kept apart from themselves"
NON_ASSOCIATION_HELD = "Line {n}: " + people_services.HELD_BY_ANOTHER_REGION
VEHICLE_WITHOUT_LICENCE = "A person with access to a vehicle they drive needs a driving licence"
INTENSIVE_DATE_NEEDED = "Enter when the person should reach 28 hours a week"

_CRN_LINE = re.compile(r"^\s*([A-Za-z][0-9]{6})\b[\s,:;-]*(.*)$")


def _slot_choices() -> list[tuple[str, str]]:
    return [
        (f"{d}-{p}", f"{day} {part}")
        for d, day in enumerate(domain.WEEKDAYS)
        for p, part in enumerate(domain.PARTS_OF_DAY)
    ]


class SectionForm(GovukForm):
    def answers(self) -> dict:
        return dict(self.cleaned_data)

    @classmethod
    def initial_from(cls, answers: dict | None) -> dict:
        return dict(answers or {})


class AvailabilityForm(SectionForm):
    slots = forms.MultipleChoiceField(
        label="When can the person work?",
        choices=_slot_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": NO_SLOTS, "invalid_choice": NO_SLOTS, "invalid_list": NO_SLOTS},
    )
    commitments = forms.CharField(
        label="Work, education, caring or religious commitments to respect (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Commitments must be 1,000 characters or fewer"},
    )


class PlacementForm(SectionForm):
    placement_preference = forms.ChoiceField(
        label="Which placement suits the person?",
        choices=PlacementPreference.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the placement that suits the person",
            "invalid_choice": "Select the placement that suits the person",
        },
    )
    gender = forms.ChoiceField(
        label="Gender, as discussed with the person",
        choices=Gender.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person's gender", "invalid_choice": "Select the person's gender"},
    )
    gender_notes = forms.CharField(
        label="Anything about gender identity to take into account (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Notes on gender identity must be 500 characters or fewer"},
    )

    def clean(self):
        data = super().clean()
        if data.get("placement_preference") == PlacementPreference.FEMALE_ONLY and data.get("gender") == Gender.MALE:
            self.add_error("placement_preference", FEMALE_ONLY_FOR_WOMEN)
        return data


class RiskForm(SectionForm):
    risk_level = forms.ChoiceField(
        label="Risk of serious harm",
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the person's risk of serious harm",
            "invalid_choice": "Select the person's risk of serious harm",
        },
    )
    supervisor_gender_restriction = forms.ChoiceField(
        label="Supervisor restriction",
        choices=SupervisorGenderRestriction.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select a supervisor restriction from the list"},
    )
    individual_only = forms.BooleanField(label="Risk in a group: individual placement only", required=False)
    unsuitable_for_individual = forms.BooleanField(
        label="Unsuitable for an individual (partner-supervised) placement", required=False
    )
    close_supervision = forms.BooleanField(label="Needs close supervision", required=False)
    not_public_facing = forms.BooleanField(label="Unsuitable for public-facing work", required=False)
    no_children = forms.BooleanField(label="No contact with children", required=False)
    no_vulnerable_adults = forms.BooleanField(label="No contact with vulnerable adults", required=False)
    non_associations = forms.CharField(
        label="People the person must never work with (optional)",
        help_text='One a line: their CRN and the reason, like "X123456 Restraining order".',
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The people to keep apart must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, person: Person, user: User, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person, self.user, self.request = person, user, request
        for n in range(1, ZONES + 1):
            self.fields[f"zone_{n}_label"] = forms.CharField(
                label=f"Exclusion zone {n}: what it protects (optional)",
                required=False,
                max_length=100,
                error_messages={"max_length": f"What exclusion zone {n} protects must be 100 characters or fewer"},
            )
            self.fields[f"zone_{n}_postcode"] = forms.CharField(
                label=f"Exclusion zone {n}: postcode at its centre",
                required=False,
                max_length=8,
                error_messages={"max_length": f"Enter a real postcode for exclusion zone {n}, like NE1 4XX"},
            )
            self.fields[f"zone_{n}_radius_km"] = forms.FloatField(
                label=f"Exclusion zone {n}: radius in km",
                required=False,
                min_value=0.1,
                max_value=MAX_RADIUS_KM,
                error_messages={
                    "invalid": f"The radius of exclusion zone {n} must be a number of km, like 1.5",
                    "min_value": ZONE_RADIUS_NEEDED.format(n=n),
                    "max_value": ZONE_RADIUS_NEEDED.format(n=n),
                },
            )

    def zone_rows(self) -> list[tuple]:
        return [
            (n, self[f"zone_{n}_label"], self[f"zone_{n}_postcode"], self[f"zone_{n}_radius_km"])
            for n in range(1, ZONES + 1)
        ]

    def clean(self):
        data = super().clean()
        if data.get("individual_only") and data.get("unsuitable_for_individual"):
            self.add_error("unsuitable_for_individual", BOTH_INDIVIDUAL_RULES)
        zones = []
        for n in range(1, ZONES + 1):
            label = data.get(f"zone_{n}_label") or ""
            postcode = (data.get(f"zone_{n}_postcode") or "").strip()
            radius = data.get(f"zone_{n}_radius_km")
            if not (label or postcode or radius is not None) and f"zone_{n}_radius_km" not in self.errors:
                continue
            if not postcode:
                self.add_error(f"zone_{n}_postcode", ZONE_POSTCODE_NEEDED.format(n=n))
                continue
            if radius is None:
                if f"zone_{n}_radius_km" not in self.errors:
                    self.add_error(f"zone_{n}_radius_km", ZONE_RADIUS_NEEDED.format(n=n))
                continue
            try:
                place = geocode(postcode)
            except GeocodingError as problem:
                self.add_error(f"zone_{n}_postcode", str(problem))
                continue
            zones.append(
                {
                    "label": label,
                    "postcode": place.postcode,
                    "radius_km": radius,
                    "latitude": place.latitude,
                    "longitude": place.longitude,
                }
            )
        data["exclusion_zones"] = zones
        data["non_associations_list"] = self._non_associations(data.get("non_associations") or "")
        return data

    def _non_associations(self, text: str) -> list[dict]:
        found, problems = [], []
        lines = [line for line in text.splitlines() if line.strip()]
        crns = set()
        for n, line in enumerate(lines, start=1):
            match = _CRN_LINE.match(line)
            if not match:
                problems.append(NON_ASSOCIATION_LINE.format(n=n))
                continue
            crn, reason = match.group(1).upper(), match.group(2).strip() or "Non-association"
            if crn == self.person.crn:
                problems.append(NON_ASSOCIATION_SELF.format(n=n))
                continue
            crns.add(crn)
            found.append({"crn": crn, "reason": reason[:200], "line": n})
        # A pair already recorded stays listed whoever holds the other person now; a new one is
        # looked up only among the people the user may see.
        paired = set(NonAssociation.objects.filter(person_a=self.person).values_list("person_b__crn", flat=True)) | set(
            NonAssociation.objects.filter(person_b=self.person).values_list("person_a__crn", flat=True)
        )
        held = people_services.cases_held_elsewhere(user=self.user, crns=crns - paired, request=self.request)
        known = paired | set(visible(self.user, Person).filter(crn__in=crns).values_list("crn", flat=True))
        for item in found:
            if item["crn"] in held:
                problems.append(NON_ASSOCIATION_HELD.format(n=item["line"]))
            elif item["crn"] not in known:
                problems.append(NON_ASSOCIATION_UNKNOWN.format(n=item["line"], crn=item["crn"]))
        for problem in problems:
            self.add_error("non_associations", problem)
        return [{"crn": item["crn"], "reason": item["reason"]} for item in found]

    def answers(self) -> dict:
        data = self.cleaned_data
        answers = {key: data[key] for key in domain.RESTRICTION_FIELDS}
        answers["supervisor_gender_restriction"] = answers["supervisor_gender_restriction"] or ""
        answers["exclusion_zones"] = data["exclusion_zones"]
        answers["non_associations"] = data["non_associations_list"]
        return answers

    @classmethod
    def initial_from(cls, answers: dict | None) -> dict:
        answers = dict(answers or {})
        initial = {k: v for k, v in answers.items() if k not in ("exclusion_zones", "non_associations")}
        for n, zone in enumerate(answers.get("exclusion_zones") or [], start=1):
            initial[f"zone_{n}_label"] = zone.get("label", "")
            initial[f"zone_{n}_postcode"] = zone.get("postcode", "")
            initial[f"zone_{n}_radius_km"] = zone.get("radius_km")
        initial["non_associations"] = "\n".join(
            f"{item['crn']} {item['reason']}" for item in answers.get("non_associations") or []
        )
        return initial


class HealthForm(SectionForm):
    no_heavy_work = forms.BooleanField(label="No heavy work", required=False)
    needs_accessible_site = forms.BooleanField(label="Needs a site with access for limited mobility", required=False)
    health_notes = forms.CharField(
        label="Disabilities, mental health, epilepsy, pregnancy, allergies and adjustments (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Health notes must be 2,000 characters or fewer"},
    )


class TravelForm(SectionForm):
    has_driving_licence = forms.BooleanField(label="Has a driving licence", required=False)
    has_vehicle = forms.BooleanField(label="Has access to a vehicle", required=False)
    uses_public_transport = forms.BooleanField(label="Can use public transport", required=False)
    max_travel_km = forms.IntegerField(
        label="Furthest the person can travel to a placement, in km",
        min_value=1,
        max_value=200,
        error_messages={
            "required": "Enter how far the person can travel to a placement, in km",
            "invalid": "The furthest the person can travel must be a whole number of km, like 15",
            "min_value": "Enter a distance between 1 and 200 km",
            "max_value": "Enter a distance between 1 and 200 km",
        },
    )
    travel_time_allowed = forms.BooleanField(label="Travel time may be credited", required=False)

    def clean(self):
        data = super().clean()
        if data.get("has_vehicle") and not data.get("has_driving_licence"):
            self.add_error("has_vehicle", VEHICLE_WITHOUT_LICENCE)
        return data


class SkillsForm(SectionForm):
    skills = forms.MultipleChoiceField(
        label="Work skills the person can use (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select skills from the list", "invalid_list": "Select skills from the list"},
    )
    future_work_plans = forms.CharField(
        label="Future work plans a placement could support (optional)",
        required=False,
        max_length=500,
        error_messages={"max_length": "Future work plans must be 500 characters or fewer"},
    )
    reading_writing_difficulty = forms.BooleanField(label="Has difficulty reading or writing", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].choices = list(Skill.objects.values_list("code", "name"))


class EteForm(SectionForm):
    employment_status = forms.ChoiceField(
        label="Employment",
        choices=EmploymentStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the person's employment",
            "invalid_choice": "Select the person's employment",
        },
    )
    ete_need = forms.BooleanField(label="Has an education, training or employment need", required=False)
    ete_notes = forms.CharField(
        label="Notes on that need (optional)",
        required=False,
        max_length=1000,
        error_messages={"max_length": "Notes on that need must be 1,000 characters or fewer"},
    )


class IntensiveForm(SectionForm):
    intensive = forms.BooleanField(
        label="Intensive working: up to 28 hours a week (unemployed people only)", required=False
    )
    reach_28_hours_by = GovukDateField(
        label="When should the person reach 28 hours a week?",
        what="date to reach 28 hours a week",
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("intensive") and not data.get("reach_28_hours_by"):
            self.add_error("reach_28_hours_by", INTENSIVE_DATE_NEEDED)
        return data

    def answers(self) -> dict:
        day = self.cleaned_data.get("reach_28_hours_by")
        return {"intensive": self.cleaned_data["intensive"], "reach_28_hours_by": day.isoformat() if day else None}


FORMS = {
    "availability": AvailabilityForm,
    "placement": PlacementForm,
    "risk": RiskForm,
    "health": HealthForm,
    "travel": TravelForm,
    "skills": SkillsForm,
    "ete": EteForm,
    "intensive": IntensiveForm,
}


def section_form(
    key: str, *, person: Person, user: User, request=None, data=None, answers: dict | None = None
) -> SectionForm:
    form_class = FORMS[key]
    kwargs = {"person": person, "user": user, "request": request} if form_class is RiskForm else {}
    if answers is None:
        # A page not answered yet in this version starts from what the order said.
        answers = assessment_services.answers_from_order(person).get(key)
    return form_class(data=data, initial=form_class.initial_from(answers), **kwargs)


def _yes_no(value) -> str:
    return "Yes" if value else "No"


def _label(choices, value) -> str:
    return dict(choices).get(value, value or "Not given")


def summary(key: str, answers: dict) -> list[tuple[str, str]]:
    """The check-your-answers rows of one saved section: (question, answer in words)."""
    a = answers or {}
    if key == "availability":
        slots = set(a.get("slots") or [])
        by_day = []
        for d, day in enumerate(domain.WEEKDAYS):
            parts = [part for p, part in enumerate(domain.PARTS_OF_DAY) if f"{d}-{p}" in slots]
            if parts:
                by_day.append(f"{day}: {', '.join(parts)}")
        return [("When they can work", "; ".join(by_day) or "Never"), ("Commitments", a.get("commitments") or "None")]
    if key == "placement":
        return [
            ("Placement", _label(PlacementPreference.choices, a.get("placement_preference"))),
            ("Gender", _label(Gender.choices, a.get("gender"))),
            ("Gender identity notes", a.get("gender_notes") or "None"),
        ]
    if key == "risk":
        flags = [
            label
            for name, label in (
                ("individual_only", "Individual placement only"),
                ("unsuitable_for_individual", "Unsuitable for an individual placement"),
                ("close_supervision", "Close supervision"),
                ("not_public_facing", "Not public-facing"),
                ("no_children", "No contact with children"),
                ("no_vulnerable_adults", "No contact with vulnerable adults"),
            )
            if a.get(name)
        ]
        zones = [
            f"{z['radius_km']:g} km around {z['postcode']} ({z['label'] or 'no label'})"
            for z in a.get("exclusion_zones") or []
        ]
        apart = [f"{item['crn']}: {item['reason']}" for item in a.get("non_associations") or []]
        return [
            ("Risk of serious harm", _label(RiskLevel.choices, a.get("risk_level"))),
            (
                "Supervisor restriction",
                _label(SupervisorGenderRestriction.choices, a.get("supervisor_gender_restriction") or ""),
            ),
            ("Restrictions", "; ".join(flags) or "None"),
            ("Exclusion zones", "; ".join(zones) or "None"),
            ("Never with", "; ".join(apart) or "Nobody"),
        ]
    if key == "health":
        return [
            ("No heavy work", _yes_no(a.get("no_heavy_work"))),
            ("Needs an accessible site", _yes_no(a.get("needs_accessible_site"))),
            ("Health notes", a.get("health_notes") or "None"),
        ]
    if key == "travel":
        return [
            ("Driving licence", _yes_no(a.get("has_driving_licence"))),
            ("Vehicle", _yes_no(a.get("has_vehicle"))),
            ("Public transport", _yes_no(a.get("uses_public_transport"))),
            ("Furthest travel", f"{a.get('max_travel_km')} km"),
            ("Travel time credited", _yes_no(a.get("travel_time_allowed"))),
        ]
    if key == "skills":
        names = dict(Skill.objects.filter(code__in=a.get("skills") or []).values_list("code", "name"))
        return [
            ("Skills", ", ".join(names.get(code, code) for code in a.get("skills") or []) or "None"),
            ("Future work plans", a.get("future_work_plans") or "None"),
            ("Reading or writing difficulty", _yes_no(a.get("reading_writing_difficulty"))),
        ]
    if key == "ete":
        return [
            ("Employment", _label(EmploymentStatus.choices, a.get("employment_status"))),
            ("Education, training or employment need", _yes_no(a.get("ete_need"))),
            ("Notes", a.get("ete_notes") or "None"),
        ]
    if key == "intensive":
        return [
            ("Intensive working", _yes_no(a.get("intensive"))),
            ("Reach 28 hours a week by", a.get("reach_28_hours_by") or "Not applicable"),
        ]
    return []
