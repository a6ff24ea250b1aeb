"""Where an operation the spec serves at a host of its own (an operation's `servers`, e.g. a login on
another host than the API's) is sent, for a client of a given base URL."""

from __future__ import annotations

import httpx

# The API's own host (the spec's servers[0]): a client of it sends such an operation to its own server.
API_HOST = httpx.URL("https://core.wearepatchworks.com").host


def served_at(base_url: httpx.URL | str | None, own_url: str, path: str) -> str:
    """The URL of the operation at `own_url` (its own server and path) for a client of `base_url`: `own_url`
    for the API's own host (whatever its scheme or port) or no base URL; `path` on any other host (an
    emulator, a staging host: its scheme and port, not its path), so that a request meant for that host,
    and its credentials, never go to the vendor's."""
    served = None if base_url is None else httpx.URL(base_url)
    if served is None or served.host == API_HOST:
        return own_url
    return str(served.copy_with(path=path, query=None, fragment=None))
