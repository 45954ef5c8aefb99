"""Forms for the partner portal, the review pages and the public nomination form.

Forms only check and shape input; the rules live in partners.services and partners.workflow.
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from partners import services, workflow
from partners.models import (
    Frequency,
    Nomination,
    NominationStatus,
    OrganisationKind,
    Project,
    ProjectStatus,
    ProjectType,
    WorkType,
)
from partners.uploads import validate_document, validate_image
from upw import domain, postcodes
from upw.models import Skill
from upw.web.govuk_forms import GovukForm, GovukModelForm

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


class TransitionForm(GovukForm):
    action = forms.ChoiceField(choices=[(a.value, a.value) for a in workflow.Action])
    message = forms.CharField(label="Message to the partner", widget=forms.Textarea, required=False, max_length=5000)


class ReviewFilterForm(GovukForm):
    status = forms.ChoiceField(
        label="Status",
        choices=[("awaiting", "Waiting for a decision"), *ProjectStatus.choices],
        required=False,
    )
    region = forms.ModelChoiceField(label="Region", queryset=None, required=False, empty_label="All my regions")
    q = forms.CharField(label="Project or partner", required=False, max_length=100)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class OrganisationForm(GovukForm):
    name = forms.CharField(label="Organisation name", max_length=150)
    kind = forms.ChoiceField(label="Kind", choices=OrganisationKind.choices, widget=forms.RadioSelect)
    region = forms.ModelChoiceField(
        label="Region (local partners)", queryset=None, required=False, empty_label="Choose a region"
    )
    contact_name = forms.CharField(label="Contact name", max_length=100, required=False)
    contact_email = forms.EmailField(label="Contact email", required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    def clean(self):
        data = super().clean()
        if data.get("kind") == OrganisationKind.LOCAL and not data.get("region"):
            self.add_error("region", "Choose the region of a local partner.")
        return data


class InvitationForm(GovukForm):
    email = forms.EmailField(label="Email address")
    is_organisation_admin = forms.BooleanField(
        label="They can invite and remove colleagues", required=False, initial=False
    )


class AcceptInvitationForm(GovukForm):
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    password = forms.CharField(
        label="Create a password", widget=forms.PasswordInput, help_text="At least 8 characters."
    )
    password_again = forms.CharField(label="Confirm your password", widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", "The passwords do not match.")
        return data


class NominationForm(GovukModelForm):
    # A field people never see; bots fill it in. Named to tempt them.
    website = forms.CharField(label="Leave this empty", required=False)

    class Meta:
        model = Nomination
        fields = [
            "name",
            "description",
            "location",
            "postcode",
            "toilets",
            "accessible",
            "nominator_name",
            "nominator_email",
            "nominator_phone",
            "organisation_name",
            "photo",
        ]
        labels = {
            "name": "What needs doing?",
            "description": "Tell us about the work and who it would help",
            "location": "Where is it?",
            "postcode": "Postcode",
            "toilets": "Are there toilets and handwashing on site?",
            "accessible": "Can people with limited mobility get to and around the site?",
            "nominator_name": "Your name",
            "nominator_email": "Your email address",
            "nominator_phone": "Your phone number (optional)",
            "organisation_name": "Organisation or group you represent (optional)",
            "photo": "A photo of the place (optional)",
        }
        help_texts = {
            "name": "For example, clear the overgrown path by the allotments.",
            "location": "An address or description of the place.",
            "nominator_email": "We'll tell you if and when the work can start.",
            "photo": "JPG or PNG, up to 10 MB.",
        }
        widgets = {"toilets": forms.RadioSelect, "accessible": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("toilets", "accessible"):
            self.fields[name].choices = YES_NO_UNKNOWN

    def clean_postcode(self) -> str:
        raw = self.cleaned_data["postcode"]
        if not postcodes.is_valid(raw):
            raise ValidationError(INVALID_POSTCODE)
        return postcodes.normalise(raw)

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            validate_image(upload)
        return upload

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def nomination_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class NominationTriageForm(GovukForm):
    status = forms.ChoiceField(
        label="Decision",
        choices=[
            (NominationStatus.UNDER_CONSIDERATION, "Under consideration"),
            (NominationStatus.DECLINED, "Decline (the nominator is told)"),
            (NominationStatus.NEW, "Back to new"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Note", widget=forms.Textarea, required=False, max_length=2000)


class NominationConvertForm(GovukForm):
    organisation = forms.ModelChoiceField(label="Partner organisation", queryset=None)
    work_type = forms.ChoiceField(label="Type of work", choices=WorkType.choices)
    project_type = forms.ChoiceField(
        label="Supervision",
        choices=[(t.value, t.label) for t in services.PARTNER_PROJECT_TYPES],
        initial=ProjectType.GROUP,
    )
    start_date = forms.DateField(label="Start date", initial=lambda: timezone.localdate() + dt.timedelta(days=28))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class PhotoForm(GovukForm):
    image = forms.FileField(label="Photo", help_text="JPG or PNG, up to 10 MB.")
    caption = forms.CharField(label="Caption", max_length=200)

    def clean_image(self):
        upload = self.cleaned_data["image"]
        validate_image(upload)
        return upload
