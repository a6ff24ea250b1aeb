"""Step 1 for an API documented in prose: what each of the vendor's Hugo pages states, as one OpenAPI
fragment per operation, so that merge, overlays and validation work as for pages with fragments.

The page format (the `technical/api/*` pages of a vendor documented with Hugo), one `# Heading` per
operation:

    # Retrieve pools
        GET /api/v1/pool[/<id>]?token=<token>      the request line, indented; [...] is optional
    ## Path parameters, ## Query String            | `name` | Description (type, optional): prose |
    ## Input, ## Output                            prose linking a type page ("Array of [pools](...)")
    ## Permissions                                 prose
    ## HTTP status codes                           | 400 | [Pool Not Found](/en/technical/errors): prose |
    ## Examples                                    {{< include_json "./get.json" >}}, or a fence with
                                                   "Request: DELETE /api/v1/pool/3"

The request line and the parameter tables are read by prose_request.py. Each 400/500 row names an error in
words; the errors catalogue page (read by prose_errors.ErrorCatalogue) gives its code, realm and parameters.
A 400/500 row without that link, a table row with fewer cells than its header, a parameter row without its
description, or one whose "(type)" is a word the build does not know as a type fails the build naming the
line: left as they are, they would take an error, or a parameter's type, out of the spec without a word.
What a page cannot state (schemas of the types it links, bodies, operation ids) is left to the overlays; the
prose it has is kept on the operation as `x-` evidence for them.

The pages are read line by line rather than through a markdown parser: the units of this format are lines
(a request line, a table row, a Hugo shortcode, which no markdown parser knows), and every message must
name the line it is about.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import BuildError, SourceRef
from generator.extract import Fragment
from generator.prose_errors import ERROR_CODES_EXTENSION, ErrorCatalogue, ErrorCode
from generator.prose_markdown import LINK, TABLE_ROW, plain, read_lines, table, words
from generator.prose_request import RequestLine, path_parameters, query_parameters, request_line

OPENAPI_VERSION = "3.0.3"
ERROR_SCHEMA = "Error"  # components/schemas/<this>: the error body, from the catalogue's field table
PROVENANCE_EXTENSION = "x-provenance"

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<text>.+?)\s*$")
_ANCHOR = re.compile(r"\s*\{#[^}]*\}\s*$")
_INCLUDE_JSON = re.compile(r'\{\{<\s*include_json\s+"(?P<file>[^"]+)"\s*>\}\}')
_EXAMPLE_REQUEST = re.compile(r"^\s*Request:\s+(?P<method>[A-Z]+)\s+(?P<path>/[^\s?]*)", re.MULTILINE)
_FRONT_MATTER_NAME = re.compile(r"^\s+name:\s*\"?(?P<name>[^\"]+?)\"?\s*$")


@dataclass
class _Section:
    """One `# Heading` of a page and what is under it."""

    heading: str
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)

    def subsections(self) -> dict[str, list[tuple[int, str]]]:
        found: dict[str, list[tuple[int, str]]] = {"": []}
        current = ""
        fenced = False
        for number, line in self.lines:
            if _FENCE.match(line):
                fenced = not fenced
            heading = None if fenced else _HEADING.match(line)
            if heading and len(heading["level"]) == 2:
                current = _ANCHOR.sub("", heading["text"]).strip().lower()
                found.setdefault(current, [])
                continue
            found[current].append((number, line))
        return found


@dataclass(frozen=True)
class ProsePage:
    path: Path
    display: str
    relative: str  # the page's path under upstream/, as the spec records it (whatever the checkout)
    tag: str  # the page's menu name (front matter), the operations' tag
    sections: tuple[_Section, ...]


def read_page(page: Path, display: str, upstream: Path) -> ProsePage:
    lines = read_lines(page, display)
    tag = page.parent.name
    body_start = 0
    if lines and lines[0].strip() == "---":
        end = next((n for n in range(1, len(lines)) if lines[n].strip() == "---"), None)
        if end is None:
            raise BuildError(f"{display}:1: the front matter (---) is not closed")
        for line in lines[1:end]:
            if found := _FRONT_MATTER_NAME.match(line):
                tag = found["name"]
        body_start = end + 1
    sections: list[_Section] = []
    fenced = False
    for number, line in enumerate(lines[body_start:], body_start + 1):
        if _FENCE.match(line):
            fenced = not fenced
        heading = None if fenced else _HEADING.match(line)
        if heading and len(heading["level"]) == 1:
            sections.append(_Section(_ANCHOR.sub("", heading["text"]).strip(), number))
        elif sections:
            sections[-1].lines.append((number, line))
    return ProsePage(page, display, page.resolve().relative_to(upstream.resolve()).as_posix(), tag, tuple(sections))


@dataclass(frozen=True)
class LeftOut:
    operation: str  # "GET /api/v1/session/sso/authenticate"
    source: SourceRef


def extract_operations(page: ProsePage, catalogue: ErrorCatalogue, upstream: Path, *, title: str,
                       leave_out: Sequence[str] = ()) -> tuple[list[Fragment], list[LeftOut]]:  # fmt: skip
    """One fragment per operation the page states (a section without a request line is prose: skipped),
    and the operations left out because `leave_out` ("METHOD /path", as the spec will spell it) names them.
    `title` is the API's name: the fragments' info (the overlays give the spec its own)."""
    fragments: list[Fragment] = []
    left_out: list[LeftOut] = []
    for section in page.sections:
        parts = section.subsections()
        request = request_line(parts[""], page.display)
        if request is None:
            continue
        source = SourceRef(page.display, request.line, section.heading)
        examples = list(_examples(section, page, upstream))
        stated = list(itertools.product(request.methods, request.paths))
        _each_example_shows_one(examples, [(method, path) for method, (path, _) in stated], page, request.line)
        for method, (path, path_names) in stated:
            label = f"{method} {path}"
            if label in leave_out:
                left_out.append(LeftOut(label, source))
                continue
            operation = _operation(method, path, path_names, request, parts, section, page, catalogue, source)
            matching = [example for example in examples if _example_matches(example, method, path)]
            if matching:
                operation["x-vendor-examples"] = matching
            document = {
                "openapi": OPENAPI_VERSION,
                "info": {"title": title, "version": "1"},
                "paths": {path: {method.lower(): operation}},
                "components": {"schemas": {ERROR_SCHEMA: catalogue.body_schema}},
            }
            fragments.append(Fragment(source, document))
    return fragments, left_out


def _operation(method: str, path: str, path_names: tuple[str, ...], request: RequestLine,
               parts: dict[str, list[tuple[int, str]]], section: _Section, page: ProsePage,
               catalogue: ErrorCatalogue, source: SourceRef) -> dict[str, Any]:  # fmt: skip
    operation: dict[str, Any] = {"tags": [page.tag], "summary": section.heading}
    description = _paragraphs(parts[""], skip_line=request.line)
    if description:
        operation["description"] = description
    parameters = path_parameters(path_names, parts.get("path parameters", []), page.display, source)
    parameters += query_parameters(request, parts.get("query string", []), page.display)
    if parameters:
        operation["parameters"] = parameters
    for key, extension in (
        ("input", "x-input"),
        ("output", "x-output"),
        ("ouput", "x-output"),
        ("permissions", "x-permissions"),
    ):  # fmt: skip  (the vendor spells it "Ouput" once)
        text = _paragraphs(parts.get(key, []))
        if text and extension not in operation:
            operation[extension] = _prose_evidence(text, parts[key][0][0], page.relative)
    operation["responses"] = _responses(parts.get("http status codes", []), catalogue, page, source)
    operation[PROVENANCE_EXTENSION] = {"page": page.relative, "line": source.line, "heading": section.heading}
    return operation


def _responses(lines: list[tuple[int, str]], catalogue: ErrorCatalogue, page: ProsePage,
               source: SourceRef) -> dict[str, Any]:  # fmt: skip
    display = page.display
    rows = table(lines, display)
    if not rows:
        raise BuildError(f"{source}: no HTTP status codes table")
    texts: dict[str, list[str]] = {}
    codes: dict[str, list[dict[str, Any]]] = {}
    for number, cells in rows:
        status = cells[0].strip()
        if not re.fullmatch(r"[1-5][0-9][0-9]", status):
            raise BuildError(f"{display}:{number}: {status!r} is not an HTTP status")
        text = cells[1] if len(cells) > 1 else ""
        texts.setdefault(status, []).append(plain(text))
        link = LINK.match(text.strip())
        if status in ("400", "500"):
            # The vendor answers every error as a 400 or a 500 whose body's code the linked name gives: a row
            # without the link would leave the error out of the spec, and its class out of the client.
            if not (link and "errors" in link["target"]):
                raise BuildError(
                    f"{display}:{number}: a {status} row must name its error with a link to the errors page, "
                    f"like `| {status} | [Name Of The Error](/en/technical/errors): when |` (the row has {text!r})"
                )
            where, recorded = SourceRef(display, number), SourceRef(f"upstream/{page.relative}", number)
            for error in _errors_named(link["text"], status, catalogue, where, recorded):
                entry = error.as_extension(when=plain(text.strip()[link.end() :].lstrip(": ")) or None)
                if all(existing["code"] != error.code for existing in codes.setdefault(status, [])):
                    codes[status].append(entry)
    responses: dict[str, Any] = {}
    for status, described in texts.items():
        response: dict[str, Any] = {"description": "; ".join(text for text in described if text) or status}
        if status in codes:
            enum = sorted(entry["code"] for entry in codes[status])
            response["content"] = {"application/json": {"schema": {"allOf": [
                {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"},
                {"type": "object", "properties": {"code": {"type": "string", "enum": enum}}},
            ]}}}  # fmt: skip
            response[ERROR_CODES_EXTENSION] = sorted(codes[status], key=lambda entry: entry["code"])
        responses[status] = response
    return responses


def _errors_named(
    name: str, status: str, catalogue: ErrorCatalogue, where: SourceRef, recorded: SourceRef
) -> list[ErrorCode]:
    """What a status row's link names: a realm ("API error", "Server error": all its codes) or one error.
    `where` is the row as messages name it, `recorded` as the spec does (under upstream/)."""
    named = words(name)
    if named in (["api", "error"], ["api", "errors"]):
        return catalogue.realm_codes("api")
    if named in (["server", "error"], ["server", "errors"]) or status == "500":
        return catalogue.realm_codes("server")
    return [catalogue.named(name, where, recorded)]


def _examples(section: _Section, page: ProsePage, upstream: Path) -> Iterator[dict[str, Any]]:
    """The section's examples: files it includes with include_json, and fences holding "Request:" lines.
    Kept as text (the vendor's files have comments and `...`: sketches, not JSON)."""
    fence: list[str] | None = None
    fence_line = 0
    for number, line in section.lines:
        if _FENCE.match(line):
            if fence is None:
                fence, fence_line = [], number
            else:
                text = "\n".join(fence)
                if _EXAMPLE_REQUEST.search(text):
                    yield _example(text, f"{page.relative}:{fence_line + 1}")
                fence = None
            continue
        if fence is not None:
            fence.append(line)
        elif found := _INCLUDE_JSON.search(line):
            file = (page.path.parent / found["file"]).resolve()
            try:
                relative = file.relative_to(upstream.resolve())
            except ValueError:
                raise BuildError(
                    f"{page.display}:{number}: include_json {found['file']!r} is outside upstream/"
                ) from None
            if not file.is_file():
                raise BuildError(f"{page.display}:{number}: include_json {found['file']!r}: no such file")
            text = "\n".join(read_lines(file, relative.as_posix()))
            yield _example(text, f"{relative.as_posix()} ({page.relative}:{number})")


def _each_example_shows_one(
    examples: list[dict[str, Any]], operations: list[tuple[str, str]], page: ProsePage, line: int
) -> None:
    """An example the section includes that shows none of its operations ("Request: GET /api/v1/pool"; a
    file without that line, or with another request) fails, naming it: it would be left out of the spec
    without a word."""
    for example in examples:
        if not any(_example_matches(example, method, path) for method, path in operations):
            shown = ", ".join(example["requests"]) or 'no "Request: METHOD /path" line'
            stated = ", ".join(f"{method} {path}" for method, path in operations)
            raise BuildError(f"{example['source']}: the example shows {shown}, none of the operations its "
                             f"section states ({page.display}:{line}: {stated})")  # fmt: skip


def _example(text: str, source: str) -> dict[str, Any]:
    requests = [f"{found['method']} {found['path']}" for found in _EXAMPLE_REQUEST.finditer(text)]
    return {"source": source, "requests": requests, "text": text.rstrip("\n")}


def _example_matches(example: dict[str, Any], method: str, path: str) -> bool:
    pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
    return any(
        request.split(" ", 1)[0] == method and pattern.match(request.split(" ", 1)[1])
        for request in example["requests"]
    )


def _prose_evidence(text: str, line: int, relative: str) -> dict[str, Any]:
    evidence: dict[str, Any] = {"text": text, "source": f"{relative}:{line}"}
    link = LINK.search(text)
    if link:
        evidence["links"] = [found["target"] for found in LINK.finditer(text)]
    return evidence


def _paragraphs(lines: list[tuple[int, str]], skip_line: int | None = None) -> str:
    """The section's prose as plain text: paragraphs joined, tables, fences and shortcodes left out."""
    paragraphs: list[list[str]] = [[]]
    fenced = False
    for number, line in lines:
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or number == skip_line or TABLE_ROW.match(line) or _INCLUDE_JSON.search(line) or _HEADING.match(line):
            continue
        if not line.strip():
            paragraphs.append([])
            continue
        paragraphs[-1].append(line.strip())
    return "\n\n".join(" ".join(lines) for lines in paragraphs if lines)
