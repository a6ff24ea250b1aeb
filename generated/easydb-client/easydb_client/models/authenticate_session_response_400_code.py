from typing import Literal

AuthenticateSessionResponse400Code = Literal[
    "error.api.attribute_expected",
    "error.api.attribute_not_accepted",
    "error.api.eas",
    "error.api.generic",
    "error.api.invalid_api",
    "error.api.invalid_content",
    "error.api.invalid_maskset",
    "error.api.invalid_request_method",
    "error.api.invalid_value",
    "error.api.positional_parameter_expected",
    "error.api.suggest_lock_taken",
    "error.api.type_mismatch",
    "error.user.authentication_method_not_allowed",
    "error.user.authentication_token_expired",
    "error.user.authentication_token_used",
    "error.user.collection_sharing_inactive",
    "error.user.collection_sharing_too_late",
    "error.user.collection_sharing_too_soon",
    "error.user.login_blocked",
    "error.user.login_disabled",
    "error.user.login_disabled_from",
    "error.user.login_disabled_to",
    "error.user.login_failed",
    "error.user.session_not_found",
    "error.user.username_or_password_empty",
]

AUTHENTICATE_SESSION_RESPONSE_400_CODE_VALUES: set[AuthenticateSessionResponse400Code] = {
    "error.api.attribute_expected",
    "error.api.attribute_not_accepted",
    "error.api.eas",
    "error.api.generic",
    "error.api.invalid_api",
    "error.api.invalid_content",
    "error.api.invalid_maskset",
    "error.api.invalid_request_method",
    "error.api.invalid_value",
    "error.api.positional_parameter_expected",
    "error.api.suggest_lock_taken",
    "error.api.type_mismatch",
    "error.user.authentication_method_not_allowed",
    "error.user.authentication_token_expired",
    "error.user.authentication_token_used",
    "error.user.collection_sharing_inactive",
    "error.user.collection_sharing_too_late",
    "error.user.collection_sharing_too_soon",
    "error.user.login_blocked",
    "error.user.login_disabled",
    "error.user.login_disabled_from",
    "error.user.login_disabled_to",
    "error.user.login_failed",
    "error.user.session_not_found",
    "error.user.username_or_password_empty",
}


def check_authenticate_session_response_400_code(value: str) -> AuthenticateSessionResponse400Code:
    if value in AUTHENTICATE_SESSION_RESPONSE_400_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {AUTHENTICATE_SESSION_RESPONSE_400_CODE_VALUES!r}")
