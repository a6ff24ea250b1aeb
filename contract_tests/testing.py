"""What tests and benchmarks share to drive a server and its clock: one fake clock, one wait-until-up."""

from __future__ import annotations

import socket
import subprocess
import time

import attrs


@attrs.define
class FakeClock:
    """Time that moves only when something sleeps on it (or a test sets `now`): retries, rate limits and
    token lifetimes are tested without waiting. Called, it is the time; its sleeps advance it at once."""

    now: float = 1_000_000.0
    sleeps: list[float] = attrs.field(factory=list)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def advance(self, seconds: float) -> None:
        """Let time pass without anyone sleeping (a token expiring, a rate-limit window ending)."""
        self.now += seconds


def wait_until_up(port: int, process: subprocess.Popen[bytes] | None = None, *, timeout: float = 30.0,
                  what: str = "the server") -> None:  # fmt: skip
    """Return once something accepts connections on 127.0.0.1:`port`; RuntimeError when `process` exits
    first or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode} before it served")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not answer on port {port} within {timeout:.0f} s") from None
            time.sleep(0.05)
