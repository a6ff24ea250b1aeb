"""SQLite storage: the schema (created on start), one connection, and transactions.

The emulator serves from one event loop, so one connection used from that thread is enough and writes
never interleave; each write is one transaction (BEGIN IMMEDIATE ... COMMIT), so a process killed in the
middle of one leaves nothing half done (SQLite's journal rolls it back on the next open).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS data_pools (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT,
    data_pool_template_id INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS data_pools_name ON data_pools (name);
CREATE INDEX IF NOT EXISTS data_pools_created_at ON data_pools (created_at);

CREATE TABLE IF NOT EXISTS entity_types (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS flows (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS flow_runs (id INTEGER PRIMARY KEY, flow_id INTEGER NOT NULL, name TEXT);
CREATE TABLE IF NOT EXISTS flow_steps (id INTEGER PRIMARY KEY, flow_id INTEGER NOT NULL, name TEXT NOT NULL);

-- AUTOINCREMENT: an id is never reused (as in the real API's MySQL), which keeps the search index's
-- entries for deleted records harmless: a search always joins back to the live rows.
CREATE TABLE IF NOT EXISTS deduped_data (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    data_pool_id INTEGER NOT NULL REFERENCES data_pools (id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    entity_type_id INTEGER NOT NULL,
    flow_id INTEGER,
    flow_run_id INTEGER,
    step_id INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS deduped_data_pool_id ON deduped_data (data_pool_id, id);
CREATE INDEX IF NOT EXISTS deduped_data_pool_created_at ON deduped_data (data_pool_id, created_at);
CREATE INDEX IF NOT EXISTS deduped_data_pool_entity_type ON deduped_data (data_pool_id, entity_type_id);
-- Partial: imported records have no flow, so an import does not pay for these three indexes.
CREATE INDEX IF NOT EXISTS deduped_data_flow ON deduped_data (flow_id) WHERE flow_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS deduped_data_flow_run ON deduped_data (flow_run_id) WHERE flow_run_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS deduped_data_step ON deduped_data (step_id) WHERE step_id IS NOT NULL;
-- Substring search on value (spatie's partial filter is LIKE %v%, which no b-tree serves): a trigram
-- index, brought up to date lazily (deduped_data/models.py: catch_up_search) so imports stay fast. It
-- keeps its own copy of each value: an external-content index would check its candidates against rows
-- that may since have been deleted, and report itself corrupt.
CREATE VIRTUAL TABLE IF NOT EXISTS deduped_data_search USING fts5(value, tokenize = 'trigram');
CREATE TABLE IF NOT EXISTS search_watermarks (name TEXT PRIMARY KEY, indexed_up_to INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS systems (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS connection_pools (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    "limit" INTEGER NOT NULL,
    timeout INTEGER,
    pending_requests INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS connection_pools_name ON connection_pools (name);
CREATE INDEX IF NOT EXISTS connection_pools_limit ON connection_pools ("limit");
CREATE INDEX IF NOT EXISTS connection_pools_created_at ON connection_pools (created_at);
CREATE TABLE IF NOT EXISTS connectors (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    system_id INTEGER REFERENCES systems (id),
    connection_pool_id INTEGER REFERENCES connection_pools (id) ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS connectors_pool ON connectors (connection_pool_id);

CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    expires_at REAL NOT NULL
);
"""

# What `reset` empties, children first.
TABLES = (
    "deduped_data_search", "search_watermarks", "deduped_data", "data_pools", "connectors", "connection_pools",
    "systems", "flow_steps", "flow_runs", "flows", "entity_types", "tokens",
)  # fmt: skip


class Database:
    def __init__(self, path: str) -> None:
        self.path = path
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: transactions are explicit (transaction()), never implicit.
        self.connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.connection.row_factory = sqlite3.Row
        for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON", "busy_timeout = 5000"):
            self.connection.execute(f"PRAGMA {pragma}")
        self.connection.executescript(SCHEMA)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def one(self, sql: str, parameters: tuple[Any, ...] | list[Any] = ()) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.connection.execute(sql, parameters).fetchone()
        return row

    def all(self, sql: str, parameters: tuple[Any, ...] | list[Any] = ()) -> list[sqlite3.Row]:
        return self.connection.execute(sql, parameters).fetchall()

    def insert(self, table: str, values: dict[str, Any], stamp: str) -> int:
        """Add one row, created_at and updated_at set to `stamp`; its id."""
        columns = ", ".join(f'"{column}"' for column in [*values, "created_at", "updated_at"])
        marks = ", ".join("?" for _ in range(len(values) + 2))
        with self.transaction() as connection:
            cursor = connection.execute(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})", (*values.values(), stamp, stamp)
            )
        return int(cursor.lastrowid or 0)

    def update_by_id(self, table: str, row_id: int, changes: dict[str, Any], stamp: str) -> bool:
        """Set the given columns (and updated_at) of one row; whether it exists."""
        assignments = ", ".join([*(f'"{column}" = ?' for column in changes), "updated_at = ?"])
        with self.transaction() as connection:
            cursor = connection.execute(
                f"UPDATE {table} SET {assignments} WHERE id = ?", (*changes.values(), stamp, row_id)
            )
        return cursor.rowcount > 0

    def delete_by_id(self, table: str, row_id: int) -> bool:
        with self.transaction() as connection:
            return connection.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,)).rowcount > 0

    def is_empty(self) -> bool:
        return all(
            self.one(f"SELECT 1 FROM {table} LIMIT 1") is None
            for table in TABLES
            if table not in ("tokens", "search_watermarks")
        )

    def reset(self) -> None:
        with self.transaction() as connection:
            for table in TABLES:
                connection.execute(f"DELETE FROM {table}")

    def close(self) -> None:
        self.connection.close()
