"""Hostile input over HTTP (Patchworks, the Laravel dialect): ids and counts of thousands of digits, page
values Python's int() takes and Laravel's integer rule does not, NULs in filters, and malformed bodies. Each
is answered as Laravel would, in its words, never with Python's, and never with a traceback in the log."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from tests.emulator.patchworks_core.conftest import Emulator
from tests.emulator.patchworks_core.test_data_pools import create
from tests.emulator.patchworks_core.test_deduped_data import HEADER, import_csv, records

PAST_INT_LIMIT = "9" * 4400  # more digits than int() reads (sys.get_int_max_str_digits(): 4,300)


@pytest.fixture
def failures(caplog: pytest.LogCaptureFixture) -> Iterator[list[logging.LogRecord]]:
    """The errors the emulator logs meanwhile (an unexpected failure is one, with its traceback)."""
    with caplog.at_level(logging.ERROR, logger="api_emulator"):
        yield caplog.records


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
@pytest.mark.parametrize("collection", ["/api/v1/data-pool", "/api/v1/connection-pools"])
def test_a_path_id_of_thousands_of_digits_is_not_found(
    emulator: Emulator, failures: list[logging.LogRecord], method: str, collection: str
) -> None:
    options: dict[str, Any] = {"json": {"name": "orders"}} if method == "PUT" else {}
    answer = emulator.call(method, f"{collection}/{PAST_INT_LIMIT}", **options)
    assert (answer.status_code, answer.json()) == (404, {"message": "Not Found."})
    assert not failures


@pytest.mark.parametrize(
    "query", ["page=1_0", "per_page=%D9%A3", "page=%EF%BC%92", "page=01", f"page={PAST_INT_LIMIT}", "page=abc"]
)
def test_a_page_value_laravels_integer_rule_refuses_is_the_422_of_any_non_integer(
    emulator: Emulator, query: str
) -> None:
    field = query.split("=")[0]
    answer = emulator.call("GET", f"/api/v1/data-pool?{query}")
    words = f"The {field.replace('_', ' ')} field must be an integer."
    assert (answer.status_code, answer.json()) == (422, {"message": words, "errors": {field: [words]}})


def test_a_page_value_with_blanks_around_or_a_sign_is_the_integer_as_php_reads_it(emulator: Emulator) -> None:
    """filter_var(FILTER_VALIDATE_INT) trims PHP's whitespace and takes a sign (ext/filter/logical_filters.c)."""
    for query, page in (("page=%202%20", 2), ("page=%2B3", 3)):
        answer = emulator.call("GET", f"/api/v1/data-pool?{query}&per_page=1")
        assert answer.status_code == 200, query
        assert answer.json()["meta"]["current_page"] == page, query


def test_a_name_filter_with_a_nul_matches_only_the_records_that_hold_it(emulator: Emulator) -> None:
    """MySQL compares a NUL as any character; SQLite's LIKE would end the pattern there and match all."""
    for name in ("Customer emails", "Orders", "odd\0name"):
        create(emulator, name)
    for value in ("emails%00xyz", "Customer%00", "s%00"):
        answer = emulator.call("GET", f"/api/v1/data-pool?filter[name]={value}")
        assert (answer.status_code, answer.json()["data"]) == (200, []), value
    for value, names in (
        ("%00", ["odd\0name"]),
        ("D%00N", ["odd\0name"]),
        ("emails,%00", ["Customer emails", "odd\0name"]),
    ):
        found = emulator.call("GET", f"/api/v1/data-pool?filter[name]={value}")
        assert [pool["name"] for pool in found.json()["data"]] == names, value


def test_a_value_filter_with_a_nul_is_not_cut_at_it_by_the_search_index(emulator: Emulator) -> None:
    """The value filter of deduped data, which a trigram index serves for values of three or more
    characters: a value with a NUL is left to the plain condition (the index's LIKE would stop at it)."""
    pool = create(emulator, "customers")
    rows = "a@example.com,47\nb@example.com,47\n"
    assert import_csv(emulator, pool["id"], (HEADER + rows).encode()).status_code == 200
    assert records(emulator, pool["id"], **{"filter[value]": "example.com\0xyz"}) == []
    assert records(emulator, pool["id"], **{"filter[value]": "a@example\0"}) == []
    assert len(records(emulator, pool["id"], **{"filter[value]": "example.com"})) == 2  # the index, as before


PENDING = "/__emulator__/connection-pools/{}/pending-requests"


@pytest.mark.parametrize("pool_id", ["%C2%B2", "99999999999999999999", PAST_INT_LIMIT, "-1"])
def test_pending_requests_of_a_pool_id_no_pool_can_have_is_not_found(
    emulator: Emulator, failures: list[logging.LogRecord], pool_id: str
) -> None:
    answer = emulator.call("PUT", PENDING.format(pool_id), json={"count": 1}, check=False)
    assert answer.status_code == 404
    assert answer.json()["message"].startswith("No query results for model [App\\Models\\ConnectionPool] ")
    assert not failures


def test_a_pending_requests_count_sqlite_cannot_hold_is_refused(
    emulator: Emulator, failures: list[logging.LogRecord]
) -> None:
    pool = emulator.call("POST", "/api/v1/connection-pools", json={"name": "shop", "limit": 5, "timeout": 30})
    path = PENDING.format(pool.json()["data"]["id"])
    too_many = emulator.call("PUT", path, json={"count": 2**63}, check=False)
    words = "The count field must not be greater than 9223372036854775807."
    assert (too_many.status_code, too_many.json()) == (422, {"message": words, "errors": {"count": [words]}})
    most = emulator.call("PUT", path, json={"count": 2**63 - 1}, check=False)
    assert (most.status_code, most.json()) == (200, {"pending_requests": 2**63 - 1})
    nested = emulator.call("PUT", path, content=b"[" * 100_000, check=False)
    assert (nested.status_code, nested.json()) == (400, {"message": "The request body is not a JSON object."})
    assert not failures


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b'{"name": "abc", "description": ' + b"9" * 5000 + b"}", "a number is too long"),
        (b"[" * 100_000 + b"]" * 100_000, "it is nested too deeply"),
        ('{"name": "caf\xe9"}'.encode("latin-1"), "it is not UTF-8"),
    ],
    ids=["5,000 digits", "nested too deep", "latin-1"],
)
def test_a_malformed_body_is_400_in_fixed_words(
    emulator: Emulator, failures: list[logging.LogRecord], body: bytes, detail: str
) -> None:
    answer = emulator.call("POST", "/api/v1/data-pool", content=body, headers={"Content-Type": "application/json"})
    assert (answer.status_code, answer.json()) == (400, {"message": f"The request body is not valid JSON: {detail}"})
    assert not failures
