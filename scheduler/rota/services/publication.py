"""Publishing a rota: writing it to the sessions and telling the supervisors what changed."""

from __future__ import annotations

import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from scheduler.models import (
    RotaNotification,
    RotaNotificationKind,
    RotaPublication,
    RotaRun,
    RotaRunStatus,
)
from scheduler.rota import adapter, engine
from scheduler.rota.services.edits import _build
from scheduler.rota.services.messages import (
    PUBLISH_CONFLICT,
    PUBLISH_NO_LONGER_FITS,
    REFUSED_SESSION,
    RUN_NOT_PUBLISHABLE,
    SEND_NOTIFICATIONS_TASK,
    PublishRefused,
    PublishResult,
)
from scheduler.rota.services.runs import _humanise
from upw.core.background import enqueue
from upw.dayview import selectors as dayview_selectors
from upw.models import Session, SessionSupervisor, Supervisor

log = logging.getLogger(__name__)


def run_publish(*, run_id: int, user) -> PublishResult:
    """Makes the run's rota the real one: `upw.SessionSupervisor` rows of the period's sessions are
    replaced, all or nothing, and the region's next version number recorded.

    Idempotent: the run row is locked and a run published with no change since is returned as it
    is (a second click or a retried request publishes nothing twice); the replacement itself works
    from the difference, so it never duplicates a row. Before writing, the rota is checked again
    against today's leave and sessions; if a hard rule would be broken, nothing is published.
    """
    try:
        with transaction.atomic():
            result = _publish(run_id, user)
    except IntegrityError as error:
        raise PublishRefused(PUBLISH_CONFLICT) from error
    if result.publication is not None and not result.already_published and result.notified:
        publication_id = result.publication.pk
        transaction.on_commit(lambda: _enqueue_notifications(publication_id))
    return result


def _publish(run_id: int, user) -> PublishResult:
    run = RotaRun.objects.select_for_update().select_related("region").get(pk=run_id)
    if run.status == RotaRunStatus.PUBLISHED and not run.changed_since_publish:
        last = run.publications.order_by("-version").first()
        return PublishResult(run, last, 0, 0, 0, 0, already_published=True)
    if run.status not in (RotaRunStatus.READY, RotaRunStatus.PUBLISHED):
        raise PublishRefused(RUN_NOT_PUBLISHABLE)
    built = _build(run)
    session_ids = list(built.needs)
    proposed = {
        (ses, sup): role for ses, sup, role in run.assignments.values_list("session_id", "supervisor_id", "role")
    }
    pairs = [p for p in proposed if p[0] in built.needs]  # sessions that started or were stood down drop out
    reasons = _publish_refusals(built, pairs)
    if reasons:
        raise PublishRefused(PUBLISH_NO_LONGER_FITS, reasons)

    current = {
        (ses, sup): (pk, role)
        for pk, ses, sup, role in SessionSupervisor.objects.select_for_update()
        .filter(session_id__in=session_ids)
        .values_list("pk", "session_id", "supervisor_id", "role")
    }
    new, old = set(pairs), set(current)
    added, removed, kept = new - old, old - new, new & old
    SessionSupervisor.objects.filter(pk__in=[current[p][0] for p in removed]).delete()
    SessionSupervisor.objects.bulk_create(
        [SessionSupervisor(session_id=ses, supervisor_id=sup, role=proposed[(ses, sup)]) for ses, sup in added]
    )
    for p in kept:
        if current[p][1] != proposed[p]:
            SessionSupervisor.objects.filter(pk=current[p][0]).update(role=proposed[p])

    # The sessions record the need the rota was built for (their pages show it).
    stale = [
        Session(pk=sid, supervisors_needed=need.supervisors)
        for sid, needed in Session.objects.filter(pk__in=session_ids).values_list("pk", "supervisors_needed")
        if needed != (need := built.needs[sid]).supervisors
    ]
    Session.objects.bulk_update(stale, ["supervisors_needed"], batch_size=500)

    version = (RotaPublication.objects.filter(region=run.region).aggregate(v=Max("version"))["v"] or 0) + 1
    earlier = RotaPublication.objects.filter(
        region=run.region, start_date__lte=run.end_date, end_date__gte=run.start_date
    ).exists()
    publication = RotaPublication.objects.create(
        run=run,
        region=run.region,
        start_date=run.start_date,
        end_date=run.end_date,
        version=version,
        published_by=user,
        added=len(added),
        removed=len(removed),
        kept=len(kept),
    )
    notified = _record_notifications(publication, built, added, removed, old, earlier)
    run.status = RotaRunStatus.PUBLISHED
    run.published_version = version
    run.published_by = user
    run.published_at = publication.published_at
    run.changed_since_publish = False
    run.progress_message = f"Published as version {version}."
    run.figures = {**run.figures, "published_added": len(added), "published_removed": len(removed)}
    run.save()
    # Another run of the region published earlier over the same days is replaced by this one.
    RotaRun.objects.filter(
        region=run.region,
        status=RotaRunStatus.PUBLISHED,
        start_date__lte=run.end_date,
        end_date__gte=run.start_date,
    ).exclude(pk=run.pk).update(status=RotaRunStatus.SUPERSEDED, progress_message=f"Replaced by rota run {run.pk}.")
    flagged = dayview_selectors.cannot_run(Session.objects.filter(pk__in=session_ids), today=timezone.localdate())
    return PublishResult(
        run,
        publication,
        len(added),
        len(removed),
        len(kept),
        notified,
        cannot_run=tuple(flagged.values_list("pk", flat=True)),
    )


