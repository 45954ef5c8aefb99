"""The order's page (its deadline, status and history) and one page per action on it, for coordinators."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from upw.core.access import OFFICE_ROLES, get_visible
from upw.models import Requirement
from upw.orders import selectors
from upw.orders import services as orders
from upw.orders.forms import FORMS
from upw.web.decorators import role_required

DONE = {
    "extend": "Court extension recorded: the new deadline is {deadline:%d %B %Y}.",
    "pause": "Order paused. {cancelled} future booking{plural} cancelled.",
    "resume": "Order resumed: the deadline is now {deadline:%d %B %Y}.",
    "revoke": "Order recorded as revoked. {cancelled} future booking{plural} cancelled.",
    "breach": "Order recorded as breached. {cancelled} future booking{plural} cancelled.",
    "transfer": "Order recorded as transferred out. {cancelled} future booking{plural} cancelled.",
}


def _requirement(request: HttpRequest, requirement_id: int) -> Requirement:
    return get_visible(request.user, Requirement, pk=requirement_id)


@role_required(OFFICE_ROLES)
@require_GET
def order_detail(request: HttpRequest, requirement_id: int) -> HttpResponse:
    requirement = _requirement(request, requirement_id)
    today = timezone.localdate()
    allowed = selectors.allowed_actions(requirement)
    ctx = {
        "requirement": requirement,
        "person": requirement.person,
        "warning": selectors.deadline_warning(requirement, today=today),
        "pause": selectors.current_pause(requirement),
        "actions": [(key, selectors.ACTIONS[key]) for key in allowed],
        "events": selectors.order_events(requirement),
        "enforcement": selectors.enforcement_under(requirement),
    }
    return render(request, "orders/order.html", ctx)


def _perform(action: str, requirement: Requirement, data: dict, request: HttpRequest):
    common = {"requirement": requirement, "by": request.user, "today": timezone.localdate()}
    if action == "extend":
        return orders.order_extend(
            **common,
            new_deadline=data["new_deadline"],
            court=data["court"],
            decided_on=data["decided_on"],
            court_reference=data["court_reference"],
            reason=data["reason"],
        )
    if action == "pause":
        return orders.order_pause(
            **common, pause_reason=data["pause_reason"], reason=data["reason"], on=data["effective_on"]
        )
    if action == "resume":
        return orders.order_resume(**common, on=data["effective_on"], reason=data["reason"])
    return orders.order_end(
        **common,
        kind=selectors.ACTION_KINDS[action],
        reason=data["reason"],
        on=data["effective_on"],
        transferred_to=data.get("transferred_to", ""),
        court=data.get("court", ""),
        court_reference=data.get("court_reference", ""),
    )


@role_required(OFFICE_ROLES)
@require_http_methods(["GET", "POST"])
def order_action(request: HttpRequest, requirement_id: int, action: str) -> HttpResponse:
    requirement = _requirement(request, requirement_id)
    if action not in FORMS:
        raise Http404("No such action.")
    if action not in selectors.allowed_actions(requirement):
        messages.error(
            request,
            f"{selectors.ACTIONS[action]}: not possible while the order is {requirement.get_status_display().lower()}.",
        )
        return redirect("order", requirement_id=requirement.pk)
    form = FORMS[action](request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = _perform(action, requirement, form.cleaned_data, request)
        except orders.OrderError as refused:
            form.add_error(refused.field if refused.field in form.fields else None, str(refused))
        else:
            count = event.bookings_cancelled
            messages.success(
                request,
                DONE[action].format(deadline=event.deadline_after, cancelled=count, plural="" if count == 1 else "s"),
            )
            return redirect("order", requirement_id=requirement.pk)
    ctx = {
        "requirement": requirement,
        "person": requirement.person,
        "form": form,
        "action": action,
        "title": selectors.ACTIONS[action],
    }
    return render(request, "orders/action.html", ctx)
