"""A run cannot lie about its target: before any test, the URL has a scheme and a host, the host answers,
and one authenticated read succeeds; otherwise one line says what is wrong and the run exits non-zero
within seconds, without a traceback and without the secret (contract_tests/preflight.py).

The hosts are the APIs' emulators on free loopback ports, played as live hosts (tests/contract/live.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from contract_tests.emulator import EmulatorSettings, Login, create_app
from contract_tests.network import url_problem
from contract_tests.report import result_in
from contract_tests.serving import free_port, serving
from tests.contract.live import REPO_ROOT, run_live

RIGHT_KEY, WRONG_KEY = "right-key-0123456789", "wrong-key-9876543210"
LOGIN, PASSWORD = "ops@example.com", "live-password-0099"
SECONDS = 10.0


@pytest.fixture(scope="module")
def patchworks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = str(tmp_path_factory.mktemp("patchworks") / "emulator.db")
    with serving(create_app("patchworks-core", EmulatorSettings(api_keys=(RIGHT_KEY,), db=db, rate_limit=0))) as url:
        yield url


@pytest.fixture(scope="module")
def easydb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = str(tmp_path_factory.mktemp("easydb") / "emulator.db")
    settings = EmulatorSettings(logins=(Login(LOGIN, PASSWORD),), db=db, rate_limit=0)
    with serving(create_app("easydb", settings)) as url:
        yield url


def one_line_failure(api: str, tmp_path: Path, env: dict[str, str], *secrets: str) -> str:
    """Run the API's live check; assert it failed in seconds with one line and no traceback or secret; the line."""
    started = time.monotonic()
    done, _ = run_live(api, tmp_path / "reports", env)
    elapsed = time.monotonic() - started
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert elapsed < SECONDS, f"{elapsed:.1f} s: {output}"
    assert "Traceback" not in output and all(secret not in output for secret in secrets), output
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"contract check of {api}: "), line
    # The run's folder still says why (a nightly keeps it as an artifact), in the line run_each reads back.
    (summary,) = (tmp_path / "reports").glob("*/summary.md")
    assert result_in(summary.parent) == f"FAILED: stopped before any test: {line.split(': ', 1)[1]}"
    return line


def test_a_wrong_api_key_is_named_as_refused(patchworks: str, tmp_path: Path) -> None:
    env = {"PATCHWORKS_BASE_URL": patchworks, "PATCHWORKS_API_KEY": WRONG_KEY}
    line = one_line_failure("patchworks-core", tmp_path, env, WRONG_KEY)
    assert line == (f"contract check of patchworks-core: {patchworks}: the API key was refused (401 from GET "
                    "/api/v1/connection-pools with PATCHWORKS_API_KEY)")  # fmt: skip


def test_a_session_that_cannot_be_authenticated_says_how_it_was_refused(easydb: str, tmp_path: Path) -> None:
    env = {"EASYDB_BASE_URL": easydb, "EASYDB_LOGIN": LOGIN, "EASYDB_PASSWORD": "not-the-password"}
    line = one_line_failure("easydb", tmp_path, env, "not-the-password")
    assert f"{easydb}: opening and authenticating a session failed: authenticating the session at" in line
    assert line.endswith("answered 400 (error.user.login_failed) (with EASYDB_LOGIN and EASYDB_PASSWORD)"), line


