"""Serve an ASGI app with uvicorn in its own process on a free loopback port, for as long as a with-block
lasts. A separate process, as a real API is: a server thread in the benchmark's own process would compete
with the client for the GIL and charge the client for the server's work."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from contract_tests.serving import free_port
from contract_tests.testing import wait_until_up
from generator.layout import REPO_ROOT


@contextmanager
def serving(app: str, *, pythonpath: str = "") -> Iterator[str]:
    """The base URL of the ASGI app `app` ("module:attribute"), served by uvicorn until the block ends."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
               "--log-level", "warning", "--no-access-log", "--lifespan", "off"]  # fmt: skip
    env = {"PYTHONPATH": f"{REPO_ROOT}:{pythonpath}".rstrip(":")}
    server = subprocess.Popen(command, cwd=REPO_ROOT, env=env)
    try:
        wait_until_up(port, server, timeout=15, what="the benchmark server")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
