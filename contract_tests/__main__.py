"""The contract check of one API (--api NAME), or of every API in turn.

    python -m contract_tests [--api NAME] [--live] [--profile full|fast] [--seed N] [--max-examples N] [pytest options]

With --api, one contract run of that API: contract_tests/test_contract.py and test_reuse.py under pytest
(the second with the ids of resources that exist: contract_tests/reuse.py), with the run's report in
reports/<api>-<target>-<time>/ (summary.md, junit.xml, the emulator's log); non-zero on any failure.
Without --live the run goes to the API's emulator, started for it, whatever <PREFIX>BASE_URL says (the
prefix is the env_prefix in specs/<api>/api.yaml); with --live it goes to <PREFIX>BASE_URL and refuses to
start without it. What the environment says is checked before pytest starts (a live URL without a
scheme, a live secret too short to mask: one line, exit status 2); so is a live host (contract_tests/
preflight.py: unreachable, TLS, refused credentials: one line, exit status 2, within seconds), and the
emulator in the first test, once it is up.

Without --api, every API under specs/ is checked in turn, each in a process of its own (the run's API is
loaded once per process: contract_tests/run.py), with its own emulator and report folder; with --live,
every API whose <PREFIX>BASE_URL is set. One line per API sums up at the end; non-zero if any failed.
A SIGTERM or a Ctrl-C (SIGINT) to this process is passed on to the API's run under way, which cleans up
(the run is waited for, never killed); no API's run starts after it, and the last lines say which was
interrupted and which did not run.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any, TextIO, cast

import pytest

from contract_tests import preflight, stopping, variables
from contract_tests.api import ContractApi, ContractSetupError
from contract_tests.auth import auth_for
from contract_tests.redaction import RedactingStream, process_redactor
from contract_tests.target import TargetError, examples_per_operation, from_environment
from generator.layout import all_apis

REPO_ROOT = Path(__file__).resolve().parent.parent
CHILD = [sys.executable, "-m", "contract_tests"]  # how run_each starts one API's run (a test stands in a slow one)
INTERRUPTED = 2  # pytest's exit status for an interrupted run, which one API's run returns on SIGTERM too
TESTS = [Path(__file__).resolve().parent / name for name in ("test_contract.py", "test_reuse.py")]


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m contract_tests", description=__doc__.splitlines()[0])
    parser.add_argument("--api", help=f"the API to check: {', '.join(all_apis())} (default: each in turn)")
    parser.add_argument("--live", action="store_true", help="run against <PREFIX>BASE_URL (read-only unless "
                        "<PREFIX>ALLOW_WRITES=1 or --allow-writes)")  # fmt: skip
    parser.add_argument("--allow-writes", action="store_true", help="let a live run write (its own resources only)")
    parser.add_argument("--profile", choices=("full", "fast"), default="full")
    parser.add_argument("--seed", type=int, help="replay the run with this seed (printed by every run)")
    parser.add_argument("--max-examples", type=_at_least_one, help="examples per operation in place of the profile's "
                        "(schemathesis.toml's 100 for full)")  # fmt: skip
    parser.add_argument("--reports", type=Path, default=REPO_ROOT / "reports", help="where the report folders go")
    parser.add_argument("--run-dir", type=Path, help="this run's report folder (default: "
                        "REPORTS/<api>-<emulator|live>-<time>); with --api only")  # fmt: skip
    parser.add_argument("--specs-dir", type=Path, help="where the API folders are (default: specs/)")
    return parser


def _at_least_one(text: str) -> int:
    """--max-examples' type: argparse names the option in its message ("argument --max-examples: ...")."""
    number = examples_per_operation(text)
    if number is None:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number of examples per operation, 1 or more")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser()
    options, pytest_args = arguments.parse_known_args(argv)
    known = all_apis(options.specs_dir)
    if options.api is not None and options.api not in known:
        arguments.error(f"--api: unknown API {options.api!r} (known: {', '.join(known) or 'none'})")  # exits 2
    if options.specs_dir is not None:
        os.environ[variables.SPECS_DIR] = str(options.specs_dir.resolve())
    if options.api is not None:
        return run_one(ContractApi.load(options.api, options.specs_dir), options, pytest_args)
    if options.run_dir is not None:
        print("python -m contract_tests: --run-dir names one run's folder; give --api too", file=sys.stderr)
        return 2
    return run_each(options, sys.argv[1:] if argv is None else list(argv))


