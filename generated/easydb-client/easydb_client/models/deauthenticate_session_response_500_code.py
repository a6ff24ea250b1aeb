from typing import Literal

DeauthenticateSessionResponse500Code = Literal[
    "error.server.database",
    "error.server.eas",
    "error.server.elasticsearch",
    "error.server.generic",
    "error.server.internal_file_error",
]

DEAUTHENTICATE_SESSION_RESPONSE_500_CODE_VALUES: set[DeauthenticateSessionResponse500Code] = {
    "error.server.database",
    "error.server.eas",
    "error.server.elasticsearch",
    "error.server.generic",
    "error.server.internal_file_error",
}


def check_deauthenticate_session_response_500_code(value: str) -> DeauthenticateSessionResponse500Code:
    if value in DEAUTHENTICATE_SESSION_RESPONSE_500_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DEAUTHENTICATE_SESSION_RESPONSE_500_CODE_VALUES!r}")
