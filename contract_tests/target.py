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
A live URL without a scheme or a host is refused here, and so is a live secret shorter than
MIN_SECRET_LENGTH (the report masks secrets wherever they appear, and a short one, `ma`, would mask every
occurrence of its letters) or one no header can carry (a line break, a control character, a space at
either end: a key copied with its newline), each naming the variable, never the value. The run's
credentials go into the process's registry of secrets (contract_tests/redaction.py) as they are read.
Whether the host answers and takes the credentials is contract_tests/preflight.py's.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from contract_tests import network, variables
from contract_tests.api import ContractApi, specs_dir
from contract_tests.auth import Credentials, Secret, key_placement, unsendable
from contract_tests.redaction import SECRETS, process_redactor, redact_file
from contract_tests.serving import emulator_process

ProfileName = Literal["full", "fast"]
FAST_SEED = 20261122
DEFAULT_LIVE_RATE_LIMIT = "200/m"
LIVE_SHARE = 5 / 6  # of the account's requests per minute, when the profile states them
_RATE = re.compile(r"^[1-9][0-9]*/[smh]$")
MIN_SECRET_LENGTH = 8
# The emulator's documented local credentials (the Makefile's EMULATOR_KEY and EMULATOR_LOGIN): what a
# reproduce command starts an emulator with, as the run's own credentials were never shown.
DEV_API_KEY = "local-dev-key"
DEV_LOGIN = "dev@example.com:dev-password"
REPRODUCE_PORT = 8080


class TargetError(ValueError):
    """The environment does not describe a run that can be made; the message says which variable."""


@dataclass(frozen=True)
class Profile:
    """How much of schemathesis.toml a run does. None: the file's own figure."""

    name: ProfileName
    max_examples: int | None
    stateful_scenarios: int

    def describe(self) -> str:
        """`full`, or `full, 20 examples per operation` when the run sets its own figure."""
        return self.name if self.max_examples is None else f"{self.name}, {self.max_examples} examples per operation"


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
    report_dir: Path | None = None  # CONTRACT_REPORTS: the run's report folder (the emulator's database goes there)
    specs_dir: Path | None = None  # CONTRACT_SPECS_DIR: the API folders, when not specs/

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

    @property
    def emulator_db(self) -> Path | None:
        """Where the run's emulator keeps its data when the run has a report folder (kept with the
        report, so that a failure can be replayed on the data it met); else None (a temporary folder)."""
        return None if self.report_dir is None else self.report_dir / "emulator.db"

    def reproduce_host(self) -> tuple[str, str] | None:
        """For a run against its emulator: the shell command (from the repository's folder) that starts an
        equivalent emulator, and the base URL a reproduce curl then goes to; None for a live host (the
        curl goes to it as it is). The emulator is the same API's, on port REPRODUCE_PORT, with the
        documented local credentials (DEV_API_KEY, or the login DEV_LOGIN: never the run's own), no rate
        limit as in the run, and a copy of the data the run's emulator ended with when the run kept it
        (emulator_db), else an empty database like the one the run started with."""
        if self.live_url is not None:
            return None
        credential = (["--api-key", DEV_API_KEY] if self.credentials.api_key is not None
                      else ["--login", DEV_LOGIN])  # fmt: skip
        serve = [".venv/bin/api-emulator", "serve", "--api", self.api, "--port", str(REPRODUCE_PORT),
                 *(["--specs-dir", str(self.specs_dir)] if self.specs_dir is not None else []),
                 "--rate-limit", "0", *credential]  # fmt: skip
        db = self.emulator_db
        if db is None:
            command = shlex.join([*serve, "--db", ":memory:"])
        else:
            copy = db.with_name("reproduce.db")  # the run's own data stays as the run left it
            command = f"{shlex.join(['cp', str(db), str(copy)])} && {shlex.join([*serve, '--db', str(copy)])}"
        return command, f"http://127.0.0.1:{REPRODUCE_PORT}"


