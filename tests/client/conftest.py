"""What the client tests share: a scripted httpx.MockTransport (Script) and JSON answers for it.

The tests of one API's client are in its folder (patchworks_core/); the ones here are about every
client: how the runtime is chosen per API (made-up APIs, made_up.py) and the public API snapshots.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(
        status, content=json.dumps(body).encode(), headers={"Content-Type": "application/json", **(headers or {})}
    )


class Script:
    """A mock server: answers each request with the next reply (the last one repeats) and records it."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, Exception):
            raise reply
        if callable(reply):
            return reply(request)
        # A fresh response each time: one that was sent once (sync or async) cannot be sent again.
        return httpx.Response(reply.status_code, headers=reply.headers, content=reply.content)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]
