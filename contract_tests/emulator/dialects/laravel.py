"""The Laravel dialect: how a Laravel application answers, whatever the resource.

- Errors: {"message": ...} with Laravel's status codes and wording (401 "Unauthenticated.", 404 for a
  route or a model route-model binding finds no record of, 405 with Allow, 429 "Too Many Attempts."),
  422 with the validator's body (laravel_responses.py), also for a new record's id that a record has
  (the `unique` rule's "The id has already been taken.").
- Lists: spatie/laravel-query-builder's filter, sort and include conventions (spatie.py), and the
  LengthAwarePaginator's {data, links, meta} where the spec marks an operation with x-pagination.
- Records: created_at and updated_at, when the resource schema has them, stamped as Eloquent does.
- Deletes answer {"message": "<Resource> deleted."}.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jsonschema.exceptions import ValidationError as SchemaError
from starlette.responses import Response

from contract_tests.emulator.core.answers import Kind, Problem
from contract_tests.emulator.core.dialect import Dialect
from contract_tests.emulator.core.query import ListQuery
from contract_tests.emulator.core.shapes import Envelope, minimal, properties
from contract_tests.emulator.core.spec import Operation
from contract_tests.emulator.dialects import spatie
from contract_tests.emulator.dialects.laravel_responses import (
    ValidationFailed,
    attribute,
    message,
    now,
    paginated,
    validation_errors,
)


def model(resource: str) -> str:
    """The Eloquent model a route parameter binds (data_pool -> DataPool)."""
    return "".join(part[:1].upper() + part[1:] for part in resource.replace("-", "_").split("_"))


def label(resource: str) -> str:
    """How a message names one record of the resource (data_pool -> Data pool)."""
    words = resource.replace("-", " ").replace("_", " ")
    return words[:1].upper() + words[1:]


def _method_not_allowed(params: Mapping[str, Any]) -> str:
    # The methods in the core's order, which is method_order's (below).
    route, allowed = str(params["path"]).lstrip("/"), ", ".join(params["allowed"])
    return f"The {params['method']} method is not supported for route {route}. Supported methods: {allowed}."


def _unsupported(params: Mapping[str, Any]) -> str:
    if params["expected"] == "multipart/form-data":
        return "Unsupported Media Type: send the file as multipart/form-data."
    return f"Unsupported Media Type: the body must be {params['expected']}."


def _malformed(params: Mapping[str, Any]) -> str:
    """A body that cannot be read, and why (the core's fixed words per cause: never Python's own)."""
    if params["media_type"] == "multipart/form-data":
        return f"The multipart body is malformed: {params['detail']}"
    if params["media_type"] == "application/x-www-form-urlencoded":
        return f"The request body is not a valid form: {params['detail']}"
    return f"The request body is not valid JSON: {params['detail']}"


def body_required(params: Mapping[str, Any]) -> dict[str, list[str]]:
    """A required body that is absent, in the validator's words. Laravel sees no body as no input: what
    the schema requires is missing ("The name field is required."). For a body whose schema requires no
    single field, the vendor's pages say only that the body is required; the wording is then the one
    Laravel gives its rule for "at least one of these fields" (required_without_all on each field, the
    message naming the others): the nearest real Laravel message, not one seen from this API. Laravel
    itself cannot tell an absent body from `{}`; the emulator can, and holds the API to its spec, which
    requires the body and lets its schema accept `{}` (core/pipeline.py, _read_no_body)."""
    errors = params["errors"]
    if errors:
        return validation_errors(error for _, error in errors)
    fields = [str(name) for name in params["fields"]]
    if len(fields) < 2:
        name = fields[0] if fields else "body"
        return {name: [f"The {attribute([name])} field is required."]}
    return {
        name: [
            f"The {attribute([name])} field is required when none of "
            f"{' / '.join(attribute([other]) for other in fields if other != name)} are present."
        ]
        for name in fields
    }


WORDING: dict[Kind, Callable[[Mapping[str, Any]], str]] = {
    Kind.ROUTE_NOT_FOUND: lambda p: f"The route {str(p['path']).lstrip('/')} could not be found.",
    Kind.METHOD_NOT_ALLOWED: _method_not_allowed,
    Kind.UNAUTHENTICATED: lambda _: "Unauthenticated.",
    Kind.TOO_MANY_REQUESTS: lambda _: "Too Many Attempts.",
    Kind.BAD_PATH_PARAMETER: lambda _: "Not Found.",
    Kind.NOT_FOUND: lambda p: f"No query results for model [App\\Models\\{model(str(p['resource']))}] {p['key']}",
    Kind.IDS_EXHAUSTED: lambda p: (
        f"No {label(str(p['resource'])).lower()} can be created: every id up to {p['largest']} is taken."
    ),
    Kind.BODY_TOO_LARGE: lambda _: "Content Too Large.",
    Kind.UNSUPPORTED_MEDIA_TYPE: _unsupported,
    Kind.MALFORMED_BODY: _malformed,
    Kind.BUSY: lambda _: "Service Unavailable.",  # Symfony's status text, as for an abort(503)
    Kind.UNEXPECTED: lambda _: "The request could not be processed.",
    # In spatie's words for a filter it refuses (spatie.py), the emulator's own limit (core/query.py).
    Kind.TOO_MANY_FILTER_VALUES: lambda p: (
        f"Requested filter `{p['filter']}` has {p['count']} values. Allowed are at most {p['limit']} values a filter."
    ),
    Kind.CONTROL_REFUSED: lambda p: f"The emulator's control routes refused the request: {p['reason']}.",
    Kind.ROUTING: lambda p: str(p["detail"]) or "Error.",
}


class LaravelDialect(Dialect):
    name = "laravel"
    created_fields = ("created_at", "updated_at")  # Eloquent's timestamps, one time for both
    updated_fields = ("updated_at",)
    drops_unlisted_fields = True  # validated(): a field without a rule never reaches the controller
    # Route-model binding (the SubstituteBindings middleware) resolves {data_pool} before a FormRequest
    # validates: a missing pool is a 404, whatever the body.
    binds_path_records_first = True
    # Laravel's router answers OPTIONS on a route itself (AbstractRouteCollection::getRouteForMethods).
    answers_options = True
    # Laravel's UriValidator matches rtrim($request->getPathInfo(), '/'), and Request::url() trims it too.
    ignores_trailing_slash = True
    # Router::$verbs, whose order RouteCollection::checkForAlternateVerbs keeps for Allow and the 405 message.
    method_order = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")

    def problem(self, problem: Problem) -> Response:
        if problem.kind is Kind.INVALID:
            by_prefix: dict[tuple[str, ...], list[SchemaError]] = {}
            for prefix, error in problem.params["errors"]:
                by_prefix.setdefault(tuple(prefix), []).append(error)
            errors: dict[str, list[str]] = {}
            for prefix, found in by_prefix.items():
                errors.update(validation_errors(found, prefix))
            return ValidationFailed(errors).response()
        if problem.kind is Kind.BODY_REQUIRED:
            return ValidationFailed(body_required(problem.params)).response()
        if problem.kind is Kind.BODY_NOT_OBJECT:
            return ValidationFailed({"body": ["The request body must be a JSON object."]}).response()
        if problem.kind is Kind.KEY_TAKEN:  # the validator's `unique` rule
            field = str(problem.params["field"])
            return ValidationFailed({field: [f"The {attribute([field])} has already been taken."]}).response()
        return message(problem.status, WORDING[problem.kind](problem.params), problem.headers)

    def now(self) -> str:
        return now()

    def list_query(self, operation: Operation, query: Mapping[str, str]) -> ListQuery:
        return spatie.parse(operation, query)

    def includes(self, operation: Operation, query: Mapping[str, str]) -> tuple[str, ...]:
        return spatie.includes(operation, query)

    def list_body(
        self,
        operation: Operation,
        records: list[dict[str, Any]],
        total: int,
        query: ListQuery,
        url: str,
        envelope: Envelope,
    ) -> Any:
        if operation.pagination is None or query.per_page is None:
            return envelope.wrap(records)
        return paginated(
            records,
            total=total,
            page=query.page,
            per_page=query.per_page,
            url=url.rstrip("/"),
            items_key=envelope.key or "data",
        )

    def deleted_body(self, resource: str, schema: dict[str, Any] | None) -> Any:
        body = minimal(schema, self.now) if schema is not None else None
        if isinstance(body, dict) and "message" in properties(schema):
            body["message"] = f"{label(resource)} deleted."
        return body


DIALECT = LaravelDialect()
