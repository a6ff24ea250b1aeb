"""A Patchworks emulator served over HTTP for the tests, every answer checked against the merged spec."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import httpx
import pytest

from contract_tests.emulator import EmulatorSettings, Login, create_app
from contract_tests.serving import serving
from contract_tests.testing import FakeClock
from tests.emulator.conftest import CONTROL, CONTROL_KEY, Spec

API = "patchworks-core"
API_KEY = "emulator-test-key"
USER, PASSWORD = "me@example.com", "s3cret-pass"


@pytest.fixture(scope="session")
def spec(resolved: dict[str, Any]) -> Spec:
    return Spec(resolved)


@attrs.define
class Emulator:
    url: str
    http: httpx.Client
    spec: Spec
    clock: FakeClock
    app: Any

    def call(
        self, method: str, path: str, *, auth: str | None = API_KEY, check: bool = True, **options: Any
    ) -> httpx.Response:
        headers = {"Accept": "application/json", **options.pop("headers", {})}
        if auth is not None:
            headers["Authorization"] = auth
        if path.startswith("/__emulator__/"):
            headers = {**CONTROL, **headers}
        response = self.http.request(method, path, headers=headers, **options)
        if check:
            self.spec.check(response)
        return response

    def reset(self, seed: bool = False) -> None:
        response = self.http.post("/__emulator__/reset", params={"seed": "demo"} if seed else {}, headers=CONTROL)
        assert response.status_code == 200


def settings(**overrides: Any) -> EmulatorSettings:
    values: dict[str, Any] = {
        "api_keys": (API_KEY,),
        "db": ":memory:",
        "rate_limit": 0,
        "logins": (Login(USER, PASSWORD),),
        "control_key": CONTROL_KEY,
        **overrides,
    }
    return EmulatorSettings(**values)


@pytest.fixture(scope="module")
def served(spec: Spec) -> Iterator[Emulator]:
    clock = FakeClock()
    app = create_app(API, settings(), authenticator_clock=clock)
    with serving(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield Emulator(url, http, spec, clock, app)


@pytest.fixture
def emulator(served: Emulator) -> Emulator:
    """The module's emulator, emptied before each test."""
    served.reset()
    return served
