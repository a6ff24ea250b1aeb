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
    an object there (a lookup by another key: {"reference": "..."}, any text of which, "" included,
    may name someone's resource) is sent only when it holds nothing but nulls.
  Every case left unsent is counted, with the reason, in the run's summary; so is every case re-aimed.
- A kind with a `home` (a tree, where every new resource needs a parent): the run first creates one of
  its own where the home's body says, and creates every other one inside it; the home is never a case's
  target, so no case changes or deletes it, nor anything outside it.
- What it creates is named `contract-run-<run>-<n>` (live_safety.run_name_field; in each item, for a
  pointer into an array body's first item, /0/...), and recorded: its id where the links of the
  operation that created it say (an upsert's answer counts as well as a create's, for the items that
  created, never for those that changed a resource: contract_tests/creations.py), in the ledger of runs
  on that host (contract_tests/ledger.py) as soon as the host has answered; for a create of the run's own,
  its name too, before it is sent. A create answered 2xx without its id where the links say leaves the
  run unable to delete what it made: the run then creates no more of that kind (the cases that need one
  are not sent), and says so once (Guard.notices), with the names to look for. At the end (close), even
  of a failed run, it deletes what it created, then what killed runs left: contract_tests/cleanup.py.
Where a case carries ids, and what a value there is: contract_tests/id_places.py.
A read-only live run never writes (contract_tests/schema.py leaves it only safe GETs); the emulator's
run needs none of this (NoGuard).
"""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any, Protocol

import requests
from schemathesis import Case
from schemathesis.core import NotSet

from contract_tests import stopping
from contract_tests.api import ContractApi, ContractSetupError, SpecOperation
from contract_tests.cleanup import CleanUp, Deleter, delete_places
from contract_tests.creations import answered_creations, holds_value_at, naming_items
from contract_tests.id_places import (
    MAX_ID,
    IdValue,
    ResourceId,
    Slot,
    as_pointer,
    classify,
    describe,
    every_item,
    name_slots,
    pointer_parts,
    put,
    slots,
)
from contract_tests.ledger import Entry, Intent, Ledger
from contract_tests.resources import SAFE_METHODS, Resource, read_resources
from contract_tests.sweep import PREFIX
from generator.profile import IdLocation

__all__ = ["MAX_ID", "PREFIX", "Guard", "IdValue", "NoGuard", "OwnedResources", "UndeclaredWrite", "classify"]


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

    def close(self) -> None: ...  # the clean-up at the end (also of a failed run): raises what it could not do

    @property
    def cleanup(self) -> CleanUp | None:
        """What close() did (filled in as it goes); None before it, and for a guard that needs none."""
        ...

    @property
    def not_sent(self) -> dict[str, Counter[str]]:
        """Per operation, how many cases were not sent, by reason."""
        ...

    @property
    def re_aimed(self) -> dict[str, Counter[str]]:
        """Per operation, how many cases were sent re-aimed at the run's own resources, by where the ids were."""
        ...

    @property
    def notices(self) -> list[str]:
        """What a person must know of the run's writes, once each (a kind it stopped creating, and why)."""
        ...


class NoGuard:
    """For a host the run may do anything to (the emulator)."""

    @property
    def not_sent(self) -> dict[str, Counter[str]]:
        return {}

    @property
    def re_aimed(self) -> dict[str, Counter[str]]:
        return {}

    @property
    def notices(self) -> list[str]:
        return []

    @property
    def cleanup(self) -> CleanUp | None:
        return None

    def admit(self, case: Case[Any]) -> bool:
        return True

    def after_call(self, case: Case[Any], response: Any) -> None:
        pass

    def provide(self, kind: str) -> ResourceId | None:
        return None

    def close(self) -> None:
        pass


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
        self.resources = read_resources(api)
        self._names = 0
        self._not_sent: dict[str, Counter[str]] = {}
        self._re_aimed: dict[str, Counter[str]] = {}
        self._notices: list[str] = []
        self._deleter = Deleter(api, self.resources, ledger, self._call, self._id_at, self._name_at)
        self.cleanup: CleanUp | None = None  # what close() did (Guard.cleanup)

    @property
    def notices(self) -> list[str]:
        return self._notices

    @property
    def not_sent(self) -> dict[str, Counter[str]]:
        return self._not_sent

    @property
    def re_aimed(self) -> dict[str, Counter[str]]:
        return self._re_aimed

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
        for resource in self.resources.values():
            pointer = resource.created_ids.get(operation_id)
            if resource.cannot_create and pointer and answered_creations(case, self._naming(case, resource), pointer,
                                                                         None).creates:  # fmt: skip
                self._count(case, f"a case that creates a {resource.name}: the run creates no more of them "
                                  f"({resource.cannot_create})")  # fmt: skip
                return False
        ours = {resource.name: self._one_of_ours(resource) for _, resource in aims}
        if lacking := sorted(name for name, resource_id in ours.items() if resource_id is None):
            for name in lacking:  # nothing of the case is changed: it is not sent at all
                self._count(case, f"a {name} id not the run's own, and the run cannot create one to aim at "
                                  f"({self.resources[name].cannot_create})")  # fmt: skip
            return False
        for slot, resource in aims:
            slot.replace(str(ours[resource.name]))
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
                try:
                    answer = response.json()
                except ValueError:
                    answer = None
                created = answered_creations(case, self._naming(case, resource), pointer, answer)
                for resource_id in created.ids:
                    self._own(resource, resource_id)
                if created.unanswered:
                    self._stop_creating(resource, f"{case.operation.label} answered {response.status_code} to a case "
                                                  f"that creates one, without its id at {pointer}")  # fmt: skip
            if resource.delete is not None and operation_id == resource.delete.operation_id:
                for place in delete_places(self.api, resource):
                    for slot in slots(case, place):
                        _, deleted = classify(slot.value, integer_ids=self._integer_ids(resource.delete, place))
                        if deleted is not None and deleted in resource.owned:
                            resource.owned.remove(deleted)
                            self._ledger.deleted(Entry(self.run_id, resource.name, deleted))

    def close(self) -> None:
        """Delete what this run created, then what killed runs left (contract_tests/cleanup.py, keeping the
        record of it: Guard.cleanup); raise what failed at the end."""
        with stopping.deferred():
            self.cleanup = CleanUp(self.run_id, self._ledger.path)
            self._deleter.clean_up(self.cleanup)
        if problems := self.cleanup.problems():
            raise RuntimeError("cleaning up the live run's resources failed: " + "; ".join(problems))

    # What the run owns

    def provide(self, kind: str) -> ResourceId | None:
        resource = self.resources.get(kind)
        if resource is None or (resource.create is None and not resource.owned):
            return None
        return self._one_of_ours(resource)

    def _one_of_ours(self, resource: Resource) -> ResourceId | None:
        """The run's newest resource of that kind, created for the purpose when there is none (inside the
        run's home for a kind with one); None once the run creates no more of the kind (_stop_creating)."""
        if not resource.owned:
            if resource.cannot_create is not None:
                return None
            body = copy.deepcopy(resource.minimal)
            if resource.home is not None:
                if resource.home.id is None:
                    resource.home.id = self._create(resource, copy.deepcopy(resource.home.body), "its home")
                    if resource.home.id is None:
                        return None
                put(body, resource.home.parent_field, resource.home.id, self._integer_at(resource))
            created = self._create(resource, body, "one to write to")
            if created is None:
                return None
            self._own(resource, created, recorded=True)
        return resource.owned[-1]

    def _create(self, resource: Resource, body: Any, what: str) -> ResourceId | None:
        """A new resource of the run's own: its id, or None when the answer has none where the links say
        (then the run creates no more of the kind). Its name is in the ledger before the create is sent,
        so that a later run can find it by that name whatever the host answers."""
        assert resource.create is not None
        name = self._new_name()
        put(body, self._name_at, name)
        intent = Intent(self.run_id, resource.name, name)
        self._ledger.creating(intent)
        response = self._call(resource.create.method, resource.create.path, json=body)
        pointer = resource.created_ids[resource.create.operation_id]
        if 400 <= response.status_code < 500:
            self._ledger.absent(intent)  # refused: nothing was created
            raise RuntimeError(f"creating a {resource.name} ({what}) answered {response.status_code}")
        created = self._created(pointer, response) if 200 <= response.status_code < 300 else []
        if len(created) != 1:
            self._stop_creating(resource, f"creating a {resource.name} ({what}) answered {response.status_code} "
                                          f"without one id at {pointer}, where the spec's links say")  # fmt: skip
            return None
        self._ledger.created(Entry(self.run_id, resource.name, created[0]), name)
        return created[0]

    def _stop_creating(self, resource: Resource, why: str) -> None:
        """After a create whose answer has no id the run can read: what it made cannot be deleted by id,
        and every create more (Hypothesis replays a failing case, each asking for one) would make another.
        Said once, with the names to look for."""
        if resource.cannot_create is not None:
            return
        resource.cannot_create = why
        self._notices.append(
            f"{why}: the run creates no more {resource.name}s, and the cases that need one are not sent. What it "
            f"created may be on the host without the run knowing its id: look for {resource.name}s named "
            f"{self.prefix}<n> there and delete them by hand (a writing run a day later deletes those the run "
            f"created for itself, which the ledger {self._ledger.path} names, if the host still lists them under "
            "that name; not those a test case created, whose names only the host has)."
        )

    def _own(self, resource: Resource, resource_id: ResourceId, *, recorded: bool = False) -> None:
        if resource_id not in resource.owned and (resource.home is None or resource_id != resource.home.id):
            resource.owned.append(resource_id)
            if not recorded:
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

    def _call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """One request of the guard's own (a create, a delete, a sweep's listing), never redirected: a
        redirect is an answer to report (a lapsed key's 302 to a login page is no delete), and requests
        would carry a credential header other than Authorization to whatever host it names."""
        return self._http.request(method, self._base_url + path, auth=self._auth, timeout=30,
                                  allow_redirects=False, **kwargs)  # fmt: skip

    # Where the ids are

    def _naming(self, case: Case[Any], resource: Resource) -> set[int]:
        """The items of a case that name an existing resource of the kind (contract_tests/creations.py):
        by a value in any of its id places but those the run's own create bodies fill (the home's parent
        field, the home body's lookup of its parent), which a new resource has too."""
        operation_id = str(case.operation.definition.raw.get("operationId") or case.operation.label)
        operation = self.api.operation(operation_id, needed_by=f"live_safety.writes.{operation_id}")
        own_creates = [copy.deepcopy(resource.minimal)]
        if resource.home is not None:
            put(own_creates[0], resource.home.parent_field, "1")
            own_creates.append(resource.home.body)
        places = [
            (place, self._integer_ids(operation, place))
            for place in self.api.profile.writes(operation_id) or ()
            if place.resource == resource.name
            and not (place.location == "body" and any(holds_value_at(body, str(place.pointer)) for body in own_creates))
        ]
        return naming_items(case, places)

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
