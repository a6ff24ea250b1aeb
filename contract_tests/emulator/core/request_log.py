"""The request log: one line per request, on the logger `api_emulator.requests` at INFO level, once its
answer is sent:

    GET /api/v1/things?token=********&colour=red 200 1.4 ms

the method, the path and query as sent (percent-encoded, cut at MAX_TARGET characters; for a dialect that
reads query parameters from a form body too, those moved into the query, Dialect.query_in_form_body), the status and the
milliseconds from the request's arrival to its answer's last byte. Never a secret: no header, no body, and
the value of every query parameter that may carry one is masked (a security scheme's query parameter, the
profile's auth.secret_query_parameters, a parameter whose schema has `format: password`). What is masked is
named when the emulator starts (secret_query_parameters()); the rest of a query string is the caller's own
data, as in any access log.

Written as plain ASGI middleware (not Starlette's BaseHTTPMiddleware, which buffers every answer through a
second task) so that it costs a clock read and a line per request. When the line's only destination is a
handler that writes lines itself (a LineWriter: the served emulator's stderr, log_lines.LineHandler), with no
filter on the way, it is handed the line as it is: logging's LogRecord, its handling and its formatting
would be a seventh of a small request's time. Any other handler (a test's caplog, a program's own
configuration) gets the LogRecord as usual.

A LineWriter takes each request's message with its time as the request ends, and makes the lines and
writes them together once the event loop's turn is over, in one write: under load a turn ends dozens of
requests, and a write each was a tenth of the emulator's time a request. Each line stays whole and in the
order its request ended; the writer is looked up once a turn (a change of logging's configuration counts
from the next turn).
"""

from __future__ import annotations

import logging
import string
import time
from collections.abc import Iterable
from typing import Protocol
from urllib.parse import quote, unquote_plus

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contract_tests.emulator.core.spec import Spec
from contract_tests.emulator.core.turns import TurnMemo

logger = logging.getLogger("api_emulator.requests")

MASK = "********"
MAX_TARGET = 300  # characters of path and query: fuzzed requests can be kilobytes long
# Kept as sent: what a URL may hold unencoded, and % (the target is logged percent-encoded, as sent).
URL_SAFE = "!#$%&'()*+,/:;=?@[]~"
# What quote() keeps as it is: letters, digits, "_.-~" and URL_SAFE.
_URL_SAFE_BYTES = (string.ascii_letters + string.digits + "_.-~" + URL_SAFE).encode()


def secret_query_parameters(spec: Spec, declared: Iterable[str] = ()) -> frozenset[str]:
    """The query parameters whose values the log masks: `declared` (the profile's), every security
    scheme's query parameter, and every query parameter of the spec whose schema is `format: password`."""
    names = set(declared)
    names |= {scheme.parameter for scheme in spec.security_schemes.values() if scheme.location == "query"}
    names |= {
        name
        for operation in spec.operations
        for name, parameter in operation.query_parameters.items()
        if parameter.schema.get("format") == "password"
    }
    return frozenset(base_name(name) for name in names)


def masked_target(path: bytes, query: bytes, secrets: frozenset[str]) -> str:
    """The request target as logged: path and query (the bytes as sent), each secret parameter's value
    masked (its name compared as base_name() reads it, so that no spelling of it slips through),
    percent-encoded, at most MAX_TARGET characters."""
    if not query and not path.translate(None, _URL_SAFE_BYTES):  # the usual target: nothing to mask or encode
        target = path.decode("ascii")
    else:
        target = _encoded_target(path, query, secrets)
    return target if len(target) <= MAX_TARGET else target[: MAX_TARGET - 1] + "…"


def _encoded_target(path: bytes, query: bytes, secrets: frozenset[str]) -> str:
    parts = []
    for pair in query.split(b"&") if query else ():
        name, equals, _ = pair.partition(b"=")
        secret = equals and base_name(unquote_plus(name.decode("latin-1"))) in secrets
        parts.append(name + b"=" + MASK.encode() if secret else pair)
    return quote(path, safe=URL_SAFE) + ("?" + quote(b"&".join(parts), safe=URL_SAFE) if parts else "")


def base_name(name: str) -> str:
    """The parameter a query name may be read as, for masking: without case, NULs (which C code reads a name
    up to), the whitespace around it, and a [...] suffix, and with "." and " " as "_". PHP's query parser
    reads `token[]=x` and `token[0]=x` as the parameter token (an array), and `api.key=x` as api_key
    (main/php_variables.c, php_register_variable_ex); a server may read the others so too. Wider than any one
    server: a value masked that was not a secret costs the log a value."""
    plain = name.replace("\0", "").strip()
    bracket = plain.find("[")
    if bracket > 0:
        plain = plain[:bracket].rstrip()
    return plain.replace(".", "_").replace(" ", "_").lower()


class LineWriter(Protocol):
    """A log handler that can take a record's logger, level and message without a LogRecord, and writes the
    line it would have made of one."""

    def queue_message(self, name: str, level: int, message: str) -> None:
        """The line of a record made now, written after the lines queued before it, by the end of the event
        loop's turn at the latest, and before anything else the writer writes."""


def sole_line_writer(source: logging.Logger = logger) -> LineWriter | None:
    """The handler every INFO record of `source` would reach, and no other, when it is a LineWriter and no
    logger or handler on the way has a filter: it can be handed the line. None otherwise (no handler, more
    than one, a filter, a handler above INFO): the line then goes through logging."""
    found: logging.Handler | None = None
    current: logging.Logger | None = source
    while current is not None:
        if current.filters or current.disabled:
            return None
        for handler in current.handlers:
            if found is not None:
                return None
            found = handler
        if not current.propagate:
            break
        current = current.parent
    if found is None or found.filters or found.level > logging.INFO:
        return None
    writer: LineWriter | None = found if callable(getattr(found, "queue_message", None)) else None  # type: ignore[assignment]
    return writer


class RequestLog:
    """ASGI middleware logging every HTTP request the app answers (see the module's docstring)."""

    def __init__(self, app: ASGIApp, secrets: frozenset[str]) -> None:
        self.app = app
        self.secrets = secrets
        self._writer = TurnMemo(sole_line_writer)  # a change of logging's configuration counts from the next turn

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0  # 0: no answer was sent (the connection went away first)

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            if logger.isEnabledFor(logging.INFO):
                raw = scope.get("raw_path")
                path = raw.split(b"?", 1)[0] if isinstance(raw, bytes) else str(scope["path"]).encode()
                target = masked_target(path, scope.get("query_string", b""), self.secrets)
                elapsed = (time.perf_counter() - started) * 1000
                self._log(f"{scope['method']} {target} {status} {elapsed:.1f} ms")

    def _log(self, message: str) -> None:
        writer = self._writer.get()
        if writer is None:
            logger.info("%s", message)
        else:
            writer.queue_message(logger.name, logging.INFO, message)
