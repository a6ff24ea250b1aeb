"""Real ids for the cases of operations that take one: what the schemathesis CLI does with its resource
supply, for the pytest run (contract_tests/test_reuse.py).

schemathesis' pytest integration builds its tests without the engine's store of captured resources (pytest/plugin.py
hands them a FeedbackSources with no extra_data_source, and no setting changes that), so a per-operation
test draws random ids and meets mostly 404s: an update that accepts a missing body on an existing
resource is never seen. This supply feeds ids of resources that exist into those cases, just before they
are sent, in every phase (examples, coverage, fuzzing):

- which path parameters take which resource's ids comes from the profile and the spec, never from code:
  the links of a resource's create operation (live_safety.resources.<kind>.create), the path parameters
  live_safety.writes declares for the kind, and any other operation's path parameter of the same name;
- the ids come from the answers of the operations whose links hand them on (recorded after every call),
  else from a resource created for the purpose where the run may write: through the live-write guard on
  a live host (contract_tests/safety.py: the run's own resources only), with the profile's `minimal`
  body (inside a `home` of the supply's own for a kind that has one) on the run's emulator; else (a
  read-only run) from the kind's list operation; an id a 2xx DELETE answered for is not handed out again;
- a case whose path component is negative (an id of the wrong type, on purpose) keeps its value: the
  host's refusal of it is what that case checks.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import requests
from schemathesis import Case
from schemathesis.core.parameters import ParameterLocation

from contract_tests.api import ContractApi, SpecOperation
from contract_tests.id_places import IdValue, ResourceId, as_pointer, classify, put
from contract_tests.safety import Guard
from generator import openapi

NAME_PREFIX = "contract-reuse-"
_LINK_POINTER = re.compile(r"^\$response\.body#(?P<pointer>/.*)$")
TIMEOUT = 30.0


@dataclass(frozen=True)
class Producer:
    """An operation whose 2xx answers carry ids of a kind, at a JSON pointer (`/0/...`: in every item)."""

    kind: str
    pointer: str


@dataclass
class Kind:
    """A kind of resource the supply hands ids of (live_safety.resources.<name>)."""

    name: str
    create: SpecOperation | None
    listing: SpecOperation | None
    minimal: Any
    home: dict[str, Any] | None  # {"body": ..., "parent_field": pointer}
    ids: list[ResourceId] = field(default_factory=list)  # existing ones, newest last
    home_id: ResourceId | None = None


class IdSupply:
    def __init__(self, api: ContractApi, base_url: str, http: requests.Session, auth: requests.auth.AuthBase,
                 guard: Guard, *, live: bool, writes_allowed: bool) -> None:  # fmt: skip
        self.api = api
        self._base_url = base_url.rstrip("/")
        self._http = http
        self._auth = auth
        self._guard = guard
        self._live = live
        self._writes_allowed = writes_allowed
        self.kinds, self.feeds, self.producers = plan(api)
        self._turn = itertools.count()
        self._names = itertools.count(1)

    # Before and after a case

    def aim(self, case: Case[Any]) -> None:
        """Put ids of existing resources into the case's path parameters that take them."""
        operation_id = _operation_id(case)
        feeds = self.feeds.get(operation_id, {})
        if not feeds or case.path_parameters is None:
            return
        if case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH):
            return
        for name, kind_name in feeds.items():
            if name not in case.path_parameters:
                continue
            chosen = self._one_of(self.kinds[kind_name])
            if chosen is not None:
                # The value keeps its form: a number stays a number.
                case.path_parameters[name] = int(chosen) if isinstance(case.path_parameters[name], int) else chosen

    def record(self, case: Case[Any], response: Any) -> None:
        """Note the ids a successful answer hands on, and forget the one a successful DELETE removed."""
        if not 200 <= response.status_code < 300:
            return
        operation_id = _operation_id(case)
        for producer in self.producers.get(operation_id, []):
            try:
                document = response.json()
            except ValueError:
                break
            self._add(self.kinds[producer.kind], _ids_at(document, producer.pointer))
        if case.method.upper() == "DELETE" and case.path_parameters:
            for name, kind_name in self.feeds.get(operation_id, {}).items():
                judged, deleted = classify(case.path_parameters.get(name), integer_ids=False)
                kind = self.kinds[kind_name]
                if judged is IdValue.WELL_FORMED and deleted in kind.ids:
                    kind.ids.remove(deleted)

    # Where the ids come from

    def _one_of(self, kind: Kind) -> ResourceId | None:
        if not kind.ids:
            self._add(kind, self._find(kind))
        if not kind.ids:
            return None
        return kind.ids[next(self._turn) % len(kind.ids)]

    def _add(self, kind: Kind, found: list[ResourceId]) -> None:
        for resource_id in found:
            if resource_id not in kind.ids and resource_id != kind.home_id:
                kind.ids.append(resource_id)

    def _find(self, kind: Kind) -> list[ResourceId]:
        """Ids of the kind that exist: the guard's own on a live host that may be written to (it re-aims
        every other id anyway); on the run's emulator, one created for the purpose (a listed one may be
        one no case can change, such as a system's own); else the listed ones (a read-only run)."""
        if self._live and self._writes_allowed:
            provided = self._guard.provide(kind.name)
            return [provided] if provided is not None else []
        if not self._live and self._writes_allowed and kind.create is not None and (created := self._create(kind)):
            return created
        return self._listed(kind)

    def _listed(self, kind: Kind) -> list[ResourceId]:
        if kind.listing is None:
            return []
        pagination = kind.listing.definition.get("x-pagination") or {}
        params = {}
        if pagination.get("size_parameter") and pagination.get("max_size"):
            params[pagination["size_parameter"]] = pagination["max_size"]
        response = self._call(kind.listing.method, kind.listing.path, params=params)
        if not response.ok:
            return []
        try:
            body = response.json()
        except ValueError:
            return []
        items = body.get(pagination["items"]) if pagination.get("items") and isinstance(body, dict) else body
        if not isinstance(items, list):
            return []
        id_at = as_pointer(str(self.api.profile.live_safety.get("id_field", "id")))
        return [found for item in items for found in _ids_at(item, id_at)]

    def _create(self, kind: Kind) -> list[ResourceId]:
        """One resource of the kind made with the profile's minimal body (inside the supply's own home for
        a kind with one); on the run's own emulator only (_find)."""
        assert kind.create is not None
        body = copy.deepcopy(kind.minimal)
        if kind.home is not None:
            if kind.home_id is None:
                homes = self._send_create(kind, copy.deepcopy(kind.home["body"]))
                kind.home_id = homes[0] if homes else None
                if kind.home_id is None:
                    return []
            put(body, str(kind.home["parent_field"]), kind.home_id, as_integer=kind.home_id.isdigit())
        return self._send_create(kind, body)

    def _send_create(self, kind: Kind, body: Any) -> list[ResourceId]:
        assert kind.create is not None
        name_at = as_pointer(str(self.api.profile.live_safety.get("run_name_field", "name")))
        put(body, name_at, f"{NAME_PREFIX}{next(self._names)}")
        response = self._call(kind.create.method, kind.create.path, json=body)
        if not response.ok:
            return []
        pointer = next((p.pointer for p in self.producers.get(kind.create.operation_id, []) if p.kind == kind.name),
                       None)  # fmt: skip
        try:
            return _ids_at(response.json(), pointer) if pointer is not None else []
        except ValueError:
            return []

    def _call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        # Not redirected: a create's answer is read here, and a 307 would send its body to another host.
        return self._http.request(method, self._base_url + path, auth=self._auth, timeout=TIMEOUT,
                                  allow_redirects=False, **kwargs)  # fmt: skip


