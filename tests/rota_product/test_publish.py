"""Publishing a rota: one transaction, idempotent, versioned; supervisors told of changes."""

import pytest

from scheduler.models import RotaNotification, RotaPublication, RotaRunStatus
from scheduler.rota import services
from scheduler.rota.services import publication
from tests import factories as f
from tests.rota_product.helpers import pairs, start_run
from upw.models import Leave, SessionSupervisor


def rostered(rw) -> set[tuple[int, int]]:
    return set(SessionSupervisor.objects.filter(session__in=rw.sessions).values_list("session_id", "supervisor_id"))


@pytest.fixture
def run(rota_world, django_capture_on_commit_callbacks):
    return start_run(rota_world, django_capture_on_commit_callbacks)


def test_it_replaces_the_rostered_supervisors_with_the_rota(rota_world, run, django_capture_on_commit_callbacks):
    rw = rota_world
    stale = f.SessionSupervisorFactory(session=rw.sessions[2], supervisor=rw.sid)
    run.assignments.filter(session=rw.sessions[2], supervisor=rw.sid).delete()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.run_publish(run_id=run.pk, user=rw.world.cora)
    run.refresh_from_db()
    assert run.status == RotaRunStatus.PUBLISHED and run.published_version == 1
    in_period = {p for p in pairs(run) if p[0] in {s.pk for s in rw.sessions}}
    assert rostered(rw) == in_period
    assert not SessionSupervisor.objects.filter(pk=stale.pk).exists()
    assert result.publication.version == 1 and result.added == len(in_period)


def test_it_publishes_once_when_asked_twice(rota_world, run, django_capture_on_commit_callbacks):
    rw = rota_world
    with django_capture_on_commit_callbacks(execute=True):
        services.run_publish(run_id=run.pk, user=rw.world.cora)
    before = rostered(rw)
    again = services.run_publish(run_id=run.pk, user=rw.world.cora)
    assert again.already_published and again.publication.version == 1
    assert RotaPublication.objects.count() == 1 and rostered(rw) == before


def test_it_numbers_versions_per_region(rota_world, run, django_capture_on_commit_callbacks):
    rw = rota_world
    with django_capture_on_commit_callbacks(execute=True):
        services.run_publish(run_id=run.pk, user=rw.world.cora)
        assignment = run.assignments.first()
        services.assignment_remove(run=run, user=rw.world.cora, assignment_id=assignment.pk)
        run.refresh_from_db()
        assert run.changed_since_publish
        result = services.run_publish(run_id=run.pk, user=rw.world.cora)
    assert result.publication.version == 2 and result.removed == 1 and not result.already_published


def test_it_publishes_nothing_when_a_rule_is_broken_by_leave_taken_since(
    rota_world, run, django_capture_on_commit_callbacks
):
    rw = rota_world
    before = rostered(rw)
    assignment = run.assignments.filter(session=rw.sessions[0]).first()
    date = rw.sessions[0].date
    Leave.objects.create(supervisor=assignment.supervisor, start_date=date, end_date=date)
    with pytest.raises(services.PublishRefused) as error:
        services.run_publish(run_id=run.pk, user=rw.world.cora)
    assert str(error.value) == services.PUBLISH_NO_LONGER_FITS and error.value.reasons
    run.refresh_from_db()
    assert run.status == RotaRunStatus.READY and rostered(rw) == before
    assert not RotaPublication.objects.exists()


def test_it_rolls_back_everything_when_a_write_fails(rota_world, run, monkeypatch):
    rw = rota_world
    f.SessionSupervisorFactory(session=rw.sessions[0], supervisor=rw.sid)
    before = rostered(rw)

    def boom(*args, **kwargs):
        raise RuntimeError("mail server on fire")

    monkeypatch.setattr(publication, "_record_notifications", boom)
    with pytest.raises(RuntimeError):
        services.run_publish(run_id=run.pk, user=rw.world.cora)
    run.refresh_from_db()
    assert rostered(rw) == before and run.status == RotaRunStatus.READY
    assert not RotaPublication.objects.exists()


def test_it_tells_the_supervisors_whose_sessions_changed(
    rota_world, run, mailoutbox, django_capture_on_commit_callbacks
):
    rw = rota_world
    with django_capture_on_commit_callbacks(execute=True):
        first = services.run_publish(run_id=run.pk, user=rw.world.cora)
    assert first.notified >= 1
    mailoutbox.clear()
    # A change after publishing: take one supervisor off one session and publish again.
    assignment = run.assignments.select_related("supervisor__user").filter(session=rw.sessions[1]).first()
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_remove(run=run, user=rw.world.cora, assignment_id=assignment.pk)
        result = services.run_publish(run_id=run.pk, user=rw.world.cora)
    note = RotaNotification.objects.get(publication=result.publication)
    assert note.supervisor == assignment.supervisor and note.kind == "changed"
    assert note.removed == [rw.sessions[1].pk] and note.added == []
    assert note.sent_at is not None
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [assignment.supervisor.user.email]
    assert "Your rota has changed" in mail.subject and "Removed:" in mail.body
    assert rw.project.site.postcode in mail.body
    assert "A123456" not in mail.body  # nobody's details, only the session


def test_it_leaves_sessions_outside_the_period_alone(rota_world, run, django_capture_on_commit_callbacks):
    rw = rota_world
    later = f.SessionFactory(project=rw.project, date=rw.sunday.replace() + (rw.sunday - rw.monday) * 2)
    keep = f.SessionSupervisorFactory(session=later, supervisor=rw.sid)
    with django_capture_on_commit_callbacks(execute=True):
        services.run_publish(run_id=run.pk, user=rw.world.cora)
    assert SessionSupervisor.objects.filter(pk=keep.pk).exists()


def test_it_records_the_need_on_the_sessions(rota_world, run, django_capture_on_commit_callbacks):
    rw = rota_world
    rw.sessions[0].capacity = 20  # nobody booked: the capacity counts, 20 / 8 -> 3 supervisors
    rw.sessions[0].save()
    with django_capture_on_commit_callbacks(execute=True):
        services.run_publish(run_id=run.pk, user=rw.world.cora)
    rw.sessions[0].refresh_from_db()
    assert rw.sessions[0].supervisors_needed == 3
