"""HTTP handlers of the connection pool operations."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from contract_tests.emulator.app import Call, Handler
from contract_tests.emulator.laravel import HttpError, json_response, paginated
from contract_tests.emulator.resources.connection_pools import models

COLUMNS = models.COLUMNS


def not_found(pool_id: Any) -> HttpError:
    return HttpError(404, f"No query results for model [App\\Models\\ConnectionPool] {pool_id}")


def existing(call: Call) -> dict[str, Any]:
    pool = models.find(call.db, call.path["connection_pool"])
    if pool is None:
        raise not_found(call.path["connection_pool"])
    return pool


def list_connection_pools(call: Call) -> Response:
    query = call.list_query()
    pools, total = models.page(call.db, query)
    return json_response(200, paginated(pools, total=total, page=query.page, per_page=query.per_page, url=call.url))


def create_connection_pool(call: Call) -> Response:
    return json_response(201, {"data": models.create(call.db, call.body)})


def get_connection_pool(call: Call) -> Response:
    return json_response(200, {"data": existing(call)})


def update_connection_pool(call: Call) -> Response:
    pool = models.update(call.db, call.path["connection_pool"], call.body)
    if pool is None:
        raise not_found(call.path["connection_pool"])
    return json_response(200, {"data": pool})


def delete_connection_pool(call: Call) -> Response:
    if not models.delete(call.db, call.path["connection_pool"]):
        raise not_found(call.path["connection_pool"])
    return json_response(200, {"message": "Connection pool deleted."})


def clear_connection_pool(call: Call) -> Response:
    pool = existing(call)
    cleared = models.pending_requests(call.db, pool["id"]) or 0
    models.set_pending_requests(call.db, pool["id"], 0)
    return json_response(200, {"message": f"{cleared} pending requests cleared."})


HANDLERS: dict[str, Handler] = {
    "listConnectionPools": list_connection_pools,
    "createConnectionPool": create_connection_pool,
    "getConnectionPool": get_connection_pool,
    "updateConnectionPool": update_connection_pool,
    "deleteConnectionPool": delete_connection_pool,
    "clearConnectionPool": clear_connection_pool,
}
