"""The request pipeline: every request goes the same way. Route (404 / 405), authentication (401, by the
operation's security requirements), rate limit (429, the X-RateLimit-* headers on every answer it counted),
then the operation's own checks from the spec (path ids, 415 / 400 for the body's type and syntax, 422 for
its content) and its handler. The core names what went wrong (answers.Problem); the dialect words it.

Whatever a request holds, the answer is never a 500: an unexpected failure is logged with its traceback
and answered as Kind.UNEXPECTED (a 400 unless the dialect says otherwise), since it can only come from
input the emulator did not foresee.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from contract_tests.emulator.core.answers import ErrorAnswer, Kind, Problem
from contract_tests.emulator.core.call import Call, Emulator, Handler
from contract_tests.emulator.core.request_bodies import FORM, bounded_body, media_type, read_body_after_binding
from contract_tests.emulator.core.security import Allowance, Caller
from contract_tests.emulator.core.shapes import properties
from contract_tests.emulator.core.spec import Operation
from contract_tests.emulator.core.stores import integer_key

logger = logging.getLogger("api_emulator")

CLIENT_CLOSED_REQUEST = 499  # what the request log records for a request whose client went away
ACCOUNT = "account"  # the rate limit's key for every valid credential when it counts the account's together
Answer = Callable[[Caller | None], Awaitable[Response]]


class EveryMethod:
    """An endpoint that Starlette routes every method to, however new (QUERY, TRACE): the dispatcher then
    answers a method the path does not have with 405 and Allow. (Starlette routes a plain function for the
    methods it is given only, and answers the rest without Allow.)"""

    def __init__(self, dispatch: Callable[[Request], Awaitable[Response]]) -> None:
        self._dispatch = dispatch

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # What Starlette's request_response() does, less its second layer of exception handling (a wrapper
        # of the app and of every message sent, on every request): the app's ExceptionMiddleware is that
        # layer already, and dispatch() answers what a request may raise itself.
        request = Request(scope, receive, send)
        response = await self._dispatch(request)
        await response(scope, receive, send)


@dataclass(frozen=True)
class _Served:
    """What answering one operation takes, worked out once: its handler, whether that runs on the event
    loop (Emulator.runs_on_loop), the security alternatives to try, its path parameters with whether
    each is an integer, and what finds its path's records before its body is read (when the dialect's
    application binds them first)."""

    operation: Operation
    handler: Handler
    on_loop: bool
    alternatives: tuple[tuple[str, ...], ...]
    path_parameters: tuple[tuple[str, bool], ...]
    binding: Callable[[Call], object] | None
    form_query: bool  # the form-encoded body's other fields are query parameters (Dialect.query_in_form_body)


def dispatcher(
    emulator: Emulator,
    operations: Mapping[str, Operation],
    handlers: Mapping[str, Handler],
    bindings: Mapping[str, Callable[[Call], object]],
) -> Callable[[Request], Awaitable[Response]]:
    """The endpoint of one path: each method to its operation's handler, behind the authentication and the
    rate limit (as guarded() does for a control route, here in the endpoint's own coroutine)."""
    served = {
        method: _Served(
            operation,
            handlers[operation.operation_id],
            emulator.runs_on_loop(handlers[operation.operation_id]),
            emulator.authenticator.alternatives(operation.security),
            tuple((p.name, p.schema.get("type") == "integer") for p in operation.path_parameters),
            bindings.get(operation.operation_id),
            emulator.dialect.query_in_form_body and (operation.body is None or operation.body.content_type == FORM),
        )
        for method, operation in operations.items()
    }
    # HEAD is served wherever GET is (Starlette answers it with GET's headers and no body): Allow says so.
    served_methods = {*operations, *(["HEAD"] if "GET" in operations else [])}
    allowed = sorted(served_methods, key=emulator.dialect.method_rank)

    async def dispatch(request: Request) -> Response:
        method = request.method
        serving = served.get("GET" if method == "HEAD" else method)
        if serving is None and method == "OPTIONS" and emulator.dialect.answers_options:
            return _on_every_answer(emulator, request, Response(status_code=200, headers={"Allow": ",".join(allowed)}))
        if serving is None:
            problem = Problem(Kind.METHOD_NOT_ALLOWED, 405, {"Allow": ", ".join(allowed)}, method=method,
                              path=request.url.path, allowed=list(allowed))  # fmt: skip
            return _on_every_answer(emulator, request, emulator.dialect.problem(problem))
        operation = serving.operation
        allowance: Allowance | None = None
        try:
            if serving.form_query and media_type(request) == FORM:
                await _query_from_form(request, operation)
            caller = await _caller(emulator, request, serving.alternatives)
            if operation.secured and caller is None:
                # Before the rate limit, as web frameworks order their middleware (authenticate, then
                # throttle): a call without valid credentials is not counted.
                raise Problem(Kind.UNAUTHENTICATED, 401, operation=operation)
            allowance = _allowance(emulator, request, caller)
            _throttle(allowance)
            call = Call(request, operation, emulator, caller, path=_path_parameters(request, serving))
            if operation.body is not None:
                await read_body_after_binding(call, serving.binding)
            handler = serving.handler
            # A point lookup is answered here and now (Emulator.run would, one coroutine later).
            response: Response = handler(call) if serving.on_loop else await emulator.run(handler, call)  # type: ignore[assignment]
        except Exception as error:
            response = _failed(emulator, request, error)
        return _finished(emulator, request, response, allowance)

    return dispatch


async def guarded(emulator: Emulator, request: Request, answer: Answer) -> Response:
    """Rate limit around a control route's answer (it needs no credentials: the control key is checked by
    the answer), the X-RateLimit headers on whatever it is."""
    allowance: Allowance | None = None
    try:
        caller = await _caller(emulator, request, emulator.authenticator.alternatives())
        allowance = _allowance(emulator, request, caller)
        _throttle(allowance)
        response = await answer(caller)
    except Exception as error:
        response = _failed(emulator, request, error)
    return _finished(emulator, request, response, allowance)


async def _caller(emulator: Emulator, request: Request, alternatives: tuple[tuple[str, ...], ...]) -> Caller | None:
    """Who the caller is (None: no valid credentials). Called in the answer's try: a token's look-up reads
    the database, which may fail (then a 400, never a 500)."""
    if emulator.db.in_memory:
        # One shared connection, which a handler on a worker thread may hold: wait for it off the event loop.
        found: Caller | None = await emulator.run_sync(emulator.authenticator.caller_among, request, alternatives)
        return found
    return emulator.authenticator.caller_among(request, alternatives)


def _finished(emulator: Emulator, request: Request, response: Response, allowance: Allowance | None) -> Response:
    """The answer with the rate limit's headers (when the request was counted) and every answer's."""
    if allowance is not None:
        response.headers.update(allowance.headers())
    return _on_every_answer(emulator, request, response)


def _allowance(emulator: Emulator, request: Request, caller: Caller | None) -> Allowance | None:
    """The request counted by the rate limit (None when it is off: it counts nothing, no key to make)."""
    if not emulator.rate_limiter.per_minute:
        return None
    if caller is None:
        return emulator.rate_limiter.hit(f"ip:{request.client.host if request.client else 'unknown'}")
    return emulator.rate_limiter.hit(ACCOUNT if emulator.rate_limiter.per_account else caller.key)


def _throttle(allowance: Allowance | None) -> None:
    """The rate limit's 429 for a request over it."""
    if allowance is not None and not allowance.allowed:
        raise Problem(Kind.TOO_MANY_REQUESTS, 429, retry_after=allowance.retry_after)


def _failed(emulator: Emulator, request: Request, error: Exception) -> Response:
    """The answer to what answering raised (called in its except block, so a traceback can be logged)."""
    if isinstance(error, Problem):
        return emulator.dialect.problem(error)
    if isinstance(error, ErrorAnswer):
        return error.response()
    if isinstance(error, ClientDisconnect):
        # The body stopped (the client went away, or the server's body deadline closed it): no answer can
        # reach anyone. One line, no traceback; the request log records it as 499, nginx's "client closed
        # request", since no status was ever sent.
        logger.info("%s %s: the client went away before its body was read", request.method, request.url.path)
        return Response(status_code=CLIENT_CLOSED_REQUEST)
    # Here rather than as a Starlette exception handler, which re-raises after answering and so makes
    # uvicorn drop the connection. (logger.exception takes the traceback of the error being handled.)
    logger.exception("unexpected failure on %s %s", request.method, request.url.path)
    return emulator.dialect.problem(Problem(Kind.UNEXPECTED, 400))


def _on_every_answer(emulator: Emulator, request: Request, response: Response) -> Response:
    """The response with the headers the API's application puts on every answer (outside the answer's
    try: a dialect whose headers fail on a request gets it logged, and the answer goes without them)."""
    try:
        every = emulator.dialect.headers(request)
    except Exception:
        logger.exception("the dialect's headers failed on %s %s", request.method, request.url.path)
        return response
    if every:
        response.headers.update(every)
    return response


def routing_error(emulator: Emulator) -> Callable[[Request, Exception], Awaitable[Response]]:
    """What the router's own errors answer (a path the spec does not have)."""

    async def answer(request: Request, error: Exception) -> Response:
        status = error.status_code if isinstance(error, HTTPException) else 404
        allow = (error.headers or {}).get("Allow", "") if isinstance(error, HTTPException) else ""
        if status == 404:
            problem = Problem(Kind.ROUTE_NOT_FOUND, 404, path=request.url.path)
        elif status == 405:  # a control route's other methods
            allowed = sorted(method.strip() for method in allow.split(",") if method.strip())
            problem = Problem(Kind.METHOD_NOT_ALLOWED, 405, {"Allow": ", ".join(allowed)}, method=request.method,
                              path=request.url.path, allowed=allowed)  # fmt: skip
        else:
            problem = Problem(Kind.ROUTING, status, detail=str(getattr(error, "detail", "")))
        return _on_every_answer(emulator, request, emulator.dialect.problem(problem))

    return answer


def _path_parameters(request: Request, serving: _Served) -> dict[str, object]:
    values: dict[str, object] = {}
    given = request.path_params
    for name, integer in serving.path_parameters:
        raw = given.get(name, "")
        value: object = raw
        if integer:
            number = integer_key(raw)
            if number is None:
                # No record can have such an id (as a database lookup by it would find none).
                raise Problem(Kind.BAD_PATH_PARAMETER, 404, name=name, value=raw, operation=serving.operation)
            value = number
        values[name] = value
    return values


async def _query_from_form(request: Request, operation: Operation) -> None:
    """The form-encoded body's fields that are not the operation's body fields, added to the request's
    query (after its own parameters, which win), before anything reads it: authentication, the list's
    parameters, the request log (which masks a secret among them as any query parameter)."""
    raw = await bounded_body(request)
    try:
        fields = parse_qsl(raw.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        return  # not a form: the body's own reading (when the operation has one) refuses it
    own = set(properties(operation.body.schema)) if operation.body is not None else set()
    extra = [(name, value) for name, value in fields if name not in own]
    if not extra:
        return
    query = request.scope.get("query_string", b"")
    request.scope["query_string"] = urlencode(extra).encode() + (b"&" + query if query else b"")
    request.__dict__.pop("_query_params", None)  # Starlette keeps the parsed query once read
