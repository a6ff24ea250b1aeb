"""The bare ASGI app the easydb client benchmark calls: a fixed array of 100 pools in full format, and the
two session calls the client's login makes, all computed before the benchmark starts."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Message = MutableMapping[str, Any]
STAMP = "2025-01-02T03:04:05+00:00"
TOKEN = "benchmark-session-token"


def pool(pool_id: int) -> dict[str, Any]:
    return {
        "_basetype": "pool", "_has_children": False, "_generated_rights": {"bag_read": True},
        "_acl": [], "_private_acl": False, "_tags": [], "_compiled_tags": [], "_private_tags": False,
        "_transitions": [], "_private_transitions": False, "_standard_masks": None,
        "pool": {"_id": pool_id, "_id_parent": 2, "_version": 1, "is_system_pool": False,
                 "name": {"de-DE": f"Pool {pool_id}", "en-US": f"Pool {pool_id}"}, "reference": None,
                 "shortname": None, "created_timestamp": STAMP, "last_updated_timestamp": STAMP},
    }  # fmt: skip


SESSION = {"token": TOKEN, "instance": {"api": "1"}, "authentication_methods": [{"method": "easydb"}],
           "authenticated": {"method": "easydb", "timestamp": STAMP}}  # fmt: skip
POOLS = json.dumps([pool(i) for i in range(3, 103)]).encode()
ANSWERS = {
    "/api/v1/session": json.dumps(SESSION).encode(),
    "/api/v1/session/authenticate": json.dumps(SESSION).encode(),
}
HEADERS = [(b"content-type", b"application/json"), (b"x-easydb-api-version", b"1")]


async def app(
    scope: Message, receive: Callable[[], Awaitable[Message]], send: Callable[[Message], Awaitable[None]]
) -> None:
    body = ANSWERS.get(scope["path"], POOLS)
    headers = [*HEADERS, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
