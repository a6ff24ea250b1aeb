"""The request an operation section of a prose page states (generator/prose.py): its indented request line
(methods, path variants, query parameters) and its "Path parameters" and "Query String" tables, as OpenAPI
parameters. A row's type, whether it is optional and its default are the "(type, optional, defaults to x)"
words of its description cell (prose_markdown.type_words).

    GET /api/v1/pool[/<id>]?token=<token>[&language=<language>]   [...] is optional: two path variants,
                                                                   `language` an optional query parameter
    | `id` | Pool ID (integer, optional): if set, get pool `id` |
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from generator.errors import BuildError, SourceRef
from generator.prose_markdown import CODE_CELL, plain, table, type_words

_REQUEST_LINE = re.compile(r"^(?: {4}|\t)(?P<methods>[A-Z]+(?:/[A-Z]+)*)\s+(?P<target>/\S*)\s*$")
# A line that is an HTTP method and a path alone ("GET /api/v1/pool", "GET api/v1/pool?token=<token>"): what a
# request line that lost its form looks like. Prose that names a method goes on after the path ("GET
# /api/v1/pool lists the pools"), and a raw HTTP line has its version after it: neither matches.
_LIKE_A_REQUEST_LINE = re.compile(
    r"^\s*(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)(?:/[A-Z]+)*\s+/?[A-Za-z0-9_.~-]+/\S*\s*$"
)
_PLACEHOLDER = re.compile(r"<(?P<name>[A-Za-z_][A-Za-z0-9_]*)>")
_CHOICES = re.compile(r"^\{(?P<choices>[^}|]+(?:\|[^}|]+)+)\}$")


@dataclass(frozen=True)
class RequestLine:
    methods: tuple[str, ...]
    paths: tuple[tuple[str, tuple[str, ...]], ...]  # (path template, its path parameters), one per variant
    query: tuple[tuple[str, bool, list[str] | None], ...]  # (name, required, choices)
    line: int


def request_line(lines: list[tuple[int, str]], display: str) -> RequestLine | None:
    """The first request line among a section's lines (before its first `##`); none: the section is prose.
    A line that reads as one but is not in its form (not indented, a path without its leading /) fails,
    naming it: the section would be taken for prose, and its operation left out without a word."""
    for number, line in lines:
        found = _REQUEST_LINE.match(line)
        if found:
            return _parse_target(found["methods"].split("/"), found["target"], number, display)
        if _LIKE_A_REQUEST_LINE.match(line):
            raise BuildError(f"{display}:{number}: {line.strip()!r} reads as a request line but is not one: "
                             "write it indented by four spaces, its path from / (`    GET /api/v1/pool`)")  # fmt: skip
    return None


def _parse_target(methods: list[str], target: str, number: int, display: str) -> RequestLine:
    """`/api/v1/pool[/<id>]?token=<token>[&language=<language>]`: path variants and query parameters."""
    parts: list[tuple[str, bool]] = []  # (text, optional)
    depth, current = 0, ""
    for char in target:
        if char in "[]":
            if (char == "[" and depth == 1) or (char == "]" and depth == 0):
                raise BuildError(f"{display}:{number}: nested or unbalanced [ ] in the request line {target!r}")
            if current:
                parts.append((current, depth == 1))
            depth, current = (1 if char == "[" else 0), ""
        else:
            current += char
    if depth:
        raise BuildError(f"{display}:{number}: an unclosed [ in the request line {target!r}")
    if current:
        parts.append((current, False))
    path_parts: list[tuple[str, bool]] = []
    query: list[tuple[str, bool, list[str] | None]] = []
    in_query = False
    for text, optional in parts:
        if not in_query and "?" in text:
            before, text = text.split("?", 1)
            if before:
                path_parts.append((before, optional))
            in_query = True
        if not in_query:
            path_parts.append((text, optional))
            continue
        for item in re.split(r"[?&]", text):
            if not item:
                continue
            name, _, value = item.partition("=")
            choices = _CHOICES.match(value)
            query.append((name, not optional, choices["choices"].split("|") if choices else None))
    optional_parts = [index for index, (_, optional) in enumerate(path_parts) if optional]
    variants = []
    for chosen in itertools.product((False, True), repeat=len(optional_parts)):
        included = {index for index, take in zip(optional_parts, chosen, strict=True) if take}
        raw = "".join(text for index, (text, optional) in enumerate(path_parts) if not optional or index in included)
        names = tuple(_PLACEHOLDER.findall(raw))
        variants.append((_PLACEHOLDER.sub(r"{\g<name>}", raw), names))
    return RequestLine(tuple(methods), tuple(variants), tuple(query), number)


@dataclass(frozen=True)
class _Described:
    name: str
    description: str
    type: str
    optional: bool
    default: str | None
    line: int


def _described_rows(lines: list[tuple[int, str]], display: str) -> dict[str, _Described]:
    """`| \\`name\\` | Description (type, optional): prose |` rows by name."""
    found: dict[str, _Described] = {}
    for number, cells in table(lines, display):
        name = CODE_CELL.match(cells[0]) if cells else None
        if name is None:
            raise BuildError(f"{display}:{number}: a parameter row must start with the `name` in backticks")
        if len(cells) < 2 or not cells[1]:
            # Its type and whether it is optional are in that cell: without it the parameter would be a
            # required string, whatever it is.
            raise BuildError(f"{display}:{number}: the parameter {name['name']!r} has no description cell "
                             "(`| `name` | Description (type, optional): prose |`)")  # fmt: skip
        text = plain(cells[1])
        kind, optional, default = type_words(cells[1], f"{display}:{number}: the parameter {name['name']!r}")
        found[name["name"]] = _Described(name["name"], text, kind, optional, default, number)
    return found


def path_parameters(names: tuple[str, ...], lines: list[tuple[int, str]], display: str,
                    source: SourceRef) -> list[dict[str, Any]]:  # fmt: skip
    """The request line's path parameters, each described by its row of the Path parameters table. A row
    without a "(type)" is a string, as in the query, rather than an integer: the vendor's pages type every
    path parameter, and not all are ids (an object type's or a mask's name is a string)."""
    described = _described_rows(lines, display)
    parameters = []
    for name in names:
        row = described.get(name)
        if row is None:
            raise BuildError(f"{source}: the path parameter {name!r} is not in the page's Path parameters table")
        parameters.append({"name": name, "in": "path", "required": True, "description": row.description,
                           "schema": {"type": row.type}})  # fmt: skip
    return parameters


def query_parameters(request: RequestLine, lines: list[tuple[int, str]], display: str) -> list[dict[str, Any]]:
    """The request line's query parameters first (a bracketed one is optional), then those only the table
    names (optional: a table-only parameter is never part of the documented request)."""
    described = _described_rows(lines, display)
    parameters = []
    for name, in_line_required, choices in request.query:
        row = described.get(name)
        schema: dict[str, Any] = {"type": row.type if row else "string"}
        if choices:
            schema["enum"] = choices
        if row and row.default is not None:
            schema["default"] = _typed(row.default, schema["type"])
        parameter = {"name": name, "in": "query", "required": in_line_required and not (row and row.optional)}
        if row and row.description:
            parameter["description"] = row.description
        parameters.append({**parameter, "schema": schema})
    in_line = {name for name, _, _ in request.query}
    for name, row in described.items():
        if name in in_line:
            continue
        schema = {"type": row.type, **({"default": _typed(row.default, row.type)} if row.default is not None else {})}
        parameters.append({"name": name, "in": "query", "required": False, "description": row.description,
                           "schema": schema})  # fmt: skip
    return parameters


def _typed(text: str, kind: str) -> Any:
    """A default as the prose writes it ("10", "true"), in the parameter's type when it reads as one."""
    if kind == "integer" and re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    if kind == "number" and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
        return float(text)
    if kind == "boolean" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text
