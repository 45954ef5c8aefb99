import datetime as dt

import pytest
from django.core.files.base import ContentFile

from partners.models import Nomination, ProjectPhoto
from partners.retention.services import NOMINATOR_REMOVED
from partners.retention.tasks import anonymise_nominations_past_retention
from tests import factories as f

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def nomination(*, made_on: dt.date, reference: str) -> Nomination:
    made = Nomination(
        reference=reference,
        name="Clear the canal towpath",
        description="Brambles everywhere",
        location="Towpath by the lock",
        postcode="NE1 1AD",
        toilets="no",
        accessible="unknown",
        nominator_name="Priya Shah",
        nominator_email="priya@example.org",
        nominator_phone="07700 900456",
    )
    made.photo.save("towpath.png", ContentFile(PNG), save=False)
    made.save()
    Nomination.objects.filter(pk=made.pk).update(created_at=dt.datetime.combine(made_on, dt.time(12), dt.UTC))
    return made


def test_old_nominations_lose_the_nominators_details_photo_and_history(db, media, django_capture_on_commit_callbacks):
    old = nomination(made_on=dt.date(2019, 5, 1), reference="NOM-OLD")
    recent = nomination(made_on=dt.date(2024, 5, 1), reference="NOM-NEW")
    old_photo = media / old.photo.name

    with django_capture_on_commit_callbacks(execute=True):
        counts = anonymise_nominations_past_retention()

    assert counts == {"nominations": 1, "photos": 1}
    old.refresh_from_db()
    assert (old.nominator_name, old.nominator_email, old.nominator_phone, old.photo.name) == (
        NOMINATOR_REMOVED,
        "",
        "",
        "",
    )
    assert not Nomination.history.filter(id=old.pk, nominator_email="priya@example.org").exists()
    assert not old_photo.exists()
    recent.refresh_from_db()
    assert recent.nominator_email == "priya@example.org"
    assert (media / recent.photo.name).exists()


def test_anonymising_nominations_twice_changes_nothing_more(db, django_capture_on_commit_callbacks):
    nomination(made_on=dt.date(2019, 5, 1), reference="NOM-OLD")
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_nominations_past_retention()

    assert anonymise_nominations_past_retention() == {"nominations": 0, "photos": 0}


def test_deleting_an_upload_row_deletes_its_file(db, media, django_capture_on_commit_callbacks):
    photo = ProjectPhoto(project=f.ProjectFactory(), caption="Finished path")
    photo.image.save("path.png", ContentFile(PNG))
    stored = media / photo.image.name
    assert stored.exists()

    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()

    assert not stored.exists()


def test_a_deletion_rolled_back_keeps_the_file(db, media, django_capture_on_commit_callbacks):
    photo = ProjectPhoto(project=f.ProjectFactory(), caption="Finished path")
    photo.image.save("path.png", ContentFile(PNG))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        photo.delete()

    assert len(callbacks) == 1  # the file goes only once the deletion commits
    assert (media / photo.image.name).exists()
