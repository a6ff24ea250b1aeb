"""spatie/laravel-query-builder's rules for list operations, from the spec's declarations.

- `filter[key]=a,b` means "any of a, b"; a partial filter matches substrings (LIKE %a%), an exact one
  whole values, before / after bound a timestamp. An unknown filter is a 400 naming the allowed ones.
- `sort=-a,b`: allowed fields only, `-` for descending; unknown: 400.
- `include=x,y`: allowed relationships only; unknown: 400.
- `page` / `per_page` as the spec bounds them and never below 1 (422 outside), per_page defaulting as
  x-pagination says.
Values are checked against the parameters' schemas first, so a bad value is a 422 in Laravel's words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from contract_tests.emulator.core.query import Condition, ListQuery
from contract_tests.emulator.core.spec import FILTER_NAME, Operation, Parameter
from contract_tests.emulator.core.stores import integer_key
from contract_tests.emulator.dialects.laravel_responses import (
    HttpError,
    ValidationFailed,
    as_timestamp,
    attribute,
    validation_errors,
)

_SPATIE_CHECKED = {"x-sort-fields", "x-include-relationships"}
PHP_INT_MIN, PHP_INT_MAX = -(2**63), 2**63 - 1  # PHP's integers (64-bit builds)
# PHP's whitespace, as its filters trim it (ext/filter/filter_private.h, PHP_FILTER_TRIM_DEFAULT).
PHP_BLANKS = " \t\r\v\n"
# PHP's is_numeric(), which Laravel's `numeric` rule is: ASCII digits, a point, an exponent, whitespace
# around (PHP 8); no "1_0", "nan" or "inf", and no other script's digits, all of which float() reads.
PHP_NUMERIC = re.compile(r"[ \t\n\r\v\f]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\v\f]*")
PHP_INTEGER = re.compile(r"[+-]?(?:0|[1-9][0-9]*)")


# A query parameter of spatie's in PHP's array form: `filter[id][]`, `filter[id][0]`, `sort[]`, `include[]`:
# the name spatie reads (`filter[id]`, `sort`, `include`) and the array's index (empty: appended).
_ARRAY_FORM = re.compile(r"^(?P<name>filter\[[^\]]+\]|sort|include)\[(?P<index>[^\]]*)\]$")


def php_query(query: Mapping[str, str]) -> dict[str, str]:
    """The query as PHP reads it into $_GET, for spatie's parameters: `filter[id][]=1&filter[id][]=2` is
    the array ['1', '2'], which spatie's filters (QueryBuilderRequest::filters, getFilterValue) take as the
    comma form "1,2" takes it, as its sorts() and includes() take `sort[]` and `include[]`; here each array
    joined by commas. As PHP's parse_str assigns in order, a later parameter of the same name wins, array or
    not, and a repeated index overwrites (`[0]=1&[0]=2` is ['2']). Any other bracketed name (`page[]`) is
    left as it is: no parameter of the operation's, as the array is none that Laravel's rules take."""
    multi = getattr(query, "multi_items", None)
    items: list[tuple[str, str]] = multi() if callable(multi) else list(query.items())
    read: dict[str, str | dict[str, str]] = {}
    for name, value in items:
        found = None if FILTER_NAME.match(name) else _ARRAY_FORM.match(name)
        if found is None:
            read[name] = value
            continue
        current = read.get(found["name"])
        array = current if isinstance(current, dict) else {}
        array[found["index"] or f"appended {len(array)}"] = value
        read[found["name"]] = array
    return {name: ",".join(value.values()) if isinstance(value, dict) else value for name, value in read.items()}


def parse(operation: Operation, query: Mapping[str, str]) -> ListQuery:
    """The list query of a request."""
    query = php_query(query)
    _refuse_unknown_filters(operation, query)
    values = _checked_values(operation, query)
    conditions = []
    for rule in operation.filters.values():
        raw = values.get(rule.parameter.name)
        if raw is None or str(raw).strip(",") == "":
            continue  # no value but empty parts, which spatie drops: no filter
        conditions.append(_condition(rule.key, rule.attribute, rule.match, str(raw)))
    pagination = operation.pagination
    return ListQuery(
        conditions=tuple(conditions),
        order=_order(operation, values.get("sort")),
        includes=_includes(operation, values.get("include")),
        page=int(values.get(pagination.page, 1)) if pagination else 1,
        per_page=int(values.get(pagination.size, pagination.default_size)) if pagination else None,
    )


def includes(operation: Operation, query: Mapping[str, str]) -> tuple[str, ...]:
    """A show's include: allowedIncludes alone (a filter it was not given is ignored, as spatie refuses
    unknown filters only where allowedFilters was called)."""
    return _includes(operation, _checked_values(operation, php_query(query)).get("include"))


def _paging_errors(operation: Operation, name: str, value: Any) -> list[str]:
    """The paginator's own rule for its page and page size, whatever the spec bounds: integers of 1 or
    more (a page size of 0 would divide by zero, a negative one would list everything)."""
    pagination = operation.pagination
    if pagination is None or name not in (pagination.page, pagination.size):
        return []
    number = integer_key(str(value))  # a parameter the spec types as a string holds text
    if number is None:
        return [f"The {attribute([name])} field must be an integer."]
    if number < 1:
        return [f"The {attribute([name])} field must be at least 1."]
    return []


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
        found = validation_errors(parameter.errors(value), prefix=[_field_name(name)])
        if not found and (paging := _paging_errors(operation, name, value)):
            found = {name: paging}
        if found:
            errors.update(found)
        else:
            values[name] = value
    if errors:
        raise ValidationFailed(errors)
    return values


def _coerced(parameter: Parameter, raw: str) -> Any:
    """A query value as the parameter's schema types it, read as Laravel's rules read text; left as text
    when they would not take it, so that the schema check words the error ("must be an integer")."""
    kind = parameter.schema.get("type")
    if kind == "integer":
        number = php_integer(raw)
        return raw if number is None else number
    if kind == "number" and PHP_NUMERIC.fullmatch(raw):
        return float(raw)
    return raw


def php_integer(text: str) -> int | None:
    """The integer Laravel's `integer` rule takes a text for: filter_var(FILTER_VALIDATE_INT), whose
    php_filter_int (ext/filter/logical_filters.c) trims PHP's whitespace, then takes 0, or an optional sign
    and ASCII digits without a leading zero, within PHP's 64-bit integers. Python's int() takes more:
    "1_0", Arabic-Indic or fullwidth digits (any script's), "007", and refuses over 4,300 digits with a ValueError."""
    trimmed = text.strip(PHP_BLANKS)
    if len(trimmed) > len(str(PHP_INT_MIN)) or not PHP_INTEGER.fullmatch(trimmed):
        return None
    number = int(trimmed)
    return number if PHP_INT_MIN <= number <= PHP_INT_MAX else None


def _field_name(parameter_name: str) -> str:
    found = FILTER_NAME.match(parameter_name)
    return f"filter.{found['key']}" if found else parameter_name


def _condition(key: str, attribute: str, match: str, raw: str) -> Condition:
    if match in ("before", "after"):
        try:
            bound = as_timestamp(raw)
        except ValueError:
            raise ValidationFailed({f"filter.{key}": [f"The filter.{key} field must be a valid date."]}) from None
        return Condition(attribute, match, (bound,), name=key)
    return Condition(
        attribute,
        "partial" if match == "partial" else "exact",
        tuple(option for option in raw.split(",") if option != ""),
        name=key,
    )


def _order(operation: Operation, raw: Any) -> tuple[tuple[str, bool], ...]:
    if not raw:
        return ()
    fields = [part for part in str(raw).split(",") if part]
    allowed = operation.sorts or ()
    unknown = [part.lstrip("-") for part in fields if part.lstrip("-") not in allowed]
    if unknown:
        raise HttpError(
            400, f"Requested sort(s) `{', '.join(unknown)}` is not allowed. Allowed sort(s) are `{', '.join(allowed)}`."
        )
    return tuple((part.lstrip("-"), part.startswith("-")) for part in fields)


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
