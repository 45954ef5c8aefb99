from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from upw import models as m
from upw.core.tokens import revoke_token
from upw.retention.services import REASON_REQUIRED, ErasureError, erase_person


@admin.register(m.User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "regions")
    fieldsets = (*BaseUserAdmin.fieldsets, ("Role and scope", {"fields": ("role", "regions")}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("Role and scope", {"fields": ("role", "regions")}))
    filter_horizontal = ("regions", "groups", "user_permissions")


@admin.register(m.Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.register(m.ProbationDeliveryUnit)
class PDUAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "region")
    list_filter = ("region",)
    search_fields = ("name", "code")


@admin.register(m.Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("name", "pdu", "postcode")
    list_filter = ("pdu__region",)


@admin.register(m.PostcodeDistrict)
class PostcodeDistrictAdmin(admin.ModelAdmin):
    list_display = ("district", "area", "latitude", "longitude", "postcode_count")
    search_fields = ("district",)


@admin.register(m.Skill, m.Qualification)
class CodeNameAdmin(admin.ModelAdmin):
    list_display = ("name", "code")


class ExclusionZoneInline(admin.TabularInline):
    model = m.ExclusionZone
    extra = 0


@admin.register(m.Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("crn", "last_name", "first_name", "pdu", "gender", "risk_level")
    list_filter = ("pdu__region", "pdu", "gender", "risk_level", "employment_status")
    search_fields = ("crn", "first_name", "last_name")
    filter_horizontal = ("skills",)
    inlines = [ExclusionZoneInline]
    actions = ["erase"]

    @admin.action(description="Erase the personal data of the selected people", permissions=["erase"])
    def erase(self, request, queryset):
        """Asks for a reason first; nothing is erased until the administrator confirms."""
        form = ErasureReasonForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            self._erase_each(request, queryset, form.cleaned_data["reason"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Erase personal data",
            "people": queryset,
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/upw/person/erase_confirmation.html", context)

    def _erase_each(self, request, queryset, reason):
        erased = 0
        for person in queryset:
            crn = person.crn
            try:
                erase_person(person=person, reason=reason, by=request.user)
            except ErasureError as error:
                self.message_user(request, f"{crn} was not erased. {error}.", messages.ERROR)
            else:
                erased += 1
        if erased:
            self.message_user(request, f"Erased the personal data of {erased} {'person' if erased == 1 else 'people'}.")

    def has_erase_permission(self, request):
        return request.user.is_administrator


class ErasureReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why is this personal data being erased?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REASON_REQUIRED, "max_length": "The reason must be 300 characters or fewer"},
    )


@admin.register(m.PersonErasure)
class PersonErasureAdmin(admin.ModelAdmin):
    """The record of erasures: read-only, like every audit trail."""

    list_display = ("token", "trigger", "erased_by", "erased_at")
    list_filter = ("trigger",)
    readonly_fields = ("person", "token", "trigger", "reason", "erased_by", "erased_at", "rows_scrubbed")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(m.NonAssociation)
class NonAssociationAdmin(admin.ModelAdmin):
    list_display = ("person_a", "person_b", "reason", "created_at")
    raw_id_fields = ("person_a", "person_b")


@admin.register(m.Requirement)
class RequirementAdmin(SimpleHistoryAdmin):
    list_display = ("person", "order_reference", "hours_ordered", "minutes_credited", "deadline", "status")
    list_filter = ("status", "intensive", "person__pdu__region")
    search_fields = ("person__crn", "order_reference")
    raw_id_fields = ("person", "last_project")
    readonly_fields = ("minutes_credited", "completed_at")


@admin.register(m.Supervisor)
class SupervisorAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "base_office", "gender", "contracted_minutes_per_week", "active")
    list_filter = ("base_office__pdu__region", "qualifications", "active")
    filter_horizontal = ("qualifications",)


@admin.register(m.Leave)
class LeaveAdmin(admin.ModelAdmin):
    list_display = ("supervisor", "start_date", "end_date", "reason")


class SessionSupervisorInline(admin.TabularInline):
    model = m.SessionSupervisor
    extra = 0


@admin.register(m.Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ("project", "date", "start_time", "end_time", "capacity", "status")
    list_filter = ("status", "project__site__pdu__region")
    date_hierarchy = "date"
    raw_id_fields = ("project",)
    inlines = [SessionSupervisorInline]


@admin.register(m.Allocation)
class AllocationAdmin(SimpleHistoryAdmin):
    list_display = ("requirement", "session", "status", "source", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("requirement", "session")


@admin.register(m.AttendanceRecord)
class AttendanceRecordAdmin(SimpleHistoryAdmin):
    """Read-only: attendance changes go through the attendance services, so the hours ledger follows."""

    list_display = ("allocation", "outcome", "arrived_at", "left_at")
    list_filter = ("outcome",)
    raw_id_fields = ("allocation",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(m.HoursLedgerEntry)
class HoursLedgerEntryAdmin(admin.ModelAdmin):
    """Read-only: the ledger is changed only by adding entries through the services."""

    list_display = ("requirement", "kind", "minutes", "reason", "author", "created_at")
    list_filter = ("kind",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(m.EnforcementAction)
class EnforcementActionAdmin(SimpleHistoryAdmin):
    list_display = ("requirement", "kind", "respond_by", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("requirement", "attendance")


@admin.register(m.ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens can be seen and revoked here, never created: the raw token exists only at issue."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        for token in queryset:
            revoke_token(token=token)
        count = queryset.count()
        self.message_user(request, ngettext("Revoked %d token.", "Revoked %d tokens.", count) % count)


# Intake.


@admin.register(m.Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("person", "version", "status", "started_at", "submitted_at", "submitted_by")
    list_filter = ("status",)
    search_fields = ("person__crn",)
    raw_id_fields = ("person", "started_by", "submitted_by")


@admin.register(m.Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ("requirement", "held_on", "next_review_on", "created_by")
    search_fields = ("requirement__person__crn", "requirement__order_reference")
    raw_id_fields = ("requirement", "created_by")


@admin.register(m.ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("file_name", "created_at", "created_by", "rows", "requirements_created", "rows_skipped")
    readonly_fields = [f.name for f in m.ImportBatch._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(m.PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """The log of reads is evidence: viewed here, never added to, changed or deleted by hand."""

    list_display = ("at", "username", "crn", "person_id", "channel", "path", "ip_address")
    list_filter = ("channel",)
    search_fields = ("=crn", "=username", "=person_id")
    readonly_fields = [f.name for f in m.PersonalDataAccess._meta.fields]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
