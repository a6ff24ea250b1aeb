"""ignored_auth as schemathesis' engine runs it (contract_tests/confirmed_auth.py): in the pytest
integration, whose CheckContext has no run-wide set of confirmed operations, an operation is still probed
once per run, and a host that ignores credentials still fails the check."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from requests.structures import CaseInsensitiveDict
from schemathesis import Case
from schemathesis.checks import CHECKS, CheckContext
from schemathesis.core.failures import Failure
from schemathesis.core.transport import Response
from schemathesis.schemas import BaseSchema
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from contract_tests import confirmed_auth
from contract_tests.serving import serving

KEY = "the-right-key-123"
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Things", "version": "1"},
    "components": {"securitySchemes": {"Key": {"type": "apiKey", "in": "header", "name": "X-Key"}}},
    "security": [{"Key": []}],
    "paths": {p: {"get": {"responses": {"200": {"description": "ok"}, "401": {"description": "no key"}}}}
              for p in ("/things", "/others")},
}  # fmt: skip


@dataclass
class Host:
    """Answers 401 to a call without the key, unless it ignores credentials; keeps what it was sent."""

    ignores_credentials: bool = False
    sent: list[str] = field(default_factory=list)
    url: str = ""

    async def answer(self, request: Request) -> JSONResponse:
        key = request.headers.get("x-key")
        self.sent.append(f"{request.url.path} {'right key' if key == KEY else 'no key' if key is None else 'wrong'}")
        if key != KEY and not self.ignores_credentials:
            return JSONResponse({"message": "Unauthenticated."}, status_code=401)
        return JSONResponse({})


@pytest.fixture
def host() -> Iterator[Host]:
    host = Host()
    app = Starlette(routes=[Route(path, host.answer) for path in ("/things", "/others")])
    with serving(app) as url:
        host.url = url
        yield host


def call(schema: BaseSchema, host: Host, path: str = "/things") -> tuple[Case[Any], Response]:
    case: Case[Any] = schema[path]["GET"].Case(headers={"X-Key": KEY})
    return case, case.call(base_url=host.url)


def context(schema: BaseSchema, host: Host) -> CheckContext:
    """As the pytest integration makes it (Case.validate_response): the key as the run's header, the host
    that answered, and no set of confirmed operations."""
    return CheckContext(override=None, auth=None, headers=CaseInsensitiveDict({"X-Key": KEY}),
                        config=schema.config.checks_config_for(), transport_kwargs={"base_url": host.url},
                        response_checks=None)  # fmt: skip


def test_it_is_the_check_schemathesis_runs_under_the_builtins_name() -> None:
    assert CHECKS.get_one("ignored_auth") is confirmed_auth.ignored_auth


def test_an_operation_is_probed_once_per_run(host: Host) -> None:
    schema = schemathesis.openapi.from_dict(SPEC)
    case, sent = call(schema, host)
    assert confirmed_auth.ignored_auth(context(schema, host), sent, case) is None  # checked: probes sent, refused
    assert host.sent == ["/things right key", "/things no key", "/things wrong"]
    for _ in range(3):
        case, sent = call(schema, host)
        assert confirmed_auth.ignored_auth(context(schema, host), sent, case) is None
    assert host.sent.count("/things no key") == 1  # the built-in alone would have probed 4 times
    case, sent = call(schema, host, "/others")  # another operation is probed on its own
    assert confirmed_auth.ignored_auth(context(schema, host), sent, case) is None
    assert host.sent[-2:] == ["/others no key", "/others wrong"]
    another_run = schemathesis.openapi.from_dict(SPEC)  # each schema (run) confirms for itself
    case, sent = call(another_run, host)
    assert confirmed_auth.ignored_auth(context(another_run, host), sent, case) is None
    assert host.sent.count("/things no key") == 2


def test_a_host_that_ignores_credentials_fails_and_is_not_confirmed(host: Host) -> None:
    schema = schemathesis.openapi.from_dict(SPEC)
    host.ignores_credentials = True
    for _ in range(2):  # not confirmed by a failure: probed, and failed, again
        case, sent = call(schema, host)
        with pytest.raises(Failure, match=r"(?i)auth"):
            confirmed_auth.ignored_auth(context(schema, host), sent, case)
    assert host.sent.count("/things no key") == 2


def test_after_the_confirmation_an_answer_to_made_up_or_missing_credentials_still_fails(host: Host) -> None:
    schema = schemathesis.openapi.from_dict(SPEC)
    case, sent = call(schema, host)
    assert confirmed_auth.ignored_auth(context(schema, host), sent, case) is None  # confirmed
    host.ignores_credentials = True  # from here on the host lets anything through
    for headers in ({"X-Key": "generated-wrong"}, {}):
        case = schema["/things"]["GET"].Case(headers=headers)
        sent = case.call(base_url=host.url)
        assert sent.status_code == 200
        without_run_headers = CheckContext(override=None, auth=None, headers=None,
                                           config=schema.config.checks_config_for(),
                                           transport_kwargs={"base_url": host.url}, response_checks=None)  # fmt: skip
        with pytest.raises(Failure, match=r"(?i)auth"):
            confirmed_auth.ignored_auth(without_run_headers, sent, case)