def plan(api: ContractApi) -> tuple[dict[str, Kind], dict[str, dict[str, str]], dict[str, list[Producer]]]:
    """The supply's plan, from the profile and the spec: the kinds; per operation, which path parameter
    takes which kind's ids (its feeds); per operation, where its answers carry ids of which kind."""
    safety = api.profile.live_safety
    operations = {operation.operation_id: operation for operation in api.operations()}
    kinds: dict[str, Kind] = {}
    for name, declared in (safety.get("resources") or {}).items():
        if "create" not in declared and "list" not in declared:
            continue  # a kind made by other means (records of an import): no ids to hand out
        kinds[name] = Kind(name, operations.get(declared.get("create", "")), operations.get(declared.get("list", "")),
                           copy.deepcopy(declared.get("minimal") or {}), declared.get("home"))  # fmt: skip
    feeds: dict[str, dict[str, str]] = {}
    for operation_id in operations:
        for place in api.profile.writes(operation_id) or ():
            if place.location == "path" and place.resource in kinds and place.name:
                feeds.setdefault(operation_id, {})[place.name] = place.resource
    # The kind's create links to (operation, parameter): those take its ids.
    for kind in kinds.values():
        if kind.create is not None:
            for target, parameter, _ in _links(api, kind.create):
                if target in operations and operations[target].parameter("path", parameter):
                    feeds.setdefault(target, {})[parameter] = kind.name
    # A path parameter of a name that takes a kind's ids elsewhere takes them everywhere, unless that name
    # takes several kinds' ids (`{id}` of users and of orders): then only where it is declared or linked.
    kinds_by_name: dict[str, set[str]] = {}
    for fed in feeds.values():
        for name, fed_kind in fed.items():
            kinds_by_name.setdefault(name, set()).add(fed_kind)
    by_name = {name: next(iter(named)) for name, named in kinds_by_name.items() if len(named) == 1}
    for operation in operations.values():
        for declared in operation.parameters:
            name = str(declared.get("name"))
            if declared.get("in") == "path" and name in by_name:
                feeds.setdefault(operation.operation_id, {}).setdefault(name, by_name[name])
    producers: dict[str, list[Producer]] = {}
    for operation in operations.values():
        for target, parameter, pointer in _links(api, operation):
            kind_name = feeds.get(target, {}).get(parameter)
            produced = Producer(kind_name, pointer) if kind_name is not None else None
            if produced is not None and produced not in producers.get(operation.operation_id, []):
                producers.setdefault(operation.operation_id, []).append(produced)
    return kinds, feeds, producers


