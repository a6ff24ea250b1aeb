"""Credentials: Secret, which never shows its value, and where a credential goes on a request.

The auth flows are in the modules beside this one (_auth_api_key, _auth_login_token, ...), each
placing its credential with an InHeader or InQuery built from the spec's securitySchemes.
"""

from __future__ import annotations

import hmac

import attrs
import httpx


class Secret:
    """A credential: `reveal()` gives the value; repr, str and format give a mask."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash(self._value)


def as_secret(value: str | Secret) -> Secret:
    return value if isinstance(value, Secret) else Secret(value)


@attrs.frozen
class InHeader:
    """A credential in a header, after a prefix such as "Bearer " (none for a raw key)."""

    name: str
    prefix: str = ""

    def apply(self, request: httpx.Request, credential: Secret) -> None:
        request.headers[self.name] = f"{self.prefix}{credential.reveal()}"


@attrs.frozen
class InQuery:
    """A credential as a query parameter (its value is masked in this client's logs)."""

    name: str

    def apply(self, request: httpx.Request, credential: Secret) -> None:
        request.url = request.url.copy_merge_params({self.name: credential.reveal()})


Placement = InHeader | InQuery
