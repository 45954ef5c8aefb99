"""Overdue outcomes: the list's filters, and a whole session's outcomes in one form."""

from django import forms

from upw.models.attendance import GRADED_OUTCOMES, Grade, OutcomeCode
from upw.web.govuk_forms import GovukForm

GRADES = [("", "Choose a grade"), *Grade.choices]


class SessionOutcomesForm(GovukForm):
    """Everyone attended and complied (ATTC) with these grades, except those given another outcome."""

    work_quality = forms.ChoiceField(
        label="Quality of the work (for everyone who attended)",
        required=False,
        choices=GRADES,
        error_messages={"invalid_choice": "Choose a grade for the quality of the work from the list"},
    )
    behaviour = forms.ChoiceField(
        label="Behaviour (for everyone who attended)",
        required=False,
        choices=GRADES,
        error_messages={"invalid_choice": "Choose a grade for behaviour from the list"},
    )

    def __init__(self, *args, places=(), outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.places = list(places)
        choices = [(code, f"{code}: {OutcomeCode(code).label}") for code in outcomes]
        for place in self.places:
            person = place.requirement.person
            self.fields[f"outcome_{place.pk}"] = forms.ChoiceField(
                label=f"Outcome for {person.crn}",
                choices=choices,
                initial="ATTC",
                error_messages={
                    "required": f"Choose an outcome for {person.crn}",
                    "invalid_choice": f"Choose an outcome for {person.crn} from the list",
                },
            )
            self.fields[f"note_{place.pk}"] = forms.CharField(
                label=f"Note for {person.crn} (why they were sent home, if they were)",
                required=False,
                max_length=200,
                error_messages={"max_length": "The note must be 200 characters or fewer"},
            )

    def rows(self):
        return [(place, self[f"outcome_{place.pk}"], self[f"note_{place.pk}"]) for place in self.places]

    def clean(self):
        data = super().clean()
        graded = any(data.get(f"outcome_{p.pk}") in GRADED_OUTCOMES for p in self.places)
        if graded:
            if not data.get("work_quality"):
                self.add_error("work_quality", "Choose the quality of the work done")
            if not data.get("behaviour"):
                self.add_error("behaviour", "Choose how the people who attended behaved")
        for place in self.places:
            if data.get(f"outcome_{place.pk}") in ("ATSH", "ATSS") and not data.get(f"note_{place.pk}"):
                self.add_error(f"note_{place.pk}", f"Say why {place.requirement.person.crn} was sent home")
        return data


class OverdueFilterForm(GovukForm):
    region = forms.TypedChoiceField(
        label="Region",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a region from the list"},
    )
    project = forms.TypedChoiceField(
        label="Project",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a project from the list"},
    )
    supervisor = forms.TypedChoiceField(
        label="Supervisor",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a supervisor from the list"},
    )

    def __init__(self, *args, regions=(), projects=(), supervisors=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name, options in (("region", regions), ("project", projects), ("supervisor", supervisors)):
            self.fields[name].choices = [("", "All"), *options]
