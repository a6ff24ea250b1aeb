"""An emulator served over HTTP for the tests, and a check of every answer against the merged spec."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import attrs
import httpx
import pytest
from openapi_schema_validator import OAS30Validator

from contract_tests.emulator import EmulatorSettings, create_app
from contract_tests.serving import serving

API_KEY = "emulator-test-key"
USER, PASSWORD = "me@example.com", "s3cret-pass"


@attrs.define
class Clock:
    now: float = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class Spec:
    """Checks an answer as a contract test would: its status is documented, its body matches the schema."""

    def __init__(self, resolved: dict[str, Any]) -> None:
        self.paths = [(self._pattern(path), path, item) for path, item in resolved["paths"].items()]

    @staticmethod
    def _pattern(path: str) -> re.Pattern[str]:
        return re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path)) + "$")

    def check(self, response: httpx.Response) -> None:
        method, path = response.request.method.lower(), response.request.url.path
        item = next((item for pattern, _, item in self.paths if pattern.match(path)), None)
        assert item is not None and method in item, f"{method.upper()} {path} is not in the spec"
        documented = item[method]["responses"]
        status = str(response.status_code)
        assert status in documented, f"{method.upper()} {path} answered {status}, documented: {sorted(documented)}"
        content = documented[status].get("content", {})
        if "application/json" in content:
            assert response.headers["content-type"].startswith("application/json")
            schema = nullable_as_schemathesis_reads_it(content["application/json"]["schema"])
            validator = OAS30Validator(schema, format_checker=OAS30Validator.FORMAT_CHECKER)
            errors = [
                f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(response.json())
            ]
            assert not errors, f"{method.upper()} {path} {status} does not match the spec: {errors}"


def nullable_as_schemathesis_reads_it(schema: Any) -> Any:
    """`nullable: true` admits null whatever else the schema says, as schemathesis (the contract tests'
    validator) and openapi-python-client read it. openapi-schema-validator reads it strictly (only beside a
    `type`), which would reject null for the spec's `{allOf: [$ref], nullable: true}` relations."""
    if isinstance(schema, list):
        return [nullable_as_schemathesis_reads_it(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    converted = {key: nullable_as_schemathesis_reads_it(value) for key, value in schema.items()}
    if converted.get("nullable") is True and "type" not in converted:
        del converted["nullable"]
        return {"anyOf": [converted, {"enum": [None]}]}
    return converted


@pytest.fixture(scope="session")
def spec(resolved: dict[str, Any]) -> Spec:
    return Spec(resolved)


@attrs.define
class Emulator:
    url: str
    http: httpx.Client
    spec: Spec
    clock: Clock
    app: Any

    def call(
        self, method: str, path: str, *, auth: str | None = API_KEY, check: bool = True, **options: Any
    ) -> httpx.Response:
        headers = {"Accept": "application/json", **options.pop("headers", {})}
        if auth is not None:
            headers["Authorization"] = auth
        response = self.http.request(method, path, headers=headers, **options)
        if check:
            self.spec.check(response)
        return response

    def reset(self, seed: bool = False) -> None:
        response = self.http.post(
            "/__emulator__/reset", params={"seed": "demo"} if seed else {}, headers={"Authorization": API_KEY}
        )
        assert response.status_code == 200


def settings(**overrides: Any) -> EmulatorSettings:
    values: dict[str, Any] = {"api_keys": (API_KEY,), "db": ":memory:", "rate_limit": 0, "logins": ()}
    values.update(overrides)
    if not values["logins"]:
        from contract_tests.emulator.settings import Login

        values["logins"] = (Login(USER, PASSWORD),)
    return EmulatorSettings(**values)


@pytest.fixture(scope="module")
def served(spec: Spec) -> Iterator[Emulator]:
    clock = Clock()
    app = create_app(settings(), authenticator_clock=clock)
    with serving(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield Emulator(url, http, spec, clock, app)


@pytest.fixture
def emulator(served: Emulator) -> Emulator:
    """The module's emulator, emptied before each test."""
    served.reset()
    return served
