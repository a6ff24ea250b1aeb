"""Step 1: the OpenAPI fragments embedded in a vendor's markdown page, one ```json block per operation.

markdown-it-py parses the page (so fences inside lists or quotes are found as a reader sees them) and
gives each block's line, which every later error message carries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import BuildError, SourceRef
from generator.input_files import read_text

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Fragment:
    source: SourceRef
    document: dict[str, Any]

    def operations(self) -> list[tuple[str, str]]:
        """(METHOD, path) of each operation the fragment defines."""
        paths = self.document.get("paths")
        if not isinstance(paths, dict):
            return []
        return [
            (method.upper(), path)
            for path, item in paths.items()
            if isinstance(item, dict)
            for method in item
            if method in HTTP_METHODS
        ]

    def describe(self) -> str:
        """The fragment's place and the operations it defines, for error messages."""
        ops = ", ".join(f"{method} {path}" for method, path in self.operations())
        return f"{self.source} [{ops}]" if ops else str(self.source)


def extract_fragments(page: Path, display_path: str) -> list[Fragment]:
    """Every ```json block of the page, parsed, in page order. A page with none is an error."""
    text = read_text(page, display_path)  # not UTF-8: a BuildError naming the line and column
    fragments: list[Fragment] = []
    heading: str | None = None
    # Imported here: an API whose pages are prose (generator/prose.py, which shares Fragment) never
    # parses markdown, and markdown-it is a tenth of the imports a build adds to the generator's.
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = tokens[index + 1].content.strip()
        elif token.type == "fence" and token.info.strip().lower() == "json" and token.map is not None:
            first_line = token.map[0] + 2  # token.map is 0-based and points at the opening fence
            source = SourceRef(display_path, first_line, heading)
            fragments.append(Fragment(source, _parse_json(token.content, source)))
    if not fragments:
        raise BuildError(f"{display_path}: no ```json OpenAPI fragment on this page")
    return fragments


def _parse_json(content: str, source: SourceRef) -> dict[str, Any]:
    try:
        document = json.loads(content)
    except json.JSONDecodeError as error:
        line = (source.line or 1) + error.lineno - 1
        where = SourceRef(source.path, line, source.label)
        raise BuildError(f"{where}: fragment is not valid JSON: {error.msg} (column {error.colno})") from None
    if not isinstance(document, dict):
        raise BuildError(f"{source}: fragment is a JSON {type(document).__name__}, not an OpenAPI object")
    return document
