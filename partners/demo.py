"""Demo data for the partner portal, added by upw.demo.generator after its projects exist.

It uses its own random generator so the rest of the demo (people, allocations) stays the same.
It adds no projects or sessions (the demo's counts are pinned); it gives the projects waiting for
review a believable audit trail and conversation, makes Pat an organisation admin, leaves one
invitation pending and adds public nominations for the coordinators to triage.
"""

import datetime as dt
import hashlib
import random

from django.utils import timezone

from partners.models import (
    Invitation,
    Nomination,
    NominationStatus,
    PartnerMembership,
    Project,
    ProjectEvent,
    ProjectEventKind,
    ProjectStatus,
)

PATHS = {
    ProjectStatus.DRAFT: [],
    ProjectStatus.SUBMITTED: [ProjectStatus.SUBMITTED],
    ProjectStatus.IN_REVIEW: [ProjectStatus.SUBMITTED, ProjectStatus.IN_REVIEW],
    ProjectStatus.CHANGES_REQUESTED: [
        ProjectStatus.SUBMITTED,
        ProjectStatus.IN_REVIEW,
        ProjectStatus.CHANGES_REQUESTED,
    ],
}
CHANGES_MESSAGE = (
    "Thanks for this. Could you add the times people can use the toilets, and upload the updated risk assessment?"
)
NOMINATIONS = (
    # name, location, district, toilets, accessible, status
    ("Clear the overgrown path to the allotments", "Behind the church hall", "north-east", "no", "unknown", "new"),
    ("Repaint the community centre hall", "Community centre, Front Street", "north-east", "yes", "yes", "new"),
    ("Litter pick along the river bank", "Riverside walk by the old mill", "north-east", "unknown", "no",
     "under_consideration"),
    ("Tidy the cemetery grounds", "Town cemetery", "wales", "no", "yes", "new"),
    ("Restore the benches in the park", "Victoria Park", "wales", "yes", "yes", "declined"),
)  # fmt: skip


def build(*, users: dict, projects: list[Project], coordinator: dict, today: dt.date, seed: int) -> dict[str, int]:
    rng = random.Random(f"partners-{seed}")
    now = timezone.now()
    pat = users["pat"]
    PartnerMembership.objects.filter(user=pat).update(is_organisation_admin=True)
    members = {m.organisation_id: m.user for m in PartnerMembership.objects.select_related("user")}

    events, times = [], []
    for project in projects:
        path = PATHS.get(project.status)
        if path is None:
            continue
        reviewer = coordinator.get(project.site.pdu.region.code)
        partner = members.get(project.organisation_id)
        when = now - dt.timedelta(days=rng.randint(6, 20), hours=rng.randint(0, 8))
        events.append(ProjectEvent(project=project, kind=ProjectEventKind.CREATED, actor=partner, to_status="draft"))
        times.append(when)
        previous = ProjectStatus.DRAFT
        for status in path:
            when += dt.timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 6))
            actor = partner if status == ProjectStatus.SUBMITTED else reviewer
            message = CHANGES_MESSAGE if status == ProjectStatus.CHANGES_REQUESTED else ""
            events.append(
                ProjectEvent(
                    project=project,
                    kind=ProjectEventKind.TRANSITION,
                    actor=actor,
                    from_status=previous,
                    to_status=status,
                    message=message,
                )
            )
            times.append(when)
            previous = status
        if project.status == ProjectStatus.IN_REVIEW and reviewer is not None:
            events.append(
                ProjectEvent(
                    project=project,
                    kind=ProjectEventKind.MESSAGE,
                    actor=reviewer,
                    message="Is the site locked at weekends, and who holds the key?",
                )
            )
            times.append(when + dt.timedelta(hours=2))
    ProjectEvent.objects.bulk_create(events)
    # created_at is set on insert; give the trail the days it would have taken.
    for event, when in zip(events, times, strict=True):
        event.created_at = when
    ProjectEvent.objects.bulk_update(events, ["created_at"])

    pat_org = pat.partner_membership.organisation
    Invitation.objects.create(
        organisation=pat_org,
        email="new.colleague@demo.upw.invalid",
        token_hash=hashlib.sha256(f"demo-invitation-{seed}".encode()).hexdigest(),
        invited_by=coordinator.get("north-east"),
        expires_at=now + dt.timedelta(days=7),
    )

    sites_by_region: dict[str, list] = {}
    for project in projects:
        sites_by_region.setdefault(project.site.pdu.region.code, []).append(project.site)
    nominations = []
    for number, (name, location, region_code, toilets, accessible, status) in enumerate(NOMINATIONS, start=1):
        sites = sites_by_region.get(region_code) or [p.site for p in projects]
        site = rng.choice(sites)
        nominations.append(
            Nomination(
                reference=f"NOM-{today:%Y}-D{seed % 1000:03d}{number:02d}",
                name=name,
                description=f"{name}. Local residents would help where they can.",
                location=location,
                postcode=site.postcode,
                latitude=site.latitude,
                longitude=site.longitude,
                region=site.pdu.region,
                toilets=toilets,
                accessible=accessible,
                nominator_name=rng.choice(("Jo Bell", "Sam Price", "Alex Reed", "Chris Owen")),
                nominator_email=f"nominator{number}@demo.upw.invalid",
                status=NominationStatus(status),
                triage_note="Private land: the owner has not agreed." if status == "declined" else "",
            )
        )
    Nomination.objects.bulk_create(nominations)
    return {"project_events": len(events), "nominations": len(nominations), "invitations": 1}
