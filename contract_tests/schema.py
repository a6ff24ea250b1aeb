"""The merged spec as schemathesis loads it for one run: schemathesis.toml, then the run's profile, seed
and target on top (what a live host must be spared is decided here, declaratively where schemathesis
allows it)."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import requests
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.schemas import BaseSchema

from contract_tests import media_types
from contract_tests.auth import authenticate
from contract_tests.target import Target

REPO_ROOT = Path(__file__).resolve().parent.parent
SPEC = REPO_ROOT / "specs" / "patchworks-core" / "openapi.json"
CONFIG = REPO_ROOT / "schemathesis.toml"
# A side effect the spec declares on an operation (overlays/120-side-effects.yaml).
SIDE_EFFECTS = "x-side-effects"


def load(target: Target) -> tuple[BaseSchema, requests.auth.AuthBase]:
    """The schema to test and the auth every call of it carries."""
    media_types.register()
    config = SchemathesisConfig.from_path(CONFIG)
    config.update(seed=target.seed, max_failures=None)
    project = config.projects.default
    if target.profile.max_examples is not None:
        project.generation.update(max_examples=target.profile.max_examples)
    schema: BaseSchema = schemathesis.openapi.from_path(SPEC, config=config)
    if target.live:
        schema = _spare_the_live_host(schema, target)
    auth = authenticate(schema, target.credentials, login_url=target.credentials.login_url or login_url())
    return schema, auth


def _spare_the_live_host(schema: BaseSchema, target: Target) -> BaseSchema:
    project = schema.config
    project.update(rate_limit=target.live_rate_limit)  # a 429 still gets its Retry-After (http.py)
    # Probing with methods the spec does not declare is not reading: neither the coverage phase's
    # unexpected methods nor the unsupported_method check runs against a live account.
    project.phases.coverage.unexpected_methods = set()
    project.checks.update(excluded_check_names=["unsupported_method"])
    # Logging in is a write of its own (and fuzzing it could lock the account); the run's own login,
    # when it uses one, is contract_tests/auth.py's. A declared side effect (an export in the account's
    # downloads) is out even when writes are allowed: the run could not delete what it leaves behind.
    schema = schema.exclude(operation_id=["login", *side_effect_operations()])
    if not target.writes_allowed:
        schema = schema.include(method="GET")
    return schema


@functools.cache
def spec() -> dict[str, Any]:
    """The merged spec as JSON (read once; not to be changed)."""
    document: dict[str, Any] = json.loads(SPEC.read_text(encoding="utf-8"))
    return document


def side_effect_operations() -> list[str]:
    """The operations the spec marks as leaving something behind even though their method is safe."""
    return [
        operation["operationId"]
        for item in spec()["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and SIDE_EFFECTS in operation
    ]


def login_url() -> str:
    """Where the spec says the login operation is (its own server, not the API's)."""
    for path, item in spec()["paths"].items():
        operation = item.get("post", {})
        if operation.get("operationId") == "login":
            server = str(operation.get("servers", spec()["servers"])[0]["url"])
            return server.rstrip("/") + str(path)
    raise LookupError("the spec has no login operation")
