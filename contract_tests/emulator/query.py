"""spatie/laravel-query-builder's rules for list operations, from the spec's declarations.

- `filter[key]=a,b` means "any of a, b"; a partial filter matches substrings (LIKE %a%), an exact one
  whole values, before / after bound a timestamp. An unknown filter is a 400 naming the allowed ones.
- `sort=-a,b`: allowed fields only, `-` for descending; unknown: 400.
- `include=x,y`: allowed relationships only; unknown: 400.
- `page` / `per_page` as the spec bounds them (422 outside), per_page defaulting as x-pagination says.
Values are checked against the parameters' schemas first, so a bad value is a 422 in Laravel's words.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from contract_tests.emulator.database import Database
from contract_tests.emulator.laravel import HttpError, ValidationFailed, as_timestamp, validation_errors
from contract_tests.emulator.operations import FILTER_NAME, Filter, Operation, Parameter

LIKE_ESCAPE = "\\"
MAX_OFFSET = 2**62
_SPATIE_CHECKED = {"x-sort-fields", "x-include-relationships"}


@dataclass(frozen=True)
class ListQuery:
    where: list[str] = field(default_factory=list)
    parameters: list[Any] = field(default_factory=list)
    order_by: str = '"id"'
    includes: tuple[str, ...] = ()
    page: int = 1
    per_page: int = 15
    searches: tuple[str, ...] = ()  # the search indexes the where clause reads (to bring up to date first)

    @property
    def offset(self) -> int:
        # Clamped below SQLite's 64-bit limit: a page far past the end is just an empty page.
        return min((self.page - 1) * self.per_page, MAX_OFFSET)

    def where_sql(self, *more: str) -> str:
        clauses = [*more, *self.where]
        return f"WHERE {' AND '.join(clauses)}" if clauses else ""


def check_columns(operation: Operation, columns: Collection[str]) -> None:
    """At start: every filter and sort the spec allows must name a column of the resource."""
    named = [f.attribute for f in operation.filters.values()] + list(operation.sorts or ())
    unknown = sorted(set(named) - set(columns))
    if unknown:
        raise RuntimeError(f"{operation.operation_id}: the spec filters or sorts on {unknown}, which are not columns")


def parse(operation: Operation, query: Mapping[str, str], search_indexes: Mapping[str, str] | None = None) -> ListQuery:
    """The list query of a request. `search_indexes` maps an attribute to a trigram index of it, which a
    partial filter on that attribute then uses instead of scanning every row."""
    _refuse_unknown_filters(operation, query)
    values = _checked_values(operation, query)
    where: list[str] = []
    parameters: list[Any] = []
    searches: list[str] = []
    for rule in operation.filters.values():
        raw = values.get(rule.parameter.name)
        if raw is None or str(raw) == "":
            continue
        index = (search_indexes or {}).get(rule.attribute)
        searched = _search_clause(rule, str(raw), index) if index else None
        clause, bound = searched or _filter_clause(rule, str(raw))
        if searched and index:
            searches.append(index)
        where.append(clause)
        parameters.extend(bound)
    pagination = operation.pagination
    page = int(values.get(pagination.page, 1)) if pagination else 1
    per_page = int(values.get(pagination.size, pagination.default_size)) if pagination else 15
    return ListQuery(
        where=where,
        parameters=parameters,
        order_by=_order_by(operation, values.get("sort")),
        includes=_includes(operation, values.get("include")),
        page=page,
        per_page=per_page,
        searches=tuple(searches),
    )


def _refuse_unknown_filters(operation: Operation, query: Mapping[str, str]) -> None:
    requested = [m["key"] for name in query if (m := FILTER_NAME.match(name))]
    unknown = [key for key in requested if key not in operation.filters]
    if unknown:
        allowed = ", ".join(operation.filters)
        raise HttpError(
            400, f"Requested filter(s) `{', '.join(unknown)}` are not allowed. Allowed filter(s) are `{allowed}`."
        )


def _checked_values(operation: Operation, query: Mapping[str, str]) -> dict[str, Any]:
    """Each known query parameter, coerced to its schema's type and validated; 422 for the failures."""
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, parameter in operation.query_parameters.items():
        if name not in query:
            continue
        value = _coerced(parameter, query[name])
        if _SPATIE_CHECKED & parameter.extensions.keys():
            values[name] = value  # spatie's own check words these: 400 naming the allowed values
            continue
        field_name = _field_name(name)
        found = validation_errors(parameter.errors(value), prefix=[field_name])
        if found:
            errors.update(found)
        else:
            values[name] = value
    if errors:
        raise ValidationFailed(errors)
    return values


