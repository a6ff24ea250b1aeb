"""`api-emulator serve --api <name> ...`: one API's emulator under uvicorn (with the limits of server.py).

Each option can also be given as the API's variable <env_prefix>EMULATOR_<NAME> (the prefix from the API's
profile; lists comma-separated): the command line first, then the variable, then the default.

Keys and passwords are best given in a file (--api-key-file, --login-file, --control-key-file: one a line)
or the API's variables (<env_prefix>EMULATOR_API_KEY, _LOGIN, _CONTROL_KEY): anything on a command
line is there for every user of the machine to read (`ps`). None of them is ever printed.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn

from contract_tests.emulator.core.api import load_api
from contract_tests.emulator.core.app import create_app
from contract_tests.emulator.core.call import Emulator
from contract_tests.emulator.core.settings import EMULATOR_DIR, EmulatorSettings, Login, SettingsError
from contract_tests.emulator.log_lines import log_to_stderr
from contract_tests.emulator.server import ServerLimits, uvicorn_config
from generator.errors import BuildError
from generator.layout import ApiLayout, all_apis

PROG = "api-emulator"


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
    serve.add_argument(
        "--api-key", action="append", default=None, help="an accepted API key (repeatable; shown by ps: use the file)"
    )
    serve.add_argument("--api-key-file", type=Path, default=None, metavar="FILE", help="accepted API keys, one a line")
    serve.add_argument(
        "--login",
        action="append",
        default=None,
        help="USER:PASSWORD an account the login accepts (repeatable; visible in ps: prefer the file)",
    )
    serve.add_argument("--login-file", type=Path, default=None, metavar="FILE", help="USER:PASSWORD lines")
    serve.add_argument(
        "--control-key", default=None, help="the key of the /__emulator__/ routes (visible in ps: prefer the file)"
    )
    serve.add_argument(
        "--control-key-file",
        type=Path,
        default=None,
        metavar="FILE",
        help="a file holding the control routes' key, sent in X-Emulator-Control-Key (none: the routes are closed)",
    )
    serve.add_argument(
        "--allow-remote-control",
        action="store_true",
        default=None,
        help="let clients on other machines use the control routes (default: loopback only)",
    )
    serve.add_argument("--db", default=None, help=f"SQLite file, or :memory: (default {EMULATOR_DIR}/<api>.db)")
    serve.add_argument(
        "--rate-limit",
        type=int,
        default=None,
        help="requests per minute (per credential, or the account's: the profile's rate_limit.per), 0: off "
        "(default: the API's profile)",
    )
    serve.add_argument(
        "--token-ttl",
        type=int,
        default=None,
        help="seconds a login token lives (86400); a session flow's sessions last until deauthenticated",
    )
    serve.add_argument(
        "--seed", default=None, help="data to start an empty database with: none (default) or one of the API's seeds"
    )
    serve.add_argument(
        "--header-timeout",
        type=float,
        default=None,
        help="seconds for a request's headers to arrive, and at most between two parts of its body (10)",
    )
    serve.add_argument("--keep-alive-timeout", type=int, default=None, help="seconds an idle connection stays open (5)")
    serve.add_argument(
        "--max-connections", type=int, default=None, help="open connections at most; more close the idlest (1000)"
    )
    return root


@dataclass(frozen=True)
class ServeOptions:
    api: str
    host: str
    port: int
    settings: EmulatorSettings
    specs_dir: Path | None = None  # None: the repository's specs/
    limits: ServerLimits = field(default_factory=ServerLimits)


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

    def pick_file(name: str, option: str, value: Path | None) -> list[str]:
        """The lines of the file the option (else the variable <prefix>EMULATOR_<NAME>_FILE) names."""
        variable = profile.env(f"EMULATOR_{name}_FILE")
        path = value if value is not None else (Path(env[variable]) if env.get(variable) else None)
        return secret_lines(path, option if value is not None else variable) if path is not None else []

    try:
        rate_limit = pick("RATE_LIMIT", args.rate_limit, None)
        control_keys = pick_file("CONTROL_KEY", "--control-key-file", args.control_key_file)
        if len(control_keys) > 1:
            raise SettingsError("--control-key-file: the file must hold one key, on one line")
        logins = [*pick_list("LOGIN", args.login), *pick_file("LOGIN", "--login-file", args.login_file)]
        remote = pick("ALLOW_REMOTE_CONTROL", args.allow_remote_control, "false") or "false"
        settings = EmulatorSettings(
            api_keys=(*pick_list("API_KEY", args.api_key), *pick_file("API_KEY", "--api-key-file", args.api_key_file)),
            logins=tuple(Login.parse(text, package.login_extra) for text in logins),
            db=pick("DB", args.db, None),
            rate_limit=int(rate_limit) if rate_limit is not None else None,
            token_ttl=int(pick("TOKEN_TTL", args.token_ttl, "86400") or 86400),
            seed=pick("SEED", args.seed, "none") or "none",
            control_key=control_keys[0] if control_keys else (pick("CONTROL_KEY", args.control_key, None) or None),
            allow_remote_control=remote.lower() in ("1", "true", "yes"),
        )
        limits = ServerLimits(
            header_timeout=float(pick("HEADER_TIMEOUT", args.header_timeout, "10") or 10),
            keep_alive_timeout=int(pick("KEEP_ALIVE_TIMEOUT", args.keep_alive_timeout, "5") or 5),
            max_connections=int(pick("MAX_CONNECTIONS", args.max_connections, "1000") or 1000),
        )
        return ServeOptions(
            args.api,
            pick("HOST", args.host, "127.0.0.1") or "127.0.0.1",
            int(pick("PORT", args.port, "8080") or 8080),
            settings,
            args.specs_dir,
            limits,
        )
    except ValueError as error:
        raise SettingsError(str(error)) from None


def secret_lines(path: Path, option: str) -> list[str]:
    """The non-blank lines of a file of keys or logins (each stripped of surrounding blanks and its line
    end); SettingsError naming the option and the file, never what it holds."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else "not UTF-8 text"
        raise SettingsError(f"{option} {path}: cannot be read ({reason})") from None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise SettingsError(f"{option} {path}: the file is empty")
    return lines


