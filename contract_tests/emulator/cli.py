"""`patchworks-emulator serve ...`: the emulator under uvicorn."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import uvicorn

from contract_tests.emulator.app import create_app
from contract_tests.emulator.settings import SettingsError, serve_options


def main(argv: Sequence[str] | None = None) -> int:
    try:
        options = serve_options(argv)
        app = create_app(options.settings)
    except SettingsError as error:
        print(f"patchworks-emulator: {error}", file=sys.stderr)
        return 2
    settings = options.settings
    url = f"http://{options.host}:{options.port}"
    print(f"Patchworks Core emulator on {url} (database: {settings.db}, rate limit: "
          f"{settings.rate_limit or 'off'}/minute, seed: {settings.seed})")  # fmt: skip
    for key in settings.api_keys:
        print(f"  API key:  Authorization: {key}")
    for login in settings.logins:
        print(f"  login:    POST {url}/fabric/api/login with username {login.username!r} and its password")
    # Flushed now: uvicorn re-raises the SIGTERM it stops on, so buffered output to a pipe would be lost.
    sys.stdout.flush()
    uvicorn.run(app, host=options.host, port=options.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
