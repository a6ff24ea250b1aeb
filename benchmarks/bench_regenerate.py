"""`make regenerate` against the bare openapi-python-client run on the same spec (target: <= 1.5x by CPU
time and by wall time).

Both run as a user runs them, in a new process, interleaved so that a noisy neighbour on this shared
machine slows both alike; each figure is the ratio of the medians. CPU time is user + system of the run
and every process it waited for (ruff, the validating fork): getrusage(RUSAGE_CHILDREN) before and after.
Wall time alone flatters a run that spreads work over both cores. The bare run is openapi-python-client's
own CLI with its default post hooks (ruff check --fix, ruff format), with the pinned ruff on PATH. Ours
builds the spec (extract, merge, overlays, prance) and then generates, into throw-away copies of specs/
and generated/ so that the repository is not touched.

Ours is measured twice: as it runs again on a spec it built before (prance's verdict on that text is in
.cache/validated: after a change to the templates, the profile's client part, or an upstream edit that
leaves the spec as it was), and with `--validate`, as after an upstream change that gives a new spec
text (prance validates it). Both must be within the target.

Python's bytecode cache is let be written (PYTHONDONTWRITEBYTECODE is dropped from the environment),
as on a developer's machine: where the environment sets it, every run would compile again each of the
generator's modules edited since their cache was last written (site-packages are compiled when installed).
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.arguments import api_argument
from generator.layout import REPO_ROOT

RUNS = 9
TARGET_RATIO = 1.5
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float  # user + system, of the command and the processes it waited for


def timed(command: list[str], env: dict[str, str]) -> Timing:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=REPO_ROOT, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)


def verdict(what: str, ours: list[float], bare: list[float]) -> tuple[str, bool]:
    our_median, bare_median = statistics.median(ours), statistics.median(bare)
    ratio = our_median / bare_median
    within = ratio <= TARGET_RATIO
    return (
        f"{what} median {our_median:.2f} s, bare {bare_median:.2f} s, ratio {ratio:.2f} "
        f"({'ok' if within else 'TOO SLOW'})"
    ), within


def main() -> int:
    api = api_argument(__doc__)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as scratch:
        specs, generated = Path(scratch) / "specs", Path(scratch) / "generated"
        shutil.copytree(REPO_ROOT / "specs", specs)
        spec = specs / api / "openapi.json"
        bare = [str(BIN / "openapi-python-client"), "generate", "--path", str(spec), "--meta", "pdm",
                "--output-path", str(Path(scratch) / "bare"), "--overwrite"]  # fmt: skip
        ours = [sys.executable, "-m", "generator", "regenerate", "--api", api, "--specs-dir", str(specs),
                "--generated-dir", str(generated)]  # fmt: skip
        validating = [*ours, "--validate"]
        timed(bare, env), timed(ours, env)  # warm the file cache (and the template and validation caches) once
        runs: dict[str, list[Timing]] = {"bare": [], "ours": [], "validating": []}
        for _ in range(RUNS):
            runs["bare"].append(timed(bare, env))
            runs["ours"].append(timed(ours, env))
            runs["validating"].append(timed(validating, env))
    within = True
    for name, what in (("ours", "spec validated before"), ("validating", "a new spec (prance validates)")):
        cpu, cpu_ok = verdict("CPU", [run.cpu for run in runs[name]], [run.cpu for run in runs["bare"]])
        wall, wall_ok = verdict("wall", [run.wall for run in runs[name]], [run.wall for run in runs["bare"]])
        within = within and cpu_ok and wall_ok
        print(f"{api}: make regenerate, {what}, against bare openapi-python-client, {RUNS} interleaved runs, "
              f"target <= {TARGET_RATIO}x: {cpu}; {wall}")  # fmt: skip
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
