"""API tokens stop working when their user's password changes or the account is deactivated.

A receiver rather than a call in each place, so that every way of doing either (the password
pages, the admin, `changepassword`, a script) revokes the tokens.
"""

from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver

from upw.accounts.services import revoke_all_tokens
from upw.core.tokens import forget_tokens_of
from upw.models import User


@receiver(pre_save, sender=User, dispatch_uid="accounts-remember-credentials")
def remember_credentials(sender, instance: User, raw: bool = False, update_fields=None, **kwargs) -> None:
    instance._credentials_before = None
    if raw or instance.pk is None:
        return
    # Signing in saves last_login alone; that needs no look at the old row.
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return
    before = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    instance._credentials_before = before


@receiver(post_save, sender=User, dispatch_uid="accounts-revoke-tokens")
def revoke_tokens_on_credential_change(sender, instance: User, raw: bool = False, **kwargs) -> None:
    before = getattr(instance, "_credentials_before", None)
    instance._credentials_before = None
    if raw or before is None:
        return
    if before["is_active"] and not instance.is_active:
        revoke_all_tokens(user=instance, reason="account deactivated")
    elif before["password"] != instance.password:
        revoke_all_tokens(user=instance, reason="password changed")


@receiver(post_save, sender=User, dispatch_uid="accounts-forget-cached-tokens")
@receiver(pre_delete, sender=User, dispatch_uid="accounts-forget-cached-tokens-on-delete")
def forget_cached_tokens(sender, instance: User, raw: bool = False, update_fields=None, **kwargs) -> None:
    """A token's user is cached between API requests (upw.core.tokens): any change to the user (role,
    activity, superuser) is seen on the next request. Signing in saves last_login alone, which no
    API request reads."""
    if raw or instance.pk is None or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    forget_tokens_of(instance.pk)
