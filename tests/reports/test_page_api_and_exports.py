"""The page, the API and the downloads show the figures worked out by hand in test_measures.py."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from tests.reports.conftest import TODAY

pytestmark = pytest.mark.pin_clock(TODAY)

Q3_FORM = {"kind": "quarter", "on-day": "1", "on-month": "8", "on-year": "2026", "scope": "region:north-east"}
Q3_QUERY = {"period": "quarter:2026-Q3", "scope": "region:north-east"}


def figure_cell(html: str, key: str) -> str:
    match = re.search(rf'data-figure="{key}">([^<]*)<', html)
    assert match, f"no {key} on the page"
    return match[1]


def test_the_page_shows_the_delivery_figures_with_their_definitions(client, history):
    client.force_login(history.cora)
    response = client.get("/reports/", {**Q3_FORM, "measure": "delivery"})
    html = response.content.decode()
    assert response.status_code == 200
    assert figure_cell(html, "hours_worked") == "10.3"
    assert figure_cell(html, "hours_offered") == "31.5"
    assert figure_cell(html, "attendance_rate") == "50%"
    assert "net of the corrections that reversed those credits" in html
    assert "Jul to Sep 2026" in html


def test_the_page_has_a_trend_chart_with_its_table_and_a_text_alternative(client, history):
    client.force_login(history.cora)
    html = client.get("/reports/", {**Q3_FORM, "measure": "terminations"}).content.decode()
    assert '<svg role="img" aria-labelledby="trend-chart-title trend-chart-desc"' in html
    assert "Requirements ended, last 8 quarters, by quarter." in html
    assert 'id="trend-table"' in html
    assert html.count("<rect ") == 8


def test_the_page_compares_with_a_year_before(client, history):
    client.force_login(history.cora)
    html = client.get("/reports/", {**Q3_FORM, "measure": "starts"}).content.decode()
    assert "Jul to Sep 2025" in html
    assert figure_cell(html, "requirements_started") == "3"


def test_national_users_get_a_region_by_region_table(client, history):
    client.force_login(history.lena)
    html = client.get("/reports/", {**Q3_FORM, "scope": "national", "measure": "starts"}).content.decode()
    assert 'id="region-table"' in html
    assert figure_cell(html, "requirements_started") == "4"
    client.force_login(history.cora)
    html = client.get("/reports/", {**Q3_FORM, "measure": "starts"}).content.decode()
    assert 'id="region-table"' not in html


@pytest.mark.parametrize(
    ("measure", "key", "value"),
    [
        ("starts", "hours_ordered", 340),
        ("delivery", "hours_worked", 10.3),
        ("caseload", "median_days_to_first_session", 28.5),
        ("terminations", "ended_breached", 1),
        ("completions", "completion_rate", 33.3),
        ("operations", "overdue_outcomes", 1),
        ("partners", "nominations_received", 0),
    ],
)
def test_the_api_gives_each_group(client, history, measure, key, value):
    client.force_login(history.cora)
    response = client.get(f"/api/v1/reports/{measure}", Q3_QUERY)
    assert response.status_code == 200
    body = response.json()
    assert {figure["key"]: figure["value"] for figure in body["figures"]}[key] == value
    assert body["period"]["start"] == "2026-07-01"
    assert body["scope"] == {"code": "region:north-east", "label": "North East"}
    assert all(figure["definition"] for figure in body["figures"])


def test_the_api_refuses_a_period_it_cannot_read(client, history):
    client.force_login(history.cora)
    response = client.get("/api/v1/reports/delivery", {"period": "last week"})
    assert response.status_code == 422
    assert "Give the period as" in response.json()["detail"][0]["msg"]


def test_the_csv_has_the_figures_and_neutralises_formula_cells(client, history):
    client.force_login(history.cora)
    response = client.get("/reports/download.csv", {**Q3_QUERY, "measure": "partners"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["'=Tyne College", "local", "3.3"] in rows
    assert ["Tyneside Gardens Trust", "local", "7.0"] in rows


def test_the_csv_of_delivery_has_the_hours_worked(client, history):
    client.force_login(history.cora)
    response = client.get("/reports/download.csv", {**Q3_QUERY, "measure": "delivery"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert ["Hours worked", "10.3", "hours"] in rows


def test_the_spreadsheet_has_the_figures_and_the_definitions_on_a_second_sheet(client, history):
    client.force_login(history.cora)
    response = client.get("/reports/download.xlsx", {**Q3_QUERY, "measure": "partners"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Figures", "Definitions"]
    figures = [list(row) for row in workbook["Figures"].iter_rows(values_only=True)]
    assert ["=Tyne College", "local", 3.3] in figures
    assert workbook["Figures"]["A1"].data_type == "s"
    cell = next(c for row in workbook["Figures"].iter_rows() for c in row if c.value == "=Tyne College")
    assert cell.data_type == "s"
    definitions = list(workbook["Definitions"].iter_rows(values_only=True))
    assert definitions[0] == ("Figure or table", "Definition")
    assert any(row[0] == "Hours worked by organisation" for row in definitions)


def test_a_partner_sees_their_own_hours_by_project_and_month(client, history):
    from tests import factories as f

    pat = f.MembershipFactory(user__username="pat", organisation=history.gardens).user
    client.force_login(pat)
    html = client.get("/reports/partner-hours/").content.decode()
    assert "Jesmond Dene clearance" in html and "August 2026" in html and "7.0" in html
    assert "Forklift course" not in html
    response = client.get("/reports/partner-hours/", {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Jesmond Dene clearance,August 2026,7.0" in text


def test_the_operations_page_draws_the_delivery_units_on_a_map_with_a_table_alternative(client, history):
    client.force_login(history.cora)
    html = client.get("/reports/", {**Q3_FORM, "measure": "operations"}).content.decode()
    assert '<svg role="img" aria-labelledby="map-title map-desc"' in html
    assert "Newcastle 1.75: 1 to 2 hours of places per hour owed" in html
    assert 'id="table-places_against_owed"' in html
