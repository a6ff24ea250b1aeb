from typing import Literal

GetPoolResponse500Code = Literal[
    "error.server.database",
    "error.server.eas",
    "error.server.elasticsearch",
    "error.server.generic",
    "error.server.internal_file_error",
]

GET_POOL_RESPONSE_500_CODE_VALUES: set[GetPoolResponse500Code] = {
    "error.server.database",
    "error.server.eas",
    "error.server.elasticsearch",
    "error.server.generic",
    "error.server.internal_file_error",
}


def check_get_pool_response_500_code(value: str) -> GetPoolResponse500Code:
    if value in GET_POOL_RESPONSE_500_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {GET_POOL_RESPONSE_500_CODE_VALUES!r}")
