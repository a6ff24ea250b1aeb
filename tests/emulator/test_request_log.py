"""The emulator's request log (core/request_log.py): one line per request with its method, path, status and
time, never a secret (a query parameter that carries one is masked; no header, no body), and, when served
by `api-emulator serve`, in the process's log (which a contract run keeps as the report's emulator.log)."""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import Path

import httpx
import pytest
import requests

from contract_tests.emulator import EmulatorSettings, Login, create_app
from contract_tests.emulator.core.request_log import MASK, MAX_TARGET, masked_target, secret_query_parameters
from contract_tests.emulator.core.spec import load_spec
from contract_tests.serving import emulator_process
from generator.layout import ApiLayout

LINE = re.compile(r"^(?P<method>[A-Z]+) (?P<target>\S+) (?P<status>\d{3}) (?P<ms>\d+\.\d) ms$")
SECRET = "s3cret-Token-value"


def test_the_secret_query_parameters_are_the_profiles_the_schemes_and_the_passwords() -> None:
    layout = ApiLayout.find("easydb")
    secrets = secret_query_parameters(load_spec(layout.spec_path), layout.profile.secret_query_parameters)
    assert {"token", "password"} <= secrets  # QueryToken's parameter; the profile's (login in the query)
    assert "language" not in secrets


def test_a_secret_value_is_masked_whatever_the_spelling_of_its_name() -> None:
    secrets = frozenset({"token", "password"})
    target = masked_target(b"/api/v1/pool", f"token={SECRET}&language=de-DE&PassWord=x%20y&Token=".encode(), secrets)
    assert target == f"/api/v1/pool?token={MASK}&language=de-DE&PassWord={MASK}&Token={MASK}"
    assert masked_target(b"/api/v1/pool", b"", secrets) == "/api/v1/pool"
    assert masked_target(b"/a", b"flag&token", secrets) == "/a?flag&token"  # no value, nothing to mask


def test_the_target_is_logged_encoded_and_cut() -> None:
    sent = "/café au lait/\n".encode()
    assert masked_target(sent, b"q=\x00&r=%41", frozenset()) == "/caf%C3%A9%20au%20lait/%0A?q=%00&r=%41"
    long = masked_target(b"/" + b"x" * 1000, b"", frozenset())
    assert len(long) == MAX_TARGET and long.endswith("…")


def test_every_request_is_one_line_without_its_secrets(caplog: pytest.LogCaptureFixture) -> None:
    app = create_app("easydb", EmulatorSettings(logins=(Login("admin", "pw", ("",)),), db=":memory:", rate_limit=0))

    async def calls() -> tuple[str, list[int]]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://emulator.test") as client:
            opened = await client.get("/api/v1/session", params={"language": "de-DE"})
            token = opened.json()["token"]
            authenticated = await client.post(
                "/api/v1/session/authenticate", params={"token": token, "login": "admin", "password": SECRET}
            )
            listed = await client.get("/api/v1/pool", headers={"x-easydb-token": token})
            return token, [opened.status_code, authenticated.status_code, listed.status_code]

    with caplog.at_level(logging.INFO, logger="api_emulator.requests"):
        session_token, statuses = asyncio.run(calls())
    lines = [record.getMessage() for record in caplog.records if record.name == "api_emulator.requests"]
    assert len(lines) == 3, lines
    found = [LINE.match(line) for line in lines]
    matched = [m for m in found if m is not None]
    assert len(matched) == 3, lines
    assert [(m["method"], int(m["status"])) for m in matched] == list(
        zip(["GET", "POST", "GET"], statuses, strict=True)
    )
    targets = [m["target"] for m in matched]
    assert targets == [
        "/api/v1/session?language=de-DE",
        f"/api/v1/session/authenticate?token={MASK}&login=admin&password={MASK}",
        "/api/v1/pool",
    ]
    # The session token, in the query of one request and in a header of the next, is in no line.
    text = "\n".join(lines)
    assert SECRET not in text and session_token not in text


def test_the_served_emulator_writes_its_request_lines_to_its_log(tmp_path: Path) -> None:
    log = tmp_path / "emulator.log"
    with emulator_process("patchworks-core", tmp_path / "e.db", api_key="log-test-key", log=log) as (url, _):
        answer = requests.get(f"{url}/api/v1/data-pool", params={"per_page": "2"},
                              headers={"Authorization": "log-test-key"}, timeout=10)  # fmt: skip
        missing = requests.get(f"{url}/api/v1/nothing", timeout=10)
    text = log.read_text(encoding="utf-8")
    assert f"INFO GET /api/v1/data-pool?per_page=2 {answer.status_code} " in text
    assert f"INFO GET /api/v1/nothing {missing.status_code} " in text
    assert "log-test-key" not in text  # neither the banner nor a line shows the key
