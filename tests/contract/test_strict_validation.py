"""The strict, independent response check (contract_tests/strict_validation.py): openapi-core judges each
answer against the spec as OpenAPI 3.0.3 reads it, names the operation and every broken field on a line
of its own, and leaves what it cannot read (a CSV) unjudged."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from schemathesis import Case
from schemathesis.checks import CHECKS, CheckContext, run_checks
from schemathesis.core.transport import Response
from schemathesis.schemas import BaseSchema

from contract_tests import strict_validation
from contract_tests.strict_validation import (
    CHECK,
    NOT_VALIDATED,
    StrictResponseViolation,
    strict_response_conformance,
)
from tests.contract.fake_api import write_api
from tests.contract.test_checks import loaded

PASSED = None  # what a check returns when it checked and found nothing wrong

OWNER = {"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]}
THING = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        # What issue 12's D2 was: nullable beside an allOf and no type, which OpenAPI 3.0.3 says has no effect.
        "owner": {"allOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": True},
    },
    "required": ["id", "name", "owner"],
}
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Strict Things", "version": "1"},
    "servers": [{"url": "https://things.invalid/api"}],
    "paths": {
        "/things/{thing}": {
            "parameters": [{"name": "thing", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "get": {
                "operationId": "getThing",
                "responses": {
                    "200": {
                        "description": "ok",
                        "headers": {"X-Version": {"required": True, "schema": {"type": "integer"}}},
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                    },
                    "404": {
                        "description": "gone",
                        "content": {"application/problem+json": {"schema": {"type": "object", "required": ["title"]}}},
                    },
                },
            },
        },
        "/things/{thing}/export": {
            "parameters": [{"name": "thing", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "get": {
                "operationId": "exportThing",
                "responses": {"200": {"description": "csv", "content": {"text/csv": {"schema": {"type": "string"}}}}},
            },
        },
    },
    "components": {"schemas": {"Thing": THING, "Owner": OWNER}},
}
GOOD = {"id": 1, "name": "bolt", "owner": {"id": 7}}
OPERATION = "GET /things/{thing}"


@pytest.fixture
def schema(tmp_path: Path) -> BaseSchema:
    api = dataclasses.replace(write_api(tmp_path), spec=SPEC)
    strict_validation.use(api)
    return schemathesis.openapi.from_dict(SPEC)


def context(schema: BaseSchema) -> CheckContext:
    return CheckContext(override=None, auth=None, headers=None, config=schema.config.checks_config_for(),
                        transport_kwargs=None, response_checks=None)  # fmt: skip


def answer(status: int, body: Any, content_type: str = "application/json", **headers: str) -> Response:
    request = requests.Request("GET", "http://127.0.0.1:9/api/things/1").prepare()
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    all_headers = {"Content-Type": [content_type], **{name.replace("_", "-"): [v] for name, v in headers.items()}}
    return Response(status, all_headers, content, request, elapsed=0.0, verify=True)


def judged(schema: BaseSchema, response: Response, path: str = "/things/{thing}") -> bool | None:
    case: Case[Any] = schema[path]["GET"].Case(path_parameters={"thing": 1})
    return strict_response_conformance(context(schema), response, case)


def test_a_conforming_answer_passes(schema: BaseSchema) -> None:
    assert judged(schema, answer(200, GOOD, X_Version="3")) is PASSED
    assert judged(schema, answer(404, {"title": "Gone"}, "application/problem+json")) is PASSED


def test_null_where_nullable_has_no_type_fails_naming_the_field(schema: BaseSchema) -> None:
    """schemathesis takes this answer; 3.0.3 does not (nullable only has an effect beside a type)."""
    with pytest.raises(StrictResponseViolation) as failed:
        judged(schema, answer(200, {**GOOD, "owner": None}, X_Version="3"))
    assert failed.value.operation == OPERATION
    assert failed.value.title == "GET /things/{thing} 200: 1 strict OpenAPI 3.0.3 violation"
    assert failed.value.message == "body /owner: None for not nullable"


def test_every_broken_field_is_a_line_of_its_own(schema: BaseSchema) -> None:
    with pytest.raises(StrictResponseViolation) as failed:
        judged(schema, answer(200, {"id": "one", "owner": {}}, X_Version="three"))
    lines = failed.value.message.splitlines()
    assert "body /id: 'one' is not of type 'integer'" in lines
    assert "body /name: required, missing" in lines
    assert "body /owner/id: required, missing" in lines
    assert "header X-Version: Failed to cast value to integer type: three" in lines
    assert len(lines) == 4 and not any("properties" in line for line in lines)  # no schema dump


def test_a_field_broken_in_every_item_is_one_line_counting_them(tmp_path: Path) -> None:
    page = {
        "type": "object",
        "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}},
    }
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}}
    listed = {**SPEC, "paths": {"/things": {"get": {"operationId": "listThings", "responses": ok}}}}
    strict_validation.use(dataclasses.replace(write_api(tmp_path), spec=listed))
    schema = schemathesis.openapi.from_dict(listed)
    body = {"data": [{**GOOD, "id": n, "owner": None} for n in range(5)] + [GOOD]}
    case: Case[Any] = schema["/things"]["GET"].Case()
    with pytest.raises(StrictResponseViolation) as failed:
        strict_response_conformance(context(schema), answer(200, body), case)
    assert failed.value.message == "body /data/*/owner: None for not nullable (5 places)"


def test_a_missing_required_header_and_an_undocumented_status_fail(schema: BaseSchema) -> None:
    with pytest.raises(StrictResponseViolation, match="header X-Version: required, missing"):
        judged(schema, answer(200, GOOD))
    with pytest.raises(StrictResponseViolation, match="status 418: not documented for this operation"):
        judged(schema, answer(418, GOOD))


def test_a_body_that_is_not_the_json_it_says_fails(schema: BaseSchema) -> None:
    with pytest.raises(StrictResponseViolation, match=r"status 200: .*deserialize"):
        judged(schema, answer(200, b"{not json", X_Version="3"))


def test_a_csv_answer_is_not_validated(schema: BaseSchema) -> None:
    assert (
        judged(schema, answer(200, b"value,entity_type_id\na,47\n", "text/csv"), "/things/{thing}/export")
        is NOT_VALIDATED
    )
    # Not JSON, whatever the operation documents: openapi-core could only judge its bytes as a string.
    assert judged(schema, answer(200, b"<html></html>", "text/html")) is NOT_VALIDATED


def test_an_api_not_set_up_is_not_judged() -> None:
    other = schemathesis.openapi.from_dict({**SPEC, "info": {"title": "Never Set Up", "version": "1"}})
    case: Case[Any] = other["/things/{thing}"]["GET"].Case(path_parameters={"thing": 1})
    assert strict_response_conformance(context(other), answer(200, {}), case) is NOT_VALIDATED


def test_the_check_runs_in_every_contract_run(tmp_path: Path) -> None:
    """Registered with schemathesis (so the report has its column), on in every run, and set up for the
    run's API when its checks are (checks.use)."""
    assert CHECK in CHECKS.get_all_names()
    schema, _ = loaded(tmp_path, write_api(tmp_path))
    assert schema.config.checks_config_for().get_by_name(name=CHECK).enabled
    case: Case[Any] = schema["/widgets"]["GET"].Case()
    assert strict_response_conformance(context(schema), answer(200, b"", ""), case) is PASSED
    with pytest.raises(StrictResponseViolation, match="GET /widgets 418"):
        strict_response_conformance(context(schema), answer(418, {}), case)


def test_schemathesis_records_a_validated_answer_as_a_run_and_a_csv_as_none(schema: BaseSchema) -> None:
    """What the report counts: schemathesis records a success only for a check that did not return True
    (its "skipped"), so a validated answer must come back None and an unvalidated one True."""
    recorded: list[str] = []
    case: Case[Any] = schema["/things/{thing}"]["GET"].Case(path_parameters={"thing": 1})
    for response in (answer(200, GOOD, X_Version="3"), answer(200, b"<html></html>", "text/html")):
        run_checks(case=case, response=response, ctx=context(schema), checks=[strict_response_conformance],
                   on_failure=lambda *_: None, on_success=lambda name, _: recorded.append(name))  # fmt: skip
    assert recorded == [CHECK]
