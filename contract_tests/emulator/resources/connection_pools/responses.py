"""HTTP handlers of the connection pool operations."""

from __future__ import annotations

from starlette.responses import Response

from contract_tests.emulator.app import Call, Handler
from contract_tests.emulator.laravel import json_response, paginated
from contract_tests.emulator.resources.connection_pools import models
from contract_tests.emulator.resources.controller import ResourceController

COLUMNS = models.COLUMNS


CONTROLLER = ResourceController(
    "ConnectionPool", "connection_pool", "Connection pool", models.find, models.update, models.delete
)
existing = CONTROLLER.existing


def list_connection_pools(call: Call) -> Response:
    query = call.list_query()
    pools, total = models.page(call.db, query)
    return json_response(200, paginated(pools, total=total, page=query.page, per_page=query.per_page, url=call.url))


def create_connection_pool(call: Call) -> Response:
    return json_response(201, {"data": models.create(call.db, call.body)})


def clear_connection_pool(call: Call) -> Response:
    pool = existing(call)
    cleared = models.pending_requests(call.db, pool["id"]) or 0
    models.set_pending_requests(call.db, pool["id"], 0)
    return json_response(200, {"message": f"{cleared} pending requests cleared."})


HANDLERS: dict[str, Handler] = {
    "listConnectionPools": list_connection_pools,
    "createConnectionPool": create_connection_pool,
    "getConnectionPool": CONTROLLER.show,
    "updateConnectionPool": CONTROLLER.change,
    "deleteConnectionPool": CONTROLLER.destroy,
    "clearConnectionPool": clear_connection_pool,
}
