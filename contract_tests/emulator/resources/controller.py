"""What every resource's Laravel controller does alike: list a page, and show, update and destroy one model
by its id from the path, with Laravel's 404 when route-model binding finds none. Each resource's
responses.py makes one ResourceController from its models and adds what is its own (create, actions)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from contract_tests.emulator.app import Call
from contract_tests.emulator.database import Database
from contract_tests.emulator.laravel import HttpError, json_response, now, paginated
from contract_tests.emulator.query import ListQuery

Row = dict[str, Any]


@dataclass(frozen=True)
class ResourceController:
    model: str  # Laravel's model class, as its 404 message names it
    parameter: str  # the path parameter holding the id
    label: str  # how the delete message names one ("Data pool")
    table: str
    writable: tuple[str, ...]  # the columns an update may change
    find: Callable[[Database, int], Row | None]
    page: Callable[[Database, ListQuery], tuple[list[Row], int]]

    def not_found(self, key: Any) -> HttpError:
        return HttpError(404, f"No query results for model [App\\Models\\{self.model}] {key}")

    def existing(self, call: Call) -> Row:
        """The model the path names, or a 404."""
        return self._found(self.find(call.db, call.path[self.parameter]), call)

    def index(self, call: Call) -> Response:
        query = call.list_query()
        rows, total = self.page(call.db, query)
        return json_response(200, paginated(rows, total=total, page=query.page, per_page=query.per_page, url=call.url))

    def show(self, call: Call) -> Response:
        return json_response(200, {"data": self.existing(call)})

    def change(self, call: Call) -> Response:
        key = call.path[self.parameter]
        changes = {column: value for column, value in call.body.items() if column in self.writable}
        updated = self.find(call.db, key) if call.db.update_by_id(self.table, key, changes, now()) else None
        return json_response(200, {"data": self._found(updated, call)})

    def destroy(self, call: Call) -> Response:
        if not call.db.delete_by_id(self.table, call.path[self.parameter]):
            raise self.not_found(call.path[self.parameter])
        return json_response(200, {"message": f"{self.label} deleted."})

    def _found(self, row: Row | None, call: Call) -> Row:
        if row is None:
            raise self.not_found(call.path[self.parameter])
        return row
