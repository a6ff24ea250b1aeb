"""The control routes' loopback-only check sees the connection's own address (contract_tests/emulator/server.py,
uvicorn_config: proxy_headers off): a client elsewhere cannot pass for this machine by sending
X-Forwarded-For: 127.0.0.1, even when the environment tells uvicorn to trust every proxy
(FORWARDED_ALLOW_IPS='*'). Both tests serve for real, under uvicorn, as the emulator is served."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from contract_tests.emulator.core.app import create_app
from contract_tests.emulator.core.settings import EmulatorSettings
from contract_tests.emulator.server import uvicorn_config
from contract_tests.serving import serving

API_KEY = "remote-control-api-key"
CONTROL_KEY = "remote-control-key-0123456789"


@pytest.fixture
def every_proxy_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """What uvicorn reads when its Config is made: with proxy headers on, X-Forwarded-For from anyone counts."""
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "*")


async def client_address(request: Request) -> PlainTextResponse:
    return PlainTextResponse(request.client.host if request.client else "none")


@pytest.mark.usefixtures("every_proxy_trusted")
def test_x_forwarded_for_does_not_change_the_client_address_the_app_sees() -> None:
    app = Starlette(routes=[Route("/client", client_address)])
    with serving(app) as url:
        plain = httpx.get(f"{url}/client", timeout=5)
        forwarded = httpx.get(f"{url}/client", headers={"X-Forwarded-For": "203.0.113.9"}, timeout=5)
    assert plain.text == "127.0.0.1"
    assert forwarded.text == "127.0.0.1", "the client's address was taken from X-Forwarded-For"


def non_loopback_address() -> str | None:
    """An IPv4 address of this machine that is not loopback (the one its default route leaves from), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # a UDP "connect" sends nothing: it only picks the source address
        except OSError:
            return None
        address: str = probe.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address


@contextmanager
def served_on(app: Any, host: str) -> Iterator[str]:
    """The app under the emulator's uvicorn config, on `host` at a free port, until the block ends."""
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listening.bind((host, 0))
    port: int = listening.getsockname()[1]
    server = uvicorn.Server(uvicorn_config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    try:
        wait_until_up_on(host, port)
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
        listening.close()


def wait_until_up_on(host: str, port: int, timeout: float = 15.0) -> None:
    """contract_tests.testing.wait_until_up, for an address other than 127.0.0.1."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the emulator did not answer on {host}:{port} within {timeout:.0f} s") from None
            time.sleep(0.05)


@pytest.mark.usefixtures("every_proxy_trusted")
def test_a_remote_client_claiming_loopback_in_x_forwarded_for_is_refused_the_control_routes() -> None:
    host = non_loopback_address()
    if host is None:
        pytest.skip("this machine has no non-loopback IPv4 address to serve the emulator on")
    settings = EmulatorSettings(api_keys=(API_KEY,), db=":memory:", rate_limit=0, control_key=CONTROL_KEY)
    app = create_app("patchworks-core", settings)
    with served_on(app, host) as url:  # a client of `host` is not loopback, though on this machine
        claimed = httpx.get(
            f"{url}/__emulator__/state",
            headers={"X-Emulator-Control-Key": CONTROL_KEY, "X-Forwarded-For": "127.0.0.1"},
            timeout=5,
        )
    assert claimed.status_code == 403, claimed.text
    assert "clients on this machine only" in claimed.text
