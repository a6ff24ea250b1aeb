"""An API's profile, specs/<api>/api.yaml: what its client, emulator and contract check need beyond the spec.

The file (UTF-8 YAML, no key twice in one mapping) is checked against generator/api-profile.schema.json
(jsonschema), and then against the built spec (check_against_spec), once the spec's operationIds are known
to be unique strings: every operation it names exists, and every write operation says where its resource
ids are (live_safety.writes), so that a live run's guard can be exact. A bad profile is a BuildError naming
the file, the line and the key.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from generator import openapi
from generator.errors import BuildError
from generator.input_files import load_yaml, read_text

SCHEMA_PATH = Path(__file__).with_name("api-profile.schema.json")
PROFILE_FILE = "api.yaml"
WRITE_METHODS = openapi.WRITE_METHODS
HTTP_METHODS = openapi.HTTP_METHODS
DEFAULT_RETRY_METHODS = ("GET", "HEAD", "PUT", "DELETE", "OPTIONS")  # RFC 9110's idempotent methods
RETRY_EXTENSION = "x-retry"  # on an operation: true or false overrides the method's default


@dataclass(frozen=True)
class ClientProfile:
    project: str
    package: str
    version: str
    base_url: str | None
    per_customer_host: bool  # no default base_url: each customer has a host of its own
    openapi_python_client: dict[str, Any]


@dataclass(frozen=True)
class IdLocation:
    """Where a write operation carries the id of a resource: a path or query parameter, or body fields
    named by a JSON pointer in which `*` stands for every item of an array."""

    location: str  # path, query or body
    resource: str
    name: str | None = None
    pointer: str | None = None


@dataclass(frozen=True)
class ApiProfile:
    api: str  # the folder name under specs/
    path: Path
    display_name: str
    source: dict[str, Any]  # how the pages state the API: {"format": "openapi-fragments"} or hugo-prose
    client: ClientProfile
    env_prefix: str
    token_flow: dict[str, Any] | None
    secret_query_parameters: tuple[str, ...]
    errors: dict[str, Any]
    pagination: str  # laravel or none
    retry_methods: tuple[str, ...]
    requests_per_minute: int | None
    rate_limit_per_account: bool  # the limit counts every credential of the account together
    emulator: dict[str, Any]
    contract: dict[str, Any]
    live_safety: dict[str, Any]
    raw: dict[str, Any] = field(repr=False)
    text: str = field(default="", repr=False)  # the file as read: where each key is, for messages

    def line_of(self, keys: Sequence[str]) -> int:
        """The 1-based line in api.yaml of the deepest of `keys` (a path of keys) that the file has."""
        return _line(self.text, [str(key) for key in keys])

    @property
    def dialect(self) -> str:
        return str(self.emulator["dialect"])

    @property
    def emulator_package(self) -> str:
        """The API's package under contract_tests/emulator/apis/ (it may not exist: CRUD needs none)."""
        return str(self.emulator.get("package") or self.api.replace("-", "_"))

    def env(self, name: str) -> str:
        """The name of one of this API's environment variables: env("BASE_URL") -> PATCHWORKS_BASE_URL."""
        return f"{self.env_prefix}{name}"

    def writes(self, operation_id: str) -> tuple[IdLocation, ...] | None:
        """Where the write operation carries ids; None when the profile does not say (then it is not sent)."""
        declared = self.live_safety["writes"].get(operation_id)
        if declared is None:
            return None
        return tuple(
            IdLocation(item["in"], item["resource"], item.get("name"), item.get("pointer")) for item in declared
        )

    def retried(self, method: str, operation: Mapping[str, Any]) -> bool:
        """Whether a failed call of this operation may be sent again (5xx, timeouts): the spec's x-retry,
        else the method's semantics."""
        override = operation.get(RETRY_EXTENSION)
        if isinstance(override, bool):
            return override
        return method.upper() in self.retry_methods