def is_loopback_host(host: str) -> bool:
    """Whether serving on `host` keeps the emulator to this machine (localhost, 127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def banner(options: ServeOptions, emulator: Emulator) -> list[str]:
    """What the emulator prints on start: where it serves, and how to call it (never a password or key)."""
    profile = ApiLayout.find(emulator.api, specs_dir=options.specs_dir).profile
    app_settings, spec = emulator.settings, emulator.spec
    url = f"http://{options.host}:{options.port}"
    lines = [
        f"{profile.display_name} emulator on {url} (database: {app_settings.db}, rate limit: "
        f"{f'{app_settings.rate_limit}/minute' if app_settings.rate_limit else 'off'}, seed: {app_settings.seed})"
    ]
    places = {"query": "?{name}={key}", "cookie": "Cookie: {name}={key}", "header": "{name}: {key}"}
    kinds = emulator.authenticator.kinds
    key_schemes = [scheme for name, scheme in spec.security_schemes.items() if kinds.get(name) == "api_key"]
    for scheme in key_schemes[:1] if app_settings.api_keys else []:  # the key itself is a secret: not shown
        lines.append("  API key:  " + places[scheme.location].format(name=scheme.parameter, key="<an --api-key>"))
    if app_settings.api_keys and not key_schemes:
        lines.append("  API keys: not used (no security scheme of this API takes one)")
    flow = profile.token_flow or {}
    by_id = {operation.operation_id: operation for operation in spec.operations}
    login = by_id.get(flow.get("operation_id") or flow.get("authenticate_operation") or "")
    opened = by_id.get(flow.get("open_operation") or "")
    field = flow.get("username_field") or flow.get("login_parameter") or "username"  # what the login takes
    for account in app_settings.logins:
        where = f"{login.method} {url}{login.path} with" if login else "as"
        on = f", on a session from {opened.method} {url}{opened.path}" if opened else ""
        lines.append(f"  login:    {where} {field} {account.username!r} and its password{on}")
    if app_settings.control_key is None:
        lines.append("  control:  /__emulator__/ routes closed (no --control-key-file)")
    else:
        reach = "any client" if app_settings.allow_remote_control else "clients on this machine"
        lines.append(f"  control:  {url}/__emulator__/ for {reach}, with the control key in X-Emulator-Control-Key")
    return lines


def exposure_warnings(options: ServeOptions) -> list[str]:
    """What to warn of before serving: an address other machines can reach, remote control allowed."""
    warnings = []
    if not is_loopback_host(options.host):
        warnings.append(
            f"{PROG}: warning: serving on {options.host}, which other machines can reach: anyone there may call "
            "the API with its keys (an emulator's keys are often published demo keys)"
        )
    if options.settings.allow_remote_control and options.settings.control_key is not None:
        warnings.append(
            f"{PROG}: warning: --allow-remote-control: whoever has the control key may reset and reseed the "
            "emulator from another machine"
        )
    return warnings


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until stopped; 2 when the emulator cannot start, with one message saying why (no traceback)."""
    try:
        options = serve_options(argv)
        app = create_app(options.api, options.settings, specs_dir=options.specs_dir, served=True)
    except SettingsError as error:
        print(f"{PROG}: cannot start: {error}", file=sys.stderr)
        return 2
    try:
        listening = bound_socket(options.host, options.port)  # before the banner, which says it serves there
    except OSError as error:
        print(f"{PROG}: cannot start: cannot serve on {options.host}:{options.port}: {error.strerror or error}",
              file=sys.stderr)  # fmt: skip
        return 2
    log_to_stderr()  # once it starts (log_lines.py: a failed start adds no handler)
    for warning in exposure_warnings(options):
        print(warning, file=sys.stderr)
    print("\n".join(banner(options, app.state.emulator)))
    # Flushed now: uvicorn re-raises the SIGTERM it stops on, so buffered output to a pipe would be lost.
    sys.stdout.flush()
    config = uvicorn_config(app, options.limits, host=options.host, port=options.port, log_level="warning")
    uvicorn.Server(config).run(sockets=[listening])
    return 0


def bound_socket(host: str, port: int) -> socket.socket:
    """The listening socket, bound as asyncio's create_server binds one (uvicorn's Config.bind_socket would
    log the error and exit after the banner had said the emulator serves there). IPPROTO_TCP, not 0: asyncio
    sets TCP_NODELAY only on a socket whose proto says TCP, and without it every answer waits out Nagle and
    the client's delayed ACK (40 ms)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host.strip("[]"), port))
    except OSError:
        listening.close()
        raise
    listening.set_inheritable(True)
    return listening


if __name__ == "__main__":
    sys.exit(main())
