"""The baseline of the getDataPool throughput benchmark: a bare ASGI app answering every request with the
same data pool JSON from memory (what getDataPool answers), with no routing, auth or database."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Message = MutableMapping[str, Any]

BODY = json.dumps(
    {"data": {"id": 1, "name": "orders", "description": None, "data_pool_template_id": None,
              "created_at": "2025-01-02T03:04:05.000000Z", "updated_at": "2025-01-02T03:04:05.000000Z"}},
    separators=(",", ":"),
).encode()  # fmt: skip
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]


async def app(
    scope: Message, receive: Callable[[], Awaitable[Message]], send: Callable[[Message], Awaitable[None]]
) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
