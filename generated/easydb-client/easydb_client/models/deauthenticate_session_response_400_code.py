from typing import Literal

DeauthenticateSessionResponse400Code = Literal[
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
    "error.user.session_not_found",
]

DEAUTHENTICATE_SESSION_RESPONSE_400_CODE_VALUES: set[DeauthenticateSessionResponse400Code] = {
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
    "error.user.session_not_found",
}


def check_deauthenticate_session_response_400_code(value: str) -> DeauthenticateSessionResponse400Code:
    if value in DEAUTHENTICATE_SESSION_RESPONSE_400_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DEAUTHENTICATE_SESSION_RESPONSE_400_CODE_VALUES!r}")
