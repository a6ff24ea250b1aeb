"""HTTP handlers of the data pool operations."""

from __future__ import annotations

from starlette.responses import Response

from contract_tests.emulator.app import Call, Handler
from contract_tests.emulator.laravel import json_response
from contract_tests.emulator.resources.controller import ResourceController
from contract_tests.emulator.resources.data_pools import models

COLUMNS = models.COLUMNS


CONTROLLER = ResourceController(
    "DataPool", "data_pool", "Data pool", models.TABLE, models.WRITABLE, models.find, models.page
)
existing = CONTROLLER.existing


def create_data_pool(call: Call) -> Response:
    pool = models.create(call.db, call.body["name"], call.body.get("description"))
    return json_response(201, {"data": pool})  # Laravel answers 201 for a resource it just created


HANDLERS: dict[str, Handler] = {
    "listDataPools": CONTROLLER.index,
    "createDataPool": create_data_pool,
    "getDataPool": CONTROLLER.show,
    "updateDataPool": CONTROLLER.change,
    "deleteDataPool": CONTROLLER.destroy,
}
