"""Behind a proxy, the nomination limit holds however the client fills in X-Forwarded-For."""

import pytest

from partners.models import Nomination
from tests.partners.test_nominations import FORM

pytestmark = pytest.mark.django_db


def test_forged_forwarded_addresses_do_not_get_round_the_limit(client, places, settings):
    settings.UPW_TRUSTED_PROXY_COUNT = 1
    settings.UPW_NOMINATIONS_PER_HOUR = 3
    answers = [
        client.post("/nominate/", FORM, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5")
        for n in range(5)
    ]
    assert [r.status_code for r in answers] == [302, 302, 302, 429, 429]
    assert Nomination.objects.count() == 3


def test_a_forged_address_cannot_use_up_someone_elses_allowance(client, places, settings):
    settings.UPW_TRUSTED_PROXY_COUNT = 1
    settings.UPW_NOMINATIONS_PER_HOUR = 2
    for _ in range(3):
        client.post("/nominate/", FORM, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5")
    victim = client.post("/nominate/", FORM, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert victim.status_code == 302
