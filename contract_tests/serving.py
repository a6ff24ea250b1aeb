"""Serve the emulator (or any ASGI app) on a free loopback port for the length of a with-block: in a
background thread of this process (tests), or as a process of its own (benchmarks and the contract run,
so that the server and the client each have a core)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(app: Any, *, timeout: float = 15.0) -> Iterator[str]:
    """The base URL the app is served on until the block ends; the server is stopped and joined after."""
    config = uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="emulator", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout)


@contextmanager
def emulator_process(
    db: Path | str, *, api_key: str, extra_args: tuple[str, ...] = (), timeout: float = 30.0, log: Path | None = None
) -> Iterator[tuple[str, int]]:
    """`patchworks-emulator serve` on a free port with `db` (and no rate limit unless `extra_args` sets
    one): its base URL and process id until the block ends, then it is stopped."""
    port = free_port()
    command = [sys.executable, "-m", "contract_tests.emulator", "serve", "--port", str(port), "--db", str(db),
               "--api-key", api_key, "--rate-limit", "0", *extra_args]  # fmt: skip
    output = log.open("w") if log is not None else subprocess.DEVNULL
    server = subprocess.Popen(command, cwd=Path(__file__).resolve().parent.parent, stdout=output, stderr=output)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server, timeout)
        yield url, server.pid
    finally:
        server.terminate()
        server.wait(timeout=timeout)
        if log is not None:
            output.close()  # type: ignore[union-attr]


def _wait_until_up(url: str, server: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx.get(f"{url}/__emulator__/state", timeout=1.0)
            return
        except httpx.TransportError:
            if server.poll() is not None:
                raise RuntimeError(f"the emulator exited with status {server.returncode} before it served") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"the emulator did not answer on {url} within {timeout:.0f} s") from None
            time.sleep(0.05)
