"""The clean-up at the end of a writing live run (the guard's close(), contract_tests/safety.py), and its
record for the summary (contract_tests/summary.py).

It deletes what the run created (the newest first, again while any goes: children before their parents;
its home last), then the leftovers of runs that started more than a day ago (killed runs) that the sweep
finds (contract_tests/sweep.py: only what the ledger has, while the host still lists it under such a
run's name). Each deletion is struck from the ledger (contract_tests/ledger.py) at once; a delete the host
refuses, or does not answer, stays in it for the next run, and the clean-up goes on with the others (once
the host is unreachable, none is sent any more: each would wait out its timeout). What
it did is kept as a CleanUp: the run's own it deleted by kind, each leftover it deleted (kind, id, the run
it came from), what could not be deleted (kind, id, the call and its answer), and what the ledger still
has as not deleted once it is done. It holds ids, run ids, names of the runs' own and paths: no secret,
no body.
"""

from __future__ import annotations

import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

from contract_tests import network
from contract_tests.api import ContractApi
from contract_tests.auth import InvalidCredential, LoginFailed
from contract_tests.checks import ApiRejections
from contract_tests.id_places import ResourceId
from contract_tests.ledger import Entry, Intent, Ledger
from contract_tests.resources import Resource
from contract_tests.sweep import Sweep
from generator.profile import IdLocation


def one_line(text: str) -> str:
    """An id as the host gave it, on one line of the summary: a line break or a control character in it
    (escaped as \\xNN) would start a line of its own, a heading or a forged result line."""
    return "".join(character if character.isprintable() else f"\\x{ord(character):02x}" for character in text)


@dataclass(frozen=True)
class Undeleted:
    """A resource the clean-up could not delete: the ledger entry and what its delete met."""

    entry: Entry
    call: str  # `DELETE /widgets/7 -> 500`, `DELETE /widgets/7 -> no answer (connected, but no answer in time)`


@dataclass
class CleanUp:
    """What the clean-up of one run did (a writing live run's; no other run has one)."""

    run: str
    ledger: Path
    deleted: Counter[str] = field(default_factory=Counter)  # the run's own (its home too), by kind
    swept: list[Entry] = field(default_factory=list)  # leftovers of older runs deleted
    undeleted: list[Undeleted] = field(default_factory=list)
    sweep_failed: str | None = None  # why leftovers (of a kind, or all) could not be looked for
    outstanding: list[Entry] = field(default_factory=list)  # in the ledger as not deleted, once it was done
    unsettled: list[Intent] = field(default_factory=list)  # creates the ledger has no id for, once it was done
    finished: bool = False  # False: it stopped on an error of its own (the tear-down's, in the summary)

    def problems(self) -> list[str]:
        """What went wrong, one line each (the error close() raises)."""
        lines = [f"{failure.entry.resource} {one_line(failure.entry.id)}: {failure.call}" for failure in self.undeleted]
        return lines + ([self.sweep_failed] if self.sweep_failed else [])

    def console_line(self) -> str:
        """The console's line of it (contract_tests/report.py); the summary has the detail."""
        said = (f"clean-up: deleted {sum(self.deleted.values())} of the run's own resources and {len(self.swept)} "
                "leftovers of older runs")  # fmt: skip
        if self.undeleted:
            said += f"; {len(self.undeleted)} could not be deleted"
        if self.sweep_failed:
            said += "; some leftovers could not be looked for"
        if not self.finished:
            said += "; it stopped before its end"
        return said + " (see the summary)"


def delete_places(api: ContractApi, resource: Resource) -> list[IdLocation]:
    """Where the kind's delete operation carries the kind's id (live_safety.writes)."""
    if resource.delete is None:
        return []
    places = api.profile.writes(resource.delete.operation_id) or ()
    return [place for place in places if place.resource == resource.name]


