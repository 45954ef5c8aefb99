"""With SENTRY_DSN set, errors are reported to Sentry with the request id and user id, and without
personal data: no cookies, request body, query string, client address or local variables."""

import pytest
import sentry_sdk
from django.test import override_settings
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from tests import factories as f
from tests.test_settings import run_django
from upw.models import Role
from upw.operations.sentry import init_sentry


class KeptEvents(Transport):
    events: list[dict] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        for item in envelope.items:
            if item.type == "event":
                self.events.append(item.payload.json)


@pytest.fixture
def sentry_events():
    KeptEvents.events = []
    init_sentry(
        dsn="https://public@sentry.example/1", environment="test", release=None, traces_sample_rate=0,
        transport=KeptEvents,
    )  # fmt: skip
    yield KeptEvents.events
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: reporting off again for the rest of the suite


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.operations.urls_failing", DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_an_error_is_reported_with_ids_and_no_personal_data(client, sentry_events):
    user = f.UserFactory(role=Role.COORDINATOR, email="cora.private@example.org")
    client.force_login(user)
    client.raise_request_exception = False

    response = client.post(
        "/people/X765432/fails/?q=Morwenna+Jones", {"first_name": "Morwenna"}, REMOTE_ADDR="198.51.100.7"
    )
    sentry_sdk.flush()

    assert response.status_code == 500
    [event] = sentry_events
    assert event["tags"]["request_id"] == response["X-Request-ID"]
    assert event["tags"]["user_id"] == str(user.pk)
    sent = str(event)
    for private in ("Morwenna", "cora.private@example.org", "198.51.100.7", "sessionid"):
        assert private not in sent, private
    assert "user" not in event or "email" not in event["user"]


def test_settings_turn_reporting_on_only_with_a_dsn_and_never_with_personal_data():
    probe = (
        "import sentry_sdk; c = sentry_sdk.get_client(); "
        "print(c.is_active(), c.options['send_default_pii'], c.options['include_local_variables'])"
    )
    with_dsn = run_django(probe, DEBUG="true", SENTRY_DSN="https://public@sentry.example/1")
    without = run_django(probe, DEBUG="true")
    assert with_dsn.returncode == 0, with_dsn.stderr
    assert with_dsn.stdout.split()[-3:] == ["True", "False", "False"]
    assert without.stdout.split()[-3] == "False"
