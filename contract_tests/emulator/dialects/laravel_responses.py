"""What a Laravel application's answers look like: its error bodies ({"message": ...}), its validator's
wording ("The name field must be at least 3 characters.") and 422 body, its paginated resource
collections, and its timestamps.

Validation itself is done by the spec's schemas (core/spec.py); this module words the schema errors as
Laravel's validator would. API packages of Laravel applications raise HttpError and ValidationFailed.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from jsonschema.exceptions import ValidationError as SchemaError
from jsonschema.exceptions import best_match
from starlette.responses import Response

from contract_tests.emulator.core.answers import ErrorAnswer, json_response


def now() -> str:
    """A timestamp as Laravel serialises one: UTC, microseconds, a Z."""
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def as_timestamp(value: str) -> str:
    """An ISO 8601 date or date-time in the stored form (for comparisons); ValueError when it is neither.
    One whose UTC time is past Python's datetimes (9999-12-31T23:59:59-23:59 is in the year 10000 in UTC;
    0001-01-01T00:00:00+00:01 in the year 0) is the first or last one there is: a day from it, no record."""
    moment = datetime.datetime.fromisoformat(value.strip().replace(" ", "+"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    try:
        moment = moment.astimezone(datetime.UTC)
    except OverflowError:
        offset = moment.utcoffset()
        moment = datetime.datetime.max if offset and offset < datetime.timedelta(0) else datetime.datetime.min
    # isoformat, not strftime: %Y writes the year 1 as "1" (glibc), which would sort after "2026".
    return moment.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def message(status: int, text: str, headers: Mapping[str, str] | None = None) -> Response:
    return json_response(status, {"message": text}, headers)


class ValidationFailed(ErrorAnswer):
    """422 with Laravel's body: each field's messages, and a summary of the first."""

    def __init__(self, errors: Mapping[str, Sequence[str]]) -> None:
        super().__init__(summary(errors))
        self.errors = {field: list(messages) for field, messages in errors.items()}

    def response(self) -> Response:
        return json_response(422, {"message": summary(self.errors), "errors": self.errors})


class HttpError(ErrorAnswer):
    """Any other error answer: a status and Laravel's {"message": ...} body."""

    def __init__(self, status: int, text: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(text)
        self.status = status
        self.text = text
        self.headers = dict(headers or {})

    def response(self) -> Response:
        return message(self.status, self.text, self.headers)


def summary(errors: Mapping[str, Sequence[str]]) -> str:
    """Laravel's message: the first error, then "(and N more errors)" counting every other message."""
    messages = [text for texts in errors.values() for text in texts]
    if not messages:
        return "The given data was invalid."
    rest = len(messages) - 1
    if rest == 0:
        return messages[0]
    return f"{messages[0]} (and {rest} more error{'s' if rest > 1 else ''})"


def attribute(path: Iterable[Any]) -> str:
    """A field as Laravel names it in messages: dotted path, underscores as spaces (per_page -> per page)."""
    return ".".join(str(part) for part in path).replace("_", " ")


def field_key(path: Iterable[Any]) -> str:
    return ".".join(str(part) for part in path)


def validation_errors(errors: Iterable[SchemaError], prefix: Sequence[str] = ()) -> dict[str, list[str]]:
    """Schema errors as Laravel's errors object: field -> messages, in the order the fields failed."""
    found: dict[str, list[str]] = {}
    for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        for path, text in _worded(error, list(prefix)):
            key = field_key([*prefix, *path])
            if text not in found.setdefault(key, []):
                found[key].append(text)
    return found


def _worded(error: SchemaError, prefix: list[str]) -> list[tuple[list[Any], str]]:
    """(path below the prefix, message) for one schema error."""
    path = list(error.absolute_path)
    name = attribute([*prefix, *path]) if prefix or path else "body"
    keyword, limit, value = error.validator, error.validator_value, error.instance
    if keyword == "required" and isinstance(limit, list):
        missing = [field for field in limit if not isinstance(value, dict) or field not in value]
        return [([*path, field], f"The {attribute([*prefix, *path, field])} field is required.") for field in missing]
    if value is None or (value == "" and keyword == "minLength"):  # Laravel's "required" fails on null and ""
        return [(path, f"The {name} field is required.")]
    if keyword == "type":
        return [(path, f"The {name} field must be {_TYPE_WORDS.get(str(limit), f'of type {limit}')}.")]
    if keyword == "minLength":
        return [(path, f"The {name} field must be at least {limit} characters.")]
    if keyword == "maxLength":
        return [(path, f"The {name} field must not be greater than {limit} characters.")]
    if keyword == "minimum":
        return [(path, f"The {name} field must be at least {_number(limit)}.")]
    if keyword == "maximum":
        return [(path, f"The {name} field must not be greater than {_number(limit)}.")]
    if keyword == "minItems":
        return [(path, f"The {name} field must have at least {limit} items.")]
    if keyword == "maxItems":
        return [(path, f"The {name} field must not have more than {limit} items.")]
    if keyword == "enum":
        return [(path, f"The selected {name} is invalid.")]
    if keyword == "format" and limit == "binary":  # a text field where the schema has a file
        return [(path, f"The {name} field must be a file.")]
    if keyword == "format" and limit in ("date-time", "date"):
        return [(path, f"The {name} field must be a valid date.")]
    if keyword in ("oneOf", "anyOf") and error.context:
        # One rule of several forms (a date-time or a date): worded as the form it came closest to.
        return _worded(best_match(error.context), prefix)
    return [(path, f"The {name} field format is invalid.")]


_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "array": "an array",
    "object": "an array",  # PHP calls an object an associative array
}


def _number(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def paginated(
    items: list[dict[str, Any]], *, total: int, page: int, per_page: int, url: str, items_key: str = "data"
) -> dict[str, Any]:
    """A LengthAwarePaginator resource collection: the items, links (absolute URLs) and meta."""
    last_page = max(1, math.ceil(total / per_page))
    first_item = (page - 1) * per_page + 1

    def page_url(number: int) -> str:
        return f"{url}?page={number}"

    return {
        items_key: items,
        "links": {
            "first": page_url(1),
            "last": page_url(last_page),
            "prev": page_url(page - 1) if page > 1 else None,
            "next": page_url(page + 1) if page < last_page else None,
        },
        "meta": {
            "current_page": page,
            "from": first_item if items else None,
            "last_page": last_page,
            "path": url,
            "per_page": per_page,
            "to": first_item + len(items) - 1 if items else None,
            "total": total,
        },
    }
