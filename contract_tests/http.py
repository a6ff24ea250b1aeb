"""The HTTP session the contract run sends through: a 429 is retried after its Retry-After, and every
call it makes is told to the run's observers (the report counts them).

The observers are told in the adapter, not in a response hook: requests applies a session's hooks only
to requests it prepares itself, and probes that send a prepared request of their own (or an auth that
sends again after logging in) would go uncounted.

urllib3's Retry already honours Retry-After (seconds or an HTTP date) for 429, so the session mounts it
rather than a loop of our own. Other statuses and connection errors are not retried: the check must see
what the host answers.

The retries happen inside the adapter, so requests' `response.elapsed` (which schemathesis'
max_response_time check reads) would include the waits for Retry-After. A wait is not response time:
the Retry here remembers when its last wait ended, and a response hook makes `elapsed` the final
attempt's own time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

RATE_LIMITED_RETRIES = 5

# The request as sent, and its response (None: it raised, e.g. a refused connection).
CallObserver = Callable[[requests.PreparedRequest, requests.Response | None], None]
# Told of every response a session of this module receives (the report's call count); process-wide, as
# the sessions are made by fixtures and helpers that the report does not construct.
_OBSERVERS: list[CallObserver] = []
# Whether sessions read the environment's proxy, .netrc and CA bundle settings (requests' trust_env).
# Process-wide like the observers: the auth's logins and the checks' probes make sessions of their own.
_TRUST_ENVIRONMENT = True


# What NO_PROXY gains for a run against the emulator, which is always started on loopback.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def trust_environment(trusted: bool) -> None:
    """Whether the sessions made from now on read the environment's settings: not for the run's own
    emulator on loopback (no proxy, .netrc or CA bundle is meant for it, and requests would otherwise read
    the proxy settings again for every request, a tenth of the stateful phase's time); a live host keeps
    them, as a proxy may be the way to it.

    Not trusted, loopback is also added to this process's NO_PROXY: schemathesis sends the probes of its
    own checks (ignored_auth's request without credentials, unsupported_method's) through sessions it
    makes, which read the environment, and an HTTP_PROXY set for the machine would take them to the proxy."""
    global _TRUST_ENVIRONMENT
    _TRUST_ENVIRONMENT = trusted
    if not trusted:
        for name in ("NO_PROXY", "no_proxy"):
            named = [host for host in os.environ.get(name, "").split(",") if host.strip()]
            os.environ[name] = ",".join([*named, *(host for host in LOOPBACK_HOSTS if host not in named)])


def observe(observer: CallObserver) -> Callable[[], None]:
    """Tell `observer` of every response from now on; the returned function stops it."""
    _OBSERVERS.append(observer)
    return lambda: _OBSERVERS.remove(observer) if observer in _OBSERVERS else None


class TimedRetry(Retry):
    """urllib3's Retry, remembering when the last wait before a retry ended (time.perf_counter(), the
    clock of requests' `elapsed`). urllib3 hands each attempt a new Retry made by new(), so it is carried
    over there; the response of the final attempt holds the last one."""

    def __init__(self, *args: Any, resumed_at: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.resumed_at = resumed_at

    def new(self, **kw: Any) -> TimedRetry:
        kw.setdefault("resumed_at", self.resumed_at)
        return super().new(**kw)

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        super().sleep(response)
        self.resumed_at = time.perf_counter()


def _final_attempt_time(response: requests.Response, *args: Any, **kwargs: Any) -> requests.Response:
    # requests sets `elapsed` just before calling the response hooks, so "now" is where it stopped timing.
    retries = getattr(response.raw, "retries", None)
    resumed_at = getattr(retries, "resumed_at", None)
    if isinstance(resumed_at, float):
        response.elapsed = timedelta(seconds=max(time.perf_counter() - resumed_at, 0.0))
    return response


class ObservedAdapter(HTTPAdapter):
    """requests' adapter, telling the observers of each call (after urllib3's retries: one call)."""

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        try:
            response = super().send(request, *args, **kwargs)
        except requests.RequestException:
            _tell(request, None)
            raise
        _tell(request, response)
        return response


def _tell(request: requests.PreparedRequest, response: requests.Response | None) -> None:
    for observer in list(_OBSERVERS):
        observer(request, response)


def session() -> requests.Session:
    retry = TimedRetry(
        total=RATE_LIMITED_RETRIES,
        connect=0,
        read=0,
        other=0,
        status=RATE_LIMITED_RETRIES,
        status_forcelist=(429,),
        allowed_methods=None,  # every method: a 429 means the request was not processed
        respect_retry_after_header=True,
        backoff_factor=1.0,  # when a 429 comes without Retry-After
        raise_on_status=False,  # after the last retry the 429 itself is the answer the checks see
    )
    http = requests.Session()
    http.trust_env = _TRUST_ENVIRONMENT
    adapter = ObservedAdapter(max_retries=retry)
    http.mount("http://", adapter)
    http.mount("https://", adapter)
    http.hooks["response"].append(_final_attempt_time)
    return http
