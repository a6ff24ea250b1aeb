"""The client's errors, chosen from the profile and the spec (client_runtime.py): by status (one class per kind
of status) or by code (one class per code the spec's operations document in the profile's
`errors.codes_extension`, under one class per realm)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from generator import openapi
from generator.client_parts import camel
from generator.errors import BuildError
from generator.profile import ApiProfile


@dataclass(frozen=True)
class ErrorsByStatus:
    """One exception class per kind of status (errors.py: 400, 401, ..., 5xx); the message is a field of
    the body, and a 422 may carry field -> messages."""

    message_field: str
    validation_errors_field: str | None

    template: ClassVar[str] = "runtime/errors/by_status.py.jinja"
    readme: ClassVar[str] = "readme/errors_by_status.md.jinja"
    login_failure: ClassVar[str] = "AuthenticationError"  # what a refused login raises, for docstrings

    def raises(self, operation_id: str) -> str:
        """The docstring's `errors.ApiError:` entry of an operation (the same for all)."""
        return (
            "The subclass for the answer's status (NotFoundError, ValidationError, ...), for any status "
            "outside 2xx, after the client's retries."
        )


@dataclass(frozen=True)
class ErrorParameter:
    name: str
    annotation: str
    description: str
    secret: bool = False  # the spec marks it `format: password` (a session token, say): masked in errors


@dataclass(frozen=True)
class ErrorCode:
    code: str
    realm: str | None
    class_name: str
    description: str
    parameters: tuple[ErrorParameter, ...]

    @property
    def secret_parameters(self) -> tuple[str, ...]:
        return tuple(parameter.name for parameter in self.parameters if parameter.secret)

    @property
    def parameters_class(self) -> str:
        """The TypedDict of its documented parameters: PoolNotFoundError -> PoolNotFoundParameters."""
        return self.class_name.removesuffix("Error") + "Parameters"


@dataclass(frozen=True)
class ErrorRealm:
    name: str
    class_name: str


@dataclass(frozen=True)
class ErrorsByCode:
    """One exception class per error code the spec documents, named from the code
    (`error.user.pool_not_found` -> PoolNotFoundError), under a class per realm, under ApiError."""

    code_field: str
    realm_field: str | None
    parameters_field: str | None
    description_field: str | None
    realms: tuple[ErrorRealm, ...]
    codes: tuple[ErrorCode, ...]
    codes_by_operation: Mapping[str, tuple[str, ...]] = field(repr=False)

    template: ClassVar[str] = "runtime/errors/by_code.py.jinja"
    readme: ClassVar[str] = "readme/errors_by_code.md.jinja"
    login_failure: ClassVar[str] = "the class of its error code"

    def realm_class(self, realm: str | None) -> str:
        return next((r.class_name for r in self.realms if r.name == realm), "ApiError")

    def raises(self, operation_id: str) -> str:
        """The docstring's `errors.ApiError:` entry of an operation, naming the classes of its codes."""
        by_code = {code.code: code.class_name for code in self.codes}
        documented = sorted(by_code[code] for code in self.codes_by_operation.get(operation_id, ()))
        named = f"this operation documents {', '.join(documented)}; " if documented else ""
        return (
            f"The class of the answer's error code ({named}another code raises its realm's class), for any "
            "status outside 2xx, after the client's retries."
        )

    @property
    def example(self) -> ErrorCode | None:
        """A code for the README's example: one with parameters if any."""
        return next((code for code in self.codes if code.parameters), self.codes[0] if self.codes else None)

    def example_for(self, operation_id: str) -> ErrorCode | None:
        """A code the operation answers, for an example that calls it: a user-realm one with parameters
        first (what a caller handles), else any of its codes, else `example`."""
        own = [code for code in self.codes if code.code in self.codes_by_operation.get(operation_id, ())]
        ranked = sorted(own, key=lambda code: (code.realm != "user", not code.parameters))
        return ranked[0] if ranked else self.example

    @property
    def tree_column(self) -> int:
        """Where the errors module's class tree puts its second column (realm classes, then codes inside)."""
        realms = [len(realm.class_name) + 6 for realm in self.realms]
        return max([28, *realms, *(len(code.class_name) + 10 for code in self.codes)])

    @property
    def class_names(self) -> tuple[str, ...]:
        """What the errors module defines for the realms and codes (its __all__ adds the rest)."""
        names = [realm.class_name for realm in self.realms] + [code.class_name for code in self.codes]
        names += [code.parameters_class for code in self.codes if code.parameters]
        return tuple(sorted(names))


_JSON_TYPES = {"integer": "int", "number": "float", "boolean": "bool", "string": "str", "array": "list[Any]",
               "object": "dict[str, Any]"}  # fmt: skip
# Names the by-code errors module defines itself; no code class may take one.
_RESERVED = frozenset({"ApiError", "UnexpectedStatus", "ERRORS_BY_CODE", "ERRORS_BY_REALM"})