def test_a_closed_port_is_unreachable(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    line = one_line_failure("patchworks-core", tmp_path, {"PATCHWORKS_BASE_URL": url, "PATCHWORKS_API_KEY": WRONG_KEY})
    assert line == f"contract check of patchworks-core: {url}: unreachable (connection refused)"


def test_tls_to_a_host_that_does_not_speak_it_is_named(patchworks: str, tmp_path: Path) -> None:
    url = patchworks.replace("http://", "https://")
    line = one_line_failure("patchworks-core", tmp_path, {"PATCHWORKS_BASE_URL": url, "PATCHWORKS_API_KEY": RIGHT_KEY})
    assert line.startswith(f"contract check of patchworks-core: {url}: TLS "), line


def test_a_url_without_a_scheme_is_refused_before_anything_starts(tmp_path: Path) -> None:
    env = {"PATCHWORKS_BASE_URL": "core.example.com", "PATCHWORKS_API_KEY": RIGHT_KEY}
    line = one_line_failure("patchworks-core", tmp_path, env, RIGHT_KEY)
    assert line == ("contract check of patchworks-core: PATCHWORKS_BASE_URL=core.example.com: no scheme: write it "
                    "with one, e.g. https://core.example.com")  # fmt: skip


def test_a_live_secret_too_short_to_mask_is_refused_without_showing_it(patchworks: str, tmp_path: Path) -> None:
    short_key = {"PATCHWORKS_BASE_URL": patchworks, "PATCHWORKS_API_KEY": "ma7"}
    line = one_line_failure("patchworks-core", tmp_path, short_key, "ma7")
    assert "PATCHWORKS_API_KEY is shorter than 8 characters: too short to mask safely" in line
    short_password = {"EASYDB_BASE_URL": patchworks, "EASYDB_LOGIN": LOGIN, "EASYDB_PASSWORD": "pw-1"}
    line = one_line_failure("easydb", tmp_path / "easydb", short_password)
    assert "EASYDB_PASSWORD is shorter than 8 characters" in line and "pw-1" not in line


def test_pytest_run_directly_stops_before_the_first_test(patchworks: str, tmp_path: Path) -> None:
    """Without `python -m contract_tests`: the session's host fixture checks it, and pytest stops there."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", ""), "CONTRACT_API": "patchworks-core",
           "PATCHWORKS_BASE_URL": patchworks, "PATCHWORKS_API_KEY": WRONG_KEY}  # fmt: skip
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "contract_tests/test_reuse.py"]
    started = time.monotonic()
    done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 2 and time.monotonic() - started < SECONDS, output
    assert "the API key was refused (401 from GET /api/v1/connection-pools with PATCHWORKS_API_KEY)" in output
    assert "Traceback" not in output and WRONG_KEY not in output and " passed" not in output, output


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://core.example.com", None),
        ("http://127.0.0.1:8080/base", None),
        ("core.example.com", "no scheme: write it with one, e.g. https://core.example.com"),
        ("localhost:8080", "no scheme: write it with one, e.g. https://localhost:8080"),
        ("ftp://core.example.com", "the scheme ftp:// is not http:// or https://"),
        ("https://", "no host after the scheme"),
        ("https://core.example.com:http", "the port is not a number from 1 to 65535"),
    ],
)
def test_what_makes_a_base_url(url: str, problem: str | None) -> None:
    assert url_problem(url) == problem


def test_a_rate_limited_account_is_named_as_such(tmp_path: Path) -> None:
    """A 429 is not waited out (a Retry-After may be a minute): the line says the account's limit is busy."""
    db = str(tmp_path / "emulator.db")
    with serving(create_app("patchworks-core", EmulatorSettings(api_keys=(RIGHT_KEY,), db=db, rate_limit=1))) as url:
        requests.get(f"{url}/api/v1/connection-pools", headers={"Authorization": RIGHT_KEY}, timeout=5)  # the 1/min
        env = {"PATCHWORKS_BASE_URL": url, "PATCHWORKS_API_KEY": RIGHT_KEY}
        line = one_line_failure("patchworks-core", tmp_path, env, RIGHT_KEY)
    assert f"{url}: rate limited (429 from GET /api/v1/connection-pools with PATCHWORKS_API_KEY, Retry-After " in line
    assert line.endswith("the account's limit is busy; try later"), line


def _answering(status: int, body: bytes, media_type: str) -> Starlette:
    async def answer(_: Request) -> Response:
        return Response(body, status_code=status, media_type=media_type)

    return Starlette(routes=[Route("/{path:path}", answer)])


def test_a_web_page_answered_for_the_api_is_not_taken_for_it(tmp_path: Path) -> None:
    """A proxy's or a login wall's 200 in HTML is not the API's answer: the run stops before any test."""
    pages = {"html": (b"<html><body>Sign in</body></html>", "text/html"), "broken": (b"{not json", "application/json")}
    said = {"html": "GET /api/v1/connection-pools answered 200 as text/html, not application/json",
            "broken": "GET /api/v1/connection-pools answered 200 with a body that is not JSON"}  # fmt: skip
    for name, (body, media_type) in pages.items():
        with serving(_answering(200, body, media_type)) as url:
            env = {"PATCHWORKS_BASE_URL": url, "PATCHWORKS_API_KEY": RIGHT_KEY}
            line = one_line_failure("patchworks-core", tmp_path / name, env, RIGHT_KEY)
        assert said[name] in line, line


def test_a_server_error_is_said_as_one(tmp_path: Path) -> None:
    with serving(_answering(500, b'{"message": "Server Error"}', "application/json")) as url:
        env = {"PATCHWORKS_BASE_URL": url, "PATCHWORKS_API_KEY": RIGHT_KEY}
        line = one_line_failure("patchworks-core", tmp_path, env, RIGHT_KEY)
    assert "the server failed the authenticated read (500 from GET /api/v1/connection-pools" in line, line
