"""Deduped records in SQLite: the store listing them (filters, a trigram search of values, includes), a
CSV import in one transaction, a CSV export, and deleting records by id."""

from __future__ import annotations

import csv
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TextIO

from contract_tests.emulator.apis.patchworks_core import data_pools
from contract_tests.emulator.core.search import SearchIndex
from contract_tests.emulator.core.storage import Database
from contract_tests.emulator.core.stores import Record
from contract_tests.emulator.core.table_store import Embed, TableStore
from contract_tests.emulator.dialects.laravel_responses import now

TABLE = "deduped_data"
COLLECTION = "/api/v1/data-pool/{data_pool}/deduped-data"
COLUMNS = (
    "id",
    "data_pool_id",
    "value",
    "entity_type_id",
    "flow_id",
    "flow_run_id",
    "step_id",
    "created_at",
    "updated_at",
)
IMPORT_BATCH = 10000
SEARCH = SearchIndex("deduped_data_search", TABLE, "value")
# A cell a spreadsheet would run as a formula (OWASP, CSV injection): prefixed with a quote on export.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ImportRejected(ValueError):
    """The CSV cannot be imported; the message says why, for a 422."""


def _related(key: str, foreign_key: str, table: str) -> Embed:
    """An include embedding the row of `table` that `foreign_key` names, as `key` (null when none)."""

    def embed(db: Database, records: list[Record]) -> None:
        ids = {record[foreign_key] for record in records if record[foreign_key] is not None}
        related = {}
        if ids:
            marks = ", ".join("?" for _ in ids)
            related = {
                row["id"]: dict(row) for row in db.all(f"SELECT * FROM {table} WHERE id IN ({marks})", list(ids))
            }
        for record in records:
            record[key] = related.get(record[foreign_key])

    return embed


def _data_pool(db: Database, records: list[Record]) -> None:
    pools = data_pools.STORE.find_many(db, {record["data_pool_id"] for record in records})
    for record in records:
        record["data_pool"] = pools.get(record["data_pool_id"])


STORE = TableStore(
    TABLE,
    COLUMNS,
    parent_column="data_pool_id",
    embeds={
        "flow": _related("flow", "flow_id", "flows"),
        "flowRun": _related("flow_run", "flow_run_id", "flow_runs"),
        "flowStep": _related("flow_step", "step_id", "flow_steps"),
        "entityType": _related("entity_type", "entity_type_id", "entity_types"),
        "dataPool": _data_pool,
    },
    search=(SEARCH,),
)


# A batch of checked (value, entity_type_id) pairs goes to SQLite as one JSON array that SQLite unpacks
# itself: several times faster here than binding each row through executemany. When every row of the batch
# has the same entity type (the usual file), only the values go, which spares a JSON lookup per column and
# row (a third faster). No ORDER BY key: json_each walks an array in order, a sort would cost a temporary
# B-tree, and test_import_keeps_file_order notices if records stop following the file.
_INSERT_SELECT = f"INSERT INTO {TABLE} (data_pool_id, value, entity_type_id, created_at, updated_at) SELECT ?1, "
_INSERT_PAIRS = _INSERT_SELECT + "value ->> 0, CAST(value ->> 1 AS INTEGER), ?2, ?2 FROM json_each(?3)"
_INSERT_VALUES = _INSERT_SELECT + "value, ?4, ?2, ?2 FROM json_each(?3)"


def _insert_batch(
    connection: sqlite3.Connection, pool_id: int, stamp: str, pairs: list[tuple[str, str]]
) -> Callable[[], sqlite3.Cursor]:
    """The insert of one batch, its JSON made now (on the parsing thread), to run later (on the inserting one)."""
    kinds = {kind for _, kind in pairs}
    if len(kinds) == 1:
        values = json.dumps([value for value, _ in pairs])
        parameters: tuple[object, ...] = (pool_id, stamp, values, int(kinds.pop()))
        return lambda: connection.execute(_INSERT_VALUES, parameters)
    payload = json.dumps(pairs)
    return lambda: connection.execute(_INSERT_PAIRS, (pool_id, stamp, payload))


