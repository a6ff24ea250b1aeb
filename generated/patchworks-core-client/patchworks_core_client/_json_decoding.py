"""Decoding the API's JSON answers: with msgspec when it is installed (the package's `speedups` extra), else
with the standard library's json. The values are json's either way.

msgspec decodes a page of records in half the time json takes (0.15 against 0.31 ms for a page of 100
easydb pools, 53 kB), which is most of what a list call costs beyond the request. It refuses some texts that
json accepts: NaN and Infinity, numbers beyond a float, lone surrogates, a byte order mark, UTF-16 and
UTF-32, and integers over 4,300 digits where the interpreter's limit on them is lifted. Each refusal is an
error, never a different value, so json decodes any text msgspec refuses, and gives what it always gave, or
its own error. (One edge: nested a few levels short of the interpreter's recursion limit, msgspec may still
decode what json gives up on: loads() raises a ValueError for that, not json's RecursionError.)
orjson would not do: it turns an integer beyond 64 bits into a float without a word.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from typing import Any

# The decoder, found on the first answer decoded rather than at import: importing msgspec costs about 6 ms,
# which a script that only imports the package should not pay.
_loads: Callable[[bytes], Any] | None = None


def loads(content: bytes) -> Any:
    """The JSON value of `content`, as json.loads gives it (json.JSONDecodeError, a ValueError, if it is not
    JSON); a ValueError too where json would raise RecursionError (nested past the interpreter's limit), so
    that a caller that takes a ValueError for "not JSON" takes that for it too."""
    try:
        return (_loads or _look_up())(content)
    except RecursionError:
        raise ValueError("the JSON text is nested deeper than the interpreter's recursion limit") from None


def _look_up() -> Callable[[bytes], Any]:
    global _loads
    _loads = _msgspec_first() or json.loads
    return _loads


def _msgspec_first() -> Callable[[bytes], Any] | None:
    """msgspec's decoder, with json for what it refuses; None without msgspec."""
    # Imported by name, so that the package type-checks where msgspec is not installed.
    try:
        decode = importlib.import_module("msgspec.json").Decoder().decode
        # UnicodeDecodeError (a ValueError) for a string that is not UTF-8; RecursionError past the
        # interpreter's limit, where json raises it too.
        refused = (importlib.import_module("msgspec").DecodeError, ValueError, RecursionError)
    # ImportError: not installed (a stray msgspec/ folder imports as a package without msgspec.json);
    # AttributeError: a module of that name that is not the msgspec we know.
    except (ImportError, AttributeError):
        return None

    def msgspec_first(content: bytes) -> Any:
        try:
            return decode(content)
        except refused:
            pass  # json decides, outside the handler: its error is not chained to msgspec's
        return json.loads(content)

    return msgspec_first
