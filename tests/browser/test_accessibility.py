"""axe-core, in Chromium, over every page each role reaches: the public pages, the coordinator's,
the partner's, the supervisor's and the administrator's, with forms shown with their errors too.

Each test walks one role's pages on one signed-in page and fails listing every violation it found.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from partners.models import ProjectStatus
from partners.organisations import services as organisations
from scheduler.matching import services as matching
from scheduler.models import MatchingRun, NationalPlan, RotaRun
from scheduler.rota import services as rota
from tests import factories as f
from upw.models import AttendanceRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.pin_clock("2026-12-07T09:00")]

AXE_SCRIPT = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
STANDARDS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """async (standards) => {
    const results = await axe.run(document, {runOnly: {type: 'tag', values: standards}});
    return results.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')),
    }));
}"""
# The slowest pages run the matching and rota engines' results through long tables.
PAGE_TIMEOUT_MS = 30_000


@pytest.fixture
def browser_context_args(browser_context_args):
    # The site's Content Security Policy allows no inline script, which is what axe is injected as.
    return {**browser_context_args, "bypass_csp": True}


class Axe:
    """Runs axe on each page visited and keeps what it finds, so one run reports every page."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.found: list[str] = []
        page.set_default_timeout(PAGE_TIMEOUT_MS)

    def visit(self, path: str, *, wait_for: str | None = None, status: int = 200) -> None:
        response = self.page.goto(f"{self.base_url}{path}")
        assert response is not None and response.status == status, f"{path} answered {response and response.status}"
        if wait_for:
            self.page.locator(wait_for).first.wait_for()
        self.check(path)

    def submit(self, button: str, label: str) -> None:
        """Sends the page's form as it is (empty, for the error summary) and checks the answer."""
        self.page.get_by_role("button", name=button, exact=True).click()
        expect(self.page.locator(".govuk-error-summary")).to_be_visible()
        self.check(label)

    def check(self, label: str) -> None:
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.add_script_tag(path=str(AXE_SCRIPT))
        for violation in self.page.evaluate(RUN_AXE, STANDARDS):
            targets = "; ".join(violation["targets"][:5])
            self.found.append(f"{label}: {violation['id']} ({violation['impact']}) {violation['help']} at {targets}")

    def assert_clean(self) -> None:
        assert not self.found, "axe found:\n" + "\n".join(self.found)


@pytest.fixture
def axe(live_server, page):
    return Axe(page, live_server.url)


@pytest.fixture
def service(world):
    """A North East with something on every page: a session today with Sam and Alex, an absence to
    decide, a review overdue, someone waiting for assessment, a project to review, a matching run
    and a rota run, and an invitation to a partner's colleague."""
    today = timezone.localdate()
    today_session = f.SessionFactory(project=world.project_a, date=today, capacity=10)
    f.SessionSupervisorFactory(session=today_session, supervisor=world.sam.supervisor)
    f.AllocationFactory(requirement=world.alex_requirement, session=today_session)

    last_week = f.SessionFactory(project=world.project_a, date=today - dt.timedelta(days=5))
    missed = f.AllocationFactory(requirement=world.alex_requirement, session=last_week)
    absence = AttendanceRecord.objects.create(allocation=missed, outcome="UACP", recorded_by=world.sam)

    f.RequirementFactory(person__pdu=world.newcastle, next_review_on=today - dt.timedelta(days=3))
    waiting = f.RequirementFactory(
        person__pdu=world.newcastle, person__assessed_on=None, sentence_date=today - dt.timedelta(days=2)
    )
    to_review = f.ProjectFactory(
        organisation=world.org_a, site__pdu=world.newcastle, name="Ouseburn path", status=ProjectStatus.SUBMITTED
    )

    monday = today + dt.timedelta(days=7 - today.weekday())
    for day in range(3):
        f.SessionFactory(project=world.project_a, date=monday + dt.timedelta(days=day), capacity=6)
    rota_run = rota.run_create(
        user=world.cora, region=world.north_east, start_date=monday, end_date=monday + dt.timedelta(days=6)
    )
    matching_run = matching.run_create(
        user=world.cora, region=world.north_east, start_date=monday, end_date=monday + dt.timedelta(days=13)
    )
    _, invitation_token = organisations.invitation_create(
        organisation=world.org_a, email="robin@example.org", invited_by=world.cora
    )
    return SimpleNamespace(
        world=world,
        today_session=today_session,
        absence=absence,
        waiting=waiting,
        to_review=to_review,
        rota_run=RotaRun.objects.get(pk=rota_run.pk),
        matching_run=MatchingRun.objects.get(pk=matching_run.pk),
        invitation_token=invitation_token,
    )