def run_one(api: ContractApi, options: argparse.Namespace, pytest_args: list[str]) -> int:
    """One API's run, in this process, its console masked: whatever is written to stdout or stderr (pytest's
    terminal, an error, a library's warning) passes the process's registry of secrets first."""
    stdout, stderr = sys.stdout, sys.stderr
    redact = process_redactor()
    sys.stdout = cast(TextIO, RedactingStream(stdout, redact))
    sys.stderr = cast(TextIO, RedactingStream(stderr, redact))
    try:
        return _run_one(api, options, pytest_args)
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _run_one(api: ContractApi, options: argparse.Namespace, pytest_args: list[str]) -> int:
    names = api.profile.env
    if options.live and not os.environ.get(names("BASE_URL")):
        print(f"python -m contract_tests --live: set {names('BASE_URL')} (and the credentials: see "
              f"contract_tests/target.py) to {api.name}'s live host first", file=sys.stderr)  # fmt: skip
        return 2
    run_dir: Path = options.run_dir or new_run_folder(options.reports, api.name, options.live)
    run_dir.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {
            variables.API: api.name,
            names("CONTRACT_PROFILE"): options.profile,
            variables.REPORTS: str(run_dir),
            variables.EMULATOR_LOG: str(run_dir / "emulator.log"),
        }
    )
    if not options.live:
        os.environ.pop(names("BASE_URL"), None)
    if options.allow_writes:
        os.environ[names("ALLOW_WRITES")] = "1"
    if options.seed is not None:
        os.environ[names("CONTRACT_SEED")] = str(options.seed)
    if options.max_examples is not None:
        os.environ[names("CONTRACT_MAX_EXAMPLES")] = str(options.max_examples)
    problem = _problem_before_pytest(api)
    if problem is not None:
        print(f"contract check of {api.name}: {problem}", file=sys.stderr)
        _write_stopped_summary(run_dir, api, problem)
        return 2
    print(f"contract check of {api.name}: reports in {run_dir}", flush=True)
    # anyio (a plugin of pytest's) is imported before pytest starts, by starlette for the preflight's
    # environment check; pytest warns that it cannot rewrite its asserts, which no test here uses.
    quiet = "ignore:Module already imported so cannot be rewritten; anyio:pytest.PytestAssertRewriteWarning"
    arguments = [*map(str, TESTS), "-p", "no:cacheprovider", "-W", quiet, f"--junitxml={run_dir / 'junit.xml'}",
                 "-o", "junit_family=xunit2", *pytest_args]  # fmt: skip
    return run_pytest(arguments)


