"""What a live run that may write may touch, on a host that is a customer's production account.

It follows the API profile's live_safety (specs/<api>/api.yaml), and fails closed:
- A write operation the profile does not declare (live_safety.writes) is not sent at all.
- For a declared one, every place where it carries resource ids (a path or query parameter, body fields
  named by a JSON pointer, `*` for each item of an array) is judged before the call:
  - one of the run's own ids: sent;
  - any other well-formed id (a fuzzed one, one captured from a list): re-aimed at one of the run's own
    resources of that kind (created for the purpose when the run has none yet), or not sent when the run
    cannot have one (a kind the profile gives no create operation);
  - a value that is not a well-formed id: sent as it is only when no server could read it as an id,
    and the host's refusal is then what the (negative) test checks: null, an integer below 1, or, for
    integer ids, text without a single digit. Anything else is not sent: a server may read "12abc",
    " 12", "12.0" or true as the id 12 or 1 (MySQL compares a string with an integer column by its
    leading number; PHP's filter_var takes true for 1), so such a value could reach someone's resource.
  Every case left unsent is counted, with the reason, in the run's summary.
- Every resource it creates is named `contract-run-<run>-<n>` (live_safety.run_name_field) and
  remembered (its id where the create operation's links say); at the end, even when the run failed, it
  deletes what it created, then sweeps away `contract-run-` resources whose run started more than a day
  ago (the time is in the name): an earlier run that was killed.
A read-only live run never writes (contract_tests/schema.py leaves it only safe GETs); the emulator's
run needs none of this (NoGuard).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol

import requests
from schemathesis import Case
from schemathesis.core import NotSet

from contract_tests.api import ContractApi, ContractSetupError, SpecOperation
from generator.profile import IdLocation

PREFIX = "contract-run-"
LEFTOVER_AGE = dt.timedelta(days=1)
MAX_ID = 2**63 - 1
MAX_PAGES = 1000  # listing for leftovers stops here whatever the host says
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
_CANONICAL_ID = re.compile(r"^[1-9][0-9]*$")
_RUN_STARTED = re.compile(rf"^{PREFIX}(?P<stamp>[0-9]{{8}}T[0-9]{{6}})-")
_LINK_POINTER = re.compile(r"^\$response\.body#(?P<pointer>/.*)$")

# An id as the run keeps it: its text ("57" for 57), so that a path's "57" and a body's 57 are one id.
ResourceId = str


class UndeclaredWrite(Exception):
    """A write operation the profile says nothing about: none of its cases is sent."""


class Guard(Protocol):
    def admit(self, case: Case[Any]) -> bool:
        """Whether the case may be sent (perhaps after re-aiming it); UndeclaredWrite for an operation
        that never may."""
        ...

    def after_call(self, case: Case[Any], response: Any) -> None: ...

    def close(self) -> None: ...

    @property
    def not_sent(self) -> dict[str, Counter[str]]:
        """Per operation, how many cases were not sent, by reason."""
        ...


class NoGuard:
    """For a host the run may do anything to (the emulator)."""

    @property
    def not_sent(self) -> dict[str, Counter[str]]:
        return {}

    def admit(self, case: Case[Any]) -> bool:
        return True

    def after_call(self, case: Case[Any], response: Any) -> None:
        pass

    def close(self) -> None:
        pass


class IdValue(Enum):
    """What a value in an id place is (classify)."""

    WELL_FORMED = "a well-formed id"
    HARMLESS = "no server reads it as an id"
    UNSAFE = "a server may read it as an id"


def classify(value: Any, *, integer_ids: bool) -> tuple[IdValue, ResourceId | None]:
    """What a value in an id place is, and the id it is (for a well-formed one)."""
    if value is None:
        return IdValue.HARMLESS, None
    if isinstance(value, bool | float):
        return IdValue.UNSAFE, None
    if isinstance(value, int):
        if value < 1:
            return IdValue.HARMLESS, None
        return (IdValue.WELL_FORMED, str(value)) if value <= MAX_ID else (IdValue.UNSAFE, None)
    if isinstance(value, str):
        if not integer_ids:
            return (IdValue.WELL_FORMED, value) if value else (IdValue.HARMLESS, None)
        if _CANONICAL_ID.match(value) and int(value) <= MAX_ID:
            return IdValue.WELL_FORMED, value
        # isnumeric() also catches digits of other scripts ("١٢"), which int() reads as 12.
        return (IdValue.UNSAFE, None) if any(char.isnumeric() for char in value) else (IdValue.HARMLESS, None)
    if isinstance(value, dict | list):
        leaves = value.values() if isinstance(value, dict) else value
        judged = [classify(leaf, integer_ids=integer_ids)[0] for leaf in leaves]
        return (IdValue.HARMLESS, None) if all(j is IdValue.HARMLESS for j in judged) else (IdValue.UNSAFE, None)
    return IdValue.UNSAFE, None


@dataclass
class Slot:
    """One value in an id place of a case: container[key]."""

    container: Any
    key: Any

    @property
    def value(self) -> Any:
        return self.container[self.key]

    def replace(self, resource_id: ResourceId) -> None:
        # The value keeps its form: text stays text, a number stays a number.
        self.container[self.key] = int(resource_id) if isinstance(self.value, int) else resource_id


class _BodyOf:
    """A case's body as a container, so that a slot can be the whole body."""

    def __init__(self, case: Case[Any]) -> None:
        self.case = case

    def __getitem__(self, key: object) -> Any:
        return self.case.body

    def __setitem__(self, key: object, value: Any) -> None:
        self.case.body = value


