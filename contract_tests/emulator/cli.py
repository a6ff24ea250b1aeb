"""`api-emulator serve --api <name> ...`: one API's emulator under uvicorn.

Each option can also be given as the API's variable <env_prefix>EMULATOR_<NAME> (the prefix from the API's
profile; lists comma-separated): the command line first, then the variable, then the default.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from contract_tests.emulator.core.api import load_api
from contract_tests.emulator.core.app import create_app
from contract_tests.emulator.core.call import Emulator
from contract_tests.emulator.core.settings import EMULATOR_DIR, EmulatorSettings, Login, SettingsError
from generator.errors import BuildError
from generator.layout import ApiLayout, all_apis

PROG = "api-emulator"
LOG_HANDLER = "api-emulator-stderr"  # the handler log_to_stderr() adds, once however often main() runs


def parser(apis: Sequence[str]) -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog=PROG, description="A stateful emulator of an API, driven by its spec.")
    commands = root.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve",
        help="serve one API's emulator over HTTP",
        description=f"Serve one API's emulator over HTTP. APIs: {', '.join(apis) or 'none'}.",
    )
    only = apis[0] if len(apis) == 1 else None
    serve.add_argument(
        "--api",
        required=only is None,
        default=only,
        metavar="NAME",
        help=f"the API to emulate, one of: {', '.join(apis) or 'none'}" + (f" (default {only})" if only else ""),
    )
    serve.add_argument(
        "--specs-dir", type=Path, default=None, metavar="DIR", help="where the API folders are (default: specs/)"
    )
    serve.add_argument("--host", default=None, help="default 127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default 8080")
    serve.add_argument("--api-key", action="append", default=None, help="an accepted API key (repeatable)")
    serve.add_argument(
        "--login", action="append", default=None, help="USER:PASSWORD an account the login accepts (repeatable)"
    )
    serve.add_argument("--db", default=None, help=f"SQLite file, or :memory: (default {EMULATOR_DIR}/<api>.db)")
    serve.add_argument(
        "--rate-limit",
        type=int,
        default=None,
        help="requests per minute per credential, 0: off (default: the API's profile)",
    )
    serve.add_argument("--token-ttl", type=int, default=None, help="seconds a login token lives (86400)")
    serve.add_argument(
        "--seed", default=None, help="data to start an empty database with: none (default) or one of the API's seeds"
    )
    return root


@dataclass(frozen=True)
class ServeOptions:
    api: str
    host: str
    port: int
    settings: EmulatorSettings
    specs_dir: Path | None = None  # None: the repository's specs/


def _specs_dir(argv: Sequence[str] | None) -> Path | None:
    """--specs-dir, read before the rest: the APIs the full parser offers are the ones found there."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--specs-dir", type=Path, default=None)
    known, _ = early.parse_known_args(argv)
    specs_dir: Path | None = known.specs_dir
    return specs_dir


