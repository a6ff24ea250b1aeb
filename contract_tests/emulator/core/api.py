"""What an API package adds to the core: hand-written handlers for behaviour beyond CRUD, the tables its
resources live in, what every database of it holds, its seeds, its control routes, and how its credentials
and accounts are checked.

An API's package is contract_tests/emulator/apis/<package>/ (the profile's emulator.package, by default
the API's name with `_` for `-`) and exposes API, an EmulatorApi. An API without a package is served from
its spec alone (every resource as JSON documents).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from contract_tests.emulator.core.call import ControlRoute, Handler
from contract_tests.emulator.core.settings import Login
from contract_tests.emulator.core.storage import Database, Tables
from contract_tests.emulator.core.stores import Store

APIS_PACKAGE = "contract_tests.emulator.apis"
Seed = Callable[[Database], None]


@dataclass(frozen=True)
class EmulatorApi:
    name: str  # the API, as its folder under specs/ is named
    handlers: Mapping[str, Handler] = field(default_factory=dict)  # operationId -> hand-written handler
    stores: Mapping[str, Store] = field(default_factory=dict)  # collection path -> where its records live
    tables: Tables | None = None  # the SQLite tables of the stores above
    # What every database of the API holds, fresh or just reset (its system records): run at every start
    # and after every reset, before a seed, so it leaves a database that has them as it is.
    base: Seed | None = None
    seeds: Mapping[str, Seed] = field(default_factory=dict)  # --seed NAME -> what fills an empty database
    control_routes: Sequence[ControlRoute] = ()  # under /__emulator__/, beside reset, state and documents
    counted: tuple[str, ...] = ()  # the tables GET /__emulator__/state counts
    state: Callable[[Database], Mapping[str, Any]] | None = None  # more for that answer
    credential_kinds: Mapping[str, str] = field(default_factory=dict)  # security scheme -> api_key, token, login
    login_extra: tuple[str, ...] = ()  # what a --login gives after USER:PASSWORD, by name
    check_login: Callable[[Login], None] | None = None  # ValueError for a --login the API cannot take


def load_api(name: str, package: str, where: str) -> EmulatorApi:
    """The API package `package` of the API `name` (as the profile at `where` names it), or a bare
    EmulatorApi when it has none; LookupError for a package that is not this API's."""
    module_name = f"{APIS_PACKAGE}.{package}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        return EmulatorApi(name)
    api = getattr(module, "API", None)
    if not isinstance(api, EmulatorApi):
        raise LookupError(f"{where}: emulator.package {package!r}: {module_name} has no API (an EmulatorApi)")
    if api.name != name:
        raise LookupError(f"{where}: emulator.package {package!r}: {module_name}.API is for {api.name!r}, not {name!r}")
    return api
