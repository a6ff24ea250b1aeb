"""The request pipeline's types, which handlers and control routes are written against: the running
emulator (Emulator), one checked request to one operation (Call), a handler (Handler) and an emulator-only
route (ControlRoute). Apart from the pipeline (pipeline.py) so that API packages can use them without
importing the app."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from contract_tests.emulator.core.dialect import Dialect
from contract_tests.emulator.core.query import ListQuery
from contract_tests.emulator.core.security import Authenticator, Caller, RateLimiter
from contract_tests.emulator.core.settings import EmulatorSettings
from contract_tests.emulator.core.spec import Operation, Spec
from contract_tests.emulator.core.storage import Database


@dataclass
class Emulator:
    """What every handler may use: the API it serves, its settings, database, dialect, credentials and
    the clock's limits."""

    api: str
    spec: Spec
    settings: EmulatorSettings
    db: Database
    dialect: Dialect
    authenticator: Authenticator
    rate_limiter: RateLimiter


@dataclass
class Call:
    """One request to one operation, its inputs checked against the spec."""

    request: Request
    operation: Operation
    emulator: Emulator
    caller: Caller | None
    path: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    form: FormData | None = None

    def list_query(self) -> ListQuery:
        return self.emulator.dialect.list_query(self.operation, self.request.query_params)

    @property
    def url(self) -> str:
        """The request's absolute URL without its query (what paginators link to)."""
        return str(self.request.url.replace(query=""))

    @property
    def db(self) -> Database:
        return self.emulator.db


Handler = Callable[[Call], Response | Awaitable[Response]]


@dataclass(frozen=True)
class ControlRoute:
    """An emulator-only route under /__emulator__/ (not in the spec), answered with the API's credentials;
    `path` is below the prefix, e.g. /things/{thing}/state."""

    method: str
    path: str
    answer: Callable[[Request, Emulator], Response | Awaitable[Response]]
