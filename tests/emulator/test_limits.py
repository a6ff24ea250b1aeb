"""The emulator holds under abuse (issue 13, holes 4 and 5): a body is capped while it streams in (chunked
too, whatever its media type), a list request's work is bounded, and a slow request never holds up another
(handlers run off the event loop, each thread on its own connection to the database file).

Served as the emulator is, by a real uvicorn in this process (contract_tests/serving.py), so that the
memory measured is the server's and the requests are concurrent for real."""

from __future__ import annotations

import select
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from contract_tests.emulator import EmulatorSettings, Login, create_app
from contract_tests.emulator.core.query import MAX_FILTER_VALUES, ListQuery
from contract_tests.emulator.core.table_store import TableStore
from contract_tests.serving import serving
from tests.emulator.conftest import CONTROL_KEY

KEY = "limits-test-key"
AUTH = {"Authorization": KEY}
POOL_RECORDS = 416_000
MB = 1024 * 1024


def memory_kb(field: str = "VmRSS") -> int:
    """This process's resident memory (kB) from /proc/self/status: no psutil needed."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} in /proc/self/status")


class PeakMemory:
    """The largest VmRSS seen while the block runs, sampled every 2 ms on a thread of its own."""

    def __init__(self) -> None:
        self.baseline = memory_kb()
        self.peak = self.baseline
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, memory_kb())
            time.sleep(0.002)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, memory_kb())

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.baseline) / 1024


def chunked_post(
    url: str, path: str, content_type: str, total: int, chunk: bytes, credential: str = f"Authorization: {KEY}"
) -> tuple[int, bytes]:
    """POST `total` bytes as chunks of `chunk` with Transfer-Encoding: chunked (no Content-Length), on a
    raw socket, stopping as soon as the server answers; the status and the answer's bytes."""
    address = urlsplit(url)
    framed = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    with socket.create_connection((address.hostname, address.port), timeout=30) as connection:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {address.netloc}\r\n{credential}\r\n"
            f"Content-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        connection.sendall(head.encode())
        sent = 0
        while sent < total:
            if select.select([connection], [], [], 0)[0]:
                break  # the server has answered: no need to send the rest
            try:
                connection.sendall(framed)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
        else:
            connection.sendall(b"0\r\n\r\n")
        answer = b""
        while b"\r\n\r\n" not in answer:
            more = connection.recv(65536)
            if not more:
                break
            answer += more
        head_part, _, body = answer.partition(b"\r\n\r\n")
        length = next(
            (
                int(line.split(b":")[1])
                for line in head_part.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            ),
            0,
        )
        while len(body) < length:
            more = connection.recv(65536)
            if not more:
                break
            body += more
    return int(head_part.split(b" ")[1]), body


@pytest.fixture(scope="module")
def patchworks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("limits") / "patchworks.db"
    settings = EmulatorSettings(api_keys=(KEY,), db=str(db), rate_limit=0, control_key=CONTROL_KEY)
    with serving(create_app("patchworks-core", settings)) as url:
        yield url


def test_a_chunked_200_mb_json_body_is_refused_with_413_holding_no_more_than_the_cap(patchworks: str) -> None:
    # Content-Length is the only thing the cap used to check: a chunked body has none, and was read whole
    # (RSS 74 -> 901 MB for 200 MB).
    chunk = b" " * (256 * 1024)
    with PeakMemory() as memory:
        status, body = chunked_post(patchworks, "/api/v1/data-pool", "application/json", 200 * MB, chunk)
    assert (status, body) == (413, b'{"message":"Content Too Large."}')
    assert memory.growth_mb < 20, f"the server grew by {memory.growth_mb:.0f} MB reading a refused body"


