"""The emulator's request log (core/request_log.py): one line per request with its method, path, status and
time, never a secret (a query parameter that carries one is masked; no header, no body), and, when served
by `api-emulator serve`, in the process's log (which a contract run keeps as the report's emulator.log)."""

from __future__ import annotations

import asyncio
import io
import logging
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import requests

from contract_tests.emulator import EmulatorSettings, Login, create_app
from contract_tests.emulator.core.request_log import (
    MASK,
    MAX_TARGET,
    URL_SAFE,
    RequestLog,
    masked_target,
    secret_query_parameters,
    sole_line_writer,
)
from contract_tests.emulator.core.spec import load_spec
from contract_tests.emulator.log_lines import LINE_FORMAT, LineFormatter, LineHandler
from contract_tests.serving import emulator_process
from generator.layout import ApiLayout

LINE = re.compile(r"^(?P<method>[A-Z]+) (?P<target>\S+) (?P<status>\d{3}) (?P<ms>\d+\.\d) ms$")
SECRET = "s3cret-Token-value"


def test_the_secret_query_parameters_are_the_profiles_the_schemes_and_the_passwords() -> None:
    layout = ApiLayout.find("easydb")
    secrets = secret_query_parameters(load_spec(layout.spec_path), layout.profile.secret_query_parameters)
    assert {"token", "password"} <= secrets  # QueryToken's parameter; the profile's (login in the query)
    assert "language" not in secrets


def test_a_secret_value_is_masked_whatever_the_spelling_of_its_name() -> None:
    secrets = frozenset({"token", "password"})
    target = masked_target(b"/api/v1/pool", f"token={SECRET}&language=de-DE&PassWord=x%20y&Token=".encode(), secrets)
    assert target == f"/api/v1/pool?token={MASK}&language=de-DE&PassWord={MASK}&Token={MASK}"
    assert masked_target(b"/api/v1/pool", b"", secrets) == "/api/v1/pool"
    assert masked_target(b"/a", b"flag&token", secrets) == "/a?flag&token"  # no value, nothing to mask


@pytest.mark.parametrize(
    "name",
    [
        "token[]",
        "token[0]",
        "token%5B%5D",
        "password[a][b]",
        "token%00",
        "to%00ken",
        "%20Token%20[]",
        "api.key",
        "api+key",
    ],
)
def test_a_secret_value_is_masked_under_the_name_a_server_reads_it_as(name: str) -> None:
    """PHP reads token[]=x and token[0]=x as the parameter token, api.key as api_key
    (main/php_variables.c); a NUL is where C code stops reading a name."""
    secrets = frozenset({"token", "password", "api_key"})
    target = masked_target(b"/api/v1/pool", f"{name}={SECRET}&tokens=mine&language=de".encode(), secrets)
    assert target == f"/api/v1/pool?{quote(name, safe=URL_SAFE)}={MASK}&tokens=mine&language=de"


def test_the_secret_names_are_kept_as_the_log_compares_them() -> None:
    layout = ApiLayout.find("patchworks-core")
    secrets = secret_query_parameters(load_spec(layout.spec_path), ["Api.Key", "Session[]"])
    assert {"api_key", "session"} <= secrets


def test_the_target_is_logged_encoded_and_cut() -> None:
    sent = "/café au lait/\n".encode()
    assert masked_target(sent, b"q=\x00&r=%41", frozenset()) == "/caf%C3%A9%20au%20lait/%0A?q=%00&r=%41"
    long = masked_target(b"/" + b"x" * 1000, b"", frozenset())
    assert len(long) == MAX_TARGET and long.endswith("…")
    # Every byte, alone in a path with nothing to mask: encoded as quote() encodes it.
    for byte in range(256):
        assert masked_target(b"/a" + bytes([byte]), b"", frozenset()) == quote(b"/a" + bytes([byte]), safe=URL_SAFE)


@pytest.fixture
def line_handler() -> tuple[LineHandler, io.TextIOWrapper]:
    """A LineHandler as `api-emulator serve` makes it, writing to a line-buffered stream."""
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", line_buffering=True)
    handler = LineHandler(stream)
    handler.setFormatter(LineFormatter(LINE_FORMAT))
    return handler, stream


