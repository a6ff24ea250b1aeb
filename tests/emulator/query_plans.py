"""What the query-plan tests of every API read: SQLite's EXPLAIN QUERY PLAN of a statement, one step a line."""

from __future__ import annotations

from typing import Any

from contract_tests.emulator.core.storage import Database


def plan(db: Database, sql: str, parameters: tuple[Any, ...] | list[Any] = ()) -> str:
    return "\n".join(str(row["detail"]) for row in db.all(f"EXPLAIN QUERY PLAN {sql}", parameters))
