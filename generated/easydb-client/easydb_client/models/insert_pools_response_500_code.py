from typing import Literal

InsertPoolsResponse500Code = Literal[
    "error.server.database",
    "error.server.eas",
    "error.server.elasticsearch",
    "error.server.generic",
    "error.server.internal_file_error",
]

INSERT_POOLS_RESPONSE_500_CODE_VALUES: set[InsertPoolsResponse500Code] = {
    "error.server.database",
    "error.server.eas",
    "error.server.elasticsearch",
    "error.server.generic",
    "error.server.internal_file_error",
}


def check_insert_pools_response_500_code(value: str) -> InsertPoolsResponse500Code:
    if value in INSERT_POOLS_RESPONSE_500_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {INSERT_POOLS_RESPONSE_500_CODE_VALUES!r}")
