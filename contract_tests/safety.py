"""What a live run that may write may touch, on a host that is a customer's production account.

It follows the API profile's live_safety (specs/<api>/api.yaml), and fails closed:
- A write operation the profile does not declare (live_safety.writes) is not sent at all.
- For a declared one, every place where it carries resource ids (a path or query parameter, body fields
  named by a JSON pointer, `*` for each item of an array) is judged before the call:
  - one of the run's own ids: sent;
  - any other well-formed id (a fuzzed one, one captured from a list): re-aimed at the newest of the
    run's own resources of that kind (created for the purpose when the run has none yet), or not sent
    when the run cannot have one (a kind the profile gives no create operation);
  - a value that is not a well-formed id: sent as it is only when no server could read it as an id,
    and the host's refusal is then what the (negative) test checks: null, an integer below 1, or, for
    integer ids, text without a single digit. Anything else is not sent: a server may read "12abc",
    " 12", "12.0" or true as the id 12 or 1 (MySQL compares a string with an integer column by its
    leading number; PHP's filter_var takes true for 1), so such a value could reach someone's resource;
    an object there (a lookup by another key: {"reference": "..."}) is judged by its values.
  Every case left unsent is counted, with the reason, in the run's summary; so is every case re-aimed.
- A kind with a `home` (a tree, where every new resource needs a parent): the run first creates one of
  its own where the home's body says, and creates every other one inside it; the home is never a case's
  target, so no case changes or deletes it, nor anything outside it.
- What it creates is named `contract-run-<run>-<n>` (live_safety.run_name_field; in each item, for a
  pointer into an array body's first item, /0/...), and recorded: its id where the links of the
  operation that created it say (an upsert's answer counts as well as a create's), in the ledger of runs
  on that host (contract_tests/ledger.py) as soon as the host has answered. At the end, even when the
  run failed, it deletes what it created (newest first, again while any goes: children before their
  parents; its home last), then what the ledger says runs that started more than a day ago created and
  never deleted (killed runs), each only while the host still lists it under such a run's name. A
  resource is never deleted for its name alone.
Where a case carries ids, and what a value there is: contract_tests/id_places.py.
A read-only live run never writes (contract_tests/schema.py leaves it only safe GETs); the emulator's
run needs none of this (NoGuard).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import requests
from schemathesis import Case
from schemathesis.core import NotSet

from contract_tests.api import ContractApi, ContractSetupError, SpecOperation
from contract_tests.checks import ApiRejections
from contract_tests.id_places import (
    MAX_ID,
    IdValue,
    ResourceId,
    Slot,
    as_pointer,
    at,
    classify,
    describe,
    every_item,
    item_pointer,
    name_slots,
    pointer_parts,
    put,
    slots,
)
from contract_tests.ledger import Entry, Ledger
from generator.profile import IdLocation

__all__ = ["MAX_ID", "PREFIX", "Guard", "IdValue", "NoGuard", "OwnedResources", "UndeclaredWrite", "classify"]

PREFIX = "contract-run-"
LEFTOVER_AGE = dt.timedelta(days=1)
MAX_PAGES = 1000  # listing for leftovers stops here whatever the host says
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
_RUN_STARTED = re.compile(r"^(?P<stamp>[0-9]{8}T[0-9]{6})-")
_LINK_POINTER = re.compile(r"^\$response\.body#(?P<pointer>/.*)$")


class UndeclaredWrite(Exception):
    """A write operation the profile says nothing about: none of its cases is sent."""


class Guard(Protocol):
    def admit(self, case: Case[Any]) -> bool:
        """Whether the case may be sent (perhaps after re-aiming it); UndeclaredWrite for an operation
        that never may."""
        ...

    def after_call(self, case: Case[Any], response: Any) -> None: ...

    def provide(self, kind: str) -> ResourceId | None:
        """An id of that kind (live_safety.resources) a case may be aimed at: one of the run's own, created
        for the purpose when it has none; None when the guard keeps none of that kind (contract_tests/reuse.py
        then finds its own)."""
        ...

    def close(self) -> None: ...

    @property
    def not_sent(self) -> dict[str, Counter[str]]:
        """Per operation, how many cases were not sent, by reason."""
        ...

    @property
    def re_aimed(self) -> dict[str, Counter[str]]:
        """Per operation, how many cases were sent re-aimed at the run's own resources, by where the ids were."""
        ...


class NoGuard:
    """For a host the run may do anything to (the emulator)."""

    @property
    def not_sent(self) -> dict[str, Counter[str]]:
        return {}

    @property
    def re_aimed(self) -> dict[str, Counter[str]]:
        return {}

    def admit(self, case: Case[Any]) -> bool:
        return True

    def after_call(self, case: Case[Any], response: Any) -> None:
        pass

    def provide(self, kind: str) -> ResourceId | None:
        return None

    def close(self) -> None:
        pass


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


