"""The request pipeline's types, which handlers and control routes are written against: the running
emulator (Emulator), one checked request to one operation (Call), a handler (Handler) and an emulator-only
route (ControlRoute). Apart from the pipeline (pipeline.py) so that API packages can use them without
importing the app."""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from contract_tests.emulator.core.answers import KeptAnswer, Kind, Problem
from contract_tests.emulator.core.dialect import Dialect
from contract_tests.emulator.core.query import MAX_FILTER_VALUES, ListQuery
from contract_tests.emulator.core.security import Authenticator, Caller, RateLimiter
from contract_tests.emulator.core.settings import EmulatorSettings
from contract_tests.emulator.core.spec import Operation, Spec
from contract_tests.emulator.core.storage import Database, is_busy

# The threads handlers run on, shared by every emulator of the process (each thread keeps a connection
# per database file, storage.py). asyncio's own executor hand-off rather than anyio's to_thread, which
# Starlette's run_in_threadpool uses: a fifth less time a request, and nothing here needs its cancellation.
WORKERS = ThreadPoolExecutor(max_workers=16, thread_name_prefix="emulator-handler")
logger = logging.getLogger("api_emulator")
BUSY_RETRY_AFTER = 1  # seconds: what a 503 for a busy database (Kind.BUSY) asks a client to wait


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

    async def run(self, work: Callable[..., Response | Awaitable[Response]], *args: Any) -> Response:
        """A handler's answer. A plain function runs on a worker thread (inside db.exclusive()), so that
        its queries never hold up the event loop and a slow one never holds up another request; a
        coroutine function runs on the loop, where it may read the request (and itself hands its database
        work to run_sync)."""
        if self.runs_on_loop(work):
            return work(*args)  # type: ignore[return-value]
        # A PointLookup first: for an object, iscoroutinefunction() inspects its signature.
        if not isinstance(work, PointLookup) and inspect.iscoroutinefunction(work):
            answer: Response = await work(*args)
            return answer
        result: Response | Awaitable[Response] = await self.run_sync(work, *args)
        return await result if inspect.isawaitable(result) else result

    def runs_on_loop(self, work: Callable[..., Any]) -> bool:
        """Whether run() answers `work` on the event loop, as a plain call: a PointLookup, when the database
        is a file (PointLookup's docstring)."""
        return isinstance(work, PointLookup) and not self.db.in_memory

    async def run_sync(self, work: Callable[..., Any], *args: Any) -> Any:
        """`work(*args)` on a worker thread, inside db.exclusive() (for a coroutine's database work)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(WORKERS, functools.partial(self._exclusively, work, *args))

    def _exclusively(self, work: Callable[..., Any], *args: Any) -> Any:
        try:
            with self.db.exclusive():
                return work(*args)
        except Exception as error:
            if not is_busy(error):
                raise
            # Nothing was written (the transaction rolled back): the client may retry.
            logger.warning("the database is busy, answered 503: %s", error)
            raise Problem(
                Kind.BUSY, 503, {"Retry-After": str(BUSY_RETRY_AFTER)}, retry_after=BUSY_RETRY_AFTER
            ) from None


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
        """The list request of the query string, as the dialect reads it; a 400 for a filter with more
        values than one request may bring (query.MAX_FILTER_VALUES), whatever the dialect."""
        query = self.emulator.dialect.list_query(self.operation, self.request.query_params)
        crowded = query.too_many_values()
        if crowded is not None:
            raise Problem(Kind.TOO_MANY_FILTER_VALUES, 400, filter=crowded.label, count=len(crowded.values),
                          limit=MAX_FILTER_VALUES)  # fmt: skip
        return query

    @property
    def url(self) -> str:
        """The request's absolute URL without its query (what paginators link to)."""
        return str(self.request.url.replace(query=""))

    @property
    def db(self) -> Database:
        return self.emulator.db


Handler = Callable[[Call], Response | Awaitable[Response]]


class PointLookup:
    """A handler whose only database work is reading records by their primary key (a show), and what they
    include by an indexed key of theirs, and whose answer depends on the path's parameters, the query
    string and the database's state alone. Answered on
    the event loop when the database is a file, sparing the hand-off to a worker thread, which costs a
    tenth of the emulator's throughput: such a read is a few index steps, and in WAL mode it never waits
    for a writer or a lock, so it cannot hold up the loop. (A database in memory has one connection that a
    worker may be in a transaction on: there it runs on a worker like any handler, and keeps nothing.)

    On a file, its answers are kept for as long as the database's state is the one they were read in
    (Database.state_version_on_loop: any commit, this process's or another's, forgets them all): asking for
    the same record again sends the same bytes without reading it, wrapping it and encoding it again. Only
    successful answers are kept (a 404 is raised, and answered afresh each time), each small
    (answers.KeptAnswer), the first MAX_KEPT of a state (at most 4 MB an operation; later ones are read
    each time until the next commit). Called on the event loop's thread only (pipeline.dispatcher,
    Emulator.run), so the kept answers need no lock."""

    MAX_KEPT = 256

    def __init__(self, handler: Callable[[Call], Response]) -> None:
        self._handler = handler
        self._kept: dict[tuple[Any, ...], KeptAnswer] = {}
        self._kept_in: tuple[int, int] | None = None  # the state the kept answers were read in

    def __call__(self, call: Call) -> Response:
        db = call.db
        if db.in_memory:
            return self._handler(call)
        state = db.state_version_on_loop()
        if state != self._kept_in:
            self._kept, self._kept_in = {}, state
        key = (*call.path.values(), call.request.scope.get("query_string", b""))
        kept = self._kept.get(key)
        if kept is not None:
            return kept.response()
        response = self._handler(call)
        # Kept only if no commit came while it was read (else it may be of a state newer than its name).
        if len(self._kept) < self.MAX_KEPT and db.state_version_on_loop() == state:
            answer = KeptAnswer.of(response)
            if answer is not None:
                self._kept[key] = answer
        return response


@dataclass(frozen=True)
class ControlRoute:
    """An emulator-only route under /__emulator__/ (not in the spec), answered with the API's credentials;
    `path` is below the prefix, e.g. /things/{thing}/state."""

    method: str
    path: str
    answer: Callable[[Request, Emulator], Response | Awaitable[Response]]
