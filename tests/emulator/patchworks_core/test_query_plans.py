"""The deduped records' lists stay fast on a large pool, whatever the query: a broad list (one whose page is
found sooner by walking the rows in order) walks an index in the list's order for every documented sort,
alone and with each documented filter (SQLite's plan has no temporary B-tree sorting the matches); a narrow
one finds its few matches through its filter's index; either way the page is the one the API's order
gives, and a list is counted once per state of the database."""

from __future__ import annotations

import functools
import io
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from contract_tests.emulator.apis.patchworks_core import API
from contract_tests.emulator.apis.patchworks_core.deduped_data import models
from contract_tests.emulator.core.query import Condition, ListQuery, Matches, walk_is_cheaper
from contract_tests.emulator.core.search import SearchIndex
from contract_tests.emulator.core.storage import Database
from contract_tests.emulator.core.stores import TABLES
from contract_tests.emulator.core.table_store import TableStore
from tests.emulator.query_plans import plan

STAMP = "2026-01-01T00:00:00.000000Z"
IMPORTED = 3000
# Every documented sort: each field in either direction, and both fields in each pair of directions.
SORTS = {
    "none": (),
    **{f"{'-' if d else ''}{a}": ((a, d),) for a in ("created_at", "id") for d in (False, True)},
    **{
        f"{'-' if d1 else ''}created_at,{'-' if d2 else ''}id": (("created_at", d1), ("id", d2))
        for d1 in (False, True)
        for d2 in (False, True)
    },
}
BROAD = {
    "none": (),
    "created_after": (Condition("created_at", "after", (STAMP,)),),
    "created_before": (Condition("created_at", "before", ("2027-01-01T00:00:00Z",)),),
    "entity_type_id": (Condition("entity_type_id", "exact", ("47",)),),
    "entity_type_id, two": (Condition("entity_type_id", "exact", ("47", "48")),),
    "value matching all": (Condition("value", "partial", ("example",)),),
    "value and created_after": (
        Condition("value", "partial", ("example",)),
        Condition("created_at", "after", (STAMP,)),
    ),
}
# Narrow lists, and the index each one's few matches are found through.
NARROW = {
    "value matching one": ((Condition("value", "partial", ("person12@",)),), "deduped_data_search"),
    "entity_type_id matching few": ((Condition("entity_type_id", "exact", ("48",)),), "deduped_data_pool_entity_type"),
    "flow_id": ((Condition("flow_id", "exact", ("5",)),), "deduped_data_flow_pool"),
    "flow_id, three": ((Condition("flow_id", "exact", ("5", "6", "7")),), "deduped_data_flow_pool"),
    "flow_run_id, two": ((Condition("flow_run_id", "exact", ("8", "9")),), "deduped_data_flow_run_pool"),
    "step_id": ((Condition("step_id", "exact", ("6",)),), "deduped_data_step_pool"),
}


def add_records(db: Database, pool: int, rows: list[tuple[str, int, int | None, str]]) -> None:
    """Records made otherwise than by an import: (value, entity_type_id, flow_id, created_at) each."""
    for value, kind, flow, created in rows:
        flows = (
            {"flow_id": flow, "flow_run_id": None, "step_id": None}
            if flow is None
            else {"flow_id": flow, "flow_run_id": 8, "step_id": 6}
        )
        db.insert("deduped_data", {"data_pool_id": pool, "value": value, "entity_type_id": kind, **flows,
                                   "created_at": created, "updated_at": created})  # fmt: skip


@pytest.fixture
def db() -> Iterator[Database]:
    assert API.tables is not None
    database = Database(":memory:", [TABLES, API.tables])
    pool = database.insert("data_pools", {"name": "big", "created_at": STAMP, "updated_at": STAMP})
    rows = "".join(f"person{n}@example.com,47\n" for n in range(IMPORTED))
    models.import_csv(database, pool, io.StringIO("value,entity_type_id\n" + rows, newline=""))
    add_records(database, pool, [(f"flowed{n}@example.com", 48, 5, "2026-06-01T00:00:00.000000Z") for n in range(5)])
    models.SEARCH.catch_up(database)
    yield database
    database.close()


