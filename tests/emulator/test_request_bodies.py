"""Request bodies are checked by the core against the spec, for every operation that declares one, before
any handler runs: walked over every operation of every API's built spec. A body the spec requires and
the request does not carry is refused (issue 12, D3: an update whose fields are all optional answered 200
to no body at all), in the API's own words and as the operation documents."""

from __future__ import annotations

import asyncio
import base64
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from contract_tests.emulator import EmulatorSettings, Login, create_app
from contract_tests.emulator.core.answers import Kind, Problem, json_response
from contract_tests.emulator.core.api import EmulatorApi, load_api
from contract_tests.emulator.core.call import Emulator
from contract_tests.emulator.core.shapes import properties
from contract_tests.emulator.core.spec import Operation
from generator.layout import ApiLayout, all_apis
from generator.validate import validate_spec
from tests.emulator.conftest import Spec, made_up_api, openapi

KEY, USER, PASSWORD = "walk-key", "walker", "walk-password"
BASE_URL = "http://emulator.test"


def emulator_of(api: str) -> tuple[Any, Emulator, Spec]:
    layout = ApiLayout.find(api)
    package = load_api(api, layout.profile.emulator_package, "api.yaml")
    login = Login.parse(f"{USER}:{PASSWORD}", package.login_extra)
    # The demo data: a dialect whose application binds the path's records first (Laravel) looks record 1
    # up before it reads the body, so it must exist for the body's refusal to be the answer.
    app = create_app(api, EmulatorSettings(api_keys=(KEY,), logins=(login,), db=":memory:", rate_limit=0, seed="demo"))
    resolved = validate_spec(json.loads(layout.spec_path.read_text(encoding="utf-8")), str(layout.spec_path))
    return app, app.state.emulator, Spec(resolved)


def credentials(emulator: Emulator, operation: Operation) -> tuple[dict[str, str], dict[str, str]]:
    """Headers and query parameters carrying a credential the core lets in, for the operation's first
    security requirement, wherever and of whatever kind its schemes say."""
    headers: dict[str, str] = {}
    query: dict[str, str] = {}
    requirement = next((r for r in operation.security if r), ())
    for name in requirement:
        scheme = emulator.spec.security_schemes[name]
        kind = emulator.authenticator.kinds[name]
        if kind == "token":
            value = "Bearer " + emulator.authenticator.issue(USER)
        elif kind == "login":
            value = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        else:  # an API key, or a session token (which the core lets in and the API package checks)
            value = KEY
        if scheme.location == "query":
            query[scheme.parameter] = value
        elif scheme.location == "cookie":
            headers["Cookie"] = f"{scheme.parameter}={value}"
        else:
            headers[scheme.parameter] = value
    return headers, query


def concrete(operation: Operation) -> str:
    """The operation's path with an id in each place (1: a record of the demo data)."""
    path = operation.path
    for parameter in operation.path_parameters:
        path = path.replace("{" + parameter.name + "}", "1" if parameter.schema.get("type") == "integer" else "a")
    return path


async def send(app: Any, method: str, path: str, **options: Any) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as client:
        return await client.request(method, path, **options)


def refusal(emulator: Emulator, operation: Operation) -> tuple[int, Any]:
    """The API's answer to its core's "a required body is absent", for this operation."""
    body = operation.body
    assert body is not None
    empty: Any = [] if body.schema.get("type") == "array" else {}
    problem = Problem(Kind.BODY_REQUIRED, 422, operation=operation, media_type=body.content_type,
                      schema_type=str(body.schema.get("type", "")), fields=tuple(properties(body.schema)),
                      errors=[((), error) for error in body.errors(empty)])  # fmt: skip
    answer = emulator.dialect.problem(problem)
    return answer.status_code, json.loads(bytes(answer.body))


@pytest.mark.parametrize("api", all_apis())
def test_every_operation_requiring_a_body_refuses_none(api: str) -> None:
    app, emulator, spec = emulator_of(api)
    walked = [operation for operation in emulator.spec.operations if operation.body and operation.body.required]
    assert walked, f"{api}: no operation of its spec requires a body"
    for operation in walked:
        assert operation.body is not None
        headers, query = credentials(emulator, operation)
        where = f"{api} {operation.operation_id} ({operation.method} {operation.path}) without a body"
        # No body at all, and an empty one that says its media type.
        for sent in ({}, {"Content-Type": operation.body.content_type}):
            answer = asyncio.run(send(app, operation.method, concrete(operation), headers={**headers, **sent},
                                      params=query))  # fmt: skip
            assert 400 <= answer.status_code < 500, f"{where} answered {answer.status_code}: {answer.text[:300]}"
            assert (answer.status_code, answer.json()) == refusal(emulator, operation), where
            spec.check(answer)  # a refusal the operation documents, in its documented shape


