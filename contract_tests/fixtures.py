"""The session fixtures every contract test shares: the run's host (checked before any test), the HTTP
session, and the live-write guard. One of each per run, for every test module (test_contract.py,
test_reuse.py): contract_tests/conftest.py imports them, so that pytest keeps one instance of each.

Importing this module loads nothing of the run (the API, its spec): each fixture takes what it needs from
contract_tests/run.py when it first runs, so conftest.py can import it whatever the process checks.

The host is checked before the first test (contract_tests/preflight.py): when it does not answer or
refuses the run's credentials, the run stops there with one line saying so, and a non-zero status.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from contract_tests import http as contract_http
from contract_tests import preflight
from contract_tests.ledger import Ledger, default_directory
from contract_tests.safety import Guard, NoGuard, OwnedResources
from contract_tests.target import host

PREFLIGHT_FAILED = 2  # the exit status of a run that stopped before its first test


@pytest.fixture(scope="session")
def base_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from contract_tests.conftest import REPORT_KEY  # the report plugin's; conftest imports this module
    from contract_tests.run import API, AUTH, TARGET

    with host(TARGET, Path(tmp_path_factory.mktemp("host"))) as url:
        report = request.config.stash.get(REPORT_KEY, None)
        if report is not None:
            report.base_url = url  # a reproduce command's curl is rewritten from it to the reproduce host
        AUTH.bind(url)
        try:
            problem = preflight.check(API, TARGET, url, AUTH)
            if problem is not None:
                line = f"contract check of {API.name}: {url}: {problem}"
                request.config.stash[preflight.PROBLEM_KEY] = line
                pytest.exit(line, returncode=PREFLIGHT_FAILED)
            yield url
        finally:
            AUTH.close()  # after the guard's clean-up, which still needs it


@pytest.fixture(scope="session")
def http() -> Iterator[requests.Session]:
    with contract_http.session() as session:  # the environment's settings only for a live host (run.py)
        yield session


@pytest.fixture(scope="session")
def guard(request: pytest.FixtureRequest, base_url: str, http: requests.Session) -> Iterator[Guard]:
    from contract_tests.conftest import REPORT_KEY  # the report plugin's; conftest imports this module
    from contract_tests.run import API, AUTH, TARGET

    # Only a live run that may write needs guarding: a read-only one sends no writes (schema.py), and the
    # emulator is the run's own.
    active: Guard = NoGuard()
    if TARGET.live and TARGET.writes_allowed:
        ledger = Ledger(default_directory(), API.name, base_url)
        active = OwnedResources(API, TARGET.run_id, base_url, http, AUTH, ledger)
    try:
        yield active
    finally:
        report = request.config.stash.get(REPORT_KEY, None)
        if report is not None:
            report.not_sent, report.re_aimed, report.notices = active.not_sent, active.re_aimed, active.notices
        active.close()  # also after a failed run: the run's own resources never stay behind