def counted(db: Database, query: ListQuery, searched: dict[Condition, SearchIndex]) -> Matches:
    return models.STORE.count(db, query, (1,), searched)


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("filtered", BROAD)
def test_broad_lists_walk_an_index_in_their_order(db: Database, sort: str, filtered: str) -> None:
    query = ListQuery(conditions=BROAD[filtered], order=SORTS[sort], page=100, per_page=15)
    matches = counted(db, query, {})
    assert matches.total >= IMPORTED and walk_is_cheaper(matches, query.offset + 15)
    page_sql, parameters = models.STORE.page_sql(query, (1,), matches, {})
    count_sql, count_parameters = models.STORE.count_sql(query, (1,), {})
    for sql, steps in ((page_sql, plan(db, page_sql, parameters)), (count_sql, plan(db, count_sql, count_parameters))):
        assert "TEMP B-TREE" not in steps, f"sort {sort}, filter {filtered}: {sql}\n{steps}"


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("filtered", NARROW)
def test_narrow_lists_find_their_matches_through_their_filters_index(db: Database, sort: str, filtered: str) -> None:
    conditions, index = NARROW[filtered]
    query = ListQuery(conditions=conditions, order=SORTS[sort], page=1, per_page=15)
    searched = {c: models.SEARCH for c in conditions if models.SEARCH.serves(c)}
    matches = counted(db, query, searched)
    assert 0 < matches.total <= 5 and not walk_is_cheaper(matches, 15)
    for steps in (plan(db, *models.STORE.page_sql(query, (1,), matches, searched)),
                  plan(db, *models.STORE.count_sql(query, (1,), searched))):  # fmt: skip
        assert index in steps, steps


def expected_page(db: Database, query: ListQuery) -> list[int]:
    """The ids of a page as the API orders them, computed here from every row (the sorts asked for, then id
    in the direction of the last sort)."""
    rows = [dict(row) for row in db.all("SELECT * FROM deduped_data WHERE data_pool_id = 1")]

    def matches(row: dict[str, Any]) -> bool:
        for condition in query.conditions:
            value = row[condition.attribute]
            if condition.match == "exact" and str(value) not in condition.values:
                return False
            if condition.match == "partial" and not any(v.lower() in str(value).lower() for v in condition.values):
                return False
            if condition.match == "after" and not value > condition.values[0]:
                return False
            if condition.match == "before" and not value < condition.values[0]:
                return False
        return True

    terms = [
        *query.order,
        *([] if any(a == "id" for a, _ in query.order) else [("id", (query.order or [("", False)])[-1][1])]),
    ]

    def compare(a: dict[str, Any], b: dict[str, Any]) -> int:
        for attribute, descending in terms:
            if a[attribute] != b[attribute]:
                return (-1 if a[attribute] < b[attribute] else 1) * (-1 if descending else 1)
        return 0

    ordered = sorted(filter(matches, rows), key=functools.cmp_to_key(compare))
    assert query.per_page is not None
    return [row["id"] for row in ordered[query.offset : query.offset + query.per_page]]


@pytest.mark.parametrize("sort", SORTS)
def test_every_way_of_finding_a_page_gives_the_page_of_the_apis_order(db: Database, sort: str) -> None:
    """Records whose created_at does not follow their ids (made outside an import), of two entity types:
    a broad list's walk and a narrow list's sort both give the page the order says, on the first, a middle
    and the last pages, and past the end."""
    add_records(db, 1, [(f"late{n}@example.com", 47 + n % 2, None, f"2025-0{1 + n % 9}-01T00:00:00.000000Z")
                        for n in range(40)])  # fmt: skip
    lists = [*BROAD.values(), *(conditions for conditions, _ in NARROW.values()),
             (Condition("created_at", "before", ("2025-05-01",)),),
             (Condition("value", "partial", ("late1", "late3")),)]  # fmt: skip
    for conditions in lists:
        for page, per_page in ((1, 15), (7, 100), (31, 100), (300, 15)):
            query = ListQuery(conditions=conditions, order=SORTS[sort], page=page, per_page=per_page)
            records, _ = models.STORE.page(db, query, (1,))
            assert [record["id"] for record in records] == expected_page(db, query), (conditions, page)


def test_a_page_order_has_a_unique_tie_break_in_the_direction_of_its_sort() -> None:
    store = models.STORE
    assert store.order_terms(ListQuery(order=(("created_at", True),))) == ['"created_at" DESC', '"id" DESC']
    assert store.order_terms(ListQuery(order=(("created_at", False),))) == ['"created_at" ASC', '"id" ASC']
    assert store.order_terms(ListQuery(order=(("id", True), ("created_at", False)))) == ['"id" DESC']
    assert store.order_terms(ListQuery()) == ['"id" ASC']


