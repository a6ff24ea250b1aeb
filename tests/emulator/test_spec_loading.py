"""How the emulator reads its spec at start (core/spec.py resolved_spec()): the same resolved document as
the build's prance, the same refusals of a spec that is not valid OpenAPI 3.0, and none of the build's
heavy libraries in the serving process (what keeps the emulator's memory down: bench_emulator's import)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from typing import Any

import pytest

from contract_tests.emulator.core.spec import resolved_spec
from generator.errors import BuildError
from generator.layout import REPO_ROOT, ApiLayout, all_apis
from generator.validate import validate_spec


def spec_of(api: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(ApiLayout.find(api).spec_path.read_text(encoding="utf-8"))
    return document


@pytest.mark.parametrize("api", all_apis())
def test_the_resolved_spec_is_what_prance_resolves(api: str) -> None:
    document = spec_of(api)
    assert resolved_spec(copy.deepcopy(document), api) == validate_spec(document, api)


def test_a_spec_that_is_not_openapi_is_refused_with_its_place() -> None:
    document = spec_of("easydb")
    path, item = next(iter(document["paths"].items()))
    method = next(name for name in ("get", "put", "post", "delete") if name in item)
    item[method]["responses"] = {"two hundred": {"description": "ok"}}
    with pytest.raises(BuildError, match=r"is not valid OpenAPI 3\.0") as refused:
        resolved_spec(document, "openapi.json")
    assert any(line.startswith(f"at paths/{path}/{method}/responses:") for line in refused.value.details), (
        refused.value.details
    )


def test_a_reference_that_leads_nowhere_is_refused() -> None:
    document = spec_of("patchworks-core")
    document["components"]["schemas"] = {}
    with pytest.raises(BuildError, match=r"the \$ref '#/components/schemas/[^']+' does not resolve"):
        resolved_spec(document, "openapi.json")


def test_a_reference_cycle_and_a_remote_reference_are_refused() -> None:
    cyclic = spec_of("patchworks-core")
    cyclic["components"]["schemas"]["Loop"] = {"$ref": "#/components/schemas/Loop"}
    with pytest.raises(BuildError, match="refers to itself"):
        resolved_spec(cyclic, "openapi.json")
    remote = spec_of("patchworks-core")
    remote["components"]["schemas"]["Far"] = {"$ref": "other.json#/Thing"}
    with pytest.raises(BuildError, match="only local references are served"):
        resolved_spec(remote, "openapi.json")


def test_an_operation_id_used_twice_is_refused() -> None:
    document = spec_of("easydb")
    operations = [
        operation
        for item in document["paths"].values()
        for method, operation in item.items()
        if method in ("get", "put", "post", "delete")
    ]
    operations[1]["operationId"] = operations[0]["operationId"]
    with pytest.raises(BuildError, match=f"operationId '{operations[0]['operationId']}' is used twice"):
        resolved_spec(document, "openapi.json")


@pytest.mark.parametrize("api", all_apis())
def test_the_serving_process_loads_none_of_the_build_libraries(api: str, tmp_path: Any) -> None:
    """prance (and chardet, which it runs over the file), requests and openapi-spec-validator cost a
    running emulator about 30 MB: the emulator that starts must not have imported them."""
    program = (
        "import sys\n"
        "from contract_tests.emulator import EmulatorSettings, Login, create_app\n"
        f"create_app({api!r}, EmulatorSettings(db={str(tmp_path / 'e.db')!r}, api_keys=('k',),"
        " logins=(Login('user', 'password-1'),), rate_limit=0))\n"
        "heavy = [m for m in ('prance', 'chardet', 'requests', 'openapi_spec_validator', 'jsonschema_path')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    ran = subprocess.run([sys.executable, "-c", program], cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "", f"the emulator imported {ran.stdout.strip()}"