def test_the_public_pages_pass_axe(service, axe):
    axe.visit("/login/")
    axe.page.get_by_label("Username").fill("cora")
    axe.page.get_by_label("Password").fill("not her password")
    axe.submit("Sign in", "/login/ with a wrong password")
    axe.visit("/nominate/")
    axe.submit("Send nomination", "/nominate/ sent empty")
    for path in ("/accessibility/", "/privacy/", "/cookies/"):
        axe.visit(path)
    axe.visit(f"/partner/invitation/{service.invitation_token}/")
    axe.submit("Create account", "the invitation sent empty")
    axe.visit("/api/docs", wait_for=".swagger-ui .opblock")
    for method in ("get", "post", "patch", "put", "delete"):
        endpoints = axe.page.locator(f".opblock-{method} .opblock-summary-control")
        if endpoints.count():
            endpoints.first.click()
            expect(axe.page.locator(f".opblock-{method}.is-open .responses-table").first).to_be_visible()
    axe.check("/api/docs with an endpoint of each method open")
    axe.assert_clean()


def test_the_coordinators_pages_pass_axe(service, axe, signed_in):
    world = service.world
    signed_in("cora")
    alex = world.alex.crn
    monday = service.today_session.date - dt.timedelta(days=service.today_session.date.weekday())
    for path in (
        "/dashboard/",
        "/people/",
        f"/people/?q=Alex&pdu={world.newcastle.pk}&status=active&awaiting=on&at_risk=on",
        f"/people/{alex}/",
        f"/people/{alex}/letters/",
        "/intake/",
        "/intake/imports/",
        "/intake/waiting/assessment/",
        f"/people/{service.waiting.person.crn}/assessment/",
        f"/people/{alex}/assessment/",
        "/sessions/",
        f"/sessions/?week={monday + dt.timedelta(days=7)}",
        f"/sessions/{service.today_session.pk}/",
        f"/sessions/{world.session_a.pk}/candidates/",
        f"/people/{alex}/sessions-to-book/",
        "/matching/new/",
        "/matching/",
        f"/matching/{service.matching_run.pk}/",
        f"/matching/{service.matching_run.pk}/people/",
        f"/matching/{service.matching_run.pk}/sessions/",
        f"/matching/{service.matching_run.pk}/add/",
        f"/matching/{service.matching_run.pk}/approve/",
        "/rota/new/",
        "/rota/",
        f"/rota/{service.rota_run.pk}/",
        f"/rota/{service.rota_run.pk}/add/",
        f"/rota/{service.rota_run.pk}/publish/",
        "/projects/",
        f"/projects/{world.project_a.pk}/",
        "/review/",
        f"/review/projects/{service.to_review.pk}/",
        "/review/organisations/",
        "/review/nominations/",
        "/review/attention/",
        "/reviews/due/",
        f"/requirements/{world.alex_requirement.pk}/reviews/new/",
        f"/requirements/{world.alex_requirement.pk}/adjust/",
        "/absences/",
        f"/absences/{service.absence.pk}/",
        "/account/",
        "/account/tokens/",
    ):
        axe.visit(path)
    axe.visit("/people/Z999999/", status=404)
    axe.visit("/intake/new/")
    axe.submit("Record order", "/intake/new/ sent empty")
    axe.assert_clean()


def test_the_partners_pages_pass_axe(service, axe, signed_in):
    signed_in("pat")
    for path in ("/partner/", f"/partner/projects/{service.world.project_a.pk}/", "/partner/colleagues/", "/account/"):
        axe.visit(path)
    axe.visit("/partner/projects/new/")
    axe.submit("Submit for review", "/partner/projects/new/ sent empty")
    axe.assert_clean()


def test_the_supervisors_pages_pass_axe_on_a_phone(service, axe, signed_in):
    axe.page.set_viewport_size({"width": 390, "height": 844})
    signed_in("sam")
    for path in ("/my/sessions/", f"/my/sessions/{service.today_session.pk}/", "/my/rota/", "/account/"):
        axe.visit(path)
    axe.assert_clean()


def test_the_administrators_pages_pass_axe(service, axe, signed_in):
    run = service.matching_run
    national = NationalPlan.objects.create(start_date=run.start_date, end_date=run.end_date)
    MatchingRun.objects.filter(pk=run.pk).update(national_plan=national)
    signed_in("ada")
    for path in (
        "/dashboard/",
        "/audit/",
        "/matching/national/",
        f"/matching/national/{national.pk}/",
        f"/people/{service.world.alex.crn}/transfer/",
        "/account/",
        "/account/tokens/",
        "/account/second-factor/reset/",
        f"/account/second-factor/reset/{service.world.cora.pk}/",
    ):
        axe.visit(path)
    axe.assert_clean()