def test_a_chunked_multipart_body_past_the_cap_is_refused_with_413(patchworks: str) -> None:
    pool = httpx.post(f"{patchworks}/api/v1/data-pool", json={"name": "upload"}, headers=AUTH).json()["data"]["id"]
    content_type = "multipart/form-data; boundary=xyz"
    with PeakMemory() as memory:
        status, _ = chunked_post(
            patchworks, f"/api/v1/data-pool/{pool}/deduped-data/import", content_type, 60 * MB, b"a" * 65536
        )
    assert status == 413
    assert memory.growth_mb < 20


def test_a_chunked_form_body_past_the_cap_is_refused_in_easydbs_words() -> None:
    settings = EmulatorSettings(logins=(Login("admin", "password-1", ("",)),), db=":memory:", rate_limit=0)
    with serving(create_app("easydb", settings)) as url:
        token = httpx.get(f"{url}/api/v1/session").json()["token"]
        form = "application/x-www-form-urlencoded"
        status, body = chunked_post(
            url, "/api/v1/session/authenticate", form, 30 * MB, b"a" * 65536, f"x-easydb-token: {token}"
        )
    assert status == 400  # easydb answers every failure 400, and says which in its body
    assert b'"code":"error.api.invalid_content"' in body and b"larger than 10485760 bytes" in body


def test_a_body_within_the_cap_is_still_read_when_chunked(patchworks: str) -> None:
    def pieces() -> Iterator[bytes]:
        yield b'{"name": '
        yield b'"sent in pieces"}'

    created = httpx.post(
        f"{patchworks}/api/v1/data-pool", content=pieces(), headers={**AUTH, "Content-Type": "application/json"}
    )
    assert created.status_code == 201, created.text
    assert created.json()["data"]["name"] == "sent in pieces"


@pytest.fixture(scope="module")
def big_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """An emulator whose database file holds a pool of 416,000 records (written straight into SQLite:
    a second, not an import's ten)."""
    db = tmp_path_factory.mktemp("big") / "patchworks.db"
    settings = EmulatorSettings(api_keys=(KEY,), db=str(db), rate_limit=0, control_key=CONTROL_KEY)
    app = create_app("patchworks-core", settings)
    stamp = "2026-01-01T00:00:00.000000Z"
    with sqlite3.connect(db) as connection:
        pool_id = connection.execute(
            "INSERT INTO data_pools (name, created_at, updated_at) VALUES ('big', ?, ?)", (stamp, stamp)
        ).lastrowid
        connection.executemany(
            "INSERT INTO deduped_data (data_pool_id, value, entity_type_id, created_at, updated_at) "
            "VALUES (?, ?, 47, ?, ?)",
            ((pool_id, f"customer{number}@example.com", stamp, stamp) for number in range(POOL_RECORDS)),
        )
    assert pool_id is not None
    with serving(app) as url:
        yield url, pool_id


def timed_get(url: str, path: str, params: dict[str, str] | None = None) -> tuple[float, httpx.Response]:
    started = time.perf_counter()
    response = httpx.get(url + path, params=params, headers=AUTH, timeout=60)
    return time.perf_counter() - started, response


def test_990_filter_values_are_refused_in_spaties_words_at_once(big_pool: tuple[str, int]) -> None:
    # They took 38 s, and froze every other request meanwhile.
    url, pool = big_pool
    values = ",".join(f"v{number}" for number in range(990))
    seconds, answer = timed_get(url, f"/api/v1/data-pool/{pool}/deduped-data", {"filter[value]": values})
    assert seconds < 1.0
    assert answer.status_code == 400
    assert answer.json() == {
        "message": f"Requested filter `value` has 990 values. Allowed are at most {MAX_FILTER_VALUES} values a filter."
    }


