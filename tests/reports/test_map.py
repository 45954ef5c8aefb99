"""The operations report's map: delivery units and, for a region, its projects, with a table for each
and the data the zoomable map draws; tiles only from the configured server."""

import json
import os
import re
import subprocess
import sys

import pytest

from tests.reports.conftest import TODAY

pytestmark = pytest.mark.pin_clock(TODAY)

Q3_FORM = {"kind": "quarter", "on-day": "1", "on-month": "8", "on-year": "2026", "measure": "operations"}


def map_data(html: str) -> dict:
    match = re.search(r'<script id="report-map-data" type="application/json">(.*?)</script>', html, re.S)
    assert match, "no map data on the page"
    return json.loads(match[1])


def test_a_regions_map_lists_its_projects_with_the_places_they_offered(client, history):
    client.force_login(history.cora)
    html = client.get("/reports/", {**Q3_FORM, "scope": "region:north-east"}).content.decode()
    table = html[html.index('id="map-projects"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr class=\"govuk-table__row\">\s*(.*?)</tr>", table, re.S)
    cells = [re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in rows if "<td" in row]
    # Clearance: two 7-hour sessions of 8 places (the stood-down one not counted); the course one
    # of 3.5 hours.
    assert cells == [
        ["Jesmond Dene clearance", "Newcastle", "112.0", "2"],
        ["Forklift course", "Newcastle", "28.0", "1"],
    ]
    data = map_data(html)
    assert [unit["label"] for unit in data["units"]] == ["Newcastle 1.75: 1 to 2 hours of places per hour owed"]
    assert data["projects"][0]["label"] == "Jesmond Dene clearance (Newcastle): 112 hours of places, 2 sessions"
    assert data["tileUrl"] == ""
    assert "leaflet/leaflet.js" in html and "leaflet/leaflet.css" in html


def test_the_national_map_shows_delivery_units_only(client, history):
    client.force_login(history.lena)
    html = client.get("/reports/", {**Q3_FORM, "scope": "national"}).content.decode()
    assert 'id="map-projects"' not in html
    assert map_data(html)["projects"] == []
    assert {unit["label"].split(" ")[0] for unit in map_data(html)["units"]} >= {"Newcastle"}


def test_a_coordinator_never_sees_another_regions_projects_on_the_map(client, history):
    client.force_login(history.nia)
    html = client.get("/reports/", {**Q3_FORM, "scope": "region:wales"}).content.decode()
    assert "Jesmond Dene clearance" not in html and "Newcastle" not in html


def test_other_measures_have_no_map(client, history):
    client.force_login(history.cora)
    html = client.get("/reports/", {**Q3_FORM, "measure": "delivery", "scope": "region:north-east"}).content.decode()
    assert "report-map-data" not in html and "leaflet" not in html


@pytest.mark.parametrize(
    ("tile_url", "allowed"),
    [
        ("", None),
        ("https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org"),
        ("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.org"),
    ],
)
def test_the_content_security_policy_allows_images_from_the_tile_server_only(tile_url, allowed):
    probe = "from django.conf import settings as s; print(*s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    env = {**os.environ, "UPW_MAP_TILE_URL": tile_url, "DJANGO_SETTINGS_MODULE": "upw.settings"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {probe}"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    sources = result.stdout.split()
    assert sources[:2] == ["'self'", "data:"]
    assert sources[2:] == ([allowed] if allowed else [])