def test_a_line_handed_over_is_the_line_its_record_would_make(
    line_handler: tuple[LineHandler, io.TextIOWrapper], monkeypatch: pytest.MonkeyPatch
) -> None:
    handler, stream = line_handler
    now = 1_767_225_600.0417
    monkeypatch.setattr(time, "time", lambda: now)  # the clock of the LogRecord and of the line
    message = "GET /api/v1/things?token=******** 200 0.4 ms"
    handler.write_line("api_emulator.requests", logging.INFO, message)
    handler.emit(logging.LogRecord("api_emulator.requests", logging.INFO, __file__, 1, "%s", (message,), None))
    written, recorded = stream.buffer.getvalue().decode().splitlines()  # type: ignore[attr-defined]
    assert written == recorded
    assert written == logging.Formatter(LINE_FORMAT).format(
        logging.LogRecord("x", logging.INFO, __file__, 1, "%s", (message,), None)
    )


def test_the_line_is_handed_to_its_only_handler_else_it_goes_through_logging(
    line_handler: tuple[LineHandler, io.TextIOWrapper],
) -> None:
    handler, _ = line_handler
    top = logging.getLogger("request-log-test")
    top.propagate = False  # the root logger (a test runner's handlers) is out of this hierarchy
    emulator_logger = logging.getLogger("request-log-test.emulator")
    requests_logger = logging.getLogger("request-log-test.emulator.requests")
    assert sole_line_writer(requests_logger) is None, "no handler: logging decides (its last resort)"
    emulator_logger.addHandler(handler)
    other = logging.StreamHandler(io.StringIO())
    try:
        assert sole_line_writer(requests_logger) is handler
        handler.addFilter(lambda record: True)
        assert sole_line_writer(requests_logger) is None, "a filter sees every record: it gets them as records"
        handler.filters.clear()
        handler.setLevel(logging.WARNING)
        assert sole_line_writer(requests_logger) is None, "a handler above INFO writes no request line"
        handler.setLevel(logging.NOTSET)
        requests_logger.addHandler(other)
        assert sole_line_writer(requests_logger) is None, "two handlers: both get the record"
        requests_logger.removeHandler(other)
        top.addHandler(other)
        assert sole_line_writer(requests_logger) is None, "a handler further up gets the record too"
        emulator_logger.propagate = False
        assert sole_line_writer(requests_logger) is handler, "not when the records stop on the way"
    finally:
        emulator_logger.removeHandler(handler)
        top.removeHandler(other)
        emulator_logger.propagate = top.propagate = True


def test_every_request_is_one_line_without_its_secrets(caplog: pytest.LogCaptureFixture) -> None:
    app = create_app("easydb", EmulatorSettings(logins=(Login("admin", "pw", ("",)),), db=":memory:", rate_limit=0))

    async def calls() -> tuple[str, list[int]]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://emulator.test") as client:
            opened = await client.get("/api/v1/session", params={"language": "de-DE"})
            token = opened.json()["token"]
            authenticated = await client.post(
                "/api/v1/session/authenticate", params={"token": token, "login": "admin", "password": SECRET}
            )
            listed = await client.get("/api/v1/pool", headers={"x-easydb-token": token})
            return token, [opened.status_code, authenticated.status_code, listed.status_code]

    with caplog.at_level(logging.INFO, logger="api_emulator.requests"):
        session_token, statuses = asyncio.run(calls())
    lines = [record.getMessage() for record in caplog.records if record.name == "api_emulator.requests"]
    assert len(lines) == 3, lines
    found = [LINE.match(line) for line in lines]
    matched = [m for m in found if m is not None]
    assert len(matched) == 3, lines
    assert [(m["method"], int(m["status"])) for m in matched] == list(
        zip(["GET", "POST", "GET"], statuses, strict=True)
    )
    targets = [m["target"] for m in matched]
    assert targets == [
        "/api/v1/session?language=de-DE",
        f"/api/v1/session/authenticate?token={MASK}&login=admin&password={MASK}",
        "/api/v1/pool",
    ]
    # The session token, in the query of one request and in a header of the next, is in no line.
    text = "\n".join(lines)
    assert SECRET not in text and session_token not in text


