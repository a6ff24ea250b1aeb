"""Hostile input to the shared pieces of the emulator, read as no Python default would: texts of thousands of
digits (int() refuses more than 4,300 with a ValueError), digits of other scripts and "1_0" (int() takes
them), NULs (SQLite's LIKE stops at one), and the causes of a malformed body (worded in fixed words, never
Python's own)."""

from __future__ import annotations

import sqlite3
import sys
from typing import Any

import pytest

from contract_tests.emulator.core.answers import Kind, Problem
from contract_tests.emulator.core.query import Condition
from contract_tests.emulator.core.request_bodies import (
    LONE_SURROGATE,
    NESTED_TOO_DEEP,
    NOT_UTF8,
    OUT_OF_RANGE,
    TOO_MANY_DIGITS,
    json_body,
)
from contract_tests.emulator.core.search import SearchIndex, condition_sql
from contract_tests.emulator.core.stores import LARGEST_KEY, SMALLEST_KEY, integer_key
from contract_tests.emulator.dialects.easydb import MAX_CACHE_SECONDS, cache_seconds
from contract_tests.emulator.dialects.spatie import php_integer

PAST_INT_LIMIT = "9" * 4400  # more digits than int() reads (sys.get_int_max_str_digits(): 4,300)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("42", 42),
        ("-7", -7),
        ("007", 7),
        (str(LARGEST_KEY), LARGEST_KEY),
        (str(SMALLEST_KEY), SMALLEST_KEY),
        (str(LARGEST_KEY + 1), None),
        (str(SMALLEST_KEY - 1), None),
        ("9" * 20, None),
        (PAST_INT_LIMIT, None),
        ("-" + PAST_INT_LIMIT, None),
        ("0" * 5000 + "12", 12),  # leading zeros do not count (a database compares the number)
        ("²", None),
        ("٣", None),
        ("", None),
        ("-", None),
    ],
    ids=lambda value: value[:24] if isinstance(value, str) else None,
)
def test_an_integer_key_of_any_length_is_read_without_a_traceback(text: str, key: int | None) -> None:
    assert integer_key(text) == key


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("120", 120),
        ("0", 0),
        ("-5", 0),
        ("soon", 0),
        ("", 0),
        ("٣", 0),
        (str(MAX_CACHE_SECONDS + 1), MAX_CACHE_SECONDS),
        ("9" * 30, MAX_CACHE_SECONDS),  # beyond SQLite's integers: still a number, over a year
        (PAST_INT_LIMIT, MAX_CACHE_SECONDS),
        ("0" * 5000, 0),
    ],
    ids=lambda value: value[:24] if isinstance(value, str) else None,
)
def test_cache_seconds_of_any_length_is_capped_at_a_year(text: str, seconds: int) -> None:
    assert cache_seconds(text) == seconds


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("3", 3),
        ("+3", 3),
        ("-3", -3),
        ("0", 0),
        ("-0", 0),
        ("  234  ", 234),  # php-src ext/filter/tests/013.phpt: filter_var("  234  ", FILTER_VALIDATE_INT) is 234
        ("\t5\n", 5),
        (str(2**63 - 1), 2**63 - 1),
        (str(2**63), None),
        ("1_0", None),
        ("٣", None),  # ARABIC-INDIC DIGIT THREE
        ("\uff12", None),  # FULLWIDTH DIGIT TWO
        ("007", None),  # a leading zero: octal, which FILTER_VALIDATE_INT refuses without ALLOW_OCTAL
        ("1.0", None),
        ("0x10", None),
        ("", None),
        (" ", None),
        ("abc", None),
        (PAST_INT_LIMIT, None),
    ],
    ids=repr,
)
def test_an_integer_query_value_is_what_laravels_integer_rule_takes(text: str, number: int | None) -> None:
    assert php_integer(text) == number


def _malformed_detail(raw: bytes) -> Any:
    with pytest.raises(Problem) as refused:
        json_body(raw)
    assert (refused.value.kind, refused.value.status) == (Kind.MALFORMED_BODY, 400)
    return refused.value.params["detail"]