def consumers(api: ContractApi) -> list[str]:
    """The operations whose cases the supply feeds ids into."""
    return sorted(plan(api)[1])


def _links(api: ContractApi, operation: SpecOperation) -> Iterator[tuple[str, str, str]]:
    """(target operation, its parameter, pointer into the answer) for every link of the operation's 2xx
    answers that hands on a value from the body."""
    for status, response in operation.definition.get("responses", {}).items():
        if not str(status).startswith("2"):
            continue
        for link in api.resolve(response).get("links", {}).values():
            link = api.resolve(link)
            for parameter, expression in link.get("parameters", {}).items():
                found = _LINK_POINTER.match(str(expression))
                if found and link.get("operationId"):
                    # A parameter may be qualified by its location (`path.id`).
                    yield str(link["operationId"]), str(parameter).removeprefix("path."), found["pointer"]


def _operation_id(case: Case[Any]) -> str:
    return str(case.operation.definition.raw.get("operationId") or case.operation.label)


def _ids_at(document: Any, pointer: str) -> list[ResourceId]:
    """The well-formed ids at the pointer (in every item, for a pointer into an array's first item)."""
    parts = openapi.pointer_parts(pointer)
    starts = [(item, parts[1:]) for item in document] if parts[:1] == ["0"] and isinstance(document, list) else [
        (document, parts)]  # fmt: skip
    found = []
    for node, rest in starts:
        judged, resource_id = classify(openapi.at(node, rest, default=None), integer_ids=False)
        if judged is IdValue.WELL_FORMED and resource_id is not None:
            found.append(resource_id)
    return found
