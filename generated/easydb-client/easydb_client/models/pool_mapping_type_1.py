from typing import Literal

PoolMappingType1 = Literal["none", "objecttype", "parent"]

POOL_MAPPING_TYPE_1_VALUES: set[PoolMappingType1] = {
    "none",
    "objecttype",
    "parent",
}


def check_pool_mapping_type_1(value: str) -> PoolMappingType1:
    if value in POOL_MAPPING_TYPE_1_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {POOL_MAPPING_TYPE_1_VALUES!r}")