def test_the_served_emulator_writes_its_request_lines_to_its_log(tmp_path: Path) -> None:
    log = tmp_path / "emulator.log"
    with emulator_process("patchworks-core", tmp_path / "e.db", api_key="log-test-key", log=log) as (url, _):
        answer = requests.get(f"{url}/api/v1/data-pool", params={"per_page": "2"},
                              headers={"Authorization": "log-test-key"}, timeout=10)  # fmt: skip
        missing = requests.get(f"{url}/api/v1/nothing", timeout=10)
    text = log.read_text(encoding="utf-8")
    assert f"INFO GET /api/v1/data-pool?per_page=2 {answer.status_code} " in text
    assert f"INFO GET /api/v1/nothing {missing.status_code} " in text
    assert "log-test-key" not in text  # neither the banner nor a line shows the key


class _CountedWrites(io.StringIO):
    """A stream that counts its writes."""

    writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


def test_the_lines_of_one_event_loop_turn_are_written_whole_in_order_in_one_write() -> None:
    stream = _CountedWrites()
    handler = LineHandler(stream)
    handler.setFormatter(LineFormatter(LINE_FORMAT))
    emulator_logger = logging.getLogger("api_emulator")
    emulator_logger.addHandler(handler)
    emulator_logger.propagate = False  # the test runner's handlers above would get records, not lines
    level = emulator_logger.level
    emulator_logger.setLevel(logging.INFO)

    async def answer(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": int(scope["path"].strip("/")), "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def nothing_more() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    async def ignore(message: Any) -> None:
        pass

    log = RequestLog(answer, secrets=frozenset({"token"}))
    statuses = [200, 201, 404, 422]

    async def requests_of_one_turn() -> None:
        scopes = [{"type": "http", "method": "GET", "path": f"/{status}", "raw_path": f"/{status}".encode(),
                   "query_string": f"token={SECRET}".encode()} for status in statuses]  # fmt: skip
        # Each task runs to its end in the same turn of the loop (nothing it awaits waits).
        await asyncio.gather(*(log(scope, nothing_more, ignore) for scope in scopes))
        await asyncio.sleep(0)  # a turn more

    try:
        asyncio.run(requests_of_one_turn())
    finally:
        emulator_logger.removeHandler(handler)
        emulator_logger.propagate = True
        emulator_logger.setLevel(level)
    assert stream.writes == 1, "the turn's lines, in one write"
    lines = stream.getvalue().splitlines()
    assert stream.getvalue().endswith("\n") and len(lines) == len(statuses)
    for line, status in zip(lines, statuses, strict=True):
        found = LINE.match(line.split(" INFO ", 1)[1])
        assert found is not None, line
        assert (found["target"], int(found["status"])) == (f"/{status}?token={MASK}", status)


def _queuing_handler() -> tuple[LineHandler, _CountedWrites]:
    stream = _CountedWrites()
    handler = LineHandler(stream)
    handler.setFormatter(LineFormatter(LINE_FORMAT))
    return handler, stream


def _queued(handler: LineHandler, message: str) -> None:
    handler.queue_message("api_emulator.requests", logging.INFO, message)


def test_lines_a_loop_never_wrote_are_written_before_the_next_loops() -> None:
    handler, stream = _queuing_handler()
    ended = asyncio.new_event_loop()

    async def one_line() -> None:
        _queued(handler, "GET /first 200 0.1 ms")

    ended.run_until_complete(one_line())  # its flush was scheduled for a turn this loop never runs
    ended.close()

    async def another_line() -> None:
        _queued(handler, "GET /second 200 0.1 ms")
        await asyncio.sleep(0)

    asyncio.run(another_line())
    assert [line.split(" INFO ", 1)[1] for line in stream.getvalue().splitlines()] == [
        "GET /first 200 0.1 ms", "GET /second 200 0.1 ms"]  # fmt: skip


def test_a_record_and_a_flush_write_the_queued_lines_first() -> None:
    handler, stream = _queuing_handler()

    async def lines_then_a_warning() -> None:
        _queued(handler, "GET /a 200 0.1 ms")
        handler.handle(logging.LogRecord("api_emulator", logging.WARNING, __file__, 1, "database busy", None, None))
        _queued(handler, "GET /b 200 0.1 ms")
        handler.flush()  # as logging.shutdown() does
        assert stream.getvalue().count("\n") == 3
        await asyncio.sleep(0)

    asyncio.run(lines_then_a_warning())
    assert [line.split(" ", 2)[2] for line in stream.getvalue().splitlines()] == [
        "INFO GET /a 200 0.1 ms", "WARNING database busy", "INFO GET /b 200 0.1 ms"]  # fmt: skip


def test_outside_a_running_loop_a_line_is_written_at_once() -> None:
    handler, stream = _queuing_handler()
    _queued(handler, "GET /now 200 0.1 ms")
    assert stream.getvalue().endswith("GET /now 200 0.1 ms\n")


def test_a_queued_line_has_the_time_it_was_queued_at_not_the_time_of_its_write(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    handler, stream = _queuing_handler()
    queued_at, written_at = 1_767_225_600.25, 1_767_225_661.75  # 2026-01-01 00:00:00,250 and a minute on

    async def queued_then_written() -> None:
        monkeypatch.setattr(time, "time", lambda: queued_at)
        _queued(handler, "GET /then 200 0.1 ms")
        monkeypatch.setattr(time, "time", lambda: written_at)
        await asyncio.sleep(0)  # the turn is over: the line is made and written now

    asyncio.run(queued_then_written())
    message = "GET /then 200 0.1 ms"
    record = logging.LogRecord("api_emulator.requests", logging.INFO, __file__, 1, "%s", (message,), None)
    record.created, record.msecs = queued_at, 250.0
    assert stream.getvalue() == logging.Formatter(LINE_FORMAT).format(record) + "\n"


def test_a_queued_line_of_a_formatter_that_cannot_make_it_goes_through_a_record() -> None:
    handler, stream = _queuing_handler()
    handler.setFormatter(logging.Formatter("%(name)s|%(levelname)s|%(message)s"))

    async def queued() -> None:
        _queued(handler, "GET /x 200 0.1 ms")

    asyncio.run(queued())
    assert stream.getvalue() == "api_emulator.requests|INFO|GET /x 200 0.1 ms\n"


def test_a_handler_above_info_queues_no_request_line() -> None:
    handler, stream = _queuing_handler()
    handler.setLevel(logging.WARNING)

    async def queued() -> None:
        _queued(handler, "GET /quiet 200 0.1 ms")
        handler.write_line("api_emulator.requests", logging.INFO, "GET /quiet 200 0.1 ms")
        await asyncio.sleep(0)

    asyncio.run(queued())
    assert stream.getvalue() == ""


def test_a_line_its_formatter_fails_on_is_reported_and_the_others_are_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    handler, stream = _queuing_handler()
    reported: list[str] = []
    monkeypatch.setattr(handler, "handleError", lambda record: reported.append(record.getMessage()))

    class Failing(logging.Formatter):
        def format(self, record: logging.LogRecord) -> str:
            if "/bad" in record.getMessage():
                raise ValueError("cannot format this one")
            return record.getMessage()

    async def queued() -> None:
        for path in ("/first", "/bad", "/last"):
            _queued(handler, f"GET {path} 200 0.1 ms")
        handler.setFormatter(Failing())  # changed once they were queued: each is made through a record
        await asyncio.sleep(0)

    asyncio.run(queued())
    assert stream.getvalue() == "GET /first 200 0.1 ms\nGET /last 200 0.1 ms\n"
    assert reported == ["GET /bad 200 0.1 ms"]


def test_the_log_lines_keep_logging_s_time_format() -> None:
    record = logging.LogRecord("api_emulator.requests", logging.INFO, __file__, 1, "GET %s %d", ("/x", 200), None)
    pattern = "%(asctime)s %(levelname)s %(message)s"
    assert LineFormatter(pattern).format(record) == logging.Formatter(pattern).format(record)
    later = logging.LogRecord("api_emulator.requests", logging.INFO, __file__, 1, "GET", (), None)
    later.created, later.msecs = record.created + 1.0, 5.0
    assert LineFormatter(pattern).format(later) == logging.Formatter(pattern).format(later)


def test_the_log_handler_writes_each_record_as_a_line() -> None:
    for line_buffering in (True, False):
        stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", line_buffering=line_buffering)
        handler = LineHandler(stream)
        handler.setFormatter(logging.Formatter("%(message)s"))
        for number in range(3):
            handler.emit(logging.LogRecord("x", logging.INFO, __file__, 1, "line %d", (number,), None))
        stream.flush()
        assert stream.buffer.getvalue() == b"line 0\nline 1\nline 2\n"
