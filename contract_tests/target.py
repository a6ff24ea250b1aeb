"""What the contract check runs against, and how hard, read from the environment.

Every variable is named by the API's env_prefix (specs/<api>/api.yaml), written <PREFIX> here:
- The host: by default the API's emulator, started for the run with a fresh database on a free loopback
  port. <PREFIX>BASE_URL points the run at a live host instead, with <PREFIX>API_KEY (when the API has
  API keys), or with a user name and password for its token flow: the variables are named after the
  fields the flow sends them in (<PREFIX>USERNAME and <PREFIX>PASSWORD for a login taking `username`
  and `password`), and <PREFIX>LOGIN_URL sends the login elsewhere than the spec says.
- Writes: a live run only reads unless <PREFIX>ALLOW_WRITES=1 (contract_tests/safety.py says what a
  writing run may touch). A run against the emulator always writes.
- The profile (<PREFIX>CONTRACT_PROFILE): `full` is schemathesis.toml as written (`make contract`);
  `fast` runs a few examples per operation, for `make test`.
- The pace against a live host (<PREFIX>CONTRACT_RATE_LIMIT): by default 5/6 of the profile's
  rate_limit.requests_per_minute (the services sharing the account keep the rest), else 200/m.
- The seed (<PREFIX>CONTRACT_SEED): printed with every run so that a failure can be replayed; a run
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

from contract_tests import variables
from contract_tests.api import ContractApi, specs_dir
from contract_tests.auth import Credentials, Secret, key_placement
from contract_tests.serving import emulator_process

ProfileName = Literal["full", "fast"]
FAST_SEED = 20261122
DEFAULT_LIVE_RATE_LIMIT = "200/m"
LIVE_SHARE = 5 / 6  # of the account's requests per minute, when the profile states them
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
class Target:
    api: str
    live_url: str | None  # None: the emulator, started for the run
    credentials: Credentials = field(repr=False)
    writes_allowed: bool
    profile: Profile
    seed: int
    seed_variable: str  # the variable that replays the run: <PREFIX>CONTRACT_SEED
    run_id: str
    live_rate_limit: str = DEFAULT_LIVE_RATE_LIMIT  # schemathesis' form: requests per s, m or h

    @property
    def live(self) -> bool:
        return self.live_url is not None

    @property
    def kind(self) -> str:
        """The report folder's middle part: reports/<api>-<kind>-<time>/."""
        return "live" if self.live else "emulator"

    def describe(self) -> str:
        if self.live_url is None:
            return f"the {self.api} emulator (a fresh database for this run)"
        access = "writes allowed on resources this run creates" if self.writes_allowed else "read-only"
        return f"the live {self.api} host {self.live_url} ({access})"


def from_environment(api: ContractApi, environ: Mapping[str, str] | None = None) -> Target:
    env = os.environ if environ is None else environ
    names = api.profile.env
    profile_name = env.get(names("CONTRACT_PROFILE"), "fast")
    if profile_name not in PROFILES:
        raise TargetError(f"{names('CONTRACT_PROFILE')} must be one of {', '.join(PROFILES)}, not {profile_name!r}")
    profile = PROFILES[profile_name]
    live_url = env.get(names("BASE_URL"), "").strip().rstrip("/") or None
    return Target(
        api=api.name,
        live_url=live_url,
        credentials=_live_credentials(api, env) if live_url else emulator_credentials(api),
        writes_allowed=live_url is None or _flag(env, names("ALLOW_WRITES")),
        profile=profile,
        seed=_seed(env, names("CONTRACT_SEED"), profile),
        seed_variable=names("CONTRACT_SEED"),
        run_id=time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + secrets.token_hex(2),
        live_rate_limit=_rate_limit(api, env),
    )


def login_variables(api: ContractApi) -> tuple[str, str] | None:
    """The variables of a live run's user name and password, named after the token flow's fields
    (<PREFIX>USERNAME for `username_field: username`); None when the API has no token flow."""
    flow = api.profile.token_flow
    if flow is None:
        return None
    user, password = ((flow["username_field"], flow["password_field"]) if flow["kind"] == "login"
                      else (flow["login_parameter"], flow["password_parameter"]))  # fmt: skip
    return api.profile.env(_variable_part(user)), api.profile.env(_variable_part(password))


def _variable_part(field_name: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", field_name.upper()).strip("_")


def emulator_credentials(api: ContractApi) -> Credentials:
    """Fresh credentials for the run's own emulator: an API key when the API has them, else a login."""
    if key_placement(api) is not None:
        return Credentials(api_key=Secret(secrets.token_urlsafe(24)))
    return Credentials(username=Secret(f"contract-{secrets.token_hex(4)}"), password=Secret(secrets.token_urlsafe(24)))


def _live_credentials(api: ContractApi, env: Mapping[str, str]) -> Credentials:
    names = api.profile.env
    options = []
    if key_placement(api) is not None:
        options.append(names("API_KEY"))
        if key := env.get(names("API_KEY"), ""):
            return Credentials(api_key=Secret(key))
    login = login_variables(api)
    if login is not None:
        options.append(f"{login[0]} and {login[1]}")
        username, password = env.get(login[0], ""), env.get(login[1], "")
        if username and password:
            return Credentials(username=Secret(username), password=Secret(password),
                               login_url=env.get(names("LOGIN_URL")) or None)  # fmt: skip
    raise TargetError(
        f"{names('BASE_URL')} is set, so the run goes to a live host: set {', or '.join(options) or 'credentials'} "
        "for it"
    )


def _rate_limit(api: ContractApi, env: Mapping[str, str]) -> str:
    variable = api.profile.env("CONTRACT_RATE_LIMIT")
    per_minute = api.profile.requests_per_minute
    default = f"{int(per_minute * LIVE_SHARE) or 1}/m" if per_minute else DEFAULT_LIVE_RATE_LIMIT
    text = env.get(variable, "").strip() or default
    if not _RATE.match(text):
        raise TargetError(f"{variable} must look like 200/m (requests per s, m or h), not {text!r}")
    return text


def _flag(env: Mapping[str, str], name: str) -> bool:
    value = env.get(name, "").strip().lower()
    if value in ("", "0", "false", "no"):
        return False
    if value in ("1", "true", "yes"):
        return True
    raise TargetError(f"{name} must be 1 or 0, not {value!r}")


def _seed(env: Mapping[str, str], variable: str, profile: Profile) -> int:
    text = env.get(variable, "").strip()
    if not text:
        return FAST_SEED if profile.name == "fast" else secrets.randbelow(2**32)
    try:
        return int(text)
    except ValueError:
        raise TargetError(f"{variable} must be an integer, not {text!r}") from None


@contextmanager
def host(target: Target, workdir: Path) -> Iterator[str]:
    """The base URL of the run's host for the with-block: the live one, or the API's emulator started on a
    fresh database in `workdir` (its log beside it, or at CONTRACT_EMULATOR_LOG) and stopped after."""
    if target.live_url is not None:
        yield target.live_url
        return
    credentials = target.credentials
    key = credentials.api_key.reveal() if credentials.api_key is not None else None
    logins = ([f"{credentials.username.reveal()}:{credentials.password.reveal()}"]
              if credentials.username is not None and credentials.password is not None else [])  # fmt: skip
    log = Path(os.environ.get(variables.EMULATOR_LOG) or workdir / "emulator.log")
    with emulator_process(target.api, workdir / "emulator.db", api_key=key, logins=logins, log=log,
                          specs_dir=specs_dir()) as (url, _):  # fmt: skip
        yield url
