"""uvicorn as the emulator is served (contract_tests/emulator/server.py, issue 13, hole 8): a flood of idle,
half-open connections neither exhausts the emulator's file handles nor keeps a real client out, and a
connection that never finishes its headers is closed."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import httpx
import pytest
import uvicorn

from contract_tests.emulator.cli import serve_options
from contract_tests.emulator.core.settings import SettingsError
from contract_tests.emulator.server import BoundedH11Protocol, ServerLimits, uvicorn_config
from contract_tests.serving import emulator_process

KEY = "server-limits-key"
IDLE_CONNECTIONS = 1_100


def open_handles(pid: int) -> int:
    return sum(1 for _ in Path(f"/proc/{pid}/fd").iterdir())


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


def test_the_emulator_is_served_with_header_keep_alive_and_connection_limits() -> None:
    config = uvicorn_config(object(), ServerLimits(header_timeout=3, keep_alive_timeout=4, max_connections=50))
    assert isinstance(config, uvicorn.Config)
    assert issubclass(config.http, BoundedH11Protocol)  # type: ignore[arg-type]
    assert (config.http.header_timeout, config.http.max_connections) == (3, 50)  # type: ignore[union-attr]
    assert config.timeout_keep_alive == 4
    assert config.limit_concurrency == 51
    assert config.h11_max_incomplete_event_size == 16 * 1024


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
