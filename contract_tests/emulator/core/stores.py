"""Where a resource's records live: a table of the API's own (TableStore), or JSON documents in the core's
one documents table (DocumentStore), which serves every resource no API package gave a table. Both answer
the same Store questions, so the generic resource handlers (resources.py) serve either.

A record is a dict of the resource's attributes. A nested resource (/things/{thing}/parts) is scoped by
its ancestors' ids, `parents`, in path order.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from jsonschema.exceptions import ValidationError as SchemaError

from contract_tests.emulator.core.query import Condition, CountCache, ListQuery
from contract_tests.emulator.core.spec import Operation, SpecMismatch, validator
from contract_tests.emulator.core.storage import Database, DatabaseBusy, Tables, quoted

logger = logging.getLogger("api_emulator")

Record = dict[str, Any]
Embed = Callable[[Database, list[Record]], None]  # adds one included relationship to each record
LIKE_ESCAPE = "\\"
SMALLEST_KEY, LARGEST_KEY = -(2**63), 2**63 - 1  # SQLite's integers: an id beyond them cannot be stored
# A partial condition matching at least this share of a sample of the first records in scope is broad: a
# walk of the rows in order finds a page of its matches sooner than the search index finds all of them.
SAMPLE_ROWS, BROAD_SHARE = 1000, 0.25

TABLES = Tables(
    sql="""
-- One row per record of every resource served from the spec alone: its collection (the collection path
-- of the spec, e.g. /things or /things/{thing}/parts), the ids of its ancestors (a JSON array), its own
-- id as text, and its attributes as a JSON document. seq keeps the order records were created in.
CREATE TABLE IF NOT EXISTS documents (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    collection TEXT NOT NULL,
    parents TEXT NOT NULL,
    key TEXT NOT NULL,
    document TEXT NOT NULL,
    UNIQUE (collection, key)
);
CREATE INDEX IF NOT EXISTS documents_scope ON documents (collection, parents, seq);
-- The last id given out per collection: ids are never reused after a delete, as a database sequence.
CREATE TABLE IF NOT EXISTS document_ids (collection TEXT PRIMARY KEY, last INTEGER NOT NULL);
-- How far each search index (SearchIndex) has been brought up to date.
CREATE TABLE IF NOT EXISTS search_watermarks (name TEXT PRIMARY KEY, indexed_up_to INTEGER NOT NULL);
""",
    names=("documents", "document_ids", "search_watermarks"),
    bookkeeping=("document_ids", "search_watermarks"),
)


class BadKey(ValueError):
    """A record brought an id the collection cannot have (not of its key's type, or beyond SQLite's
    integers); `errors` say why, as the schema check of a request does."""

    def __init__(self, errors: list[SchemaError]) -> None:
        super().__init__("; ".join(error.message for error in errors))
        self.errors = errors


class KeyTaken(LookupError):
    """A record of the collection has the id a new one brought."""

    def __init__(self, key: Any) -> None:
        super().__init__(f"a record has the id {key!r}")
        self.key = key


class KeysExhausted(LookupError):
    """The collection has given out its largest id: no new record can have one."""

    def __init__(self, largest: int) -> None:
        super().__init__(f"the largest id, {largest}, has been given out")
        self.largest = largest


def integer_key(text: str) -> int | None:
    """The integer a text spells in ASCII digits (with a leading minus), if SQLite can store it."""
    digits = text.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()):
        return None
    number = int(text)
    return number if SMALLEST_KEY <= number <= LARGEST_KEY else None


class Store(Protocol):
    """The storage questions the generic resource handlers ask."""

    @property
    def key(self) -> str:
        """The attribute holding a record's id."""

    def check(self, operation: Operation) -> None:
        """At start: can this store serve the list operation's filters, sorts and includes? SpecMismatch if not."""

    def find(self, db: Database, key: Any, parents: Sequence[Any] = ()) -> Record | None: ...

    def page(self, db: Database, query: ListQuery, parents: Sequence[Any] = ()) -> tuple[list[Record], int]: ...

    def create(self, db: Database, record: Record, parents: Sequence[Any] = ()) -> Record:
        """Store a new record, never replacing one: BadKey, KeyTaken or KeysExhausted when it cannot."""

    def update(self, db: Database, key: Any, changes: Record, parents: Sequence[Any] = ()) -> Record | None: ...

    def delete(self, db: Database, key: Any, parents: Sequence[Any] = ()) -> bool: ...


