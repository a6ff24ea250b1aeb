"""Who may call: API keys (raw in Authorization), login tokens (Bearer, expiring), and how often:
Laravel's throttle, a fixed one-minute window per credential (per client address before authentication)."""

from __future__ import annotations

import hmac
import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from contract_tests.emulator.database import Database
from contract_tests.emulator.settings import EmulatorSettings


@dataclass(frozen=True)
class Caller:
    """The credential a request carries, if it is valid: its rate-limit key."""

    key: str


class Authenticator:
    def __init__(self, settings: EmulatorSettings, db: Database, clock: Callable[[], float] = time.time) -> None:
        self._keys = tuple(settings.api_keys)
        self._logins = {login.username: login.password for login in settings.logins}
        self._ttl = settings.token_ttl
        self._db = db
        self._clock = clock

    def caller(self, authorization: str | None) -> Caller | None:
        if not authorization:
            return None
        if authorization.startswith("Bearer "):
            token = authorization.removeprefix("Bearer ").strip()
            row = self._db.one("SELECT username, expires_at FROM tokens WHERE token = ?", (token,))
            if row is None or row["expires_at"] <= self._clock():
                return None
            return Caller(f"user:{row['username']}")
        for key in self._keys:
            if hmac.compare_digest(key.encode(), authorization.encode()):
                return Caller(f"key:{hmac.new(b'rate-limit', key.encode(), 'sha256').hexdigest()[:16]}")
        return None

    def login(self, username: str, password: str) -> str | None:
        """A new token for valid credentials, else None."""
        expected = self._logins.get(username)
        if expected is None or not hmac.compare_digest(expected.encode(), password.encode()):
            return None
        token = secrets.token_urlsafe(40)
        with self._db.transaction() as connection:
            connection.execute("DELETE FROM tokens WHERE expires_at <= ?", (self._clock(),))
            connection.execute("INSERT INTO tokens VALUES (?, ?, ?)", (token, username, self._clock() + self._ttl))
        return token

    @property
    def token_ttl(self) -> int:
        return self._ttl


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # seconds until the window resets (when not allowed)

    def headers(self) -> dict[str, str]:
        headers = {"X-RateLimit-Limit": str(self.limit), "X-RateLimit-Remaining": str(self.remaining)}
        if not self.allowed:
            headers["Retry-After"] = str(self.retry_after)
        return headers


class RateLimiter:
    """At most `per_minute` requests per key in each window of 60 s that starts with the key's first hit."""

    WINDOW = 60.0

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
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
            return Allowance(False, self.per_minute, 0, retry_after)
        self._windows[key] = (started, count + 1)
        return Allowance(True, self.per_minute, self.per_minute - count - 1, 0)

    def reset(self) -> None:
        self._windows.clear()
