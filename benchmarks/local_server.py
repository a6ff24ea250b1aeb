"""Serve an ASGI app with uvicorn in its own process on a free loopback port, for as long as a with-block
lasts. A separate process, as a real API is: a server thread in the benchmark's own process would compete
with the client for the GIL and charge the client for the server's work."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from contract_tests.serving import free_port
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
        _wait_for(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the benchmark server exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the benchmark server did not start within 15 s")
