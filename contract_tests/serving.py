"""Serve the emulator (or any ASGI app) on a free loopback port for the length of a with-block: in a
background thread of this process (tests), or as a process of its own (benchmarks and the contract run,
so that the server and the client each have a core). Either way under the emulator's server limits
(contract_tests/emulator/server.py), and a process gets its keys and logins in its environment, never on
its command line (which every user of the machine can read)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from contract_tests.emulator.server import ServerLimits, uvicorn_config
from contract_tests.testing import wait_until_up
from generator.layout import ApiLayout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(app: Any, *, timeout: float = 15.0, limits: ServerLimits | None = None) -> Iterator[str]:
    """The base URL the app is served on until the block ends (under `limits`, default the emulator's);
    the server is stopped and joined after. The socket is bound here, before the server starts, so the port
    cannot be taken in between (and wait_until_up cannot mistake another server for this one); it accepts
    once the app has started."""
    # IPPROTO_TCP named, or asyncio leaves Nagle's algorithm on for the connections (40 ms a request).
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listening.bind(("127.0.0.1", 0))
    port: int = listening.getsockname()[1]
    config = uvicorn_config(app, limits, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, name="emulator", daemon=True)
    thread.start()
    try:
        wait_until_up(port, timeout=timeout, what="the server")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)
        listening.close()


@contextmanager
def emulator_process(
    api: str,
    db: Path | str,
    *,
    api_key: str | None = None,
    logins: Sequence[str] = (),
    control_key: str | None = None,
    extra_args: Sequence[str] = (),
    timeout: float = 30.0,
    log: Path | None = None,
    specs_dir: Path | None = None,
) -> Iterator[tuple[str, int]]:
    """`api-emulator serve --api <api>` on a free port with `db`, the API key, USER:PASSWORD logins and
    control key given (and no rate limit unless `extra_args` sets one; the API's folder under `specs_dir`
    when given): its base URL and process id until the block ends, then it is stopped. The secrets go in
    the API's variables (emulator_environment()), not on the command line."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "contract_tests.emulator",
        "serve",
        "--api",
        api,
        "--port",
        str(port),
        "--db",
        str(db),
        *(["--specs-dir", str(specs_dir)] if specs_dir is not None else []),
        "--rate-limit",
        "0",
        *extra_args,
    ]
    secrets = emulator_environment(api, api_key=api_key, logins=logins, control_key=control_key, specs_dir=specs_dir)
    output = log.open("w") if log is not None else subprocess.DEVNULL
    server = subprocess.Popen(
        command,
        cwd=Path(__file__).resolve().parent.parent,
        stdout=output,
        stderr=output,
        env={**os.environ, **secrets},
    )
    try:
        wait_until_up(port, server, timeout=timeout, what=f"the {api} emulator")
        yield f"http://127.0.0.1:{port}", server.pid
    finally:
        server.terminate()
        server.wait(timeout=timeout)
        if log is not None:
            output.close()  # type: ignore[union-attr]


def emulator_environment(
    api: str,
    *,
    api_key: str | None = None,
    logins: Sequence[str] = (),
    control_key: str | None = None,
    specs_dir: Path | None = None,
) -> dict[str, str]:
    """The variables that give an emulator of `api` its secrets (<env_prefix>EMULATOR_API_KEY, _LOGIN,
    _CONTROL_KEY; the prefix from the API's profile), every one of them set, so that none is taken from
    the environment of the process starting it. (A login holds no comma: the variable is comma-separated.)"""
    profile = ApiLayout.find(api, specs_dir=specs_dir).profile
    if any("," in login for login in logins):
        raise ValueError("a login given to an emulator process must not hold a comma")
    return {
        profile.env("EMULATOR_API_KEY"): api_key or "",
        profile.env("EMULATOR_LOGIN"): ",".join(logins),
        profile.env("EMULATOR_CONTROL_KEY"): control_key or "",
    }
