"""Partial conditions (contains, ignoring case) on a table's text column: a trigram index (SQLite FTS5) that
finds the few records a narrow value matches, which no b-tree can, and the guess of whether a value is
broad (matches so many records that walking the rows in order finds a page of them sooner)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from contract_tests.emulator.core.query import Condition
from contract_tests.emulator.core.storage import Database, DatabaseBusy, quoted

LIKE_ESCAPE = "\\"
NUL = "\0"  # in a partial value: matched by instr(), not LIKE (condition_sql)
# A partial condition matching at least this share of a sample of the first records in scope is broad: a
# walk of the rows in order finds a page of its matches sooner than the search index finds all of them.
SAMPLE_ROWS, BROAD_SHARE = 1000, 0.25


def escaped_like(text: str) -> str:
    return text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", f"{LIKE_ESCAPE}%").replace("_", f"{LIKE_ESCAPE}_")


def condition_sql(condition: Condition, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """One condition on an SQL expression (a column, or an attribute of a JSON document)."""
    if condition.match in ("before", "after"):
        return f"{column} {'<' if condition.match == 'before' else '>'} ?", [values[0]]
    if condition.match == "partial":
        if not values:
            return "0", []  # "contains any of no values": nothing
        clauses: list[str] = []
        parameters: list[Any] = []
        for value in map(str, values):
            if NUL in value:
                # SQLite's LIKE reads its pattern as a C string, which ends at a NUL: "%\0%" would be "%",
                # matching every record. instr() compares the whole text, as MySQL's LIKE does; lower() on
                # both sides is LIKE's own case folding (ASCII letters only, without the ICU extension).
                clauses.append(f"instr(lower({column}), lower(?)) > 0")
                parameters.append(value)
            else:
                clauses.append(f"{column} LIKE ? ESCAPE '{LIKE_ESCAPE}'")
                parameters.append(f"%{escaped_like(value)}%")
        return f"({' OR '.join(clauses)})", parameters
    return f"{column} IN ({', '.join('?' for _ in values)})", list(values)


def is_broad(db: Database, table: str, key: str, scope: tuple[str, list[Any]], condition: Condition) -> bool:
    """Whether a condition matches at least BROAD_SHARE of the first SAMPLE_ROWS records in scope (a guess
    from a sample, which costs about a millisecond; a wrong guess costs time, never a record)."""
    clause, values = condition_sql(condition, quoted(condition.attribute), condition.values)
    where = f"WHERE {scope[0]}" if scope[0] else ""
    row = db.one(
        f"SELECT COUNT(*) FROM (SELECT * FROM {quoted(table)} {where} ORDER BY {quoted(key)} "
        f"LIMIT {SAMPLE_ROWS}) WHERE {clause}",
        [*scope[1], *values],
    )
    return row is not None and int(row[0]) >= SAMPLE_ROWS * BROAD_SHARE


@dataclass(frozen=True)
class SearchIndex:
    """A trigram index (SQLite FTS5) of one text column, for partial conditions, which no b-tree serves.

    It keeps its own copy of each value: an external-content index would check its candidates against rows
    that may since have been deleted, and report itself corrupt. It is brought up to date lazily (catch_up)
    so that bulk inserts stay fast: a search catches up first, and after a bulk insert it is caught up in
    the background. Entries of deleted rows stay behind, harmless as long as the table's ids are never
    reused (AUTOINCREMENT): a search always joins back to the live rows."""

    name: str
    table: str
    column: str

    @property
    def sql(self) -> str:
        return (
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.name} USING fts5({quoted(self.column)}, tokenize = 'trigram');"
        )

    def serves(self, condition: Condition) -> bool:
        """Whether the index can answer the condition: a partial one whose every value has three or more
        characters (a trigram), no LIKE wildcard to escape (the index takes no ESCAPE clause) and no NUL (its
        LIKE pattern would end there, as SQLite's own does: condition_sql matches those)."""
        return (
            condition.match == "partial"
            and condition.attribute == self.column
            and bool(condition.values)
            and not any(len(v) < 3 or set(v) & {"%", "_", LIKE_ESCAPE, NUL} for v in condition.values)
        )

    def clause(self, condition: Condition, key: str) -> tuple[str, list[Any]]:
        matches = " UNION ".join(
            f"SELECT rowid FROM {self.name} WHERE {quoted(self.column)} LIKE ?" for _ in condition.values
        )
        return f"{quoted(key)} IN ({matches})", [f"%{value}%" for value in condition.values]

    def catch_up(self, db: Database) -> int:
        """Index the values of the rows added since the last catch-up; how many. (A write: it takes its
        turn with the others, Database.transaction, unless a read finds nothing to index.)"""
        if self.is_current(db):
            return 0
        with db.transaction() as connection:
            done, latest = self._indexed_up_to(db), self._latest(db)  # again, in the write's turn
            if latest > done:
                connection.execute(
                    f"INSERT INTO {self.name} (rowid, {quoted(self.column)}) SELECT rowid, {quoted(self.column)} "
                    f"FROM {quoted(self.table)} WHERE rowid > ? AND rowid <= ?",
                    (done, latest),
                )
                connection.execute("INSERT OR REPLACE INTO search_watermarks VALUES (?, ?)", (self.name, latest))
        return max(0, latest - done)

    def is_current(self, db: Database) -> bool:
        """Whether the index holds every row's value (in a read snapshot: every row the snapshot sees)."""
        return self._indexed_up_to(db) >= self._latest(db)

    def _indexed_up_to(self, db: Database) -> int:
        row = db.one("SELECT indexed_up_to FROM search_watermarks WHERE name = ?", (self.name,))
        return int(row[0]) if row else 0

    def _latest(self, db: Database) -> int:
        row = db.one(f"SELECT COALESCE(MAX(rowid), 0) FROM {quoted(self.table)}")
        return int(row[0]) if row else 0

    def catch_up_in_background(self, db: Database) -> None:
        """After a bulk insert: index the new values on the indexing thread (its own connection), so that
        the next search does not wait for them (a database in memory has no second connection: the next
        search catches up itself)."""
        if db.in_memory:
            return

        def work() -> None:
            # On failure (or a database closed meanwhile) the next search catches up itself.
            with contextlib.suppress(sqlite3.Error, DatabaseBusy):
                self.catch_up(db)

        _INDEXING.submit(work)


# The one thread that brings search indexes up to date after bulk inserts: one catch-up at a time (each
# is a write, in its turn), on a connection of its own per database, kept until the database closes.
_INDEXING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-index")
