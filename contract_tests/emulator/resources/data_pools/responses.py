"""HTTP handlers of the data pool operations."""

from __future__ import annotations

from starlette.responses import Response

from contract_tests.emulator.app import Call, Handler
from contract_tests.emulator.laravel import json_response, paginated
from contract_tests.emulator.resources.controller import ResourceController
from contract_tests.emulator.resources.data_pools import models

COLUMNS = models.COLUMNS


CONTROLLER = ResourceController("DataPool", "data_pool", "Data pool", models.find, models.update, models.delete)
existing = CONTROLLER.existing


def list_data_pools(call: Call) -> Response:
    query = call.list_query()
    pools, total = models.page(call.db, query)
    return json_response(200, paginated(pools, total=total, page=query.page, per_page=query.per_page, url=call.url))


def create_data_pool(call: Call) -> Response:
    pool = models.create(call.db, call.body["name"], call.body.get("description"))
    return json_response(201, {"data": pool})  # Laravel answers 201 for a resource it just created


HANDLERS: dict[str, Handler] = {
    "listDataPools": list_data_pools,
    "createDataPool": create_data_pool,
    "getDataPool": CONTROLLER.show,
    "updateDataPool": CONTROLLER.change,
    "deleteDataPool": CONTROLLER.destroy,
}
