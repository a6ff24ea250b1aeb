from typing import Literal

PoolBasetype = Literal["pool"]

POOL_BASETYPE_VALUES: set[PoolBasetype] = {
    "pool",
}


def check_pool_basetype(value: str) -> PoolBasetype:
    if value in POOL_BASETYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {POOL_BASETYPE_VALUES!r}")