def test_a_walk_is_chosen_when_a_page_is_found_sooner_so() -> None:
    everything = Matches(1_000_000, 1, 1_000_000)
    assert walk_is_cheaper(everything, 7500)
    assert walk_is_cheaper(Matches(100_000, 900_001, 1_000_000), 7500)  # the last import's records, by id
    assert not walk_is_cheaper(Matches(11, 5, 999_000), 15)  # a few records far apart: found, then sorted
    assert not walk_is_cheaper(Matches(50_000, 1, 1_000_000), 7500)  # a walk would pass 150,000 rows
    assert walk_is_cheaper(Matches(50_000, 1, 1_000_000), 15)  # but 300 for the first page
    assert walk_is_cheaper(Matches(0), 15)


def test_records_of_one_import_keep_one_order_across_pages(db: Database) -> None:
    """Every record of the import shares one created_at: the pages of a sort by it still split the pool, in
    each direction of the tie-break."""
    for order, reverse in (((("created_at", True),), True), ((("created_at", False), ("id", True)), True)):
        seen: list[int] = []
        for page in range(1, 4):
            query = ListQuery(conditions=BROAD["value matching all"], order=order, page=page, per_page=1000)
            seen += [record["id"] for record in models.STORE.page(db, query, (1,))[0]]
        assert seen == sorted(seen, reverse=reverse) and len(set(seen)) == IMPORTED


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> list[ListQuery]:
    """The lists TableStore counted (ran their count query for), in order."""
    counted_lists: list[ListQuery] = []
    count = TableStore.count

    def counting(store: TableStore, db: Database, query: ListQuery, *args: Any) -> Matches:
        counted_lists.append(query)
        return count(store, db, query, *args)

    monkeypatch.setattr(TableStore, "count", counting)
    return counted_lists


def test_a_total_is_counted_once_until_any_write(db: Database, counts: list[ListQuery]) -> None:
    query = ListQuery(conditions=(Condition("value", "partial", ("example",)),), page=2, per_page=10)
    assert models.STORE.page(db, query, (1,))[1] == IMPORTED + 5
    for page in (2, 3, 300):  # pages of one list, each direction of a sort by key: the one count
        for order in ((), (("id", True),)):
            paged = ListQuery(conditions=query.conditions, order=order, page=page, per_page=10)
            assert models.STORE.page(db, paged, (1,))[1] == IMPORTED + 5
    assert len(counts) == 1
    models.delete_records(db, 1, [1, 2])
    assert models.STORE.page(db, query, (1,))[1] == IMPORTED + 3
    models.import_csv(db, 1, io.StringIO("value,entity_type_id\nmore@example.com,47\n", newline=""))
    assert models.STORE.page(db, query, (1,))[1] == IMPORTED + 4
    assert len(counts) == 3


def test_a_write_outside_a_transaction_is_counted_too(db: Database, counts: list[ListQuery]) -> None:
    """A write on the in-memory database's connection in autocommit (no transaction(), so no commit counted
    by the Database): the next list counts again, and its id range takes in the new record (a stale one
    would leave it out of a walk in key order)."""
    query = ListQuery(conditions=BROAD["entity_type_id"], order=(("id", True),), page=1, per_page=5)
    assert models.STORE.page(db, query, (1,))[1] == IMPORTED
    db.connection.execute(
        "INSERT INTO deduped_data (data_pool_id, value, entity_type_id, created_at, updated_at) "
        "VALUES (1, 'outside@example.com', 47, ?, ?)",
        (STAMP, STAMP),
    )
    records, total = models.STORE.page(db, query, (1,))
    assert total == IMPORTED + 1 and records[0]["value"] == "outside@example.com" and len(counts) == 2
    db.connection.execute("DELETE FROM deduped_data WHERE value = 'outside@example.com'")
    assert models.STORE.page(db, query, (1,))[1] == IMPORTED and len(counts) == 3


def vm_steps(db: Database, query: ListQuery) -> tuple[list[int], int]:
    """A page's ids, and the SQLite VM instructions its query ran (in tens: a measure of the rows it
    passed, which no clock on a shared machine gives steadily). The count is made first, not measured."""
    models.STORE.page(db, query, (1,))
    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0  # go on

    db.connection.set_progress_handler(step, 10)
    try:
        records, _ = models.STORE.page(db, query, (1,))
    finally:
        db.connection.set_progress_handler(None, 0)
    return [record["id"] for record in records], steps[0]


