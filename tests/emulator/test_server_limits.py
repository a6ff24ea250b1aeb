"""uvicorn as the emulator is served (contract_tests/emulator/server.py, issue 13, hole 8): a flood of idle,
half-open connections neither exhausts the emulator's file handles nor keeps a real client out, a
connection that never finishes its headers is closed, and so is one whose request body stops arriving
(answered 408): such connections neither keep a real client out nor hold up a SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn

from contract_tests.emulator.cli import serve_options
from contract_tests.emulator.core.settings import SettingsError
from contract_tests.emulator.server import SHUTDOWN_GRACE, BoundedH11Protocol, ServerLimits, uvicorn_config
from contract_tests.serving import emulator_process

KEY = "server-limits-key"
IDLE_CONNECTIONS = 1_100
# A request whose headers are all in, with the first byte of a body of 1000: the rest never comes.
STALLED_BODY = (
    f"POST /api/v1/data-pool HTTP/1.1\r\nHost: x\r\nAuthorization: {KEY}\r\nContent-Type: application/json\r\n"
    "Content-Length: 1000\r\n\r\n{"
).encode()


def open_handles(pid: int) -> int:
    return sum(1 for _ in Path(f"/proc/{pid}/fd").iterdir())


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


@contextmanager
def stalled_bodies(port: int, count: int) -> Iterator[list[socket.socket]]:
    """`count` connections, each with a request whose body stopped after its first byte, until the block ends."""
    connections: list[socket.socket] = []
    try:
        for _ in range(count):
            connection = socket.create_connection(("127.0.0.1", port), timeout=5)
            connection.sendall(STALLED_BODY)
            connections.append(connection)
        time.sleep(0.3)  # every request is in the app's hands, waiting for its body
        yield connections
    finally:
        for connection in connections:
            connection.close()


def has_exited(pid: int) -> bool:
    """Whether the child `pid` has ended (a zombie until its parent waits for it, which emulator_process does)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")


def read_to_close(connection: socket.socket) -> bytes:
    received = b""
    while chunk := connection.recv(4096):
        received += chunk
    return received


def test_1100_idle_half_open_connections_leave_the_emulator_answering(tmp_path: Path) -> None:
    limits = ["--max-connections", "200", "--header-timeout", "2"]
    with emulator_process("patchworks-core", tmp_path / "e.db", api_key=KEY, extra_args=limits) as (url, pid):
        port = int(url.rsplit(":", 1)[1])
        idle: list[socket.socket] = []
        try:
            for number in range(IDLE_CONNECTIONS):
                connection = socket.create_connection(("127.0.0.1", port), timeout=5)
                if number % 2:  # half of them start a request and never finish its headers
                    connection.sendall(b"GET /api/v1/data-pool HTTP/1.1\r\nHost: x\r\n")
                idle.append(connection)
            time.sleep(0.5)  # a closed connection's handle is let go on the server loop's next turn
            handles = open_handles(pid)
            started = time.perf_counter()
            answer = httpx.get(f"{url}/api/v1/data-pool", headers={"Authorization": KEY}, timeout=5)
            seconds = time.perf_counter() - started
            assert answer.status_code == 200
            assert seconds < 1.0, f"a real request waited {seconds:.2f} s behind the idle connections"
            # 200 connections and what is not a connection (the database, its journal, logs, the socket).
            assert handles < 200 + 60, f"the emulator holds {handles} file handles for {IDLE_CONNECTIONS} connections"
            time.sleep(2.5)  # past the header deadline: every idle connection has been closed
            for connection in idle[-50:]:
                connection.settimeout(1)
                assert connection.recv(1024) == b"", "an idle connection is still open past the header deadline"
        finally:
            for connection in idle:
                connection.close()


def test_a_slow_headers_client_is_closed_though_it_sends_a_byte_now_and_then(tmp_path: Path) -> None:
    with emulator_process("patchworks-core", tmp_path / "e.db", api_key=KEY, extra_args=["--header-timeout", "1"]) as (
        url,
        _,
    ):
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
            connection.sendall(b"GET / HTTP/1.1\r\n")
            closed_after = None
            started = time.perf_counter()
            for _ in range(12):
                time.sleep(0.25)
                try:
                    connection.sendall(b"X")  # uvicorn's keep-alive timer alone would be reset by this
                except (BrokenPipeError, ConnectionResetError):
                    closed_after = time.perf_counter() - started
                    break
            assert closed_after is not None and closed_after < 2.5, "a slow-headers client was kept open"


