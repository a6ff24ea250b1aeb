"""Decoding the API's JSON answers: with msgspec when it is installed (the package's `speedups` extra), else
with the standard library's json. The values are the same either way.

msgspec decodes a page of records in about half the time json takes, which is most of what a list call
costs beyond the request. It refuses some texts that json accepts (NaN and Infinity, numbers too large for a
float, lone surrogates, a byte order mark, UTF-16 and UTF-32): each refusal is an error, never a different
value, so any text msgspec refuses is decoded by json, which then gives what it always gave, or its error.
(orjson would not do: it turns an integer beyond 64 bits into a float without a word.)
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from typing import Any

# How msgspec decodes, and what it raises when it refuses a text; None when it is not installed. Looked up
# on the first answer decoded, not at import: importing msgspec costs about 6 ms, which a script that only
# imports the package should not pay.
_Decoder = tuple[Callable[[bytes], Any], tuple[type[BaseException], ...]]
_decoder: _Decoder | None = None
_looked_up = False


def _msgspec_decoder() -> _Decoder | None:
    # Imported by name, so that the package type-checks where msgspec is not installed.
    try:
        msgspec = importlib.import_module("msgspec")
    except ImportError:
        return None
    # UnicodeDecodeError (a ValueError) for a string that is not UTF-8; RecursionError past the interpreter's
    # limit, where json raises it too.
    return msgspec.json.Decoder().decode, (msgspec.DecodeError, ValueError, RecursionError)


def loads(content: bytes) -> Any:
    """The JSON value of `content`, as json.loads gives it (json.JSONDecodeError, a ValueError, if it is not
    JSON)."""
    global _decoder, _looked_up
    if not _looked_up:
        _decoder, _looked_up = _msgspec_decoder(), True
    if _decoder is not None:
        decode, refusals = _decoder
        try:
            return decode(content)
        except refusals:
            pass  # json decides: the same value as json's where msgspec is stricter, or json's own error
    return json.loads(content)
