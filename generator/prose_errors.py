"""The vendor's errors catalogue page (easydb's errors/_index): every code with its realm, name, description
and parameters, and the error body's fields (its first table); the errors an operation page names are looked
up in it by their words (ErrorCatalogue.named), and those it lacks are listed (uncatalogued_errors)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import BuildError, SourceRef
from generator.extract import Fragment
from generator.prose_markdown import CODE_CELL, TYPES, plain, read_lines, table, type_words, words

ERROR_CODES_EXTENSION = "x-error-codes"
# The catalogue: "> <a name="x"></a>Pool Not Found (`error.user.pool_not_found`)" and "| `error.api.x` | ... |"
_CATALOGUE_ENTRY = re.compile(
    r"^>\s*(?:<a [^>]*></a>\s*)?(?P<name>[^(`]+?)\s*\(`(?P<code>error\.[a-z_]+\.[a-z0-9_.]+)`\)"
)
_CATALOGUE_ROW = re.compile(r"^\|\s*`(?P<code>error\.[a-z_]+\.[a-z0-9_.]+)`\s*\|\s*(?P<description>.*?)\s*\|\s*$")
# The error body's table: a map's value type ("(map string &#8614; string, optional)"), and a field whose
# description, after its "(type):", is only its values in code ("(string): `server`, `api`, `user`").
_MAP_VALUE = re.compile(r"\(map \w+ (?:&#8614;|\u21a6) (?P<value>\w+)")
_VALUES_ONLY = re.compile(r"\):\s*(?P<values>`[^`]+`(?:\s*,\s*`[^`]+`)+)\s*$")
_CATALOGUE_PARAMETER = re.compile(r"^\s*[-*]\s+`(?P<name>[A-Za-z_][A-Za-z0-9_]*)`(?P<optional>\s*\(optional\))?\s*:\s*")


@dataclass(frozen=True)
class ErrorCode:
    code: str
    realm: str
    name: str | None  # the words the pages use for it ("Pool Not Found"); api and server codes have none
    description: str
    parameters: tuple[tuple[str, str, bool], ...]  # (name, description, optional), as the catalogue lists them
    source: SourceRef
    catalogued: bool = True  # False: a status table names it, the catalogue does not (code from its name)

    def as_extension(self, when: str | None = None) -> dict[str, Any]:
        entry: dict[str, Any] = {"code": self.code, "realm": self.realm}
        if self.name:
            entry["name"] = self.name
        entry["description"] = self.description
        # The body's `parameters` is a map of string to string (the catalogue's first table), so each
        # documented parameter is a string; the client types them from this.
        entry["parameters"] = {
            name: {"type": "string", "description": text, **({"optional": True} if optional else {})}
            for name, text, optional in self.parameters
        }
        if when:
            entry["when"] = when
        if not self.catalogued:
            entry["catalogued"] = False
        return entry


@dataclass(frozen=True)
class ErrorCatalogue:
    """The errors page: every code with its realm, name, description and parameters, and the error body's
    fields (its first table)."""

    codes: dict[str, ErrorCode]
    body_schema: dict[str, Any]
    source: str

    @classmethod
    def read(cls, page: Path, display: str) -> ErrorCatalogue:
        lines = read_lines(page, display)
        codes: dict[str, ErrorCode] = {}
        entry: dict[str, Any] | None = None

        def close() -> None:
            if entry is not None:
                codes[entry["code"]] = ErrorCode(entry["code"], entry["realm"], entry["name"],
                                                 " ".join(entry["text"]).strip(), tuple(entry["parameters"]),
                                                 entry["source"])  # fmt: skip

        for number, line in enumerate(lines, 1):
            if found := _CATALOGUE_ENTRY.match(line):
                close()
                code = found["code"]
                entry = {"code": code, "realm": code.split(".")[1], "name": found["name"].strip(), "text": [],
                         "parameters": [], "source": SourceRef(display, number)}  # fmt: skip
            elif found := _CATALOGUE_ROW.match(line):
                close()
                entry = None
                code = found["code"]
                codes[code] = ErrorCode(code, code.split(".")[1], None, plain(found["description"]), (),
                                        SourceRef(display, number))  # fmt: skip
            elif line.startswith("#"):
                close()
                entry = None
            elif entry is not None:
                if parameter := _CATALOGUE_PARAMETER.match(line):
                    text = plain(line[parameter.end() :])
                    entry["parameters"].append((parameter["name"], text, bool(parameter["optional"])))
                elif line.strip() and not line.lstrip().startswith(("-", "*", "|", ">")):
                    entry["text"].append(plain(line.strip()))
        close()
        if not codes:
            raise BuildError(f"{display}: no error codes found (entries look like `> Name (`error.user.x`)`)")
        return cls(codes, _body_schema(lines, display), display)

    def realm_codes(self, realm: str) -> list[ErrorCode]:
        return [error for code, error in sorted(self.codes.items()) if error.realm == realm]

    def named(self, name: str, where: SourceRef, recorded: SourceRef) -> ErrorCode:
        """The error a status row names in words, at `where` (as messages name the page); an uncatalogued
        one's description names the row as `recorded` (upstream/ and the page under it, as x-provenance names
        pages, so that the spec is the same wherever the build runs)."""
        wanted = words(name)
        matches = [error for error in self.codes.values() if error.name and words(error.name) == wanted]
        if len(matches) == 1:
            return matches[0]
        # The page names the error in words that the catalogue lacks: the code is those words in snake case
        # (`error.user.<words>`), when the catalogue has that code under another name.
        code = "error.user." + "_".join(wanted)
        guessed = self.codes.get(code)
        if guessed is not None:
            return guessed
        if len(matches) > 1:
            raise BuildError(f"{where}: the errors catalogue names {len(matches)} errors {name!r}: "
                             f"{', '.join(error.code for error in matches)}")  # fmt: skip
        # Not catalogued at all: the vendor's rule (a code is error.<realm>.<its words in snake case>) gives
        # the code; the entry says it is not catalogued (`catalogued: false`, with the catalogue's nearest
        # names), and uncatalogued_errors() lists each such entry, so that a misspelt name can be seen.
        names = sorted({error.name for error in self.codes.values() if error.name})
        near = difflib.get_close_matches(name, names, n=3)
        description = f"Named on the page ({recorded}) but not in the errors catalogue"
        if near:
            description += f"; the catalogue's nearest: {', '.join(near)}"
        return ErrorCode(code, "user", name, description + ".", (), where, catalogued=False)


def uncatalogued_errors(fragments: Sequence[Fragment]) -> list[str]:
    """The errors the status tables name that the catalogue does not have (ErrorCatalogue.named gives them
    a code by the vendor's rule), once each, as "Name (code): where, and the catalogue's nearest names": a
    new error of the vendor's, or a misspelt name, which would otherwise be a new error class unnoticed."""
    found = {
        f"{entry.get('name')} ({entry['code']}): {entry['description']}"
        for fragment in fragments
        for item in fragment.document.get("paths", {}).values()
        for operation in item.values()
        for response in operation.get("responses", {}).values()
        for entry in response.get(ERROR_CODES_EXTENSION, [])
        if entry.get("catalogued") is False
    }
    return sorted(found)


def _body_schema(lines: list[str], display: str) -> dict[str, Any]:
    """The error body from the catalogue's first table: | `realm` | error realm (string): ... |. A map says
    its values' type ("map string &#8614; string"); a text whose description lists only values in code
    ("(string): `server`, `api`, `user`") is one of them."""
    numbered = list(enumerate(lines, 1))
    properties: dict[str, Any] = {}
    required: list[str] = []
    for number, cells in table(numbered, display):
        name = CODE_CELL.match(cells[0]) if cells else None
        if name is None:
            raise BuildError(f"{display}:{number}: the error body table's rows start with the `field`")
        kind, optional, _ = type_words(
            cells[1] if len(cells) > 1 else "", f"{display}:{number}: the error body's field {name['name']!r}"
        )
        schema: dict[str, Any] = {"type": kind, "description": plain(cells[1])}
        if kind == "object":
            value = _MAP_VALUE.search(cells[1])
            value_type = TYPES.get(value["value"]) if value else None
            schema["additionalProperties"] = {"type": value_type} if value_type else True
        values = _VALUES_ONLY.search(cells[1])
        if kind == "string" and values:
            schema["enum"] = [value.strip().strip("`") for value in values["values"].split(",")]
        properties[name["name"]] = schema
        if not optional:
            required.append(name["name"])
    if "code" not in properties:
        raise BuildError(f"{display}: the first table must describe the error body's fields (`code`, ...)")
    return {"type": "object", "required": required, "properties": properties}