class OwnedResources:
    """The Guard of a writing live run (see the module's docstring)."""

    def __init__(self, api: ContractApi, run_id: str, base_url: str, http: requests.Session,
                 auth: requests.auth.AuthBase, ledger: Ledger) -> None:  # fmt: skip
        self.api = api
        self.run_id = run_id
        self.prefix = f"{PREFIX}{run_id}-"
        self._base_url = base_url.rstrip("/")
        self._http = http
        self._auth = auth
        self._ledger = ledger
        safety = api.profile.live_safety
        where = f"{api.profile_file}: live_safety"
        for key in ("run_name_field", "id_field"):
            if key not in safety:
                raise ContractSetupError(f"{where}.{key}: a live run that writes needs it (contract_tests/safety.py)")
        self._name_at = as_pointer(str(safety["run_name_field"]))
        self._id_at = as_pointer(str(safety["id_field"]))
        self._rejections = ApiRejections.of(api)
        self.resources = {name: self._resource(name, declared) for name, declared in safety["resources"].items()}
        self._names = 0
        self._not_sent: dict[str, Counter[str]] = {}
        self._re_aimed: dict[str, Counter[str]] = {}

    @property
    def not_sent(self) -> dict[str, Counter[str]]:
        return self._not_sent

    @property
    def re_aimed(self) -> dict[str, Counter[str]]:
        return self._re_aimed

    def _resource(self, name: str, declared: dict[str, Any]) -> Resource:
        def operation(key: str) -> SpecOperation | None:
            if key not in declared:
                return None
            return self.api.operation(declared[key], needed_by=f"live_safety.resources.{name}.{key}")

        create, delete = operation("create"), operation("delete")
        if create is not None and "{" in create.path:
            raise ContractSetupError(
                f"{self.api.profile_file}: live_safety.resources.{name}.create: {create.operation_id} ({create.path}) "
                "needs ids in its path; the run creates top-level resources only"
            )
        created_ids = {}
        if create is not None:
            created_ids = self._writes_linking_to(delete) if delete is not None else {}
            created_ids[create.operation_id] = self._created_id_pointer(name, create)
        home = declared.get("home")
        minimal = copy.deepcopy(declared.get("minimal") or {})
        return Resource(name, create, delete, operation("list"), minimal, created_ids,
                        Home(copy.deepcopy(home["body"]), home["parent_field"]) if home else None)  # fmt: skip

    def _link_pointers(self, operation: SpecOperation, target: str | None = None) -> set[str]:
        """The ids the operation's answers hand on through their links (to `target`, or to any operation)."""
        pointers = set()
        for status, response in operation.definition.get("responses", {}).items():
            if not str(status).startswith("2"):
                continue
            for link in self.api.resolve(response).get("links", {}).values():
                link = self.api.resolve(link)
                if target is not None and link.get("operationId") != target:
                    continue
                for expression in link.get("parameters", {}).values():
                    if found := _LINK_POINTER.match(str(expression)):
                        pointers.add(found["pointer"])
        return pointers

    def _created_id_pointer(self, name: str, create: SpecOperation) -> str:
        """Where the create's answer has the new id: what its links hand on (`$response.body#/data/id`)."""
        pointers = self._link_pointers(create)
        if len(pointers) != 1:
            raise ContractSetupError(
                f"{self.api.spec_path.name}: {create.operation_id} (live_safety.resources.{name}.create) needs links "
                f"that hand on one id from its answer, so that the run can delete what it creates; found "
                f"{sorted(pointers) or 'none'}"
            )
        return pointers.pop()

    def _writes_linking_to(self, delete: SpecOperation) -> dict[str, str]:
        """The write operations whose answers hand on ids to the delete operation: what they answer with
        is the run's to delete (a write that may create as well as change, e.g. an upsert of arrays)."""
        found = {}
        for operation in self.api.operations():
            pointers = self._link_pointers(operation, delete.operation_id)
            if operation.method not in SAFE_METHODS and len(pointers) == 1:
                found[operation.operation_id] = pointers.pop()
        return found

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
        aimed_at: set[str] = set()  # where the ids re-aimed were, for the summary
        for place in places:
            integer_ids = self._integer_ids(operation, place)
            for slot in slots(case, place):
                judged, resource_id = classify(slot.value, integer_ids=integer_ids)
                if judged is IdValue.UNSAFE:
                    self._count(case, f"a value in an id place ({describe(place)}) that a server may read as an id")
                    return False
                resource = self.resources[place.resource]
                if judged is IdValue.WELL_FORMED and resource_id not in resource.owned:
                    if resource.create is None and not resource.owned:
                        self._count(case, f"a {resource.name} id not the run's own, and the run has none to aim at")
                        return False
                    aims.append((slot, resource))
                    aimed_at.add(f"a {resource.name} id in {describe(place)}")
        for slot, resource in aims:
            slot.replace(self._one_of_ours(resource))
        for where in sorted(aimed_at):
            self._re_aimed.setdefault(case.operation.label, Counter())[where] += 1
        # A positive case gets the run's prefix in its name (so that what it creates is known by its name
        # too); a negative one keeps its invalid data, is refused, and creates nothing (should the host
        # accept it after all, after_call still records the id it answers with, and close() deletes it).
        positive = case.meta is None or case.meta.generation.mode.is_positive
        if positive and not isinstance(case.body, NotSet):
            for slot in name_slots(case.body, self._name_at):
                slot.container[slot.key] = self._new_name()
        return True

    def after_call(self, case: Case[Any], response: Any) -> None:
        if not 200 <= response.status_code < 300:
            return
        operation_id = case.operation.definition.raw.get("operationId")
        for resource in self.resources.values():
            pointer = resource.created_ids.get(str(operation_id))
            if pointer is not None:
                for created in self._created(pointer, response):
                    self._own(resource, created)
            if resource.delete is not None and operation_id == resource.delete.operation_id:
                for place in self._id_places(resource.delete, resource):
                    for slot in slots(case, place):
                        _, deleted = classify(slot.value, integer_ids=self._integer_ids(resource.delete, place))
                        if deleted is not None and deleted in resource.owned:
                            resource.owned.remove(deleted)
                            self._ledger.deleted(Entry(self.run_id, resource.name, deleted))

    def close(self) -> None:
        """Delete what this run created (the newest first, so a resource's children before it; its home
        last), then the outstanding leftovers of runs that started more than a day ago, as the ledger
        records them; raise the first failure at the end."""
        mine = []
        for resource in self.resources.values():
            mine += [(resource, Entry(self.run_id, resource.name, owned)) for owned in reversed(resource.owned)]
            if resource.home is not None and resource.home.id is not None:
                mine.append((resource, Entry(self.run_id, resource.name, resource.home.id)))
            resource.owned.clear()
        problems = self._delete_all(mine)
        problems += self._delete_all(self._leftovers())
        self._ledger.compact()
        if problems:
            raise RuntimeError("cleaning up the live run's resources failed: " + "; ".join(problems))

    # What the run owns

    def provide(self, kind: str) -> ResourceId | None:
        resource = self.resources.get(kind)
        if resource is None or (resource.create is None and not resource.owned):
            return None
        return self._one_of_ours(resource)

    def _one_of_ours(self, resource: Resource) -> ResourceId:
        """The run's newest resource of that kind, created for the purpose when there is none (inside the
        run's home for a kind with one)."""
        if not resource.owned:
            body = copy.deepcopy(resource.minimal)
            if resource.home is not None:
                if resource.home.id is None:
                    resource.home.id = self._create(resource, copy.deepcopy(resource.home.body), "its home")
                    self._ledger.created(Entry(self.run_id, resource.name, resource.home.id))
                put(body, resource.home.parent_field, resource.home.id, self._integer_at(resource))
            self._own(resource, self._create(resource, body, "one to write to"))
        return resource.owned[-1]

    def _create(self, resource: Resource, body: Any, what: str) -> ResourceId:
        assert resource.create is not None
        put(body, self._name_at, self._new_name())
        response = self._call(resource.create.method, resource.create.path, json=body)
        pointer = resource.created_ids[resource.create.operation_id]
        created = self._created(pointer, response) if response.ok else []
        if len(created) != 1:
            raise RuntimeError(f"creating a {resource.name} ({what}) answered {response.status_code}")
        return created[0]

    def _own(self, resource: Resource, resource_id: ResourceId) -> None:
        if resource_id not in resource.owned and (resource.home is None or resource_id != resource.home.id):
            resource.owned.append(resource_id)
            self._ledger.created(Entry(self.run_id, resource.name, resource_id))

    def _created(self, pointer: str, response: Any) -> list[ResourceId]:
        """The well-formed ids at the pointer in the answer (at it in every item, for a pointer into an
        array answer's first item: an insert of many creates many)."""
        try:
            found = every_item(response.json(), pointer)
        except ValueError:
            return []
        judged = (classify(value, integer_ids=False) for value in found)
        return [resource_id for kind, resource_id in judged if kind is IdValue.WELL_FORMED and resource_id]

    def _new_name(self) -> str:
        self._names += 1
        return f"{self.prefix}{self._names}"

    def _delete_all(self, entries: list[tuple[Resource, Entry]]) -> list[str]:
        """Delete them in order, over again while any is deleted (a resource that has children left
        goes once they have); what still fails at the end is the problem."""
        pending, problems = list(entries), list[str]()
        while pending:
            problems, left = [], []
            for resource, entry in pending:
                problem = self._delete(resource, entry.id)
                if problem is None:
                    self._ledger.deleted(entry)
                else:
                    problems.append(problem)
                    left.append((resource, entry))
            if len(left) == len(pending):
                break
            pending = left
        return problems

    def _delete(self, resource: Resource, resource_id: ResourceId) -> str | None:
        assert resource.delete is not None
        path, params = resource.delete.path, {}
        for place in self._id_places(resource.delete, resource):
            if place.location == "path":
                path = path.replace(f"{{{place.name}}}", str(resource_id))
            elif place.location == "query":
                params[str(place.name)] = str(resource_id)
        response = self._call(resource.delete.method, path, params=params)
        gone = response.status_code == 404 or self._rejections.matches(
            "not_found", response.status_code, response.content
        )
        if response.ok or gone:
            return None
        return f"{resource.delete.method} {path} answered {response.status_code}"

    def _leftovers(self) -> list[tuple[Resource, Entry]]:
        """What runs that started more than a day ago created and the ledger has as not deleted, newest
        first; each only while the host still lists it under a name such a run gives (the id may since
        have been given to someone else's resource). A kind the host does not list is not swept."""
        cutoff = dt.datetime.now(dt.UTC) - LEFTOVER_AGE
        old = [entry for entry in self._ledger.outstanding() if _started_before(entry.run, cutoff)]
        found: list[tuple[Resource, Entry]] = []
        listed: dict[str, dict[ResourceId, Any]] = {}
        for entry in reversed(old):
            resource = self.resources.get(entry.resource)
            if resource is None or resource.listing is None or resource.delete is None:
                continue
            if resource.name not in listed:
                listed[resource.name] = self._names_listed(resource.listing)
            if entry.id not in listed[resource.name]:
                self._ledger.deleted(entry)  # gone already
                continue
            name = listed[resource.name][entry.id]
            if isinstance(name, str) and re.fullmatch(rf"{re.escape(PREFIX + entry.run)}-[0-9]+", name):
                found.append((resource, entry))
        return found

    def _names_listed(self, listing: SpecOperation) -> dict[ResourceId, Any]:
        """The listed resources' names by id (the name where run_name_field has it in one item)."""
        names = {}
        for item in self._listed(listing):
            judged, resource_id = classify(at(item, self._id_at), integer_ids=False)
            if judged is IdValue.WELL_FORMED and resource_id is not None:
                names[resource_id] = at(item, item_pointer(self._name_at))
        return names

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

    def _integer_at(self, resource: Resource) -> bool:
        """Whether the create's body types its parent field as an integer (the id then goes in as one)."""
        assert resource.create is not None and resource.home is not None
        place = IdLocation("body", resource.name, pointer=resource.home.parent_field)
        return self._integer_ids(resource.create, place)

    def _integer_ids(self, operation: SpecOperation, place: IdLocation) -> bool:
        """Whether the spec types this place's ids as integers (else any text may be an id)."""
        if place.location != "body":
            parameter = operation.parameter(place.location, place.name) or {}
            return bool(self.api.resolve(parameter.get("schema", {})).get("type") == "integer")
        content: dict[str, Any] = self.api.resolve(operation.definition.get("requestBody", {})).get("content", {})
        media: dict[str, Any] = next(iter(content.values()), {})
        schema = self.api.resolve(media.get("schema", {}))
        for part in pointer_parts(str(place.pointer)):
            items = part == "*" or (part.isdigit() and "items" in schema)
            child = schema.get("items", {}) if items else schema.get("properties", {}).get(part, {})
            schema = self.api.resolve(child)
        return bool(schema.get("type") == "integer")

    def _count(self, case: Case[Any], reason: str) -> None:
        self._not_sent.setdefault(case.operation.label, Counter())[reason] += 1


def _started_before(run_id: str, cutoff: dt.datetime) -> bool:
    """Whether the run (its id begins with its start time, as contract_tests/target.py makes it) started
    before the cutoff; a run id without a time never did."""
    found = _RUN_STARTED.match(run_id)
    if found is None:
        return False
    return dt.datetime.strptime(found["stamp"], "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC) < cutoff
