"""django-csp's middleware, building the policy of an answer that needs nothing of its own once.

django-csp builds both headers afresh for every answer (copying the settings' directives and joining
them), though most answers, the JSON API's and every page without an inline script, carry the same
policy. That was about a twentieth of what a phone's sync costs the web process. Here an answer with
no nonce asked for and no per-view change (`csp_update`, `csp_replace`, `csp_exempt`, ...) gets the
policy built once per process, and is otherwise left to django-csp exactly as before. The policy is
built again when the settings change (tests override them).
"""

from dataclasses import asdict

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What a view or decorator may set on its answer to change or drop the policy.
_PER_ANSWER = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)
_HEADERS = (
    (HEADER, "CONTENT_SECURITY_POLICY", False),
    (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
)
_built: dict[str, str] = {}


@receiver(setting_changed)
def _forget_built_policies(setting: str, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built.clear()


def _policy(setting: str, report_only: bool) -> str:
    policy = _built.get(setting)
    if policy is None:
        policy = _built[setting] = build_policy(**asdict(PolicyParts()), report_only=report_only)
    return policy


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _PER_ANSWER
        ):
            return super().process_response(request, response)
        # As django-csp decides, for an answer with nothing of its own: Django's debug pages keep
        # their inline styles; a header set already, or a path the settings exclude, is left alone.
        if response.status_code in (404, 500) and settings.DEBUG:
            return response
        for header, setting, report_only in _HEADERS:
            policy = _policy(setting, report_only)
            excluded = tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ())
            if policy and header not in response and not request.path_info.startswith(excluded):
                response[header] = policy
        # Asking for a nonce now would be too late for the header: django-csp makes that an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
