"""A supervisor's rota as an iCalendar feed (RFC 5545), for their phone's calendar.

The feed holds only the supervisor's own rostered sessions: the project, the site's name, address
and postcode, the times and their role. Never the people on the session. Times are local
(Europe/London) with the zone named, so a phone abroad still shows the right hour.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from scheduler.models import RotaFeedToken
from scheduler.rota import selectors
from upw.models import SessionStatus, Supervisor


def feed_token(supervisor: Supervisor) -> RotaFeedToken:
    token, _ = RotaFeedToken.objects.get_or_create(supervisor=supervisor)
    return token


def reset_feed_token(supervisor: Supervisor) -> RotaFeedToken:
    """A new secret: the old feed URL stops working at once."""
    token = feed_token(supervisor)
    token.token = RotaFeedToken._meta.get_field("token").default()
    token.save()
    return token


def supervisor_for_token(token: str) -> Supervisor | None:
    found = RotaFeedToken.objects.filter(token=token).select_related("supervisor__user").first()
    if found is None or not found.supervisor.active or not found.supervisor.user.is_active:
        return None
    RotaFeedToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found.supervisor


def rota_calendar(supervisor: Supervisor, *, host: str = "upw") -> bytes:
    zone = ZoneInfo(settings.TIME_ZONE)
    cal = Calendar()
    cal.add("prodid", "-//upw Community Payback//Supervisor rota//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "My Community Payback rota")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    stamp = timezone.now()
    for row in selectors.feed_sessions(supervisor):
        session = row.session
        project, site = session.project, session.project.site
        event = Event()
        event.add("uid", f"session-{session.pk}-supervisor-{supervisor.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", dt.datetime.combine(session.date, session.start_time, tzinfo=zone))
        event.add("dtend", dt.datetime.combine(session.date, session.end_time, tzinfo=zone))
        event.add("summary", f"{project.name} ({row.get_role_display()})")
        event.add("location", ", ".join(p for p in (site.name, site.address, site.postcode) if p))
        lines = [f"Community Payback session: {project.name}.", f"Your role: {row.get_role_display()}."]
        if project.pick_up_point:
            lines.append(f"Pick-up point: {project.pick_up_point} {project.pick_up_postcode}".strip() + ".")
        event.add("description", "\n".join(lines))
        if session.status == SessionStatus.STOOD_DOWN:
            event.add("status", "CANCELLED")
        else:
            event.add("status", "CONFIRMED")
        cal.add_component(event)
    # A VTIMEZONE for Europe/London, as RFC 5545 asks with TZID, covering the feed's dates only.
    today = timezone.localdate()
    cal.add_missing_timezones(first_date=today - dt.timedelta(days=60), last_date=today + dt.timedelta(days=400))
    return cal.to_ical()
