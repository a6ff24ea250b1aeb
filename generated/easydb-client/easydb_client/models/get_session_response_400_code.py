from typing import Literal

GetSessionResponse400Code = Literal[
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
    "error.user.language_not_found",
    "error.user.session_not_found",
]

GET_SESSION_RESPONSE_400_CODE_VALUES: set[GetSessionResponse400Code] = {
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
    "error.user.language_not_found",
    "error.user.session_not_found",
}


def check_get_session_response_400_code(value: str) -> GetSessionResponse400Code:
    if value in GET_SESSION_RESPONSE_400_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {GET_SESSION_RESPONSE_400_CODE_VALUES!r}")
