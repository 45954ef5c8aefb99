from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partners import models as m


class MembershipInline(admin.TabularInline):
    model = m.PartnerMembership
    extra = 0
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