def test_a_slow_list_never_holds_up_another_request(big_pool: tuple[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    """The costliest list the caps allow (a hundred partial values too short for the search index: a LIKE
    over every record for each) is answered, and meanwhile another GET, and a refused 990-value list, are
    answered at once: a list busy on its worker thread holds up neither the event loop nor the other
    workers. Slow by construction, whatever the machine: the list's count waits, inside its read snapshot on
    its worker thread, until the others are timed, then runs. (The list matches nothing: its count is the
    query; a page past the last is not asked of SQLite.)"""
    url, pool = big_pool
    # Two characters each: no trigram index serves them, every one is a LIKE over the 416,000 values.
    slow_values = [f"q{number % 10}" for number in range(MAX_FILTER_VALUES)]
    in_its_query, others_timed = threading.Event(), threading.Event()
    count_sql = TableStore.count_sql

    def slow_count_sql(store: TableStore, query: ListQuery, *args: Any) -> tuple[str, list[Any]]:
        if any(set(condition.values) == set(slow_values) for condition in query.conditions):
            in_its_query.set()
            others_timed.wait(timeout=60)
        return count_sql(store, query, *args)

    monkeypatch.setattr(TableStore, "count_sql", slow_count_sql)
    path = f"/api/v1/data-pool/{pool}/deduped-data"
    with ThreadPoolExecutor(1) as other:
        slow = other.submit(timed_get, url, path, {"filter[value]": ",".join(slow_values), "per_page": "5"})
        try:
            assert in_its_query.wait(timeout=30), "the slow list never reached its count"
            meanwhile = [timed_get(url, f"/api/v1/data-pool/{pool}") for _ in range(5)]
            refused = timed_get(url, path, {"filter[value]": ",".join(str(n) for n in range(990))})
            assert not slow.done(), "the slow list ended before the others were timed"
        finally:
            others_timed.set()
        _, slow_answer = slow.result()
    assert all(answer.status_code == 200 for _, answer in meanwhile)
    fastest_median = sorted(seconds for seconds, _ in meanwhile)[2]
    assert fastest_median < 0.1, [round(seconds, 3) for seconds, _ in meanwhile]
    assert refused[1].status_code == 400 and refused[0] < 1.0
    assert slow_answer.status_code == 200 and slow_answer.json()["meta"]["total"] == 0


def test_a_page_far_past_the_end_is_answered_empty_without_walking_the_records(big_pool: tuple[str, int]) -> None:
    url, pool = big_pool
    seconds, answer = timed_get(url, f"/api/v1/data-pool/{pool}/deduped-data", {"page": str(2**40), "per_page": "100"})
    assert answer.status_code == 200
    assert answer.json()["data"] == [] and answer.json()["meta"]["total"] == POOL_RECORDS
    assert seconds < 1.0


def test_an_include_or_sort_named_many_times_is_done_once(big_pool: tuple[str, int]) -> None:
    url, pool = big_pool
    params = {"include": ",".join(["dataPool"] * 500), "sort": ",".join(["-id", "id"] * 250), "per_page": "2"}
    seconds, answer = timed_get(url, f"/api/v1/data-pool/{pool}/deduped-data", params)
    assert answer.status_code == 200, answer.text
    records = answer.json()["data"]
    assert [record["id"] for record in records] == sorted((record["id"] for record in records), reverse=True)
    assert records[0]["data_pool"]["name"] == "big"
    assert seconds < 1.0


def test_a_database_error_while_reading_the_credentials_is_answered_not_a_500(tmp_path: Path) -> None:
    # The token's look-up reads the database on the event loop: a failure there (a busy or closed
    # database) once escaped the answer's try and reached Starlette's 500.
    settings = EmulatorSettings(api_keys=(KEY,), db=str(tmp_path / "p.db"), rate_limit=0)
    app = create_app("patchworks-core", settings)
    authenticator = app.state.emulator.authenticator

    def failing(*_: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    with serving(app) as url:
        object.__setattr__(authenticator, "caller_among", failing)
        answered = httpx.get(f"{url}/api/v1/data-pool", headers=AUTH)
    assert answered.status_code != 500
    assert 400 <= answered.status_code < 600 and answered.headers["content-type"].startswith("application/json")
