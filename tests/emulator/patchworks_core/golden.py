"""The Patchworks emulator's answers to a fixed walk through every operation, kept in
tests/emulator/golden/patchworks-core.json so that a refactoring that changes any answer is seen.

The walk drives the emulator in-process (httpx's ASGI transport, a fixed base URL, a fake clock, databases
in memory): happy paths and error paths of every operation (401, 404, 405, 413, 415, 422, 429, the 400s
of filters, sorts and includes), pagination, includes, a CSV import, a download and a login. Each answer
is kept as its status, the headers a client relies on and its body, with what varies from run to run
(timestamps, login tokens) replaced by placeholders.

    .venv/bin/python -m tests.emulator.patchworks_core.golden   # record again, after an intended change
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from starlette.types import ASGIApp

from contract_tests.emulator import EmulatorSettings, Login, create_app
from contract_tests.testing import FakeClock
from tests.emulator.conftest import CONTROL, CONTROL_KEY

API = "patchworks-core"
GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "patchworks-core.json"
BASE_URL = "http://emulator.test"
KEY = "golden-key"
USER, PASSWORD = "golden@example.com", "golden-password"
TOKEN = "{token}"  # in a step's auth: the token of the last successful login
KEPT_HEADERS = ("content-type", "allow", "retry-after", "x-ratelimit-limit", "x-ratelimit-remaining")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
CSV = "value,entity_type_id\n"


@dataclass(frozen=True)
class Step:
    name: str
    method: str
    path: str
    auth: str | None = KEY
    json: Any = None
    content: bytes | None = None
    content_type: str | None = None
    files: dict[str, tuple[str, bytes, str]] | None = None
    params: dict[str, str] = field(default_factory=dict)
    app: str = "main"  # main (no rate limit) or limited (2 requests a minute)
    advance: float = 0.0  # seconds the clock moves on before the request


def _pools(*names: str) -> list[Step]:
    return [Step(f"create data pool {name!r}", "POST", "/api/v1/data-pool", json={"name": name}) for name in names]


STEPS: list[Step] = [
    Step("no credential", "GET", "/api/v1/data-pool", auth=None),
    Step("a wrong API key", "GET", "/api/v1/data-pool", auth="wrong-key"),
    Step("the API key as a bearer token", "GET", "/api/v1/data-pool", auth=f"Bearer {KEY}"),
    Step("an unknown bearer token", "GET", "/api/v1/data-pool", auth="Bearer not-a-token"),
    Step("login", "POST", "/fabric/api/login", auth=None, json={"username": USER, "password": PASSWORD}),
    Step("the login token is accepted", "GET", "/api/v1/data-pool", auth=f"Bearer {TOKEN}"),
    Step("the login token expires", "GET", "/api/v1/data-pool", auth=f"Bearer {TOKEN}", advance=86400),
    Step(
        "login with a wrong password",
        "POST",
        "/fabric/api/login",
        auth=None,
        json={"username": USER, "password": "nope"},
    ),
    Step("login without a password", "POST", "/fabric/api/login", auth=None, json={"username": USER}),
    Step("create a data pool without a name", "POST", "/api/v1/data-pool", json={}),
    Step(
        "create a data pool with two errors", "POST", "/api/v1/data-pool", json={"name": "ab", "description": "x" * 256}
    ),
    Step("create a data pool with a number for a name", "POST", "/api/v1/data-pool", json={"name": 12345}),
    Step(
        "create a data pool from text/plain",
        "POST",
        "/api/v1/data-pool",
        content=b"name=orders",
        content_type="text/plain",
    ),
    Step(
        "create a data pool from broken JSON",
        "POST",
        "/api/v1/data-pool",
        content=b'{"name": ',
        content_type="application/json",
    ),
    Step("create a data pool", "POST", "/api/v1/data-pool", json={"name": "orders", "description": "orders sent"}),
    *_pools("returns", "order lines", "customers"),
    Step("get a data pool", "GET", "/api/v1/data-pool/1"),
    Step("HEAD of a data pool", "HEAD", "/api/v1/data-pool/1"),
    Step("get an unknown data pool", "GET", "/api/v1/data-pool/999"),
    Step("get a data pool by a non-numeric id", "GET", "/api/v1/data-pool/not-a-number"),
    Step("update a data pool", "PUT", "/api/v1/data-pool/1", json={"description": None}),
    Step(
        "update a data pool with an array body",
        "PUT",
        "/api/v1/data-pool/1",
        content=b"[1, 2]",
        content_type="application/json",
    ),
    Step("update a data pool without a body", "PUT", "/api/v1/data-pool/1"),
    Step("update an unknown data pool", "PUT", "/api/v1/data-pool/999", json={"name": "abc"}),
    Step("PATCH is not a method of a data pool", "PATCH", "/api/v1/data-pool/1"),
    Step("TRACE is not a method of the data pools", "TRACE", "/api/v1/data-pool"),
    Step("an unknown route", "GET", "/api/v1/nothing-here"),
    Step(
        "list data pools: filter and page size",
        "GET",
        "/api/v1/data-pool",
        params={"filter[name]": "order,cust", "per_page": "2"},
    ),
    Step(
        "list data pools: second page",
        "GET",
        "/api/v1/data-pool",
        params={"filter[name]": "order,cust", "per_page": "2", "page": "2"},
    ),
    Step("list data pools: newest first", "GET", "/api/v1/data-pool", params={"sort": "-created_at"}),
    Step("list data pools: by ids", "GET", "/api/v1/data-pool", params={"filter[id]": "1,3"}),
    Step("list data pools: a page past the end", "GET", "/api/v1/data-pool", params={"page": "5"}),
    Step("list data pools: an unknown filter", "GET", "/api/v1/data-pool", params={"filter[colour]": "red"}),
    Step("list data pools: an unknown sort", "GET", "/api/v1/data-pool", params={"sort": "name"}),
    Step("list data pools: per_page over 100", "GET", "/api/v1/data-pool", params={"per_page": "101"}),
    Step("list data pools: a bad id filter", "GET", "/api/v1/data-pool", params={"filter[id]": "one"}),
    Step(
        "list deduped data: a bad date filter",
        "GET",
        "/api/v1/data-pool/1/deduped-data",
        params={"filter[created_before]": "yesterday"},
    ),
    Step("list connection pools: an unknown include", "GET", "/api/v1/connection-pools", params={"include": "owner"}),
    Step("create a connection pool", "POST", "/api/v1/connection-pools", json={"name": "NetSuite", "limit": 5}),
    Step(
        "create a connection pool breaking three rules",
        "POST",
        "/api/v1/connection-pools",
        json={"name": "", "limit": 0, "timeout": 0},
    ),
    Step("create a connection pool without a limit", "POST", "/api/v1/connection-pools", json={"name": "x"}),
    Step("get a connection pool", "GET", "/api/v1/connection-pools/1"),
    Step("update a connection pool", "PUT", "/api/v1/connection-pools/1", json={"limit": 9, "timeout": 30}),
    Step("update a connection pool without a body", "PUT", "/api/v1/connection-pools/1"),
    Step(
        "set waiting requests (control route)",
        "PUT",
        "/__emulator__/connection-pools/1/pending-requests",
        json={"count": 7},
    ),
    Step(
        "set waiting requests of an unknown pool",
        "PUT",
        "/__emulator__/connection-pools/999/pending-requests",
        json={"count": 1},
    ),
    Step(
        "set a negative number of waiting requests",
        "PUT",
        "/__emulator__/connection-pools/1/pending-requests",
        json={"count": -1},
    ),
    Step("clear a connection pool", "POST", "/api/v1/connection-pools/1/clear"),
    Step("clear an unknown connection pool", "POST", "/api/v1/connection-pools/999/clear"),
    Step("the emulator's state", "GET", "/__emulator__/state"),
    Step(
        "import deduped data",
        "POST",
        "/api/v1/data-pool/1/deduped-data/import",
        files={
            "deduped_data_file": (
                "records.csv",
                (CSV + "alice@shop.test,47\nbob@shop.test,12\n=1+1,47\n").encode(),
                "text/csv",
            )
        },
    ),
    Step(
        "import a file without the headers",
        "POST",
        "/api/v1/data-pool/1/deduped-data/import",
        files={"deduped_data_file": ("records.csv", b"email,type\nx,1\n", "text/csv")},
    ),
    Step(
        "import a file with a bad row",
        "POST",
        "/api/v1/data-pool/1/deduped-data/import",
        files={"deduped_data_file": ("records.csv", (CSV + "a,1\nb,forty\n").encode(), "text/csv")},
    ),
    Step(
        "import a PNG",
        "POST",
        "/api/v1/data-pool/1/deduped-data/import",
        files={"deduped_data_file": ("records.png", b"\x89PNG\r\n", "image/png")},
    ),
    Step("import as JSON", "POST", "/api/v1/data-pool/1/deduped-data/import", json={"deduped_data_file": "a,b"}),
    Step(
        "import a malformed multipart body",
        "POST",
        "/api/v1/data-pool/1/deduped-data/import",
        content=b'--b\r\nContent-Disposition: form-data; name="deduped_data_file\rx"\r\n\r\nv\r\n--b--\r\n',
        content_type="multipart/form-data; boundary=b",
    ),
    Step(
        "import more than 10 MB",
        "POST",
        "/api/v1/data-pool/1/deduped-data/import",
        content=b"x" * (10 * 1024 * 1024 + 1),
        content_type="multipart/form-data; boundary=b",
    ),
    Step(
        "import into an unknown data pool",
        "POST",
        "/api/v1/data-pool/999/deduped-data/import",
        files={"deduped_data_file": ("records.csv", (CSV + "a,1\n").encode(), "text/csv")},
    ),
    Step(
        "list deduped data: value search and sort",
        "GET",
        "/api/v1/data-pool/1/deduped-data",
        params={"filter[value]": "shop", "sort": "-id"},
    ),
    Step(
        "list deduped data: short value filter",
        "GET",
        "/api/v1/data-pool/1/deduped-data",
        params={"filter[value]": "al,=", "filter[entity_type_id]": "47"},
    ),
    Step(
        "list deduped data: an unknown include", "GET", "/api/v1/data-pool/1/deduped-data", params={"include": "nope"}
    ),
    Step("list deduped data of an unknown pool", "GET", "/api/v1/data-pool/999/deduped-data"),
    Step("download deduped data", "GET", "/api/v1/data-pool/1/deduped-data/download"),
    Step("download deduped data of an unknown pool", "GET", "/api/v1/data-pool/999/deduped-data/download"),
    Step("delete deduped records", "DELETE", "/api/v1/data-pool/1/deduped-data/delete-records", json={"ids": [1, 3]}),
    Step("delete no deduped records", "DELETE", "/api/v1/data-pool/1/deduped-data/delete-records", json={"ids": []}),
    Step("delete a connection pool", "DELETE", "/api/v1/connection-pools/1"),
    Step("delete a data pool", "DELETE", "/api/v1/data-pool/1"),
    Step("delete a deleted data pool", "DELETE", "/api/v1/data-pool/1"),
    Step("the state after the deletes", "GET", "/__emulator__/state"),
    Step("reset with the demo data", "POST", "/__emulator__/reset", params={"seed": "demo"}),
    Step("the demo data pools", "GET", "/api/v1/data-pool"),
    Step(
        "the demo connection pools with connectors",
        "GET",
        "/api/v1/connection-pools",
        params={"include": "connectors.system", "sort": "-limit"},
    ),
    Step(
        "demo deduped data with every include",
        "GET",
        "/api/v1/data-pool/1/deduped-data",
        params={"include": "flow,flowRun,flowStep,entityType,dataPool", "per_page": "4", "page": "3"},
    ),
    Step(
        "demo deduped data by flow and entity type",
        "GET",
        "/api/v1/data-pool/2/deduped-data",
        params={"filter[flow_id]": "1", "filter[entity_type_id]": "47,12", "per_page": "3"},
    ),
    Step(
        "demo deduped data created after 2000",
        "GET",
        "/api/v1/data-pool/3/deduped-data",
        params={"filter[created_after]": "2000-01-01T00:00:00Z", "per_page": "1"},
    ),
    Step("rate limit: first", "GET", "/api/v1/data-pool", app="limited"),
    Step("rate limit: second", "GET", "/api/v1/data-pool", app="limited"),
    Step("rate limit: third is refused", "GET", "/api/v1/data-pool", app="limited"),
    # authenticated first (Laravel's middleware priority): a 401, not counted, no rate limit headers
    Step("rate limit: an unauthenticated call is not counted", "GET", "/api/v1/data-pool", auth=None, app="limited"),
    Step("rate limit: a minute later", "GET", "/api/v1/data-pool", app="limited", advance=60),
]


def settings(**overrides: Any) -> EmulatorSettings:
    values: dict[str, Any] = {
        "api_keys": (KEY,),
        "logins": (Login(USER, PASSWORD),),
        "db": ":memory:",
        "control_key": CONTROL_KEY,
        "rate_limit": 0,
        **overrides,
    }
    return EmulatorSettings(**values)


def apps(clock: FakeClock, downloads: Path) -> dict[str, ASGIApp]:
    """The two emulators the walk goes through: one without a rate limit, one allowing 2 requests a minute."""
    return {
        name: create_app(
            API, settings(rate_limit=limit, downloads_dir=downloads), authenticator_clock=clock, rate_limit_clock=clock
        )
        for name, limit in (("main", 0), ("limited", 2))
    }


def normalised(value: Any) -> Any:
    """The value with what differs between runs replaced: timestamps and login tokens."""
    if isinstance(value, dict):
        return {key: "<token>" if key == "token" else normalised(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalised(item) for item in value]
    if isinstance(value, str) and TIMESTAMP.match(value):
        return "<timestamp>"
    return value


def answer(response: httpx.Response) -> dict[str, Any]:
    headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
    body: Any = response.text
    if response.headers.get("content-type", "").startswith("application/json") and response.content:
        body = response.json()
    return {"status": response.status_code, "headers": headers, "body": normalised(body)}


async def _walk(
    steps: list[Step],
    make_apps: Callable[[FakeClock, Path], dict[str, ASGIApp]],
    responses: list[httpx.Response] | None = None,
) -> list[dict[str, Any]]:
    """Each step's answer, normalised; `responses`, when given, gets each step's response as it came."""
    clock = FakeClock()
    recorded = []
    token = ""
    with tempfile.TemporaryDirectory() as downloads:
        clients = {
            name: httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)
            for name, app in make_apps(clock, Path(downloads)).items()
        }
        try:
            for step in steps:
                clock.advance(step.advance)
                headers = {"Accept": "application/json"}
                if step.auth is not None:
                    headers["Authorization"] = step.auth.replace(TOKEN, token)
                if step.content_type is not None:
                    headers["Content-Type"] = step.content_type
                if step.path.startswith("/__emulator__/"):
                    headers.update(CONTROL)
                response = await clients[step.app].request(
                    step.method,
                    step.path,
                    params=step.params,
                    headers=headers,
                    files=step.files,
                    content=step.content,
                    json=step.json if step.content is None and step.files is None else None,
                )
                if step.path == "/fabric/api/login" and response.status_code == 200:
                    token = response.json()["token"]
                recorded.append({"step": step.name, "request": f"{step.method} {step.path}", **answer(response)})
                if responses is not None:
                    responses.append(response)
        finally:
            for client in clients.values():
                await client.aclose()
    return recorded


def walk() -> list[dict[str, Any]]:
    """The answers of this tree's emulator to every step, normalised."""
    return asyncio.run(_walk(STEPS, apps))


def responses() -> list[httpx.Response]:
    """The responses of this tree's emulator to every step, as they came (timestamps and tokens as well)."""
    found: list[httpx.Response] = []
    asyncio.run(_walk(STEPS, apps, found))
    return found


def main() -> int:
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(json.dumps(walk(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"recorded {len(STEPS)} answers in {GOLDEN}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