@dataclass
class Resource:
    """A kind of resource a writing run may create, from live_safety.resources."""

    name: str
    create: SpecOperation | None
    delete: SpecOperation | None
    listing: SpecOperation | None
    minimal: dict[str, Any]
    created_id: str | None  # JSON pointer to the new id in the create's answer (from the spec's links)
    owned: list[ResourceId] = field(default_factory=list)


class OwnedResources:
    """The Guard of a writing live run (see the module's docstring)."""

    def __init__(self, api: ContractApi, run_id: str, base_url: str, http: requests.Session,
                 auth: requests.auth.AuthBase) -> None:  # fmt: skip
        self.api = api
        self.prefix = f"{PREFIX}{run_id}-"
        self._base_url = base_url.rstrip("/")
        self._http = http
        self._auth = auth
        safety = api.profile.live_safety
        where = f"{api.profile_file}: live_safety"
        for key in ("run_name_field", "id_field"):
            if key not in safety:
                raise ContractSetupError(f"{where}.{key}: a live run that writes needs it (contract_tests/safety.py)")
        self._name_field = str(safety["run_name_field"])
        self._id_field = str(safety["id_field"])
        self.resources = {name: self._resource(name, declared) for name, declared in safety["resources"].items()}
        self._names = 0
        self._not_sent: dict[str, Counter[str]] = {}

    @property
    def not_sent(self) -> dict[str, Counter[str]]:
        return self._not_sent

    def _resource(self, name: str, declared: dict[str, Any]) -> Resource:
        def operation(key: str) -> SpecOperation | None:
            if key not in declared:
                return None
            return self.api.operation(declared[key], needed_by=f"live_safety.resources.{name}.{key}")

        create = operation("create")
        if create is not None and "{" in create.path:
            raise ContractSetupError(
                f"{self.api.profile_file}: live_safety.resources.{name}.create: {create.operation_id} ({create.path}) "
                "needs ids in its path; the run creates top-level resources only"
            )
        return Resource(name, create, operation("delete"), operation("list"), dict(declared.get("minimal") or {}),
                        self._created_id_pointer(name, create) if create else None)  # fmt: skip

    def _created_id_pointer(self, name: str, create: SpecOperation) -> str:
        """Where the create's answer has the new id: what its links hand on (`$response.body#/data/id`)."""
        pointers = set()
        for status, response in create.definition.get("responses", {}).items():
            if not str(status).startswith("2"):
                continue
            for link in self.api.resolve(response).get("links", {}).values():
                for expression in self.api.resolve(link).get("parameters", {}).values():
                    if found := _LINK_POINTER.match(str(expression)):
                        pointers.add(found["pointer"])
        if len(pointers) != 1:
            raise ContractSetupError(
                f"{self.api.spec_path.name}: {create.operation_id} (live_safety.resources.{name}.create) needs links "
                f"that hand on one id from its answer, so that the run can delete what it creates; found "
                f"{sorted(pointers) or 'none'}"
            )
        return pointers.pop()

    # Before and after each call

    def admit(self, case: Case[Any]) -> bool:
        if case.method.upper() in SAFE_METHODS:
            return True
        operation_id = str(case.operation.definition.raw.get("operationId") or case.operation.label)
        places = self.api.profile.writes(operation_id)
        if places is None:
            self._count(case, "a write operation live_safety.writes does not declare")
            raise UndeclaredWrite(f"{operation_id}: a write operation that {self.api.profile_file}'s "
                                  "live_safety.writes does not declare: not sent to a live host")  # fmt: skip
        operation = self.api.operation(operation_id, needed_by=f"live_safety.writes.{operation_id}")
        aims: list[tuple[Slot, Resource]] = []
        for place in places:
            integer_ids = self._integer_ids(operation, place)
            for slot in _slots(case, place):
                judged, resource_id = classify(slot.value, integer_ids=integer_ids)
                if judged is IdValue.UNSAFE:
                    self._count(case, f"a value in an id place ({_describe(place)}) that a server may read as an id")
                    return False
                resource = self.resources[place.resource]
                if judged is IdValue.WELL_FORMED and resource_id not in resource.owned:
                    if resource.create is None and not resource.owned:
                        self._count(case, f"a {resource.name} id not the run's own, and the run has none to aim at")
                        return False
                    aims.append((slot, resource))
        for slot, resource in aims:
            slot.replace(self._one_of_ours(resource))
        # A positive case gets the run's prefix in its name (so a sweep can find what it creates); a
        # negative one keeps its invalid data, is refused, and creates nothing (should the host accept it
        # after all, after_call still records the id it answers with, and close() deletes it).
        positive = case.meta is None or case.meta.generation.mode.is_positive
        if positive and isinstance(case.body, dict) and isinstance(case.body.get(self._name_field), str):
            case.body[self._name_field] = self._new_name()
        return True

    def after_call(self, case: Case[Any], response: Any) -> None:
        if not 200 <= response.status_code < 300:
            return
        operation_id = case.operation.definition.raw.get("operationId")
        for resource in self.resources.values():
            if resource.create is not None and operation_id == resource.create.operation_id:
                if (created := self._created(resource, response)) is not None:
                    resource.owned.append(created)
            elif resource.delete is not None and operation_id == resource.delete.operation_id:
                for place in self._id_places(resource.delete, resource):
                    for slot in _slots(case, place):
                        _, deleted = classify(slot.value, integer_ids=self._integer_ids(resource.delete, place))
                        if deleted in resource.owned:
                            resource.owned.remove(deleted)

    def close(self) -> None:
        """Delete what this run created, then what earlier runs left; raise the first failure at the end."""
        problems = []
        for resource in self.resources.values():
            for owned in list(resource.owned):
                problems += self._delete(resource, owned)
            resource.owned.clear()
        for resource in self.resources.values():
            if resource.listing is not None and resource.delete is not None:
                for leftover in self._leftovers(resource):
                    problems += self._delete(resource, leftover)
        if problems:
            raise RuntimeError("cleaning up the live run's resources failed: " + "; ".join(problems))

    # What the run owns

    def _one_of_ours(self, resource: Resource) -> ResourceId:
        if not resource.owned:
            assert resource.create is not None
            body = {**resource.minimal, self._name_field: self._new_name()}
            response = self._call(resource.create.method, resource.create.path, json=body)
            created = self._created(resource, response) if response.ok else None
            if created is None:
                raise RuntimeError(f"creating a {resource.name} to write to answered {response.status_code}")
            resource.owned.append(created)
        return resource.owned[0]

    def _created(self, resource: Resource, response: Any) -> ResourceId | None:
        assert resource.created_id is not None
        try:
            found = _at(response.json(), resource.created_id)
        except ValueError:
            return None
        judged, resource_id = classify(found, integer_ids=False)
        return resource_id if judged is IdValue.WELL_FORMED else None

    def _new_name(self) -> str:
        self._names += 1
        return f"{self.prefix}{self._names}"

    def _delete(self, resource: Resource, resource_id: ResourceId) -> list[str]:
        assert resource.delete is not None
        path, params = resource.delete.path, {}
        for place in self._id_places(resource.delete, resource):
            if place.location == "path":
                path = path.replace(f"{{{place.name}}}", str(resource_id))
            elif place.location == "query":
                params[str(place.name)] = str(resource_id)
        response = self._call(resource.delete.method, path, params=params)
        if response.ok or response.status_code == 404:
            return []
        return [f"{resource.delete.method} {path} answered {response.status_code}"]

    def _leftovers(self, resource: Resource) -> list[ResourceId]:
        """Resources of earlier runs: named with the prefix by a run that started more than a day ago."""
        assert resource.listing is not None
        cutoff = dt.datetime.now(dt.UTC) - LEFTOVER_AGE
        found: list[ResourceId] = []
        for item in self._listed(resource.listing):
            name = item.get(self._name_field)
            started = _RUN_STARTED.match(name) if isinstance(name, str) else None
            if started is None or _as_time(started["stamp"]) >= cutoff:
                continue
            judged, resource_id = classify(item.get(self._id_field), integer_ids=False)
            if judged is IdValue.WELL_FORMED and resource_id is not None:
                found.append(resource_id)
        return found

    def _listed(self, listing: SpecOperation) -> Iterator[dict[str, Any]]:
        """Every item the list operation gives, page by page as its x-pagination says (one call without)."""
        pagination = listing.definition.get("x-pagination")
        for page in range(1, MAX_PAGES + 1):
            params: dict[str, Any] = {}
            size = 0
            if pagination:
                size = int(pagination.get("max_size") or pagination.get("default_size") or 0)
                params = {pagination["page_parameter"]: page}
                if size:
                    params[pagination["size_parameter"]] = size
            response = self._call(listing.method, listing.path, params=params)
            if not response.ok:
                raise RuntimeError(f"listing {listing.path} for leftovers answered {response.status_code}")
            body = response.json()
            items = body.get(pagination["items"]) if pagination and isinstance(body, dict) else body
            if not isinstance(items, list):
                raise RuntimeError(f"listing {listing.path} for leftovers: the answer has no list of items")
            yield from (item for item in items if isinstance(item, dict))
            if not pagination or not items or (size and len(items) < size):
                return

    def _call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self._http.request(method, self._base_url + path, auth=self._auth, timeout=30, **kwargs)

    # Where the ids are

    def _id_places(self, operation: SpecOperation, resource: Resource) -> list[IdLocation]:
        places = self.api.profile.writes(operation.operation_id) or ()
        return [place for place in places if place.resource == resource.name]

    def _integer_ids(self, operation: SpecOperation, place: IdLocation) -> bool:
        """Whether the spec types this place's ids as integers (else any text may be an id)."""
        if place.location != "body":
            parameter = operation.parameter(place.location, place.name) or {}
            return bool(self.api.resolve(parameter.get("schema", {})).get("type") == "integer")
        content: dict[str, Any] = self.api.resolve(operation.definition.get("requestBody", {})).get("content", {})
        media: dict[str, Any] = next(iter(content.values()), {})
        schema = self.api.resolve(media.get("schema", {}))
        for part in _pointer_parts(str(place.pointer)):
            child = schema.get("items", {}) if part == "*" else schema.get("properties", {}).get(part, {})
            schema = self.api.resolve(child)
        return bool(schema.get("type") == "integer")

    def _count(self, case: Case[Any], reason: str) -> None:
        self._not_sent.setdefault(case.operation.label, Counter())[reason] += 1


