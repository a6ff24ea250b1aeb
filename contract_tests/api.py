"""The API a contract run checks: its profile (specs/<api>/api.yaml) and its built spec, read once.

Everything API-specific the shared check needs comes through here: which operations exist and where
(their own servers, as a login host may differ from the API's), which security schemes carry a
credential, which operations the spec marks with side effects. The check names no API itself.

Which API a process checks: CONTRACT_API (`python -m contract_tests --api NAME` sets it, `make test` sets
it per API); unset, the only API there is. One API per process, because run.py loads it at import. Its
folder is under specs/, or under CONTRACT_SPECS_DIR (`--specs-dir`: a test's copy of an API's folder).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contract_tests import variables
from generator import openapi
from generator.errors import BuildError
from generator.layout import ApiLayout, all_apis
from generator.profile import HTTP_METHODS, ApiProfile

# A side effect the spec declares on an operation whose method is safe (e.g. an export left behind).
SIDE_EFFECTS = "x-side-effects"


class ContractSetupError(ValueError):
    """The API, its profile or its spec cannot make a run; the message names the file, variable or key."""


@dataclass(frozen=True)
class SpecOperation:
    operation_id: str
    method: str  # upper case
    path: str
    definition: dict[str, Any] = field(repr=False)
    own_server: str | None  # the operation's (or its path's) own server, when it is not on the API's host
    parameters: tuple[dict[str, Any], ...] = field(repr=False)  # its path's and its own, $refs followed

    def parameter(self, location: str, name: str | None) -> dict[str, Any] | None:
        return next((p for p in self.parameters if p.get("in") == location and p.get("name") == name), None)

    def url(self, base_url: str, *, live: bool) -> str:
        """Where to send it: its own server on a live host; the run's host otherwise (an emulator serves
        every operation itself)."""
        server = self.own_server if live and self.own_server else base_url
        return server.rstrip("/") + self.path


@dataclass(frozen=True)
class ContractApi:
    name: str
    profile: ApiProfile
    spec_path: Path
    spec: dict[str, Any] = field(repr=False)

    @classmethod
    def load(cls, name: str, specs_dir: Path | None = None) -> ContractApi:
        try:
            layout = ApiLayout.find(name, specs_dir)
            profile = layout.profile
        except BuildError as error:
            raise ContractSetupError(str(error)) from None
        if not layout.spec_path.is_file():
            raise ContractSetupError(f"{layout.spec_path}: missing; build it with `make spec API={name}`")
        spec: dict[str, Any] = json.loads(layout.spec_path.read_text(encoding="utf-8"))
        return cls(name=name, profile=profile, spec_path=layout.spec_path, spec=spec)

    @property
    def title(self) -> str:
        """The spec's info.title: schemathesis.toml's [[project]] block of this API is matched by it."""
        return str(self.spec.get("info", {}).get("title", ""))

    @property
    def profile_file(self) -> str:
        return f"specs/{self.name}/{self.profile.path.name}"

    def operations(self) -> Iterator[SpecOperation]:
        for path, item in self.spec.get("paths", {}).items():
            for method in HTTP_METHODS:
                operation = item.get(method)
                if isinstance(operation, dict):
                    servers = operation.get("servers") or item.get("servers") or []
                    own = [self.resolve(p) for p in operation.get("parameters", [])]
                    overridden = {(p.get("in"), p.get("name")) for p in own}
                    inherited = [p for p in map(self.resolve, item.get("parameters", []))
                                 if (p.get("in"), p.get("name")) not in overridden]  # fmt: skip
                    yield SpecOperation(
                        operation_id=str(operation.get("operationId") or f"{method.upper()} {path}"),
                        method=method.upper(),
                        path=str(path),
                        definition=operation,
                        own_server=str(servers[0]["url"]) if servers else None,
                        parameters=(*inherited, *own),
                    )

    def operation(self, operation_id: str, *, needed_by: str) -> SpecOperation:
        """The operation the profile names at `needed_by` (a key of api.yaml)."""
        for operation in self.operations():
            if operation.operation_id == operation_id:
                return operation
        raise ContractSetupError(
            f"{self.profile_file}: {needed_by} names the operation {operation_id!r}, which {self.spec_path.name} "
            "does not have"
        )

    def security_schemes(self) -> dict[str, dict[str, Any]]:
        schemes = self.spec.get("components", {}).get("securitySchemes", {})
        return {name: self.resolve(scheme) for name, scheme in schemes.items()}

    def side_effect_operations(self) -> list[str]:
        """The operations the spec marks as leaving something behind even though their method is safe."""
        return [operation.operation_id for operation in self.operations() if SIDE_EFFECTS in operation.definition]

    def token_flow_operations(self) -> list[str]:
        """The operations the run's own authentication uses (logging in, opening a session): a live run
        never fuzzes them (that could lock the account) and leaves them to contract_tests/auth.py."""
        flow = self.profile.token_flow or {}
        keys = ("operation_id", "open_operation", "authenticate_operation", "deauthenticate_operation")
        return [str(flow[key]) for key in keys if key in flow]

    def resolve(self, node: Any) -> Any:
        """`node` with local $refs followed (to a dict; {} when a reference leads nowhere)."""
        return openapi.resolve(self.spec, node)


def specs_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where this process finds the API folders: CONTRACT_SPECS_DIR, or None for the repository's specs/."""
    env = os.environ if environ is None else environ
    return Path(env[variables.SPECS_DIR]) if env.get(variables.SPECS_DIR) else None


def run_api(environ: Mapping[str, str] | None = None) -> str:
    """The API this process checks: CONTRACT_API, or the only API there is."""
    env = os.environ if environ is None else environ
    known = all_apis(specs_dir(env))
    chosen = env.get(variables.API, "").strip()
    if chosen:
        if chosen not in known:
            raise ContractSetupError(f"{variables.API}={chosen!r} is not an API here (known: {', '.join(known)})")
        return chosen
    if len(known) == 1:
        return known[0]
    raise ContractSetupError(
        f"{variables.API} is not set and there are {len(known)} APIs ({', '.join(known) or 'none'}): set it to one, "
        "or run `python -m contract_tests`, which checks each in turn"
    )
