"""What a package's module __getattr__ (PEP 562) does for a name it imports when first used: the package's
deferred exports (its __init__) and the models (models/__init__)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping, MutableMapping
from typing import Any


def attribute(namespace: MutableMapping[str, Any], modules: Mapping[str, str], name: str) -> Any:
    """The object `name` from its module, `modules[name]` (relative to the package whose globals are
    `namespace`), kept in `namespace` so that the next use finds it without __getattr__."""
    module = modules.get(name)
    if module is None:
        raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, namespace["__name__"]), name)
    namespace[name] = value
    return value
