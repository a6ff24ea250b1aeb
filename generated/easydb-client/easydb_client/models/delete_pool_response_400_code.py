from typing import Literal

DeletePoolResponse400Code = Literal[
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
    "error.user.insufficient_rights",
    "error.user.not_authenticated",
    "error.user.pool_not_empty",
    "error.user.pool_not_found",
    "error.user.system_pool_delete",
]

DELETE_POOL_RESPONSE_400_CODE_VALUES: set[DeletePoolResponse400Code] = {
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
    "error.user.insufficient_rights",
    "error.user.not_authenticated",
    "error.user.pool_not_empty",
    "error.user.pool_not_found",
    "error.user.system_pool_delete",
}


def check_delete_pool_response_400_code(value: str) -> DeletePoolResponse400Code:
    if value in DELETE_POOL_RESPONSE_400_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DELETE_POOL_RESPONSE_400_CODE_VALUES!r}")
