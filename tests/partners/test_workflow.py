"""The transition table: every allowed move and every forbidden one, through the service."""

import pytest

from partners import workflow
from partners.models import ProjectEvent, ProjectEventKind
from partners.projects import services
from partners.workflow import Action, Status

pytestmark = pytest.mark.django_db

ALLOWED = [
    (Status.DRAFT, Action.SUBMIT, Status.SUBMITTED),
    (Status.CHANGES_REQUESTED, Action.SUBMIT, Status.SUBMITTED),
    (Status.SUBMITTED, Action.START_REVIEW, Status.IN_REVIEW),
    (Status.SUBMITTED, Action.REQUEST_CHANGES, Status.CHANGES_REQUESTED),
    (Status.IN_REVIEW, Action.REQUEST_CHANGES, Status.CHANGES_REQUESTED),
    (Status.IN_REVIEW, Action.APPROVE, Status.APPROVED),
    (Status.SUBMITTED, Action.REJECT, Status.REJECTED),
    (Status.IN_REVIEW, Action.REJECT, Status.REJECTED),
    (Status.APPROVED, Action.ACTIVATE, Status.ACTIVE),
    (Status.ACTIVE, Action.PAUSE, Status.PAUSED),
    (Status.PAUSED, Action.RESUME, Status.ACTIVE),
    (Status.APPROVED, Action.COMPLETE, Status.COMPLETED),
    (Status.ACTIVE, Action.COMPLETE, Status.COMPLETED),
    (Status.PAUSED, Action.COMPLETE, Status.COMPLETED),
]
ALLOWED_PAIRS = {(s, a) for s, a, _ in ALLOWED}
FORBIDDEN = [
    (s, a) for s in Status for a in Action if (s, a) not in ALLOWED_PAIRS and workflow.TRANSITIONS[a].target != s
]


@pytest.mark.parametrize(("status", "action", "target"), ALLOWED)
def test_it_allows_each_transition_in_the_table(status, action, target):
    assert workflow.check(status=status, action=action, role="coordinator", message="Because.") == target


@pytest.mark.parametrize(("status", "action"), FORBIDDEN)
def test_it_forbids_every_transition_not_in_the_table(status, action):
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.check(status=status, action=action, role="coordinator", message="Because.")


@pytest.mark.parametrize("action", [a for a in Action if a != Action.SUBMIT])
def test_it_lets_partners_only_submit(action):
    status = next(iter(workflow.TRANSITIONS[action].sources))
    with pytest.raises(workflow.TransitionNotAllowed, match="Your role cannot"):
        workflow.check(status=status, action=action, role="partner", message="Because.")


@pytest.mark.parametrize("role", ["supervisor", None])
def test_it_refuses_supervisors_and_anonymous_users(role):
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.check(status=Status.DRAFT, action=Action.SUBMIT, role=role)


@pytest.mark.parametrize("action", [Action.REQUEST_CHANGES, Action.REJECT, Action.PAUSE])
def test_it_needs_a_message_for_decisions_the_partner_must_understand(action):
    status = next(iter(workflow.TRANSITIONS[action].sources))
    with pytest.raises(workflow.TransitionNotAllowed, match=workflow.MESSAGE_NEEDED):
        workflow.check(status=status, action=action, role="coordinator", message="  ")


def test_it_refuses_an_unknown_action():
    with pytest.raises(workflow.TransitionNotAllowed, match="Unknown action"):
        workflow.check(status=Status.DRAFT, action="teleport", role="admin")


def test_it_runs_the_whole_review_and_records_every_step(propose, places):
    project = propose()
    steps = [
        (places.pat, Action.SUBMIT, ""),
        (places.cora, Action.START_REVIEW, ""),
        (places.cora, Action.REQUEST_CHANGES, "Please add Saturday."),
        (places.pat, Action.SUBMIT, ""),
        (places.cora, Action.START_REVIEW, ""),
        (places.cora, Action.APPROVE, ""),
        (places.cora, Action.ACTIVATE, ""),
        (places.cora, Action.PAUSE, "Flooded path."),
        (places.cora, Action.RESUME, ""),
        (places.cora, Action.COMPLETE, ""),
    ]
    for user, action, message in steps:
        project = services.project_transition(project=project, user=user, action=action, message=message)
    assert project.status == Status.COMPLETED
    transitions = list(ProjectEvent.objects.filter(project=project, kind=ProjectEventKind.TRANSITION))
    assert [(e.from_status, e.to_status) for e in transitions] == [
        ("draft", "submitted"),
        ("submitted", "in_review"),
        ("in_review", "changes_requested"),
        ("changes_requested", "submitted"),
        ("submitted", "in_review"),
        ("in_review", "approved"),
        ("approved", "active"),
        ("active", "paused"),
        ("paused", "active"),
        ("active", "completed"),
    ]
    assert transitions[2].actor == places.cora
    assert transitions[2].message == "Please add Saturday."
    assert project.history.count() >= 10  # simple_history keeps a row per save as well


def test_it_refuses_a_partner_approving_its_own_project(propose, places):
    project = services.project_transition(project=propose(), user=places.pat, action=Action.SUBMIT)
    with pytest.raises(workflow.TransitionNotAllowed):
        services.project_transition(project=project, user=places.pat, action=Action.START_REVIEW)
    project.refresh_from_db()
    assert project.status == Status.SUBMITTED


def test_it_refuses_a_coordinator_of_another_region(propose, places):
    project = services.project_transition(project=propose(), user=places.pat, action=Action.SUBMIT)
    with pytest.raises(services.Http404):
        services.project_transition(project=project, user=places.nia, action=Action.START_REVIEW)


def test_it_treats_a_repeated_submit_as_done(propose, places):
    project = services.project_transition(project=propose(), user=places.pat, action=Action.SUBMIT)
    again = services.project_transition(project=project, user=places.pat, action=Action.SUBMIT)
    assert again.status == Status.SUBMITTED
    assert ProjectEvent.objects.filter(project=project, kind=ProjectEventKind.TRANSITION).count() == 1


def test_it_will_not_submit_without_a_schedule_or_risk_assessment(places):
    from tests.partners.conftest import SITE, proposal_fields

    project = services.project_create(user=places.pat, organisation=places.org_a, fields=proposal_fields(), site=SITE)
    with pytest.raises(services.ValidationError) as error:
        services.project_transition(project=project, user=places.pat, action=Action.SUBMIT)
    assert error.value.message_dict == {
        "schedule": [services.SUBMIT_NEEDS_SCHEDULE],
        "risk_assessment": [services.SUBMIT_NEEDS_RISK_ASSESSMENT],
    }


def test_it_emails_the_partner_when_changes_are_requested(
    propose, places, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        project = services.project_transition(project=propose(), user=places.pat, action=Action.SUBMIT)
        services.project_transition(
            project=project, user=places.cora, action=Action.REQUEST_CHANGES, message="Add toilets."
        )
    subjects = [m.subject for m in mailoutbox]
    assert "Project submitted: Ouseburn riverside clear-up" in subjects
    partner_mail = next(m for m in mailoutbox if m.to == [places.pat.email])
    assert "Add toilets." in partner_mail.body
    assert partner_mail.subject == "Changes requested: Ouseburn riverside clear-up"
