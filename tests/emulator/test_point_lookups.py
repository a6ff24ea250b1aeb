"""Point lookups (call.PointLookup) keep their answers for one state of the database, and what tells the
states apart (Database.state_version_on_loop, turns.TurnMemo): every commit, this process's at once,
another connection's from the next event-loop turn; never a kept answer of an older state."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.responses import StreamingResponse

from contract_tests.emulator import EmulatorSettings, create_app
from contract_tests.emulator.core.answers import KeptAnswer, json_response
from contract_tests.emulator.core.storage import Database, Tables
from contract_tests.emulator.core.table_store import TableStore
from contract_tests.emulator.core.turns import TurnMemo

KEY = "point-lookup-test-key"
AUTH = {"Authorization": KEY, "Accept": "application/json"}


@pytest.fixture
def finds(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The keys TableStore.find was asked for: a read of the database for a record."""
    asked: list[Any] = []
    find = TableStore.find

    def counted(self: TableStore, db: Database, key: Any, parents: Any = ()) -> Any:
        asked.append(key)
        return find(self, db, key, parents)

    monkeypatch.setattr(TableStore, "find", counted)
    return asked


def _app(db: Path, rate_limit: int = 0, *, served: bool = False) -> Any:
    settings = EmulatorSettings(api_keys=(KEY,), db=str(db), rate_limit=rate_limit)
    return create_app("patchworks-core", settings, served=served)


async def _new_pool(http: httpx.AsyncClient, name: str) -> str:
    created = await http.post("/api/v1/data-pool", json={"name": name}, headers=AUTH)
    assert created.status_code == 201, created.text
    return f"/api/v1/data-pool/{created.json()['data']['id']}"


def _rename_outside(db_file: Path, name: str) -> None:
    """A commit by a connection of the test's own, as another process would make it."""
    outside = sqlite3.connect(db_file, isolation_level=None)
    outside.execute("UPDATE data_pools SET name = ?", (name,))
    outside.close()


def _client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://emulator.test")


def test_a_show_is_sent_again_until_a_write_changes_the_record(tmp_path: Path, finds: list[Any]) -> None:
    async def calls() -> None:
        async with _client(_app(tmp_path / "e.db")) as http:
            created = await http.post("/api/v1/data-pool", json={"name": "orders"}, headers=AUTH)
            pool = created.json()["data"]["id"]
            path = f"/api/v1/data-pool/{pool}"
            first = await http.get(path, headers=AUTH)
            finds.clear()
            again = [await http.get(path, headers=AUTH) for _ in range(3)]
            assert finds == [], "the same record of the same state is not read again"
            assert all(answer.content == first.content and answer.status_code == 200 for answer in again)
            assert [answer.headers.get_list("content-length") for answer in again] == [
                [str(len(first.content))]] * 3  # fmt: skip
            updated = await http.put(path, json={"name": "orders, renamed"}, headers=AUTH)
            assert updated.status_code == 200, updated.text
            shown = await http.get(path, headers=AUTH)
            assert shown.json()["data"]["name"] == "orders, renamed"
            assert (await http.delete(path, headers=AUTH)).status_code in (200, 204)
            finds.clear()
            gone = [await http.get(path, headers=AUTH) for _ in range(2)]
            assert [answer.status_code for answer in gone] == [404, 404]
            assert finds == [pool, pool], "a 404 is not kept: each is looked up"

    asyncio.run(calls())


def test_served_a_commit_of_another_connection_is_seen_from_the_next_turn(tmp_path: Path) -> None:
    db_file = tmp_path / "e.db"

    async def calls() -> None:
        async with _client(_app(db_file, served=True)) as http:
            path = await _new_pool(http, "orders")
            assert (await http.get(path, headers=AUTH)).json()["data"]["name"] == "orders"
            _rename_outside(db_file, "renamed outside")
            await asyncio.sleep(0)  # the turn is over, as it is for uvicorn before a request that came later
            assert (await http.get(path, headers=AUTH)).json()["data"]["name"] == "renamed outside"

    asyncio.run(calls())


def test_in_process_a_commit_of_another_connection_is_seen_at_once(tmp_path: Path) -> None:
    """An in-process client's requests may share a turn (ASGITransport runs the app in the caller's task):
    unless served, the state is asked for on every request."""
    db_file = tmp_path / "e.db"

    async def calls() -> None:
        async with _client(_app(db_file)) as http:
            path = await _new_pool(http, "orders")
            assert (await http.get(path, headers=AUTH)).json()["data"]["name"] == "orders"
            _rename_outside(db_file, "renamed outside")
            assert (await http.get(path, headers=AUTH)).json()["data"]["name"] == "renamed outside"

    asyncio.run(calls())