@pytest.mark.parametrize(
    ("raw", "detail"),
    [
        (b'{"name": "caf\xe9"}', NOT_UTF8),
        (b"[" * 100_000 + b"]" * 100_000, NESTED_TOO_DEEP),
        (b'{"n": ' + b"9" * 5000 + b"}", TOO_MANY_DIGITS),
        (b'{"n": -' + b"9" * 5000 + b"}", TOO_MANY_DIGITS),
        (b'{"name": ', "Expecting value: line 1 column 10 (char 9)"),
        (b'{"n": NaN}', "NaN is not JSON"),
        (b'{"n": 1e400}', OUT_OF_RANGE),
        (b'{"x": [{"n": -1.5e999}]}', OUT_OF_RANGE),
        (b'{"name": "a\\ud800b"}', LONE_SURROGATE),
        (b'{"name": {"en-US": "\\uDFFF"}}', LONE_SURROGATE),
        (b'{"\\udc00": 1}', LONE_SURROGATE),
        (b'["\\ude00\\ud83d"]', LONE_SURROGATE),  # the halves of a pair, in the wrong order
        (b'{"name": "\xed\xa0\x80"}', LONE_SURROGATE),  # UTF-8's bytes for U+D800
        ('{"name": "\\ud800"}'.encode("utf-16"), LONE_SURROGATE),
        ('["a", "\\udbff"]'.encode("utf-32-le"), LONE_SURROGATE),
    ],
    ids=[
        "not UTF-8",
        "nested too deep",
        "too many digits",
        "too many digits, negative",
        "syntax",
        "NaN",
        "beyond a double",
        "beyond a double, negative, nested",
        "lone surrogate",
        "lone surrogate, upper case",
        "lone surrogate in a key",
        "a pair the wrong way round",
        "surrogate in UTF-8 bytes",
        "lone surrogate, UTF-16 body",
        "lone surrogate, UTF-32 body",
    ],
)
def test_a_malformed_json_body_is_worded_by_its_cause_never_in_pythons_words(raw: bytes, detail: str) -> None:
    assert _malformed_detail(raw) == detail


def test_a_json_body_that_is_json_is_its_value() -> None:
    assert json_body(b'{"n": 12, "big": ' + b"9" * 4000 + b"}") == {"n": 12, "big": int("9" * 4000)}


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (
            b'{"n": 1.5, "tiny": 1e-400, "max": 1.7976931348623157e308}',
            {"n": 1.5, "tiny": 0.0, "max": sys.float_info.max},
        ),
        (b'{"emoji": "\\ud83d\\ude00", "\\uD83D\\uDE00": "k"}', {"emoji": "\U0001f600", "\U0001f600": "k"}),
        ('{"text": "caf\u00e9 \\\\ud800"}'.encode(), {"text": "caf\u00e9 \\ud800"}),  # an escaped backslash, then text
        ('{"name": "Zoë"}'.encode("utf-16"), {"name": "Zoë"}),
    ],
    ids=["finite floats", "a surrogate pair, escaped", "a backslash before u-d-8", "UTF-16 without surrogates"],
)
def test_a_body_that_only_looks_like_a_refused_one_is_its_value(raw: bytes, value: Any) -> None:
    assert json_body(raw) == value


NAMES = ["Customer emails", "Orders", "a\0b marks"]


@pytest.fixture
def names() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE pools (id INTEGER PRIMARY KEY, name TEXT)")
    connection.executemany("INSERT INTO pools (name) VALUES (?)", [(name,) for name in NAMES])
    return connection


def _matching(connection: sqlite3.Connection, *values: str) -> list[str]:
    clause, parameters = condition_sql(Condition("name", "partial", values), "name", values)
    return [row[0] for row in connection.execute(f"SELECT name FROM pools WHERE {clause} ORDER BY id", parameters)]


@pytest.mark.parametrize(
    ("values", "found"),
    [
        (("\0",), ["a\0b marks"]),  # only the record that holds a NUL, as MySQL compares it
        (("emails\0xyz",), []),
        (("Customer\0",), []),
        (("A\0B",), ["a\0b marks"]),  # ignoring case, as LIKE does
        (("\0", "orders"), ["Orders", "a\0b marks"]),  # beside a value without one: each matched its way
        (("emails",), ["Customer emails"]),
        (("%",), []),  # a wildcard is a character to find, as before
    ],
    ids=repr,
)
def test_a_partial_value_with_a_nul_matches_only_what_holds_it(
    names: sqlite3.Connection, values: tuple[str, ...], found: list[str]
) -> None:
    assert _matching(names, *values) == found


def test_a_search_index_leaves_a_value_with_a_nul_to_the_plain_condition() -> None:
    index = SearchIndex("pools_name_search", "pools", "name")
    assert index.serves(Condition("name", "partial", ("emails",)))
    assert not index.serves(Condition("name", "partial", ("emails\0xyz",)))
    assert not index.serves(Condition("name", "partial", ("emails", "xyz\0")))
