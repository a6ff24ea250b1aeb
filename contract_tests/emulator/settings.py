"""What the emulator serves and how: from the command line, or PATCHWORKS_EMULATOR_<NAME> variables."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.layout import REPO_ROOT

DEFAULT_DB = REPO_ROOT / ".emulator" / "patchworks.db"
DEFAULT_SPEC = REPO_ROOT / "specs" / "patchworks-core" / "openapi.json"
ENV_PREFIX = "PATCHWORKS_EMULATOR_"
SEEDS = ("none", "demo")


class SettingsError(ValueError):
    """A setting that cannot be used; the message names it."""


@dataclass(frozen=True)
class Login:
    username: str
    password: str = field(repr=False)

    @classmethod
    def parse(cls, text: str) -> Login:
        username, separator, password = text.partition(":")
        if not separator or not username or not password:
            raise SettingsError("--login takes USER:PASSWORD")
        return cls(username, password)


@dataclass(frozen=True)
class EmulatorSettings:
    api_keys: tuple[str, ...] = field(default=(), repr=False)
    logins: tuple[Login, ...] = ()
    db: str = str(DEFAULT_DB)  # a path, or ":memory:"
    rate_limit: int = 240  # requests per minute per credential; 0 turns it off
    token_ttl: int = 86400
    seed: str = "none"
    spec_path: Path = DEFAULT_SPEC
    downloads_dir: Path | None = None  # default: downloads/ beside the database

    def __post_init__(self) -> None:
        if self.rate_limit < 0:
            raise SettingsError("--rate-limit must be 0 (off) or more")
        if self.token_ttl < 1:
            raise SettingsError("--token-ttl must be at least 1 second")
        if self.seed not in SEEDS:
            raise SettingsError(f"--seed must be one of {', '.join(SEEDS)}")
        if not self.api_keys and not self.logins:
            raise SettingsError("give at least one --api-key or --login, or nothing could call the emulator")

    @property
    def downloads(self) -> Path:
        if self.downloads_dir is not None:
            return self.downloads_dir
        base = DEFAULT_DB.parent if self.db == ":memory:" else Path(self.db).parent
        return base / "downloads"


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="patchworks-emulator", description="A stateful Patchworks Core API emulator.")
    commands = root.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the emulator over HTTP")
    serve.add_argument("--host", default=None, help="default 127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default 8080")
    serve.add_argument("--api-key", action="append", default=None, help="an accepted API key (repeatable)")
    serve.add_argument(
        "--login", action="append", default=None, help="USER:PASSWORD for the login operation (repeatable)"
    )
    serve.add_argument("--db", default=None, help=f"SQLite file, or :memory: (default {DEFAULT_DB})")
    serve.add_argument("--rate-limit", type=int, default=None, help="requests per minute per credential, 0: off (240)")
    serve.add_argument("--token-ttl", type=int, default=None, help="seconds a login token lives (86400)")
    serve.add_argument("--seed", choices=SEEDS, default=None, help="data to start an empty database with (none)")
    return root


@dataclass(frozen=True)
class ServeOptions:
    host: str
    port: int
    settings: EmulatorSettings


def serve_options(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> ServeOptions:
    """Command-line options first, then PATCHWORKS_EMULATOR_<NAME> variables (lists comma-separated), then defaults."""
    args = parser().parse_args(argv)
    env = os.environ if environ is None else environ

    def pick(name: str, value: object, default: str) -> str:
        return str(value) if value is not None else env.get(ENV_PREFIX + name, default)

    def pick_list(name: str, values: list[str] | None) -> list[str]:
        if values:
            return values
        return [item.strip() for item in env.get(ENV_PREFIX + name, "").split(",") if item.strip()]

    try:
        settings = EmulatorSettings(
            api_keys=tuple(pick_list("API_KEY", args.api_key)),
            logins=tuple(Login.parse(text) for text in pick_list("LOGIN", args.login)),
            db=pick("DB", args.db, str(DEFAULT_DB)),
            rate_limit=int(pick("RATE_LIMIT", args.rate_limit, "240")),
            token_ttl=int(pick("TOKEN_TTL", args.token_ttl, "86400")),
            seed=pick("SEED", args.seed, "none"),
        )
        return ServeOptions(pick("HOST", args.host, "127.0.0.1"), int(pick("PORT", args.port, "8080")), settings)
    except ValueError as error:
        raise SettingsError(str(error)) from None
