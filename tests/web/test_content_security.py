"""The Content-Security-Policy header: the policy every answer without a nonce shares is built once
per process, and each answer carries what django-csp itself would give it."""

import pytest
from csp.constants import NONCE, SELF
from csp.decorators import csp_exempt, csp_update
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from upw.web.content_security import ContentSecurityPolicyMiddleware

HEADER = "Content-Security-Policy"


def both_answers(view, path="/somewhere/"):
    """The answer through this middleware and through django-csp's own, for the same view."""
    answers = []
    for middleware in (ContentSecurityPolicyMiddleware, CSPMiddleware):
        request = RequestFactory().get(path)
        answers.append((middleware(view)(request), request))
    return answers


def plain(request):
    return HttpResponse("plain")


def test_a_plain_answer_carries_the_policy_django_csp_builds():
    (ours, _), (theirs, _) = both_answers(plain)
    assert ours[HEADER] == theirs[HEADER]
    assert "default-src 'self'" in ours[HEADER]
    assert "nonce" not in ours[HEADER]


def test_an_answer_that_used_a_nonce_carries_that_nonce():
    def with_script(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')

    (ours, request), _ = both_answers(with_script)
    assert f"'nonce-{request.csp_nonce}'" in ours[HEADER]


def test_a_nonce_asked_for_after_the_header_is_written_is_an_error():
    (_, request), (_, theirs) = both_answers(plain)
    for asked in (request, theirs):
        with pytest.raises(CSPNonceError):
            str(asked.csp_nonce)


def test_a_view_that_changes_the_policy_or_drops_it_is_followed():
    updated = csp_update({"img-src": ["https://tiles.example"]})(plain)
    (ours, _), (theirs, _) = both_answers(updated)
    assert "https://tiles.example" in ours[HEADER]
    assert ours[HEADER] == theirs[HEADER]
    (ours, _), _ = both_answers(csp_exempt()(plain))
    assert HEADER not in ours


def test_the_policy_follows_the_settings_when_they_change():
    (before, _), _ = both_answers(plain)
    policy = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE], "img-src": ["https://new.example"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy, CONTENT_SECURITY_POLICY_REPORT_ONLY={"DIRECTIVES": {}}):
        (during, _), (theirs, _) = both_answers(plain)
        assert "https://new.example" in during[HEADER]
        assert during[HEADER] == theirs[HEADER]
        assert during.get("Content-Security-Policy-Report-Only") == theirs.get("Content-Security-Policy-Report-Only")
    (after, _), _ = both_answers(plain)
    assert after[HEADER] == before[HEADER]


def test_a_header_set_already_or_an_excluded_path_is_left_alone():
    def own_header(request):
        response = HttpResponse()
        response[HEADER] = "default-src 'none'"
        return response

    (ours, _), _ = both_answers(own_header)
    assert ours[HEADER] == "default-src 'none'"
    policy = {"EXCLUDE_URL_PREFIXES": ["/excluded/"], "DIRECTIVES": {"default-src": [SELF]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        (ours, _), (theirs, _) = both_answers(plain, path="/excluded/page")
        assert HEADER not in ours and HEADER not in theirs