def _publish_refusals(built: adapter.BuiltRota, pairs: list[tuple[int, int]]) -> list[str]:
    out = []
    gone = {sup for _, sup in pairs if sup not in built.supervisors}
    if gone:
        out.append(
            f"{len(gone)} supervisor{'s on this rota are' if len(gone) != 1 else ' on this rota is'} "
            "no longer active in the region."
        )
    pairs = [p for p in pairs if p[1] in built.supervisors]
    for v in engine.check(built.problem, adapter.engine_assignments(pairs)):
        if v.rule in ("max_staff", "travel"):
            continue  # over-staffing by hand and distance are the coordinator's call
        out.append(_humanise(v.message, built))
    for ses, sup in pairs:
        why = built.forbidden.get((ses, sup))
        if why:
            out.append(REFUSED_SESSION.format(name=built.supervisors[sup]["name"], why=why))
    return out


def _session_line(session: Session) -> str:
    site = session.project.site
    where = session.project.name
    if site.name and site.name.strip().casefold() != where.strip().casefold():
        where += f" at {site.name}"
    when = f"{session.date:%a %d %b %Y}, {session.start_time:%H:%M} to {session.end_time:%H:%M}"
    return f"{when}: {where}, {site.postcode}"


def _record_notifications(publication, built, added, removed, old, earlier: bool) -> int:
    by_sup: dict[int, dict[str, list[int]]] = defaultdict(lambda: {"added": [], "removed": []})
    for ses, sup in added:
        by_sup[sup]["added"].append(ses)
    for ses, sup in removed:
        by_sup[sup]["removed"].append(ses)
    if not by_sup:
        return 0
    had_rota = {sup for _, sup in old}
    sessions = Session.objects.select_related("project__site").in_bulk(
        {s for change in by_sup.values() for s in change["added"] + change["removed"]}
    )
    sups = Supervisor.objects.select_related("user").in_bulk(list(by_sup))
    period = f"{publication.start_date:%d %b} to {publication.end_date:%d %b %Y}"
    rows = []
    for sup_id, change in sorted(by_sup.items()):
        sup = sups[sup_id]
        changed = earlier or sup_id in had_rota
        kind = RotaNotificationKind.CHANGED if changed else RotaNotificationKind.PUBLISHED
        subject = f"Your rota has changed: {period}" if changed else f"Your rota for {period}"
        lines = [f"Hello {sup.user.first_name or sup.user.username},", ""]
        lines.append(
            f"The {publication.region} rota (version {publication.version}) "
            + ("changes your sessions:" if changed else "is out. Your sessions:")
        )
        for label, ids in (("Added", change["added"]), ("Removed", change["removed"])):
            ordered = sorted((sessions[i] for i in ids if i in sessions), key=lambda s: (s.date, s.start_time))
            if ordered:
                lines += ["", f"{label}:"] + [f"- {_session_line(s)}" for s in ordered]
        site = getattr(settings, "PUBLIC_URL", "").rstrip("/")
        lines += ["", f"See your rota at {site}/my/rota/ (your calendar feed updates by itself)."]
        rows.append(
            RotaNotification(
                publication=publication,
                supervisor=sup,
                kind=kind,
                subject=subject[:200],
                body="\n".join(lines),
                added=sorted(change["added"]),
                removed=sorted(change["removed"]),
                email=sup.user.email or "",
            )
        )
    RotaNotification.objects.bulk_create(rows)
    return len(rows)


def _enqueue_notifications(publication_id: int) -> None:
    enqueue(SEND_NOTIFICATIONS_TASK, publication_id)


def send_notifications(*, publication_id: int) -> int:
    """Emails the publication's unsent notifications (Django's email backend; console by default)."""
    sent = 0
    for note in RotaNotification.objects.filter(publication_id=publication_id, sent_at__isnull=True):
        if not note.email:
            RotaNotification.objects.filter(pk=note.pk).update(error="No email address: shown in the service only.")
            continue
        try:
            send_mail(note.subject, note.body, settings.DEFAULT_FROM_EMAIL, [note.email], fail_silently=False)
        except Exception as error:  # recorded on the row; the rota itself is published already
            log.exception("Rota notification %s failed", note.pk)
            RotaNotification.objects.filter(pk=note.pk).update(error=str(error)[:300])
            continue
        RotaNotification.objects.filter(pk=note.pk).update(sent_at=timezone.now(), error="")
        sent += 1
    return sent
