"""Serve an ASGI app with uvicorn in its own process on a free loopback port, for as long as a with-block
lasts. A separate process, as a real API is: a server thread in the benchmark's own process would compete
with the client for the GIL and charge the client for the server's work.

`python -m benchmarks.local_server MODULE:ATTRIBUTE PORT` serves the app under the emulator's uvicorn
configuration (contract_tests/emulator/server.py: its h11 protocol with deadlines, its limits), so that a
baseline app and the emulator are compared under the same server, setting for setting."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from contract_tests.serving import free_port
from contract_tests.testing import wait_until_up
from generator.layout import REPO_ROOT


@contextmanager
def served(app: str, *, as_the_emulator: bool = False) -> Iterator[tuple[str, int]]:
    """The base URL of the ASGI app `app` ("module:attribute") and its server's process id, served by
    uvicorn until the block ends: uvicorn's defaults, or with `as_the_emulator` the emulator's uvicorn
    configuration (this module's main)."""
    port = free_port()
    if as_the_emulator:
        command = [sys.executable, "-m", "benchmarks.local_server", app, str(port)]
    else:
        command = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
                   "--log-level", "warning", "--no-access-log", "--lifespan", "off"]  # fmt: skip
    env = {"PYTHONPATH": str(REPO_ROOT)}
    server = subprocess.Popen(command, cwd=REPO_ROOT, env=env)
    try:
        wait_until_up(port, server, timeout=15, what="the benchmark server")
        yield f"http://127.0.0.1:{port}", server.pid
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def serving(app: str) -> Iterator[str]:
    """served() under uvicorn's defaults, for a caller that needs only the base URL."""
    with served(app) as (url, _):
        yield url


def main(argv: list[str] | None = None) -> None:
    """Serve an app as `api-emulator serve` serves the emulator (cli.py: uvicorn_config, log level warning)."""
    import uvicorn

    from contract_tests.emulator.server import uvicorn_config

    parser = argparse.ArgumentParser(prog="python -m benchmarks.local_server", description=main.__doc__)
    parser.add_argument("app", help="MODULE:ATTRIBUTE of the ASGI app")
    parser.add_argument("port", type=int)
    arguments = parser.parse_args(argv)
    module, _, attribute = arguments.app.partition(":")
    app = getattr(importlib.import_module(module), attribute)
    # No lifespan: a baseline has nothing to start or stop (and a bare ASGI function does not speak it).
    config = uvicorn_config(app, host="127.0.0.1", port=arguments.port, log_level="warning", lifespan="off")
    uvicorn.Server(config).run()


if __name__ == "__main__":
    main()
