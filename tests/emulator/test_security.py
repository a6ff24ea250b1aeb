"""Credentials are read where the spec's securitySchemes put them (a header, a query parameter, a cookie,
Authorization as bearer or basic), checked against what each scheme carries (API keys, issued tokens,
logins), per the operation's requirements (alternatives; schemes needed together; none)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.responses import Response

from contract_tests.emulator import EmulatorSettings, Login, SettingsError, create_app
from contract_tests.emulator.core.answers import json_response
from contract_tests.emulator.core.api import EmulatorApi
from contract_tests.emulator.core.call import Call
from contract_tests.serving import serving
from tests.emulator.conftest import made_up_api, openapi

NAME = "made-up-guarded"
KEY, USER, PASSWORD = "guarded-key", "someone", "pass:word"
ANSWER = {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}}
SCHEMES = {
    "HeaderKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
    "QueryToken": {"type": "apiKey", "in": "query", "name": "token"},
    "CookieKey": {"type": "apiKey", "in": "cookie", "name": "key"},
    "Bearer": {"type": "http", "scheme": "bearer"},
    "Basic": {"type": "http", "scheme": "basic"},
}
SPEC = openapi(
    {
        "/session": {"post": {"operationId": "openSession", "security": [], "responses": ANSWER}},
        "/things": {"get": {"operationId": "listThings", "responses": ANSWER}},
        "/both": {
            "get": {"operationId": "getBoth", "security": [{"HeaderKey": [], "Bearer": []}], "responses": ANSWER}
        },
        "/maybe": {"get": {"operationId": "getMaybe", "security": [{}, {"HeaderKey": []}], "responses": ANSWER}},
    },
    security=[{name: []} for name in SCHEMES],
    schemes=SCHEMES,
)


def open_session(call: Call) -> Response:
    """A session token for anyone (the made-up API's way in): a token the core issued, for its one account."""
    return json_response(200, {"token": call.emulator.authenticator.issue(USER)})


API = EmulatorApi(NAME, handlers={"openSession": open_session}, credential_kinds={"QueryToken": "token"})


@pytest.fixture
def guarded(tmp_path: Path) -> Iterator[httpx.Client]:
    specs = made_up_api(tmp_path / "specs", NAME, SPEC)
    settings = EmulatorSettings(api_keys=(KEY,), logins=(Login(USER, PASSWORD),), db=":memory:", rate_limit=0)
    with serving(create_app(API, settings, specs_dir=specs)) as url, httpx.Client(base_url=url) as http:
        yield http


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_each_scheme_is_read_where_the_spec_puts_it(guarded: httpx.Client) -> None:
    token = guarded.post("/session").json()["token"]
    accepted: list[tuple[dict[str, str], dict[str, str]]] = [
        ({"X-Api-Key": KEY}, {}),
        ({}, {"token": token}),
        ({"Cookie": f"key={KEY}"}, {}),
        ({"Authorization": f"Bearer {token}"}, {}),
        ({"Authorization": basic(USER, PASSWORD)}, {}),
    ]
    for headers, params in accepted:
        assert guarded.get("/things", headers=headers, params=params).status_code == 200, (headers, params)


def test_a_credential_counts_only_for_what_its_scheme_carries(guarded: httpx.Client) -> None:
    refused: list[tuple[dict[str, str], dict[str, str]]] = [
        ({}, {}),
        ({"X-Api-Key": "wrong"}, {}),
        ({}, {"token": KEY}),  # QueryToken carries issued tokens, not API keys
        ({"Authorization": f"Bearer {KEY}"}, {}),
        ({"Authorization": KEY}, {}),  # no scheme reads a raw Authorization here
        ({"Authorization": basic(USER, "wrong")}, {}),
        ({"Authorization": "Basic not-base64!"}, {}),
    ]
    for headers, params in refused:
        answer = guarded.get("/things", headers=headers, params=params)
        assert (answer.status_code, answer.json()) == (401, {"message": "Unauthenticated."}), (headers, params)


def test_requirements_are_alternatives_of_schemes_needed_together(guarded: httpx.Client) -> None:
    token = guarded.post("/session").json()["token"]
    assert guarded.get("/both", headers={"X-Api-Key": KEY}).status_code == 401
    assert guarded.get("/both", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert guarded.get("/both", headers={"X-Api-Key": KEY, "Authorization": f"Bearer {token}"}).status_code == 200
    assert guarded.get("/maybe").status_code == 200  # {} makes a credential optional


def test_credential_kinds_must_name_the_specs_schemes(tmp_path: Path) -> None:
    specs = made_up_api(tmp_path / "specs", NAME, SPEC)
    wrong = EmulatorApi(NAME, credential_kinds={"Nope": "token"})
    with pytest.raises(SettingsError, match=r"\['Nope'\], which are not security schemes"):
        create_app(wrong, EmulatorSettings(api_keys=(KEY,), db=":memory:"), specs_dir=specs)