def serve_options(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> ServeOptions:
    """The options of `serve`: from the command line, then the API's variables, then the defaults. An
    unknown API exits 2 (argparse), naming the known ones; SettingsError for an option that cannot be
    used, or a profile or API package that cannot be loaded (naming its file)."""
    apis = all_apis(_specs_dir(argv))
    command = parser(apis)
    args = command.parse_args(argv)
    if args.api not in apis:
        command.error(f"unknown API {args.api!r}; known APIs: {', '.join(apis) or 'none'}")
    try:
        layout = ApiLayout.find(args.api, specs_dir=args.specs_dir)
        profile = layout.profile
        package = load_api(args.api, profile.emulator_package, layout.display(profile.path))
    except (BuildError, LookupError) as error:
        raise SettingsError(str(error)) from None
    env = os.environ if environ is None else environ

    def pick(name: str, value: object, default: str | None) -> str | None:
        return str(value) if value is not None else env.get(profile.env("EMULATOR_" + name), default)

    def pick_list(name: str, values: list[str] | None) -> list[str]:
        if values:
            return values
        return [item.strip() for item in env.get(profile.env("EMULATOR_" + name), "").split(",") if item.strip()]

    try:
        rate_limit = pick("RATE_LIMIT", args.rate_limit, None)
        settings = EmulatorSettings(
            api_keys=tuple(pick_list("API_KEY", args.api_key)),
            logins=tuple(Login.parse(text, package.login_extra) for text in pick_list("LOGIN", args.login)),
            db=pick("DB", args.db, None),
            rate_limit=int(rate_limit) if rate_limit is not None else None,
            token_ttl=int(pick("TOKEN_TTL", args.token_ttl, "86400") or 86400),
            seed=pick("SEED", args.seed, "none") or "none",
        )
        return ServeOptions(
            args.api,
            pick("HOST", args.host, "127.0.0.1") or "127.0.0.1",
            int(pick("PORT", args.port, "8080") or 8080),
            settings,
            args.specs_dir,
        )
    except ValueError as error:
        raise SettingsError(str(error)) from None


def banner(options: ServeOptions, emulator: Emulator) -> list[str]:
    """What the emulator prints on start: where it serves, and how to call it (never a password or key)."""
    profile = ApiLayout.find(emulator.api, specs_dir=options.specs_dir).profile
    app_settings, spec = emulator.settings, emulator.spec
    url = f"http://{options.host}:{options.port}"
    lines = [
        f"{profile.display_name} emulator on {url} (database: {app_settings.db}, rate limit: "
        f"{app_settings.rate_limit or 'off'}/minute, seed: {app_settings.seed})"
    ]
    places = {"query": "?{name}={key}", "cookie": "Cookie: {name}={key}", "header": "{name}: {key}"}
    kinds = emulator.authenticator.kinds
    key_schemes = [scheme for name, scheme in spec.security_schemes.items() if kinds.get(name) == "api_key"]
    for scheme in key_schemes[:1] if app_settings.api_keys else []:  # the key itself is a secret: not shown
        lines.append("  API key:  " + places[scheme.location].format(name=scheme.parameter, key="<an --api-key>"))
    if app_settings.api_keys and not key_schemes:
        lines.append("  --api-key ignored: no security scheme of this API takes API keys")
    flow = profile.token_flow or {}
    by_id = {operation.operation_id: operation for operation in spec.operations}
    login = by_id.get(flow.get("operation_id") or flow.get("authenticate_operation") or "")
    opened = by_id.get(flow.get("open_operation") or "")
    for account in app_settings.logins:
        where = f"{login.method} {url}{login.path} with" if login else "as"
        on = f", on a session from {opened.method} {url}{opened.path}" if opened else ""
        lines.append(f"  login:    {where} username {account.username!r} and its password{on}")
    return lines


def log_to_stderr() -> None:
    """The emulator's own log on stderr from INFO up: a line per request (core/request_log.py) and its
    warnings (those of the start itself are printed by Python's last resort, as any warning without a
    handler is). Its loggers are not uvicorn's, whose logging config leaves them alone. A contract run
    keeps stderr as the report's emulator.log; stderr is line-buffered, so a stopped emulator loses no
    line. Called once the app is made (never by a failed start, so tests of those add no handler)."""
    emulator_logger = logging.getLogger("api_emulator")
    if not any(getattr(handler, "name", None) == LOG_HANDLER for handler in emulator_logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.set_name(LOG_HANDLER)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        emulator_logger.addHandler(handler)
    emulator_logger.setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until stopped; 2 when the emulator cannot start, with one message saying why (no traceback)."""
    try:
        options = serve_options(argv)
        app = create_app(options.api, options.settings, specs_dir=options.specs_dir)
    except SettingsError as error:
        print(f"{PROG}: cannot start: {error}", file=sys.stderr)
        return 2
    log_to_stderr()
    print("\n".join(banner(options, app.state.emulator)))
    # Flushed now: uvicorn re-raises the SIGTERM it stops on, so buffered output to a pipe would be lost.
    sys.stdout.flush()
    uvicorn.run(app, host=options.host, port=options.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