@pytest.mark.parametrize(
    ("conditions", "created_at"),
    [
        ((Condition("entity_type_id", "exact", ("49",)),), "2027-01-01T00:00:00.000000Z"),
        ((Condition("value", "partial", ("@y.org",)),), "2027-01-01T00:00:00.000000Z"),
        ((Condition("entity_type_id", "exact", ("49",)),), "2025-01-01T00:00:00.000000Z"),
        ((Condition("value", "partial", ("@y.org",)),), "2025-01-01T00:00:00.000000Z"),
    ],
    ids=["entity_type_id, newest", "value, newest", "entity_type_id, oldest", "value, oldest"],
)
def test_a_walk_by_created_at_starts_at_the_first_match(
    db: Database, conditions: tuple[Condition, ...], created_at: str
) -> None:
    """The only matches are the newest records (the last import) or the oldest: a walk of the created_at
    index in either direction passes no more rows than a walk that starts among the matches, rather than
    every record before the first of them (the older imports, for an ascending sort of the newest)."""
    add_records(db, 1, [(f"late{n}@y.org", 49, None, created_at) for n in range(200)])
    ascending, descending = ((("created_at", False),), (("created_at", True),))
    walks = {}
    for order in (ascending, descending):
        query = ListQuery(conditions=conditions, order=order, page=2, per_page=15)
        assert walk_is_cheaper(counted(db, query, {}), query.offset + 15)
        ids, steps = vm_steps(db, query)
        assert ids == expected_page(db, query)
        walks[order[0][1]] = steps
    assert max(walks.values()) <= 2 * min(walks.values()), walks


def test_a_count_serves_every_thread_until_anyone_writes_the_file(tmp_path: Path) -> None:
    """A database file: one count serves the lists of every worker thread (each with its own connection);
    a commit by another connection, of this process or not, makes it be counted again."""
    assert API.tables is not None
    path = tmp_path / "pool.db"
    database = Database(str(path), [TABLES, API.tables])
    try:
        pool = database.insert("data_pools", {"name": "big", "created_at": STAMP, "updated_at": STAMP})
        add_records(database, pool, [(f"p{n}@example.com", 47, None, STAMP) for n in range(30)])
        query = ListQuery(conditions=(Condition("entity_type_id", "exact", ("47",)),), page=1, per_page=10)
        listed = models.STORE.count_key(query, (pool,))
        assert models.STORE.page(database, query, (pool,))[1] == 30
        known: list[Matches | None] = []
        counts = models.STORE.counts
        other = threading.Thread(target=lambda: known.append(counts.known(database, database.state_version(), listed)))
        other.start()
        other.join()
        assert known == [Matches(30, 1, 30)]
        with sqlite3.connect(path, isolation_level=None) as outside:
            outside.execute("DELETE FROM deduped_data WHERE id <= 3")
        assert models.STORE.counts.known(database, database.state_version(), listed) is None
        assert models.STORE.page(database, query, (pool,))[1] == 27
    finally:
        database.close()


def test_a_search_index_behind_the_rows_is_not_used(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """A row added after the last catch-up (another write came between it and the list's snapshot) is not in
    the index yet: the list finds it all the same."""
    monkeypatch.setattr(SearchIndex, "catch_up", lambda self, db: 0)
    add_records(db, 1, [("fresh-one@example.org", 47, None, STAMP)])
    records, total = models.STORE.page(db, ListQuery(conditions=(Condition("value", "partial", ("fresh-one",)),)), (1,))
    assert total == 1 and [record["value"] for record in records] == ["fresh-one@example.org"]


def test_a_list_inside_a_write_is_not_kept_for_after_it(db: Database) -> None:
    """A list paged inside a write's transaction sees what it has not committed: rolled back, the total is
    the one before it."""
    query = ListQuery(conditions=BROAD["entity_type_id"], page=1, per_page=10)
    with pytest.raises(RuntimeError), db.transaction():
        models.delete_records(db, 1, [1, 2, 3])
        assert models.STORE.page(db, query, (1,))[1] == IMPORTED - 3
        raise RuntimeError("rolled back")
    assert models.STORE.page(db, query, (1,))[1] == IMPORTED


def test_a_sort_on_a_column_some_matches_leave_empty_keeps_them(db: Database) -> None:
    """Most records have no flow: no range of flow_id holds every match (SQL's MIN and MAX pass over the
    empty ones), so the walk is not bounded to one, and the page of a sort by flow_id is theirs."""
    query = ListQuery(conditions=BROAD["entity_type_id, two"], order=(("flow_id", False),), page=1, per_page=15)
    matches = counted(db, query, {})
    assert (matches.total, matches.sorted_on, matches.sorted_lowest) == (IMPORTED + 5, None, None)
    records, total = models.STORE.page(db, query, (1,))
    assert total == IMPORTED + 5 and [record["id"] for record in records] == list(range(1, 16))
