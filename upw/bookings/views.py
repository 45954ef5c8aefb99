"""Changing a booked place from the session page or the person's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from upw.attendance.services import new_key
from upw.bookings import services
from upw.bookings.forms import CancelForm, MoveForm, RescheduleForm
from upw.core.access import OFFICE_ROLES, get_visible, require_role, visible
from upw.models import Allocation, Session

FORMS = {"cancel": CancelForm, "move": MoveForm, "reschedule": RescheduleForm}


def _back(request: HttpRequest, allocation: Allocation) -> HttpResponse:
    if request.POST.get("back") == "session":
        return redirect("session", session_id=allocation.session_id)
    return redirect(reverse("person", args=[allocation.requirement.person.crn]) + "#upcoming-sessions")


def _apply(request: HttpRequest, change: str, allocation: Allocation, data: dict) -> str:
    today = timezone.localdate()
    if change == "cancel":
        services.booking_cancel(
            allocation=allocation, reason=data["reason"], note=data["note"], by=request.user, today=today
        )
        return f"Place on {date_format(allocation.session.date, 'l j F')} cancelled."
    to_session = get_visible(request.user, Session, pk=data["session"])
    if change == "move":
        booking = services.booking_move(allocation=allocation, to_session=to_session, by=request.user, today=today)
    else:
        booking = services.booking_reschedule(
            allocation=allocation,
            to_session=to_session,
            requested_by=data["requested_by"],
            by=request.user,
            today=today,
            key=request.POST.get("idempotency_key", ""),
        )
    return f"Booked on {booking.session.project.name}, {date_format(booking.session.date, 'l j F')}."


@login_required
def booking_change(request: HttpRequest, allocation_id: int) -> HttpResponse:
    require_role(request.user, OFFICE_ROLES)
    allocation = get_visible(request.user, Allocation, pk=allocation_id)
    targets = services.change_targets(
        allocation=allocation, sessions=visible(request.user, Session), today=timezone.localdate()
    )
    change = request.POST.get("change") if request.method == "POST" else None
    forms = {
        name: form_class(request.POST if name == change else None, **({} if name == "cancel" else {"targets": targets}))
        for name, form_class in FORMS.items()
    }
    failed = None
    if change in forms:
        form = forms[change]
        if form.is_valid():
            try:
                message = _apply(request, change, allocation, form.cleaned_data)
            except services.BookingError as refused:
                form.add_error(refused.field if refused.field in form.fields else None, str(refused))
            else:
                messages.success(request, message)
                return _back(request, allocation)
        failed = form
    ctx = {
        "allocation": allocation,
        "person": allocation.requirement.person,
        "forms": forms,
        "form": failed,
        "key": new_key(),
        "back": request.GET.get("back") or request.POST.get("back", ""),
        "history": services.place_history(visible(request.user, Allocation).filter(requirement=allocation.requirement)),
    }
    return render(request, "bookings/change.html", ctx)
