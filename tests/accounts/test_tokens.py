"""API tokens stop working when a password changes or an account is closed; each user manages their own."""

from upw.core.tokens import issue_token, user_for_token
from upw.models import ApiToken


def test_changing_the_password_revokes_every_token(world):
    raw, _ = issue_token(user=world.cora, name="laptop")
    other, _ = issue_token(user=world.cora, name="script")
    world.cora.set_password("a new long passphrase")
    world.cora.save()
    assert user_for_token(raw) is None
    assert user_for_token(other) is None
    assert not ApiToken.objects.filter(user=world.cora, revoked_at__isnull=True).exists()


def test_changing_the_password_with_update_fields_revokes_the_tokens(world):
    raw, _ = issue_token(user=world.cora, name="laptop")
    world.cora.set_password("a new long passphrase")
    world.cora.save(update_fields=["password"])
    assert user_for_token(raw) is None


def test_deactivating_the_account_revokes_the_tokens(world):
    _, token = issue_token(user=world.cora, name="laptop")
    world.cora.is_active = False
    world.cora.save()
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_an_administrator_deactivating_the_account_in_the_admin_revokes_the_tokens(client, world):
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    _, token = issue_token(user=world.cora, name="laptop")
    client.force_login(world.admin)
    form = client.get(f"/admin/upw/user/{world.cora.pk}/change/").context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list | tuple)}
    data.update(
        {
            "is_active": "",
            "regions": [r.pk for r in world.cora.regions.all()],
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
        }
    )
    data.pop("is_active")
    data.pop("last_login", None)
    data.pop("date_joined", None)
    r = client.post(f"/admin/upw/user/{world.cora.pk}/change/", data)
    assert r.status_code == 302, r.context["adminform"].form.errors if r.context else r
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_other_changes_to_the_user_leave_the_tokens_alone(world):
    raw, _ = issue_token(user=world.cora, name="laptop")
    world.cora.first_name = "Corinne"
    world.cora.save()
    world.cora.refresh_from_db()
    world.cora.save(update_fields=["last_login"])
    assert user_for_token(raw) == world.cora


def test_the_token_page_lists_only_your_own_tokens(client, world):
    issue_token(user=world.cora, name="Cora's laptop")
    issue_token(user=world.nia, name="Nia's script")
    client.force_login(world.cora)
    r = client.get("/account/tokens/")
    assert r.status_code == 200
    assert b"Cora&#x27;s laptop" in r.content
    assert b"Nia" not in r.content.split(b'id="main-content"')[1]


def test_the_token_page_is_reached_from_the_account_link_in_the_header(client, world):
    client.force_login(world.sam)
    assert b'href="/account/">Your account</a>' in client.get("/account/tokens/").content
    assert b'href="/account/tokens/"' in client.get("/account/").content


def test_revoking_a_token_asks_first_then_revokes_it(client, world):
    raw, token = issue_token(user=world.cora, name="laptop")
    client.force_login(world.cora)
    confirm = client.get(f"/account/tokens/{token.pk}/revoke/")
    assert b"Revoke the token laptop?" in confirm.content
    assert user_for_token(raw) == world.cora
    r = client.post(f"/account/tokens/{token.pk}/revoke/", follow=True)
    assert r.redirect_chain[-1][0] == "/account/tokens/"
    assert b"The token laptop has been revoked" in r.content
    assert user_for_token(raw) is None


def test_revoking_another_users_token_is_not_found(client, world):
    raw, token = issue_token(user=world.nia, name="Nia's script")
    client.force_login(world.cora)
    assert client.get(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert user_for_token(raw) == world.nia


def test_the_token_page_needs_a_sign_in(client, db):
    assert client.get("/account/tokens/").url.startswith("/login/")