def from_environment(api: ContractApi, environ: Mapping[str, str] | None = None) -> Target:
    env = os.environ if environ is None else environ
    names = api.profile.env
    profile_name = env.get(names("CONTRACT_PROFILE"), "fast")
    if profile_name not in PROFILES:
        raise TargetError(f"{names('CONTRACT_PROFILE')} must be one of {', '.join(PROFILES)}, not {profile_name!r}")
    profile = _with_max_examples(PROFILES[profile_name], env, names("CONTRACT_MAX_EXAMPLES"))
    live_url = env.get(names("BASE_URL"), "").strip().rstrip("/") or None
    if live_url is not None and (problem := network.url_problem(live_url)) is not None:
        raise TargetError(f"{names('BASE_URL')}={live_url}: {problem}")
    credentials = _live_credentials(api, env) if live_url else emulator_credentials(api)
    SECRETS.register(*credentials.values())
    return Target(
        api=api.name,
        live_url=live_url,
        credentials=credentials,
        writes_allowed=live_url is None or _flag(env, names("ALLOW_WRITES")),
        profile=profile,
        seed=_seed(env, names("CONTRACT_SEED"), profile),
        seed_variable=names("CONTRACT_SEED"),
        run_id=time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + secrets.token_hex(2),
        live_rate_limit=_rate_limit(api, env),
        report_dir=Path(env[variables.REPORTS]) if env.get(variables.REPORTS) else None,
        specs_dir=Path(env[variables.SPECS_DIR]) if env.get(variables.SPECS_DIR) else None,
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
            return Credentials(api_key=Secret(_usable(names("API_KEY"), key, in_header=True)))
    login = login_variables(api)
    if login is not None:
        options.append(f"{login[0]} and {login[1]}")
        username, password = env.get(login[0], ""), env.get(login[1], "")
        if username and password:
            # A login's credentials travel in a body or an encoded query, where a space at either end is a
            # character like any other; a line break or control character is still refused (most often a
            # value read from a file with its newline).
            _sendable(login[0], username, spaces_allowed=True)
            _sendable(login[1], password, spaces_allowed=True)
            return Credentials(username=Secret(username), password=Secret(_usable(login[1], password)),
                               login_url=env.get(names("LOGIN_URL")) or None)  # fmt: skip
    raise TargetError(
        f"{names('BASE_URL')} is set, so the run goes to a live host: set {', or '.join(options) or 'credentials'} "
        "for it"
    )


def _usable(variable: str, secret: str, *, in_header: bool = False) -> str:
    """The secret, when it can be sent (in a header, when it goes in one) and masked; else TargetError
    naming the variable."""
    if in_header:
        _sendable(variable, secret)
    if len(secret) < MIN_SECRET_LENGTH:
        raise TargetError(
            f"{variable} is shorter than {MIN_SECRET_LENGTH} characters: too short to mask safely in the run's report "
            "(every occurrence of its letters would be masked), so a live run refuses it"
        )
    return secret


def _sendable(variable: str, value: str, *, spaces_allowed: bool = False) -> None:
    problem = unsendable(value.strip(" ") if spaces_allowed else value)
    if problem is not None:
        raise TargetError(f"{variable} {problem}: no request can carry it as it is; set it without that")


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


def _with_max_examples(profile: Profile, env: Mapping[str, str], variable: str) -> Profile:
    """The profile with the examples per operation that `variable` sets (`make contract MAX_EXAMPLES=n`),
    in place of the profile's (or schemathesis.toml's) figure."""
    text = env.get(variable, "").strip()
    if not text:
        return profile
    number = examples_per_operation(text)
    if number is None:
        raise TargetError(f"{variable} must be a whole number of examples per operation, 1 or more, not {text!r}")
    return replace(profile, max_examples=number)


def examples_per_operation(text: str) -> int | None:
    """A whole number of examples per operation, 1 or more (ASCII digits: "²" is a digit to str.isdigit);
    None for any other text. The one rule of the variable and of --max-examples."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and int(text) >= 1 else None


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
    fresh database (target.emulator_db, else in `workdir`; its log beside it, or at CONTRACT_EMULATOR_LOG)
    and stopped after."""
    if target.live_url is not None:
        yield target.live_url
        return
    credentials = target.credentials
    key = credentials.api_key.reveal() if credentials.api_key is not None else None
    logins = ([f"{credentials.username.reveal()}:{credentials.password.reveal()}"]
              if credentials.username is not None and credentials.password is not None else [])  # fmt: skip
    log = Path(os.environ.get(variables.EMULATOR_LOG) or workdir / "emulator.log")
    db = target.emulator_db or workdir / "emulator.db"
    db.unlink(missing_ok=True)  # a fresh database for every run, even in a reused report folder
    try:
        with emulator_process(target.api, db, api_key=key, logins=logins, log=log,
                              specs_dir=specs_dir()) as (url, _):  # fmt: skip
            yield url
    finally:
        redact_file(log, process_redactor())  # the copy the run keeps holds no secret of the process's
