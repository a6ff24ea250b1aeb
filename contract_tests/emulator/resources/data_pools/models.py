"""Data pools in SQLite. Deleting one deletes its deduped records (a foreign key ON DELETE CASCADE)."""

from __future__ import annotations

import sqlite3
from typing import Any

from contract_tests.emulator.database import Database
from contract_tests.emulator.laravel import now
from contract_tests.emulator.query import ListQuery, fetch_page

TABLE = "data_pools"
COLUMNS = ("id", "name", "description", "data_pool_template_id", "created_at", "updated_at")
WRITABLE = ("name", "description")


def as_resource(row: sqlite3.Row) -> dict[str, Any]:
    return {column: row[column] for column in COLUMNS}


def find(db: Database, pool_id: int) -> dict[str, Any] | None:
    row = db.one(f"SELECT * FROM {TABLE} WHERE id = ?", (pool_id,))
    return as_resource(row) if row else None


def find_many(db: Database, pool_ids: set[int]) -> dict[int, dict[str, Any]]:
    if not pool_ids:
        return {}
    marks = ", ".join("?" for _ in pool_ids)
    return {
        row["id"]: as_resource(row) for row in db.all(f"SELECT * FROM {TABLE} WHERE id IN ({marks})", list(pool_ids))
    }


def create(db: Database, name: str, description: str | None) -> dict[str, Any]:
    values = {"name": name, "description": description, "data_pool_template_id": None}
    created = find(db, db.insert(TABLE, values, now()))
    assert created is not None
    return created


def page(db: Database, query: ListQuery) -> tuple[list[dict[str, Any]], int]:
    rows, total = fetch_page(db, TABLE, COLUMNS, query)
    return [as_resource(row) for row in rows], total