def run_pytest(arguments: list[str]) -> int:
    """pytest.main, with a SIGTERM taken as a Ctrl-C (sigterm_as_interrupt)."""
    with sigterm_as_interrupt():
        return int(pytest.main(arguments))


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """A SIGTERM (timeout, docker stop, a cancelled CI job) raised as a KeyboardInterrupt, as a Ctrl-C is,
    which pytest handles: the session fixtures are torn down (a writing live run deletes what it created)
    and the report written, "interrupted"; by default the signal ends the process on the spot. Only the
    first of either: later ones are ignored (a CI runner's cancel sends SIGINT, then SIGTERM), and none
    interrupts the guard's clean-up itself (contract_tests/stopping.py); SIGKILL still ends it. Python lets
    only the main thread set a handler; elsewhere the signals keep their own."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        for number in _STOPPING:  # a CI runner's cancel sends SIGINT, then SIGTERM: the second must not cut
            signal.signal(number, signal.SIG_IGN)  # the clean-up short
        if stopping.deferring():  # the guard's clean-up runs: the run is ending, and must not be cut short
            stopping.noted.append(signal.Signals(signum).name)
            return
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise KeyboardInterrupt(f"{signal.Signals(signum).name}: the run stops, after its clean-up")

    previous = {number: signal.signal(number, interrupt) for number in _STOPPING}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _problem_before_pytest(api: ContractApi) -> str | None:
    """What the environment or a live host says against the run, checked before pytest starts (one line
    in place of a run of failures): the environment as the tests' process will read it, and, for a live
    host, the preflight (contract_tests/preflight.py; a run against the emulator has it in its first test,
    once the emulator is up)."""
    try:
        target = from_environment(api)
    except TargetError as error:
        return str(error)
    if target.live_url is None:
        return None
    auth = auth_for(api, target.credentials, live=True)
    auth.bind(target.live_url)
    try:
        problem = preflight.check(api, target, target.live_url, auth)
    finally:
        auth.close()
    return None if problem is None else f"{target.live_url}: {problem}"


def _write_stopped_summary(run_dir: Path, api: ContractApi, problem: str) -> None:
    """A summary.md for a run stopped before any test: its Result line is the reason (no secret is in it:
    the preflight names variables, never their values), so that a nightly artifact says why."""
    from contract_tests.redaction import process_redactor  # every writer masks from the one registry
    from contract_tests.summary import RESULT  # not at the top: it imports schemathesis (variables.py says why)

    lines = [f"# Contract check: {api.name}", "", RESULT + f"**FAILED**: stopped before any test: {problem}", "",
             "No operation was called: the tables of a run are not here because nothing ran."]  # fmt: skip
    (run_dir / "summary.md").write_text(process_redactor()("\n".join(lines) + "\n"), encoding="utf-8")


def new_run_folder(reports: Path, api: str, live: bool) -> Path:
    """A folder of its own for a run, made now: named by the API, the target and the second, with -2, -3...
    after it when runs start within the same second (one must not overwrite another's summary)."""
    name = f"{api}-{'live' if live else 'emulator'}-{time.strftime('%Y%m%dT%H%M%S')}"
    reports.mkdir(parents=True, exist_ok=True)
    for number in itertools.count(1):
        folder = reports / (name if number == 1 else f"{name}-{number}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise AssertionError("unreachable: itertools.count() does not end")


def run_each(options: argparse.Namespace, argv: list[str]) -> int:
    """Every API in turn, each in a process of its own with the same options (`argv`); one line per API
    at the end."""
    from contract_tests.report import result_in  # not at the top: it imports schemathesis (variables.py says why)

    apis = [ContractApi.load(name, options.specs_dir) for name in all_apis(options.specs_dir)]
    lines: list[str] = []
    runs: list[tuple[ContractApi, Path]] = []
    for api in apis:
        if options.live and not os.environ.get(api.profile.env("BASE_URL")):
            lines.append(f"{api.name}: not run ({api.profile.env('BASE_URL')} is not set)")
        else:
            runs.append((api, new_run_folder(options.reports, api.name, options.live)))
    if not runs:
        print("python -m contract_tests --live: set the live host of at least one API: "
              + ", ".join(api.profile.env("BASE_URL") for api in apis), file=sys.stderr)  # fmt: skip
        return 2
    codes, cut_short = [], False
    with Interruption() as interruption:
        for api, run_dir in runs:
            if interruption.signal is not None:
                lines.append(f"{api.name}: not run (the run was stopped by {interruption.signal} before it)")
                cut_short = True
                with contextlib.suppress(OSError):
                    run_dir.rmdir()  # claimed for it, and empty
                continue
            code = interruption.run([*CHILD, "--api", api.name, "--run-dir", str(run_dir), *argv])
            codes.append(code if code >= 0 else 128 - code)  # -15: ended by SIGTERM, 143 as a shell says
            status = "" if code == 0 else f", exit status {code}" if code > 0 else f", ended by {_signal_name(-code)}"
            said = f"interrupted by {interruption.signal}: " if interruption.signal is not None else ""
            cut_short = cut_short or interruption.signal is not None
            lines.append(f"{api.name}: {said}{result_in(run_dir) or 'no summary'}{status} ({run_dir})")
    print("\ncontract checks:", *(f"  {line}" for line in lines), sep="\n", flush=True)
    return max([*codes, INTERRUPTED]) if cut_short else max(codes)  # a run stopped short never passes


class Interruption:
    """SIGTERM and Ctrl-C (SIGINT) while run_each's runs go on, each in a child process of a process group
    of its own (so that a terminal's Ctrl-C reaches this process alone): the first signal received is kept
    (`signal`) and passed on, as it is, to the child running then, once; later ones are ignored, as a second
    one would cut the child's clean-up short (a CI runner's cancel sends SIGINT, then SIGTERM; SIGKILL still
    ends both). The child is waited for (subprocess.run would kill it on a KeyboardInterrupt, before its
    clean-up). Python lets only the main thread set a handler; elsewhere the signals keep their own."""

    def __init__(self) -> None:
        self.signal: str | None = None
        self._child: subprocess.Popen[bytes] | None = None
        self._forwarded = False
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> Interruption:
        if threading.current_thread() is threading.main_thread():
            self._previous = {number: signal.signal(number, self._received) for number in _STOPPING}
        return self

    def __exit__(self, *exc_info: object) -> None:
        for number, previous in self._previous.items():
            signal.signal(number, previous)

    def run(self, command: list[str]) -> int:
        """The command's exit status, once it has ended (negative: the signal that ended it)."""
        self._child = subprocess.Popen(command, cwd=REPO_ROOT, process_group=0)
        try:
            self._forward()  # a SIGTERM received while the child was being started
            return self._child.wait()
        finally:
            self._child = None

    def _received(self, signum: int, frame: FrameType | None) -> None:
        if self.signal is None:
            self.signal = signal.Signals(signum).name
            self._forward()

    def _forward(self) -> None:
        if self.signal is not None and self._child is not None and not self._forwarded:
            self._forwarded = True
            self._child.send_signal(signal.Signals[self.signal])


_STOPPING = (signal.SIGTERM, signal.SIGINT)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ContractSetupError as error:
        print(f"python -m contract_tests: {error}", file=sys.stderr)
        sys.exit(2)
