from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import build_spec, serialize
from generator.errors import BuildError
from generator.generate import differences
from generator.layout import REPO_ROOT, ApiLayout, all_apis
from tests.conftest import BREAKING_OVERLAY, fragment, fragment_page


def run_cli(*args: str, seed: str = "0") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    command = [sys.executable, "-m", "generator", *args]
    return subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False)


def test_two_builds_in_separate_processes_give_the_same_bytes(patchworks_copy: ApiLayout) -> None:
    outputs = []
    for seed in ("1", "2"):  # another hash seed: set and dict-of-set orders may change, the output must not
        result = run_cli("spec", "--specs-dir", str(patchworks_copy.root.parent), seed=seed)
        assert result.returncode == 0, result.stderr
        outputs.append(patchworks_copy.spec_path.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 10_000


@pytest.mark.parametrize("api", all_apis())
def test_a_copy_of_the_specs_folder_elsewhere_builds_the_committed_bytes(api: str, tmp_path: Path) -> None:
    """Nothing of where the build runs reaches the spec: a checkout elsewhere (CI's, a user's) gives the
    committed bytes, so `make check` holds there too."""
    committed = ApiLayout.find(api)
    shutil.copytree(committed.root, tmp_path / "specs" / api, ignore=shutil.ignore_patterns("openapi.json"))
    assert serialize(build_spec(ApiLayout.find(api, specs_dir=tmp_path / "specs")).document) == (
        committed.spec_path.read_text(encoding="utf-8")
    )


def test_a_new_page_dropped_into_upstream_appears_in_the_spec(patchworks_copy: ApiLayout) -> None:
    flows = fragment("/api/v1/flows", summary="List Flows", operationId="listFlows")
    flows.update(info={"title": "Patchworks Core API", "version": "1.0.0"}, tags=[{"name": "Flows"}])
    (patchworks_copy.upstream_dir / "flows.md").write_text(fragment_page("Flows", flows), encoding="utf-8")
    document = build_spec(patchworks_copy).document
    assert document["paths"]["/api/v1/flows"]["get"]["operationId"] == "listFlows"
    # The overlays' generic actions reach the new operation too: it gets the shared error responses.
    assert document["paths"]["/api/v1/flows"]["get"]["responses"]["401"] == {
        "$ref": "#/components/responses/Unauthenticated"
    }
    assert len([op for item in document["paths"].values() for op in item]) == 17
    assert {"name": "Flows"} in document["tags"]


def test_an_operation_named_on_the_text_page_but_missing_fails_the_build(patchworks_copy: ApiLayout) -> None:
    text_page = patchworks_copy.upstream_dir / "data-pools.txt"
    text_page.write_text(text_page.read_text() + "\nArchive\n\npost\n/api/v1/data-pool/{data_pool}/archive\n")
    with pytest.raises(BuildError) as caught:
        build_spec(patchworks_copy)
    assert "missing from the built spec" in str(caught.value)
    assert "POST /api/v1/data-pool/{data_pool}/archive (named at " in str(caught.value)
    assert "data-pools.txt:" in str(caught.value)


def test_an_overlay_that_breaks_the_spec_fails_validation(new_api: Callable[..., ApiLayout]) -> None:
    layout = new_api({"a.md": fragment_page("A", fragment("/a"))}, overlays={"010-break.yaml": BREAKING_OVERLAY})
    with pytest.raises(BuildError, match="Missing"):
        build_spec(layout)


def test_serialization_is_stable_json_with_a_final_newline() -> None:
    assert serialize({"b": "é", "a": [1]}) == '{\n  "b": "é",\n  "a": [\n    1\n  ]\n}\n'


@pytest.fixture
def generated_copy(tmp_path: Path) -> Path:
    """A copy of generated/ that a test may change."""
    copy = tmp_path / "generated"
    shutil.copytree(REPO_ROOT / "generated", copy, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return copy


def test_cli_check_fails_when_the_committed_spec_drifted(patchworks_copy: ApiLayout, generated_copy: Path) -> None:
    dirs = ("--specs-dir", str(patchworks_copy.root.parent), "--generated-dir", str(generated_copy))
    assert run_cli("spec", *dirs).stdout.startswith("patchworks-core: 2 pages, 15 fragments")
    checked = run_cli("check", *dirs)
    assert checked.returncode == 0
    # openapi-python-client's "Generating <scratch dir>" is not for our users (issue 12).
    assert checked.stdout.startswith("patchworks-core: the committed spec and client match"), checked.stdout
    assert "Generating" not in checked.stdout + checked.stderr
    spec = json.loads(patchworks_copy.spec_path.read_text())
    spec["info"]["title"] = "edited by hand"
    patchworks_copy.spec_path.write_text(json.dumps(spec))
    result = run_cli("check", *dirs)
    assert result.returncode == 1
    assert "differ from a fresh generation: run `make regenerate API=patchworks-core`" in result.stderr
    assert result.stderr.rstrip().endswith("specs/patchworks-core/openapi.json")


def test_cli_check_fails_when_the_committed_client_drifted(patchworks_copy: ApiLayout, generated_copy: Path) -> None:
    dirs = ("--specs-dir", str(patchworks_copy.root.parent), "--generated-dir", str(generated_copy))
    assert run_cli("spec", *dirs).returncode == 0
    package = generated_copy / "patchworks-core-client" / "patchworks_core_client"
    (package / "client.py").write_text((package / "client.py").read_text() + "# edited by hand\n")
    (package / "models" / "data_pool.py").unlink()
    (package / "stray.py").write_text("")
    result = run_cli("check", *dirs)
    assert result.returncode == 1
    assert "patchworks_core_client/client.py\n" in result.stderr
    assert "patchworks_core_client/models/data_pool.py (missing)" in result.stderr
    assert "patchworks_core_client/stray.py (not generated any more)" in result.stderr


def test_cli_reports_bad_input_without_a_traceback() -> None:
    result = run_cli("spec", "--api", "no-such-api")
    assert result.returncode == 1
    assert result.stderr.startswith("error: unknown API 'no-such-api'")
    assert f"known APIs: {', '.join(all_apis())}" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_reports_a_broken_overlay_without_a_traceback(patchworks_copy: ApiLayout) -> None:
    stale = patchworks_copy.overlays_dir / "020-operation-ids.yaml"
    stale.write_text(stale.read_text().replace("/api/v1/data-pool'].post", "/api/v1/data-pools'].post"))
    result = run_cli("spec", "--specs-dir", str(patchworks_copy.root.parent))
    assert result.returncode == 1
    assert (
        "020-operation-ids.yaml: action 2 (Defect: no operationId (data-pools.md, Create Data Pool).)" in result.stderr
    )
    assert "selects nothing" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_ignores_caches_and_build_output_but_not_a_package_folder_named_build(tmp_path: Path) -> None:
    committed, fresh = tmp_path / "committed", tmp_path / "fresh"
    for root in (committed, fresh):
        (root / "acme_client").mkdir(parents=True)
        (root / "acme_client" / "client.py").write_text("x = 1\n", encoding="utf-8")
    left_by_tools = ["build/lib/x.py", "dist/acme.whl", "acme_client.egg-info/PKG-INFO", "acme_client/__pycache__/c"]
    for name in [*left_by_tools, "acme_client/build/__init__.py"]:
        (committed / name).parent.mkdir(parents=True, exist_ok=True)
        (committed / name).write_text("", encoding="utf-8")
    assert differences(committed, fresh) == ["acme_client/build/__init__.py (not generated any more)"]
