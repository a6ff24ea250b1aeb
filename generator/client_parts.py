"""What the client runtime's choices share (client_runtime.py, client_auth.py, client_errors.py): the runtime
module a choice renders, and the Python names it gives the API's names."""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class RuntimeModule:
    """A module of the generated package rendered from one template under generator/templates/."""

    template: str
    module: str  # its file name in the package, e.g. "_auth_api_key.py"

    @property
    def name(self) -> str:
        """Its name for an import: `_auth_api_key`."""
        return self.module.removesuffix(".py")


def python_name(wire_name: str) -> str:
    """`filter[flow_id]` -> `filter_flow_id`; `flowId` -> `flow_id`; a Python keyword gets a trailing `_`."""
    name = re.sub(r"[^0-9a-zA-Z_]+", "_", wire_name).strip("_")
    name = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    return f"{name}_" if keyword.iskeyword(name) or not name else name


def camel(text: str) -> str:
    camel = "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9a-zA-Z]+", text) if part)
    return f"E{camel}" if camel[:1].isdigit() else camel
