"""The sweep at the end of a writing live run (its clean-up: contract_tests/cleanup.py): what runs that
started more than a day ago (killed runs) created on the host and the ledger (contract_tests/ledger.py)
has as not deleted, each only while the host still lists it under the name such a run gave it; never a
resource for a name the ledger does not have. A listing that fails (an error status, no answer, not a
list of items) stops the sweep with a SweepError of one line, which the clean-up reports.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import requests

from contract_tests import network
from contract_tests.api import SpecOperation
from contract_tests.id_places import IdValue, ResourceId, at, classify, item_pointer
from contract_tests.ledger import Entry, Ledger
from contract_tests.resources import Resource

PREFIX = "contract-run-"  # what a run's names begin with: contract-run-<run>-<n>
LEFTOVER_AGE = dt.timedelta(days=1)
MAX_PAGES = 1000  # listing for leftovers stops here whatever the host says
_RUN_STARTED = re.compile(r"^(?P<stamp>[0-9]{8}T[0-9]{6})-")


class SweepError(RuntimeError):
    """A kind's listing could not be read: no leftover of that kind is looked for (the others still are)."""


class Sweep:
    """Finds, on the host, what old runs left (the clean-up deletes it)."""

    def __init__(self, resources: Mapping[str, Resource], ledger: Ledger,
                 call: Callable[..., requests.Response], id_at: str, name_at: str) -> None:  # fmt: skip
        self._resources = resources
        self._ledger = ledger
        self._call = call
        self._id_at = id_at
        self._name_at = name_at

    def leftovers(self) -> tuple[list[tuple[Resource, Entry]], list[str]]:
        """What runs that started more than a day ago created and the ledger has as not deleted, newest
        first; each only while the host still lists it under a name such a run gives (the id may since
        have been given to someone else's resource). Then what their creates answered without an id: the
        one the host lists under the very name the ledger has. A kind the host does not list is not swept;
        nor one whose listing fails: the second list says why, one line a kind (SweepError's)."""
        cutoff = dt.datetime.now(dt.UTC) - LEFTOVER_AGE
        old = [entry for entry in self._ledger.outstanding() if started_before(entry.run, cutoff)]
        found: list[tuple[Resource, Entry]] = []
        listed: dict[str, dict[ResourceId, Any] | None] = {}  # None: its listing failed
        failures: list[str] = []

        def names_of(resource: Resource) -> dict[ResourceId, Any] | None:
            if resource.name not in listed:
                assert resource.listing is not None
                try:
                    listed[resource.name] = self._names_listed(resource.listing)
                except SweepError as error:
                    listed[resource.name] = None
                    failures.append(str(error))
            return listed[resource.name]

        for entry in reversed(old):
            resource = self._resources.get(entry.resource)
            if resource is None or resource.listing is None or resource.delete is None:
                continue
            names = names_of(resource)
            if names is None:
                continue
            if entry.id not in names:
                self._ledger.deleted(entry)  # gone already
                continue
            name = names[entry.id]
            if isinstance(name, str) and re.fullmatch(rf"{re.escape(PREFIX + entry.run)}-[0-9]+", name):
                found.append((resource, entry))
        for intent in reversed(self._ledger.unsettled()):
            resource = self._resources.get(intent.resource)
            if not started_before(intent.run, cutoff) or resource is None or resource.listing is None \
                    or resource.delete is None:  # fmt: skip
                continue
            names = names_of(resource)
            if names is None:
                continue
            named = [resource_id for resource_id, name in names.items() if name == intent.name]
            if not named:
                self._ledger.absent(intent)  # never created, or deleted since
            elif len(named) == 1:  # more than one under a name a run gave once: none of them is known to be its
                entry = Entry(intent.run, resource.name, named[0])
                self._ledger.created(entry, intent.name)  # settled: deleted below, or outstanding by its id
                found.append((resource, entry))
        return found, failures

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
        seen: set[str] = set()  # the ids listed so far
        for page in range(1, MAX_PAGES + 1):
            params: dict[str, Any] = {}
            size = 0
            if pagination:
                size = int(pagination.get("max_size") or pagination.get("default_size") or 0)
                params = {pagination["page_parameter"]: page}
                if size:
                    params[pagination["size_parameter"]] = size
            said = f"listing {listing.method} {listing.path} for leftovers"
            try:
                response = self._call(listing.method, listing.path, params=params)
            except requests.RequestException as error:
                raise SweepError(f"{said}: no answer ({network.describe(error)})") from None
            if not 200 <= response.status_code < 300:
                raise SweepError(f"{said} -> {response.status_code}")
            try:
                body = response.json()
            except ValueError:
                raise SweepError(f"{said}: the answer is not JSON") from None
            items = body.get(pagination["items"]) if pagination and isinstance(body, dict) else body
            if not isinstance(items, list):
                raise SweepError(f"{said}: the answer has no list of items")
            page_items = [item for item in items if isinstance(item, dict)]
            ids = {repr(at(item, self._id_at)) for item in page_items}
            if pagination and page > 1 and page_items and ids <= seen:
                # The page again: the host does not page. Complete if what it gave was short of a page.
                if len(page_items) < size:
                    return
                raise SweepError(f"{said}: page {page} answers the items of the pages before it, so the rest "
                                 "cannot be listed (the host does not page as x-pagination says)")  # fmt: skip
            seen |= ids
            yield from page_items
            # Only an empty page ends a listing: a host may page smaller than the spec's size, and an id the
            # listing missed would be struck from the ledger as gone.
            if not pagination or not items:
                return
        raise SweepError(f"listing {listing.method} {listing.path} for leftovers stopped after {MAX_PAGES} pages")


def started_before(run_id: str, cutoff: dt.datetime) -> bool:
    """Whether the run (its id begins with its start time, as contract_tests/target.py makes it) started
    before the cutoff; a run id without a time never did."""
    found = _RUN_STARTED.match(run_id)
    if found is None:
        return False
    return dt.datetime.strptime(found["stamp"], "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC) < cutoff
