"""API key authentication: the key goes raw in the Authorization header (the spec's ApiKeyAuth scheme)."""

from __future__ import annotations

from collections.abc import Generator

import httpx

from ._auth import InHeader, Secret, as_secret

PLACEMENT = InHeader("Authorization")


class ApiKeyAuth(httpx.Auth):
    def __init__(self, api_key: str | Secret) -> None:
        self._api_key = as_secret(api_key)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        PLACEMENT.apply(request, self._api_key)
        yield request

    def __repr__(self) -> str:
        return f"ApiKeyAuth(api_key={self._api_key!r})"
