"""Query values as the API reads them: sequences comma-joined (`filter[id]=1,2` means "any of"; `sort=-a,b`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from .types import UNSET, Unset

QueryValue = str | int | float | bool | datetime.datetime | datetime.date | Iterable["QueryValue"] | Unset | None


def query_value(value: QueryValue) -> str | None:
    """The wire form of one value; None when it is unset."""
    if value is None or isinstance(value, Unset):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, (str, int, float)):
        return str(value)
    parts = [query_value(item) for item in value]
    return ",".join(part for part in parts if part is not None)


def query_params(values: Mapping[str, QueryValue]) -> dict[str, str] | None:
    """The query of a request: each set value in its wire form, unset ones left out; None when there are
    none, because httpx re-parses the URL to merge even an empty dict (a tenth of a small call's cost)."""
    # An operation's parameters default to UNSET: those are left out by identity, without a call each.
    params = {
        name: wire for name, value in values.items() if value is not UNSET and (wire := query_value(value)) is not None
    }
    return params or None
