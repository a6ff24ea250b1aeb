"""Answers shaped by the response schemas (core/shapes.py), and the dialects' side of every answer: every
dialect answers every problem the core can meet, the Laravel dialect in Laravel's words; a dialect that
decides only the essentials gets plain defaults (every record, unpaginated, no stamps)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.responses import Response

from contract_tests.emulator.core.answers import Kind, Problem, json_response
from contract_tests.emulator.core.dialect import Dialect, load_dialect
from contract_tests.emulator.core.query import ListQuery
from contract_tests.emulator.core.shapes import Envelope, item_envelope, list_envelope, minimal, new_record
from contract_tests.emulator.core.spec import Operation, validator
from contract_tests.emulator.dialects.laravel import DIALECT as LARAVEL
from generator.layout import REPO_ROOT

NOW = "2025-01-02T03:04:05.000000Z"
ITEM = {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}


def now() -> str:
    return NOW


def test_envelopes_are_read_from_the_response_schema() -> None:
    assert item_envelope(ITEM, "id", now) == Envelope(None, ITEM)
    wrapped = {"type": "object", "properties": {"data": ITEM, "meta": {"type": "object"}}, "required": ["data", "meta"]}
    assert item_envelope(wrapped, "id", now) == Envelope("data", ITEM, {"meta": {}})
    assert item_envelope({"allOf": [wrapped]}, "id", now) == Envelope("data", ITEM, {"meta": {}})
    array = {"type": "array", "items": ITEM}
    assert list_envelope(array, None, now) == Envelope(None, ITEM)
    two_arrays = {"type": "object", "properties": {"rows": array, "warnings": {"type": "array"}}}
    assert list_envelope(two_arrays, "rows", now) == Envelope("rows", ITEM)
    assert list_envelope(two_arrays, None, now) is None  # which of the two? not a list it can tell
    assert list_envelope({"type": "object", "properties": {"message": {"type": "string"}}}, None, now) is None
    assert Envelope("data", ITEM, {"count": 0}).wrap([1]) == {"count": 0, "data": [1]}


@pytest.mark.parametrize(
    ("schema", "least"),
    [
        ({"type": "string", "default": "x"}, "x"),
        ({"type": "string", "enum": ["b", "a"]}, "b"),
        ({"type": "integer", "nullable": True}, None),
        ({"type": "integer", "minimum": 5}, 5),
        ({"type": "integer", "minimum": 5, "exclusiveMinimum": True}, 6),
        ({"type": "number", "maximum": -1.5}, -1.5),
        ({"type": "string", "minLength": 3}, "xxx"),
        ({"type": "string", "format": "date-time"}, NOW),
        ({"type": "string", "format": "date"}, NOW[:10]),
        ({"type": "boolean"}, False),
        ({"type": "array", "minItems": 2, "items": {"type": "integer"}}, [0, 0]),
        ({"oneOf": [{"type": "boolean"}, {"type": "string"}]}, False),
        (
            {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}, "required": ["b"]},
            {"b": 0},
        ),
    ],
)
def test_the_least_value_a_schema_accepts(schema: dict[str, Any], least: Any) -> None:
    assert minimal(schema, now) == least
    assert not list(validator(schema).iter_errors(least))


def test_a_new_record_takes_what_was_given_then_the_schema() -> None:
    item = {
        "type": "object",
        "required": ["id", "name", "size", "colour"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "size": {"type": "integer", "default": 3},
            "note": {"type": "string", "nullable": True},
            "colour": {"type": "string"},
            "extra": {"type": "string"},
        },
    }
    record = new_record({"name": "bolt", "unlisted": 1}, item, "id", now)
    assert record == {"name": "bolt", "size": 3, "note": None, "colour": ""}  # the id is the store's to give
    assert new_record({"anything": 1}, {"type": "object"}, "id", now) == {"anything": 1}


def error(schema: dict[str, Any], value: Any) -> Any:
    return next(iter(validator(schema).iter_errors(value)))


PROBLEMS = {
    Kind.ROUTE_NOT_FOUND: (Problem(Kind.ROUTE_NOT_FOUND, 404, path="/a/b"), "The route a/b could not be found."),
    Kind.METHOD_NOT_ALLOWED: (
        Problem(Kind.METHOD_NOT_ALLOWED, 405, {"Allow": "GET"}, method="PUT", path="/a", allowed=["GET"]),
        "The PUT method is not supported for route a. Supported methods: GET.",
    ),
    Kind.UNAUTHENTICATED: (Problem(Kind.UNAUTHENTICATED, 401), "Unauthenticated."),
    Kind.TOO_MANY_REQUESTS: (Problem(Kind.TOO_MANY_REQUESTS, 429, retry_after=3), "Too Many Attempts."),
    Kind.BAD_PATH_PARAMETER: (Problem(Kind.BAD_PATH_PARAMETER, 404, name="thing", value="x"), "Not Found."),
    Kind.NOT_FOUND: (
        Problem(Kind.NOT_FOUND, 404, resource="stock_item", key=7),
        "No query results for model [App\\Models\\StockItem] 7",
    ),
    Kind.KEY_TAKEN: (
        Problem(Kind.KEY_TAKEN, 422, resource="label", field="id", key="a"),
        "The id has already been taken.",
    ),
    Kind.IDS_EXHAUSTED: (
        Problem(Kind.IDS_EXHAUSTED, 507, resource="stock_item", largest=9),
        "No stock item can be created: every id up to 9 is taken.",
    ),
    Kind.BODY_TOO_LARGE: (Problem(Kind.BODY_TOO_LARGE, 413, limit=10), "Content Too Large."),
    Kind.UNSUPPORTED_MEDIA_TYPE: (
        Problem(Kind.UNSUPPORTED_MEDIA_TYPE, 415, expected="application/json"),
        "Unsupported Media Type: the body must be application/json.",
    ),
    Kind.MALFORMED_BODY: (
        Problem(Kind.MALFORMED_BODY, 400, media_type="application/json", detail="line 1"),
        "The request body is not valid JSON: line 1",
    ),
    Kind.BODY_NOT_OBJECT: (Problem(Kind.BODY_NOT_OBJECT, 422), "The request body must be a JSON object."),
    Kind.BODY_REQUIRED: (
        Problem(
            Kind.BODY_REQUIRED,
            422,
            operation=None,
            media_type="application/json",
            schema_type="object",
            fields=("name", "description", "owner_id"),
            errors=[],
        ),
        "The name field is required when none of description / owner id are present. (and 2 more errors)",
    ),
    Kind.INVALID: (
        Problem(
            Kind.INVALID, 422, errors=[((), error({"required": ["name"]}, {})), (("page",), error({"minimum": 1}, 0))]
        ),
        "The name field is required. (and 1 more error)",
    ),
    Kind.UNEXPECTED: (Problem(Kind.UNEXPECTED, 400), "The request could not be processed."),
    Kind.BUSY: (Problem(Kind.BUSY, 503, {"Retry-After": "1"}, retry_after=1), "Service Unavailable."),
    Kind.ROUTING: (Problem(Kind.ROUTING, 400, detail="Bad host"), "Bad host"),
    Kind.TOO_MANY_FILTER_VALUES: (
        Problem(Kind.TOO_MANY_FILTER_VALUES, 400, filter="value", count=990, limit=100),
        "Requested filter `value` has 990 values. Allowed are at most 100 values a filter.",
    ),
    Kind.CONTROL_REFUSED: (
        Problem(Kind.CONTROL_REFUSED, 401, reason="send the key"),
        "The emulator's control routes refused the request: send the key.",
    ),
}


def test_the_laravel_dialect_words_every_problem() -> None:
    assert set(PROBLEMS) == set(Kind), "a kind of problem without a case here"
    for kind, (problem, text) in PROBLEMS.items():
        answer = LARAVEL.problem(problem)
        assert (answer.status_code, json.loads(bytes(answer.body))["message"]) == (problem.status, text), kind
    invalid = json.loads(bytes(LARAVEL.problem(PROBLEMS[Kind.INVALID][0]).body))
    assert invalid["errors"] == {
        "name": ["The name field is required."],
        "page": ["The page field must be at least 1."],
    }
    assert LARAVEL.problem(PROBLEMS[Kind.METHOD_NOT_ALLOWED][0]).headers["Allow"] == "GET"
    assert LARAVEL.problem(PROBLEMS[Kind.BUSY][0]).headers["Retry-After"] == "1"
    assert json.loads(bytes(LARAVEL.problem(PROBLEMS[Kind.BODY_REQUIRED][0]).body))["errors"] == {
        "name": ["The name field is required when none of description / owner id are present."],
        "description": ["The description field is required when none of name / owner id are present."],
        "owner_id": ["The owner id field is required when none of name / description are present."],
    }


def body_required(fields: tuple[str, ...], errors: list[Any]) -> dict[str, Any]:
    problem = Problem(Kind.BODY_REQUIRED, 422, operation=None, media_type="application/json", schema_type="object",
                      fields=fields, errors=errors)  # fmt: skip
    return dict(json.loads(bytes(LARAVEL.problem(problem).body)))


def test_laravel_words_a_missing_body_by_what_its_schema_requires() -> None:
    # A schema that requires fields: no body is no input, so each required field is missing.
    required = body_required(("name", "limit"), [((), error({"required": ["name", "limit"]}, {}))])
    assert required["errors"] == {"name": ["The name field is required."], "limit": ["The limit field is required."]}
    # One field, or none listed: that field (or the body) is simply required.
    assert body_required(("ids",), [])["errors"] == {"ids": ["The ids field is required."]}
    assert body_required((), [])["errors"] == {"body": ["The body field is required."]}


# Every dialect module (one that defines its DIALECT; laravel_responses and spatie are the Laravel one's parts).
DIALECT_NAMES = sorted(
    path.stem
    for path in (REPO_ROOT / "contract_tests" / "emulator" / "dialects").glob("*.py")
    if "\nDIALECT = " in path.read_text(encoding="utf-8")
)


@pytest.mark.parametrize("name", DIALECT_NAMES)
def test_every_dialect_answers_every_problem_without_a_500(name: str) -> None:
    dialect = load_dialect(name, "api.yaml")
    for kind, (problem, _) in PROBLEMS.items():
        answer = dialect.problem(problem)
        assert 400 <= answer.status_code < 600 and answer.status_code != 500, kind
        assert isinstance(json.loads(bytes(answer.body)), dict), kind


def test_a_dialect_is_found_by_the_name_the_profile_gives() -> None:
    assert load_dialect("laravel", "api.yaml") is LARAVEL
    with pytest.raises(LookupError, match=r"api.yaml: emulator.dialect 'cobol': there is no .*dialects/cobol.py"):
        load_dialect("cobol", "api.yaml")


class Plain(Dialect):
    """A dialect that decides only what it must."""

    name = "plain"

    def problem(self, problem: Problem) -> Response:
        return json_response(400, {"code": str(problem.kind)})

    def now(self) -> str:
        return NOW


def test_a_dialect_deciding_only_the_essentials_lists_everything_unpaginated() -> None:
    dialect = Plain()
    listing = Operation("listThings", "GET", "/things", (), {}, {}, None, None, None, None, ())
    assert dialect.list_query(listing, {"page": "2", "sort": "name"}) == ListQuery()
    assert ListQuery().per_page is None and ListQuery().offset == 0
    envelope = Envelope(None, ITEM)
    assert dialect.list_body(listing, [{"id": 1}], 1, ListQuery(), "", envelope) == [{"id": 1}]
    record: dict[str, Any] = {}
    dialect.stamp_created(record, {"properties": {"created_at": {}}})
    assert record == {}
    assert dialect.deleted_body(
        "thing", {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]}
    ) == {"ok": False}
