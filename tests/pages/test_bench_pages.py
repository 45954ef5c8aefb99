"""`manage.py bench_pages` times each page on a generated region, leaves the database as it was, and
fails (so `make smoke` fails) when a page answers with an error."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from upw.management.commands import bench_pages
from upw.models import Person

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")


def test_it_times_every_page_and_rolls_the_region_back(db, tmp_path, monkeypatch):
    monkeypatch.setattr(
        bench_pages, "coordinator_pages", lambda pdu_id: {"dashboard": ("/dashboard/", {}), "people": ("/people/", {})}
    )
    out = tmp_path / "pages.json"
    call_command("bench_pages", people=60, json_path=str(out), stdout=io.StringIO())
    figures = json.loads(out.read_text())
    assert figures["people"] == 60
    assert set(figures["pages"]) == {"dashboard", "people"}
    assert all(page["queries"] > 0 and page["seconds"] > 0 for page in figures["pages"].values())
    assert all(page["max_seconds"] >= page["seconds"] for page in figures["pages"].values())
    assert figures["slowest_s"] == max(page["seconds"] for page in figures["pages"].values())
    assert figures["errors"] == []
    assert not Person.objects.exists()


def test_a_page_that_errs_fails_the_command(db, tmp_path, monkeypatch):
    monkeypatch.setattr(
        bench_pages, "coordinator_pages", lambda pdu_id: {"missing": ("/no-such-page/", {}), "people": ("/people/", {})}
    )
    with pytest.raises(CommandError, match="no-such-page"):
        call_command("bench_pages", people=60, stdout=io.StringIO())
