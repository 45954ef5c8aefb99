"""The public nomination form: no account, a honeypot field and a rate limit per address."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from partners.nominations import services, throttle
from partners.nominations.forms import NominationForm

SESSION_KEY = "nomination_reference"
TOO_MANY = "You have sent too many nominations. Try again in an hour."


@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest) -> HttpResponse:
    form = NominationForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not throttle.nomination_allowed(request):
            return render(request, "nominations/nominate.html", {"form": form, "throttled": TOO_MANY}, status=429)
        if form.is_bot():
            # Look like success, store nothing: a bot learns nothing from the answer.
            request.session[SESSION_KEY] = ""
            return redirect("nominate-done")
        if form.is_valid():
            item = services.nomination_create(fields=form.nomination_fields())
            request.session[SESSION_KEY] = item.reference
            return redirect("nominate-done")
    return render(request, "nominations/nominate.html", {"form": form})


@require_http_methods(["GET"])
def nominate_done(request: HttpRequest) -> HttpResponse:
    if SESSION_KEY not in request.session:
        return redirect("nominate")
    return render(request, "nominations/nominate_done.html", {"reference": request.session[SESSION_KEY]})