def escaped_like(text: str) -> str:
    return text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", f"{LIKE_ESCAPE}%").replace("_", f"{LIKE_ESCAPE}_")


def condition_sql(condition: Condition, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """One condition on an SQL expression (a column, or an attribute of a JSON document)."""
    if condition.match in ("before", "after"):
        return f"{column} {'<' if condition.match == 'before' else '>'} ?", [values[0]]
    if condition.match == "partial":
        if not values:
            return "0", []  # "contains any of no values": nothing
        clause = " OR ".join(f"{column} LIKE ? ESCAPE '{LIKE_ESCAPE}'" for _ in values)
        return f"({clause})", [f"%{escaped_like(str(value))}%" for value in values]
    return f"{column} IN ({', '.join('?' for _ in values)})", list(values)


def counted(cache: CountCache, db: Database, sql: str, parameters: list[Any]) -> int:
    """A COUNT query's answer, from the cache when this connection has counted it since the last write. The
    version is the connection's: SQLite's data_version changes with every commit of another connection,
    total_changes with every change of its own (a rollback too: a needless count, never a stale one)."""
    connection = db.connection

    def count() -> int:
        row = db.one(sql, parameters)
        return int(row[0]) if row else 0

    data_version = connection.execute("PRAGMA data_version").fetchone()[0]
    version = (data_version, connection.total_changes)
    return cache.total(connection, version, (sql, *parameters), count)


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
        characters (a trigram) and no LIKE wildcard to escape (the index takes no ESCAPE clause)."""
        return (
            condition.match == "partial"
            and condition.attribute == self.column
            and bool(condition.values)
            and not any(len(v) < 3 or set(v) & {"%", "_", LIKE_ESCAPE} for v in condition.values)
        )

    def clause(self, condition: Condition, key: str) -> tuple[str, list[Any]]:
        matches = " UNION ".join(
            f"SELECT rowid FROM {self.name} WHERE {quoted(self.column)} LIKE ?" for _ in condition.values
        )
        return f"{quoted(key)} IN ({matches})", [f"%{value}%" for value in condition.values]

    def catch_up(self, db: Database) -> int:
        """Index the values of the rows added since the last catch-up; how many. (A write: it takes its
        turn with the others, Database.transaction, unless a read finds nothing to index.)"""
        if self._indexed_up_to(db) >= self._latest(db):
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


@dataclass(frozen=True)
class TableStore:
    """A resource kept in a table of the API package's own: each record is the row's `columns`."""

    table: str
    columns: tuple[str, ...]
    key: str = "id"
    parent_column: str | None = None  # for a nested resource: the column holding its parent's id
    embeds: Mapping[str, Embed] = field(default_factory=dict)  # include name -> how to embed it
    search: tuple[SearchIndex, ...] = ()
    counts: CountCache = field(default_factory=lambda: CountCache(), compare=False)

    def check(self, operation: Operation) -> None:
        named = [f.attribute for f in operation.filters.values()] + list(operation.sorts or ())
        unknown = sorted(set(named) - set(self.columns))
        if unknown:
            raise SpecMismatch(
                f"{operation.operation_id}: the spec filters or sorts on {unknown}, which are not columns"
            )
        missing = sorted(set(operation.includes or ()) - set(self.embeds))
        if missing:
            raise SpecMismatch(
                f"{operation.operation_id}: the spec allows include={missing}, which {self.table} cannot embed"
            )

    def _scope(self, parents: Sequence[Any], *, searched: bool = False) -> tuple[list[str], list[Any]]:
        if self.parent_column is None or not parents:
            return [], []
        # The unary + keeps SQLite off the parent's index when a search index finds the rows: it then
        # starts from the few search hits instead of walking every row of the parent (2.8 ms instead of
        # 243 ms a page in a 1,000,000-row parent).
        return [f"{'+' if searched else ''}{quoted(self.parent_column)} = ?"], [parents[-1]]

    def _record(self, row: sqlite3.Row) -> Record:
        return {column: row[column] for column in self.columns}

    def find(self, db: Database, key: Any, parents: Sequence[Any] = ()) -> Record | None:
        scope, bound = self._scope(parents)
        where = " AND ".join([f"{quoted(self.key)} = ?", *scope])
        row = db.one(f"SELECT {self._selected} FROM {quoted(self.table)} WHERE {where}", (key, *bound))
        return self._record(row) if row else None

    def find_many(self, db: Database, keys: set[Any]) -> dict[Any, Record]:
        """The records with these ids (for embedding them in another resource's records)."""
        if not keys:
            return {}
        marks = ", ".join("?" for _ in keys)
        rows = db.all(
            f"SELECT {self._selected} FROM {quoted(self.table)} WHERE {quoted(self.key)} IN ({marks})", list(keys)
        )
        return {row[self.key]: self._record(row) for row in rows}

    @property
    def _selected(self) -> str:
        return ", ".join(quoted(column) for column in self.columns)

    def page(self, db: Database, query: ListQuery, parents: Sequence[Any] = ()) -> tuple[list[Record], int]:
        # Before the snapshot: the search index may catch up first, a write, which a read snapshot cannot hold.
        count_sql, page_sql, parameters = self.list_sql(db, query, parents)
        with db.snapshot():  # the total of the records the page is of, and what they embed, as they were then
            total = counted(self.counts, db, count_sql, parameters)
            # A page past the last is empty: not asked of SQLite, which would step over every row to find that.
            rows = (
                db.all(page_sql, [*parameters, -1 if query.per_page is None else query.per_page, query.offset])
                if query.offset < total
                else []
            )
            records = [self._record(row) for row in rows]
            for include in query.includes:
                self.embeds[include](db, records)
        return records, total

    def list_sql(self, db: Database, query: ListQuery, parents: Sequence[Any] = ()) -> tuple[str, str, list[Any]]:
        """The SQL of a list: the count of its matches, its page (LIMIT ? OFFSET ? last), their parameters."""
        where, parameters = self._where(db, query, parents)
        table = quoted(self.table)
        page = f"SELECT {self._selected} FROM {table} {where} ORDER BY {self.order_by(query)} LIMIT ? OFFSET ?"
        return f"SELECT COUNT(*) FROM {table} {where}", page, parameters

    def order_by(self, query: ListQuery) -> str:
        """The ORDER BY of a list: the sorts asked for, then the key as the tie-break (unique, so every page
        follows one order), in the direction of the last sort: an index on (parent, sort attribute) ends in
        the key (SQLite's rowid), so it serves either direction without a sort of the matches (a temporary
        B-tree, over a whole import's records, which share one created_at). Sorts after the key change
        nothing (it is unique) and are left out."""
        terms: list[str] = []
        descending = False
        for attribute, descending in query.order:
            terms.append(f"{quoted(attribute)} {'DESC' if descending else 'ASC'}")
            if attribute == self.key:
                return ", ".join(terms)
        return ", ".join([*terms, f"{quoted(self.key)} {'DESC' if descending else 'ASC'}"])

    def _where(self, db: Database, query: ListQuery, parents: Sequence[Any]) -> tuple[str, list[Any]]:
        """The WHERE clause of a list (with its parameters): its scope and conditions, each partial one the
        search index serves taken from the index unless it matches most records (broad(): a walk of the
        rows in order then finds a page sooner than the index finds every match)."""
        scope, scope_bound = self._scope(parents)
        clauses: list[str] = []
        bound: list[Any] = []
        searched = []
        for condition in query.conditions:
            clause, values = condition_sql(condition, quoted(condition.attribute), condition.values)
            index = next((index for index in self.search if index.serves(condition)), None)
            if index is not None and not self._broad(db, scope, scope_bound, clause, values):
                searched.append(index)
                clause, values = index.clause(condition, self.key)
            clauses.append(clause)
            bound.extend(values)
        for index in searched:
            index.catch_up(db)
        if searched:
            scope, scope_bound = self._scope(parents, searched=True)
        where_clauses = [*scope, *clauses]
        return (f"WHERE {' AND '.join(where_clauses)}" if where_clauses else ""), [*scope_bound, *bound]

    def _broad(self, db: Database, scope: list[str], scope_bound: list[Any], clause: str, values: list[Any]) -> bool:
        """Whether a condition matches at least BROAD_SHARE of the first SAMPLE_ROWS records in scope (a
        guess from a sample, which costs about a millisecond; a wrong guess costs time, never a record)."""
        where = f"WHERE {' AND '.join(scope)}" if scope else ""
        row = db.one(
            f"SELECT COUNT(*) FROM (SELECT * FROM {quoted(self.table)} {where} ORDER BY {quoted(self.key)} "
            f"LIMIT {SAMPLE_ROWS}) WHERE {clause}",
            [*scope_bound, *values],
        )
        return row is not None and int(row[0]) >= SAMPLE_ROWS * BROAD_SHARE

    def create(self, db: Database, record: Record, parents: Sequence[Any] = ()) -> Record:
        values = {column: record[column] for column in self.columns if column in record and column != self.key}
        if self.parent_column is not None and parents:
            values[self.parent_column] = parents[-1]
        created = self.find(db, db.insert(self.table, values))
        assert created is not None, f"{self.table}: the row just inserted is not there"
        return created

    def update(self, db: Database, key: Any, changes: Record, parents: Sequence[Any] = ()) -> Record | None:
        writable = {column: value for column, value in changes.items() if column in self.columns and column != self.key}
        scope, bound = self._scope(parents)
        where = " AND ".join([f"{quoted(self.key)} = ?", *scope])
        if not db.update(self.table, writable, where, [key, *bound]):
            return None
        return self.find(db, key, parents)

    def delete(self, db: Database, key: Any, parents: Sequence[Any] = ()) -> bool:
        scope, bound = self._scope(parents)
        return db.delete(self.table, " AND ".join([f"{quoted(self.key)} = ?", *scope]), [key, *bound]) > 0


@dataclass(frozen=True)
class DocumentStore:
    """A resource kept as JSON documents in the core's documents table, one collection per resource.
    `types` gives each attribute's JSON Schema type, so that a condition compares like with like (a
    query string's "3" with a stored 3)."""

    collection: str
    key: str = "id"
    key_type: str = "integer"  # integer ids count up per collection; string ids are the count as text
    types: Mapping[str, str] = field(default_factory=dict)

    def check(self, operation: Operation) -> None:
        named = {f.attribute for f in operation.filters.values()} | set(operation.sorts or ())
        unknown = sorted(named - set(self.types) - {self.key})
        if unknown and self.types:
            logger.warning(
                "%s: the spec filters or sorts on %s, which its resource schema does not list; "
                "records without them never match",
                operation.operation_id,
                unknown,
            )
        if operation.includes:
            logger.warning(
                "%s: include=%s is accepted but embeds nothing (a resource served from the spec alone "
                "has no relationships)",
                operation.operation_id,
                list(operation.includes),
            )

    def _column(self, attribute: str) -> str:
        path = '$."' + attribute.replace('"', '\\"') + '"'
        return "json_extract(document, '" + path.replace("'", "''") + "')"

    def _typed(self, attribute: str, values: Sequence[str]) -> list[Any]:
        kind = self.key_type if attribute == self.key else self.types.get(attribute)
        typed: list[Any] = []
        for value in values:
            number = integer_key(value) if kind == "integer" else None
            if number is not None:
                typed.append(number)
            elif kind == "number":
                try:
                    typed.append(float(value))
                except ValueError:
                    typed.append(value)
            elif kind == "boolean" and value.lower() in ("true", "false", "1", "0"):
                typed.append(1 if value.lower() in ("true", "1") else 0)
            else:
                typed.append(value)
        return typed

    @staticmethod
    def _parents(parents: Sequence[Any]) -> str:
        return json.dumps(list(parents), separators=(",", ":"))

    def find(self, db: Database, key: Any, parents: Sequence[Any] = ()) -> Record | None:
        row = db.one(
            "SELECT document FROM documents WHERE collection = ? AND key = ? AND parents = ?",
            (self.collection, str(key), self._parents(parents)),
        )
        return json.loads(row[0]) if row else None

    def page(self, db: Database, query: ListQuery, parents: Sequence[Any] = ()) -> tuple[list[Record], int]:
        clauses = ["collection = ?", "parents = ?"]
        bound: list[Any] = [self.collection, self._parents(parents)]
        for condition in query.conditions:
            values = (
                condition.values
                if condition.match in ("before", "after", "partial")
                else (self._typed(condition.attribute, condition.values))
            )
            clause, parameters = condition_sql(condition, self._column(condition.attribute), values)
            clauses.append(clause)
            bound.extend(parameters)
        where = " AND ".join(clauses)
        order = [
            f"{self._column(attribute)} {'DESC' if descending else 'ASC'}" for attribute, descending in query.order
        ]
        with db.snapshot():  # the total of the records the page is of, as they were then
            total_row = db.one(f"SELECT COUNT(*) FROM documents WHERE {where}", bound)
            total = int(total_row[0]) if total_row else 0
            rows = (
                db.all(
                    f"SELECT document FROM documents WHERE {where} ORDER BY {', '.join([*order, 'seq ASC'])} "
                    "LIMIT ? OFFSET ?",
                    [*bound, -1 if query.per_page is None else query.per_page, query.offset],
                )
                if query.offset < total
                else []
            )
        return [json.loads(row[0]) for row in rows], total

    @property
    def key_schema(self) -> dict[str, Any]:
        """What a record's id may be: of the collection's key type, an integer one within SQLite's integers."""
        if self.key_type == "integer":
            return {"type": "integer", "minimum": SMALLEST_KEY, "maximum": LARGEST_KEY}
        return {"type": "string"}

    def create(self, db: Database, record: Record, parents: Sequence[Any] = ()) -> Record:
        """Store a new record: it keeps an id it brings (seeding, or an API whose requests name their ids),
        else gets the collection's next one. Never replaces a record: BadKey for an id not of the key's
        type, KeyTaken for one a record has, KeysExhausted when the collection has no next id left."""
        created = dict(record)
        given = created.get(self.key)
        if given is not None:
            errors = list(validator({"properties": {self.key: self.key_schema}}).iter_errors(created))
            if errors:
                raise BadKey(errors)
        with db.transaction() as connection:
            if given is None:
                created[self.key] = self._next_key(connection)
            else:
                self._count_past(connection, given)
            try:
                connection.execute(
                    "INSERT INTO documents (collection, parents, key, document) VALUES (?, ?, ?, ?)",
                    (self.collection, self._parents(parents), str(created[self.key]), json.dumps(created)),
                )
            except sqlite3.IntegrityError:  # UNIQUE (collection, key): the id is a record's already
                raise KeyTaken(created[self.key]) from None
        return created

    def _next_key(self, connection: sqlite3.Connection) -> int | str:
        row = connection.execute(
            "INSERT INTO document_ids VALUES (?, 1) ON CONFLICT (collection) DO UPDATE SET last = last + 1 "
            "WHERE last < ? RETURNING last",
            (self.collection, LARGEST_KEY),
        ).fetchone()
        if row is None:  # the last id given out was the largest there is
            raise KeysExhausted(LARGEST_KEY)
        number = int(row[0])
        return number if self.key_type == "integer" else str(number)

    def _count_past(self, connection: sqlite3.Connection, given: int | str) -> None:
        """After a record brings its own id (of the key's type): ids given out later are larger, if it is a
        number (3 or "3"), so that none of them is the id of a record already there."""
        number = integer_key(given) if isinstance(given, str) else given
        if number is not None and number > 0:
            connection.execute(
                "INSERT INTO document_ids VALUES (?, ?) ON CONFLICT (collection) DO UPDATE SET last = MAX(last, ?)",
                (self.collection, number, number),
            )

    def update(self, db: Database, key: Any, changes: Record, parents: Sequence[Any] = ()) -> Record | None:
        with db.transaction() as connection:
            row = connection.execute(
                "SELECT seq, document FROM documents WHERE collection = ? AND key = ? AND parents = ?",
                (self.collection, str(key), self._parents(parents)),
            ).fetchone()
            if row is None:
                return None
            updated = {**json.loads(row["document"]), **changes, self.key: json.loads(row["document"])[self.key]}
            connection.execute("UPDATE documents SET document = ? WHERE seq = ?", (json.dumps(updated), row["seq"]))
        return updated

    def delete(self, db: Database, key: Any, parents: Sequence[Any] = ()) -> bool:
        where = "collection = ? AND key = ? AND parents = ?"
        return db.delete("documents", where, [self.collection, str(key), self._parents(parents)]) > 0


def document_counts(db: Database) -> dict[str, int]:
    """How many documents each collection holds (those with any)."""
    rows = db.all("SELECT collection, COUNT(*) FROM documents GROUP BY collection ORDER BY collection")
    return {row[0]: int(row[1]) for row in rows}
