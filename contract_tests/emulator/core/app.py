"""The app factory: one Starlette route per spec path, each method dispatched to the handler of its
operation (the API package's, else one from the path's shape), and the control routes.

Everything API-specific is found by name: the spec at specs/<api>/openapi.json and the profile
(generator.layout), the dialect the profile names (contract_tests/emulator/dialects/<dialect>.py) and the
API's package (contract_tests/emulator/apis/<package>/). The core imports none of them.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, Route

from contract_tests.emulator.core import control, security, stores
from contract_tests.emulator.core.api import EmulatorApi, load_api
from contract_tests.emulator.core.call import Emulator
from contract_tests.emulator.core.dialect import load_dialect
from contract_tests.emulator.core.pipeline import EveryMethod, dispatcher, routing_error
from contract_tests.emulator.core.request_log import RequestLog, secret_query_parameters
from contract_tests.emulator.core.resources import Resources
from contract_tests.emulator.core.routes import SpecRoutes
from contract_tests.emulator.core.settings import EmulatorSettings, SettingsError
from contract_tests.emulator.core.spec import Operation, SpecMismatch, load_spec
from contract_tests.emulator.core.storage import Database
from generator.errors import BuildError
from generator.layout import ApiLayout

DEMO_SEED = "demo"  # the seed `make emulator` starts every API with

Clock = Callable[[], float]


def create_app(
    api: str | EmulatorApi,
    settings: EmulatorSettings,
    *,
    specs_dir: Path | None = None,
    authenticator_clock: Clock | None = None,
    rate_limit_clock: Clock | None = None,
    served: bool = False,
) -> Starlette:
    """The emulator of `api` (its name, or its EmulatorApi) as an ASGI app, for uvicorn or for tests
    in-process; `specs_dir` is where the API's folder is (default: the repository's specs/), and the clocks
    can be injected for tests. `served`: by uvicorn (`api-emulator serve`), which lets the database ask for
    its state once an event-loop turn (Database.state_version_on_loop). SettingsError when the emulator
    cannot start: the settings do not fit the API, or its profile, spec, dialect and package do not fit
    together (the message names the file)."""
    name = api if isinstance(api, str) else api.name
    try:
        layout = ApiLayout.find(name, specs_dir=specs_dir)
        profile = layout.profile
        where = layout.display(profile.path)
        package = api if isinstance(api, EmulatorApi) else load_api(name, profile.emulator_package, where)
        spec = load_spec(layout.spec_path)
        dialect = load_dialect(profile.dialect, where)
        kinds = security.credential_kinds(spec.security_schemes, package.credential_kinds)
    except (BuildError, FileNotFoundError, LookupError) as error:
        raise SettingsError(str(error)) from None
    settings = settings.for_api(name, profile.requests_per_minute)
    if settings.seed == DEMO_SEED and not package.seeds:
        # `make emulator` asks every API for its demo data; a new API without a package has none yet.
        settings = dataclasses.replace(settings, seed="none (the API has no demo seed yet)")
    elif settings.seed != "none" and settings.seed not in package.seeds:
        raise SettingsError(f"--seed must be one of {', '.join(['none', *package.seeds])}")
    _check_credentials(name, settings, package, kinds)
    try:
        resources = Resources(spec.operations, package.stores, dialect, name)
        handlers = resources.handlers(spec.operations, package.handlers)
        # Only where it changes an answer: an operation with a body, in a dialect that binds records first.
        bound = [op for op in spec.operations if op.body is not None] if dialect.binds_path_records_first else []
        bindings = {op.operation_id: found for op in bound if (found := resources.binding(op)) is not None}
    except SpecMismatch as error:
        raise SettingsError(f"{layout.display(layout.spec_path)}: {error}") from None
    tables = [*([package.tables] if package.tables else []), stores.TABLES, security.TABLES]
    try:
        db = Database(str(settings.db), tables, served=served)
    except (sqlite3.Error, OSError) as error:
        raise SettingsError(f"--db {settings.db}: {error}") from None
    assert settings.rate_limit is not None  # for_api decided it
    emulator = Emulator(
        api=name,
        spec=spec,
        settings=settings,
        db=db,
        dialect=dialect,
        authenticator=security.Authenticator(
            settings,
            db,
            spec.security_schemes,
            kinds,
            **({"clock": authenticator_clock} if authenticator_clock else {}),
        ),
        rate_limiter=security.RateLimiter(
            settings.rate_limit,
            **({"clock": rate_limit_clock} if rate_limit_clock else {}),
            per_account=profile.rate_limit_per_account,
        ),
    )
    fresh = db.is_empty()
    if package.base is not None:
        package.base(db)
    if settings.seed in package.seeds and fresh:
        package.seeds[settings.seed](db)
    by_path: dict[str, dict[str, Operation]] = defaultdict(dict)
    for operation in spec.operations:
        by_path[operation.path][operation.method] = operation
    spec_routes = [
        Route(path, EveryMethod(dispatcher(emulator, methods, handlers, bindings))) for path, methods in by_path.items()
    ]
    routes: list[BaseRoute] = [
        SpecRoutes(spec_routes, ignore_trailing_slash=dialect.ignores_trailing_slash),
        *control.routes(emulator, package, resources),
    ]

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        db.close()

    app = Starlette(routes=routes, exception_handlers={HTTPException: routing_error(emulator)}, lifespan=lifespan)
    # A path the spec does not have is the dialect's answer to it, not a redirect to one it has (Starlette
    # would answer /things/ with a 307 to /things, which no spec documents).
    app.router.redirect_slashes = False
    app.state.emulator = emulator
    app.add_middleware(RequestLog, secrets=secret_query_parameters(spec, profile.secret_query_parameters))
    return app


def _check_credentials(name: str, settings: EmulatorSettings, package: EmulatorApi, kinds: dict[str, str]) -> None:
    """Every --login is one the API can take, and something can call the emulator: --api-key values are
    of no use to an API none of whose security schemes takes API keys (they are ignored; see the banner)."""
    for login in settings.logins:
        if package.check_login is not None:
            try:
                package.check_login(login)
            except ValueError as error:
                raise SettingsError(str(error)) from None
    if settings.api_keys and not settings.logins and "api_key" not in kinds.values():
        raise SettingsError(
            f"{name} takes no API keys (its security schemes: {', '.join(kinds) or 'none'}): give --login USER:PASSWORD"
        )