def _slots(case: Case[Any], place: IdLocation) -> Iterator[Slot]:
    """The values a case has in one declared id place (none when the case leaves it out)."""
    if place.location in ("path", "query"):
        container = case.path_parameters if place.location == "path" else case.query
        if container is None or place.name not in container:
            return
        value = container[place.name]
        if isinstance(value, list):  # a repeated query parameter: each value is one
            yield from (Slot(value, index) for index in range(len(value)))
        else:
            yield Slot(container, place.name)
        return
    if isinstance(case.body, NotSet):
        return
    yield from _walk(_BodyOf(case), None, _pointer_parts(str(place.pointer)))


def _walk(container: Any, key: Any, rest: list[str]) -> Iterator[Slot]:
    """The slots under container[key] along a pointer; where the body is not the shape the pointer
    expects, the node there is judged as it is (its digits could still name someone's resource)."""
    node = container[key]
    if not rest:
        yield Slot(container, key)
        return
    head, tail = rest[0], rest[1:]
    if head == "*" and isinstance(node, list):
        for index in range(len(node)):
            yield from _walk(node, index, tail)
    elif head != "*" and isinstance(node, dict):
        if head in node:
            yield from _walk(node, head, tail)
    else:
        yield Slot(container, key)


def _pointer_parts(pointer: str) -> list[str]:
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer.removeprefix("/").split("/")]


def _at(document: Any, pointer: str) -> Any:
    node = document
    for part in _pointer_parts(pointer):
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _describe(place: IdLocation) -> str:
    return f"body {place.pointer}" if place.location == "body" else f"{place.location} parameter {place.name}"


def _as_time(stamp: str) -> dt.datetime:
    return dt.datetime.strptime(stamp, "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC)
