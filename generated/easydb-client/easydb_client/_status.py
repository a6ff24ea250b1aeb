"""The HTTPStatus of a response's status code, for the operations' Response.status_code."""

from __future__ import annotations

from http import HTTPStatus

# Calling the enum (HTTPStatus(200)) goes through EnumType.__call__ and __new__: a microsecond, once a call.
_BY_CODE: dict[int, HTTPStatus] = {status.value: status for status in HTTPStatus}


def http_status(code: int) -> HTTPStatus:
    """HTTPStatus(code), which raises ValueError for a code it does not know."""
    return _BY_CODE.get(code) or HTTPStatus(code)
