"""What the rota pages say: shortfalls in plain sentences, quality in words, names once, messages
that name who and where, and My rota with the changes first and today marked."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from scheduler.models import RotaAssignment, RotaRun
from scheduler.rota import selectors, services
from scheduler.rota.services import edits, runs
from tests import factories as f
from tests.rota_product.helpers import start_run
from upw.models import Leave

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(rota_world, django_capture_on_commit_callbacks):
    return start_run(rota_world, django_capture_on_commit_callbacks)


def line(qualification="", required=2, assigned=1, reasons=(), suggestions=()):
    return SimpleNamespace(
        qualification=qualification,
        required=required,
        assigned=assigned,
        reasons=list(reasons),
        suggestions=list(suggestions),
    )


# --- Shortfalls in plain words -------------------------------------------------------------------


def test_a_shortfall_reads_as_one_plain_sentence():
    text = selectors.shortfall_sentence(
        line(
            reasons=[
                "8 of 15 supervisors: working another session that day",
                "6 of 15 supervisors: on leave or a day off",
                "1 of 15 supervisors: no hours left in their contract",
            ]
        )
    )
    assert text == (
        "Needs 2 supervisors and has 1. Of the region's 15 supervisors, 8 are working another session that "
        "day, 6 are on leave or have a day off and 1 has no hours left in their contract."
    )
    assert "supervisors:" not in text


def test_a_missing_van_driver_or_woman_is_named():
    reasons = ["1 of 2 van drivers: on leave or a day off", "1 van driver(s) free but not rostered: x"]
    driver = selectors.shortfall_sentence(line("van-driver", 1, 0, reasons))
    assert driver.startswith("Needs 1 van driver and has none. Of the region's 2 van drivers, 1 is on leave")
    assert "and 1 is free but not rostered" in driver and "(s)" not in driver
    woman = selectors.shortfall_sentence(line("female", 1, 0, ["nobody is a female supervisor"]))
    assert woman == "Needs 1 female supervisor and has none. Nobody is a female supervisor."
    only = selectors.shortfall_sentence(line("", 1, 0, ["1 of 1 supervisors: on leave or a day off"]))
    assert only == "Needs 1 supervisor and has none. The region's only supervisor is on leave or has a day off."


def test_the_suggestions_read_as_a_sentence():
    text = selectors.suggestions_sentence(
        line(suggestions=["merge with Park Mon 05 Jan 09:00 the same day (2.0 km away)", "cancel: stand it down"])
    )
    assert text == (
        "You could merge with Park Mon 05 Jan 09:00 the same day (2.0 km away); "
        "or cancel the session (stand it down and rebook its attendees)."
    )


def test_the_run_page_shows_shortfalls_as_sentences_after_the_grid(client, rota_world, run):
    rw = rota_world
    Leave.objects.create(supervisor=rw.fran, start_date=rw.monday, end_date=rw.sunday)
    runs._store_shortfalls(run, edits._build(run), [])  # as if nobody were on the rota
    client.force_login(rw.world.cora)
    body = client.get(reverse("rota-run", args=[run.pk])).content.decode()
    assert "Needs 1 supervisor and has none." in body
    assert "is on leave or has a day off" in body
    assert "supervisors: " not in body  # not "1 of 2 supervisors: 8 of 15 supervisors: ..."
    assert body.index('id="rota-grid"') < body.index('id="unstaffed-heading"')
    assert 'href="#unstaffed-heading"' in body


# --- Quality in words ----------------------------------------------------------------------------


def test_quality_is_said_in_words():
    assert selectors.quality({"solver_status": "OPTIMAL", "gap": 0.0}) == "Best possible rota found."
    assert selectors.quality({"solver_status": "FEASIBLE", "gap": 0.034}) == (
        "Good rota found (within 4% of the best possible)."
    )
    assert "within 1%" in selectors.quality({"solver_status": "FEASIBLE", "gap": 0.0004})
    assert "quick method" in selectors.quality({"solver_status": "GREEDY"})


def test_the_run_page_keeps_the_raw_figures_in_a_details_element(client, rota_world, run):
    RotaRun.objects.filter(pk=run.pk).update(
        figures={**run.figures, "solver_status": "FEASIBLE", "objective": 13552, "bound": 13000, "gap": 0.0407}
    )
    client.force_login(rota_world.world.cora)
    body = client.get(reverse("rota-run", args=[run.pk])).content.decode()
    quality = body[body.index('id="quality"') :]
    assert quality.index("Good rota found (within 5% of the best possible).") < quality.index("<details")
    details = quality[quality.index("<details") : quality.index("</details>")]
    assert "13552" in details and "FEASIBLE" in details
    assert "13552" not in body[: body.index('id="quality-figures"')]


# --- Names once ----------------------------------------------------------------------------------


def test_a_project_and_site_of_the_same_name_are_named_once(rota_world):
    assert selectors.place_name("Walker community allotment", "Walker community allotment") == (
        "Walker community allotment"
    )
    assert selectors.place_name("Walker allotment", "Walker Park") == "Walker allotment (Walker Park)"
    assert selectors.place_name("Walker allotment", "") == "Walker allotment"


def test_the_session_choices_name_the_site_only_when_different(rota_world, run):
    rw = rota_world
    site = rw.project.site
    site.name = rw.project.name
    site.save()
    labels = [label for _, label in selectors.session_choices(run)]
    assert labels and all(label.count(rw.project.name) == 1 for label in labels)


# --- Messages ------------------------------------------------------------------------------------


def test_adding_a_supervisor_names_who_and_which_session(client, rota_world, run):
    rw = rota_world
    RotaAssignment.objects.filter(run=run).delete()
    client.force_login(rw.world.cora)
    response = client.post(
        reverse("rota-add", args=[run.pk]), {"session": rw.sessions[0].pk, "supervisor": rw.sam.pk}, follow=True
    )
    body = response.content.decode()
    assert f"{rw.sam} added to {rw.project.name}" in body
    assert f"{rw.sessions[0].date:%a %d %b}, 09:00-16:30" in body
    assert "Supervisor added to the session." not in body


def test_the_publish_message_counts_supervisors_in_words(client, rota_world, run, django_capture_on_commit_callbacks):
    client.force_login(rota_world.world.cora)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rota-publish", args=[run.pk]), follow=True)
    body = response.content.decode()
    assert "supervisor(s)" not in body
    notified = run.publications.get().notifications.count()
    assert f"{notified} supervisor{'' if notified == 1 else 's'} notified." in body


# --- My rota -------------------------------------------------------------------------------------


def test_my_rota_puts_the_changes_first_and_marks_them_new_once(
    client, rota_world, run, django_capture_on_commit_callbacks
):
    rw = rota_world
    with django_capture_on_commit_callbacks(execute=True):
        services.run_publish(run_id=run.pk, user=rw.world.cora)
    note = run.publications.get().notifications.select_related("supervisor__user").first()
    assert note is not None
    client.force_login(note.supervisor.user)
    body = client.get(reverse("my-rota")).content.decode()
    assert "Your rota has changed since you last looked" in body
    assert body.index('id="rota-changes"') < body.index('id="my-rota"')
    assert "data-new" in body and "Added: " in body
    again = client.get(reverse("my-rota")).content.decode()
    assert "since you last looked" not in again and "Recent changes to your rota" in again
    assert "data-new" not in again


def test_my_rota_marks_today(client, rota_world):
    rw = rota_world
    today = timezone.localdate()
    session = f.SessionFactory(project=rw.project, date=today, start_time=dt.time(18, 0), end_time=dt.time(21, 0))
    later = f.SessionFactory(project=rw.project, date=today + dt.timedelta(days=2), start_time=dt.time(7, 0))
    f.SessionSupervisorFactory(session=session, supervisor=rw.sam)
    f.SessionSupervisorFactory(session=later, supervisor=rw.sam)
    client.force_login(rw.world.sam)
    body = client.get(reverse("my-rota")).content.decode()
    assert 'id="today"' in body and 'aria-current="date"' in body and "Today, " in body
    assert body.count('aria-current="date"') == 1
    assert 'id="no-session-today"' not in body


def test_my_rota_says_when_there_is_no_session_today(client, rota_world):
    rw = rota_world
    f.SessionSupervisorFactory(session=rw.sessions[0], supervisor=rw.sam)
    client.force_login(rw.world.sam)
    body = client.get(reverse("my-rota")).content.decode()
    if rw.sessions[0].date != timezone.localdate():
        assert 'id="no-session-today"' in body and 'aria-current="date"' not in body
