"""Run every benchmark for every API, one after another, then list what missed a target.

`python -m benchmarks [--api NAME]` is `make bench [API=NAME]`.

Each benchmark is its own process (benchmarks.bench_spec, bench_regenerate, bench_client, bench_emulator,
in that order, each with --api), so that one's imports and memory do not weigh on the next. A miss does not
stop the run: every figure is worth seeing, and a benchmark that missed says which line missed. The exit
code is 1 when any benchmark exited non-zero.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from generator.layout import GENERATED_DIR, REPO_ROOT, ApiLayout, all_apis

BENCHMARKS = ("bench_spec", "bench_regenerate", "bench_client", "bench_emulator")
MISS_WORDS = ("MISSED", "TOO SLOW", "FAILED")


def environment(api: str) -> dict[str, str]:
    """The benchmark's environment: the client's benchmark imports the API's generated package."""
    client_project = GENERATED_DIR / ApiLayout.find(api).profile.client.project
    paths = [str(client_project), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in paths if path), "PYTHONUNBUFFERED": "1"}


def run(module: str, api: str) -> tuple[int, list[str]]:
    """Run one benchmark, echoing its output as it comes; its exit code and the lines that missed."""
    command = [sys.executable, "-m", f"benchmarks.{module}", "--api", api]
    missed = []
    with subprocess.Popen(command, cwd=REPO_ROOT, env=environment(api), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True) as process:  # fmt: skip
        assert process.stdout is not None
        for line in process.stdout:
            print(line, end="", flush=True)
            if any(word in line for word in MISS_WORDS):
                missed.append(line.strip())
    return process.returncode, missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--api", choices=all_apis(), help="one API (default: every API)")
    arguments = parser.parse_args(argv)
    apis = [arguments.api] if arguments.api else all_apis()
    failed: dict[str, list[str]] = {}  # "module --api name (exit code)" -> the lines that missed
    for module in BENCHMARKS:
        for api in apis:
            code, missed = run(module, api)
            if code != 0:
                failed[f"{module} --api {api} (exit {code})"] = missed
    if failed:
        print(f"\nMissed or failed ({len(failed)} benchmark runs):")
        for described, missed in failed.items():
            print(f"  {described}", *(f"      {line}" for line in missed), sep="\n")
        return 1
    print(f"\nEvery benchmark met its targets ({len(BENCHMARKS) * len(apis)} runs).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
