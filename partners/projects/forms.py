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
from upw.web.date_input import GovukDateField
from upw.web.filters import pdu_filter_field
from upw.web.govuk_forms import GovukForm

YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("unknown", "Not sure")]

END_BEFORE_START = "The end date must be the same as or after the start date."

SLOT_TIMES_NEEDED = "Enter a start and end time for {day}."

SLOT_END_BEFORE_START = "The end time for {day} must be after the start time."

INVALID_POSTCODE = "Enter a real postcode, like NE1 4XX"

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


NEEDED = services.NEEDED_FOR_REVIEW

DRAFT_SITE_NAME_NEEDED = "Enter the name of the site, or leave its address and postcode empty for now"

DRAFT_POSTCODE_NEEDED = "Enter the postcode of the site, or leave its name and address empty for now"


class ProjectFilterForm(GovukForm):
    q = forms.CharField(
        label="Project, partner or site",
        required=False,
        max_length=100,
        error_messages={"max_length": "The search must be 100 characters or fewer"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Any status"), *ProjectStatus.choices],
        required=False,
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    project_type = forms.ChoiceField(
        label="Type",
        choices=[("", "Any type"), *ProjectType.choices],
        required=False,
        error_messages={"invalid_choice": "Select a type of project from the list"},
    )
    pdu = pdu_filter_field()

    def __init__(self, *args, pdus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pdu"].queryset = pdus


class ProjectForm(GovukForm):
    """A partner's proposal: everything is checked in one pass, the site's postcode and name included,
    so that every problem shows at once.

    The intent is the button pressed: a draft needs only a name (anything else given must still be
    valid); submitting for review needs every answer, the days and times and the risk assessment;
    saving changes to a project already submitted needs every answer.
    """

    DRAFT, SUBMIT, SAVE = "draft", "submit", "save"

    name = forms.CharField(
        label="Project name",
        max_length=150,
        error_messages={
            "required": "Enter the name of the project",
            "max_length": "The project name must be 150 characters or fewer",
        },
    )
    description = forms.CharField(
        label="What is the work?",
        widget=forms.Textarea,
        help_text="Describe the tasks and what they achieve.",
        error_messages={"required": NEEDED["description"]},
    )
    beneficiary = forms.CharField(
        label="Who benefits?",
        max_length=200,
        help_text="For example, park users.",
        error_messages={
            "required": NEEDED["beneficiary"],
            "max_length": "Who benefits must be 200 characters or fewer",
        },
    )
    site_name = forms.CharField(
        label="Site name",
        max_length=150,
        error_messages={
            "required": NEEDED["site_name"],
            "max_length": "The site name must be 150 characters or fewer",
        },
    )
    address = forms.CharField(
        label="Site address",
        max_length=250,
        error_messages={
            "required": NEEDED["address"],
            "max_length": "The site address must be 250 characters or fewer",
        },
    )
    postcode = forms.CharField(
        label="Site postcode",
        max_length=10,
        error_messages={"required": NEEDED["postcode"], "max_length": INVALID_POSTCODE},
    )
    project_type = forms.ChoiceField(
        label="Who supervises the work?",
        choices=[(t.value, t.label) for t in services.PARTNER_PROJECT_TYPES],
        widget=forms.RadioSelect,
        initial=ProjectType.GROUP,
        error_messages={
            "required": "Select who supervises the work",
            "invalid_choice": "Select who supervises the work",
        },
    )
    work_type = forms.ChoiceField(
        label="Type of work",
        choices=[("", "Choose a type of work"), *WorkType.choices],
        error_messages={"required": NEEDED["work_type"], "invalid_choice": "Select a type of work from the list"},
    )
    skills = forms.ModelMultipleChoiceField(
        label="Skills that help",
        queryset=Skill.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Select skills from the list",
            "invalid_list": "Select skills from the list",
            "invalid_pk_value": "Select skills from the list",
        },
    )
    capacity = forms.IntegerField(
        label="How many people can work at once?",
        min_value=1,
        max_value=50,
        initial=6,
        help_text="Up to 8 for a group project (the group size), up to 50 for an individual placement.",
        error_messages={
            "required": "Enter how many people can work at once",
            "invalid": "The number of people must be a whole number, like 6",
            "min_value": "Enter a number of people between 1 and 50",
            "max_value": "Enter a number of people between 1 and 50",
        },
    )
    start_date = GovukDateField(
        label="Start date",
        what="start date",
        error_messages={"required": NEEDED["start_date"]},
    )
    end_date = GovukDateField(
        label="End date (optional)",
        what="end date",
        required=False,
        help_text="Leave empty if ongoing.",
    )
    risk_assessment = forms.FileField(
        label="Health and safety risk assessment",
        required=False,
        help_text="PDF, DOCX or ODT, up to 10 MB. You need one to submit the project.",
        error_messages={
            "invalid": "The risk assessment could not be read: choose the file again",
            "missing": "The risk assessment could not be read: choose the file again",
            "empty": "The selected risk assessment is empty",
            "contradiction": "Choose a new risk assessment or remove the current one, not both",
        },
    )

    def __init__(self, *args, intent: str = SAVE, organisation=None, project: Project | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.intent, self.organisation, self.project = intent, organisation, project
        for name in PROVIDED + SUITABILITY:
            self.fields[name] = forms.BooleanField(label=LABELS[name], required=False)
        for weekday, day in enumerate(domain.WEEKDAYS):
            self.fields[f"day_{weekday}"] = forms.BooleanField(label=day, required=False)
            self.fields[f"start_{weekday}"] = forms.TimeField(
                label=f"{day} start time",
                required=False,
                error_messages={"invalid": f"Enter the {day} start time on the 24-hour clock, like 09:00"},
            )
            self.fields[f"end_{weekday}"] = forms.TimeField(
                label=f"{day} end time",
                required=False,
                error_messages={"invalid": f"Enter the {day} end time on the 24-hour clock, like 16:30"},
            )
            self.fields[f"frequency_{weekday}"] = forms.ChoiceField(
                label=f"{day}: how often",
                choices=Frequency.choices,
                initial=Frequency.WEEKLY,
                required=False,
                error_messages={"invalid_choice": f"Select how often the work runs on {day}"},
            )
        if intent == self.DRAFT:
            for name, field in self.fields.items():
                field.required = name == "name"

    def clean_postcode(self) -> str:
        raw = self.cleaned_data["postcode"]
        if not raw:
            return raw
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
                if not self.has_error(f"start_{weekday}") and not self.has_error(f"end_{weekday}"):
                    self.add_error(f"start_{weekday}", SLOT_TIMES_NEEDED.format(day=day))
            elif finish <= begin:
                self.add_error(f"end_{weekday}", SLOT_END_BEFORE_START.format(day=day))
        project_type = data.get("project_type") or (self.project.project_type if self.project else None)
        error = services.capacity_error(project_type=project_type, capacity=data.get("capacity"))
        if error and not self.has_error("capacity"):
            self.add_error("capacity", error)
        if self.intent == self.SUBMIT:
            self._check_ready_for_review(data)
        if self.intent == self.DRAFT:
            self._check_draft_site(data)
        self._check_site(data)
        return data

    def _check_ready_for_review(self, data: dict) -> None:
        if not any(data.get(f"day_{weekday}") for weekday in range(7)):
            self.add_error("day_0", NEEDED["schedule"])
        has_file = data.get("risk_assessment") or (self.project is not None and self.project.risk_assessment)
        if not has_file and not self.has_error("risk_assessment"):
            self.add_error("risk_assessment", NEEDED["risk_assessment"])

    def _check_draft_site(self, data: dict) -> None:
        # A site is saved with at least its name and postcode, so a draft gives both or neither.
        given = [name for name in ("site_name", "address", "postcode") if data.get(name)]
        if not given or self.has_error("postcode"):
            return
        if not data.get("site_name"):
            self.add_error("site_name", DRAFT_SITE_NAME_NEEDED)
        if not data.get("postcode"):
            self.add_error("postcode", DRAFT_POSTCODE_NEEDED)

    def _check_site(self, data: dict) -> None:
        """Where the site is and whether its name is free, checked now rather than after a save."""
        if self.organisation is None or any(self.has_error(name) for name in ("site_name", "address", "postcode")):
            return
        details = self.site()
        if details is None:
            return
        try:
            services.check_site(organisation=self.organisation, details=details, project=self.project)
        except ValidationError as error:
            self.apply_service_error(error)

    # Shapes for the service.

    def project_fields(self) -> dict:
        """The project's answers; a draft's unanswered type and capacity keep their current values."""
        data = self.cleaned_data
        fields = {name: data.get(name) or "" for name in ("name", "description", "beneficiary", "work_type")}
        fields["start_date"] = data.get("start_date")
        fields["end_date"] = data.get("end_date")
        if data.get("project_type"):
            fields["project_type"] = data["project_type"]
        if data.get("capacity") is not None:
            fields["capacity"] = data["capacity"]
        for name in PROVIDED + SUITABILITY:
            fields[name] = bool(data.get(name))
        return fields

    def site(self) -> services.SiteDetails | None:
        """The site, or None while a draft has no name and postcode for it yet."""
        data = self.cleaned_data
        if not (data.get("site_name") and data.get("postcode")):
            return None
        return services.SiteDetails(
            name=data["site_name"], address=data.get("address") or "", postcode=data["postcode"]
        )

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
        "site_name": project.site.name if project.site else "",
        "address": project.site.address if project.site else "",
        "postcode": project.site.postcode if project.site else "",
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
    message = forms.CharField(
        label="Message",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={
            "required": services.EMPTY_MESSAGE,
            "max_length": "The message must be 5,000 characters or fewer",
        },
    )


class PhotoForm(GovukForm):
    image = forms.FileField(
        label="Photo",
        help_text="JPG or PNG, up to 10 MB.",
        error_messages={
            "required": "Select a photo",
            "invalid": "The photo could not be read: choose it again",
            "missing": "The photo could not be read: choose it again",
            "empty": "The selected photo is empty",
        },
    )
    caption = forms.CharField(
        label="Caption",
        max_length=200,
        error_messages={
            "required": "Enter a caption for the photo",
            "max_length": "The caption must be 200 characters or fewer",
        },
    )

    def clean_image(self):
        upload = self.cleaned_data["image"]
        validate_image(upload)
        return upload
