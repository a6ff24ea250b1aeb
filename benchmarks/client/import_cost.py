"""The anchor of the import benchmark and how both sides are timed: each import in a fresh interpreter
(`python -c`), timed inside it from just before the import statements to just after, so that the
interpreter's own start-up (the same for both) is not counted.

Both sides import compiled bytecode, as an installed package does (pip compiles on install): the fresh
interpreters keep their bytecode under one folder of the benchmark's (PYTHONPYCACHEPREFIX), whatever the
environment says. With PYTHONDONTWRITEBYTECODE set, as some shells and containers set it, a generated
client on PYTHONPATH, which has no __pycache__ of its own after `make client`, would be compiled from
source by every interpreter, and the figure would be the compiler's."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping

ANCHOR = "import httpx"  # what any httpx-based code pays before its first request


def compiled_environment(bytecode_dir: str) -> dict[str, str]:
    """The environment of the fresh interpreters: this one's, bytecode written to and read from
    `bytecode_dir`."""
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {**environment, "PYTHONPYCACHEPREFIX": bytecode_dir}


def import_seconds(statements: str, environment: Mapping[str, str]) -> float:
    """Seconds a fresh interpreter spends running `statements` (import statements)."""
    code = f"import time\nstarted = time.perf_counter()\n{statements}\nprint(time.perf_counter() - started)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=dict(environment), check=False
    )
    if result.returncode != 0:
        last_line = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise RuntimeError(f"`{statements}` failed in a fresh interpreter: {last_line}")
    return float(result.stdout)
