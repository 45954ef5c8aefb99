from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partners import models as m


class MembershipInline(admin.TabularInline):
    model = m.PartnerMembership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(m.PartnerMembership)
class PartnerMembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "organisation", "is_organisation_admin")
    list_filter = ("organisation",)
    raw_id_fields = ("user",)


@admin.register(m.PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "contact_email")
    list_filter = ("kind", "region")
    search_fields = ("name",)
    inlines = [MembershipInline]


@admin.register(m.Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "postcode", "pdu")
    list_filter = ("pdu__region",)
    search_fields = ("name", "postcode")


class ScheduleSlotInline(admin.TabularInline):
    model = m.ScheduleSlot
    extra = 0


@admin.register(m.Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ("name", "organisation", "project_type", "work_type", "status", "capacity")
    list_filter = ("status", "project_type", "work_type", "site__pdu__region")
    search_fields = ("name", "organisation__name")
    filter_horizontal = ("skills",)
    inlines = [ScheduleSlotInline]


class ProjectEventInline(admin.TabularInline):
    model = m.ProjectEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "actor", "from_status", "to_status", "message", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


ProjectAdmin.inlines = [*ProjectAdmin.inlines, ProjectEventInline]


@admin.register(m.ProjectEvent)
class ProjectEventAdmin(admin.ModelAdmin):
    """The audit trail: read-only, here as everywhere."""

    list_display = ("project", "kind", "from_status", "to_status", "actor", "created_at")
    list_filter = ("kind", "to_status")
    search_fields = ("project__name", "message")
    readonly_fields = ("project", "kind", "actor", "from_status", "to_status", "message", "created_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(m.Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organisation", "is_organisation_admin", "state", "created_at", "expires_at")
    list_filter = ("organisation",)
    search_fields = ("email",)
    readonly_fields = ("token_hash", "accepted_at", "accepted_user", "invited_by", "created_at")


@admin.register(m.Nomination)
class NominationAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "name", "postcode", "region", "status", "created_at")
    list_filter = ("status", "region")
    search_fields = ("reference", "name", "postcode")
    readonly_fields = ("reference", "created_at")


@admin.register(m.ProjectPhoto)
class ProjectPhotoAdmin(admin.ModelAdmin):
    list_display = ("project", "caption", "uploaded_by", "created_at")
