"""The per-API profile (specs/<api>/api.yaml): its schema, its errors, and its agreement with the spec."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.build import build_spec
from generator.errors import BuildError
from generator.layout import REPO_ROOT, ApiLayout, all_apis
from generator.profile import load_profile
from tests.conftest import fragment, fragment_page, minimal_profile

PATCHWORKS = REPO_ROOT / "specs" / "patchworks-core"


def _edited_copy(tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> ApiLayout:
    specs = tmp_path / "specs"
    shutil.copytree(PATCHWORKS, specs / "patchworks-core", ignore=shutil.ignore_patterns("openapi.json"))
    path = specs / "patchworks-core" / "api.yaml"
    profile = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(profile)
    path.write_text(yaml.safe_dump(profile, sort_keys=False), encoding="utf-8")
    return ApiLayout.find("patchworks-core", specs_dir=specs)


def test_the_patchworks_profile_loads_with_what_the_parts_read() -> None:
    profile = ApiLayout.find("patchworks-core").profile
    assert profile.client.package == "patchworks_core_client"
    assert profile.env("BASE_URL") == "PATCHWORKS_BASE_URL"
    assert profile.token_flow is not None and profile.token_flow["kind"] == "login"
    assert profile.errors["by"] == "status"
    assert profile.pagination == "laravel"
    assert profile.requests_per_minute == 240
    assert profile.dialect == "laravel"
    assert profile.emulator_package == "patchworks_core"
    body_ids = [
        location for location in profile.writes("deleteDedupedDataRecords") or () if location.location == "body"
    ]
    assert [(location.pointer, location.resource) for location in body_ids] == [("/ids/*", "deduped_data")]
    assert profile.writes("listDataPools") is None  # a read is not declared


def test_every_api_is_a_folder_with_a_profile(tmp_path: Path) -> None:
    assert "patchworks-core" in all_apis()
    (tmp_path / "one" / "upstream").mkdir(parents=True)
    (tmp_path / "one" / "api.yaml").write_text("{}", encoding="utf-8")
    (tmp_path / "pages-only" / "upstream").mkdir(parents=True)  # no profile: not (yet) an API
    assert all_apis(tmp_path) == ["one"]


def test_a_wrong_key_fails_the_build_naming_the_file_line_and_key(tmp_path: Path) -> None:
    def misspell(profile: dict[str, Any]) -> None:
        profile["pagination_style"] = profile.pop("pagination")
        profile["auth"]["token_flow"]["tokn_field"] = profile["auth"]["token_flow"].pop("token_field")

    layout = _edited_copy(tmp_path, misspell)
    with pytest.raises(BuildError) as raised:
        build_spec(layout)
    text = str(raised.value)
    assert "specs/patchworks-core/api.yaml" in text
    lines = (layout.root / "api.yaml").read_text(encoding="utf-8").splitlines()
    unknown = next(n for n, line in enumerate(lines, 1) if line.startswith("pagination_style:"))
    assert f"api.yaml:{unknown}: pagination_style: unknown key" in text
    assert "'pagination' is a required property" in text
    assert "auth.token_flow.tokn_field: unknown key" in text


def test_a_value_out_of_its_schema_is_named_with_the_allowed_ones(tmp_path: Path) -> None:
    def wrong(profile: dict[str, Any]) -> None:
        profile["errors"]["by"] = "message"
        profile["env_prefix"] = "patchworks"

    with pytest.raises(BuildError) as raised:
        load_profile(_edited_copy(tmp_path, wrong).root)
    text = str(raised.value)
    assert "errors: not one of the forms this setting takes (one of: by: code, by: status)" in text
    assert "env_prefix: 'patchworks' does not match" in text


def test_a_write_operation_without_its_id_declaration_fails_the_build_naming_it(tmp_path: Path) -> None:
    layout = _edited_copy(tmp_path, lambda profile: profile["live_safety"]["writes"].pop("updateDataPool"))
    with pytest.raises(BuildError, match=r"PUT /api/v1/data-pool/\{data_pool\} \(updateDataPool\) is a write"):
        build_spec(layout)


def test_a_declaration_naming_what_the_spec_does_not_have_fails_the_build(tmp_path: Path) -> None:
    def wrong(profile: dict[str, Any]) -> None:
        profile["live_safety"]["writes"]["updateDataPool"] = [{"in": "path", "name": "pool", "resource": "data_pool"}]
        profile["live_safety"]["writes"]["renamePool"] = []
        profile["auth"]["token_flow"]["operation_id"] = "signIn"

    with pytest.raises(BuildError) as raised:
        build_spec(_edited_copy(tmp_path, wrong))
    details = raised.value.details
    lines = (tmp_path / "specs" / "patchworks-core" / "api.yaml").read_text(encoding="utf-8").splitlines()

    def reported(key: str, message: str) -> bool:
        return any(detail.endswith(f": {key}: {message}") for detail in details)

    assert reported(
        "live_safety.writes.updateDataPool[0]", "PUT /api/v1/data-pool/{data_pool} has no path parameter 'pool'"
    )
    assert reported("live_safety.writes.renamePool", "names the operation 'renamePool', which the spec does not have")
    assert reported("auth.token_flow.operation_id", "names the operation 'signIn', which the spec does not have")
    operation_line = next(n for n, text in enumerate(lines, 1) if text.strip().startswith("operation_id: signIn"))
    assert any(f"api.yaml:{operation_line}: auth.token_flow.operation_id:" in d for d in details)


def test_a_write_aimed_at_an_undeclared_path_parameter_fails_the_build(tmp_path: Path) -> None:
    """An empty declaration would let a live run send a fuzzed or captured id unchanged."""
    layout = _edited_copy(tmp_path, lambda profile: profile["live_safety"]["writes"].update(deleteDataPool=[]))
    with pytest.raises(BuildError) as raised:
        build_spec(layout)
    assert any(
        "live_safety.writes.deleteDataPool: DELETE /api/v1/data-pool/{data_pool} is aimed at the path parameter "
        "'data_pool', which is not declared" in detail
        for detail in raised.value.details
    )


def test_a_body_id_location_needs_a_pointer(tmp_path: Path) -> None:
    def wrong(profile: dict[str, Any]) -> None:
        profile["live_safety"]["writes"]["deleteDedupedDataRecords"][1] = {"in": "body", "resource": "deduped_data"}

    with pytest.raises(BuildError, match=r"deleteDedupedDataRecords\.1: 'pointer' is a required property"):
        load_profile(_edited_copy(tmp_path, wrong).root)


def test_a_missing_profile_is_named(new_api: Callable[..., ApiLayout]) -> None:
    layout = new_api({"a.md": fragment_page("A", fragment("/a"))}, profile=None)
    with pytest.raises(BuildError, match=r"specs/made-up/api.yaml: missing"):
        build_spec(layout)


def test_the_retry_decision_is_the_methods_unless_the_spec_says(new_api: Callable[..., ApiLayout]) -> None:
    page = fragment_page(
        "Things",
        fragment("/things", "put", operationId="insertThings"),
        fragment("/other", "put", operationId="replaceOther"),
    )
    layout = new_api({"things.md": page}, profile=minimal_profile("made-up", ["insertThings", "replaceOther"]))
    profile = layout.profile
    assert profile.retried("PUT", {"operationId": "replaceOther"}) is True
    assert profile.retried("PUT", {"operationId": "insertThings", "x-retry": False}) is False
    assert profile.retried("POST", {}) is False
    assert profile.retried("POST", {"x-retry": True}) is True


def _profile_text_edited(layout: ApiLayout, old: str, new: str) -> Path:
    path = layout.root / "api.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_profile_that_is_not_utf8_fails_naming_the_line(patchworks_copy: ApiLayout) -> None:
    path = _profile_text_edited(patchworks_copy, "env_prefix: PATCHWORKS_", "env_prefix: PATCHWORKS_ # caf\u00e9")
    path.write_bytes(path.read_bytes().replace("\u00e9".encode(), b"\xe9"))
    line = next(n for n, text in enumerate(path.read_bytes().splitlines(), 1) if text.startswith(b"env_prefix:"))
    with pytest.raises(BuildError, match=rf"^{re.escape(str(path))}:{line}:30: not UTF-8 text"):
        load_profile(patchworks_copy.root)


def test_a_key_given_twice_in_the_profile_fails_naming_both_lines(patchworks_copy: ApiLayout) -> None:
    path = _profile_text_edited(
        patchworks_copy, "env_prefix: PATCHWORKS_", "env_prefix: PATCHWORKS_\nenv_prefix: OTHER_"
    )
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("env_prefix:"))
    with pytest.raises(BuildError) as raised:
        load_profile(patchworks_copy.root, "api.yaml")
    assert str(raised.value) == (
        f"api.yaml:{line + 1}:1: not valid YAML: the key 'env_prefix' is there twice (first at {line}:1): "
        "YAML keeps only the last one, so say it once"
    )


OPERATION_ID_OVERLAY = """\
overlay: 1.0.0
info: {{title: operationIds, version: '1'}}
actions:
  - target: {target}
    description: 'A test: gives this operation an operationId.'
    update: {{operationId: {operation_id}}}
"""


@pytest.mark.parametrize(
    ("target", "operation_id", "problem"),
    [
        ("$.paths['/api/v1/data-pool'].get", "42", "GET /api/v1/data-pool: operationId 42 is not a name (int, "),
        (
            "$.paths['/api/v1/data-pool/{data_pool}'].put",
            "getDataPool",
            "operationId 'getDataPool' is on both GET /api/v1/data-pool/{data_pool} and PUT /api/v1/data-pool/"
            "{data_pool}",
        ),
    ],
)
def test_an_operation_id_that_is_not_a_unique_string_is_the_specs_problem_not_the_profiles(
    patchworks_copy: ApiLayout, target: str, operation_id: str, problem: str
) -> None:
    overlay = OPERATION_ID_OVERLAY.format(target=target, operation_id=operation_id)
    (patchworks_copy.overlays_dir / "999-test.yaml").write_text(overlay, encoding="utf-8")
    with pytest.raises(BuildError) as raised:
        build_spec(patchworks_copy)
    assert raised.value.message.startswith("the built spec's operationIds are not unique names")
    assert [detail for detail in raised.value.details if detail.startswith(problem)], raised.value.details
    assert not any("api.yaml" in detail for detail in raised.value.details)
