"""Reading the pipeline's input files (pages, overlays, profiles) as UTF-8 text and as YAML, every error a
BuildError naming the file, the line and the column.

Duplicate keys: YAML says a mapping's keys are unique (YAML 1.2, 3.2.1.1), and PyYAML keeps the last of two
equal keys without a word, so that `summary: a, summary: b` or a second `env_prefix:` silently wins. The
loader here refuses them, naming both lines, from PyYAML's own hook for it (SafeConstructor.construct_mapping)
rather than with ruamel.yaml: the same parser (libyaml's, where PyYAML has it, several times faster over the
overlays), and one YAML library for the pipeline.
"""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from generator.errors import BuildError

# libyaml's loader where PyYAML was built with it: the same documents, parsed several times faster.
_BASE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"  # `<<: *defaults`: the keys it brings may be overridden beside it


class UniqueKeyLoader(_BASE_LOADER):  # type: ignore[valid-type,misc]  # a class chosen at import time
    """PyYAML's safe loader, refusing a mapping that has the same key twice."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        first_seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                first = first_seen.setdefault(key, key_node)
            except TypeError:
                continue  # an unhashable key: SafeConstructor refuses it with its own message
            if first is not key_node:
                mark = first.start_mark
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"the key {key!r} is there twice (first at {mark.line + 1}:{mark.column + 1}): "
                    "YAML keeps only the last one, so say it once",
                    key_node.start_mark,
                )
        mapping: dict[Hashable, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def read_text(path: Path, display: str) -> str:
    """The file as text, its line ends as Path.read_text gives them (universal newlines). Not UTF-8: a
    BuildError naming the line and column of the first byte that is not (UnicodeDecodeError gives only the
    byte offset, which no editor shows)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        line = raw.count(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8")) + 1  # all before the bad byte decodes
        raise BuildError(
            f"{display}:{line}:{column}: not UTF-8 text ({error.reason} at byte {error.start}): save the file as UTF-8"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_yaml(text: str, display: str) -> Any:
    """The YAML document in `text` (safe types only); a syntax error or a duplicate key is a BuildError
    naming the file, the line and the column."""
    try:
        return yaml.load(text, Loader=UniqueKeyLoader)
    except yaml.YAMLError as error:
        raise BuildError(yaml_error_message(error, display)) from None


def yaml_error_message(error: yaml.YAMLError, display: str) -> str:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    where = f"{display}:{mark.line + 1}:{mark.column + 1}" if mark is not None else display
    return f"{where}: not valid YAML: {problem}"
