"""What a package's module __getattr__ and __dir__ (PEP 562) do for the names it imports when first used:
the package's deferred exports (its __init__) and the models (models/__init__)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping, MutableMapping
from typing import Any


def attribute(namespace: MutableMapping[str, Any], modules: Mapping[str, str], name: str) -> Any:
    """What `name` is, from its module `modules[name]` (relative to the package whose globals are
    `namespace`): that module itself when it is the package's submodule of that name (errors), else the
    module's `name`. It is kept in `namespace`, so that the next use finds it without __getattr__."""
    module_name = modules.get(name)
    if module_name is None:
        raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
    module = importlib.import_module(module_name, namespace["__name__"])
    value = module if module_name == f".{name}" else getattr(module, name)
    namespace[name] = value
    return value


def names(namespace: Mapping[str, Any], modules: Mapping[str, str]) -> list[str]:
    """The package's dir(): its globals and the names it imports when first used, each once."""
    return sorted({*namespace, *modules})
