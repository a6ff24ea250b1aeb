"""The anchor of the iteration benchmark: a hand-written httpx loop over a paginated list, as one would
write it without the client. It reads `data` of each page as JSON (no models) and follows the page numbers
until the page that says it is the last (`meta.last_page`, the pages' shape in the Laravel dialect)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx


def page_loop(client: httpx.Client, path: str, *, per_page: int) -> Iterator[Any]:
    """Every item of the list at `path`, page after page."""
    page = 1
    while True:
        body = client.get(path, params={"page": page, "per_page": per_page}).json()
        yield from body["data"]
        if not body["data"] or page >= body["meta"]["last_page"]:
            return
        page += 1
