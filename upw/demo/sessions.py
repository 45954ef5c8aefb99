"""Sessions of the active projects over the demo's weeks, and the rota of supervisors who run them."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from partners.models import Frequency, Project, ProjectStatus, ProjectType
from upw.models import Session, SessionStatus, SessionSupervisor
from upw.models.sessions import SupervisorRole

from .regions import km_between


@dataclass(eq=False)
class SessionRecord:
    """One unsaved Session, with the people and supervisors placed on it so far."""

    session: Session
    project: Project
    template: str
    region: str
    people: list = field(default_factory=list)
    supervisors: list = field(default_factory=list)


class SessionsMixin:
    """Builds the sessions from the projects' schedule slots, then staffs them (the rota)."""

    def sessions(self) -> None:
        rng = self.rng
        sessions: list[SessionRecord] = []
        for project in self.projects:
            if project.status != ProjectStatus.ACTIVE:
                continue
            key = self.project_template[id(project)]
            region_code = self.region_of_pdu[project.site.pdu_id]
            for week in range(self.weeks):
                monday = self.start + dt.timedelta(days=7 * week)
                for slot in self.slots_by_project[project.id]:
                    date = monday + dt.timedelta(days=slot.weekday)
                    if slot.frequency == Frequency.FORTNIGHTLY and date.isocalendar()[1] % 2:
                        continue
                    if date < project.start_date:
                        continue
                    if project.project_type == ProjectType.GROUP:
                        needed = math.ceil(project.capacity / project.supervision_ratio)
                    elif project.project_type == ProjectType.INDUCTION:
                        needed = 1
                    else:
                        needed = 0  # the partner supervises individual and ETE placements
                    status = SessionStatus.SCHEDULED
                    if date < self.today:
                        roll = rng.random()
                        # A few past sessions were stood down; a few recent ones still await outcomes.
                        if roll < 0.03:
                            status = SessionStatus.STOOD_DOWN
                        elif roll < 0.09 and (self.today - date).days <= 10:
                            status = SessionStatus.SCHEDULED
                        else:
                            status = SessionStatus.COMPLETED
                    session = Session(
                        project=project,
                        date=date,
                        start_time=slot.start_time,
                        end_time=slot.end_time,
                        capacity=project.capacity,
                        status=status,
                        supervisors_needed=needed,
                    )
                    sessions.append(SessionRecord(session, project, key, region_code))
        sessions.sort(key=lambda s: (s.session.date, s.session.start_time, s.project.name))
        self.all_sessions = sessions
        self.counts["sessions"] = len(sessions)

    def roster(self) -> None:
        """Greedy rota: nearest supervisors first, one session a day, within leave, days and contract."""
        rng = self.rng
        this_monday = self.today - dt.timedelta(days=self.today.weekday())
        busy: dict[int, set] = defaultdict(set)
        load: dict[tuple[int, int], int] = defaultdict(int)
        rows: list[SessionSupervisor] = []

        def can_work(sup, s: SessionRecord) -> bool:
            date = s.session.date
            return (
                sup.works_on(date.weekday())
                and date not in self.on_leave[id(sup)]
                and date not in busy[id(sup)]
                and load[id(sup), date.isocalendar()[1]] + s.session.duration_minutes <= sup.contracted_minutes_per_week
            )

        def assign(sup, s: SessionRecord) -> None:
            role = SupervisorRole.LEAD if not s.supervisors else SupervisorRole.SUPERVISOR
            rows.append(SessionSupervisor(session=s.session, supervisor=sup, role=role))
            s.supervisors.append(sup)
            busy[id(sup)].add(s.session.date)
            load[id(sup), s.session.date.isocalendar()[1]] += s.session.duration_minutes

        # Sam first: up to three sessions this week, so "my sessions" has something to show.
        this_week = [
            s
            for s in self.all_sessions
            if s.region == self.main
            and s.session.supervisors_needed
            and s.session.status != SessionStatus.STOOD_DOWN
            and this_monday <= s.session.date < this_monday + dt.timedelta(days=7)
            and not s.project.women_only
        ]
        office = self.sam.base_office
        this_week.sort(
            key=lambda s: km_between(
                office.latitude, office.longitude, s.project.site.latitude, s.project.site.longitude
            )
        )
        for s in this_week:
            if len(busy[id(self.sam)]) >= 3:
                break
            if can_work(self.sam, s):
                assign(self.sam, s)

        for s in self.all_sessions:
            session = s.session
            if session.status == SessionStatus.STOOD_DOWN:
                continue
            weeks_ahead = (session.date - this_monday).days // 7
            # The rota fills in as sessions come closer: later weeks are still partly unstaffed.
            if weeks_ahead >= 1 and rng.random() > (0.75 if weeks_ahead == 1 else 0.45):
                continue
            site = s.project.site
            while len(s.supervisors) < session.supervisors_needed:
                candidates = [sup for sup in self.sups_by_region[s.region] if sup not in s.supervisors]
                candidates = [sup for sup in candidates if can_work(sup, s)]
                if s.project.women_only and not any(sup.gender == "female" for sup in s.supervisors):
                    candidates = [sup for sup in candidates if sup.gender == "female"]
                if not candidates:
                    break
                candidates.sort(
                    key=lambda sup: (
                        round(
                            km_between(
                                sup.base_office.latitude, sup.base_office.longitude, site.latitude, site.longitude
                            )
                            / 15
                        ),
                        load[id(sup), session.date.isocalendar()[1]],
                    )
                )
                assign(candidates[0], s)
        # A past session nobody could supervise did not run.
        for s in self.all_sessions:
            if s.session.date < self.today and s.session.supervisors_needed and not s.supervisors:
                s.session.status = SessionStatus.STOOD_DOWN
        Session.objects.bulk_create([s.session for s in self.all_sessions])
        SessionSupervisor.objects.bulk_create(rows)
        self.counts["session_supervisors"] = len(rows)
