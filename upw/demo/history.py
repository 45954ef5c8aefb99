"""What has happened by today: allocations, attendance outcomes, enforcement and the hours ledger, then each
requirement's final totals, status, induction and reviews.

People are placed on sessions in date order, so the credits of earlier sessions count against the
hours left for later ones; sessions before today get outcomes and credits.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from partners.models import Project, ProjectType
from upw import domain
from upw.models import (
    Allocation,
    AttendanceRecord,
    EnforcementAction,
    HoursLedgerEntry,
    LedgerEntryKind,
    Requirement,
    RequirementStatus,
    SessionStatus,
)
from upw.models.attendance import ATTENDED_OUTCOMES
from upw.models.enforcement import EnforcementKind
from upw.models.intake import Review

from . import places
from .common import aware, weighted
from .people import PersonRecord
from .regions import km_between
from .sessions import SessionRecord


class HistoryMixin:
    """Allocates people to sessions, records what happened at past ones and writes the requirements."""

    def _eligible(self, record: PersonRecord, s: SessionRecord) -> bool:
        """The rules that do not change from one session of a project to the next."""
        project, person = s.project, record.person
        if record.region != s.region or record.paused:
            return False
        if s.template == "induction":
            if not record.needs_induction or record.female or person.assessed_on is None:
                return False
        elif record.needs_induction:
            return False
        ptype = project.project_type
        if record.female:
            # Women are offered a women-only group or an individual placement (or learning).
            if ptype == ProjectType.GROUP and not project.women_only:
                return False
            if person.placement_preference == "individual" and ptype == ProjectType.GROUP:
                return False
        elif project.women_only:
            return False
        if person.individual_only and ptype != ProjectType.INDIVIDUAL:
            return False
        if ptype == ProjectType.INDIVIDUAL and (person.unsuitable_for_individual or person.close_supervision):
            return False
        if ptype == ProjectType.ETE and not person.ete_need:
            return False
        if (
            (person.no_children and project.involves_children)
            or (person.no_vulnerable_adults and project.involves_vulnerable_adults)
            or (person.not_public_facing and project.public_facing)
            or (person.no_heavy_work and project.heavy_work)
            or (person.needs_accessible_site and not project.accessible_site)
        ):
            return False
        site = project.site
        if km_between(person.latitude, person.longitude, site.latitude, site.longitude) > person.max_travel_km:
            return False
        for zone in self.zones_by_record.get(id(record), ()):
            if km_between(zone.latitude, zone.longitude, site.latitude, site.longitude) <= zone.radius_km:
                return False
        return True

    def _candidates(self, s: SessionRecord) -> list:
        """[people near the project in a fixed shuffled order, cursor] for this project at this time.

        The rules are checked lazily as the cursor moves on, so a session is filled after looking
        at a few dozen people rather than at everybody in the region.
        """
        key = (s.project.id, s.session.date.weekday(), s.session.start_time)
        entry = self._candidate_cache.get(key)
        if entry is None:
            nearby = self._nearby.get(s.project.id)
            if nearby is None:
                site = s.project.site
                near = {
                    district.code
                    for district in self._districts_of_region[s.region]
                    # Nobody travels further than 30 km; 50 allows for the spread of a rural district.
                    if km_between(district.latitude, district.longitude, site.latitude, site.longitude) <= 50
                }
                nearby = self._nearby[s.project.id] = [r for r in self._shuffled[s.region] if r.district.code in near]
            entry = self._candidate_cache[key] = [nearby, self.rng.randrange(len(nearby)) if nearby else 0]
        return entry

    def _eligible_cached(self, record: PersonRecord, s: SessionRecord) -> bool:
        key = (s.project.id, id(record))
        found = self._eligibility.get(key)
        if found is None:
            found = self._eligibility[key] = self._eligible(record, s)
        return found

    def allocate(self) -> None:
        rng = self.rng
        this_monday = self.today - dt.timedelta(days=self.today.weekday())
        self._candidate_cache: dict = {}
        self._nearby: dict[int, list[PersonRecord]] = {}
        self._eligibility: dict[tuple[int, int], bool] = {}
        self._districts_of_region = {
            code: [d for pdu in places.pdus_of(code) for d in self.districts_by_pdu[pdu.code]]
            for code in self.region_codes
        }
        self._shuffled = {code: [r for r in self.records if r.region == code] for code in self.region_codes}
        for records in self._shuffled.values():
            rng.shuffle(records)
        allocations, attendance, ledger, enforcement = [], [], [], []
        has_allocation: set[int] = set()
        last_project: dict[int, Project] = {}

        for s in self.all_sessions:
            session, project = s.session, s.project
            if session.status == SessionStatus.STOOD_DOWN and rng.random() < 0.5:
                continue  # stood down before anybody was booked
            weeks_ahead = (session.date - this_monday).days // 7
            fill = 0.9 if weeks_ahead < 0 else 0.8 if weeks_ahead == 0 else 0.6 if weeks_ahead == 1 else 0.4
            target = min(session.capacity, max(1, round(session.capacity * fill * rng.uniform(0.7, 1.1))))
            entry = self._candidates(s)
            candidates, cursor = entry
            duration = session.duration_minutes - (
                project.unpaid_break_minutes if session.duration_minutes >= 360 else 0
            )
            week = session.date.isocalendar()[1]
            wanted_bits = 0
            for part in domain.parts_of_day_for(session.start_time, session.end_time):
                wanted_bits |= domain.availability_bit(session.date.weekday(), part)
            tried = 0
            while len(s.people) < target and tried < len(candidates):
                record = candidates[(cursor + tried) % len(candidates)]
                tried += 1
                req = record.requirement
                if (
                    record.person.availability_mask & wanted_bits != wanted_bits  # domain.is_available_for
                    or record.credited + record.planned >= req.hours_ordered * 60
                    or session.date in record.dates
                    or record.weeks[week] >= record.weekly_limit
                    or (s.template == "induction" and record.inducted)
                    or session.date < req.sentence_date
                    or any(other in s.people for other in record.avoid)
                    or not self._eligible_cached(record, s)
                ):
                    continue
                restriction = record.person.supervisor_gender_restriction
                if restriction and any(
                    sup.gender == ("male" if restriction == "not_male" else "female") for sup in s.supervisors
                ):
                    continue
                if project.project_type == ProjectType.ETE:
                    cap = req.hours_ordered * 60 * req.ete_cap_percent // 100
                    if record.ete_minutes + duration > cap:
                        continue
                    record.ete_minutes += duration
                s.people.append(record)
                record.dates.add(session.date)
                record.weeks[week] += 1
                record.planned += duration
                if s.template == "induction":
                    record.inducted = True
                    record.induction_date = session.date
            entry[1] = (cursor + tried) % max(len(candidates), 1)

            for record in s.people:
                allocation = Allocation(
                    requirement=record.requirement,
                    session=session,
                    source="demo",
                    created_by=self.coordinator[s.region],
                )
                allocations.append(allocation)
                has_allocation.add(id(record))
                if session.status in (SessionStatus.COMPLETED, SessionStatus.STOOD_DOWN):
                    record.planned -= duration  # worked (or not) now, so no longer planned
                if session.status == SessionStatus.STOOD_DOWN:
                    attendance.append(
                        AttendanceRecord(allocation=allocation, outcome="AASD", recorded_by=self.coordinator[s.region])
                    )
                    continue
                if session.status != SessionStatus.COMPLETED:
                    continue
                self._outcome(record, s, allocation, duration, attendance, ledger, enforcement, last_project)

        for record in self.records:
            req = record.requirement
            ordered = req.hours_ordered * 60
            req.minutes_credited = record.credited
            if id(record) in last_project:
                req.last_project = last_project[id(record)]
            if record.credited >= ordered:
                req.status = RequirementStatus.COMPLETED
            elif record.paused:
                req.status = RequirementStatus.PAUSED
            elif record.credited > 0 or id(record) in has_allocation:
                req.status = RequirementStatus.IN_PROGRESS
            else:
                req.status = RequirementStatus.UNALLOCATED
            if record.prior_minutes:
                ledger.append(
                    HoursLedgerEntry(
                        requirement=req,
                        kind=LedgerEntryKind.CREDIT,
                        minutes=record.prior_minutes,
                        reason=f"Hours worked before {self.start:%d %b %Y} (carried into the demo)",
                    )
                )
        for record in self.records:
            # Matching places only people whose induction is done (upw.core.selectors): everyone
            # but the new orders still waiting for one had theirs a week after sentence.
            req = record.requirement
            if req.induction_completed_on is None and not record.needs_induction:
                req.induction_completed_on = min(req.sentence_date + dt.timedelta(days=7), self.today)
            # A new order's induction is done once its induction session has been held.
            if record.needs_induction and record.induction_date is not None and record.induction_date < self.today:
                req.induction_completed_on = record.induction_date
            elif record.needs_induction and (self.today - req.sentence_date).days > 14:
                # Older new orders that no demo induction session took were inducted elsewhere.
                req.induction_completed_on = req.sentence_date + dt.timedelta(days=7)
            if req.status in (RequirementStatus.UNALLOCATED, RequirementStatus.IN_PROGRESS):
                req.next_review_on = self._next_review(req.sentence_date)
        Requirement.objects.bulk_create([r.requirement for r in self.records], batch_size=2000)
        self._reviews()
        Allocation.objects.bulk_create(allocations, batch_size=2000)
        AttendanceRecord.objects.bulk_create(attendance, batch_size=2000)
        HoursLedgerEntry.objects.bulk_create(ledger, batch_size=2000)
        EnforcementAction.objects.bulk_create(enforcement)
        self.counts["allocations"] = len(allocations)
        self.counts["attendance_records"] = len(attendance)
        self.counts["ledger_entries"] = len(ledger)
        self.counts["enforcement_actions"] = len(enforcement)

    def _outcome(self, record, s, allocation, duration, attendance, ledger, enforcement, last_project) -> None:
        rng = self.rng
        session, project = s.session, s.project
        req = record.requirement
        outcome = weighted(
            rng, (("ATTC", 82), ("UACP", 7), ("AAME", 4), ("AAEM", 2), ("AFTC", 2), ("ATSH", 1), ("AAFC", 2))
        )
        if s.supervisors:
            recorded_by = s.supervisors[0].user
        else:
            recorded_by = self.partner_user_by_org.get(project.organisation.name)
        row = AttendanceRecord(allocation=allocation, outcome=outcome, recorded_by=recorded_by)
        attendance.append(row)
        if outcome not in ATTENDED_OUTCOMES:
            if outcome == "UACP" and rng.random() < 0.6:
                enforcement.append(
                    EnforcementAction(
                        requirement=req,
                        attendance=row,
                        kind=EnforcementKind.FIRST_WARNING,
                        letter_text=(
                            f"You did not attend unpaid work at {project.name} on {session.date:%d %B %Y} and gave "
                            "no acceptable reason. This is unacceptable. If you fail to comply again within 12 "
                            "months you will be returned to court."
                        ),
                        created_by=self.coordinator[s.region],
                    )
                )
            return
        late = 15 if outcome == "ATTC" and rng.random() < 0.05 else 0
        row.penalty_minutes = late
        row.arrived_at = aware(session.date, session.start_time) + dt.timedelta(minutes=late)
        row.left_at = aware(session.date, session.end_time)
        credit = duration - late
        if outcome == "ATSH":
            worked = rng.choice((90, 120, 150))
            row.left_at = row.arrived_at + dt.timedelta(minutes=worked)
            row.sent_home_reason = rng.choice(("Refused to follow safety instructions", "Smelled of alcohol"))
            credit = worked
        grades = (("excellent", 15), ("good", 50), ("satisfactory", 25), ("unsatisfactory", 8), ("poor", 2))
        row.work_quality = weighted(rng, grades)
        row.behaviour = "poor" if outcome in ("AFTC", "ATSH") else weighted(rng, grades)
        credit = min(credit, req.hours_ordered * 60 - record.credited)
        if credit <= 0:
            return
        record.credited += credit
        last_project[id(record)] = project
        if record.credited >= req.hours_ordered * 60:
            req.completed_at = req.ended_at = row.left_at
        ledger.append(
            HoursLedgerEntry(
                requirement=req,
                kind=LedgerEntryKind.CREDIT,
                minutes=credit,
                attendance=row,
                reason=f"Attended {project.name} on {session.date:%d %b %Y}"[:200],
                author=recorded_by,
            )
        )

    def _reviews(self) -> None:
        """The last scheduled review of each active requirement, held on its date if that fell after sentence."""
        interval = dt.timedelta(weeks=settings.UPW["REVIEW_INTERVAL_WEEKS"])
        rows = []
        for record in self.records:
            req = record.requirement
            held = req.next_review_on - interval if req.next_review_on else None
            if held is None or held <= req.sentence_date or held > self.today:
                continue
            behind = req.minutes_credited < domain.expected_minutes_by(
                ordered_minutes=req.hours_ordered * 60,
                sentence_date=req.sentence_date,
                deadline=req.deadline,
                today=held,
            )
            rows.append(
                Review(
                    requirement=req,
                    held_on=held,
                    progress=f"{req.minutes_credited // 60} of {req.hours_ordered} hours done."
                    + (" Behind the expected pace." if behind else " Keeping pace."),
                    decisions="Offer a second day a week." if behind else "",
                    next_review_on=req.next_review_on,
                    created_by=self.coordinator[record.region],
                )
            )
        Review.objects.bulk_create(rows, batch_size=2000)
        self.counts["reviews"] = len(rows)

    def _next_review(self, sentence: dt.date) -> dt.date:
        """Reviews every REVIEW_INTERVAL_WEEKS from sentence; the first one on or after five days ago,
        so that a few are overdue."""
        step = settings.UPW["REVIEW_INTERVAL_WEEKS"] * 7
        elapsed = (self.today - dt.timedelta(days=5) - sentence).days
        return sentence + dt.timedelta(days=max(-(-elapsed // step), 1) * step)
