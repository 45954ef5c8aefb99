"""The JSON API: one NinjaAPI, version 1 mounted at /api/v1/, docs at /api/docs.

Every endpoint needs a bearer token (from POST /api/v1/auth/token) or the web UI's session;
what each caller sees is scoped by upw.core.access, as in the web views.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.operation import Operation

from partners.portal import api as partner_project_routes
from partners.projects import api as projects
from scheduler.candidates import api as candidate_routes
from scheduler.matching import api as matching_routes
from scheduler.rota import api as rota_routes
from scheduler.standing import api as standing_routes
from upw.accounts import api as auth
from upw.attendance import api as attendance_routes
from upw.audit import api as audit_routes
from upw.bookings import api as booking_routes
from upw.dayview import api as day_view_routes
from upw.enforcement import api as enforcement_routes
from upw.induction import api as induction_routes
from upw.intake import api as intake_routes
from upw.orders import api as order_routes
from upw.overdue import api as overdue_routes
from upw.people import api as people
from upw.reports import api as reports_routes
from upw.sessions import api as sessions
from upw.standdown import api as stand_down_routes
from upw.travel import api as travel_routes
from upw.web.api import API_AUTH, ErrorOut
from upw.web.api_errors import document_error_responses, field_error, field_errors
from upw.web.api_input import refuse_unstorable_values

# Operation ids are part of the published OpenAPI document and generated clients are built from them.
# django-ninja derives them from the endpoint's module, so each module keeps the name its endpoints were
# first published under.
PUBLISHED_MODULES = {
    "upw.accounts.api": "upw.api_routes.auth",
    "upw.people.api": "upw.api_routes.people",
    "upw.sessions.api": "upw.api_routes.sessions",
    "upw.bookings.api": "upw.api_routes.bookings",
    "upw.dayview.api": "upw.api_routes.bookings_bulk",
    "upw.standdown.api": "upw.api_routes.stand_down",
    "upw.overdue.api": "upw.api_routes.overdue_outcomes",
    "upw.attendance.api": "upw.api_routes.attendance",
    "upw.intake.api": "upw.api_routes.intake",
    "upw.audit.api": "upw.api_routes.audit",
    "upw.induction.api": "upw.api_routes.induction",
    "upw.orders.api": "upw.api_routes.orders",
    "upw.enforcement.api": "upw.api_routes.enforcement",
    "upw.reports.api": "upw.api_routes.reports",
    "partners.projects.api": "upw.api_routes.projects",
    "partners.portal.api": "upw.api_routes.partner_projects",
    "scheduler.matching.api": "upw.api_routes.matching",
    "scheduler.rota.api": "upw.api_routes.rota",
    "scheduler.standing.api": "upw.api_routes.standing_allocations",
    "scheduler.candidates.api": "upw.api_routes.candidates",
}
# The requirements endpoints now share the people module.
PUBLISHED_ENDPOINTS = {
    "upw.people.api.list_requirements": "upw.api_routes.requirements",
    "upw.people.api.get_requirement": "upw.api_routes.requirements",
}


class ServiceAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        view = operation.view_func
        endpoint = f"{view.__module__}.{view.__name__}"
        module = PUBLISHED_ENDPOINTS.get(endpoint) or PUBLISHED_MODULES.get(view.__module__, view.__module__)
        return f"{module}_{view.__name__}".replace(".", "_")

    def get_openapi_schema(self, **kwargs):
        return document_error_responses(super().get_openapi_schema(**kwargs), error_schema=ErrorOut)

    def _get_urls(self):
        # Last, so that it answers only addresses no endpoint takes: in JSON, as the rest of the API.
        # Any address at all, a line break in it too (`.` alone would stop at one).
        return [*super()._get_urls(), re_path(r"^[\s\S]*$", no_such_endpoint, name="no-such-endpoint")]


NO_SUCH_ENDPOINT = "There is no API endpoint at this address. The endpoints are listed at /api/docs."


@csrf_exempt
def no_such_endpoint(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    return api.create_response(request, {"detail": NO_SUCH_ENDPOINT}, status=404)


api = ServiceAPI(
    title="upw API",
    version="1",
    description="Unpaid Work placement and scheduling. Authenticate with `Authorization: Bearer <token>`.",
    docs_url="/docs",
    auth=API_AUTH,
    urls_namespace="api",
)
api.add_decorator(refuse_unstorable_values)

api.add_router("/v1/auth", auth.router)
api.add_router("/v1/people", people.router)
api.add_router("/v1/requirements", people.requirements_router)
api.add_router("/v1/projects", projects.router)
api.add_router("/v1/sessions", sessions.router)
api.add_router("/v1/bookings", booking_routes.router)
api.add_router("/v1/bookings", day_view_routes.router)
api.add_router("/v1/stand-down", stand_down_routes.router)
api.add_router("/v1/overdue-outcomes", overdue_routes.router)
api.add_router("/v1/partner-projects", partner_project_routes.router)
api.add_router("/v1/attendance", attendance_routes.router)
api.add_router("/v1/matching", matching_routes.router)
api.add_router("/v1/rota", rota_routes.router)
api.add_router("/v1/standing-allocations", standing_routes.router)
api.add_router("/v1/candidates", candidate_routes.router)
api.add_router("/v1/intake", intake_routes.router)
api.add_router("/v1/induction", induction_routes.router)
api.add_router("/v1/orders", order_routes.router)
api.add_router("/v1/enforcement", enforcement_routes.router)
api.add_router("/v1/audit", audit_routes.router)
api.add_router("/v1", travel_routes.router)
api.add_router("/v1/reports", reports_routes.router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    # ninja has no handler of its own for PermissionDenied: without this it reaches Django's
    # HTML 403 page.
    return api.create_response(request, {"detail": str(exc) or "You do not have permission."}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # upw.core.access words its 404s the same whether an object is missing or out of scope, so the
    # message is safe to show (ninja's default shows it only with DEBUG on).
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


@api.exception_handler(ValidationError)
def not_valid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": field_errors(exc.errors)}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, ValueError):
        # ninja's answer to a body it cannot read as JSON: a field error like any other.
        return api.create_response(request, {"detail": [field_error(["body"], "json_invalid")]}, status=422)
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)
