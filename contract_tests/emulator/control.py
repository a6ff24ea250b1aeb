"""Emulator-only control routes under /__emulator__/ (not in the spec; the same credentials as the API).

POST /__emulator__/reset                                    empty every table (?seed=demo: then seed)
GET  /__emulator__/state                                    counts of each resource, waiting requests
PUT  /__emulator__/connection-pools/{id}/pending-requests   {"count": n}: set a pool's waiting requests
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from contract_tests.emulator import seed
from contract_tests.emulator.laravel import HttpError, ValidationFailed, json_response
from contract_tests.emulator.resources.connection_pools import models as connection_pools

if TYPE_CHECKING:
    from contract_tests.emulator.app import Emulator

PREFIX = "/__emulator__"


def routes(emulator: Emulator) -> list[Route]:
    from contract_tests.emulator.app import guarded

    async def reset(request: Request) -> Response:
        async def answer(_: object) -> Response:
            emulator.db.reset()
            if request.query_params.get("seed") == "demo":
                seed.demo(emulator.db)
            emulator.rate_limiter.reset()
            return json_response(200, {"message": "The emulator was reset."})

        return await guarded(emulator, request, answer)

    async def state(request: Request) -> Response:
        async def answer(_: object) -> Response:
            counts = {table: emulator.db.one(f"SELECT COUNT(*) FROM {table}")[0]  # type: ignore[index]
                      for table in ("data_pools", "deduped_data", "connection_pools", "connectors")}  # fmt: skip
            pending = {
                row["id"]: row["pending_requests"]
                for row in emulator.db.all("SELECT id, pending_requests FROM connection_pools")
            }
            return json_response(200, {"counts": counts, "pending_requests": pending})

        return await guarded(emulator, request, answer)

    async def pending(request: Request) -> Response:
        async def answer(_: object) -> Response:
            raw = request.path_params["pool_id"]
            try:
                count = json.loads(await request.body()).get("count")
            except (ValueError, AttributeError):
                raise HttpError(400, "The request body is not a JSON object.") from None
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise ValidationFailed({"count": ["The count field must be an integer of at least 0."]})
            if not raw.isdigit() or not connection_pools.set_pending_requests(emulator.db, int(raw), count):
                raise HttpError(404, f"No query results for model [App\\Models\\ConnectionPool] {raw}")
            return json_response(200, {"pending_requests": count})

        return await guarded(emulator, request, answer)

    return [
        Route(f"{PREFIX}/reset", reset, methods=["POST"]),
        Route(f"{PREFIX}/state", state, methods=["GET"]),
        Route(f"{PREFIX}/connection-pools/{{pool_id}}/pending-requests", pending, methods=["PUT"]),
    ]
