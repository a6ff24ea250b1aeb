"""What went wrong on the way to a host, in a few words: the one line a person reads in place of the
traceback of requests and urllib3 (a refused connection, a name that does not resolve, a TLS failure).

requests wraps urllib3's errors, which wrap the socket's, so the cause is read from the chain of causes
and from the texts urllib3 gives them; there is no library that names them for a person.
"""

from __future__ import annotations

import re
import urllib.parse

import requests

_VERIFY_FAILED = re.compile(r"certificate verify failed:?\s*(?P<why>[^()'\"\]]*)", re.IGNORECASE)
_CAUSES = (
    ("connection refused", "unreachable (connection refused)"),
    ("name or service not known", "unreachable (the host name does not resolve)"),
    ("nodename nor servname", "unreachable (the host name does not resolve)"),
    ("temporary failure in name resolution", "unreachable (the host name does not resolve)"),
    ("no address associated with hostname", "unreachable (the host name does not resolve)"),
    ("failed to resolve", "unreachable (the host name does not resolve)"),
    ("network is unreachable", "unreachable (the network is unreachable)"),
    ("no route to host", "unreachable (no route to the host)"),
    ("connection reset", "unreachable (the connection was reset)"),
    ("remote end closed connection", "the host closed the connection without answering"),
)


def describe(error: BaseException, *, connect_timeout: float | None = None) -> str:
    """A failed request as a person would say it: `unreachable (connection refused)`, `TLS certificate
    verify failed (self-signed certificate)`, `no answer within 3 s`."""
    text = " ".join(str(link) for link in _chain(error)).lower()
    if isinstance(error, requests.exceptions.SSLError) or ("ssl" in text and "certificate" in text):
        found = _VERIFY_FAILED.search(" ".join(str(link) for link in _chain(error)))
        if found:
            why = found["why"].strip(" .,:;")
            return "TLS certificate verify failed" + (f" ({why})" if why else "")
        return "TLS handshake failed (is it an https host? is the port right?)"
    if isinstance(error, requests.exceptions.ConnectTimeout):
        within = f" within {connect_timeout:g} s" if connect_timeout else ""
        return f"unreachable (no connection{within})"
    if isinstance(error, requests.exceptions.ReadTimeout):
        return "connected, but no answer in time"
    if isinstance(error, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema |
                  requests.exceptions.InvalidSchema):  # fmt: skip
        return "not a URL that can be called (it needs http:// or https:// and a host)"
    for needle, said in _CAUSES:
        if needle in text:
            return said
    return f"unreachable ({type(error).__name__})"


def _chain(error: BaseException) -> list[BaseException]:
    """The error and its causes (requests -> urllib3 -> the socket's), each once."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        reason = getattr(current, "reason", None)
        nested = reason if isinstance(reason, BaseException) else None
        arguments = [arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException)]
        current = current.__cause__ or current.__context__ or nested or next(iter(arguments), None)
    return seen


def url_problem(url: str) -> str | None:
    """What keeps `url` from being a base URL to send requests to; None when it is one."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        if not parts.netloc:  # "api.example.com" or "localhost:8080": no "//", so no host either
            return f"no scheme: write it with one, e.g. https://{url.lstrip('/')}"
        return f"the scheme {parts.scheme}:// is not http:// or https://"
    if not parts.hostname:
        return "no host after the scheme"
    try:
        parts.port  # noqa: B018 (reading it validates it)
    except ValueError:
        return "the port is not a number from 1 to 65535"
    return None