def errors_plan(profile: ApiProfile, spec: Mapping[str, Any], spec_where: str) -> ErrorsByStatus | ErrorsByCode:
    settings = profile.errors
    if settings["by"] == "status":
        return ErrorsByStatus(settings["message_field"], settings.get("validation_errors_field"))
    documented = _documented_codes(spec, settings.get("codes_extension"), spec_where)
    realm_names = sorted({code["realm"] for code in documented.values() if code["realm"]})
    realms = tuple(ErrorRealm(realm, camel(realm) + "RealmError") for realm in realm_names)
    class_names = _code_class_names(documented, {realm.class_name for realm in realms})
    codes = tuple(
        ErrorCode(
            code=code,
            realm=entry["realm"],
            class_name=class_names[code],
            description=entry["description"],
            parameters=tuple(
                ErrorParameter(
                    name,
                    _JSON_TYPES.get(str(schema.get("type")), "Any"),
                    str(schema.get("description", "")),
                    secret=schema.get("format") == "password",
                )
                for name, schema in sorted(entry["parameters"].items())
            ),
        )
        for code, entry in sorted(documented.items(), key=lambda item: (item[1]["realm"] or "", item[0]))
    )
    by_operation: dict[str, list[str]] = {}
    for code, entry in documented.items():
        for operation_id in entry["operations"]:
            by_operation.setdefault(operation_id, []).append(code)
    return ErrorsByCode(
        code_field=settings["code_field"],
        realm_field=settings.get("realm_field"),
        parameters_field=settings.get("parameters_field"),
        description_field=settings.get("description_field"),
        realms=realms,
        codes=codes,
        codes_by_operation={operation: tuple(sorted(found)) for operation, found in by_operation.items()},
    )


def _documented_codes(spec: Mapping[str, Any], extension: str | None, where: str) -> dict[str, dict[str, Any]]:
    """code -> {realm, description, parameters, operations}, from each operation's error responses.

    An entry of the extension is a code, or {code, realm?, description?, parameters?: {name: schema}}; the
    realm defaults to the code's middle part (`error.user.x` -> user). A code may be described once and
    named bare elsewhere; described differently by two operations, it fails the build, naming both."""
    found: dict[str, dict[str, Any]] = {}
    if not extension:
        return found
    for path, method, operation in openapi.operations(spec):
        operation_id = str(operation.get("operationId") or f"{method.upper()} {path}")
        for status, response in operation.get("responses", {}).items():
            entries = openapi.resolved(spec, response).get(extension)
            if entries is None:
                continue
            key = f"{operation_id}: responses.{status}.{extension}"
            if not isinstance(entries, list):
                raise BuildError(f"{where}: {key} must be a list of codes (errors.codes_extension names it)")
            for number, raw in enumerate(entries):
                entry = _code_entry(raw, f"{key}[{number}]", where)
                known = found.setdefault(entry["code"], {"code": entry["code"], "operations": [], "described_by": None})
                described = {name: value for name, value in entry.items() if name != "code" and value}
                if described:
                    if known["described_by"] and {name: known.get(name) for name in described} != described:
                        raise BuildError(f"{where}: the error code {entry['code']!r} is described differently by "
                                         f"{known['described_by']} and {operation_id}")  # fmt: skip
                    known.update(described, described_by=known["described_by"] or operation_id)
                if operation_id not in known["operations"]:
                    known["operations"].append(operation_id)
    for code, known in found.items():
        known.setdefault("realm", _realm_of(code))
        known.setdefault("description", "")
        known.setdefault("parameters", {})
    return found


def _code_entry(raw: Any, key: str, where: str) -> dict[str, Any]:
    """An entry of the codes extension as {code, realm, description, parameters}, the ones it does not
    give empty."""
    entry = {"code": raw} if isinstance(raw, str) else raw
    if not isinstance(entry, dict) or not isinstance(entry.get("code"), str) or not entry["code"]:
        raise BuildError(f"{where}: {key}: an error code is a string or a mapping with a `code` string, not {raw!r}")
    # name, when and catalogued are evidence for readers of the spec (generator/prose.py writes them): the
    # words a page names the error in, when an operation answers it, whether the catalogue has it.
    unknown = set(entry) - {"code", "realm", "description", "parameters", "name", "when", "catalogued"}
    parameters = entry.get("parameters", {})
    if unknown or not isinstance(parameters, dict) or not all(isinstance(s, dict) for s in parameters.values()):
        raise BuildError(f"{where}: {key}: takes code, realm, description and parameters (name -> JSON schema), "
                         "and name, when, catalogued as evidence; "
                         f"got {raw!r}")  # fmt: skip
    return {
        "code": entry["code"],
        "realm": entry.get("realm"),
        "description": " ".join(str(entry.get("description", "")).split()),
        "parameters": parameters,
    }


def _realm_of(code: str) -> str | None:
    """The realm a dotted code names: `error.user.pool_not_found` -> user."""
    parts = code.split(".")
    return parts[-2] if len(parts) >= 2 else None


def _code_class_names(documented: Mapping[str, Mapping[str, Any]], taken: set[str]) -> dict[str, str]:
    """`error.user.pool_not_found` -> PoolNotFoundError. When two realms share a code's last part, or it
    would take a name the module needs, the realm goes in front (UserInvalidValueError)."""
    plain = {code: camel(code.rsplit(".", 1)[-1]).removesuffix("Error") + "Error" for code in documented}
    counts = Counter(plain.values())
    names = {
        code: camel(documented[code]["realm"] or "") + name
        if counts[name] > 1 or name in taken or name in _RESERVED else name
        for code, name in plain.items()
    }  # fmt: skip
    counts = Counter(names.values())
    clashes = sorted(name for name in counts if counts[name] > 1 or name in taken or name in _RESERVED)
    if clashes:
        raise BuildError("error codes that give the same exception class name", details=[
            f"{name}: {', '.join(sorted(code for code, given in names.items() if given == name))}" for name in clashes
        ])  # fmt: skip
    return names
