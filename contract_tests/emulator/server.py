"""How the emulator is served: uvicorn with limits that hold under abuse, wherever it runs (the command
line, cli.py; the tests' and the contract run's servers, contract_tests/serving.py).

uvicorn alone keeps a connection that never finishes its request headers open for ever (its keep-alive
timeout starts only after a first answer, and any byte received stops it), and accepts connections until
the process runs out of file handles: a thousand idle connections are enough to stop an emulator. Its h11
protocol is kept (the parsing is h11's, well kept), with two additions (BoundedH11Protocol):

- a deadline for each request's headers, from the moment the connection opens or its last answer ends,
  that a byte now and then does not push back (a slow-headers client is closed when it passes);
- at most `max_connections` open connections: one more arriving closes the connection idle the longest
  (waiting for headers, none of its requests in progress), or, when every one is busy, the newcomer. So a
  flood of idle connections costs the emulator no more than `max_connections` file handles, and a client
  with a real request still gets in.

uvicorn's own limits are set as well: limit_concurrency (a 503 above that many connections or requests in
progress), timeout_keep_alive, and h11's largest incomplete event (request line and headers).
"""

from __future__ import annotations

import asyncio
import resource
from dataclasses import dataclass
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

# File handles kept for what is not a connection (the database, its WAL, logs, the listening socket).
RESERVED_HANDLES = 100


@dataclass(frozen=True)
class ServerLimits:
    header_timeout: float = 10.0  # seconds for a request's line and headers to arrive
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
    """uvicorn's h11 protocol with a deadline for each request's headers and a cap on open connections
    (the module's docstring). The class attributes are set per server (protocol_class())."""

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

    def _disarm(self) -> None:
        deadline = getattr(self, "_deadline", None)
        if deadline is not None:
            deadline.cancel()
        self._deadline = None

    @property
    def waiting_for_headers(self) -> bool:
        return getattr(self, "_deadline", None) is not None and self.cycle is self._waiting_cycle

    def _headers_too_slow(self) -> None:
        self._deadline = None
        if self.cycle is self._waiting_cycle and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._deadline is not None and self.cycle is not self._waiting_cycle:
            self._disarm()  # the headers are in: a request is under way

    def on_response_complete(self) -> None:
        before = self.cycle
        super().on_response_complete()
        # Armed again unless the next request was already waiting (pipelined) and has started.
        if not self.transport.is_closing() and self.cycle is before:
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _make_room(self) -> None:
        """Over the cap: close the connection idle the longest, or this one when none is idle."""
        idle = [
            connection
            for connection in self.connections
            if isinstance(connection, BoundedH11Protocol) and connection is not self and connection.waiting_for_headers
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
        **options,
    )