def import_csv(db: Database, pool_id: int, text: TextIO) -> int:
    """Add every row of the CSV as a new record, all of them or none; the number added."""
    reader = csv.reader(text)
    value_at, type_at = _header(reader)
    stamp = now()
    added = 0
    first_row = 2  # the header is row 1
    # sqlite3 lets go of the GIL while SQLite inserts, so one worker thread inserts a batch while this
    # thread parses and checks the next: the two halves of an import take about as long as each other, and
    # the second core halves the time. One batch in flight at most keeps memory flat. On a bad row the
    # executor waits for the batch in flight before the transaction rolls back.
    with db.transaction() as connection, ThreadPoolExecutor(1, thread_name_prefix="import") as inserter:
        in_flight: Future[sqlite3.Cursor] | None = None
        while batch := _next_batch(reader):
            insert = _insert_batch(connection, pool_id, stamp, pairs := _pairs(batch, value_at, type_at, first_row))
            if in_flight is not None:
                in_flight.result()
            in_flight = inserter.submit(insert)
            added += len(pairs)
            first_row += len(batch)
        if in_flight is not None:
            in_flight.result()
    return added


def _pairs(batch: list[list[str]], value_at: int, type_at: int, first_row: int) -> list[tuple[str, str]]:
    """The batch's (value, entity_type_id) pairs, blank rows left out. List comprehensions keep the common
    case fast; only a batch with a bad row is walked row by row, to name the row."""
    width = max(value_at, type_at) + 1
    rows = [row for row in batch if row and row != [""]]
    if all(len(row) >= width for row in rows):
        pairs = [(row[value_at].strip(), row[type_at].strip()) for row in rows]
        if all(value and kind.isascii() and kind.isdigit() and len(kind) <= 18 for value, kind in pairs) and not any(
            "\x00" in value for value, _ in pairs
        ):
            return pairs
    for number, row in enumerate(batch, start=first_row):
        if not row or row == [""]:
            continue
        if len(row) < width:
            raise ImportRejected(f"Row {number} of the deduped data file has fewer columns than its header.")
        value, kind = row[value_at].strip(), row[type_at].strip()
        if not value:
            raise ImportRejected(f"The value on row {number} of the deduped data file is required.")
        if "\x00" in value:  # SQLite's JSON would cut it there: refused whole rather than stored cut
            raise ImportRejected(
                f"The value on row {number} of the deduped data file must not contain a NUL character."
            )
        if not (kind.isascii() and kind.isdigit()) or len(kind) > 18:
            raise ImportRejected(f"The entity_type_id on row {number} of the deduped data file must be an integer.")
    raise AssertionError("a batch failed its check but no row of it did")


def _header(reader: Iterator[list[str]]) -> tuple[int, int]:
    try:
        header = [name.strip().lstrip("\ufeff").lower() for name in next(reader)]
    except StopIteration:
        header = []
    except csv.Error as error:
        raise ImportRejected(f"The deduped data file field must be a valid CSV file ({error}).") from None
    if "value" not in header or "entity_type_id" not in header:
        raise ImportRejected("The deduped data file field must have the headers value and entity_type_id.")
    return header.index("value"), header.index("entity_type_id")


def _next_batch(reader: Iterator[list[str]]) -> list[list[str]]:
    try:
        return list(itertools.islice(reader, IMPORT_BATCH))
    except csv.Error as error:
        raise ImportRejected(f"The deduped data file field must be a valid CSV file ({error}).") from None


def export_csv(db: Database, pool_id: int, directory: Path) -> Path:
    """Write the pool's records as CSV (value,entity_type_id) into `directory`; the file written."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"deduped-data-{pool_id}-{now().replace(':', '').replace('.', '-')}.csv"
    rows = db.connection.execute(
        f"SELECT value, entity_type_id FROM {TABLE} WHERE data_pool_id = ? ORDER BY id", (pool_id,)
    )
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["value", "entity_type_id"])
        writer.writerows((_neutralised(value), entity_type) for value, entity_type in rows)
    return path


def _neutralised(cell: str) -> str:
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def delete_records(db: Database, pool_id: int, ids: list[int]) -> int:
    marks = ", ".join("?" for _ in ids)
    return db.delete(TABLE, f"data_pool_id = ? AND id IN ({marks})", [pool_id, *ids])
