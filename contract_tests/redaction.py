"""Every secret of the run masked wherever the run prints or writes it, as a whole value only.

A secret is masked where it stands as a token of its own: not preceded or followed by a character that
could continue it (a letter, a digit, `_` or `-`, the characters of keys and tokens). A short key is then
masked in `Authorization: k3y` and `?token=k3y` but does not eat the letters of every word that happens
to contain it (`max_stream_events` stays as it is, not `ma********_stream_events`). Live runs refuse a
secret too short to mask safely (contract_tests/target.py), so a whole-token match is never a guess.

Each secret is also masked as a curl command (single-quoted shell word), JSON and a URL would spell it.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Callable, Iterable

MASK = "********"
# What may continue a key or token: a match next to one of these is part of a longer word, not the secret.
_TOKEN_CHARACTER = r"[A-Za-z0-9_\-]"


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


def _spellings(secret: str) -> set[str]:
    return {
        secret,
        secret.replace("'", "'\"'\"'"),  # inside a single-quoted shell word (curl commands)
        json.dumps(secret)[1:-1],
        urllib.parse.quote(secret, safe=""),
        urllib.parse.quote_plus(secret),
    }
