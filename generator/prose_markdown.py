"""How the vendor's Hugo pages are read line by line, for the operation pages (prose.py, their request line
and parameter tables in prose_request.py) and the errors catalogue (prose_errors.py) alike: a page's lines,
its tables (a row short of a cell fails, naming its line), the "(type, optional, defaults to x)" words of a
cell (a type word the build does not know fails, naming it), and inline markdown as a person reads it.

Hand-written rather than a markdown parser's: the units of this format are lines (a table row, a Hugo
shortcode, which no markdown parser knows), and every message must name the line it is about.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from generator.errors import BuildError
from generator.input_files import read_text

TABLE_ROW = re.compile(r"^\s*\|(?P<cells>.*)\|\s*$")
SEPARATOR_ROW = re.compile(r"^\s*\|(\s*:?-{3,}:?\s*\|)+\s*$")
CODE_CELL = re.compile(r"^`(?P<name>[^`]+)`")
LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<target>[^)]*)\)")
# Words of a table's "(type, ...)" that name a JSON type.
TYPES = {"integer": "integer", "int": "integer", "string": "string", "bool": "boolean", "boolean": "boolean",
          "number": "number", "float": "number", "map": "object", "object": "object", "array": "array"}  # fmt: skip
# A "(...)" group of a cell, and the words after a type word in one that states a type.
_GROUP = re.compile(r"\((?P<inside>[^()]*)\)")
_QUALIFIER = re.compile(r"optional|required|defaults to\b.*")
# A type word as the vendor writes one (in backticks or bold too: "(`integer`)").
_BARE_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_/-]*")
# How near a known type word an unknown one must be to be taken for its misspelling (difflib's ratio:
# "integr" 0.92, "bolean" 0.92; "seconds", "deprecated", "timestamp" are far from every one).
_MISSPELT = 0.75


def read_lines(page: Path, display: str) -> list[str]:
    """The page's lines; not UTF-8, a BuildError naming the line and column (generator/input_files.py)."""
    try:
        return read_text(page, display).splitlines()
    except FileNotFoundError:
        raise BuildError(f"{display}: no such page") from None


def table(lines: list[tuple[int, str]], display: str) -> list[tuple[int, list[str]]]:
    """The rows of the first table among `lines` (header and separator rows left out). A row with fewer
    cells than the header fails, naming its line: a missing cell would otherwise read as an empty one (a
    status without its error, a parameter without its type), and the spec would lose it without a word."""
    rows: list[tuple[int, list[str]]] = []
    header: tuple[int, int] | None = None  # (line, cells)
    for number, line in lines:
        found = TABLE_ROW.match(line)
        if not found:
            if header:
                break
            continue
        cells = [cell.strip() for cell in found["cells"].split("|")]
        if header is None:
            header = number, len(cells)  # the header row (often empty cells)
            continue
        if SEPARATOR_ROW.match(line):
            continue
        if len(cells) < header[1]:
            raise BuildError(
                f"{display}:{number}: a cell is missing: the row has {len(cells)}, its table's header (line "
                f"{header[0]}) has {header[1]} ({line.strip()!r})"
            )
        rows.append((number, cells))
    return rows


def type_words(text: str, where: str) -> tuple[str, bool, str | None]:
    """(JSON type, optional, default) from the first "(type, optional, defaults to x)" group of a cell; with
    none, a string. A group that states a type in a misspelling of a known word ("(integr)", "(`strng`)")
    fails: `where` ("page:line: the parameter 'id'") leads the message. Typed a string, the client's
    signature would be wrong and nobody told. A word far from every type word ("(seconds)", "(deprecated)")
    is prose, as it would be in any other group."""
    cell = LINK.sub(r"\g<text>", text)
    for group in _GROUP.finditer(cell):
        parts = [part.strip().strip('`"*').lower() for part in group["inside"].split(",")]
        kind = TYPES.get(parts[0].split()[0]) if parts and parts[0] else None
        if kind is None:
            word = group["inside"].split(",")[0].strip().strip("`*")
            near = difflib.get_close_matches(word.lower(), TYPES, n=1, cutoff=_MISSPELT)
            if near and _states_a_type(group, cell):
                raise BuildError(
                    f"{where} states its type as {word!r} ({group[0]!r}), a word the build does not know as a "
                    f"type; it knows {', '.join(sorted(TYPES))} (the nearest: {near[0]}). "
                    "A type the vendor writes in another word goes in TYPES (generator/prose_markdown.py)"
                )
            continue
        default = next((part.removeprefix("defaults to").strip(" `\"*") for part in parts
                        if part.startswith("defaults to")), None)  # fmt: skip
        return kind, "optional" in parts or default is not None, default
    optional = "optional" in text.lower()
    return "string", optional, None


def _states_a_type(group: re.Match[str], cell: str) -> bool:
    """Whether a group reads as a "(type, optional, defaults to x)" statement whatever its first word: one
    word (in backticks or bold too), then only "optional", "required" or "defaults to", where the format
    puts it ("Description (type): prose" or at the cell's end) and not part of a word. Prose in brackets is
    none: "(see below)", "(the pool's id)", "method(s)", "**redirect** (default) or ...", "(only for method
    x, optional)"; nor a group of qualifiers alone ("(optional)": no type stated, a string)."""
    first, *rest = (part.strip() for part in group["inside"].split(","))
    first = first.strip("`*")
    before, after = cell[: group.start()], cell[group.end() :].strip()
    return (
        _BARE_WORD.fullmatch(first) is not None
        and not _QUALIFIER.fullmatch(first.lower())
        and all(_QUALIFIER.fullmatch(part.lower()) for part in rest)
        and (not before or before[-1].isspace())
        and (not after or after.startswith(":"))
    )


def plain(text: str) -> str:
    """Markdown inline text as a person reads it: links as their text, no backticks or emphasis."""
    text = LINK.sub(r"\g<text>", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("&#8614;", "").replace("\\*", "*").replace("**", "")
    return re.sub(r"\s+", " ", text.replace("`", "")).strip()


def words(name: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", name.lower())
