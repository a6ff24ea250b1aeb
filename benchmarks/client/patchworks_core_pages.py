"""The bare ASGI app the client benchmarks call: fixed pages of data pools and deduped records as JSON, so
that the server costs as little as possible: the pools' page computed before the benchmark starts, each
page of deduped records when first asked for and kept (the iteration benchmark walks them all once before
it measures), so that what is timed is the client's side, not the server making the pages."""

from __future__ import annotations

import functools
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

RECORDS = 100_000
STAMP = "2025-01-02T03:04:05.000000Z"

Message = MutableMapping[str, Any]


def envelope(items: list[dict[str, Any]], *, page: int, per_page: int, total: int) -> dict[str, Any]:
    last_page = max(1, -(-total // per_page))
    start = (page - 1) * per_page + 1
    meta = {"current_page": page, "from": start if items else None, "last_page": last_page, "path": "/x",
            "per_page": per_page, "to": start + len(items) - 1 if items else None, "total": total}  # fmt: skip
    links = {"first": "/x?page=1", "last": f"/x?page={last_page}", "prev": None, "next": None}
    return {"data": items, "meta": meta, "links": links}


def data_pool(pool_id: int) -> dict[str, Any]:
    return {"id": pool_id, "name": f"pool {pool_id}", "description": None, "data_pool_template_id": None,
            "created_at": STAMP, "updated_at": STAMP}  # fmt: skip


@functools.cache  # 1,000 pages of 100 records: 25 MB, in the server's process
def deduped_page(page: int, per_page: int) -> bytes:
    first = (page - 1) * per_page + 1
    records = [
        {"id": i, "data_pool_id": 1, "value": f"person{i}@example.com", "entity_type_id": 47, "flow_id": None,
         "flow_run_id": None, "step_id": None, "created_at": STAMP, "updated_at": STAMP}
        for i in range(first, min(RECORDS, first + per_page - 1) + 1)
    ]  # fmt: skip
    return json.dumps(envelope(records, page=page, per_page=per_page, total=RECORDS)).encode()


POOLS_PAGE = json.dumps(envelope([data_pool(i) for i in range(1, 101)], page=1, per_page=100, total=100)).encode()


async def app(
    scope: Message, receive: Callable[[], Awaitable[Message]], send: Callable[[Message], Awaitable[None]]
) -> None:
    if scope["path"].endswith("/deduped-data"):
        query = parse_qs(scope["query_string"].decode())
        body = deduped_page(int(query.get("page", ["1"])[0]), int(query.get("per_page", ["15"])[0]))
    else:
        body = POOLS_PAGE
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
