"""`api-emulator serve --api <name>`: the one command for every API, its options from the command line or
the API's <env_prefix>EMULATOR_* variables."""

from __future__ import annotations

import json
import logging
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from contract_tests.emulator import EmulatorSettings, Login, SettingsError
from contract_tests.emulator.cli import bound_socket, main, serve_options
from contract_tests.emulator.core.settings import EMULATOR_DIR
from contract_tests.serving import free_port
from contract_tests.testing import wait_until_up
from generator.layout import REPO_ROOT, all_apis

API = "patchworks-core"
EMULATOR = [sys.executable, "-m", "contract_tests.emulator"]


def test_options_come_from_the_command_line_then_the_apis_variables() -> None:
    environ = {
        "PATCHWORKS_EMULATOR_API_KEY": "k1,k2",
        "PATCHWORKS_EMULATOR_RATE_LIMIT": "60",
        "PATCHWORKS_EMULATOR_LOGIN": "a@b.c:pw",
        "PATCHWORKS_EMULATOR_PORT": "9000",
        "EASYDB_EMULATOR_HOST": "0.0.0.0",
    }
    options = serve_options(["serve", "--api", API, "--rate-limit", "0", "--db", ":memory:"], environ)
    assert (options.api, options.host, options.port) == (API, "127.0.0.1", 9000)
    assert options.settings.api_keys == ("k1", "k2")
    assert options.settings.rate_limit == 0
    assert [login.username for login in options.settings.logins] == ["a@b.c"]
    assert "pw" not in repr(options.settings)


def test_the_database_and_rate_limit_default_per_api() -> None:
    settings = serve_options(["serve", "--api", API, "--api-key", "k"], {}).settings
    assert (settings.db, settings.rate_limit) == (None, None)
    resolved = settings.for_api(API, 240)
    assert (resolved.db, resolved.rate_limit) == (str(EMULATOR_DIR / f"{API}.db"), 240)
    assert EmulatorSettings(api_keys=("k",), rate_limit=0).for_api("other", 240).rate_limit == 0


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["serve", "--api", API, "--api-key", "k", "--login", "nopassword"], "--login takes USER:PASSWORD"),
        (["serve", "--api", API, "--api-key", "k", "--rate-limit", "-1"], "--rate-limit must be 0 (off) or more"),
        (["serve", "--api", API], "give at least one --api-key or --login"),
    ],
)
def test_bad_options_are_named(argv: list[str], error: str) -> None:
    with pytest.raises(SettingsError, match=re.escape(error)):
        serve_options(argv, {})


def test_an_unknown_seed_exits_2_naming_the_apis_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--api", API, "--api-key", "k", "--db", ":memory:", "--seed", "lots"]) == 2
    assert "--seed must be one of none, demo" in capsys.readouterr().err


