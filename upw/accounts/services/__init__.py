"""Writes about accounts, one module a job: API tokens, the second factor, password resets and staff
invitations. The public names are re-exported here, so callers say `services.<name>`."""

from .invitations import (
    accept_staff_invitation,
    invite_staff,
    invited_user,
    regions_invitable_by,
    roles_invitable_by,
    staff_invitation_for_token,
    withdraw_staff_invitation,
)
from .passwords import (
    TooManyResetRequests,
    password_problems,
    request_password_reset,
    set_password_from_reset,
)
from .second_factor import (
    APP_DEVICE_NAME,
    RECOVERY_CODE_COUNT,
    RECOVERY_DEVICE_NAME,
    check_code,
    confirm_app_setup,
    has_second_factor,
    is_recovery_device,
    normalise_code,
    pending_app_device,
    recovery_codes_left,
    reset_second_factor,
    start_app_setup,
)
from .tokens import revoke_all_tokens, revoke_own_token

__all__ = [
    "APP_DEVICE_NAME",
    "RECOVERY_CODE_COUNT",
    "RECOVERY_DEVICE_NAME",
    "TooManyResetRequests",
    "accept_staff_invitation",
    "check_code",
    "confirm_app_setup",
    "has_second_factor",
    "invite_staff",
    "invited_user",
    "is_recovery_device",
    "normalise_code",
    "password_problems",
    "pending_app_device",
    "recovery_codes_left",
    "regions_invitable_by",
    "request_password_reset",
    "reset_second_factor",
    "revoke_all_tokens",
    "revoke_own_token",
    "roles_invitable_by",
    "set_password_from_reset",
    "staff_invitation_for_token",
    "start_app_setup",
    "withdraw_staff_invitation",
]
