"""The emulator under concurrent requests (handlers on worker threads, a connection each): writes take
turns in the process instead of timing out in SQLite, a write that gets no turn is a 503 with Retry-After
in the dialect's words, a reset and its seed are one transaction, a page's total and its records are one
snapshot, and the one connection of a database in memory is used by one thread at a time."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from contract_tests.emulator import EmulatorSettings, Login, create_app
from contract_tests.emulator.apis.patchworks_core import API as PATCHWORKS
from contract_tests.emulator.core import storage
from contract_tests.emulator.core.answers import Kind, Problem
from contract_tests.emulator.core.query import ListQuery
from contract_tests.emulator.core.storage import Database, Tables
from contract_tests.emulator.core.stores import TABLES as DOCUMENT_TABLES
from contract_tests.emulator.core.stores import DocumentStore
from contract_tests.emulator.core.table_store import TableStore
from contract_tests.emulator.dialects.easydb import DIALECT as EASYDB
from tests.emulator.conftest import CONTROL, CONTROL_KEY

KEY = "concurrency-test-api-key"
USER, PASSWORD = "me@example.com", "concurrency-pass"
HEADERS = {"Authorization": KEY, "Accept": "application/json"}
IMPORTS, ROWS = 12, 5_000


def app_on(db: str, **seeds: Callable[[Database], None]) -> Any:
    api = dataclasses.replace(PATCHWORKS, seeds={**PATCHWORKS.seeds, **seeds})
    settings = EmulatorSettings(
        api_keys=(KEY,), logins=(Login(USER, PASSWORD),), db=db, rate_limit=0, control_key=CONTROL_KEY
    )
    return create_app(api, settings)


def client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://emulator.test", timeout=60)


async def new_pool(http: httpx.AsyncClient, name: str = "orders") -> int:
    created = await http.post("/api/v1/data-pool", json={"name": name}, headers=HEADERS)
    assert created.status_code == 201, created.text
    return int(created.json()["data"]["id"])


async def counts(http: httpx.AsyncClient) -> dict[str, int]:
    state = await http.get("/__emulator__/state", headers=CONTROL)
    assert state.status_code == 200, state.text
    found: dict[str, int] = state.json()["counts"]
    return found


def test_concurrent_imports_queue_for_their_turn_and_all_succeed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twelve imports at once into one pool: each waits for its turn in the process, however long the
    others take, instead of giving up in SQLite after busy_timeout with "database is locked" (a 400 with a
    traceback before). busy_timeout is cut to 20 ms so that giving up in SQLite would show at once."""
    monkeypatch.setattr(storage, "BUSY_TIMEOUT_MS", 20)
    app = app_on(str(tmp_path / "imports.db"))
    csv = ("value,entity_type_id\n" + "".join(f"customer-{row}@example.com,47\n" for row in range(ROWS))).encode()

    async def scenario() -> tuple[list[httpx.Response], dict[str, int], int]:
        async with client(app) as http:
            pool = await new_pool(http)
            path = f"/api/v1/data-pool/{pool}/deduped-data/import"
            files = {"deduped_data_file": ("records.csv", csv, "text/csv")}
            answers = await asyncio.gather(*(http.post(path, files=files, headers=HEADERS) for _ in range(IMPORTS)))
            listed = await http.get(f"/api/v1/data-pool/{pool}/deduped-data", params={"per_page": 1}, headers=HEADERS)
            return list(answers), await counts(http), int(listed.json()["meta"]["total"])

    answers, after, total = asyncio.run(scenario())
    assert [answer.status_code for answer in answers] == [200] * IMPORTS, [a.text[:200] for a in answers]
    assert after["deduped_data"] == total == IMPORTS * ROWS


def test_concurrent_creates_all_succeed_with_ids_given_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage, "BUSY_TIMEOUT_MS", 20)
    app = app_on(str(tmp_path / "creates.db"))

    async def scenario() -> list[int]:
        async with client(app) as http:
            return list(await asyncio.gather(*(new_pool(http, f"pool {n}") for n in range(48))))

    ids = asyncio.run(scenario())
    assert sorted(ids) == list(range(1, 49))


