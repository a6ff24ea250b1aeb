"""What every emulator test may use: a check of an answer against a spec, as a contract test would make it,
and made-up APIs (a profile and a spec in a temporary specs/ folder)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
from openapi_schema_validator import OAS30Validator

# The control routes' key of the tests' emulators (EmulatorSettings.control_key), and its header.
CONTROL_KEY = "tests-control-key-not-an-api-key"
CONTROL = {"X-Emulator-Control-Key": CONTROL_KEY}


class Spec:
    """Checks an answer as a contract test would: its status is documented, its body matches the schema, and
    the headers documented as required are there."""

    def __init__(self, resolved: dict[str, Any]) -> None:
        self.paths = [(self._pattern(path), path, item) for path, item in resolved["paths"].items()]

    @staticmethod
    def _pattern(path: str) -> re.Pattern[str]:
        return re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path)) + "$")

    def check(self, response: httpx.Response) -> None:
        method, path = response.request.method.lower(), response.request.url.path
        item = next((item for pattern, _, item in self.paths if pattern.match(path)), None)
        assert item is not None and method in item, f"{method.upper()} {path} is not in the spec"
        documented = item[method]["responses"]
        status = str(response.status_code)
        assert status in documented, f"{method.upper()} {path} answered {status}, documented: {sorted(documented)}"
        missing = [
            name
            for name, header in (documented[status].get("headers") or {}).items()
            if header.get("required") and name not in response.headers
        ]
        assert not missing, f"{method.upper()} {path} {status} lacks the documented headers {missing}"
        content = documented[status].get("content", {})
        if "application/json" in content:
            assert response.headers["content-type"].startswith("application/json")
            schema = nullable_as_schemathesis_reads_it(content["application/json"]["schema"])
            validator = OAS30Validator(schema, format_checker=OAS30Validator.FORMAT_CHECKER)
            errors = [
                f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(response.json())
            ]
            assert not errors, f"{method.upper()} {path} {status} does not match the spec: {errors}"


def nullable_as_schemathesis_reads_it(schema: Any) -> Any:
    """`nullable: true` admits null whatever else the schema says, as schemathesis (the contract tests'
    validator) and openapi-python-client read it. openapi-schema-validator reads it strictly (only beside a
    `type`), which would reject null for the spec's `{allOf: [$ref], nullable: true}` relations."""
    if isinstance(schema, list):
        return [nullable_as_schemathesis_reads_it(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    converted = {key: nullable_as_schemathesis_reads_it(value) for key, value in schema.items()}
    if converted.get("nullable") is True and "type" not in converted:
        del converted["nullable"]
        return {"anyOf": [converted, {"enum": [None]}]}
    return converted


PROFILE = """\
display_name: {title}
client: {{project: {name}-client, package: {package}_client, version: 0.1.0}}
env_prefix: MADE_UP_
auth: {{}}
errors: {{by: status, message_field: message}}
pagination: laravel
emulator: {{dialect: laravel}}
live_safety: {{resources: {{}}, writes: {{}}}}
"""


def made_up_api(specs_dir: Path, name: str, spec: dict[str, Any], title: str = "Made-up API") -> Path:
    """specs/<name>/ under `specs_dir` with a profile (Laravel dialect) and `spec` as its built spec."""
    root = specs_dir / name
    (root / "upstream").mkdir(parents=True)
    (root / "api.yaml").write_text(PROFILE.format(title=title, name=name, package=name.replace("-", "_")))
    (root / "openapi.json").write_text(json.dumps(spec), encoding="utf-8")
    return specs_dir


def openapi(
    paths: dict[str, Any],
    schemas: dict[str, Any] | None = None,
    *,
    security: list[dict[str, list[str]]] | None = None,
    schemes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A valid OpenAPI 3.0 document; an API key in X-Api-Key unless other schemes are given."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Made-up API", "version": "1.0.0"},
        "security": security if security is not None else [{"Key": []}],
        "paths": paths,
        "components": {
            "schemas": schemas or {},
            "securitySchemes": schemes or {"Key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}},
        },
    }
