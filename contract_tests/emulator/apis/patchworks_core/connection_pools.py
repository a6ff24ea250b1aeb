"""Connection pools: CRUD from the spec out of the connection_pools table, their connectors embedded by
include=connectors (with their systems: connectors.system); beyond CRUD, the requests waiting for a free
slot: clearConnectionPool drops them, and a control route sets their number (the emulator has no real
traffic to queue)."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from contract_tests.emulator.core.answers import json_response
from contract_tests.emulator.core.call import Call, ControlRoute, Emulator, Handler
from contract_tests.emulator.core.request_bodies import bounded_body
from contract_tests.emulator.core.resources import existing, not_found
from contract_tests.emulator.core.storage import Database
from contract_tests.emulator.core.stores import LARGEST_KEY, Record, integer_key
from contract_tests.emulator.core.table_store import TableStore
from contract_tests.emulator.dialects.laravel_responses import HttpError, ValidationFailed

COLLECTION = "/api/v1/connection-pools"
PARAMETER = "connection_pool"
TABLE = "connection_pools"


def embed_connectors_with_systems(db: Database, pools: list[Record]) -> None:
    _embed_connectors(db, pools, with_systems=True)


def embed_connectors(db: Database, pools: list[Record]) -> None:
    """include=connectors: spatie allows the leading part of the nested include it allows."""
    _embed_connectors(db, pools, with_systems=False)


def _embed_connectors(db: Database, pools: list[Record], *, with_systems: bool) -> None:
    ids = [pool["id"] for pool in pools]
    connectors: dict[int, list[dict[str, Any]]] = {pool_id: [] for pool_id in ids}
    if ids:
        marks = ", ".join("?" for _ in ids)
        rows = db.all(
            "SELECT c.id, c.name, c.connection_pool_id, s.id AS system_id, s.name AS system_name FROM connectors c "
            f"LEFT JOIN systems s ON s.id = c.system_id WHERE c.connection_pool_id IN ({marks}) ORDER BY c.id",
            ids,
        )
        for row in rows:
            connector: dict[str, Any] = {"id": row["id"], "name": row["name"]}
            if with_systems:
                has_system = row["system_id"] is not None
                connector["system"] = {"id": row["system_id"], "name": row["system_name"]} if has_system else None
            connectors[row["connection_pool_id"]].append(connector)
    for pool in pools:
        pool["connectors"] = connectors[pool["id"]]


STORE = TableStore(
    TABLE,
    ("id", "name", "limit", "timeout", "created_at", "updated_at"),
    embeds={"connectors": embed_connectors, "connectors.system": embed_connectors_with_systems},
)


def pending_requests(db: Database, pool_id: int) -> int | None:
    row = db.one(f"SELECT pending_requests FROM {TABLE} WHERE id = ?", (pool_id,))
    return int(row[0]) if row else None


def set_pending_requests(db: Database, pool_id: int, count: int) -> bool:
    return db.update(TABLE, {"pending_requests": count}, "id = ?", [pool_id])


def clear_connection_pool(call: Call) -> Response:
    pool = existing(STORE, call, PARAMETER)
    cleared = pending_requests(call.db, pool["id"]) or 0
    set_pending_requests(call.db, pool["id"], 0)
    return json_response(200, {"message": f"{cleared} pending requests cleared."})


async def put_pending_requests(request: Request, emulator: Emulator) -> Response:
    """PUT /__emulator__/connection-pools/{pool_id}/pending-requests {"count": n}"""
    raw = request.path_params["pool_id"]
    try:
        count = json.loads(await bounded_body(request)).get("count")
    except (ValueError, AttributeError, RecursionError):  # not JSON (or nested too deep), or not an object
        raise HttpError(400, "The request body is not a JSON object.") from None
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise ValidationFailed({"count": ["The count field must be an integer of at least 0."]})
    if count > LARGEST_KEY:  # SQLite's INTEGER cannot hold it (sqlite3 raises OverflowError); in the max rule's words
        raise ValidationFailed({"count": [f"The count field must not be greater than {LARGEST_KEY}."]})
    # integer_key: ASCII digits within SQLite's integers (str.isdigit() also passes "²", which int() refuses).
    pool_id = integer_key(raw)
    if pool_id is None or not await emulator.run_sync(set_pending_requests, emulator.db, pool_id, count):
        raise not_found(PARAMETER, raw)
    return json_response(200, {"pending_requests": count})


def state(db: Database) -> dict[str, Any]:
    """What GET /__emulator__/state adds: each pool's waiting requests."""
    return {
        "pending_requests": {
            row["id"]: row["pending_requests"] for row in db.all(f"SELECT id, pending_requests FROM {TABLE}")
        }
    }


HANDLERS: dict[str, Handler] = {"clearConnectionPool": clear_connection_pool}
CONTROL_ROUTES = (ControlRoute("PUT", "/connection-pools/{pool_id}/pending-requests", put_pending_requests),)
