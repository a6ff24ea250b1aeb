"""A proxy, from httpx_args or the environment (HTTP_PROXY, NO_PROXY), as a plain httpx.Client would use it:
the client's layers (retries, rate limit, logging) stay above the proxy's transport. A forward proxy on a
free loopback port stands in for a corporate one: it answers every request itself and notes its request line."""

from __future__ import annotations

import asyncio
import json
import logging
import socketserver
import threading
from collections.abc import Iterator

import httpx
import pytest
from patchworks_core_client import AuthenticatedClient, RetryPolicy
from patchworks_core_client.api.data_pools import get_data_pool

from tests.client.patchworks_core.conftest import DATA_POOL

UNREACHABLE = "http://api.invalid"  # no such host: only a proxy can answer for it
BODY = json.dumps({"data": DATA_POOL}).encode()


class _Proxy(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        while line := self.rfile.readline():
            self.server.request_lines.append(line.decode().strip())  # type: ignore[attr-defined]
            while self.rfile.readline() not in (b"\r\n", b""):  # the headers; the GETs have no body
                pass
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                             % (len(BODY), BODY))  # fmt: skip


@pytest.fixture
def proxy() -> Iterator[tuple[str, list[str]]]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Proxy)
    server.daemon_threads = True
    server.request_lines = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.request_lines  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


def client(**options: object) -> AuthenticatedClient:
    return AuthenticatedClient(api_key="key", base_url=UNREACHABLE, rate_limit=None,
                               retry=RetryPolicy(max_attempts=1), **options)  # type: ignore[arg-type]  # fmt: skip


def test_the_environments_proxy_is_used_under_the_clients_layers(
    proxy: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    url, seen = proxy
    monkeypatch.setenv("HTTP_PROXY", url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    caplog.set_level(logging.DEBUG, logger="patchworks_core_client")
    assert get_data_pool.sync(7, client=client()).data.id == 7
    assert seen == ["GET http://api.invalid/api/v1/data-pool/7 HTTP/1.1"]
    assert "GET /api/v1/data-pool/7 -> 200" in caplog.text  # the logging layer saw it: the layers are above
    assert asyncio.run(get_data_pool.asyncio(7, client=client())).data.id == 7
    assert len(seen) == 2


def test_no_proxy_and_trust_env_false_go_direct(proxy: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    url, seen = proxy
    monkeypatch.setenv("HTTP_PROXY", url)
    monkeypatch.setenv("NO_PROXY", "api.invalid")
    with pytest.raises(httpx.ConnectError):
        get_data_pool.sync(7, client=client())
    monkeypatch.delenv("NO_PROXY")
    with pytest.raises(httpx.ConnectError):
        get_data_pool.sync(7, client=client(httpx_args={"trust_env": False}))
    assert seen == []


def test_a_proxy_in_httpx_args_is_used_under_the_clients_layers(
    proxy: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    url, seen = proxy
    monkeypatch.delenv("HTTP_PROXY", raising=False)
    caplog.set_level(logging.DEBUG, logger="patchworks_core_client")
    assert get_data_pool.sync(7, client=client(httpx_args={"proxy": url})).data.id == 7
    assert seen == ["GET http://api.invalid/api/v1/data-pool/7 HTTP/1.1"]
    assert "GET /api/v1/data-pool/7 -> 200" in caplog.text


def test_a_proxy_object_with_its_auth_and_a_mount_of_none_are_taken_as_httpx_takes_them(
    proxy: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, seen = proxy
    monkeypatch.delenv("HTTP_PROXY", raising=False)
    given = httpx.Proxy(url, auth=("user", "proxy-password"))
    assert get_data_pool.sync(7, client=client(httpx_args={"proxy": given})).data.id == 7
    assert seen == ["GET http://api.invalid/api/v1/data-pool/7 HTTP/1.1"]
    # A mount of None: the client's own transport for that pattern (here: straight to the unreachable host).
    with pytest.raises(httpx.ConnectError):
        get_data_pool.sync(7, client=client(httpx_args={"mounts": {"http://": None}}))
