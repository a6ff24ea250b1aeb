"""The ASGI app: one Starlette route per spec path, each method dispatched to the handler of its operationId.

Every request goes the same way (as through Laravel's middleware): route (404 / 405), rate limit (429,
X-RateLimit-* on every answer), authentication (401), then the operation's own checks from the spec
(path ids, 415 / 400 for the body's type and syntax, 422 for its content) and its handler. Whatever a
request holds, the answer is never a 500: an unexpected failure is logged with its traceback and answered
400 (guarded() catches it), since it can only come from input the emulator did not foresee.
"""

from __future__ import annotations

import inspect
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, request_response
from starlette.types import Receive, Scope, Send

from contract_tests.emulator.database import Database
from contract_tests.emulator.laravel import HttpError, ValidationFailed, message, validation_errors
from contract_tests.emulator.operations import Operation, load_operations
from contract_tests.emulator.query import ListQuery, parse
from contract_tests.emulator.security import Authenticator, Caller, RateLimiter
from contract_tests.emulator.settings import EmulatorSettings

logger = logging.getLogger("patchworks_emulator")

MAX_BODY_BYTES = 10 * 1024 * 1024  # larger bodies are refused (413) before they are read


@dataclass
class Emulator:
    """What every handler may use: the settings, the database, the credentials and the clock's limits."""

    settings: EmulatorSettings
    db: Database
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

    def list_query(self, search_indexes: dict[str, str] | None = None) -> ListQuery:
        return parse(self.operation, dict(self.request.query_params), search_indexes)

    @property
    def url(self) -> str:
        """The request's absolute URL without its query, as Laravel's paginator links it."""
        return str(self.request.url.replace(query=""))

    @property
    def db(self) -> Database:
        return self.emulator.db


Handler = Callable[[Call], Response | Awaitable[Response]]


def create_app(settings: EmulatorSettings, *, authenticator_clock: Callable[[], float] | None = None,
               rate_limit_clock: Callable[[], float] | None = None) -> Starlette:  # fmt: skip
    """The emulator as an ASGI app, for uvicorn or for tests in-process (clocks injectable for tests)."""
    from contract_tests.emulator import control, seed
    from contract_tests.emulator.resources import HANDLERS, check_resources

    db = Database(settings.db)
    emulator = Emulator(
        settings=settings,
        db=db,
        authenticator=Authenticator(settings, db, **({"clock": authenticator_clock} if authenticator_clock else {})),
        rate_limiter=RateLimiter(settings.rate_limit, **({"clock": rate_limit_clock} if rate_limit_clock else {})),
    )
    if settings.seed == "demo" and db.is_empty():
        seed.demo(db)
    operations = load_operations(settings.spec_path)
    check_resources(operations)
    by_path: dict[str, dict[str, Operation]] = defaultdict(dict)
    for operation in operations:
        by_path[operation.path][operation.method] = operation
    routes = [Route(path, _EveryMethod(_dispatcher(emulator, methods, HANDLERS))) for path, methods in by_path.items()]
    routes += control.routes(emulator)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        db.close()

    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _routing_error},
        lifespan=lifespan,
    )
    app.state.emulator = emulator
    return app


class _EveryMethod:
    """An endpoint that Starlette routes every method to, however new (QUERY, TRACE): the dispatcher then
    answers a method the path does not have with 405, in Laravel's words and with Allow. (Starlette
    routes a plain function for the methods it is given only, and answers the rest without Allow.)"""

    def __init__(self, dispatch: Callable[[Request], Awaitable[Response]]) -> None:
        self._app = request_response(dispatch)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app(scope, receive, send)


