"""Pools on a file database, whose handlers run side by side: what another request writes just before a
save or delete's transaction, or just after it, never turns a valid call into error.api.generic, and a
delete never answers 200 for a pool it did not delete. The other request is played by a connection of its
own, writing at that moment (the emulator's transaction, wrapped), so that each race happens every run."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from contract_tests.emulator import create_app
from contract_tests.emulator.core.storage import Database
from contract_tests.serving import serving
from tests.emulator.conftest import Spec
from tests.emulator.easydb.conftest import API, STANDARD, Emulator, error, settings

Write = Callable[[sqlite3.Connection], None]


@pytest.fixture
def on_file(tmp_path: Path, spec: Spec) -> Iterator[tuple[Emulator, Path]]:
    path = tmp_path / "pools.db"
    app = create_app(API, settings(db=str(path)))
    with serving(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield Emulator(url, http, spec, app), path


def another_request(db: Database, path: Path, *, before: Write | None = None, after: Write | None = None) -> None:
    """The next write transaction of `db` (not a savepoint inside one) has another connection's write run
    just before it begins and/or just after it commits, once each."""
    original = db.transaction
    pending = {"before": before, "after": after}

    def other(which: str) -> None:
        write = pending[which]
        pending[which] = None
        if write is not None:
            connection = sqlite3.connect(path, isolation_level=None)
            try:
                connection.execute("PRAGMA foreign_keys = ON")
                write(connection)
            finally:
                connection.close()

    @contextmanager
    def transaction() -> Iterator[sqlite3.Connection]:
        outermost = not db.connection.in_transaction
        if outermost:
            other("before")
        with original() as connection:
            yield connection
        if outermost:
            other("after")

    db.transaction = transaction  # type: ignore[method-assign]


def _child_of(pool_id: int) -> Write:
    """A sub-pool's row, bare: enough to make the pool not empty (the pools' list cannot render it)."""

    def write(connection: sqlite3.Connection) -> None:
        connection.execute(
            "INSERT INTO easydb_pools (parent_id, version, rendered, acl) VALUES (?, 1, '{}', '')", (pool_id,)
        )

    return write


def _deleting(pool_id: int) -> Write:
    def write(connection: sqlite3.Connection) -> None:
        connection.execute("DELETE FROM easydb_pools WHERE id = ?", (pool_id,))

    return write


def _db(emulator: Emulator) -> Any:
    return emulator.app.state.emulator.db


def test_a_save_answers_the_pool_it_saved_though_another_request_deletes_it_at_once(
    on_file: tuple[Emulator, Path],
) -> None:
    emulator, path = on_file
    token = emulator.login()
    next_id = int(emulator.create(token, "first", parent=STANDARD)["pool"]["_id"]) + 1
    another_request(_db(emulator), path, after=_deleting(next_id))
    saved = emulator.save(token, [{"pool": {"_version": 1, "_id_parent": STANDARD, "name": {"en-US": "second"}}}])
    assert saved.status_code == 200, saved.text
    assert [(pool["pool"]["_id"], pool["pool"]["name"]) for pool in saved.json()] == [(next_id, {"en-US": "second"})]


@pytest.mark.parametrize(
    ("just_before", "code", "kept"),
    [(_child_of, "error.user.pool_not_empty", True), (_deleting, "error.user.pool_not_found", False)],
    ids=["a sub-pool saved", "the pool deleted"],
)
def test_a_delete_checks_the_pool_as_it_is_when_the_delete_takes_its_turn(
    on_file: tuple[Emulator, Path], just_before: Callable[[int], Write], code: str, kept: bool
) -> None:
    """Checked before its transaction, a sub-pool saved meanwhile failed the delete on the foreign key
    (error.api.generic), and a second delete of one pool answered 200."""
    emulator, path = on_file
    token = emulator.login()
    pool_id = int(emulator.create(token, "pool", parent=STANDARD)["pool"]["_id"])
    another_request(_db(emulator), path, before=just_before(pool_id))
    answer = emulator.call("DELETE", f"/api/v1/pool/{pool_id}", token=token)
    assert error(answer) == (400, "user", code, {"id": str(pool_id)})
    assert (_db(emulator).one("SELECT 1 FROM easydb_pools WHERE id = ?", (pool_id,)) is not None) is kept