def test_a_write_that_gets_no_turn_in_time_is_a_503_with_retry_after_in_the_dialects_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that waits longer than WRITE_WAIT_SECONDS for the writes before it, or that another process
    keeps out of the file longer than busy_timeout: a 503 the client may retry, nothing written, never a
    400 with a traceback."""
    monkeypatch.setattr(storage, "BUSY_TIMEOUT_MS", 20)
    monkeypatch.setattr(storage, "WRITE_WAIT_SECONDS", 0.2)
    path = tmp_path / "busy.db"
    app = app_on(str(path))
    db: Database = app.state.emulator.db
    holding, release = threading.Event(), threading.Event()

    def long_write() -> None:
        with db.transaction():
            holding.set()
            release.wait(10)

    async def refused_then_taken() -> tuple[httpx.Response, httpx.Response]:
        async with client(app) as http:
            refused = await http.post("/api/v1/data-pool", json={"name": "late"}, headers=HEADERS)
            release.set()
            return refused, await http.post("/api/v1/data-pool", json={"name": "in time"}, headers=HEADERS)

    writer = threading.Thread(target=long_write)
    writer.start()
    assert holding.wait(10)
    refused, taken = asyncio.run(refused_then_taken())
    writer.join()
    assert (refused.status_code, refused.headers["Retry-After"], refused.json()) == (
        503,
        "1",
        {"message": "Service Unavailable."},
    )
    assert taken.status_code == 201

    other_process = sqlite3.connect(path, isolation_level=None)
    other_process.execute("BEGIN IMMEDIATE")
    try:
        locked = asyncio.run(_post_pool(app, "locked out"))
    finally:
        other_process.execute("ROLLBACK")
        other_process.close()
    assert (locked.status_code, locked.headers["Retry-After"]) == (503, "1"), locked.text
    names = [row[0] for row in sqlite3.connect(path).execute("SELECT name FROM data_pools ORDER BY id")]
    assert names == ["in time"], "a refused write left something behind"


async def _post_pool(app: Any, name: str) -> httpx.Response:
    async with client(app) as http:
        return await http.post("/api/v1/data-pool", json={"name": name}, headers=HEADERS)


def test_easydb_words_a_busy_database_as_its_servers_database_error() -> None:
    answer = EASYDB.problem(Problem(Kind.BUSY, 503, {"Retry-After": "1"}, retry_after=1))
    body = dict(json.loads(bytes(answer.body)))
    assert (answer.status_code, answer.headers["Retry-After"]) == (503, "1")
    assert (body["realm"], body["code"], body["description"]) == (
        "server",
        "error.server.database",
        "The database is busy: retry in 1 s",
    )
    assert body["uuid"] and answer.headers["X-Easydb-API-Version"] == "1"


def test_a_failed_seed_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    def broken(db: Database) -> None:
        with db.transaction() as connection:
            connection.execute("INSERT INTO data_pools (name, created_at, updated_at) VALUES ('half', '', '')")
        raise RuntimeError("the seed fails half way")

    app = app_on(str(tmp_path / "seed.db"), broken=broken)

    async def scenario() -> tuple[dict[str, int], httpx.Response, dict[str, int]]:
        async with client(app) as http:
            assert (await http.post("/__emulator__/reset", params={"seed": "demo"}, headers=CONTROL)).status_code == 200
            before = await counts(http)
            failed = await http.post("/__emulator__/reset", params={"seed": "broken"}, headers=CONTROL)
            return before, failed, await counts(http)

    before, failed, after = asyncio.run(scenario())
    assert failed.status_code == 400
    assert before["data_pools"] > 0 and after == before


def test_no_request_sees_a_reset_half_done(tmp_path: Path) -> None:
    """While a reset seeds, other requests see the database as it was before; after it, the new one."""
    seeding, release = threading.Event(), threading.Event()

    def slow(db: Database) -> None:
        with db.transaction() as connection:
            connection.execute("INSERT INTO data_pools (name, created_at, updated_at) VALUES ('new', '', '')")
        seeding.set()
        release.wait(10)

    app = app_on(str(tmp_path / "reset.db"), slow=slow)

    async def scenario() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
        async with client(app) as http:
            for name in ("old one", "old two", "old three"):
                await new_pool(http, name)
            before = await counts(http)
            reset = asyncio.create_task(http.post("/__emulator__/reset", params={"seed": "slow"}, headers=CONTROL))
            assert await asyncio.to_thread(seeding.wait, 10)
            during = await counts(http)
            release.set()
            assert (await reset).status_code == 200
            return before, during, await counts(http)

    before, during, after = asyncio.run(scenario())
    assert during == before and before["data_pools"] == 3
    assert after["data_pools"] == 1


def test_in_memory_a_token_is_looked_up_only_between_handlers(tmp_path: Path) -> None:
    """In memory the one connection is shared: a token checked while a reset is in the middle of its
    transaction (its seed fails and undoes it) must not see the tokens it emptied; it waits its turn and
    finds the token that is still there."""
    seeding = threading.Event()

    def failing(_: Database) -> None:
        seeding.set()
        time.sleep(0.5)
        raise RuntimeError("the seed fails")

    app = app_on(":memory:", failing=failing)

    async def scenario() -> tuple[int, int]:
        async with client(app) as http:
            login = await http.post("/fabric/api/login", json={"username": USER, "password": PASSWORD})
            assert login.status_code == 200, login.text
            bearer = {"Authorization": f"Bearer {login.json()['token']}", "Accept": "application/json"}
            reset = asyncio.create_task(http.post("/__emulator__/reset", params={"seed": "failing"}, headers=CONTROL))
            assert await asyncio.to_thread(seeding.wait, 10)
            during = await http.get("/api/v1/data-pool", headers=bearer)
            return during.status_code, (await reset).status_code

    during, reset = asyncio.run(scenario())
    assert (during, reset) == (200, 400)


THINGS = Tables(
    sql="CREATE TABLE IF NOT EXISTS things (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);",
    names=("things",),
)


class WriteAfterCount(Database):
    """A database on which another connection adds a record right after each COUNT(*): between a page's
    total and its records, as a concurrent create would."""

    def __init__(self, path: str, add: str) -> None:
        super().__init__(path, [THINGS, DOCUMENT_TABLES])
        self._add = add

    def one(self, sql: str, parameters: tuple[Any, ...] | list[Any] = ()) -> sqlite3.Row | None:
        row = super().one(sql, parameters)
        if sql.startswith("SELECT COUNT(*)"):
            writer = threading.Thread(target=self._write)
            writer.start()
            writer.join()
        return row

    def _write(self) -> None:
        with sqlite3.connect(self.path, isolation_level=None) as other:
            other.execute(self._add)


@pytest.mark.parametrize(
    ("store", "add"),
    [
        (TableStore("things", ("id", "name")), "INSERT INTO things (name) VALUES ('late')"),
        (
            DocumentStore("/things"),
            "INSERT INTO documents (collection, parents, key, document) "
            "SELECT '/things', '[]', 'late' || COUNT(*), '{}' FROM documents",
        ),
    ],
    ids=["table", "documents"],
)
def test_a_pages_total_and_its_records_are_one_snapshot(tmp_path: Path, store: Any, add: str) -> None:
    db = WriteAfterCount(str(tmp_path / "page.db"), add)
    for name in ("a", "b", "c"):
        store.create(db, {"name": name})
    records, total = store.page(db, ListQuery())
    assert (len(records), total) == (3, 3)
    records, total = store.page(db, ListQuery())
    assert (len(records), total) == (4, 4), "the record added after the last page is in the next"
    db.close()
