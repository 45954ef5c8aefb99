"""Staff: the named demo users (one of each role) and the supervisors, with their working days and leave."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from partners.models import Frequency, ProjectStatus
from upw.models import Leave, Role, Supervisor, User

from . import places
from .common import FEMALE_FIRST, LAST_NAMES, MALE_FIRST, REGIONAL_FIRST

# Every user the demo makes has an address here (.invalid is reserved: mail can never be sent).
DEMO_EMAIL_DOMAIN = "demo.upw.invalid"
DEMO_USERNAMES = ("cora", "nia", "ada", "pat", "quinn", "sam")


@dataclass
class DemoUser:
    username: str
    role: str
    description: str


class StaffMixin:
    """Builds the demo users, then the supervisors (after the projects, whose work they follow) and their leave."""

    def users(self) -> None:
        hashed = make_password(self.password)
        specs = [
            ("cora", "Cora", "Milburn", Role.COORDINATOR, "placement coordinator, North East"),
            ("nia", "Nia", "Pritchard", Role.COORDINATOR, "placement coordinator, Wales"),
            ("ada", "Ada", "Lovelace", Role.ADMIN, "administrator (and /admin/)"),
            ("pat", "Pat", "Hedley", Role.PARTNER, ""),
            ("quinn", "Quinn", "Rees", Role.PARTNER, ""),
        ]
        self.user_by_name: dict[str, User] = {}
        objs = []
        for username, first, last, role, _ in specs:
            is_admin = role == Role.ADMIN
            objs.append(
                User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@{DEMO_EMAIL_DOMAIN}",
                    role=role,
                    password=hashed,
                    is_staff=is_admin,
                    is_superuser=is_admin,
                )
            )
        User.objects.bulk_create(objs)
        self.user_by_name = {user.username: user for user in objs}
        self.user_by_name["cora"].regions.add(self.regions["north-east"])
        self.user_by_name["nia"].regions.add(self.regions["wales"])
        self.coordinator = {"north-east": self.user_by_name["cora"], "wales": self.user_by_name["nia"]}
        self.hashed_password = hashed
        self.demo_users = [DemoUser(u, str(r), d) for u, _, _, r, d in specs]

    def supervisors_and_leave(self) -> None:
        rng = self.rng
        total = max(self.n_supervisors, 1)
        # Supervisors follow the projects they supervise.
        supervised = [
            self.region_of_pdu[p.site.pdu_id]
            for p in self.projects
            if p.status == ProjectStatus.ACTIVE and p.supervised_by_probation
        ]
        share = supervised.count(self.second) / max(len(supervised), 1)
        n_second = max(1, round(total * share)) if total >= 2 and self.second in supervised else 0
        per_region = {self.main: total - n_second, self.second: n_second}
        users, sups, quals, self.sups_by_region = [], [], [], defaultdict(list)
        taken = set(User.objects.values_list("username", flat=True))
        # Supervisors needed on each weekday of a typical week, so that working days follow the work.
        demand = {code: [0.0] * 7 for code in self.region_codes}
        for project in self.projects:
            if project.status == ProjectStatus.ACTIVE and project.supervised_by_probation:
                region_code = self.region_of_pdu[project.site.pdu_id]
                needed = math.ceil(project.capacity / project.supervision_ratio)
                for slot in self.slots_by_project[project.id]:
                    demand[region_code][slot.weekday] += needed / (2 if slot.frequency == Frequency.FORTNIGHTLY else 1)
        demand[self.main] = [d - (1 if day < 5 else 0) for day, d in enumerate(demand[self.main])]  # Sam
        for region_code in self.region_codes:
            pdus = places.pdus_of(region_code)
            for i in range(per_region[region_code]):
                is_sam = region_code == self.main and i == 0
                female = not is_sam and (i % 3 == 1 or rng.random() < 0.2)
                first_names = FEMALE_FIRST if female else MALE_FIRST
                first = (
                    "Sam"
                    if is_sam
                    else rng.choice(first_names + REGIONAL_FIRST[region_code]["female" if female else "male"])
                )
                last = "Robson" if is_sam else rng.choice(LAST_NAMES[region_code])
                username = "sam" if is_sam else f"{first}.{last}".lower()
                n = 2
                while username in taken:
                    username, n = f"{first}.{last}{n}".lower(), n + 1
                taken.add(username)
                user = User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@{DEMO_EMAIL_DOMAIN}",
                    role=Role.SUPERVISOR,
                    password=self.hashed_password if is_sam else make_password(None),
                )
                part_time = not is_sam and rng.random() < 0.3
                minutes = rng.choice((15, 22, 30)) * 60 if part_time else 37 * 60
                mask = 0b0011111 if is_sam else self._working_days(demand[region_code], minutes)
                sup = Supervisor(
                    user=user,
                    gender="female" if female else "male",
                    base_office=self.offices[pdus[i % len(pdus)].code] if not is_sam else self.offices[pdus[0].code],
                    contracted_minutes_per_week=minutes,
                    working_days_mask=mask,
                )
                codes = [c for c, p in (("van-driver", 0.4), ("first-aid", 0.6)) if rng.random() < p]
                if female and rng.random() < 0.7:
                    codes.append("womens-group-lead")
                if rng.random() < 0.25:
                    codes.append(rng.choice(("trades-construction", "trades-painting")))
                users.append(user)
                sups.append(sup)
                quals.append(codes)
                self.sups_by_region[region_code].append(sup)
        User.objects.bulk_create(users)
        Supervisor.objects.bulk_create(sups)
        Supervisor.qualifications.through.objects.bulk_create(
            [
                Supervisor.qualifications.through(supervisor_id=sup.id, qualification_id=self.qualifications[c].id)
                for sup, codes in zip(sups, quals, strict=True)
                for c in codes
            ]
        )
        self.sam = sups[0]
        self.demo_users.append(DemoUser("sam", Role.SUPERVISOR, f"supervisor, {self.sam.base_office.name}"))
        # Leave: about a quarter of supervisors are off for a few days in the window.
        leave, self.on_leave = [], defaultdict(set)
        this_monday = self.today - dt.timedelta(days=self.today.weekday())
        for sup in sups:
            if rng.random() >= 0.25:
                continue
            first = self.start + dt.timedelta(days=rng.randrange(7 * self.weeks))
            if sup is self.sam and first < this_monday + dt.timedelta(days=7):
                first = this_monday + dt.timedelta(days=14)  # Sam is at work this week
            last = first + dt.timedelta(days=rng.randint(0, 4))
            leave.append(
                Leave(
                    supervisor=sup,
                    start_date=first,
                    end_date=last,
                    reason=rng.choice(("Annual leave", "Annual leave", "Training", "Sick leave")),
                )
            )
            day = first
            while day <= last:
                self.on_leave[id(sup)].add(day)
                day += dt.timedelta(days=1)
        Leave.objects.bulk_create(leave)
        self.counts["supervisors"] = len(sups)
        self.counts["leave"] = len(leave)

    @staticmethod
    def _working_days(demand: list[float], contracted_minutes: int) -> int:
        """The working days that cover most of the demand still uncovered (and take it off).

        Full-timers work five days in a row (Monday to Friday, Tuesday to Saturday...), part-timers
        the two to four days most in need.
        """
        days = min(5, max(2, contracted_minutes // 450))
        if days == 5:
            windows = [[(first + k) % 7 for k in range(5)] for first in range(7)]
            chosen = max(
                windows, key=lambda window: (sum(max(demand[d], 0) for d in window), window == [0, 1, 2, 3, 4])
            )
        else:
            chosen = sorted(range(7), key=lambda d: (-demand[d], d))[:days]
        for day in chosen:
            demand[day] -= 1
        return sum(1 << day for day in chosen)
