"""Where a resource's records live: a table of the API's own (TableStore, table_store.py), or JSON documents
in the core's one documents table (DocumentStore, here), which serves every resource no API package gave a
table. Both answer the same Store questions, so the generic resource handlers (resources.py) serve either.

A record is a dict of the resource's attributes. A nested resource (/things/{thing}/parts) is scoped by
its ancestors' ids, `parents`, in path order.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from jsonschema.exceptions import ValidationError as SchemaError

from contract_tests.emulator.core.query import ListQuery
from contract_tests.emulator.core.search import condition_sql
from contract_tests.emulator.core.spec import Operation, validator
from contract_tests.emulator.core.storage import Database, Tables

logger = logging.getLogger("api_emulator")

Record = dict[str, Any]
SMALLEST_KEY, LARGEST_KEY = -(2**63), 2**63 - 1  # SQLite's integers: an id beyond them cannot be stored
KEY_DIGITS = len(str(LARGEST_KEY))  # 19: no key has more significant digits

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
    # Too long for any key, told by its length before int() reads it: int() refuses a text of more than
    # sys.get_int_max_str_digits() digits (4,300) with a ValueError, and reads long ones in quadratic time.
    significant = digits.lstrip("0") or "0"
    if len(significant) > KEY_DIGITS:
        return None
    number = int(significant) * (-1 if text.startswith("-") else 1)
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

    def embed(self, db: Database, records: list[Record], includes: Sequence[str]) -> None:
        """Add the relationships `includes` names to the records (an include of one record's show)."""

    def create(self, db: Database, record: Record, parents: Sequence[Any] = ()) -> Record:
        """Store a new record, never replacing one: BadKey, KeyTaken or KeysExhausted when it cannot."""

    def update(self, db: Database, key: Any, changes: Record, parents: Sequence[Any] = ()) -> Record | None: ...

    def delete(self, db: Database, key: Any, parents: Sequence[Any] = ()) -> bool: ...


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

    def embed(self, db: Database, records: list[Record], includes: Sequence[str]) -> None:
        """Nothing: a resource served from the spec alone has no relationships (check() says so at start)."""

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
