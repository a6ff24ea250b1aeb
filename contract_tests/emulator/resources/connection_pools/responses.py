"""HTTP handlers of the connection pool operations."""

from __future__ import annotations

from starlette.responses import Response

from contract_tests.emulator.app import Call, Handler
from contract_tests.emulator.laravel import json_response
from contract_tests.emulator.resources.connection_pools import models
from contract_tests.emulator.resources.controller import ResourceController

COLUMNS = models.COLUMNS


CONTROLLER = ResourceController(
    "ConnectionPool", "connection_pool", "Connection pool", models.TABLE, models.WRITABLE, models.find, models.page
)
existing = CONTROLLER.existing


def create_connection_pool(call: Call) -> Response:
    return json_response(201, {"data": models.create(call.db, call.body)})


def clear_connection_pool(call: Call) -> Response:
    pool = existing(call)
    cleared = models.pending_requests(call.db, pool["id"]) or 0
    models.set_pending_requests(call.db, pool["id"], 0)
    return json_response(200, {"message": f"{cleared} pending requests cleared."})


HANDLERS: dict[str, Handler] = {
    "listConnectionPools": CONTROLLER.index,
    "createConnectionPool": create_connection_pool,
    "getConnectionPool": CONTROLLER.show,
    "updateConnectionPool": CONTROLLER.change,
    "deleteConnectionPool": CONTROLLER.destroy,
    "clearConnectionPool": clear_connection_pool,
}
