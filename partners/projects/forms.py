"""Project forms: the partner's proposal form, messages, photos and the project list's filters."""

from django import forms
from django.core.exceptions import ValidationError

from partners.models import (
    Frequency,
    Project,
    ProjectStatus,
    ProjectType,
    WorkType,
)
from partners.projects import services
from partners.uploads import validate_document, validate_image
from upw import domain
from upw.core import postcodes
from upw.models import Skill
from upw.web.govuk_forms import GovukForm

YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("unknown", "Not sure")]

END_BEFORE_START = "The end date must be the same as or after the start date."

SLOT_TIMES_NEEDED = "Enter a start and end time for {day}."

SLOT_END_BEFORE_START = "The end time for {day} must be after the start time."

INVALID_POSTCODE = "Enter a real postcode, like NE1 4XX."

PROVIDED = ("tools_provided", "ppe_provided", "toilets", "shelter", "hi_vis_required")

SUITABILITY = ("involves_children", "involves_vulnerable_adults", "public_facing", "accessible_site", "heavy_work")

LABELS = {
    "tools_provided": "Tools",
    "ppe_provided": "Personal protective equipment (gloves, boots, goggles)",
    "toilets": "Toilets and handwashing",
    "shelter": "Shelter and somewhere to eat",
    "hi_vis_required": "Hi-vis is required on site (Community Payback vests or tabards)",
    "involves_children": "Contact with children",
    "involves_vulnerable_adults": "Contact with vulnerable adults",
    "public_facing": "Public-facing (people work where the public can see or talk to them)",
    "accessible_site": "Accessible to people with limited mobility",
    "heavy_work": "Heavy work (lifting, digging, sustained physical effort)",
}


class ProjectFilterForm(GovukForm):
    q = forms.CharField(label="Project, partner or site", required=False, max_length=100)
    status = forms.ChoiceField(label="Status", choices=[("", "Any status"), *ProjectStatus.choices], required=False)
    project_type = forms.ChoiceField(label="Type", choices=[("", "Any type"), *ProjectType.choices], required=False)


