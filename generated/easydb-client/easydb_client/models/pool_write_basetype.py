from typing import Literal

PoolWriteBasetype = Literal["pool"]

POOL_WRITE_BASETYPE_VALUES: set[PoolWriteBasetype] = {
    "pool",
}


def check_pool_write_basetype(value: str) -> PoolWriteBasetype:
    if value in POOL_WRITE_BASETYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {POOL_WRITE_BASETYPE_VALUES!r}")
