"""Credentials: Secret, which never shows its value; where a credential goes on a request, checked before
it is sent; and masked_repr, which the models' secret fields print with.

The auth flows are in the modules beside this one (_auth_api_key, _auth_login_token, ...), each
placing its credential with an InHeader or InQuery built from the spec's securitySchemes.
"""

from __future__ import annotations

import hmac
import re
from typing import NamedTuple

import httpx

from .types import Unset

MASK = "********"
# A request with a password in its body (a login, a session's authentication) is marked with the URL it was
# built for, and the client's request hook refuses to send it anywhere else: httpx copies the body along a
# 307/308 redirect, to any host, and drops only the Authorization header.
PASSWORD_FOR = "easydb_client.password-for"
# A request an auth flow builds itself (a login, a session's opening, authentication and end) is marked with
# this: the client's request hook gives it the client's headers it lacks, the User-Agent and any given in
# headers= (a gateway's, say); Authorization and Cookie only on the base URL's origin
# (client._with_client_headers). httpx adds them only to the requests it builds, not to an auth flow's own.
AUTH_FLOW_REQUEST = "easydb_client.auth-flow"


class Secret:
    """A credential: `reveal()` gives the value; repr, str and format give a mask."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{MASK}')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash(self._value)


def as_secret(value: str | Secret) -> Secret:
    return value if isinstance(value, Secret) else Secret(value)


def masked_repr(value: object) -> str:
    """How a model prints a field the spec marks secret (`format: password`, `x-secret: true`): masked; an
    absent value (None, UNSET) as it is, since it hides nothing."""
    return repr(value) if value is None or isinstance(value, Unset) else f"'{MASK}'"


class CredentialError(ValueError):
    """A credential that cannot be sent where the API takes it (a header value with a line break, say).
    Raised before anything is sent; its message names the credential and the header, never the value."""


# RFC 9110, 5.5: a field value is visible characters with spaces or tabs only between them, and httpx
# encodes header values as ASCII. h11 refuses any other value only once the connection is open, with the
# value in its exception, in the traceback and in httpcore's debug log; hence this check first.
_HEADER_VALUE = re.compile(r"[\x21-\x7e]+(?:[ \t]+[\x21-\x7e]+)*")


def _unsendable(value: str) -> str | None:
    """What makes a header value unsendable, in words that never quote it; None when it can be sent."""
    if _HEADER_VALUE.fullmatch(value):
        return None
    if not value:
        return "it is empty"
    if value.endswith(("\n", "\r")):
        return "it has a trailing newline (as a value read from a file often has; strip it)"
    if "\n" in value or "\r" in value:
        return "it contains a line break (CR or LF)"
    if "\x00" in value:
        return "it contains a NUL character"
    if any(ord(character) > 0x7E for character in value):
        return "it contains a character outside printable ASCII, which a header cannot carry"
    if value != value.strip(" \t"):
        return "it starts or ends with a space or a tab (strip it)"
    return "it contains a control character"


# The placements are NamedTuples, not attrs classes: immutable values all the same, and an attrs class costs
# a millisecond of the package's import (it compiles its methods).
class InHeader(NamedTuple):
    """A credential in a header, after a prefix such as "Bearer " (none for a raw key)."""

    name: str
    prefix: str = ""

    def check(self, credential: Secret, what: str) -> None:
        """Raise CredentialError, naming `what` (the credential, as its caller calls it) and the header,
        if its value cannot be sent in it."""
        # The value stays in _unsendable's frame: this one, where the error is raised, holds only the
        # Secret (masked), for an error reporter that records a traceback's local variables.
        problem = _unsendable(credential.reveal())
        if problem is not None:
            raise CredentialError(f"{what} cannot be sent in the {self.name} header: {problem}. Nothing was sent.")

    def sign(self, request: httpx.Request, credential: Secret) -> None:
        """Put a credential that was checked when it was received (check()) on a request: the auth flows
        sign every request with one, and need not match its value against the header rules each time."""
        request.headers[self.name] = f"{self.prefix}{credential.reveal()}"


class InQuery(NamedTuple):
    """A credential as a query parameter (its value is masked in this client's logs)."""

    name: str

    def check(self, credential: Secret, what: str) -> None:
        """Any value can be sent: httpx percent-encodes a query parameter's value."""

    def sign(self, request: httpx.Request, credential: Secret) -> None:
        request.url = request.url.copy_merge_params({self.name: credential.reveal()})


Placement = InHeader | InQuery
