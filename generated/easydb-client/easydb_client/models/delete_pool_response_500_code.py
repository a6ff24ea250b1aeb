from typing import Literal

DeletePoolResponse500Code = Literal[
    "error.server.database",
    "error.server.eas",
    "error.server.elasticsearch",
    "error.server.generic",
    "error.server.internal_file_error",
]

DELETE_POOL_RESPONSE_500_CODE_VALUES: set[DeletePoolResponse500Code] = {
    "error.server.database",
    "error.server.eas",
    "error.server.elasticsearch",
    "error.server.generic",
    "error.server.internal_file_error",
}


def check_delete_pool_response_500_code(value: str) -> DeletePoolResponse500Code:
    if value in DELETE_POOL_RESPONSE_500_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DELETE_POOL_RESPONSE_500_CODE_VALUES!r}")
