from typing import Literal

UpdatePoolsResponse500Code = Literal[
    "error.server.database",
    "error.server.eas",
    "error.server.elasticsearch",
    "error.server.generic",
    "error.server.internal_file_error",
]

UPDATE_POOLS_RESPONSE_500_CODE_VALUES: set[UpdatePoolsResponse500Code] = {
    "error.server.database",
    "error.server.eas",
    "error.server.elasticsearch",
    "error.server.generic",
    "error.server.internal_file_error",
}


def check_update_pools_response_500_code(value: str) -> UpdatePoolsResponse500Code:
    if value in UPDATE_POOLS_RESPONSE_500_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {UPDATE_POOLS_RESPONSE_500_CODE_VALUES!r}")
