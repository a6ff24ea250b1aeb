"""Hostile input over HTTP (easydb): ids and cache_seconds of thousands of digits, and malformed bodies.
Each is answered as easydb would, in its errors' words (never Python's), and never with a traceback."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from tests.emulator.easydb.conftest import Emulator, error

PAST_INT_LIMIT = "9" * 4400  # more digits than int() reads (sys.get_int_max_str_digits(): 4,300)
A_YEAR = "private; max-age=31536000"


@pytest.fixture
def failures(caplog: pytest.LogCaptureFixture) -> Iterator[list[logging.LogRecord]]:
    """The errors the emulator logs meanwhile (an unexpected failure, or its headers failing on a request)."""
    with caplog.at_level(logging.ERROR, logger="api_emulator"):
        yield caplog.records


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_a_pool_id_of_thousands_of_digits_is_pool_not_found(
    emulator: Emulator, admin: str, failures: list[logging.LogRecord], method: str
) -> None:
    answer = emulator.call(method, f"/api/v1/pool/{PAST_INT_LIMIT}", token=admin)
    assert error(answer) == (400, "user", "error.user.pool_not_found", {"id": PAST_INT_LIMIT})
    assert not failures


@pytest.mark.parametrize("seconds", ["9" * 30, PAST_INT_LIMIT, "0" * 10 + "31536001"])
def test_a_cache_seconds_of_many_digits_is_over_a_year_so_a_year(
    emulator: Emulator, admin: str, failures: list[logging.LogRecord], seconds: str
) -> None:
    """api/_index, Cache handling: every GET's answer says how it may be cached; above 0, for that long
    (the dialect caps it at a year)."""
    answer = emulator.call("GET", "/api/v1/pool", token=admin, params={"cache_seconds": seconds})
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == A_YEAR and "Pragma" not in answer.headers
    assert not failures


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b'[{"pool": {"_id": ' + PAST_INT_LIMIT.encode() + b', "_version": 2}}]', "a number is too long"),
        (b"[" * 100_000 + b"]" * 100_000, "it is nested too deeply"),
        ('[{"pool": {"name": {"en-US": "caf\xe9"}}}]'.encode("latin-1"), "it is not UTF-8"),
    ],
    ids=["4,400 digits", "nested too deep", "latin-1"],
)
def test_a_malformed_body_is_invalid_content_in_fixed_words(
    emulator: Emulator, admin: str, failures: list[logging.LogRecord], body: bytes, detail: str
) -> None:
    before = emulator.table()
    answer = emulator.call(
        "POST", "/api/v1/pool", token=admin, content=body, headers={"Content-Type": "application/json"}
    )
    assert error(answer)[:3] == (400, "api", "error.api.invalid_content")
    assert answer.json()["description"] == f"The body is not valid application/json: {detail}"
    assert emulator.table() == before
    assert not failures


@pytest.mark.parametrize(
    ("form", "detail"), [(b"login=caf\xe9&password=x", "it is not UTF-8"), (b"login", 'a field has no "="')]
)
def test_a_malformed_form_is_invalid_content_in_fixed_words(emulator: Emulator, form: bytes, detail: str) -> None:
    token = emulator.session()
    answer = emulator.call(
        "POST",
        "/api/v1/session/authenticate",
        token=token,
        content=form,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert error(answer)[:3] == (400, "api", "error.api.invalid_content")
    assert answer.json()["description"] == f"The body is not valid application/x-www-form-urlencoded: {detail}"
