"""API key authentication: the key goes raw in the Authorization header (the spec's ApiKeyAuth scheme)."""

from __future__ import annotations

from collections.abc import Generator

import httpx

from ._auth import InHeader, Secret, as_secret

PLACEMENT = InHeader("Authorization")
API_KEY = "the API key (api_key)"  # how a CredentialError names it


class ApiKeyAuth(httpx.Auth):
    def __init__(self, api_key: str | Secret) -> None:
        self._api_key = as_secret(api_key)
        del api_key  # a CredentialError's frame keeps only the Secret (for reporters that record locals)
        PLACEMENT.check(self._api_key, API_KEY)  # a key that cannot be sent is refused here, not on first use

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        PLACEMENT.sign(request, self._api_key)  # checked in __init__
        yield request

    def sends(self, api_key: str | Secret) -> bool:
        """Whether this auth sends `api_key` (compared in constant time)."""
        return self._api_key == as_secret(api_key)

    def __repr__(self) -> str:
        return f"ApiKeyAuth(api_key={self._api_key!r})"
