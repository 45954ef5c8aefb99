import re

from django.urls import reverse


def test_it_shows_the_sign_in_page(client, db):
    r = client.get("/login/")
    assert r.status_code == 200
    assert b'<h1 class="govuk-heading-l">Sign in</h1>' in r.content
    assert b'<label class="govuk-label" for="id_username">Username</label>' in r.content
    assert b"govuk/govuk-frontend.min.css" in r.content
    assert b"Alpha" in r.content


def test_it_names_the_login_url():
    assert reverse("login") == "/login/"
    assert reverse("home") == "/"


def test_it_gives_the_js_enabled_snippet_the_csp_nonce(client, db):
    r = client.get("/login/")
    nonce = re.search(rb'<script nonce="([^"]+)">document.body.className', r.content)
    assert nonce is not None
    assert f"'nonce-{nonce.group(1).decode()}'" in r["Content-Security-Policy"]


def test_it_signs_a_coordinator_in_and_goes_to_the_dashboard(client, world):
    r = client.post("/login/", {"username": "cora", "password": "password"}, follow=True)
    assert r.redirect_chain[-1][0] == "/dashboard/"
    assert b"Dashboard" in r.content


def test_it_shows_an_error_summary_for_a_wrong_password(client, world):
    r = client.post("/login/", {"username": "cora", "password": "wrong"})
    assert r.status_code == 200
    assert b"govuk-error-summary" in r.content
    assert b'href="#id_username"' in r.content
    assert b"<title>Error: Sign in" in r.content


def test_it_shows_field_errors_for_empty_fields(client, db):
    r = client.post("/login/", {"username": "", "password": ""})
    assert b"govuk-form-group--error" in r.content
    assert b'id="id_password-error"' in r.content


def test_it_sends_partners_home_to_the_portal(client, world):
    client.force_login(world.pat)
    assert client.get("/").url == "/partner/"


def test_it_sends_supervisors_home_to_their_sessions(client, world):
    client.force_login(world.sam)
    assert client.get("/").url == "/my/sessions/"


def test_it_sends_administrators_home_to_the_dashboard(client, world):
    client.force_login(world.admin)
    assert client.get("/").url == "/dashboard/"


def test_it_redirects_anonymous_users_to_sign_in(client, db):
    r = client.get("/")
    assert r.status_code == 302
    assert r.url.startswith("/login/")


def test_it_signs_out_with_a_post(client, world):
    client.force_login(world.cora)
    r = client.post("/logout/")
    assert r.status_code == 302
    assert client.get("/dashboard/").status_code == 302


def test_it_refuses_sign_out_by_get(client, world):
    client.force_login(world.cora)
    assert client.get("/logout/").status_code == 405


def test_it_shows_the_signed_in_name_and_a_sign_out_form(client, world):
    client.force_login(world.cora)
    r = client.get("/dashboard/")
    assert b"Cora Test" in r.content
    assert b'action="/logout/"' in r.content


def test_it_renders_a_govuk_404_page(client, world):
    client.force_login(world.cora)
    r = client.get("/no-such-page/")
    assert r.status_code == 404
    assert b"Page not found" in r.content
    assert b"govuk-template__body" in r.content


def test_it_shows_only_the_navigation_a_partner_may_use(client, world):
    client.force_login(world.pat)
    r = client.get("/projects/")
    nav = r.content.split(b'id="navigation"')[1].split(b"</ul>")[0]
    assert b">Projects<" in nav or b"Projects</strong>" in nav
    assert b"Sessions" in nav
    assert b"People" not in nav
    assert b"Dashboard" not in nav


def test_it_shows_only_sessions_in_a_supervisors_navigation(client, world):
    client.force_login(world.sam)
    r = client.get("/sessions/")
    nav = r.content.split(b'id="navigation"')[1].split(b"</ul>")[0]
    assert b"Sessions" in nav
    assert b"Projects" not in nav
    assert b"People" not in nav


def test_a_coordinators_navigation_reaches_the_day_view_and_standing_places(client, world):
    client.force_login(world.cora)
    nav = client.get("/dashboard/").content.split(b'id="navigation"')[1].split(b"</ul>")[0]
    assert b'href="/day/"' in nav and b'href="/standing/"' in nav
    client.force_login(world.sam)
    nav = client.get("/sessions/").content.split(b'id="navigation"')[1].split(b"</ul>")[0]
    assert b'href="/day/"' not in nav and b'href="/standing/"' not in nav


def test_it_marks_the_current_navigation_item(client, world):
    client.force_login(world.cora)
    r = client.get("/people/")
    assert b'href="/people/" aria-current="page"' in r.content
    r = client.get(f"/people/{world.alex.crn}/")
    assert b'href="/people/" aria-current="true"' in r.content


def test_it_renders_the_500_page_without_a_request(db):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in html
