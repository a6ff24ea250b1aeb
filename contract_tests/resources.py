"""The kinds of resource a writing live run may create (live_safety.resources in specs/<api>/api.yaml),
read with the spec: the operations that create, delete and list each, where the answers of the writes
that may create one have its id (the spec's links to its delete), its `home` and its minimal body.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from contract_tests.api import ContractApi, ContractSetupError, SpecOperation
from contract_tests.id_places import ResourceId

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
_LINK_POINTER = re.compile(r"^\$response\.body#(?P<pointer>/.*)$")


@dataclass
class Home:
    """The one resource of a kind the run creates for itself, inside which it creates all others of that
    kind (live_safety.resources.<name>.home): it is never the target of a case, so no case changes it."""

    body: Any  # the create's body for it (before the run's name)
    parent_field: str  # JSON pointer: where a create's body names the resource to create it in
    id: ResourceId | None = None


@dataclass
class Resource:
    """A kind of resource a writing run may create, from live_safety.resources."""

    name: str
    create: SpecOperation | None
    delete: SpecOperation | None
    listing: SpecOperation | None
    minimal: Any  # the create's body for one the run aims writes at (before its name, and its parent)
    created_ids: dict[str, str]  # operation id -> JSON pointer to the ids it creates (from the spec's links)
    home: Home | None = None
    owned: list[ResourceId] = field(default_factory=list)  # what the run created (the home apart), oldest first
    cannot_create: str | None = None  # why the run creates no more of the kind (a create's answer had no id)


def read_resources(api: ContractApi) -> dict[str, Resource]:
    return {name: _resource(api, name, declared) for name, declared in api.profile.live_safety["resources"].items()}


def _resource(api: ContractApi, name: str, declared: dict[str, Any]) -> Resource:
    def operation(key: str) -> SpecOperation | None:
        if key not in declared:
            return None
        return api.operation(declared[key], needed_by=f"live_safety.resources.{name}.{key}")

    create, delete = operation("create"), operation("delete")
    if create is not None and "{" in create.path:
        raise ContractSetupError(
            f"{api.profile_file}: live_safety.resources.{name}.create: {create.operation_id} ({create.path}) "
            "needs ids in its path; the run creates top-level resources only"
        )
    created_ids = {}
    if create is not None:
        created_ids = _writes_linking_to(api, delete) if delete is not None else {}
        created_ids[create.operation_id] = _created_id_pointer(api, name, create)
    home = declared.get("home")
    minimal = copy.deepcopy(declared.get("minimal") or {})
    return Resource(name, create, delete, operation("list"), minimal, created_ids,
                    Home(copy.deepcopy(home["body"]), home["parent_field"]) if home else None)  # fmt: skip


def _link_pointers(api: ContractApi, operation: SpecOperation, target: str | None = None) -> set[str]:
    """The ids the operation's answers hand on through their links (to `target`, or to any operation)."""
    pointers = set()
    for status, response in operation.definition.get("responses", {}).items():
        if not str(status).startswith("2"):
            continue
        for link in api.resolve(response).get("links", {}).values():
            link = api.resolve(link)
            if target is not None and link.get("operationId") != target:
                continue
            for expression in link.get("parameters", {}).values():
                if found := _LINK_POINTER.match(str(expression)):
                    pointers.add(found["pointer"])
    return pointers


def _created_id_pointer(api: ContractApi, name: str, create: SpecOperation) -> str:
    """Where the create's answer has the new id: what its links hand on (`$response.body#/data/id`)."""
    pointers = _link_pointers(api, create)
    if len(pointers) != 1:
        raise ContractSetupError(
            f"{api.spec_path.name}: {create.operation_id} (live_safety.resources.{name}.create) needs links "
            f"that hand on one id from its answer, so that the run can delete what it creates; found "
            f"{sorted(pointers) or 'none'}"
        )
    return pointers.pop()


def _writes_linking_to(api: ContractApi, delete: SpecOperation) -> dict[str, str]:
    """The write operations whose answers hand on ids to the delete operation (a write that may create as
    well as change, e.g. an upsert of arrays): the ids they answer for what they created are the run's to
    delete, never those they answer for what they changed (contract_tests/creations.py)."""
    found = {}
    for operation in api.operations():
        pointers = _link_pointers(api, operation, delete.operation_id)
        if operation.method not in SAFE_METHODS and len(pointers) == 1:
            found[operation.operation_id] = pointers.pop()
    return found