@pytest.mark.parametrize("api", all_apis())
def test_an_operation_whose_body_is_optional_takes_none(api: str) -> None:
    """The refusal is the spec's `required: true`, not every body operation's: an optional body may be left
    out (where an API has one)."""
    app, emulator, _ = emulator_of(api)
    optional = [operation for operation in emulator.spec.operations if operation.body and not operation.body.required]
    for operation in optional:
        headers, query = credentials(emulator, operation)
        answer = asyncio.run(send(app, operation.method, concrete(operation), headers=headers, params=query))
        assert (answer.status_code, answer.json()) != refusal(emulator, operation), operation.operation_id


# A made-up API (Laravel dialect) whose hand-written handlers answer with what the core handed them.
ECHOED = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "limits": {"type": "array", "items": {"type": "object", "properties": {"size": {"type": "integer"}}}},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}
UPLOAD = {
    "type": "object",
    "properties": {"file": {"type": "string", "format": "binary"}, "note": {"type": "string"}},
    "required": ["file"],
}
ANSWER = {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}}
ECHO_SPEC = openapi(
    {
        "/echo": {
            "put": {
                "operationId": "echo",
                "requestBody": {"required": True, "content": {"application/json": {"schema": ECHOED}}},
                "responses": ANSWER,
            }
        },
        "/upload": {
            "post": {
                "operationId": "upload",
                "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": UPLOAD}}},
                "responses": ANSWER,
            }
        },
    }
)


def echo(call: Any) -> Any:
    return json_response(200, call.body)


def upload(call: Any) -> Any:
    return json_response(200, {name: str(type(value).__name__) for name, value in call.form.multi_items()})


@pytest.fixture
def echo_app(tmp_path: Path) -> Any:
    specs = made_up_api(tmp_path / "specs", "echo-api", ECHO_SPEC)
    package = EmulatorApi("echo-api", handlers={"echo": echo, "upload": upload})
    return create_app(package, EmulatorSettings(api_keys=(KEY,), db=":memory:", rate_limit=0), specs_dir=specs)


def test_laravel_hands_a_handler_only_the_fields_the_schema_lists(echo_app: Any) -> None:
    """Laravel's validated(): a field without a rule is ignored, not refused, at every depth the schema
    describes; what a schema allows by additionalProperties stays."""
    sent = {"name": "a", "colour": "red", "limits": [{"size": 1, "unit": "kg"}], "labels": {"any": "thing"}}
    answer = asyncio.run(send(echo_app, "PUT", "/echo", json=sent, headers={"X-Api-Key": KEY}))
    assert answer.status_code == 200
    assert answer.json() == {"name": "a", "limits": [{"size": 1}], "labels": {"any": "thing"}}


def test_an_empty_object_is_a_body_and_no_body_is_none(echo_app: Any) -> None:
    headers = {"X-Api-Key": KEY}
    assert asyncio.run(send(echo_app, "PUT", "/echo", json={}, headers=headers)).json() == {}
    refused = asyncio.run(send(echo_app, "PUT", "/echo", headers=headers))
    assert refused.status_code == 422
    assert refused.json()["errors"]["name"] == ["The name field is required when none of limits / labels are present."]


def test_a_multipart_body_is_checked_against_its_schema(echo_app: Any) -> None:
    headers = {"X-Api-Key": KEY}
    no_file = asyncio.run(send(echo_app, "POST", "/upload", headers=headers, files={"note": (None, b"hi")}))
    assert (no_file.status_code, no_file.json()["errors"]) == (422, {"file": ["The file field is required."]})
    as_text = asyncio.run(send(echo_app, "POST", "/upload", headers=headers, files={"file": (None, b"a,b")}))
    assert (as_text.status_code, as_text.json()["errors"]) == (422, {"file": ["The file field must be a file."]})
    nothing = asyncio.run(send(echo_app, "POST", "/upload", headers=headers))
    assert (nothing.status_code, nothing.json()["errors"]) == (422, {"file": ["The file field is required."]})
    taken = asyncio.run(send(echo_app, "POST", "/upload", headers=headers, files={"file": ("a.csv", b"a", "text/csv")}))
    assert (taken.status_code, taken.json()) == (200, {"file": "UploadFile"})
