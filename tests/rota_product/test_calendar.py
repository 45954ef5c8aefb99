"""My rota on a phone and as an iCalendar feed at a secret, resettable, per-supervisor URL."""

import icalendar
from django.urls import reverse

from scheduler.rota import calendar as rota_calendar
from tests import factories as f


def feed_url(supervisor) -> str:
    return reverse("my-rota-feed", args=[rota_calendar.feed_token(supervisor).token])


def test_it_shows_a_supervisor_their_rota(client, rota_world):
    rw = rota_world
    f.SessionSupervisorFactory(session=rw.sessions[0], supervisor=rw.sam, role="lead")
    client.force_login(rw.world.sam)
    response = client.get(reverse("my-rota"))
    assert response.status_code == 200
    body = response.content.decode()
    assert rw.project.name in body and rw.project.site.postcode in body and "Lead supervisor" in body
    assert 'name="viewport"' in body
    assert rota_calendar.feed_token(rw.sam).token in body  # the subscription address


def test_it_refuses_my_rota_to_other_roles(client, rota_world):
    for user in (rota_world.world.cora, rota_world.world.pat):
        client.force_login(user)
        assert client.get(reverse("my-rota")).status_code == 403


def test_it_serves_only_the_token_holders_sessions(client, rota_world):
    rw = rota_world
    f.SessionSupervisorFactory(session=rw.sessions[0], supervisor=rw.sam)
    f.SessionSupervisorFactory(session=rw.sessions[1], supervisor=rw.sid)
    f.AllocationFactory(session=rw.sessions[0], requirement=rw.world.alex_requirement)
    response = client.get(feed_url(rw.sam))  # no sign-in: the token is the credential
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    uids = {str(e["uid"]) for e in events}
    assert f"session-{rw.sessions[0].pk}-supervisor-{rw.sam.pk}@testserver" in uids
    assert not any(f"session-{rw.sessions[1].pk}-" in uid for uid in uids)
    event = next(e for e in events if f"session-{rw.sessions[0].pk}-" in str(e["uid"]))
    assert rw.project.site.postcode in str(event["location"])
    assert event.decoded("dtstart").hour == 9 and str(event.decoded("dtstart").tzinfo) == "Europe/London"
    text = response.content.decode()
    assert "Alex" not in text and "A123456" not in text  # nobody's details


def test_it_gives_nothing_for_an_unknown_or_reset_token(client, rota_world):
    rw = rota_world
    old = feed_url(rw.sam)
    assert client.get(old).status_code == 200
    client.force_login(rw.world.sam)
    response = client.post(reverse("my-rota-reset-feed"))
    assert response.status_code == 302
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(feed_url(rw.sam)).status_code == 200
    assert client.get(reverse("my-rota-feed", args=["not-a-token"])).status_code == 404


def test_it_gives_each_supervisor_their_own_token(client, rota_world):
    rw = rota_world
    f.SessionSupervisorFactory(session=rw.sessions[1], supervisor=rw.sid)
    sams = client.get(feed_url(rw.sam)).content.decode()
    sids = client.get(feed_url(rw.sid)).content.decode()
    assert f"session-{rw.sessions[1].pk}-supervisor-{rw.sid.pk}" in sids
    assert f"session-{rw.sessions[1].pk}-" not in sams


def test_it_stops_the_feed_of_a_supervisor_who_left(client, rota_world):
    rw = rota_world
    url = feed_url(rw.sam)
    rw.sam.active = False
    rw.sam.save()
    assert client.get(url).status_code == 404


def test_it_refuses_a_reset_by_get(client, rota_world):
    client.force_login(rota_world.world.sam)
    assert client.get(reverse("my-rota-reset-feed")).status_code == 405
