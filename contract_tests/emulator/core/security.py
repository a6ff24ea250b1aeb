"""Who may call, read as the spec's securitySchemes say: an API key or token in a header, a query
parameter or a cookie (apiKey), or in Authorization (http bearer, basic); and how often: a fixed one-minute
window per credential (per client address before authentication).

What a scheme's credential is checked against is its kind: `api_key` (the --api-key values), `token` (a
token the emulator issued at login, until it expires), `login` (a --login's username and password, as
HTTP basic sends them) or `session` (a session token the API package keeps and checks itself: any value
passes here, and the package's handlers answer an unknown or unauthenticated one as the API does). By
default an apiKey scheme takes API keys, http basic logins, and every other scheme (bearer, oauth2) tokens;
an API package may say otherwise per scheme (a session token sent as an apiKey header, say).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import math
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from starlette.requests import Request

from contract_tests.emulator.core.settings import EmulatorSettings
from contract_tests.emulator.core.spec import SecurityScheme
from contract_tests.emulator.core.storage import Database, Tables

TABLES = Tables(
    sql="""
-- The tokens issued at login, each bound to the account it was issued for: its username and the identity
-- of its credentials (an HMAC of username and password under this database's secret), so that a token
-- outlives neither its account nor a change of its password, a restart with other --login values
-- included. A token is kept as its SHA-256: the file holds none that could be sent.
CREATE TABLE IF NOT EXISTS login_tokens (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    identity TEXT NOT NULL,
    expires_at REAL NOT NULL
);
-- Before issue 13 tokens were bound to a username alone (and kept as sent): none of them is honoured.
DROP TABLE IF EXISTS tokens;
-- The key of the credentials' identities, made once per database (and never reset).
CREATE TABLE IF NOT EXISTS emulator_secret (id INTEGER PRIMARY KEY CHECK (id = 1), secret BLOB NOT NULL);
""",
    names=("login_tokens",),
    bookkeeping=("login_tokens",),
)
KINDS = ("api_key", "token", "login", "session")


@dataclass(frozen=True)
class Caller:
    """The credential a request carries, if it is valid: its rate-limit key, and for a session token the
    token itself (for the API package to look up; never shown in a repr)."""

    key: str
    credential: str | None = field(default=None, repr=False)


def default_kind(scheme: SecurityScheme) -> str:
    if scheme.type == "apiKey":
        return "api_key"
    if scheme.type == "http" and scheme.scheme == "basic":
        return "login"
    return "token"


def credential_kinds(schemes: Mapping[str, SecurityScheme], overrides: Mapping[str, str]) -> dict[str, str]:
    """What each scheme's credential is checked against: the API package's word, else the default.
    LookupError for a scheme the spec does not have or a kind there is not."""
    unknown = sorted(set(overrides) - set(schemes))
    if unknown:
        raise LookupError(
            f"credential kinds are given for {unknown}, which are not security schemes of the spec "
            f"(its schemes: {', '.join(schemes) or 'none'})"
        )
    kinds = {name: overrides.get(name) or default_kind(scheme) for name, scheme in schemes.items()}
    bad = {name: kind for name, kind in kinds.items() if kind not in KINDS}
    if bad:
        raise LookupError(f"unknown credential kinds {bad}: each is one of {', '.join(KINDS)}")
    return kinds


class Authenticator:
    def __init__(
        self,
        settings: EmulatorSettings,
        db: Database,
        schemes: Mapping[str, SecurityScheme],
        kinds: Mapping[str, str],
        clock: Callable[[], float] = time.time,
    ) -> None:
        """`kinds`: credential_kinds() of the schemes."""
        self._schemes = dict(schemes)
        self._kinds = dict(kinds)
        # Each key with its caller, made once: the rate-limit key is an HMAC of the key (never the key
        # itself), which need not be computed again on every request.
        self._key_callers = tuple(
            (key.encode(), Caller(f"key:{hmac.new(b'rate-limit', key.encode(), 'sha256').hexdigest()[:16]}"))
            for key in settings.api_keys
        )
        self._any_scheme = tuple((name,) for name in self._schemes)
        self._logins = {login.username: login.password for login in settings.logins}
        self._ttl = settings.token_ttl
        self._db = db
        self._clock = clock
        secret = self._secret(db)
        self._identities = {
            username: hmac.new(secret, f"{username}\0{password}".encode(), "sha256").hexdigest()
            for username, password in self._logins.items()
        }

    @staticmethod
    def _secret(db: Database) -> bytes:
        with db.transaction() as connection:
            connection.execute("INSERT OR IGNORE INTO emulator_secret VALUES (1, ?)", (secrets.token_bytes(32),))
            secret: bytes = connection.execute("SELECT secret FROM emulator_secret WHERE id = 1").fetchone()[0]
        return secret

    def alternatives(self, requirements: Sequence[Sequence[str]] = ()) -> tuple[tuple[str, ...], ...]:
        """What caller() tries for these requirements, in order (each operation's is worked out once)."""
        return tuple(tuple(requirement) for requirement in requirements if requirement) or self._any_scheme

    def caller_among(self, request: Request, alternatives: Sequence[Sequence[str]]) -> Caller | None:
        """The caller one of the alternatives() lets in."""
        for requirement in alternatives:
            if len(requirement) == 1:  # the usual requirement: one scheme
                caller = self._verified(requirement[0], request)
                if caller is not None:
                    return caller
                continue
            callers = [self._verified(name, request) for name in requirement]
            if all(callers):
                return callers[0]
        return None

    def _verified(self, name: str, request: Request) -> Caller | None:
        scheme = self._schemes.get(name)
        if scheme is None:
            return None
        credential = _credential(scheme, request)
        if not credential:
            return None
        kind = self._kinds[name]
        if kind == "api_key":
            return self._api_key(credential)
        if kind == "login":
            return self._basic(credential)
        if kind == "session":
            return Caller(f"session:{hashlib.sha256(credential.encode()).hexdigest()[:16]}", credential)
        return self._token(credential)

    def _api_key(self, credential: str) -> Caller | None:
        given = credential.encode()
        for key, caller in self._key_callers:
            if hmac.compare_digest(key, given):
                return caller
        return None

    def _basic(self, credential: str) -> Caller | None:
        try:
            username, _, password = base64.b64decode(credential, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return Caller(f"user:{username}") if self.check_login(username, password) else None

    def _token(self, token: str) -> Caller | None:
        """The caller of a token the emulator issued, while it lives and its account is configured with the
        credentials it was issued for. (A read on the event loop: one primary-key lookup.)"""
        row = self._db.one(
            "SELECT username, identity, expires_at FROM login_tokens WHERE token_hash = ?", (_hashed(token),)
        )
        if row is None or row["expires_at"] <= self._clock():
            return None
        expected = self._identities.get(row["username"])
        if expected is None or not hmac.compare_digest(expected, row["identity"]):
            return None
        return Caller(f"user:{row['username']}")

    def check_login(self, username: str, password: str) -> bool:
        expected = self._logins.get(username)
        return expected is not None and hmac.compare_digest(expected.encode(), password.encode())

    def login(self, username: str, password: str) -> str | None:
        """A new token for valid credentials, else None."""
        return self.issue(username) if self.check_login(username, password) else None

    def issue(self, username: str) -> str:
        """A new token for a configured user, living token_ttl seconds (expired ones are dropped meanwhile).
        LookupError for a user no --login configures: no token could be bound to its credentials."""
        identity = self._identities.get(username)
        if identity is None:
            raise LookupError(f"no --login configures the user {username!r}")
        token = secrets.token_urlsafe(40)
        with self._db.transaction() as connection:
            connection.execute("DELETE FROM login_tokens WHERE expires_at <= ?", (self._clock(),))
            connection.execute(
                "INSERT INTO login_tokens VALUES (?, ?, ?, ?)",
                (_hashed(token), username, identity, self._clock() + self._ttl),
            )
        return token

    @property
    def token_ttl(self) -> int:
        return self._ttl

    @property
    def kinds(self) -> Mapping[str, str]:
        """What each security scheme's credential is checked against (credential_kinds())."""
        return dict(self._kinds)


def _hashed(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _credential(scheme: SecurityScheme, request: Request) -> str | None:
    if scheme.type == "apiKey":
        if scheme.location == "query":
            return request.query_params.get(scheme.parameter)
        if scheme.location == "cookie":
            return request.cookies.get(scheme.parameter)
        return request.headers.get(scheme.parameter)
    authorization = request.headers.get("authorization", "")
    prefix = "basic " if scheme.scheme == "basic" else "bearer "
    # The scheme's name in any case (RFC 9110 11.1), as frameworks read it.
    return authorization[len(prefix) :].strip() if authorization[: len(prefix)].lower() == prefix else None


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # seconds until the window resets (when not allowed)
    reset_at: int = 0  # the same moment as a Unix time (when not allowed)

    def headers(self) -> dict[str, str]:
        headers = {"X-RateLimit-Limit": str(self.limit), "X-RateLimit-Remaining": str(self.remaining)}
        if not self.allowed:
            # As the usual throttle middleware refuses: Retry-After in seconds, X-RateLimit-Reset as a Unix time.
            headers["Retry-After"] = str(self.retry_after)
            headers["X-RateLimit-Reset"] = str(self.reset_at)
        return headers


class RateLimiter:
    """At most `per_minute` requests per key in each window of 60 s that starts with the key's first hit."""

    WINDOW = 60.0

    # `clock` runs the windows (tests give a fake one); `wall_clock` only dates X-RateLimit-Reset.
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], float] = time.time, *, per_account: bool = False) -> None:  # fmt: skip
        self.per_minute = per_minute
        self.per_account = per_account  # every valid credential counts toward one limit (the emulator is one account)
        self._clock = clock
        self._wall_clock = wall_clock
        self._windows: dict[str, tuple[float, int]] = {}

    def hit(self, key: str) -> Allowance | None:
        """Count a request; None when rate limiting is off."""
        if self.per_minute == 0:
            return None
        now = self._clock()
        started, count = self._windows.get(key, (now, 0))
        if now - started >= self.WINDOW:
            started, count = now, 0
        if count >= self.per_minute:
            retry_after = max(1, math.ceil(started + self.WINDOW - now))
            return Allowance(False, self.per_minute, 0, retry_after, math.ceil(self._wall_clock()) + retry_after)
        self._windows[key] = (started, count + 1)
        return Allowance(True, self.per_minute, self.per_minute - count - 1, 0)

    def reset(self) -> None:
        self._windows.clear()
