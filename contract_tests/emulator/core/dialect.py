"""A dialect: how the application behind an API answers in general, whatever the resource. The API's
profile names it (emulator.dialect in specs/<api>/api.yaml); dialects live in contract_tests/emulator/
dialects/<name>.py, each a module with a DIALECT, and import only the core.

A dialect words every core Problem (status, body, headers), reads a list request's query string (its
filter, sort, include and paging conventions), lays out a list answer (its pagination envelope), writes
timestamps and which of them it sets on records, and says what a delete answers.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from contract_tests.emulator.core.answers import Problem
from contract_tests.emulator.core.query import ListQuery
from contract_tests.emulator.core.shapes import Envelope, minimal, properties
from contract_tests.emulator.core.spec import Operation

DIALECTS_PACKAGE = "contract_tests.emulator.dialects"


class Dialect(ABC):
    name: str
    key = "id"  # the attribute holding a record's id, unless the resource schema names another
    created_fields: tuple[str, ...] = ()  # the timestamps the application sets on a new record
    updated_fields: tuple[str, ...] = ()  # those it sets on every update
    # Whether the application hands its code only the body fields its validation rules name (a framework
    # whose validator returns the validated fields alone): the core then drops, before any handler, the
    # fields the body's schema does not list. Refusing them instead is the spec's to say
    # (additionalProperties: false), and the dialect words that refusal.
    drops_unlisted_fields = False
    # Whether the application finds the records its path names before it validates the body (a framework
    # that binds route parameters to records first): a missing one is then the 404 even when the body is
    # invalid. Otherwise the body is checked first and the handler looks the records up.
    binds_path_records_first = False
    # Whether the application reads query string parameters from a form-encoded body too, on a call that
    # expects no other body (or whose body is that form): the core then takes the form's fields that are
    # not the body's own as query parameters (a credential in the query among them) before anything
    # reads the query. The query string's own value wins over the form's (for a parameter read once; a list
    # parameter gets both).
    query_in_form_body = False
    # Whether the application answers OPTIONS on a route itself, 200 with the route's methods in Allow and no
    # body, before any middleware (a router that does so); otherwise OPTIONS is a method like any other.
    answers_options = False
    # Whether the application's router ignores a trailing slash: /things/ is /things (and its own URL
    # drops the slash, which paginators link with); otherwise /things/ is a path the spec does not have.
    ignores_trailing_slash = False
    # The order the application lists a route's methods in (Allow, a 405's message); the methods it does
    # not name come after, alphabetically. None: alphabetically.
    method_order: tuple[str, ...] | None = None

    def method_rank(self, method: str) -> tuple[int, str]:
        """Where a method goes in Allow (a sort key)."""
        order = self.method_order or ()
        return (order.index(method) if method in order else len(order), method)

    @abstractmethod
    def problem(self, problem: Problem) -> Response:
        """The answer to a problem the core met."""

    @abstractmethod
    def now(self) -> str:
        """The current time as the API writes timestamps."""

    def headers(self, request: Request) -> Mapping[str, str]:
        """Headers the application sends on every answer to `request`, errors included (none by default)."""
        return {}

    def list_query(self, operation: Operation, query: Mapping[str, str]) -> ListQuery:
        """The list request in the query string; by default every record, unpaginated."""
        return ListQuery()

    def includes(self, operation: Operation, query: Mapping[str, str]) -> tuple[str, ...]:
        """The relationships one record's show is asked to embed (its include parameter alone: a show
        filters, sorts and pages nothing); by default those a list would read."""
        return self.list_query(operation, query).includes

    def list_body(
        self,
        operation: Operation,
        records: list[dict[str, Any]],
        total: int,
        query: ListQuery,
        url: str,
        envelope: Envelope,
    ) -> Any:
        """A list answer's body; by default the records in the envelope the response schema shows."""
        return envelope.wrap(records)

    def stamp_created(self, record: dict[str, Any], item: dict[str, Any]) -> None:
        """Set the creation timestamps on a new record: each of created_fields the resource schema has."""
        self._stamp(record, item, self.created_fields)

    def stamp_updated(self, changes: dict[str, Any], item: dict[str, Any]) -> None:
        """Add the update timestamps to an update: each of updated_fields the resource schema has."""
        self._stamp(changes, item, self.updated_fields)

    def _stamp(self, record: dict[str, Any], item: dict[str, Any], names: tuple[str, ...]) -> None:
        fields, stamp = properties(item), self.now()
        for name in names:
            if name in fields:
                record[name] = stamp

    def deleted_body(self, resource: str, schema: dict[str, Any] | None) -> Any:
        """The body of a delete's answer (`resource`: the path parameter naming the record); by default
        the least body the response schema accepts."""
        return None if schema is None else minimal(schema, self.now)


def load_dialect(name: str, where: str) -> Dialect:
    """The dialect called `name` (as the profile at `where` names it)."""
    try:
        module = importlib.import_module(f"{DIALECTS_PACKAGE}.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"{DIALECTS_PACKAGE}.{name}":
            raise
        raise LookupError(
            f"{where}: emulator.dialect {name!r}: there is no contract_tests/emulator/dialects/{name}.py"
        ) from None
    dialect = getattr(module, "DIALECT", None)
    if not isinstance(dialect, Dialect):
        raise LookupError(f"contract_tests/emulator/dialects/{name}.py has no DIALECT (a Dialect)")
    return dialect
