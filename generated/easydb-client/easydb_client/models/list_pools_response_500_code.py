from typing import Literal

ListPoolsResponse500Code = Literal[
    "error.server.database",
    "error.server.eas",
    "error.server.elasticsearch",
    "error.server.generic",
    "error.server.internal_file_error",
]

LIST_POOLS_RESPONSE_500_CODE_VALUES: set[ListPoolsResponse500Code] = {
    "error.server.database",
    "error.server.eas",
    "error.server.elasticsearch",
    "error.server.generic",
    "error.server.internal_file_error",
}


def check_list_pools_response_500_code(value: str) -> ListPoolsResponse500Code:
    if value in LIST_POOLS_RESPONSE_500_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LIST_POOLS_RESPONSE_500_CODE_VALUES!r}")
