"""`patchworks-emulator serve`: options from the command line or PATCHWORKS_EMULATOR_* variables."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from contract_tests.emulator.settings import SettingsError, serve_options
from contract_tests.serving import free_port
from generator.layout import REPO_ROOT


def test_options_come_from_the_command_line_then_the_environment() -> None:
    environ = {"PATCHWORKS_EMULATOR_API_KEY": "k1,k2", "PATCHWORKS_EMULATOR_RATE_LIMIT": "60",
               "PATCHWORKS_EMULATOR_LOGIN": "a@b.c:pw", "PATCHWORKS_EMULATOR_PORT": "9000"}  # fmt: skip
    options = serve_options(["serve", "--rate-limit", "0", "--db", ":memory:"], environ)
    assert (options.host, options.port) == ("127.0.0.1", 9000)
    assert options.settings.api_keys == ("k1", "k2")
    assert options.settings.rate_limit == 0
    assert [login.username for login in options.settings.logins] == ["a@b.c"]
    assert "pw" not in repr(options.settings)


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["serve", "--api-key", "k", "--login", "nopassword"], "--login takes USER:PASSWORD"),
        (["serve", "--api-key", "k", "--rate-limit", "-1"], "--rate-limit must be 0 (off) or more"),
        (["serve"], "give at least one --api-key or --login"),
    ],
)
def test_bad_options_are_named(argv: list[str], error: str) -> None:
    with pytest.raises(SettingsError, match=re.escape(error)):
        serve_options(argv, {})


def test_serve_prints_its_url_and_credentials_and_answers(tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "contract_tests.emulator", "serve", "--port", str(port), "--db",
               str(tmp_path / "e.db"), "--api-key", "cli-key", "--login", "me:pw", "--seed", "demo"]  # fmt: skip
    server = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/data-pool", headers={"Authorization": "cli-key"})
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and server.poll() is None, "the emulator did not start"
                time.sleep(0.1)
        assert answer.status_code == 200
        assert answer.json()["meta"]["total"] == 3  # the demo seed's data pools
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}" in output
    assert "Authorization: cli-key" in output
    assert "username 'me'" in output
    assert "pw" not in output.replace("password", "")
