"""`python -m contract_tests [--live] [--profile full|fast] [--seed N] [pytest options]`: one contract run.

It runs contract_tests/test_contract.py under pytest with the run's reports in reports/<run>/
(summary.md, junit.xml, the emulator's log) and exits non-zero on any failure. Without --live the run
goes to an emulator started for it, whatever PATCHWORKS_BASE_URL says; with --live it goes to
PATCHWORKS_BASE_URL and refuses to start without it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent / "test_contract.py"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m contract_tests", description=__doc__.splitlines()[0])
    parser.add_argument("--live", action="store_true", help="run against PATCHWORKS_BASE_URL (read-only unless "
                        "PATCHWORKS_ALLOW_WRITES=1 or --allow-writes)")  # fmt: skip
    parser.add_argument("--allow-writes", action="store_true", help="let a live run write (its own resources only)")
    parser.add_argument("--profile", choices=("full", "fast"), default="full")
    parser.add_argument("--seed", type=int, help="replay the run with this seed (printed by every run)")
    parser.add_argument("--reports", type=Path, default=REPO_ROOT / "reports", help="where reports/<run>/ goes")
    options, pytest_args = parser.parse_known_args(argv)
    if options.live and not os.environ.get("PATCHWORKS_BASE_URL"):
        print("python -m contract_tests --live: set PATCHWORKS_BASE_URL (and PATCHWORKS_API_KEY, or "
              "PATCHWORKS_USERNAME and PATCHWORKS_PASSWORD) to the live host first", file=sys.stderr)  # fmt: skip
        return 2
    run_dir = options.reports / (("live-" if options.live else "emulator-") + time.strftime("%Y%m%dT%H%M%S"))
    run_dir.mkdir(parents=True, exist_ok=True)
    os.environ.update({"PATCHWORKS_CONTRACT_PROFILE": options.profile, "PATCHWORKS_CONTRACT_REPORTS": str(run_dir),
                       "PATCHWORKS_CONTRACT_EMULATOR_LOG": str(run_dir / "emulator.log")})  # fmt: skip
    if not options.live:
        os.environ.pop("PATCHWORKS_BASE_URL", None)
    if options.allow_writes:
        os.environ["PATCHWORKS_ALLOW_WRITES"] = "1"
    if options.seed is not None:
        os.environ["PATCHWORKS_CONTRACT_SEED"] = str(options.seed)
    print(f"contract check: reports in {run_dir}", flush=True)
    arguments = [str(TESTS), "-p", "no:cacheprovider", f"--junitxml={run_dir / 'junit.xml'}", "-o",
                 "junit_family=xunit2", *pytest_args]  # fmt: skip
    return int(pytest.main(arguments))


if __name__ == "__main__":
    sys.exit(main())