def test_a_request_body_that_stops_arriving_is_answered_408_and_its_connection_closed(tmp_path: Path) -> None:
    log = tmp_path / "emulator.log"
    with emulator_process("patchworks-core", tmp_path / "e.db", api_key=KEY, extra_args=["--header-timeout", "1"],
                          log=log) as (url, _):  # fmt: skip
        with stalled_bodies(port_of(url), 1) as (connection,):
            started = time.perf_counter()
            answer = read_to_close(connection)  # socket timeout 5 s: a kept-open connection fails the test
            seconds = time.perf_counter() - started
        assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]
        assert b"The request body stopped arriving: nothing came for 1 s." in answer
        assert seconds < 2.5, f"a stalled body was kept open {seconds:.1f} s under a 1 s deadline"
    written = log.read_text(encoding="utf-8")
    # The cut-off body is one line in the log (the core's ClientDisconnect), never a traceback.
    assert "the client went away before its body was read" in written and "Traceback" not in written, written


def test_a_body_arriving_slowly_but_steadily_is_not_cut_off(tmp_path: Path) -> None:
    """The body's deadline is for the next part of it, not the whole: 3 parts 0.6 s apart pass a 1 s deadline."""
    body = b'{"name": "slow but steady"}'
    head = (
        f"POST /api/v1/data-pool HTTP/1.1\r\nHost: x\r\nAuthorization: {KEY}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    with emulator_process("patchworks-core", tmp_path / "e.db", api_key=KEY, extra_args=["--header-timeout", "1"]) as (
        url,
        _,
    ):
        with socket.create_connection(("127.0.0.1", port_of(url)), timeout=5) as connection:
            connection.sendall(head)
            for part in (body[:8], body[8:16], body[16:]):
                time.sleep(0.6)
                connection.sendall(part)
            answer = read_to_close(connection)
        assert answer.startswith(b"HTTP/1.1 ") and not answer.startswith(b"HTTP/1.1 408 "), answer[:200]


def test_connections_stalled_in_their_body_do_not_keep_a_real_client_out(tmp_path: Path) -> None:
    limits = ["--max-connections", "20", "--header-timeout", "30"]  # the body deadline far off: the cap must act
    with emulator_process("patchworks-core", tmp_path / "e.db", api_key=KEY, extra_args=limits) as (url, _):
        with stalled_bodies(port_of(url), 20):
            started = time.perf_counter()
            answer = httpx.get(f"{url}/api/v1/data-pool", headers={"Authorization": KEY}, timeout=5)
            seconds = time.perf_counter() - started
        assert answer.status_code == 200
        assert seconds < 1.0, f"a real request waited {seconds:.2f} s behind the stalled bodies"


def test_sigterm_stops_the_emulator_though_request_bodies_are_stalled(tmp_path: Path) -> None:
    limits = ["--max-connections", "20", "--header-timeout", "30"]
    with (
        emulator_process("patchworks-core", tmp_path / "e.db", api_key=KEY, extra_args=limits) as (url, pid),
        stalled_bodies(port_of(url), 5),
    ):
        os.kill(pid, signal.SIGTERM)
        started = time.perf_counter()
        while not has_exited(pid) and time.perf_counter() - started < SHUTDOWN_GRACE + 5:
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        assert has_exited(pid), f"the emulator was still running {seconds:.1f} s after SIGTERM"


def test_the_emulator_is_served_with_header_keep_alive_and_connection_limits() -> None:
    config = uvicorn_config(object(), ServerLimits(header_timeout=3, keep_alive_timeout=4, max_connections=50))
    assert isinstance(config, uvicorn.Config)
    assert issubclass(config.http, BoundedH11Protocol)  # type: ignore[arg-type]
    assert (config.http.header_timeout, config.http.max_connections) == (3, 50)  # type: ignore[union-attr]
    assert config.timeout_keep_alive == 4
    assert config.limit_concurrency == 51
    assert config.h11_max_incomplete_event_size == 16 * 1024
    assert config.timeout_graceful_shutdown == SHUTDOWN_GRACE  # requests in progress cannot hold up a stop
    assert config.proxy_headers is False  # tests/emulator/test_remote_control.py: why, and served for real


def test_the_command_line_sets_the_limits_and_refuses_nonsense() -> None:
    options = serve_options(
        ["serve", "--api", "patchworks-core", "--api-key", "k", "--max-connections", "300", "--header-timeout", "4"],
        environ={},
    )
    assert options.limits == ServerLimits(header_timeout=4, keep_alive_timeout=5, max_connections=300)
    defaults = serve_options(["serve", "--api", "patchworks-core", "--api-key", "k"], environ={}).limits
    assert defaults == ServerLimits()
    with pytest.raises(SettingsError, match="--max-connections must be at least 1"):
        serve_options(["serve", "--api", "patchworks-core", "--api-key", "k", "--max-connections", "0"], environ={})
