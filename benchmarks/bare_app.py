"""The baselines of the emulator benchmarks, each with no routing, auth or database:

app     a bare ASGI app answering every request with the same data pool JSON from memory (what getDataPool
        answers): the floor of any Python app under uvicorn, shown beside the getDataPool throughput;
pool    a bare Starlette app with getDataPool's route answering the same JSON from memory: the anchor of the
        getDataPool throughput target (routing and a Response, nothing else);
echo    a bare Starlette app that answers every request with the JSON it was last given at PUT /__answer__,
        after reading (and, when there is one, parsing) the request's JSON body: what any Python server
        must do at least to take a call and send an answer of that size, for the easydb benchmarks.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

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


async def _data_pool(request: Request) -> Response:
    return Response(BODY, media_type="application/json")


pool = Starlette(routes=[Route("/api/v1/data-pool/{data_pool}", _data_pool, methods=["GET"])])

_answer = {"body": b"[]"}


async def _set_answer(request: Request) -> Response:
    _answer["body"] = await request.body()
    return Response(status_code=204)


async def _answer_it(request: Request) -> Response:
    body = await request.body()
    if body:
        json.loads(body)
    return Response(_answer["body"], media_type="application/json")


echo = Starlette(
    routes=[
        Route("/__answer__", _set_answer, methods=["PUT"]),
        Route("/{path:path}", _answer_it, methods=["GET", "PUT", "POST"]),
    ]
)
