"""`make regenerate` against the bare openapi-python-client run on the same spec (target: <= 1.5x).

Both run as a user runs them, in a new process, interleaved so that a noisy neighbour on this shared
machine slows both alike; the figure is the ratio of the medians. The bare run is openapi-python-client's
own CLI with its default post hooks (ruff check --fix, ruff format), with the pinned ruff on PATH. Ours
builds the spec (extract, merge, overlays, prance) and then generates, into throw-away copies of specs/
and generated/ so that the repository is not touched.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.arguments import api_argument
from generator.layout import REPO_ROOT

RUNS = 9
TARGET_RATIO = 1.5
BIN = Path(sys.executable).parent


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=REPO_ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    api = api_argument(__doc__)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    with tempfile.TemporaryDirectory() as scratch:
        specs, generated = Path(scratch) / "specs", Path(scratch) / "generated"
        shutil.copytree(REPO_ROOT / "specs", specs)
        spec = specs / api / "openapi.json"
        bare = [str(BIN / "openapi-python-client"), "generate", "--path", str(spec), "--meta", "pdm",
                "--output-path", str(Path(scratch) / "bare"), "--overwrite"]  # fmt: skip
        ours = [sys.executable, "-m", "generator", "regenerate", "--api", api, "--specs-dir", str(specs),
                "--generated-dir", str(generated)]  # fmt: skip
        timed(bare, env), timed(ours, env)  # warm the file cache once
        bare_times, our_times = [], []
        for _ in range(RUNS):
            bare_times.append(timed(bare, env))
            our_times.append(timed(ours, env))
    bare_median, our_median = statistics.median(bare_times), statistics.median(our_times)
    ratio = our_median / bare_median
    verdict = "ok" if ratio <= TARGET_RATIO else "TOO SLOW"
    print(f"{api}: make regenerate: median {our_median:.2f} s, bare openapi-python-client median {bare_median:.2f} s, "
          f"ratio {ratio:.2f} over {RUNS} interleaved runs; target <= {TARGET_RATIO}: {verdict}")  # fmt: skip
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
