"""The order's life in the demo: earned reduction brought up to date, travel-time claims waiting for a
coordinator, and people with a concurrent order worked together with their first."""

import datetime as dt

from django.db import transaction
from django.db.models import F

from upw.core import ledger
from upw.models import AttendanceRecord, Requirement, TravelClaim
from upw.models.requirements import ACTIVE_REQUIREMENT_STATUSES, Concurrency

TRAVEL_CLAIMS = 6
CONCURRENT_PEOPLE = 3


class OrderLifeMixin:
    def order_life(self) -> None:
        self._concurrent_orders()
        self._earned_reduction()  # it completes some orders: claims go to those still owing hours
        self._travel_claims()

    def _main_region_records(self):
        return [r for r in self.records if r.region == self.main]

    def _earned_reduction(self) -> None:
        ids = [r.requirement.pk for r in self.records if r.requirement.status in ACTIVE_REQUIREMENT_STATUSES]
        earning = Requirement.objects.filter(pk__in=ids, minutes_credited__gte=F("hours_ordered") * 15)
        for requirement in earning:
            with transaction.atomic():
                ledger.requirement_recount(requirement=ledger.lock_requirement(requirement.pk), now=self._now())
            self.counts["earned_reduction"] += 1

    def _now(self) -> dt.datetime:
        from django.utils import timezone

        return dt.datetime.combine(self.today, dt.time(17, 0), tzinfo=timezone.get_default_timezone())

    def _travel_claims(self) -> None:
        """Recent days on group projects: a few people brought in the van from the pick-up point, assessed
        as allowed travel time, with the van times on the register and their claims waiting."""
        records = (
            AttendanceRecord.objects.filter(
                allocation__requirement__person__pdu__region__code=self.main,
                allocation__session__project__project_type="group",
                allocation__session__date__gte=self.today - dt.timedelta(days=14),
                allocation__session__date__lt=self.today,
                outcome="ATTC",
                arrived_at__isnull=False,
                left_at__isnull=False,
                allocation__requirement__status__in=ACTIVE_REQUIREMENT_STATUSES,
                allocation__requirement__minutes_credited__lt=F("allocation__requirement__hours_ordered") * 60 - 180,
            )
            .select_related("allocation__session", "allocation__requirement__person")
            .order_by("-allocation__session__date", "pk")
        )
        people = set()
        for record in records:
            person = record.allocation.requirement.person
            if person.pk in people:
                continue
            people.add(person.pk)
            if not person.travel_time_allowed:
                person.travel_time_allowed = True
                person.save(update_fields=["travel_time_allowed"])
            record.from_pick_up = True
            record.picked_up_at = record.arrived_at - dt.timedelta(minutes=40)
            record.returned_at = record.left_at + dt.timedelta(minutes=35)
            record.save(update_fields=["from_pick_up", "picked_up_at", "returned_at"])
            TravelClaim.objects.create(attendance=record, requirement=record.allocation.requirement, minutes_claimed=75)
            self.counts["travel_claims"] += 1
            if len(people) == TRAVEL_CLAIMS:
                break

    def _concurrent_orders(self) -> None:
        """A few people in progress get a second order, concurrent with the first: each of their
        attended days counts towards both."""
        chosen = [
            r
            for r in self._main_region_records()
            if r.requirement.status == "in_progress" and r.requirement.minutes_credited > 0
        ][:CONCURRENT_PEOPLE]
        for record in chosen:
            first = record.requirement
            second = Requirement.objects.create(
                person=first.person,
                order_reference=f"{first.order_reference}/C",
                court=first.court,
                order_type=first.order_type,
                concurrency=Concurrency.CONCURRENT,
                concurrent_with=first,
                sentence_date=first.sentence_date + dt.timedelta(days=14),
                hours_ordered=max(40, first.hours_ordered // 2),
                deadline=first.deadline + dt.timedelta(days=14),
                induction_completed_on=first.induction_completed_on,
                next_review_on=first.next_review_on,
                created_by=first.created_by,
            )
            days = AttendanceRecord.objects.filter(
                allocation__requirement=first, allocation__session__date__gte=second.sentence_date
            ).select_related("allocation__session__project")
            with transaction.atomic():
                locked = ledger.lock_requirement(first.pk)
                for attendance in days:
                    ledger.ledger_sync_attendance(attendance=attendance, requirement=locked, author=None)
                ledger.requirement_recount(requirement=locked, now=self._now())
                ledger.requirement_recount(requirement=ledger.lock_requirement(second.pk), now=self._now())
            self.counts["concurrent_orders"] += 1
