"""What the contract check runs against, and how hard, read from the environment.

- The host: by default the emulator, started for the run with a fresh database on a free loopback port.
  PATCHWORKS_BASE_URL points the run at a live host instead, with PATCHWORKS_API_KEY, or with
  PATCHWORKS_USERNAME and PATCHWORKS_PASSWORD to log in (at PATCHWORKS_LOGIN_URL, by default the login
  operation's own server in the spec).
- Writes: a live run only reads unless PATCHWORKS_ALLOW_WRITES=1 (contract_tests/safety.py says what a
  writing run may touch). A run against the emulator always writes.
- The profile (PATCHWORKS_CONTRACT_PROFILE): `full` is schemathesis.toml as written (`make contract`);
  `fast` runs a few examples per operation, for `make test`.
- The pace against a live host (PATCHWORKS_CONTRACT_RATE_LIMIT, default 200/m): the account allows 240
  requests a minute, and the services sharing it keep the rest.
- The seed (PATCHWORKS_CONTRACT_SEED): printed with every run so that a failure can be replayed; a run
  without one draws one (the fast profile uses a fixed one, so `make test` is repeatable).
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from patchworks_core_client._auth import Secret

from contract_tests.serving import emulator_process

ProfileName = Literal["full", "fast"]
FAST_SEED = 20261122
LIVE_RATE_LIMIT = "200/m"
_RATE = re.compile(r"^[1-9][0-9]*/[smh]$")


class TargetError(ValueError):
    """The environment does not describe a run that can be made; the message says which variable."""


@dataclass(frozen=True)
class Profile:
    """How much of schemathesis.toml a run does. None: the file's own figure."""

    name: ProfileName
    max_examples: int | None
    stateful_scenarios: int


PROFILES: dict[str, Profile] = {
    "full": Profile("full", max_examples=None, stateful_scenarios=100),
    "fast": Profile("fast", max_examples=8, stateful_scenarios=10),
}


@dataclass(frozen=True)
class Credentials:
    """An API key, or a username and password for the login operation; never shown in a repr."""

    api_key: Secret | None = None
    username: Secret | None = None
    password: Secret | None = None
    login_url: str | None = None

    def values(self) -> list[str]:
        """The secret values themselves, for reports to mask wherever they might appear."""
        return [secret.reveal() for secret in (self.api_key, self.username, self.password) if secret is not None]


@dataclass(frozen=True)
class Target:
    live_url: str | None  # None: the emulator, started for the run
    credentials: Credentials = field(repr=False)
    writes_allowed: bool
    profile: Profile
    seed: int
    run_id: str
    live_rate_limit: str = LIVE_RATE_LIMIT  # schemathesis' form: requests per s, m or h

    @property
    def live(self) -> bool:
        return self.live_url is not None

    def describe(self) -> str:
        if self.live_url is None:
            return "the emulator (a fresh database for this run)"
        access = "writes allowed on resources this run creates" if self.writes_allowed else "read-only"
        return f"the live host {self.live_url} ({access})"


def from_environment(environ: Mapping[str, str] | None = None) -> Target:
    env = os.environ if environ is None else environ
    profile_name = env.get("PATCHWORKS_CONTRACT_PROFILE", "fast")
    if profile_name not in PROFILES:
        raise TargetError(f"PATCHWORKS_CONTRACT_PROFILE must be one of {', '.join(PROFILES)}, not {profile_name!r}")
    profile = PROFILES[profile_name]
    live_url = env.get("PATCHWORKS_BASE_URL", "").strip().rstrip("/") or None
    return Target(
        live_url=live_url,
        credentials=_live_credentials(env) if live_url else Credentials(api_key=Secret(secrets.token_urlsafe(24))),
        writes_allowed=live_url is None or _flag(env, "PATCHWORKS_ALLOW_WRITES"),
        profile=profile,
        seed=_seed(env, profile),
        run_id=time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + secrets.token_hex(2),
        live_rate_limit=_rate_limit(env),
    )


def _live_credentials(env: Mapping[str, str]) -> Credentials:
    api_key, username, password = (env.get(name, "") for name in ("PATCHWORKS_API_KEY", "PATCHWORKS_USERNAME",
                                                                   "PATCHWORKS_PASSWORD"))  # fmt: skip
    if api_key:
        return Credentials(api_key=Secret(api_key))
    if username and password:
        return Credentials(username=Secret(username), password=Secret(password),
                           login_url=env.get("PATCHWORKS_LOGIN_URL") or None)  # fmt: skip
    raise TargetError(
        "PATCHWORKS_BASE_URL is set, so the run goes to a live host: set PATCHWORKS_API_KEY, or "
        "PATCHWORKS_USERNAME and PATCHWORKS_PASSWORD, for it"
    )


def _rate_limit(env: Mapping[str, str]) -> str:
    text = env.get("PATCHWORKS_CONTRACT_RATE_LIMIT", "").strip() or LIVE_RATE_LIMIT
    if not _RATE.match(text):
        raise TargetError(f"PATCHWORKS_CONTRACT_RATE_LIMIT must look like 200/m (requests per s, m or h), not {text!r}")
    return text


def _flag(env: Mapping[str, str], name: str) -> bool:
    value = env.get(name, "").strip().lower()
    if value in ("", "0", "false", "no"):
        return False
    if value in ("1", "true", "yes"):
        return True
    raise TargetError(f"{name} must be 1 or 0, not {value!r}")


def _seed(env: Mapping[str, str], profile: Profile) -> int:
    text = env.get("PATCHWORKS_CONTRACT_SEED", "").strip()
    if not text:
        return FAST_SEED if profile.name == "fast" else secrets.randbelow(2**32)
    try:
        return int(text)
    except ValueError:
        raise TargetError(f"PATCHWORKS_CONTRACT_SEED must be an integer, not {text!r}") from None


@contextmanager
def host(target: Target, workdir: Path) -> Iterator[str]:
    """The base URL of the run's host for the with-block: the live one, or an emulator started on a
    fresh database in `workdir` (its log beside it) and stopped after."""
    if target.live_url is not None:
        yield target.live_url
        return
    assert target.credentials.api_key is not None
    key = target.credentials.api_key.reveal()
    log = Path(os.environ.get("PATCHWORKS_CONTRACT_EMULATOR_LOG") or workdir / "emulator.log")
    with emulator_process(workdir / "emulator.db", api_key=key, log=log) as (url, _):
        yield url
