"""What the easydb emulator is started with: --login LOGIN:PASSWORD[:RIGHT,...] (rights checked at start,
sessions bound to the configured users, so a restart with other logins leaves old sessions
unauthenticated), --api-key (of no use to easydb, and harmless), the database file, and the control routes
(reset and state) behind an authenticated session."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from contract_tests.emulator import EmulatorSettings, Login, SettingsError, create_app
from contract_tests.emulator.cli import banner, main, serve_options
from contract_tests.serving import serving
from tests.emulator.conftest import CONTROL
from tests.emulator.easydb.conftest import API, PASSWORD, STANDARD, Emulator, error, logins, settings


@contextmanager
def emulator_on(db: Path, spec_checked: Emulator, accounts: dict[str, str]) -> Iterator[Emulator]:
    """An emulator on the database file `db` with these accounts, its answers checked as the module's are."""
    app = create_app(API, settings(db=str(db), logins=logins(accounts)))
    with serving(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield Emulator(url, http, spec_checked.spec, app)


def test_a_restart_with_other_logins_leaves_the_old_sessions_unauthenticated(tmp_path: Path, served: Emulator) -> None:
    db = tmp_path / "easydb.db"
    with emulator_on(db, served, {"alice": ""}) as first:
        alice = first.login("alice")
        pool_id = first.create(alice, "kept")["pool"]["_id"]
    with emulator_on(db, served, {"bob": "bag_read"}) as second:
        assert error(second.call("GET", "/api/v1/pool", token=alice)) == (
            400,
            "user",
            "error.user.not_authenticated",
            {},
        )
        assert "authenticated" not in second.call("GET", "/api/v1/session", token=alice).json()
        bob = second.login("bob")
        assert [pool["pool"]["_id"] for pool in second.pools(bob)] == [STANDARD, pool_id]
        assert (
            second.call(
                "POST", "/api/v1/session/authenticate", token=bob, data={"login": "alice", "password": PASSWORD}
            ).json()["code"]
            == "error.user.login_failed"
        )
    with emulator_on(db, served, {"alice": "bag_read"}) as third:
        # The same login again: its session is authenticated again, with the rights it has now.
        assert third.pools(alice)[1]["_generated_rights"]["bag_write"] is False


def test_the_system_pools_are_not_added_twice_on_a_restart(tmp_path: Path, served: Emulator) -> None:
    db = tmp_path / "easydb.db"
    for _ in range(2):
        with emulator_on(db, served, {"admin": ""}) as emulator:
            assert emulator.app.state.emulator.db.count("easydb_pools") == 2


@pytest.mark.parametrize("rights", ["bag_read,bag_fly", "root", "bag_read, nope"])
def test_an_unknown_right_stops_the_start_naming_it(rights: str) -> None:
    with pytest.raises(SettingsError, match="unknown rights") as raised:
        create_app(API, settings(logins=(Login("me", PASSWORD, (rights,)),)))
    assert "bag_read" in str(raised.value) and "system.rights_management" in str(raised.value)  # the known ones


def test_the_command_line_takes_rights_and_refuses_unknown_ones(capsys: pytest.CaptureFixture[str]) -> None:
    options = serve_options(["serve", "--api", API, "--login", "me:pw:bag_read,bag_write", "--db", ":memory:"], {})
    assert options.settings.logins == (Login("me", "pw", ("bag_read,bag_write",)),)
    assert main(["serve", "--api", API, "--login", "me:pw:bag_nope", "--db", ":memory:"]) == 2
    assert "unknown rights bag_nope" in capsys.readouterr().err


def test_an_api_key_is_harmless_and_said_to_be_ignored() -> None:
    options = serve_options(["serve", "--api", API, "--api-key", "k-123", "--login", "me:pw", "--db", ":memory:"], {})
    app = create_app(API, options.settings)
    lines = banner(options, app.state.emulator)
    assert "  API keys: not used (no security scheme of this API takes one)" in lines
    assert not any("k-123" in line or "pw" in line.replace("password", "") for line in lines)
    assert any("POST http://127.0.0.1:8080/api/v1/session/authenticate with login 'me'" in line for line in lines)
    with serving(app) as url:
        # The key is no session token: as any unknown token.
        answer = httpx.get(f"{url}/api/v1/pool", headers={"x-easydb-token": "k-123"})
        assert answer.json() == {"realm": "user", "code": "error.user.session_not_found", "parameters": {"id": "k-123"}}


def test_api_keys_alone_are_refused_as_nothing_could_call() -> None:
    with pytest.raises(SettingsError, match=r"easydb takes no API keys.*give --login"):
        create_app(API, EmulatorSettings(api_keys=("k",), db=":memory:"))


def test_the_control_routes_take_the_control_key_not_a_session(emulator: Emulator) -> None:
    """An authenticated session (the API's credential) opens no control route: only the control key does."""
    admin = emulator.login()
    for headers in ({}, {"X-Emulator-Control-Key": "wrong-control-key-0000"}):
        for method, path in (("POST", "/__emulator__/reset"), ("GET", "/__emulator__/state")):
            answer = emulator.call(method, path, token=admin, headers=headers, check=False)
            assert error(answer)[:3] == (400, "api", "error.api.generic"), answer.text
            assert "X-Emulator-Control-Key" in answer.json()["description"]
    assert emulator.call("GET", "/__emulator__/state", headers=CONTROL, check=False).status_code == 200


def test_state_counts_the_pools_and_sessions_and_reset_empties_them(emulator: Emulator) -> None:
    admin = emulator.login()
    for name in ("one", "two", "three"):
        emulator.create(admin, name)
    state = emulator.call("GET", "/__emulator__/state", headers=CONTROL, check=False).json()
    assert state == {"counts": {"easydb_pools": 5, "easydb_sessions": 1}}  # the reset before the test ended the others
    assert emulator.call("POST", "/__emulator__/reset", headers=CONTROL, check=False).status_code == 200
    emulator.login()
    state = emulator.call("GET", "/__emulator__/state", headers=CONTROL, check=False).json()
    assert state == {"counts": {"easydb_pools": 2, "easydb_sessions": 1}}  # the system pools
    wrong_method = emulator.call("GET", "/__emulator__/reset", headers=CONTROL, check=False)
    assert error(wrong_method)[:3] == (400, "api", "error.api.invalid_request_method")