def load_profile(root: Path, display: str | None = None) -> ApiProfile:
    """The profile of the API whose folder is `root` (specs/<api>/)."""
    path = root / PROFILE_FILE
    where = display or str(path)
    if not path.is_file():
        raise BuildError(f"{where}: missing; it names {root.name}'s client and says how the API behaves")
    text = read_text(path, where)
    raw = load_yaml(text, where)  # refuses a key given twice, naming both lines
    if not isinstance(raw, dict):
        raise BuildError(f"{where}: must be a mapping of settings")
    problems = sorted(_validator().iter_errors(raw), key=lambda e: [str(p) for p in e.absolute_path])
    if problems:
        raise BuildError(
            f"{where}: {len(problems)} setting{'s' if len(problems) > 1 else ''} not as "
            f"generator/{SCHEMA_PATH.name} allows",
            details=[_describe(error, text, where) for error in problems],
        )
    client = raw["client"]
    return ApiProfile(
        api=root.name,
        path=path,
        display_name=str(raw["display_name"]),
        source=raw.get("source") or {"format": "openapi-fragments"},
        client=ClientProfile(
            project=client["project"],
            package=client["package"],
            version=client["version"],
            base_url=client.get("base_url"),
            per_customer_host=bool(client.get("per_customer_host", False)),
            openapi_python_client=dict(client.get("openapi-python-client") or {}),
        ),
        env_prefix=raw["env_prefix"],
        token_flow=raw["auth"].get("token_flow"),
        secret_query_parameters=tuple(raw["auth"].get("secret_query_parameters", ())),
        errors=raw["errors"],
        pagination=raw["pagination"],
        retry_methods=tuple((raw.get("retry") or {}).get("methods", DEFAULT_RETRY_METHODS)),
        requests_per_minute=(raw.get("rate_limit") or {}).get("requests_per_minute"),
        rate_limit_per_account=(raw.get("rate_limit") or {}).get("per", "credential") == "account",
        emulator=raw["emulator"],
        contract=raw.get("contract") or {},
        live_safety=raw["live_safety"],
        raw=raw,
        text=text,
    )


def check_against_spec(profile: ApiProfile, spec: Mapping[str, Any], where: str) -> None:
    """The profile and the built spec agree: what it names exists, and every write operation is declared,
    with each of its path parameters (the id a write is aimed at: left out, a live run's guard could not
    keep it on the run's own resources)."""
    check_operation_ids(spec)
    operations = {openapi.operation_id(path, method, op): (method, path, op) for path, method, op in
                  openapi.operations(spec)}  # fmt: skip
    text = profile.text
    problems: list[str] = []

    def problem(key: str, message: str) -> None:
        problems.append(f"{where}:{_line(text, key.replace('[', '.').replace(']', '').split('.'))}: {key}: {message}")

    def named(key: str, operation_id: Any) -> None:
        if operation_id not in operations:
            problem(key, f"names the operation {operation_id!r}, which the spec does not have")

    flow = profile.token_flow or {}
    for key in ("operation_id", "open_operation", "authenticate_operation", "deauthenticate_operation"):
        if key in flow:
            named(f"auth.token_flow.{key}", flow[key])
    resources = profile.live_safety["resources"]
    for name, resource in resources.items():
        for key in ("create", "delete", "list"):
            if key in resource:
                named(f"live_safety.resources.{name}.{key}", resource[key])
        if "parent" in resource and resource["parent"] not in resources:
            problem(f"live_safety.resources.{name}.parent", f"{resource['parent']!r} is not a resource there")
    writes = profile.live_safety["writes"]
    for operation_id, locations in writes.items():
        key = f"live_safety.writes.{operation_id}"
        if operation_id not in operations:
            named(key, operation_id)
            continue
        method, path, operation = operations[operation_id]
        if method not in openapi.WRITE_METHODS:
            problem(key, f"{method.upper()} {path} is not a write (only POST, PUT, PATCH, DELETE are)")
        parameters = {(p.get("in"), p.get("name")) for p in openapi.parameters(spec, path, operation)}
        for number, location in enumerate(locations):
            if location["resource"] not in resources:
                problem(f"{key}[{number}].resource", f"{location['resource']!r} is not in live_safety.resources")
            if location["in"] != "body" and (location["in"], location.get("name")) not in parameters:
                problem(f"{key}[{number}]", f"{method.upper()} {path} has no {location['in']} parameter "
                                            f"{location.get('name')!r}")  # fmt: skip
        declared = {location.get("name") for location in locations if location["in"] == "path"}
        for where_in, name in sorted(parameters - {("path", name) for name in declared}):
            if where_in == "path":
                problem(key, f"{method.upper()} {path} is aimed at the path parameter {name!r}, which is not "
                             "declared: say which resource it names")  # fmt: skip
    for operation_id, (method, path, _) in sorted(operations.items()):
        if method in openapi.WRITE_METHODS and operation_id not in writes:
            problem(
                "live_safety.writes",
                f"{method.upper()} {path} ({operation_id}) is a write operation and does not say where its "
                "resource ids are (give [] when it carries none)",
            )
    if problems:
        raise BuildError(f"{where}: the profile does not match the spec", details=problems)


