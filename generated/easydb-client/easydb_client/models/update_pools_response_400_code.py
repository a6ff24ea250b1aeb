from typing import Literal

UpdatePoolsResponse400Code = Literal[
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
    "error.user.group_not_found",
    "error.user.insufficient_rights",
    "error.user.integrity_constraint_violation",
    "error.user.no_system_right",
    "error.user.not_authenticated",
    "error.user.pool_not_found",
    "error.user.pool_requires_parent",
    "error.user.system_pool_update_parent",
    "error.user.tag_not_found",
    "error.user.user_not_found",
    "error.user.version_mismatch",
]

UPDATE_POOLS_RESPONSE_400_CODE_VALUES: set[UpdatePoolsResponse400Code] = {
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
    "error.user.group_not_found",
    "error.user.insufficient_rights",
    "error.user.integrity_constraint_violation",
    "error.user.no_system_right",
    "error.user.not_authenticated",
    "error.user.pool_not_found",
    "error.user.pool_requires_parent",
    "error.user.system_pool_update_parent",
    "error.user.tag_not_found",
    "error.user.user_not_found",
    "error.user.version_mismatch",
}


def check_update_pools_response_400_code(value: str) -> UpdatePoolsResponse400Code:
    if value in UPDATE_POOLS_RESPONSE_400_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {UPDATE_POOLS_RESPONSE_400_CODE_VALUES!r}")
