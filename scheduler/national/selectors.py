"""A national plan's progress region by region, and its summary."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from scheduler.models import MatchingRun, NationalPlan, RunStatus


@dataclass(frozen=True)
class RegionProgress:
    run: MatchingRun

    @property
    def figures(self) -> dict:
        return self.run.figures or {}


@dataclass(frozen=True)
class PlanSummary:
    regions: int
    by_status: dict[str, int]
    finished: bool
    hours_placed: float
    upper_bound_hours: float
    people_placed: int
    people_left_out: int
    elapsed_s: float
    # The runs' own wall times added up: what one worker would have taken, one region after another.
    run_seconds_total: float
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def percent_of_bound(self) -> float:
        return round(100 * self.hours_placed / self.upper_bound_hours, 2) if self.upper_bound_hours else 100.0

    @property
    def parallel_speed_up(self) -> float | None:
        """How many regions' runs went at once, on average (1.0: one after another)."""
        if not self.finished or self.elapsed_s <= 0:
            return None
        return round(self.run_seconds_total / self.elapsed_s, 2)

    def as_dict(self) -> dict:
        return {
            "regions": self.regions,
            "by_status": self.by_status,
            "finished": self.finished,
            "hours_placed": round(self.hours_placed, 2),
            "upper_bound_hours": round(self.upper_bound_hours, 2),
            "percent_of_bound": self.percent_of_bound,
            "people_placed": self.people_placed,
            "people_left_out": self.people_left_out,
            "elapsed_s": round(self.elapsed_s, 2),
            "run_seconds_total": round(self.run_seconds_total, 2),
            "parallel_speed_up": self.parallel_speed_up,
            "skipped": self.skipped,
        }


def national_plans() -> QuerySet:
    return NationalPlan.objects.select_related("created_by").order_by("-created_at", "-id")


def region_progress(*, plan: NationalPlan) -> list[RegionProgress]:
    runs = MatchingRun.objects.filter(national_plan=plan).select_related("region").order_by("region__name", "id")
    return [RegionProgress(run=run) for run in runs]


def plan_summary(*, plan: NationalPlan, rows: list[RegionProgress] | None = None) -> PlanSummary:
    rows = region_progress(plan=plan) if rows is None else rows
    by_status = {status.value: 0 for status in RunStatus}
    for row in rows:
        by_status[row.run.status] += 1
    ended = plan.finished_at or timezone.now()
    return PlanSummary(
        regions=len(rows),
        by_status={status: count for status, count in by_status.items() if count},
        finished=plan.is_finished,
        hours_placed=sum(float(row.figures.get("hours_placed", 0)) for row in rows),
        upper_bound_hours=sum(float(row.figures.get("upper_bound_hours", 0)) for row in rows),
        people_placed=sum(int(row.figures.get("people_placed", 0)) for row in rows),
        people_left_out=sum(int(row.figures.get("people_left_out", 0)) for row in rows),
        elapsed_s=(ended - plan.created_at).total_seconds(),
        run_seconds_total=sum(
            (row.run.finished_at - row.run.started_at).total_seconds()
            for row in rows
            if row.run.started_at and row.run.finished_at
        ),
        skipped=plan.skipped or {},
    )