def _coerced(parameter: Parameter, raw: str) -> Any:
    kind = parameter.schema.get("type")
    try:
        if kind == "integer":
            return int(raw)
        if kind == "number":
            return float(raw)
    except ValueError:
        return raw  # left as text: the schema check words the error ("must be an integer")
    return raw


def _field_name(parameter_name: str) -> str:
    found = FILTER_NAME.match(parameter_name)
    return f"filter.{found['key']}" if found else parameter_name


def _filter_clause(rule: Filter, raw: str) -> tuple[str, list[Any]]:
    column = _quoted(rule.attribute)
    if rule.match in ("before", "after"):
        try:
            bound = as_timestamp(raw)
        except ValueError:
            raise ValidationFailed(
                {f"filter.{rule.key}": [f"The filter.{rule.key} field must be a valid date."]}
            ) from None
        return f"{column} {'<' if rule.match == 'before' else '>'} ?", [bound]
    options = [option for option in raw.split(",") if option != ""]
    if rule.match == "partial":
        clause = " OR ".join(f"{column} LIKE ? ESCAPE '{LIKE_ESCAPE}'" for _ in options)
        return f"({clause})", [f"%{_escaped_like(option)}%" for option in options]
    return f"{column} IN ({', '.join('?' for _ in options)})", options


def _search_clause(rule: Filter, raw: str, index: str) -> tuple[str, list[Any]] | None:
    """A partial filter through the attribute's trigram index: possible when every option has three or
    more characters (a trigram) and no LIKE wildcard to escape (the index takes no ESCAPE clause)."""
    options = [option for option in raw.split(",") if option != ""]
    if rule.match != "partial" or not options or any(len(o) < 3 or set(o) & {"%", "_", LIKE_ESCAPE} for o in options):
        return None
    column = _quoted(rule.attribute)
    matches = " UNION ".join(f"SELECT rowid FROM {index} WHERE {column} LIKE ?" for _ in options)
    return f'"id" IN ({matches})', [f"%{option}%" for option in options]


def _escaped_like(text: str) -> str:
    return text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", f"{LIKE_ESCAPE}%").replace("_", f"{LIKE_ESCAPE}_")


def _order_by(operation: Operation, raw: Any) -> str:
    if not raw:
        return '"id"'
    fields = [part for part in str(raw).split(",") if part]
    allowed = operation.sorts or ()
    unknown = [part.lstrip("-") for part in fields if part.lstrip("-") not in allowed]
    if unknown:
        raise HttpError(
            400, f"Requested sort(s) `{', '.join(unknown)}` is not allowed. Allowed sort(s) are `{', '.join(allowed)}`."
        )
    terms = [f"{_quoted(part.lstrip('-'))} {'DESC' if part.startswith('-') else 'ASC'}" for part in fields]
    return ", ".join([*terms, '"id" ASC'])  # id last: a stable order across pages


def _includes(operation: Operation, raw: Any) -> tuple[str, ...]:
    if not raw:
        return ()
    requested = tuple(part for part in str(raw).split(",") if part)
    allowed = operation.includes or ()
    unknown = [part for part in requested if part not in allowed]
    if unknown:
        raise HttpError(
            400,
            f"Requested include(s) `{', '.join(unknown)}` are not allowed. "
            f"Allowed include(s) are `{', '.join(allowed)}`.",
        )
    return requested


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def fetch_page(
    db: Database, table: str, columns: Collection[str], query: ListQuery, scope: tuple[str, list[Any]] | None = None
) -> tuple[list[sqlite3.Row], int]:
    """One page of a resource's rows and the total, under the query's filters and order (and a scope such as
    "data_pool_id = ?" for a child resource)."""
    scoped = [scope[0]] if scope else []
    bound = [*(scope[1] if scope else []), *query.parameters]
    where = query.where_sql(*scoped)
    selected = ", ".join(_quoted(column) for column in columns)
    rows = db.all(
        f"SELECT {selected} FROM {table} {where} ORDER BY {query.order_by} LIMIT ? OFFSET ?",
        [*bound, query.per_page, query.offset],
    )
    total_row = db.one(f"SELECT COUNT(*) FROM {table} {where}", bound)
    return rows, int(total_row[0]) if total_row else 0