class Deleter:
    """Deletes, for a guard, what its run created and what old runs left; `call` sends one request to the
    host (with the run's credentials)."""

    def __init__(self, api: ContractApi, resources: dict[str, Resource], ledger: Ledger,
                 call: Callable[..., requests.Response], id_at: str, name_at: str) -> None:  # fmt: skip
        self._api = api
        self._resources = resources
        self._ledger = ledger
        self._call = call
        self._rejections = ApiRejections.of(api)
        self._sweep = Sweep(resources, ledger, call, id_at, name_at)
        # Once a call finds the host unreachable, or the run's credentials fail, the others are not sent
        # (each would wait out its timeout, minutes for a run that created many, past a cancelled job's
        # grace; or log in again, and again): they stay in the ledger.
        self._stopped: str | None = None  # why: "the host did not answer before (...)"

    def clean_up(self, record: CleanUp) -> None:
        """Delete the run's own resources, then the leftovers the sweep finds; fill in `record` as it goes
        (it is the guard's, so that what was done is known even if this stops half-way). Run under
        stopping.deferred() (the guard's close()): a stop signal must not cut it short."""
        mine = []
        for resource in self._resources.values():
            mine += [(resource, Entry(record.run, resource.name, owned)) for owned in reversed(resource.owned)]
            if resource.home is not None and resource.home.id is not None:
                mine.append((resource, Entry(record.run, resource.name, resource.home.id)))
            resource.owned.clear()
        try:
            self._delete_all(mine, record, lambda entry: record.deleted.update([entry.resource]))
            leftovers: list[tuple[Resource, Entry]]
            if self._stopped is not None:
                leftovers, failures = [], [self._stopped]
            else:
                leftovers, failures = self._sweep.leftovers()
            record.sweep_failed = "; ".join(failures) or None
            self._delete_all(leftovers, record, record.swept.append)
            self._ledger.compact()
            record.finished = True
        finally:  # what the ledger still has, also when this stopped on an error of its own
            record.outstanding, record.unsettled = self._ledger.outstanding(), self._ledger.unsettled()

    def _delete_all(self, entries: list[tuple[Resource, Entry]], record: CleanUp,
                    deleted: Callable[[Entry], object]) -> None:  # fmt: skip
        """Delete them in order, over again while any is deleted (a resource that has children left goes
        once they have), each `deleted` as soon as it is; what is still not deleted at the end goes in the
        record."""
        pending, failures = list(entries), list[Undeleted]()
        while pending:
            failures, left = [], []
            for resource, entry in pending:
                failure = self._delete(resource, entry.id)
                if failure is None:
                    self._ledger.deleted(entry)
                    deleted(entry)
                else:
                    failures.append(Undeleted(entry, failure))
                    left.append((resource, entry))
            if len(left) == len(pending):
                break
            pending = left
        record.undeleted += failures

    def _delete(self, resource: Resource, resource_id: ResourceId) -> str | None:
        """None once the resource is gone (deleted now, or already: the host says it is not found), else
        the call and what it met."""
        assert resource.delete is not None
        path, params = resource.delete.path, {}
        for place in delete_places(self._api, resource):
            if place.location == "path":  # quoted whole: an id a host answered with ("1/../x") is one segment
                path = path.replace(f"{{{place.name}}}", urllib.parse.quote(str(resource_id), safe=""))
            elif place.location == "query":
                params[str(place.name)] = str(resource_id)
        said = f"{resource.delete.method} {path}"
        if self._stopped is not None:
            return f"{said} -> not sent: {self._stopped}"
        try:
            response = self._call(resource.delete.method, path, params=params)
        except (requests.ConnectionError, requests.Timeout) as error:  # refused, unresolvable, no answer in time
            self._stopped = f"the host did not answer before ({network.describe(error)})"
            return f"{said} -> no answer ({network.describe(error)})"
        except (LoginFailed, InvalidCredential) as error:  # the run's credentials: so would every other call be
            failed = f"{type(error).__name__}: {' '.join(str(error).split())}"
            self._stopped = f"the run's credentials failed before ({failed})"
            return f"{said} -> failed: {failed}"
        except requests.RequestException as error:  # one call's own problem: the others go on
            return f"{said} -> no answer ({network.describe(error)})"
        gone = response.status_code == 404 or self._rejections.matches(
            "not_found", response.status_code, response.content
        )
        if 200 <= response.status_code < 300 or gone:
            return None
        if 300 <= response.status_code < 400:  # not followed (the guard's _call): a redirect deletes nothing
            host = urllib.parse.urlsplit(response.headers.get("Location", "")).hostname or "the same host"
            return f"{said} -> {response.status_code} to {host} (not followed)"
        return f"{said} -> {response.status_code}"
