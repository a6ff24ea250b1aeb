from typing import Literal

AuthenticateSessionResponse500Code = Literal[
    "error.server.database",
    "error.server.eas",
    "error.server.elasticsearch",
    "error.server.generic",
    "error.server.internal_file_error",
]

AUTHENTICATE_SESSION_RESPONSE_500_CODE_VALUES: set[AuthenticateSessionResponse500Code] = {
    "error.server.database",
    "error.server.eas",
    "error.server.elasticsearch",
    "error.server.generic",
    "error.server.internal_file_error",
}


def check_authenticate_session_response_500_code(value: str) -> AuthenticateSessionResponse500Code:
    if value in AUTHENTICATE_SESSION_RESPONSE_500_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {AUTHENTICATE_SESSION_RESPONSE_500_CODE_VALUES!r}")
