"""Read a Shift Scheduling Benchmark instance (Curtois and Qu; the text format with SECTION_HORIZON,
SECTION_SHIFTS, SECTION_STAFF, SECTION_DAYS_OFF, SECTION_SHIFT_ON_REQUESTS, SECTION_SHIFT_OFF_REQUESTS,
SECTION_COVER) into a `Problem`: one demand per (day, shift type), days start on a Monday.

The benchmark gives no start times: rest is carried only by the "shifts which cannot follow" lists,
so `Rules.min_rest_minutes` is 0. Its objective is exactly ours with the fairness, change and travel
weights at 0.
"""

from __future__ import annotations

from .model import Cover, Demand, Problem, Request, Rules, ShiftType, Staff


def parse_ssb(text: str, name: str = "") -> Problem:
    sections: dict[str, list[list[str]]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            current = line
            sections[current] = []
        elif current is not None:
            sections[current].append([part.strip() for part in line.split(",")])

    days = int(sections["SECTION_HORIZON"][0][0])
    shift_types = tuple(
        ShiftType(row[0], 0, int(row[1]), tuple(x for x in (row[2].split("|") if len(row) > 2 else ()) if x))
        for row in sections["SECTION_SHIFTS"]
    )
    days_off = {row[0]: frozenset(int(x) for x in row[1:] if x) for row in sections.get("SECTION_DAYS_OFF", [])}
    staff = []
    for row in sections["SECTION_STAFF"]:
        max_shifts = {}
        for item in row[1].split("|"):
            if item:
                t, n = item.split("=")
                max_shifts[t] = int(n)
        staff.append(
            Staff(
                id=row[0],
                max_shifts=max_shifts,
                max_minutes=int(row[2]),
                min_minutes=int(row[3]),
                max_consecutive_days=int(row[4]),
                min_consecutive_days=int(row[5]),
                min_consecutive_days_off=int(row[6]),
                max_weekends=int(row[7]),
                days_off=days_off.get(row[0], frozenset()),
            )
        )
    lengths = {t.id: t.length for t in shift_types}
    cover = {(int(r[0]), r[1]): Cover(int(r[2]), None, int(r[3]), int(r[4])) for r in sections.get("SECTION_COVER", [])}
    demands = tuple(
        Demand(
            id=f"{day}:{t.id}",
            day=day,
            start=0,
            length=lengths[t.id],
            cover=(cover.get((day, t.id), Cover(0, None, 0, 0)),),
            shift_type=t.id,
        )
        for day in range(days)
        for t in shift_types
    )
    requests = tuple(
        Request(staff=r[0], day=int(r[1]), shift_type=r[2], weight=int(r[3]), on=on)
        for key, on in (("SECTION_SHIFT_ON_REQUESTS", True), ("SECTION_SHIFT_OFF_REQUESTS", False))
        for r in sections.get(key, [])
    )
    return Problem(
        days=days,
        staff=tuple(staff),
        demands=demands,
        shift_types=shift_types,
        requests=requests,
        rules=Rules(min_rest_minutes=0),
        first_weekday=0,
        name=name,
    )