def test_each_record_keeps_its_own_answer(tmp_path: Path, finds: list[Any]) -> None:
    async def calls() -> None:
        async with _client(_app(tmp_path / "e.db")) as http:
            paths = [await _new_pool(http, name) for name in ("orders", "returns")]
            finds.clear()
            for _ in range(3):
                names = [(await http.get(path, headers=AUTH)).json()["data"]["name"] for path in paths]
                assert names == ["orders", "returns"]
            assert len(finds) == 2, "each record read once"
            with_query = await http.get(paths[0], params={"x": "1"}, headers=AUTH)
            assert with_query.json()["data"]["name"] == "orders" and len(finds) == 3, "another query, another key"

    asyncio.run(calls())


def test_an_answer_read_while_a_commit_came_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    find = TableStore.find
    finds: list[Any] = []

    def committing(self: TableStore, db: Database, key: Any, parents: Any = ()) -> Any:
        finds.append(key)
        with db.transaction() as connection:  # another request's write, landing during the read
            connection.execute("UPDATE data_pools SET description = 'changed'")
        return find(self, db, key, parents)

    async def calls() -> None:
        async with _client(_app(tmp_path / "e.db")) as http:
            path = await _new_pool(http, "orders")
            monkeypatch.setattr(TableStore, "find", committing)
            for _ in range(2):
                assert (await http.get(path, headers=AUTH)).status_code == 200
            assert len(finds) == 2, "read twice: the first answer was not kept"

    asyncio.run(calls())


def test_a_kept_answer_gets_the_headers_of_its_own_request(tmp_path: Path) -> None:
    async def calls() -> list[list[str]]:
        async with _client(_app(tmp_path / "e.db", rate_limit=100)) as http:
            created = await http.post("/api/v1/data-pool", json={"name": "orders"}, headers=AUTH)
            path = f"/api/v1/data-pool/{created.json()['data']['id']}"
            answers = [await http.get(path, headers=AUTH) for _ in range(3)]
            return [answer.headers.get_list("x-ratelimit-remaining") for answer in answers]

    assert asyncio.run(calls()) == [["98"], ["97"], ["96"]]


def test_nothing_is_kept_in_memory(finds: list[Any]) -> None:
    async def calls() -> None:
        async with _client(_app(Path(":memory:"))) as http:
            created = await http.post("/api/v1/data-pool", json={"name": "orders"}, headers=AUTH)
            path = f"/api/v1/data-pool/{created.json()['data']['id']}"
            finds.clear()
            for _ in range(2):
                assert (await http.get(path, headers=AUTH)).status_code == 200
            assert len(finds) == 2, "in memory a worker may hold the one connection: every show reads"

    asyncio.run(calls())


def test_the_state_on_the_loop_counts_this_processs_commits_at_once(tmp_path: Path) -> None:
    tables = [Tables("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY)", ("t",))]
    db = Database(str(tmp_path / "s.db"), tables, served=True)

    async def within_one_turn() -> None:
        before = db.state_version_on_loop()
        assert db.state_version_on_loop() == before
        with db.transaction() as connection:
            connection.execute("INSERT INTO t DEFAULT VALUES")
        assert db.state_version_on_loop() != before, "a commit of this Database is seen in the same turn"
        outside = sqlite3.connect(db.path, isolation_level=None)
        outside.execute("INSERT INTO t DEFAULT VALUES")
        outside.close()
        seen = db.state_version_on_loop()
        await asyncio.sleep(0)
        assert db.state_version_on_loop() != seen, "another connection's commit, from the next turn"

    try:
        asyncio.run(within_one_turn())
        outside = db.state_version()
        assert db.state_version_on_loop() == outside, "no running loop: state_version() itself"
    finally:
        db.close()


def test_a_turn_memo_makes_its_value_once_a_turn() -> None:
    made: list[int] = []

    def make() -> int:
        made.append(len(made) + 1)
        return made[-1]

    memo = TurnMemo(make)

    async def turns() -> list[int]:
        seen = [memo.get(), memo.get()]
        await asyncio.sleep(0)
        seen += [memo.get(), memo.get()]
        return seen

    assert asyncio.run(turns()) == [1, 1, 2, 2]
    assert [memo.get(), memo.get()] == [3, 4], "outside a running loop, each time"
    assert asyncio.run(turns()) == [5, 5, 6, 6], "a new loop's turn is a new turn"


def test_a_kept_answer_sends_a_response_of_its_own_each_time() -> None:
    kept = KeptAnswer.of(json_response(200, {"a": 1}))
    assert kept is not None
    first = kept.response()
    first.headers["x-one"] = "1"
    second = kept.response()
    assert "x-one" not in second.headers and (second.status_code, second.body) == (200, b'{"a":1}')


def test_a_large_or_streamed_answer_is_not_kept() -> None:
    assert KeptAnswer.of(json_response(200, "x" * KeptAnswer.MAX_BODY)) is None
    assert KeptAnswer.of(StreamingResponse(iter([b"{}"]), media_type="application/json")) is None
