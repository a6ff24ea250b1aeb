"""How the emulator is served: uvicorn with limits that hold under abuse, wherever it runs (the command
line, cli.py; the tests' and the contract run's servers, contract_tests/serving.py).

uvicorn alone keeps a connection that never finishes its request headers open for ever (its keep-alive
timeout starts only after a first answer, and any byte received stops it), and accepts connections until
the process runs out of file handles: a thousand idle connections are enough to stop an emulator. Its h11
protocol is kept (the parsing is h11's, well kept), with two additions (BoundedH11Protocol):

- a deadline for each request's headers, from the moment the connection opens or its last answer ends,
  that a byte now and then does not push back (a slow-headers client is closed when it passes);
- a deadline for each request's body: a body that stops arriving (nothing for the same header_timeout
  while it is unfinished) is answered 408 and its connection closed. uvicorn has none: a client that
  sends its headers and one byte of a longer body would hold the connection, and the request, for ever;
- at most `max_connections` open connections: one more arriving closes the connection idle the longest
  (waiting for headers, or for the rest of a request's body), or, when every one is busy (a request of it
  in the app's hands), the newcomer. So a flood of idle or stalled connections costs the emulator no more
  than `max_connections` file handles, and a client with a real request still gets in;
- on shutdown, a connection still waiting for a request's body is closed at once, not waited for.

uvicorn's own limits are set as well: limit_concurrency (a 503 above that many connections or requests in
progress), timeout_keep_alive, h11's largest incomplete event (request line and headers), and
timeout_graceful_shutdown (SIGTERM stops the emulator within SHUTDOWN_GRACE seconds, whatever its
requests are doing). Proxy headers are ignored (uvicorn_config()).
"""

from __future__ import annotations

import asyncio
import resource
from dataclasses import dataclass
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

# File handles kept for what is not a connection (the database, its WAL, logs, the listening socket).
RESERVED_HANDLES = 100
# Seconds a stopping server waits for the requests in progress before cancelling them.
SHUTDOWN_GRACE = 3


@dataclass(frozen=True)
class ServerLimits:
    header_timeout: float = 10.0  # seconds for a request's line and headers; and between two parts of a body
    keep_alive_timeout: int = 5  # seconds an idle keep-alive connection stays open after an answer
    max_connections: int = 1000  # open connections (more: the idle one of longest standing is closed)
    max_header_bytes: int = 16 * 1024  # the request line and headers (h11's largest incomplete event)

    def __post_init__(self) -> None:
        if self.header_timeout <= 0 or self.keep_alive_timeout < 1:
            raise ValueError("--header-timeout must be above 0 and --keep-alive-timeout at least 1 second")
        if self.max_connections < 1:
            raise ValueError("--max-connections must be at least 1")

    def fitted(self) -> ServerLimits:
        """The limits, with max_connections lowered to what the process's file handles allow (after
        raising their soft limit as far as the hard one, up to what the connections need)."""
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = self.max_connections + RESERVED_HANDLES
        if soft != resource.RLIM_INFINITY and soft < wanted:
            raised = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
            try:
                resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
                soft = raised
            except (ValueError, OSError):
                pass  # kept as it is: the cap below fits the connections to it
        if soft == resource.RLIM_INFINITY:
            return self
        allowed = max(1, soft - RESERVED_HANDLES)
        if allowed >= self.max_connections:
            return self
        return ServerLimits(self.header_timeout, self.keep_alive_timeout, allowed, self.max_header_bytes)


class BoundedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with deadlines for each request's headers and body, and a cap on open
    connections (the module's docstring). The class attributes are set per server (protocol_class())."""

    header_timeout = ServerLimits.header_timeout
    max_connections = ServerLimits.max_connections

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._waiting_cycle: Any = None
        self._idle_since = self.loop.time()
        self._arm()
        if len(self.connections) > self.max_connections:
            self._make_room()

    def _arm(self) -> None:
        """Start the deadline for the next request's headers (the current cycle is the last one's)."""
        self._disarm()
        self._waiting_cycle = self.cycle
        self._idle_since = self.loop.time()
        self._deadline = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _arm_body(self) -> None:
        """Start the deadline for the next part of the request's body, from now (each part pushes it back)."""
        self._disarm()
        self._idle_since = self.loop.time()
        self._deadline = self.loop.call_later(self.header_timeout, self._body_too_slow)

    def _disarm(self) -> None:
        deadline = getattr(self, "_deadline", None)
        if deadline is not None:
            deadline.cancel()
        self._deadline = None

    @property
    def waiting_for_headers(self) -> bool:
        return getattr(self, "_deadline", None) is not None and self.cycle is self._waiting_cycle

    @property
    def reading_body(self) -> bool:
        """Whether the current request's headers are in and the rest of its body is awaited, unanswered."""
        cycle = self.cycle
        return (
            cycle is not None
            and cycle is not getattr(self, "_waiting_cycle", None)
            and cycle.more_body
            and not cycle.response_complete
            and not cycle.disconnected
        )

    @property
    def stalled(self) -> bool:
        """Waiting on the client, for a request's headers or the rest of its body (what _make_room closes)."""
        return self.waiting_for_headers or (getattr(self, "_deadline", None) is not None and self.reading_body)

    def _headers_too_slow(self) -> None:
        self._deadline = None
        if self.cycle is self._waiting_cycle and not self.transport.is_closing():
            self.transport.close()

    def _body_too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing() or not self.reading_body:
            return
        if self.flow.read_paused or self.cycle.waiting_for_100_continue:
            # The emulator is behind, not the client: reading is paused until the app takes what came, or
            # the client waits for the 100 Continue the app sends when it asks for the body.
            self._deadline = self.loop.call_later(self.header_timeout, self._body_too_slow)
            return
        self.logger.warning(
            "Closed a connection whose request body stopped arriving (%s %s: nothing for %g s)",
            self.cycle.scope["method"],
            self.cycle.scope["path"],  # not the query string, which may hold an API key
            self.header_timeout,
        )
        if not self.cycle.response_started:
            self._send_408()
        # As connection_lost does, at once: the app waiting for the body is told the client is gone, and
        # anything it sends after is dropped (not written after the 408).
        self.cycle.disconnected = True
        self.cycle.message_event.set()
        self.transport.close()

    def _send_408(self) -> None:
        message = f"The request body stopped arriving: nothing came for {self.header_timeout:g} s.\n".encode()
        headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(message)).encode()),
            (b"connection", b"close"),
        ]
        try:
            output = self.conn.send(h11.Response(status_code=408, headers=headers, reason=b"Request Timeout"))
            output = (output or b"") + (self.conn.send(h11.Data(data=message)) or b"")
            output += self.conn.send(h11.EndOfMessage()) or b""
        except h11.LocalProtocolError:
            return  # h11 will not answer in this state: the connection is only closed
        self.transport.write(output)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is self._waiting_cycle:
            return  # still the headers: a byte now and then does not push their deadline back
        if self.reading_body and not self.transport.is_closing():
            self._arm_body()
        else:
            self._disarm()  # the request is whole: it is the app's turn

    def on_response_complete(self) -> None:
        before = self.cycle
        super().on_response_complete()
        if self.transport.is_closing():
            return
        if self.cycle is before:
            self._arm()  # the next request's headers
        elif self.reading_body:
            self._arm_body()  # a pipelined request, started, whose body has not all come

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def shutdown(self) -> None:
        """Stopping: a connection still waiting for a request's body is closed now (uvicorn would wait for
        the body, as long as the client cares to take); the others as uvicorn does."""
        if self.reading_body:
            self.cycle.disconnected = True
            self.cycle.message_event.set()
            self.transport.close()
            return
        super().shutdown()

    def _make_room(self) -> None:
        """Over the cap: close the connection idle the longest (waiting for headers or the rest of a
        body), or this one when none is."""
        idle = [
            connection
            for connection in self.connections
            if isinstance(connection, BoundedH11Protocol) and connection is not self and connection.stalled
        ]
        victim = min(idle, key=lambda connection: connection._idle_since) if idle else self
        victim.transport.close()
        # Out of the count now, not once the transport reports it closed: uvicorn's limit_concurrency
        # counts these connections, and would answer the next request 503 meanwhile.
        self.connections.discard(victim)


def protocol_class(limits: ServerLimits) -> type[BoundedH11Protocol]:
    """BoundedH11Protocol with these limits (a class per server: uvicorn makes one protocol per connection)."""
    return type(
        "BoundedH11Protocol",
        (BoundedH11Protocol,),
        {"header_timeout": limits.header_timeout, "max_connections": limits.max_connections},
    )


def uvicorn_config(app: Any, limits: ServerLimits | None = None, **options: Any) -> uvicorn.Config:
    """uvicorn's Config for the app under these limits (fitted to the file handles); `options` are
    uvicorn's others (host, port, log_level, lifespan...)."""
    fitted = (limits or ServerLimits()).fitted()
    return uvicorn.Config(
        app,
        http=protocol_class(fitted),
        timeout_keep_alive=fitted.keep_alive_timeout,
        # Connections beyond the cap are closed before this counts them; requests in progress are what
        # it bounds then (a 503 above it).
        limit_concurrency=fitted.max_connections + 1,
        h11_max_incomplete_event_size=fitted.max_header_bytes,
        # The emulator is never behind a proxy it should trust: uvicorn's default would take the client's
        # address from X-Forwarded-For (from whatever addresses FORWARDED_ALLOW_IPS in the environment
        # names, '*' any), and the control routes' loopback-only check would believe a remote client
        # claiming 127.0.0.1. The address is the connection's, always.
        proxy_headers=False,
        # No uvicorn access log: the emulator logs every request itself (core/request_log.py, secrets
        # masked), and uvicorn, with its access logger on, makes each line's arguments (the path quoted
        # again) on every request even when its level drops the line.
        **{"timeout_graceful_shutdown": SHUTDOWN_GRACE, "access_log": False, **options},
    )
