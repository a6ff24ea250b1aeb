"""Connection pools in SQLite, their connectors (include=connectors.system) and waiting-request counts."""

from __future__ import annotations

import sqlite3
from typing import Any

from contract_tests.emulator.database import Database
from contract_tests.emulator.laravel import now
from contract_tests.emulator.query import ListQuery, fetch_page

TABLE = "connection_pools"
COLUMNS = ("id", "name", "limit", "timeout", "created_at", "updated_at")
WRITABLE = ("name", "limit", "timeout")


def as_resource(row: sqlite3.Row) -> dict[str, Any]:
    return {column: row[column] for column in COLUMNS}


def find(db: Database, pool_id: int) -> dict[str, Any] | None:
    row = db.one(f"SELECT * FROM {TABLE} WHERE id = ?", (pool_id,))
    return as_resource(row) if row else None


def create(db: Database, fields: dict[str, Any]) -> dict[str, Any]:
    values = {"name": fields["name"], "limit": fields["limit"], "timeout": fields.get("timeout")}
    created = find(db, db.insert(TABLE, values, now()))
    assert created is not None
    return created


def page(db: Database, query: ListQuery) -> tuple[list[dict[str, Any]], int]:
    rows, total = fetch_page(db, TABLE, COLUMNS, query)
    pools = [as_resource(row) for row in rows]
    if "connectors.system" in query.includes:
        embed_connectors(db, pools)
    return pools, total


def embed_connectors(db: Database, pools: list[dict[str, Any]]) -> None:
    ids = [pool["id"] for pool in pools]
    connectors: dict[int, list[dict[str, Any]]] = {pool_id: [] for pool_id in ids}
    if ids:
        marks = ", ".join("?" for _ in ids)
        rows = db.all(
            "SELECT c.id, c.name, c.connection_pool_id, s.id AS system_id, s.name AS system_name FROM connectors c "
            f"LEFT JOIN systems s ON s.id = c.system_id WHERE c.connection_pool_id IN ({marks}) ORDER BY c.id",
            ids,
        )
        for row in rows:
            system = {"id": row["system_id"], "name": row["system_name"]} if row["system_id"] is not None else None
            connectors[row["connection_pool_id"]].append({"id": row["id"], "name": row["name"], "system": system})
    for pool in pools:
        pool["connectors"] = connectors[pool["id"]]


def pending_requests(db: Database, pool_id: int) -> int | None:
    row = db.one(f"SELECT pending_requests FROM {TABLE} WHERE id = ?", (pool_id,))
    return int(row[0]) if row else None


def set_pending_requests(db: Database, pool_id: int, count: int) -> bool:
    with db.transaction() as connection:
        return (
            connection.execute(f"UPDATE {TABLE} SET pending_requests = ? WHERE id = ?", (count, pool_id)).rowcount > 0
        )
