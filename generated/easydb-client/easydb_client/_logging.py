"""Debug logging of every HTTP exchange, as an httpx transport: method, path, status and duration.

Logger: "easydb_client" (retries are logged by the retry transport, at debug level too). Headers and
bodies are never logged, so neither is a credential; the values of secret query parameters
(password, token) are masked, here and in the URLs httpx's own logger
("httpx", INFO) writes.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urlencode

import httpx

logger = logging.getLogger("easydb_client")

SECRET_QUERY_PARAMETERS: frozenset[str] = frozenset(["password", "token"])
MASK = "********"


def loggable_target(url: httpx.URL) -> str:
    """The path and query of a URL, with the values of secret query parameters masked."""
    if not url.query:
        return url.path
    params = [
        (key, MASK if key.lower() in SECRET_QUERY_PARAMETERS else value) for key, value in url.params.multi_items()
    ]
    return f"{url.path}?{urlencode(params)}"


class MaskSecretQueryParameters(logging.Filter):
    """Masks the secret query parameters of the URLs a log record carries (httpx logs every request's URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_masked(arg) if isinstance(arg, httpx.URL) else arg for arg in record.args)
        return True


def _masked(url: httpx.URL) -> httpx.URL:
    if not url.query:
        return url
    return url.copy_with(
        params=[
            (key, MASK if key.lower() in SECRET_QUERY_PARAMETERS else value) for key, value in url.params.multi_items()
        ]
    )


logging.getLogger("httpx").addFilter(MaskSecretQueryParameters())


def _log(request: httpx.Request, started: float, result: str) -> None:
    elapsed_ms = (time.perf_counter() - started) * 1000
    logger.debug("%s %s -> %s in %.1f ms", request.method, loggable_target(request.url), result, elapsed_ms)


class LoggingTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not logger.isEnabledFor(logging.DEBUG):
            return self._inner.handle_request(request)
        started = time.perf_counter()
        try:
            response = self._inner.handle_request(request)
        except httpx.TransportError as error:
            _log(request, started, type(error).__name__)
            raise
        _log(request, started, str(response.status_code))
        return response

    def close(self) -> None:
        self._inner.close()


class AsyncLoggingTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not logger.isEnabledFor(logging.DEBUG):
            return await self._inner.handle_async_request(request)
        started = time.perf_counter()
        try:
            response = await self._inner.handle_async_request(request)
        except httpx.TransportError as error:
            _log(request, started, type(error).__name__)
            raise
        _log(request, started, str(response.status_code))
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
