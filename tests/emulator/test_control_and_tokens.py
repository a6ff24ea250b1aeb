"""Who may use the emulator (issue 13, holes 6 and 8): a login token is bound to the account and the
credentials it was issued for, across restarts; the control routes take a key of their own, answer only
on loopback unless allowed, and no key, password or token is ever on a command line, in a banner or in the
emulator's log."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import httpx
import pytest

from contract_tests.emulator import EmulatorSettings, Login, create_app
from contract_tests.emulator.cli import banner, exposure_warnings, serve_options
from contract_tests.emulator.core.settings import SettingsError
from contract_tests.serving import emulator_process, serving
from tests.emulator.conftest import CONTROL, CONTROL_KEY

API = "patchworks-core"
KEY = "control-test-api-key"
USER, PASSWORD = "me@example.com", "first-password"


def app_on(db: Path, *logins: Login, **settings: object) -> object:
    return create_app(API, EmulatorSettings(api_keys=(KEY,), logins=logins, db=str(db), rate_limit=0, **settings))  # type: ignore[arg-type]


def login(url: str, username: str = USER, password: str = PASSWORD) -> str:
    answer = httpx.post(f"{url}/fabric/api/login", json={"username": username, "password": password})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["token"])


def pools_status(url: str, token: str) -> int:
    return httpx.get(f"{url}/api/v1/data-pool", headers={"Authorization": f"Bearer {token}"}).status_code


def test_a_token_outlives_neither_its_account_nor_its_password_across_restarts(tmp_path: Path) -> None:
    db = tmp_path / "tokens.db"
    with serving(app_on(db, Login(USER, PASSWORD))) as url:
        token = login(url)
        assert pools_status(url, token) == 200
    with serving(app_on(db, Login(USER, PASSWORD))) as url:
        assert pools_status(url, token) == 200, "the same credentials after a restart: the token still holds"
    with serving(app_on(db, Login(USER, "another-password"))) as url:
        assert pools_status(url, token) == 401, "issued for another password"
    with serving(app_on(db, Login("someone-else@example.com", PASSWORD))) as url:
        assert pools_status(url, token) == 401, "its user is no longer configured"
    with serving(app_on(db, Login(USER, PASSWORD), control_key=CONTROL_KEY)) as url:
        assert pools_status(url, token) == 200
        # A token opens no control route, whoever it was issued for.
        bearer = {"Authorization": f"Bearer {token}"}
        assert httpx.post(f"{url}/__emulator__/reset", headers=bearer).status_code == 401
    with sqlite3.connect(db) as connection:
        stored = [row[0] for row in connection.execute("SELECT token_hash FROM login_tokens")]
    assert stored and token not in stored, "the database holds tokens that could be sent"
    assert token.encode() not in db.read_bytes()


def control(app: object, method: str, path: str, client: str = "127.0.0.1", **headers: str) -> httpx.Response:
    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, client=(client, 50000))  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://emulator.test") as http:
            return await http.request(method, path, headers=headers)

    return asyncio.run(send())


def test_the_control_routes_take_their_own_key_never_an_api_credential(tmp_path: Path) -> None:
    app = app_on(tmp_path / "c.db", control_key=CONTROL_KEY)
    refused = control(app, "POST", "/__emulator__/reset", Authorization=KEY)
    assert refused.status_code == 401
    assert refused.json() == {
        "message": "The emulator's control routes refused the request: send the emulator's control key in "
        "X-Emulator-Control-Key."
    }
    wrong = control(app, "GET", "/__emulator__/state", **{"X-Emulator-Control-Key": "not-the-control-key"})
    assert wrong.status_code == 401
    assert control(app, "POST", "/__emulator__/reset", **CONTROL).status_code == 200
    assert control(app, "GET", "/__emulator__/state", client="::1", **CONTROL).status_code == 200


def test_the_control_routes_answer_only_on_loopback_unless_remote_control_is_allowed(tmp_path: Path) -> None:
    local_only = app_on(tmp_path / "l.db", control_key=CONTROL_KEY)
    remote = control(local_only, "POST", "/__emulator__/reset", client="203.0.113.7", **CONTROL)
    assert remote.status_code == 403
    assert "--allow-remote-control" in remote.json()["message"]
    opened = app_on(tmp_path / "r.db", control_key=CONTROL_KEY, allow_remote_control=True)
    assert control(opened, "POST", "/__emulator__/reset", client="203.0.113.7", **CONTROL).status_code == 200


def test_without_a_control_key_the_control_routes_are_closed_saying_how_to_open_them(tmp_path: Path) -> None:
    closed = control(app_on(tmp_path / "n.db"), "POST", "/__emulator__/reset", Authorization=KEY)
    assert closed.status_code == 403
    assert "--control-key-file" in closed.json()["message"]


def test_a_control_key_is_long_and_not_an_api_key() -> None:
    with pytest.raises(SettingsError, match="at least 16 characters"):
        EmulatorSettings(api_keys=(KEY,), control_key="short")
    with pytest.raises(SettingsError, match="must not be one of the API keys"):
        EmulatorSettings(api_keys=(KEY,), control_key=KEY)
    assert CONTROL_KEY not in repr(EmulatorSettings(api_keys=(KEY,), control_key=CONTROL_KEY))


def test_keys_and_logins_come_from_files_or_the_environment(tmp_path: Path) -> None:
    keys, logins, control_file = tmp_path / "keys", tmp_path / "logins", tmp_path / "control"
    keys.write_text("file-key-one\n\nfile-key-two  \n")
    logins.write_text(f"{USER}:{PASSWORD}\n")
    control_file.write_text(CONTROL_KEY + "\n")
    argv = ["serve", "--api", API, "--api-key-file", str(keys), "--login-file", str(logins)]
    options = serve_options([*argv, "--control-key-file", str(control_file)], environ={})
    assert options.settings.api_keys == ("file-key-one", "file-key-two")
    assert options.settings.logins == (Login(USER, PASSWORD),)
    assert options.settings.control_key == CONTROL_KEY
    from_environment = serve_options(
        ["serve", "--api", API],
        environ={"PATCHWORKS_EMULATOR_API_KEY": "env-key", "PATCHWORKS_EMULATOR_CONTROL_KEY": CONTROL_KEY},
    )
    assert (from_environment.settings.api_keys, from_environment.settings.control_key) == (("env-key",), CONTROL_KEY)
    via_file_variable = serve_options(
        ["serve", "--api", API, "--api-key", "k"], environ={"PATCHWORKS_EMULATOR_CONTROL_KEY_FILE": str(control_file)}
    )
    assert via_file_variable.settings.control_key == CONTROL_KEY


def test_an_unreadable_key_file_is_named_never_its_content(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=r"--api-key-file .*missing: cannot be read \(No such file"):
        serve_options(["serve", "--api", API, "--api-key-file", str(tmp_path / "missing")], environ={})
    two = tmp_path / "two-keys"
    two.write_text("secret-one-aaaaaaaaaaaa\nsecret-two-bbbbbbbbbbbb\n")
    with pytest.raises(SettingsError) as refused:
        serve_options(["serve", "--api", API, "--api-key", "k", "--control-key-file", str(two)], environ={})
    assert "one key" in str(refused.value) and "secret-" not in str(refused.value)


def test_serving_beyond_loopback_warns_and_the_banner_shows_no_key(tmp_path: Path) -> None:
    argv = ["serve", "--api", API, "--api-key", KEY, "--db", str(tmp_path / "b.db")]
    local = serve_options(argv, environ={"PATCHWORKS_EMULATOR_CONTROL_KEY": CONTROL_KEY})
    assert exposure_warnings(local) == []
    exposed = serve_options([*argv, "--host", "0.0.0.0", "--allow-remote-control"],
                            environ={"PATCHWORKS_EMULATOR_CONTROL_KEY": CONTROL_KEY})  # fmt: skip
    warnings = exposure_warnings(exposed)
    assert len(warnings) == 2 and "0.0.0.0" in warnings[0] and "--allow-remote-control" in warnings[1]
    app = create_app(API, exposed.settings)
    lines = "\n".join(banner(exposed, app.state.emulator))
    assert "X-Emulator-Control-Key" in lines and "any client" in lines
    assert CONTROL_KEY not in lines and KEY not in lines


def test_an_emulator_process_gets_its_secrets_off_the_command_line_and_never_logs_them(tmp_path: Path) -> None:
    api_key, password, control_key = "canary-api-key-4f1c9e", "canary-password-77ab", "canary-control-key-9d2e31"
    log = tmp_path / "emulator.log"
    with emulator_process(
        API, tmp_path / "p.db", api_key=api_key, logins=[f"{USER}:{password}"], control_key=control_key, log=log
    ) as (url, pid):
        command_line = Path(f"/proc/{pid}/cmdline").read_bytes()
        assert httpx.get(f"{url}/api/v1/data-pool", headers={"Authorization": api_key}).status_code == 200
        token = login(url, USER, password)
        assert (
            httpx.get(f"{url}/__emulator__/state", headers={"X-Emulator-Control-Key": control_key}).status_code == 200
        )
        httpx.get(f"{url}/api/v1/data-pool", params={"token": token}, headers={"Authorization": f"Bearer {token}"})
    written = log.read_text()
    assert "GET /api/v1/data-pool" in written, "the log was not written: this test would prove nothing"
    for canary in (api_key, password, control_key, token):
        assert canary.encode() not in command_line
        assert canary not in written
