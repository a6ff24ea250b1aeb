"""The deduped records' lists stay fast on a large pool: SQLite's plan for every documented sort, alone and
with each documented filter, walks an index in the list's order (no temporary B-tree sorting the matches),
and a total is counted once per list until the next write."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from contract_tests.emulator.apis.patchworks_core import API
from contract_tests.emulator.apis.patchworks_core.deduped_data import models
from contract_tests.emulator.core.query import Condition, ListQuery
from contract_tests.emulator.core.storage import Database
from contract_tests.emulator.core.stores import TABLES

STAMP = "2026-01-01T00:00:00.000000Z"
SORTS = {"none": (), **{f"{'-' if d else ''}{a}": ((a, d),) for a in ("created_at", "id") for d in (False, True)}}
FILTERS = {
    "none": (),
    "created_after": (Condition("created_at", "after", (STAMP,)),),
    "created_before": (Condition("created_at", "before", ("2027-01-01T00:00:00Z",)),),
    "entity_type_id": (Condition("entity_type_id", "exact", ("47",)),),
    "value matching all": (Condition("value", "partial", ("example",)),),
    "value matching one": (Condition("value", "partial", ("person12@",)),),
}


@pytest.fixture
def db() -> Iterator[Database]:
    assert API.tables is not None
    database = Database(":memory:", [TABLES, API.tables])
    pool = database.insert("data_pools", {"name": "big", "created_at": STAMP, "updated_at": STAMP})
    rows = "".join(f"person{n}@example.com,47\n" for n in range(3000))
    models.import_csv(database, pool, io.StringIO("value,entity_type_id\n" + rows, newline=""))
    yield database
    database.close()


def plan(db: Database, sql: str, parameters: list[object]) -> str:
    return "\n".join(str(row["detail"]) for row in db.all(f"EXPLAIN QUERY PLAN {sql}", parameters))


# A created_at bound in the order of ids: the index on (pool, created_at) finds the matches, which it holds in
# created_at order; ids follow created_at for records the API made, but nothing makes them (issue 14).
KNOWN_SORTED = {(f, s) for f in ("created_after", "created_before") for s in ("none", "id", "-id")}


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("filtered", FILTERS)
def test_documented_lists_need_no_sort_of_their_matches(db: Database, sort: str, filtered: str) -> None:
    if filtered == "value matching one" and sort != "none":
        pytest.skip("the sort holds only the search index's few hits (a broad condition is not searched)")
    query = ListQuery(conditions=FILTERS[filtered], order=SORTS[sort], page=500, per_page=15)
    count_sql, page_sql, parameters = models.STORE.list_sql(db, query, (1,))
    page_steps = plan(db, page_sql, [*parameters, 15, 7485])
    if (filtered, sort) in KNOWN_SORTED:
        # The known gap, held as it is: when an index serves it, this fails, and KNOWN_SORTED loses it.
        assert "TEMP B-TREE" in page_steps, f"sort {sort}, filter {filtered} no longer sorts: drop it from KNOWN_SORTED"
        return
    for sql, steps in ((page_sql, page_steps), (count_sql, plan(db, count_sql, parameters))):
        assert "TEMP B-TREE" not in steps, f"sort {sort}, filter {filtered}: {sql}\n{steps}"


def test_a_page_order_has_a_unique_tie_break_in_the_direction_of_its_sort() -> None:
    store = models.STORE
    assert store.order_by(ListQuery(order=(("created_at", True),))) == '"created_at" DESC, "id" DESC'
    assert store.order_by(ListQuery(order=(("created_at", False),))) == '"created_at" ASC, "id" ASC'
    assert store.order_by(ListQuery(order=(("id", True), ("created_at", False)))) == '"id" DESC'
    assert store.order_by(ListQuery()) == '"id" ASC'


def test_records_of_one_import_keep_one_order_across_pages(db: Database) -> None:
    """Every record of the import shares one created_at: the pages of a sort by it still split the pool."""
    seen: list[int] = []
    for page in range(1, 4):
        records, total = models.STORE.page(db, ListQuery(order=(("created_at", True),), page=page, per_page=1000), (1,))
        seen += [record["id"] for record in records]
    assert total == 3000
    assert seen == sorted(seen, reverse=True) and len(set(seen)) == 3000


def test_a_total_is_counted_again_after_any_write(db: Database) -> None:
    query = ListQuery(conditions=(Condition("value", "partial", ("example",)),), page=2, per_page=10)
    assert models.STORE.page(db, query, (1,))[1] == 3000
    assert models.STORE.page(db, query, (1,))[1] == 3000  # from the cache
    models.delete_records(db, 1, [1, 2])
    assert models.STORE.page(db, query, (1,))[1] == 2998
    models.import_csv(db, 1, io.StringIO("value,entity_type_id\nmore@example.com,47\n", newline=""))
    assert models.STORE.page(db, query, (1,))[1] == 2999
