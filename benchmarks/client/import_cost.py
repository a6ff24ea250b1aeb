"""The anchor of the import benchmark and how both sides are timed: each import in a fresh interpreter
(`python -c`), timed inside it from just before the import statements to just after, so that the
interpreter's own start-up (the same for both) is not counted."""

from __future__ import annotations

import subprocess
import sys

ANCHOR = "import httpx"  # what any httpx-based code pays before its first request


def import_seconds(statements: str) -> float:
    """Seconds a fresh interpreter spends running `statements` (import statements)."""
    code = f"import time\nstarted = time.perf_counter()\n{statements}\nprint(time.perf_counter() - started)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        last_line = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise RuntimeError(f"`{statements}` failed in a fresh interpreter: {last_line}")
    return float(result.stdout)