class ProjectForm(GovukForm):
    name = forms.CharField(label="Project name", max_length=150)
    description = forms.CharField(
        label="What is the work?", widget=forms.Textarea, help_text="Describe the tasks and what they achieve."
    )
    beneficiary = forms.CharField(label="Who benefits?", max_length=200, help_text="For example, park users.")
    site_name = forms.CharField(label="Site name", max_length=150)
    address = forms.CharField(label="Site address", max_length=250)
    postcode = forms.CharField(label="Site postcode", max_length=10)
    project_type = forms.ChoiceField(
        label="Who supervises the work?",
        choices=[(t.value, t.label) for t in services.PARTNER_PROJECT_TYPES],
        widget=forms.RadioSelect,
        initial=ProjectType.GROUP,
    )
    work_type = forms.ChoiceField(label="Type of work", choices=[("", "Choose a type of work"), *WorkType.choices])
    skills = forms.ModelMultipleChoiceField(
        label="Skills that help", queryset=Skill.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    capacity = forms.IntegerField(
        label="How many people can work at once?", min_value=1, max_value=50, initial=6, help_text="Up to 50."
    )
    start_date = forms.DateField(label="Start date", help_text="For example, 2027-03-01.")
    end_date = forms.DateField(label="End date (optional)", required=False, help_text="Leave empty if ongoing.")
    risk_assessment = forms.FileField(
        label="Health and safety risk assessment",
        required=False,
        help_text="PDF, DOCX or ODT, up to 10 MB. You need one to submit the project.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PROVIDED + SUITABILITY:
            self.fields[name] = forms.BooleanField(label=LABELS[name], required=False)
        for weekday, day in enumerate(domain.WEEKDAYS):
            self.fields[f"day_{weekday}"] = forms.BooleanField(label=day, required=False)
            self.fields[f"start_{weekday}"] = forms.TimeField(label=f"{day} start time", required=False)
            self.fields[f"end_{weekday}"] = forms.TimeField(label=f"{day} end time", required=False)
            self.fields[f"frequency_{weekday}"] = forms.ChoiceField(
                label=f"{day}: how often", choices=Frequency.choices, initial=Frequency.WEEKLY, required=False
            )

    def clean_postcode(self) -> str:
        raw = self.cleaned_data["postcode"]
        if not postcodes.is_valid(raw):
            raise ValidationError(INVALID_POSTCODE)
        return postcodes.normalise(raw)

    def clean_risk_assessment(self):
        upload = self.cleaned_data.get("risk_assessment")
        if upload:
            validate_document(upload)
        return upload

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", END_BEFORE_START)
        for weekday, day in enumerate(domain.WEEKDAYS):
            if not data.get(f"day_{weekday}"):
                continue
            begin, finish = data.get(f"start_{weekday}"), data.get(f"end_{weekday}")
            if begin is None or finish is None:
                self.add_error(f"start_{weekday}", SLOT_TIMES_NEEDED.format(day=day))
            elif finish <= begin:
                self.add_error(f"end_{weekday}", SLOT_END_BEFORE_START.format(day=day))
        return data

    # Shapes for the service.

    def project_fields(self) -> dict:
        data = self.cleaned_data
        names = ("name", "description", "beneficiary", "project_type", "work_type", "capacity", "start_date")
        fields = {name: data[name] for name in names}
        fields["end_date"] = data.get("end_date")
        for name in PROVIDED + SUITABILITY:
            fields[name] = bool(data.get(name))
        return fields

    def site(self) -> services.SiteDetails:
        data = self.cleaned_data
        return services.SiteDetails(name=data["site_name"], address=data["address"], postcode=data["postcode"])

    def slots(self) -> list[services.Slot]:
        data = self.cleaned_data
        return [
            services.Slot(
                weekday=weekday,
                start_time=data[f"start_{weekday}"],
                end_time=data[f"end_{weekday}"],
                frequency=data.get(f"frequency_{weekday}") or Frequency.WEEKLY,
            )
            for weekday in range(7)
            if data.get(f"day_{weekday}")
        ]

    # Template helpers.

    def provided_fields(self):
        return [self[name] for name in PROVIDED]

    def suitability_fields(self):
        return [self[name] for name in SUITABILITY]

    def schedule_rows(self):
        return [(self[f"day_{d}"], self[f"start_{d}"], self[f"end_{d}"], self[f"frequency_{d}"]) for d in range(7)]

    def apply_service_error(self, error: ValidationError) -> None:
        """Puts a service's ValidationError on the right fields."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


def initial_for(project: Project) -> dict:
    """The form's initial values for an existing project."""
    initial = {
        "name": project.name,
        "description": project.description,
        "beneficiary": project.beneficiary,
        "site_name": project.site.name,
        "address": project.site.address,
        "postcode": project.site.postcode,
        "project_type": project.project_type,
        "work_type": project.work_type,
        "skills": list(project.skills.all()),
        "capacity": project.capacity,
        "start_date": project.start_date,
        "end_date": project.end_date,
    }
    for name in PROVIDED + SUITABILITY:
        initial[name] = getattr(project, name)
    for slot in project.schedule.all():
        initial[f"day_{slot.weekday}"] = True
        initial[f"start_{slot.weekday}"] = slot.start_time.strftime("%H:%M")
        initial[f"end_{slot.weekday}"] = slot.end_time.strftime("%H:%M")
        initial[f"frequency_{slot.weekday}"] = slot.frequency
    return initial


class MessageForm(GovukForm):
    message = forms.CharField(label="Message", widget=forms.Textarea, max_length=5000)


class PhotoForm(GovukForm):
    image = forms.FileField(label="Photo", help_text="JPG or PNG, up to 10 MB.")
    caption = forms.CharField(label="Caption", max_length=200)

    def clean_image(self):
        upload = self.cleaned_data["image"]
        validate_image(upload)
        return upload
