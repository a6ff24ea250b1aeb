"""A real HTTP load generator for the throughput benchmarks: wrk (Debian's package), set up by
tools/wrk/install.sh into tools/wrk/root/ (no root, no global install) the first time it is needed.

wrk, not a Python loop: a client in Python spends more CPU a request than the server it measures, so a
Python loop measures itself. wrk keeps a fixed number of keep-alive connections busy from one thread of
its own (C, epoll) and counts the answers, with the status of each: a round with any error or any answer
other than 2xx is refused (a fast 503 is no throughput).
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.layout import REPO_ROOT

WRK_DIR = REPO_ROOT / "tools" / "wrk"
WRK = WRK_DIR / "root" / "usr" / "bin" / "wrk"
WRK_LIBRARIES = WRK_DIR / "root" / "usr" / "lib" / "x86_64-linux-gnu"
_REQUESTS = re.compile(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m),", re.MULTILINE)
_NOT_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")
_SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


class LoadError(RuntimeError):
    """wrk could not be set up or run, or a round had errors; the message says which and shows wrk's output."""


@dataclass(frozen=True)
class Round:
    requests: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) the process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@functools.cache  # once a process: every round asks for it
def ensure_wrk() -> Path:
    """The wrk binary, installed first when it is not there (tools/wrk/install.sh; it keeps a stamp)."""
    result = subprocess.run(["sh", str(WRK_DIR / "install.sh")], capture_output=True, text=True, check=False)
    if result.returncode != 0 or not WRK.is_file():
        raise LoadError(f"could not set up wrk with tools/wrk/install.sh:\n{result.stderr.strip()}")
    return WRK


def run_wrk(url: str, *, connections: int, seconds: float, headers: dict[str, str] | None = None) -> Round:
    """One round of wrk against `url`: `connections` keep-alive connections from one thread for `seconds`.
    LoadError when wrk fails, or any request of the round failed or was answered other than 2xx."""
    command = [str(ensure_wrk()), "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    environment = {
        **os.environ,
        "LD_LIBRARY_PATH": ":".join(filter(None, [str(WRK_LIBRARIES), os.environ.get("LD_LIBRARY_PATH")])),
    }
    # The headers may hold an API key: the command is not shown in an error, only wrk's output.
    try:
        result = subprocess.run(
            [*command, url], capture_output=True, text=True, env=environment, timeout=seconds + 30, check=False
        )
    except subprocess.TimeoutExpired:
        raise LoadError(f"wrk did not finish a {seconds:g} s round against {url} within {seconds + 30:g} s") from None
    output = result.stdout + result.stderr
    found = _REQUESTS.search(output)
    if result.returncode != 0 or found is None:
        raise LoadError(f"wrk failed against {url} (exit {result.returncode}):\n{output.strip()}")
    not_2xx = _NOT_2XX.search(output)
    errors = _SOCKET_ERRORS.search(output)
    if (not_2xx and int(not_2xx[1])) or (errors and any(int(count) for count in errors.groups())):
        raise LoadError(f"wrk against {url}: some requests failed or were not answered 2xx:\n{output.strip()}")
    return Round(int(found[1]), float(found[2]) * _UNITS[found[3]])
