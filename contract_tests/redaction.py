"""Every secret of the run masked wherever the run prints or writes it, as a whole value only.

A secret is masked where it stands as a token of its own: not preceded or followed by a character that
could continue it (a letter, a digit, `_` or `-`, the characters of keys and tokens). A short key is then
masked in `Authorization: k3y` and `?token=k3y` but does not eat the letters of every word that happens
to contain it (`max_stream_events` stays as it is, not `ma********_stream_events`). Live runs refuse a
secret too short to mask safely (contract_tests/target.py), so a whole-token match is never a guess.

Each secret is also masked as a curl command (single-quoted shell word), JSON and a URL would spell it.

SECRETS is the process's one registry of what it must never write out: the run's credentials
(contract_tests/target.py registers them as it reads them) and every token or session id the process is
given (contract_tests/auth.py, as each arrives: a login's, a renewed one, the preflight's). Every writer
masks with what it holds at the moment of writing: the report (summary.md, junit.xml, the tally's curl
commands and messages: contract_tests/conftest.py), the console (`python -m contract_tests` writes
everything through RedactingStream) and the copy of the emulator's log (redact_file).
"""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

MASK = "********"
# What may continue a key or token: a match next to one of these is part of a longer word, not the secret.
_TOKEN_CHARACTER = r"[A-Za-z0-9_\-]"


class SecretRegistry:
    """The secrets a process has learned, each kept once, in the order learned; safe across threads
    (schemathesis' workers may log in again while the report writes)."""

    def __init__(self) -> None:
        self._values: dict[str, None] = {}
        self._lock = threading.Lock()

    def register(self, *secrets: str | None) -> None:
        with self._lock:
            for secret in secrets:
                if secret:
                    self._values.setdefault(secret, None)

    def values(self) -> tuple[str, ...]:
        with self._lock:
            return tuple(self._values)


SECRETS = SecretRegistry()


class Redactor:
    """Replaces every secret of the run with a mask, wherever it appears as a whole value: the
    credentials, and what `issued` gives when called (the tokens the run has been given so far)."""

    def __init__(self, secrets: Iterable[str], issued: Callable[[], Iterable[str]] = tuple) -> None:
        self._fixed = [secret for secret in secrets if secret]
        self._issued = issued
        self._known: tuple[str, ...] = ()
        self._pattern: re.Pattern[str] | None = None
        self._learn()

    def _learn(self) -> None:
        known = (*self._fixed, *(secret for secret in self._issued() if secret))
        if known == self._known:
            return
        # Longest first: the regex tries the alternatives in order, so a secret containing another is
        # masked whole, and a shorter one is still tried where the longer one is not bounded.
        spellings = sorted({spelling for secret in known for spelling in _spellings(secret)}, key=len, reverse=True)
        self._known = known
        self._pattern = (
            re.compile(f"(?<!{_TOKEN_CHARACTER})(?:{'|'.join(map(re.escape, spellings))})(?!{_TOKEN_CHARACTER})")
            if spellings
            else None
        )

    def __call__(self, text: str) -> str:
        self._learn()
        return text if self._pattern is None else self._pattern.sub(MASK, text)


def process_redactor() -> Redactor:
    """A Redactor of everything the process's registry holds, now and as it learns more."""
    return Redactor((), issued=SECRETS.values)


class RedactingStream:
    """A text stream (sys.stdout, sys.stderr) whose writes are masked before they reach it; everything
    else is the stream's own. pytest's terminal writes each piece of text in one call, so a secret is never
    split between two writes; bytes written to the stream's buffer, or to its file descriptor, are not
    seen (nothing of the run writes there)."""

    def __init__(self, stream: TextIO, redact: Callable[[str], str]) -> None:
        self.stream = stream
        self._redact = redact

    def write(self, text: str) -> int:
        self.stream.write(self._redact(text))
        return len(text)  # what the caller gave: a caller counting characters must not see the mask's length

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def redact_file(path: Path, redact: Callable[[str], str]) -> None:
    """Mask the secrets in a text file the run keeps (the emulator's log), in place; nothing when it is not
    there."""
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8", errors="replace")
    masked = redact(text)
    if masked != text:
        path.write_text(masked, encoding="utf-8")


def _spellings(secret: str) -> set[str]:
    return {
        secret,
        secret.replace("'", "'\"'\"'"),  # inside a single-quoted shell word (curl commands)
        json.dumps(secret)[1:-1],
        urllib.parse.quote(secret, safe=""),
        urllib.parse.quote_plus(secret),
    }