def test_a_port_in_use_exits_2_before_the_banner_says_it_serves(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        assert main(["serve", "--api", API, "--api-key", "k" * 16, "--db", ":memory:", "--port", str(port)]) == 2
    said = capsys.readouterr()
    assert f"cannot start: cannot serve on 127.0.0.1:{port}: Address already in use" in said.err
    assert "emulator on" not in said.out
    assert not logging.getLogger("api_emulator").handlers  # a failed start leaves no log handler behind


def test_the_listening_socket_says_tcp_so_that_asyncio_turns_nagle_off() -> None:
    """asyncio sets TCP_NODELAY on an accepted connection only when its socket's proto is IPPROTO_TCP;
    with proto 0 every answer waited 40 ms for the client's delayed ACK (make bench caught it)."""
    listening = bound_socket("127.0.0.1", 0)
    try:
        assert (listening.type, listening.proto) == (socket.SOCK_STREAM, socket.IPPROTO_TCP)
    finally:
        listening.close()


def copied_specs(tmp_path: Path, profile: tuple[str, str] | None = None, sorts: list[str] | None = None) -> Path:
    """The API's folder copied under tmp_path/specs, its profile text replaced (old, new) or the data-pool
    list's sorts changed; the copy's specs dir."""
    specs = tmp_path / "specs"
    shutil.copytree(REPO_ROOT / "specs" / API, specs / API)
    if profile is not None:
        path = specs / API / "api.yaml"
        text = path.read_text(encoding="utf-8")
        assert profile[0] in text
        path.write_text(text.replace(profile[0], profile[1]), encoding="utf-8")
    if sorts is not None:
        path = specs / API / "openapi.json"
        spec = json.loads(path.read_text(encoding="utf-8"))
        listing = spec["paths"]["/api/v1/data-pool"]["get"]
        next(p for p in listing["parameters"] if p["name"] == "sort")["x-sort-fields"] = sorts
        path.write_text(json.dumps(spec), encoding="utf-8")
    return specs


@pytest.mark.parametrize(
    ("change", "said"),
    [
        # The profile does not validate (generator/profile.py: BuildError, with the file and line).
        (
            {"profile": ("dialect: laravel", "dialect: ..os")},
            "api.yaml:{line}: emulator.dialect: '..os' does not match",
        ),
        # No such dialect (LookupError).
        ({"profile": ("dialect: laravel", "dialect: cobol")}, "api.yaml: emulator.dialect 'cobol': there is no"),
        # Another API's package (LookupError).
        (
            {"profile": ("dialect: laravel", "dialect: laravel\n  package: easydb")},
            "api.yaml: emulator.package 'easydb': contract_tests.emulator.apis.easydb.API is for 'easydb'",
        ),
        # The spec sorts on what the package's table does not have (SpecMismatch, a RuntimeError).
        ({"sorts": ["created_at", "colour"]}, "openapi.json: listDataPools: the spec filters or sorts on ['colour']"),
    ],
)
def test_an_api_that_cannot_start_exits_2_with_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: dict[str, Any], said: str
) -> None:
    specs = copied_specs(tmp_path, **change)
    profile = (specs / API / "api.yaml").read_text(encoding="utf-8").splitlines()
    line = next((number for number, text in enumerate(profile, 1) if "dialect:" in text), 0)
    argv = ["serve", "--api", API, "--specs-dir", str(specs), "--api-key", "k", "--db", ":memory:"]
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert error.startswith("api-emulator: cannot start: ") and f"{specs / API}/" in error, error
    assert said.format(line=line) in error, error
    assert "Traceback" not in error


def test_a_database_that_cannot_be_opened_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--api", API, "--api-key", "k", "--db", str(tmp_path)]) == 2  # a folder
    assert f"api-emulator: cannot start: --db {tmp_path}: unable to open database file" in capsys.readouterr().err


def test_a_login_takes_the_fields_the_api_names_after_the_password() -> None:
    assert Login.parse("me:pa:ss") == Login("me", "pa:ss")  # no extra fields: the password may hold colons
    assert Login.parse("me:pw:ops", extra=("group",)) == Login("me", "pw", ("ops",))
    assert Login.parse("me:pw", extra=("group",)) == Login("me", "pw", ("",))  # left out: empty
    with pytest.raises(SettingsError, match=re.escape("--login takes USER:PASSWORD[:GROUP]")):
        Login.parse("me:", extra=("group",))


def test_help_lists_the_apis() -> None:
    shown = subprocess.run([*EMULATOR, "serve", "--help"], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert all_apis() and all(api in shown.stdout for api in all_apis())


def test_an_unknown_api_exits_2_naming_the_known_ones() -> None:
    run = subprocess.run(
        [*EMULATOR, "serve", "--api", "nope", "--api-key", "k"], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert run.returncode == 2
    assert f"unknown API 'nope'; known APIs: {', '.join(all_apis())}" in run.stderr


def test_serve_prints_its_url_and_credentials_and_answers(tmp_path: Path) -> None:
    port = free_port()
    command = [
        *EMULATOR,
        "serve",
        "--api",
        API,
        "--port",
        str(port),
        "--db",
        str(tmp_path / "e.db"),
        "--api-key",
        "cli-key",
        "--login",
        "me:pw",
        "--seed",
        "demo",
    ]
    server = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE)
    try:
        wait_until_up(port, server, what="the emulator")
        answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/data-pool", headers={"Authorization": "cli-key"})
        assert answer.status_code == 200
        assert answer.json()["meta"]["total"] == 3  # the demo seed's data pools
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert f"Patchworks Core API emulator on http://127.0.0.1:{port}" in output
    assert "Authorization: <an --api-key>" in output and "cli-key" not in output  # where it goes, not the key
    assert f"POST http://127.0.0.1:{port}/fabric/api/login with username 'me'" in output
    assert "pw" not in output.replace("password", "")
