"""An easydb emulator served over HTTP for the tests, every answer checked against specs/easydb/openapi.json
(status documented, body matching its schema, so an error's code among those the operation documents, and
the version headers), and accounts with one set of rights each."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import attrs
import httpx
import pytest

from contract_tests.emulator import EmulatorSettings, Login, create_app
from contract_tests.serving import serving
from generator.layout import ApiLayout
from generator.validate import validate_spec
from tests.emulator.conftest import CONTROL, CONTROL_KEY, Spec

API = "easydb"
PASSWORD = "s3cret-pass"
# Each account's rights (--login LOGIN:PASSWORD[:RIGHT,...]; "" is every right).
ACCOUNTS = {
    "admin": "",
    "reader": "bag_read",
    "writer": "bag_write",
    "creator": "bag_read,bag_create",
    "deleter": "bag_read,bag_delete",
    "acl": "bag_write,bag_acl",
    "rights-manager": "bag_write,system.rights_management",
    "blind": "bag_create,bag_delete",  # neither bag_read nor bag_write: sees no pool
}
ROOT, STANDARD = 1, 2
VERSION_HEADERS = ("X-Easydb-Base-Schema-Version", "X-Easydb-User-Schema-Version", "X-Easydb-API-Version")


def logins(accounts: dict[str, str] = ACCOUNTS) -> tuple[Login, ...]:
    return tuple(Login(name, PASSWORD, (rights,)) for name, rights in accounts.items())


def settings(**overrides: Any) -> EmulatorSettings:
    values: dict[str, Any] = {
        "db": ":memory:",
        "rate_limit": 0,
        "logins": logins(),
        "control_key": CONTROL_KEY,
        **overrides,
    }
    return EmulatorSettings(**values)


@pytest.fixture(scope="session")
def spec() -> Spec:
    path = ApiLayout.find(API).spec_path
    return Spec(validate_spec(json.loads(path.read_text(encoding="utf-8")), str(path)))


@attrs.define
class Emulator:
    url: str
    http: httpx.Client
    spec: Spec
    app: Any

    def call(
        self, method: str, path: str, *, token: str | None = None, check: bool = True, **options: Any
    ) -> httpx.Response:
        """A request with the token in the x-easydb-token header, its answer checked against the spec and
        for the version headers."""
        headers = {"Accept": "application/json", **options.pop("headers", {})}
        if token is not None:
            headers["x-easydb-token"] = token
        response = self.http.request(method, path, headers=headers, **options)
        assert all(name in response.headers for name in VERSION_HEADERS), dict(response.headers)
        if check:
            self.spec.check(response)
        return response

    def session(self) -> str:
        """A new, unauthenticated session's token."""
        response = self.call("GET", "/api/v1/session")
        assert response.status_code == 200
        return str(response.json()["token"])

    def login(self, login: str = "admin", password: str = PASSWORD) -> str:
        """The token of a new session authenticated as `login`."""
        token = self.session()
        response = self.call(
            "POST", "/api/v1/session/authenticate", token=token, data={"login": login, "password": password}
        )
        assert response.status_code == 200, response.text
        return token

    def reset(self) -> None:
        response = self.call("POST", "/__emulator__/reset", headers=CONTROL, check=False)
        assert response.status_code == 200, response.text

    def pools(self, token: str) -> list[dict[str, Any]]:
        response = self.call("GET", "/api/v1/pool", token=token)
        assert response.status_code == 200, response.text
        found: list[dict[str, Any]] = response.json()
        return found

    def save(self, token: str, items: list[dict[str, Any]], method: str = "PUT") -> httpx.Response:
        return self.call(method, "/api/v1/pool", token=token, json=items)

    def create(self, token: str, name: str, parent: int = ROOT, **fields: Any) -> dict[str, Any]:
        """A new pool (as the answer shows it)."""
        pool = {"_version": 1, "_id_parent": parent, "name": {"en-US": name}, **fields.pop("pool", {})}
        response = self.save(token, [{"pool": pool, **fields}])
        assert response.status_code == 200, response.text
        created: dict[str, Any] = response.json()[0]
        return created

    def table(self) -> list[dict[str, Any]]:
        return pool_table(self.app)


def pool_table(app: Any) -> list[dict[str, Any]]:
    """Every stored pool and pool name of the emulator `app`, as its database holds them (to show that a
    failed write changed nothing)."""
    db = app.state.emulator.db
    pools = [dict(row) for row in db.all("SELECT * FROM easydb_pools ORDER BY id")]
    names = [dict(row) for row in db.all("SELECT * FROM easydb_pool_names ORDER BY pool_id, culture")]
    return [*pools, *names]


def error(response: httpx.Response) -> tuple[int, str, str, dict[str, str] | None]:
    """An error answer as (status, realm, code, parameters)."""
    body = response.json()
    return response.status_code, body["realm"], body["code"], body.get("parameters")


@pytest.fixture(scope="module")
def served(spec: Spec) -> Iterator[Emulator]:
    app = create_app(API, settings())
    with serving(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield Emulator(url, http, spec, app)


@pytest.fixture
def emulator(served: Emulator) -> Emulator:
    """The module's emulator, reset before each test (its sessions too)."""
    served.reset()
    return served


@pytest.fixture
def admin(emulator: Emulator) -> str:
    """A session authenticated as the account with every right."""
    return emulator.login("admin")
