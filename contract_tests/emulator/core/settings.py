"""What the emulator serves and how: the settings one emulator runs with, whatever the API.

The command line (cli.py) fills them from its options, then from the API's variables
(<env_prefix>EMULATOR_<NAME>, the prefix from the API's profile), then from these defaults.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from generator.layout import REPO_ROOT

EMULATOR_DIR = REPO_ROOT / ".emulator"  # the default home of the databases (<api>.db) and written files


class SettingsError(ValueError):
    """What the emulator cannot start with: a setting, or the API's profile, spec or package; the message
    names the option or the file."""


@dataclass(frozen=True)
class Login:
    """An account the API's login accepts: a username, its password, and whatever else the API's
    accounts carry (`extra`, as its package names them)."""

    username: str
    password: str = field(repr=False)
    extra: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str, extra: tuple[str, ...] = ()) -> Login:
        """USER:PASSWORD, then up to one :VALUE per extra field (those left out are empty: the API package
        decides what an empty one means); the last field may hold colons."""
        parts = text.split(":", len(extra) + 1) if extra else text.split(":", 1)
        shape = ":".join(["USER", "PASSWORD"]) + "".join(f"[:{name.upper()}]" for name in extra)
        if len(parts) < 2 or not all(parts):
            raise SettingsError(f"--login takes {shape}")
        return cls(parts[0], parts[1], tuple(parts[2:]) + ("",) * (len(extra) + 2 - len(parts)))


@dataclass(frozen=True)
class EmulatorSettings:
    api_keys: tuple[str, ...] = field(default=(), repr=False)
    logins: tuple[Login, ...] = ()
    db: str | None = None  # a path, ":memory:", or None: .emulator/<api>.db
    # Requests a minute, per credential or for the account's together (the profile's rate_limit.per); 0 turns
    # it off; None: the profile's.
    rate_limit: int | None = None
    token_ttl: int = 86400  # seconds a login token lives
    seed: str = "none"  # the data an empty database starts with: none, or one of the API's seeds
    downloads_dir: Path | None = None  # where the API writes files (exports); default: downloads/ beside the db
    # The key of the control routes (/__emulator__/, header X-Emulator-Control-Key): none of the API's
    # credentials opens them. None: they are closed (every call to them is refused, saying how to open them).
    control_key: str | None = field(default=None, repr=False)
    allow_remote_control: bool = False  # False: the control routes answer loopback clients only

    def __post_init__(self) -> None:
        if self.rate_limit is not None and self.rate_limit < 0:
            raise SettingsError("--rate-limit must be 0 (off) or more")
        if self.token_ttl < 1:
            raise SettingsError("--token-ttl must be at least 1 second")
        if self.control_key is not None and len(self.control_key) < 16:
            raise SettingsError("the control key must be at least 16 characters (it opens reset and seed)")
        if self.control_key is not None and self.control_key in self.api_keys:
            raise SettingsError("the control key must not be one of the API keys: it is a key of its own")
        if not self.api_keys and not self.logins:
            raise SettingsError("give at least one --api-key or --login, or nothing could call the emulator")

    def for_api(self, api: str, requests_per_minute: int | None) -> EmulatorSettings:
        """The settings with what the API decides filled in: its database file and its rate limit."""
        return dataclasses.replace(
            self,
            db=self.db if self.db is not None else str(EMULATOR_DIR / f"{api}.db"),
            rate_limit=self.rate_limit if self.rate_limit is not None else (requests_per_minute or 0),
        )

    @property
    def downloads(self) -> Path:
        if self.downloads_dir is not None:
            return self.downloads_dir
        base = EMULATOR_DIR if self.db in (None, ":memory:") else Path(str(self.db)).parent
        return base / "downloads"
