from typing import Literal

GetSessionResponse500Code = Literal[
    "error.server.database",
    "error.server.eas",
    "error.server.elasticsearch",
    "error.server.generic",
    "error.server.internal_file_error",
]

GET_SESSION_RESPONSE_500_CODE_VALUES: set[GetSessionResponse500Code] = {
    "error.server.database",
    "error.server.eas",
    "error.server.elasticsearch",
    "error.server.generic",
    "error.server.internal_file_error",
}


def check_get_session_response_500_code(value: str) -> GetSessionResponse500Code:
    if value in GET_SESSION_RESPONSE_500_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {GET_SESSION_RESPONSE_500_CODE_VALUES!r}")
