"""What a writing run may touch on a live host, which is a customer's production account.

A live run that may write (PATCHWORKS_ALLOW_WRITES=1) writes only to resources it created itself:
- every data pool or connection pool it creates is named with the run's prefix and remembered;
- a write aimed at any other id (a fuzzed one, or one captured from a list) is re-aimed at one of the
  run's own resources before it is sent;
- at the end, even when the run failed, it deletes what it created, then sweeps away prefixed resources
  older than a day that an earlier, interrupted run left behind.
A read-only live run never writes (contract_tests/schema.py leaves it only safe GETs); the emulator's
run needs none of this (NoGuard).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import requests
from schemathesis import Case

PREFIX = "contract-run-"
LEFTOVER_AGE = dt.timedelta(days=1)
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class Kind:
    """A resource a writing run creates: where its collection is and what a minimal one needs."""

    collection: str
    path_parameter: str
    create_operation: str
    minimal: dict[str, Any]


KINDS = (
    Kind("/api/v1/data-pool", "data_pool", "createDataPool", {}),
    Kind("/api/v1/connection-pools", "connection_pool", "createConnectionPool", {"limit": 1}),
)


class Guard(Protocol):
    def before_call(self, case: Case[Any]) -> None: ...

    def after_call(self, case: Case[Any], response: Any) -> None: ...

    def close(self) -> None: ...


class NoGuard:
    """For a host the run may do anything to (the emulator)."""

    def before_call(self, case: Case[Any]) -> None:
        pass

    def after_call(self, case: Case[Any], response: Any) -> None:
        pass

    def close(self) -> None:
        pass


class OwnedResources:
    """The Guard of a writing live run (see the module's docstring)."""

    def __init__(self, run_id: str, base_url: str, http: requests.Session, auth: requests.auth.AuthBase) -> None:
        self.prefix = f"{PREFIX}{run_id}-"
        self._base_url = base_url
        self._http = http
        self._auth = auth
        self._owned: dict[str, list[int]] = {kind.path_parameter: [] for kind in KINDS}
        self._names = 0

    def before_call(self, case: Case[Any]) -> None:
        if case.method.upper() == "GET":
            return
        for kind in KINDS:
            aimed_at = _as_id((case.path_parameters or {}).get(kind.path_parameter))
            # Only a well-formed id can name someone's resource; a malformed one (a negative case) finds
            # nothing and is left as it is, so the host still gets to refuse it.
            if aimed_at is not None and 1 <= aimed_at <= MAX_ID and aimed_at not in self._owned[kind.path_parameter]:
                case.path_parameters[kind.path_parameter] = self._one_of_ours(kind)
        # A positive case gets the run's prefix in its name (so a sweep can find what it creates); a
        # negative one keeps its invalid data, is refused, and creates nothing (should the host accept it
        # after all, after_call still records the id it answers with, and close() deletes it).
        positive = case.meta is None or case.meta.generation.mode.is_positive
        if positive and isinstance(case.body, dict) and isinstance(case.body.get("name"), str):
            case.body["name"] = self._new_name()

    def after_call(self, case: Case[Any], response: Any) -> None:
        if not 200 <= response.status_code < 300:
            return
        operation_id = case.operation.definition.raw.get("operationId")
        for kind in KINDS:
            owned = self._owned[kind.path_parameter]
            if operation_id == kind.create_operation and (created := _created_id(response)) is not None:
                owned.append(created)
            elif (
                case.method.upper() == "DELETE"
                and case.operation.path == f"{kind.collection}/{{{kind.path_parameter}}}"
            ):
                deleted = _as_id(case.path_parameters[kind.path_parameter])
                if deleted in owned:
                    owned.remove(deleted)

    def close(self) -> None:
        """Delete what this run created, then what earlier runs left; raise the first failure at the end."""
        problems = []
        for kind in KINDS:
            for owned in list(self._owned[kind.path_parameter]):
                problems += self._delete(kind, owned)
            self._owned[kind.path_parameter].clear()
            for leftover in self._leftovers(kind):
                problems += self._delete(kind, leftover)
        if problems:
            raise RuntimeError("cleaning up the live run's resources failed: " + "; ".join(problems))

    def _one_of_ours(self, kind: Kind) -> int:
        if not self._owned[kind.path_parameter]:
            response = self._call("POST", kind.collection, json={"name": self._new_name(), **kind.minimal})
            created = _created_id(response) if response.ok else None
            if created is None:
                raise RuntimeError(f"creating a {kind.path_parameter} to write to answered {response.status_code}")
            self._owned[kind.path_parameter].append(created)
        return self._owned[kind.path_parameter][0]

    def _new_name(self) -> str:
        self._names += 1
        return f"{self.prefix}{self._names}"

    def _delete(self, kind: Kind, resource_id: int) -> list[str]:
        response = self._call("DELETE", f"{kind.collection}/{resource_id}")
        if response.ok or response.status_code == 404:
            return []
        return [f"DELETE {kind.collection}/{resource_id} answered {response.status_code}"]

    def _leftovers(self, kind: Kind) -> Iterator[int]:
        """Resources of earlier runs: named with the prefix, created more than a day ago."""
        cutoff = dt.datetime.now(dt.UTC) - LEFTOVER_AGE
        page = 1
        while True:
            params = {"filter[name]": PREFIX, "per_page": 100, "page": page}  # filter[name] matches partially
            response = self._call("GET", kind.collection, params=params)
            if not response.ok:
                raise RuntimeError(f"listing {kind.collection} for leftovers answered {response.status_code}")
            body = response.json()
            for item in body.get("data", []):
                if str(item.get("name", "")).startswith(PREFIX) and _older_than(item.get("created_at"), cutoff):
                    yield int(item["id"])
            if page >= int(body.get("meta", {}).get("last_page", 1)):
                return
            page += 1

    def _call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self._http.request(method, self._base_url + path, auth=self._auth, timeout=30, **kwargs)


def _as_id(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _created_id(response: Any) -> int | None:
    try:
        return int(response.json()["data"]["id"])
    except (ValueError, KeyError, TypeError):
        return None


def _older_than(stamp: object, cutoff: dt.datetime) -> bool:
    try:
        return dt.datetime.fromisoformat(str(stamp).replace("Z", "+00:00")) < cutoff
    except ValueError:
        return False


def _item_path(kind: Kind) -> str:
    return f"{kind.collection}/{{{kind.path_parameter}}}"
