"""The run's session: a 429 waits out its Retry-After, the wait is not the response's time, and every
call is told to the observers once; the environment's proxy is used for a live host only."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
import requests

from contract_tests import http


class RateLimitedOnce(BaseHTTPRequestHandler):
    """Answers 429 with Retry-After: 1 to the first request of each path, then 200."""

    seen: ClassVar[set[str]] = set()

    def do_GET(self) -> None:
        first = self.path not in self.seen
        self.seen.add(self.path)
        self.send_response(429 if first else 200)
        if first:
            self.send_header("Retry-After", "1")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    RateLimitedOnce.seen = set()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), RateLimitedOnce)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_wait_for_retry_after_is_not_response_time(server: str) -> None:
    calls: list[int | None] = []
    stop = http.observe(lambda request, response: calls.append(response.status_code if response else None))
    try:
        with http.session() as session:
            began = time.perf_counter()
            response = session.get(f"{server}/widgets", timeout=10)
            waited = time.perf_counter() - began
    finally:
        stop()
    assert response.status_code == 200
    assert waited >= 1.0  # the Retry-After was waited out
    assert response.elapsed.total_seconds() < 0.5  # and is not counted as the answer's time
    assert calls == [200]  # one call of the run, after urllib3's retry


def test_an_answer_without_a_retry_keeps_its_own_time(server: str) -> None:
    with http.session() as session:
        session.get(f"{server}/gadgets", timeout=10)  # the 429 and its retry
        response = session.get(f"{server}/gadgets", timeout=10)  # answered at once
    assert response.status_code == 200
    assert 0 < response.elapsed.total_seconds() < 0.5


def test_a_refused_connection_is_told_to_the_observers_without_a_response() -> None:
    calls: list[requests.Response | None] = []
    stop = http.observe(lambda request, response: calls.append(response))
    try:
        with http.session() as session, pytest.raises(requests.ConnectionError):
            session.get("http://127.0.0.1:9/", timeout=2)
    finally:
        stop()
    assert calls == [None]


@pytest.fixture()
def dead_proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The environment names a proxy nothing listens at; the module's setting is restored after."""
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{port}")
    try:
        yield
    finally:
        http.trust_environment(True)


def test_a_session_for_the_emulator_does_not_go_through_the_environments_proxy(server: str, dead_proxy: None) -> None:
    http.trust_environment(False)
    with http.session() as session:
        assert session.get(f"{server}/direct", timeout=10).status_code == 200  # the server itself (after its 429)
    # schemathesis' own probes go through sessions of its own, which read the environment
    with requests.Session() as theirs:
        assert theirs.trust_env
        assert theirs.get(f"{server}/theirs", timeout=10).status_code == 429  # the server itself, not retried


def test_a_session_for_a_live_host_goes_through_the_environments_proxy(server: str, dead_proxy: None) -> None:
    http.trust_environment(True)
    with http.session() as session, pytest.raises(requests.exceptions.ProxyError):
        session.get(f"{server}/proxied", timeout=10)