def check_operation_ids(spec: Mapping[str, Any]) -> None:
    """Every operationId of the built spec is a string that no other operation has (OpenAPI 3.0.3, Operation
    Object: "Unique string used to identify the operation. The id MUST be unique among all operations").
    Checked before the profile is matched against the spec: the profile names operations by these ids, so a
    number or a duplicate (from a page or an overlay) would otherwise read as a mistake in api.yaml."""
    problems: list[str] = []
    first_with: dict[str, str] = {}
    for path, method, operation in openapi.operations(spec):
        if "operationId" not in operation:
            continue
        value, label = operation["operationId"], f"{method.upper()} {path}"
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{label}: operationId {value!r} is not a name ({type(value).__name__}, not a string)")
        elif value in first_with:
            problems.append(f"operationId {value!r} is on both {first_with[value]} and {label}")
        else:
            first_with[value] = label
    if problems:
        raise BuildError(
            "the built spec's operationIds are not unique names (set on the pages or by the overlays)",
            details=[*problems, "each operation needs an operationId of its own, a string (quote a number in YAML)"],
        )


@functools.cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _describe(error: jsonschema.ValidationError, text: str, where: str) -> str:
    """One problem as `file:line: key.path: what is wrong`, worded for a person editing the file."""
    path = [str(part) for part in error.absolute_path]
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        properties = error.schema.get("properties") if isinstance(error.schema, dict) else None
        allowed = set((properties or {}).keys())
        unknown = sorted(set(error.instance) - allowed) if allowed else sorted(error.instance)
        path_for_line = [*path, unknown[0]] if unknown else path
        key = ".".join(path_for_line)
        known = f" (known keys: {', '.join(sorted(allowed))})" if allowed else ""
        return f"{where}:{_line(text, path_for_line)}: {key}: unknown key{known}"
    if error.validator == "required":
        return f"{where}:{_line(text, path)}: {'.'.join(path) or '(top level)'}: {error.message}"
    if error.validator == "oneOf":
        # Each form is told apart by its discriminator (`kind`, `by`): the complaints of the form the
        # value names say more than "is not valid under any of the given schemas".
        branches: dict[Any, list[jsonschema.ValidationError]] = {}
        for context in error.context or []:
            branches.setdefault(context.relative_schema_path[0], []).append(context)
        named = [
            found for found in branches.values()
            if not any(c.validator == "const" and len(c.relative_path) == 1 for c in found)
        ]  # fmt: skip
        if len(named) == 1:
            return "; ".join(_describe(context, text, where) for context in named[0])
        forms = sorted({
            f"{c.relative_path[0]}: {c.validator_value}"
            for found in branches.values() for c in found
            if c.validator == "const" and len(c.relative_path) == 1
        })  # fmt: skip
        hint = f" (one of: {', '.join(forms)})" if forms else ""
        return f"{where}:{_line(text, path)}: {'.'.join(path)}: not one of the forms this setting takes{hint}"
    return f"{where}:{_line(text, path)}: {'.'.join(path) or '(top level)'}: {error.message}"


def _line(text: str, path: list[str]) -> int:
    """The 1-based line of the deepest key of `path` that the YAML has (1 when none)."""
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return 1
    line = 1
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if getattr(k, "value", None) == part), None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
            node = node.value[int(part)]
            line = node.start_mark.line + 1
        else:
            break
    return line