def _dispatcher(
    emulator: Emulator, operations: dict[str, Operation], handlers: dict[str, Handler]
) -> Callable[[Request], Awaitable[Response]]:
    async def dispatch(request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        operation = operations.get(method)
        if operation is None:
            allowed = ", ".join(sorted(operations))
            route = request.url.path.lstrip("/")
            text = f"The {request.method} method is not supported for route {route}. Supported methods: {allowed}."
            return message(405, text, {"Allow": allowed})
        return await guarded(emulator, request, lambda caller: _run(emulator, request, operation, caller, handlers),
                             secured=operation.secured)  # fmt: skip

    return dispatch


async def guarded(emulator: Emulator, request: Request, answer: Callable[[Caller | None], Awaitable[Response]],
                  *, secured: bool = True) -> Response:  # fmt: skip
    """Rate limit and authentication around an answer, the X-RateLimit headers on whatever it is."""
    caller = emulator.authenticator.caller(request.headers.get("authorization"))
    client = request.client.host if request.client else "unknown"
    allowance = emulator.rate_limiter.hit(caller.key if caller else f"ip:{client}")
    headers = allowance.headers() if allowance else {}
    if allowance is not None and not allowance.allowed:
        return message(429, "Too Many Attempts.", headers)
    if secured and caller is None:
        return message(401, "Unauthenticated.", headers)
    try:
        response = await answer(caller)
    except (HttpError, ValidationFailed) as error:
        response = error.response()
    except Exception:
        # Here rather than as a Starlette exception handler, which re-raises after answering and so
        # makes uvicorn drop the connection.
        logger.exception("unexpected failure on %s %s", request.method, request.url.path)
        response = message(400, "The request could not be processed.")
    response.headers.update(headers)
    return response


async def _run(emulator: Emulator, request: Request, operation: Operation, caller: Caller | None,
               handlers: dict[str, Handler]) -> Response:  # fmt: skip
    handler = handlers.get(operation.operation_id)
    if handler is None:
        return message(501, f"The emulator does not emulate {operation.operation_id} yet.")
    call = Call(request, operation, emulator, caller, path=_path_parameters(request, operation))
    await _read_body(call)
    result = handler(call)
    return await result if inspect.isawaitable(result) else result


def _path_parameters(request: Request, operation: Operation) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for parameter in operation.path_parameters:
        raw = request.path_params.get(parameter.name, "")
        value: Any = raw
        if parameter.schema.get("type") == "integer":
            if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
                raise HttpError(404, "Not Found.")  # route-model binding finds no such id
            value = int(raw)
        values[parameter.name] = value
    return values


async def _read_body(call: Call) -> None:
    spec = call.operation.body
    if spec is None:
        return
    request = call.request
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BODY_BYTES:
        raise HttpError(413, "Content Too Large.")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if spec.content_type == "multipart/form-data":
        if content_type != "multipart/form-data":
            raise HttpError(415, "Unsupported Media Type: send the file as multipart/form-data.")
        try:
            call.form = await request.form(max_files=1, max_fields=20)
        except MultiPartException as error:
            raise HttpError(400, f"The multipart body is malformed: {error.message}") from None
        except HTTPException as error:  # what Starlette makes of a MultiPartException inside an app
            raise HttpError(400, f"The multipart body is malformed: {error.detail}") from None
        return
    raw = await request.body()
    if raw.strip() and not (content_type == "application/json" or content_type.endswith("+json")):
        raise HttpError(415, "Unsupported Media Type: the body must be application/json.")
    try:
        body = json.loads(raw) if raw.strip() else {}
    except (ValueError, UnicodeDecodeError) as error:
        raise HttpError(400, f"The request body is not valid JSON: {error}") from None
    if spec.schema.get("type") == "object" and not isinstance(body, dict):
        # Laravel would read it as no input, so an update (nothing required) would pass unchanged; the spec
        # says the body is an object, and the emulator holds the API to its documented contract here.
        raise ValidationFailed({"body": ["The request body must be a JSON object."]})
    errors = validation_errors(spec.errors(body))
    if errors:
        raise ValidationFailed(errors)
    call.body = body


async def _routing_error(request: Request, error: Exception) -> Response:
    status = error.status_code if isinstance(error, HTTPException) else 404
    if status == 404:
        return message(404, f"The route {request.url.path.lstrip('/')} could not be found.")
    return message(status, str(getattr(error, "detail", "")) or "Error.")
