from typing import Literal

ErrorRealm = Literal["api", "server", "user"]

ERROR_REALM_VALUES: set[ErrorRealm] = {
    "api",
    "server",
    "user",
}


def check_error_realm(value: str) -> ErrorRealm:
    if value in ERROR_REALM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ERROR_REALM_VALUES!r}")
