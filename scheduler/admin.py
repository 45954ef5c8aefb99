from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from scheduler.models import (
    MatchingRun,
    PersonExplanation,
    ProposedAllocation,
    RotaFeedToken,
    RotaNotification,
    RotaPublication,
    RotaRun,
)


@admin.register(MatchingRun)
class MatchingRunAdmin(SimpleHistoryAdmin):
    list_display = ("id", "region", "start_date", "end_date", "status", "progress", "created_by", "created_at")
    list_filter = ("status", "region")
    date_hierarchy = "created_at"
    raw_id_fields = ("created_by", "approved_by", "previous_run")
    readonly_fields = ("created_at", "started_at", "finished_at", "approved_at")


@admin.register(ProposedAllocation)
class ProposedAllocationAdmin(SimpleHistoryAdmin):
    list_display = ("id", "run", "requirement", "session", "minutes", "source")
    list_filter = ("source",)
    raw_id_fields = ("run", "requirement", "session", "created_by")


@admin.register(PersonExplanation)
class PersonExplanationAdmin(admin.ModelAdmin):
    list_display = ("id", "run", "requirement", "placed", "summary")
    list_filter = ("placed",)
    raw_id_fields = ("run", "requirement")


# Supervisor rotas: read-mostly, for support; coordinators work in /rota/.
@admin.register(RotaRun)
class RotaRunAdmin(SimpleHistoryAdmin):
    list_display = ("id", "region", "start_date", "end_date", "status", "published_version", "created_by")
    list_filter = ("status", "region")
    date_hierarchy = "created_at"
    raw_id_fields = ("created_by", "published_by", "previous_run")
    readonly_fields = ("created_at", "started_at", "finished_at", "published_at")


@admin.register(RotaPublication)
class RotaPublicationAdmin(admin.ModelAdmin):
    list_display = ("id", "region", "version", "start_date", "end_date", "added", "removed", "published_at")
    list_filter = ("region",)
    raw_id_fields = ("run", "published_by")


@admin.register(RotaNotification)
class RotaNotificationAdmin(admin.ModelAdmin):
    list_display = ("id", "supervisor", "kind", "subject", "sent_at", "error")
    list_filter = ("kind",)
    raw_id_fields = ("publication", "supervisor")


@admin.register(RotaFeedToken)
class RotaFeedTokenAdmin(admin.ModelAdmin):
    list_display = ("supervisor", "created_at", "last_used_at")
    raw_id_fields = ("supervisor",)
    # The token is a secret address: not shown, only reset by its supervisor.
    exclude = ("token",)
