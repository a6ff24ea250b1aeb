"""The pool tree stays fast however many pools there are: every statement a list, a read, a save (insert,
update, a move, which walks up the tree) or a delete runs is, in SQLite's plan, index lookups, and the list
walks the table once in id order (no statement scans the pools or their names for each pool, and none
sorts in a temporary B-tree). The statements are the ones the models really run (caught with SQLite's trace
callback), each explained with the values it was run with."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from contract_tests.emulator.apis.easydb import models
from contract_tests.emulator.core.storage import Database
from contract_tests.emulator.dialects.easydb import DIALECT, EasydbError
from tests.emulator.query_plans import plan

ADMIN = models.User("admin", "password")
POOLS = 60  # enough rows that SQLite's planner prefers an index wherever one serves


@pytest.fixture
def db() -> Iterator[Database]:
    database = Database(":memory:", [models.TABLES])
    models.ensure_system_pools(database)
    yield database
    database.close()


def new_pool(name: str, parent: str = models.STANDARD_REFERENCE, **own: Any) -> dict[str, Any]:
    return {"pool": {"_version": 1, "lookup:_id_parent": {"reference": parent}, "name": {"en-US": name}, **own}}


def statements(db: Database, work: Any) -> list[str]:
    """The statements `work()` runs on the database's connection, with their values in place."""
    ran: list[str] = []
    db.connection.set_trace_callback(ran.append)
    try:
        work()
    finally:
        db.connection.set_trace_callback(None)
    return [sql for sql in ran if sql.lstrip().upper().startswith(("SELECT", "WITH", "UPDATE", "DELETE", "INSERT"))]


# What a SCAN may read: the request's own list of ids (json_each) and the walk's queue (the recursive `up`).
NOT_A_TABLE = ("SCAN json_each", "SCAN up")


def scans(steps: str) -> list[str]:
    """The plan's steps that read a whole table or index (SCAN), or sort (TEMP B-TREE)."""
    return [
        step
        for step in (line.strip() for line in steps.splitlines())
        if (step.startswith("SCAN") and not step.startswith(NOT_A_TABLE)) or "TEMP B-TREE" in step
    ]


@pytest.fixture
def tree(db: Database) -> dict[str, int]:
    """A chain of pools (each below the one before) and a flat row of pools beside it."""
    pools = models.Pools(db, DIALECT.now)
    chain = [new_pool("level 0", reference="level-0")]
    chain += [new_pool(f"level {n}", f"level-{n - 1}", reference=f"level-{n}") for n in range(1, 20)]
    pools.save(ADMIN, chain)
    pools.save(ADMIN, [new_pool(f"flat {n}", shortname=f"flat-{n}") for n in range(POOLS)])
    ids = {row["reference"] or row["shortname"]: int(row["id"]) for row in db.all("SELECT * FROM easydb_pools")}
    db.connection.execute("ANALYZE")
    return ids


def test_reading_and_saving_pools_only_looks_up_indexes(db: Database, tree: dict[str, int]) -> None:
    pools = models.Pools(db, DIALECT.now)
    deepest, side = tree["level-19"], tree["flat-0"]
    works = {
        "one pool": lambda: pools.one(ADMIN, deepest),
        "insert below the deepest": lambda: pools.save(ADMIN, [new_pool("new", "level-19", shortname="new")]),
        # A move below another pool walks up from that pool: it may not go below itself.
        "move below the deepest": lambda: pools.save(
            ADMIN, [{"pool": {"_id": side, "_version": 2, "_id_parent": deepest, "name": {"en-US": "flat 0"}}}]
        ),
        "delete": lambda: pools.delete(ADMIN, tree["flat-1"]),
    }
    for label, work in works.items():
        ran = statements(db, work)
        assert ran, f"{label}: no statement was caught"
        for sql in ran:
            steps = plan(db, sql)
            assert not scans(steps), f"{label}: {sql}\n{steps}"
    [walk] = statements(db, lambda: models.Pools._is_below(db.connection, deepest, tree["level-0"]))
    steps = plan(db, walk)
    # Each step up is one primary-key lookup: the walk costs the depth, never the number of pools.
    assert "SEARCH p USING INTEGER PRIMARY KEY" in steps and not scans(steps), steps


def test_the_list_walks_the_pools_once_in_id_order(db: Database, tree: dict[str, int]) -> None:
    pools = models.Pools(db, DIALECT.now)
    [sql] = statements(db, lambda: pools.all(ADMIN))
    steps = plan(db, sql).splitlines()
    # One pass over the table in its own (id) order; per pool, whether it has children is one index lookup.
    assert [step for step in steps if step.lstrip().startswith("SCAN")] == ["SCAN p"], steps
    assert not any("TEMP B-TREE" in step for step in steps), steps
    assert any("SEARCH c USING COVERING INDEX easydb_pools_parent" in step for step in steps), steps


def test_a_move_below_itself_is_found_however_deep(db: Database, tree: dict[str, int]) -> None:
    """What the walk up the tree is for: a pool cannot go below a pool of its own subtree."""
    assert models.Pools._is_below(db.connection, tree["level-19"], tree["level-0"])
    assert not models.Pools._is_below(db.connection, tree["level-0"], tree["level-19"])
    with pytest.raises(EasydbError) as refused:
        models.Pools(db, DIALECT.now).save(
            ADMIN,
            [{"pool": {"_id": tree["level-0"], "_version": 2, "_id_parent": tree["level-19"], "name": {"en-US": "x"}}}],
        )
    assert refused.value.code == "error.api.invalid_value"
    assert "cannot move below itself" in str(refused.value.description)


def test_the_trace_sees_the_statements(db: Database) -> None:
    """The other tests' premise: the trace callback catches what the models run, with values in place."""
    ran = statements(db, lambda: db.one("SELECT id FROM easydb_pools WHERE reference = ?", ("system:root",)))
    assert ran == ["SELECT id FROM easydb_pools WHERE reference = 'system:root'"]
    assert isinstance(db.connection, sqlite3.Connection)
