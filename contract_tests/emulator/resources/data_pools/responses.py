"""HTTP handlers of the data pool operations."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from contract_tests.emulator.app import Call, Handler
from contract_tests.emulator.laravel import HttpError, json_response, paginated
from contract_tests.emulator.resources.data_pools import models

COLUMNS = models.COLUMNS


def not_found(pool_id: Any) -> HttpError:
    return HttpError(404, f"No query results for model [App\\Models\\DataPool] {pool_id}")


def existing(call: Call) -> dict[str, Any]:
    """The data pool the path names, or a 404."""
    pool = models.find(call.db, call.path["data_pool"])
    if pool is None:
        raise not_found(call.path["data_pool"])
    return pool


def list_data_pools(call: Call) -> Response:
    query = call.list_query()
    pools, total = models.page(call.db, query)
    return json_response(200, paginated(pools, total=total, page=query.page, per_page=query.per_page, url=call.url))


def create_data_pool(call: Call) -> Response:
    pool = models.create(call.db, call.body["name"], call.body.get("description"))
    return json_response(201, {"data": pool})  # Laravel answers 201 for a resource it just created


def get_data_pool(call: Call) -> Response:
    return json_response(200, {"data": existing(call)})


def update_data_pool(call: Call) -> Response:
    pool = models.update(call.db, call.path["data_pool"], call.body)
    if pool is None:
        raise not_found(call.path["data_pool"])
    return json_response(200, {"data": pool})


def delete_data_pool(call: Call) -> Response:
    if not models.delete(call.db, call.path["data_pool"]):
        raise not_found(call.path["data_pool"])
    return json_response(200, {"message": "Data pool deleted."})


HANDLERS: dict[str, Handler] = {
    "listDataPools": list_data_pools,
    "createDataPool": create_data_pool,
    "getDataPool": get_data_pool,
    "updateDataPool": update_data_pool,
    "deleteDataPool": delete_data_pool,
}
