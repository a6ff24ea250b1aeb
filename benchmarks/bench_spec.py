"""`make spec` wall time, cold (a new process, as a user runs it) and warm (the build alone, in process).

Target (issue #2): `make spec` under 3 s on this 2-core machine. The cold figure includes interpreter start
and imports; the warm one is what the pipeline itself costs. Both are medians, so that a noisy neighbour
on this shared machine moves them less than a mean.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from benchmarks.arguments import api_argument
from generator.build import build_spec
from generator.layout import REPO_ROOT, ApiLayout

RUNS = 5
TARGET_SECONDS = 3.0


def cold_run(api: str) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "generator", "spec", "--api", api]
    subprocess.run(command, cwd=REPO_ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def warm_run(layout: ApiLayout) -> float:
    started = time.perf_counter()
    build_spec(layout)
    return time.perf_counter() - started


def main() -> int:
    api = api_argument(__doc__)
    layout = ApiLayout.find(api)
    warm_run(layout)  # imports and caches, once
    cold = statistics.median(cold_run(api) for _ in range(RUNS))
    warm = statistics.median(warm_run(layout) for _ in range(RUNS))
    verdict = "ok" if cold < TARGET_SECONDS else "TOO SLOW"
    print(
        f"{api}: spec build: cold (python -m generator spec) median {cold:.2f} s over {RUNS} runs, "
        f"warm (build_spec in process) median {warm:.2f} s; target < {TARGET_SECONDS:.0f} s: {verdict}"
    )
    return 0 if cold < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
