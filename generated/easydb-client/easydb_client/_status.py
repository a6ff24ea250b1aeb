"""The HTTPStatus of a response's status code, for the operations' Response.status_code."""

from __future__ import annotations

from http import HTTPStatus

# Calling the enum (HTTPStatus(200)) goes through EnumType.__call__ and __new__: a microsecond, once a call.
_BY_CODE: dict[int, HTTPStatus] = {status.value: status for status in HTTPStatus}


def http_status(code: int) -> HTTPStatus:
    """The HTTPStatus of `code`; for a code the enum does not list (520 from a CDN, 499 from nginx), a
    stand-in that is that integer, so that such an answer still reaches the typed errors."""
    status = _BY_CODE.get(code)
    if status is None:
        status = _BY_CODE[code] = _unlisted(code)
    return status


def _unlisted(code: int) -> HTTPStatus:
    # Hand-made because the enum has no way to hold a code it does not list (HTTPStatus(520) raises
    # ValueError) and Response.status_code is typed HTTPStatus (openapi-python-client's types.Response): an
    # IntEnum instance of that value, as Enum itself builds a member (int.__new__, then _name_ and _value_).
    status = int.__new__(HTTPStatus, code)
    status._name_ = f"UNLISTED_{code}"
    status._value_ = code
    status.phrase = "Unknown Status"  # type: ignore[misc]
    status.description = ""  # type: ignore[misc]
    # Pickled as the call that makes it again (an Enum member pickles as HTTPStatus(value), which raises for
    # it): pickle looks __reduce_ex__ up on the instance, so a Response holding one crosses to another
    # process (multiprocessing, a task queue) as the others do.
    object.__setattr__(status, "__reduce_ex__", lambda protocol: (http_status, (code,)))
    return status
