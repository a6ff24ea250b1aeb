"""Walking a built spec: its operations, local `$ref`s, JSON pointers. Shared by every part that reads
the spec as JSON (the profile check, the client generator, the contract check), so that they agree on
what a reference or a pointer means.

Hand-written: prance resolves a whole document, and the parts need the unresolved spec (to keep `$ref`
names) with a reference followed here and there; jsonpointer-style access is a few lines (RFC 6901).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

WRITE_METHODS = ("post", "put", "patch", "delete")
HTTP_METHODS = ("get", "head", "options", *WRITE_METHODS)
_MAX_CHAIN = 50  # a reference chain longer than this is a cycle


def operations(spec: Mapping[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) of every operation, in the spec's order."""
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield path, method, operation


def operation_id(path: str, method: str, operation: Mapping[str, Any]) -> str:
    """The operation's operationId, or "METHOD /path" for one without."""
    return str(operation.get("operationId") or f"{method.upper()} {path}")


def resolve(spec: Mapping[str, Any], node: Any) -> Any:
    """`node` with a local `$ref` followed to the end of its chain; {} where a reference leads nowhere."""
    for _ in range(_MAX_CHAIN):
        if not (isinstance(node, Mapping) and "$ref" in node):
            return node
        node = pointer(spec, str(node["$ref"]).removeprefix("#"), default={})
    return {}


def resolved(spec: Mapping[str, Any], node: Any) -> dict[str, Any]:
    """resolve(), for a place that must hold an object ({} otherwise)."""
    found = resolve(spec, node)
    return dict(found) if isinstance(found, Mapping) else {}


def parameters(spec: Mapping[str, Any], path: str, operation: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The operation's parameters and its path's, references followed."""
    item = spec.get("paths", {}).get(path, {})
    return [resolved(spec, raw) for raw in [*item.get("parameters", []), *operation.get("parameters", [])]]


_MISSING: Any = object()


def pointer_parts(path: str) -> list[str]:
    """The reference tokens of a JSON pointer (RFC 6901: "/a/0/b", ~1 for "/", ~0 for "~")."""
    return [raw.replace("~1", "/").replace("~0", "~") for raw in path.split("/")[1:]] if path else []


def pointer_token(key: str) -> str:
    """A key as one reference token of a JSON pointer (RFC 6901: ~ as ~0, / as ~1): pointer_parts' inverse."""
    return key.replace("~", "~0").replace("/", "~1")


def at(document: Any, parts: list[str], default: Any = _MISSING) -> Any:
    """The value at the reference tokens `parts`; `default` when there is none (KeyError without one)."""
    node = document
    for part in parts:
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif default is _MISSING:
            raise KeyError("/".join(parts))
        else:
            return default
    return node


def pointer(document: Any, path: str, default: Any = _MISSING) -> Any:
    """The value at the JSON pointer `path`; `default` when there is none (KeyError without a default)."""
    return at(document, pointer_parts(path), default)
