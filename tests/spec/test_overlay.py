from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.errors import BuildError
from generator.overlay import Action, apply_actions, load_overlay


def overlay_file(tmp_path: Path, actions: str) -> Path:
    path = tmp_path / "010-test.yaml"
    header = "overlay: 1.0.0\ninfo: {title: test, version: '1'}\nactions:\n"
    path.write_text(header + textwrap.dedent(actions), encoding="utf-8")
    return path


def action(target: str, update: Any = None, remove: bool = False) -> Action:
    return Action("010-test.yaml", 1, target, "A test action that fixes nothing.", update, remove)


def test_an_action_whose_target_matches_nothing_fails_naming_it() -> None:
    document: dict[str, Any] = {"paths": {"/a": {"get": {}}}}
    stale = Action("specs/x/overlays/020-ids.yaml", 3, "$.paths['/gone'].get", "Defect: no operationId.", {})
    with pytest.raises(BuildError) as caught:
        apply_actions(document, [stale])
    message = str(caught.value)
    assert "specs/x/overlays/020-ids.yaml: action 3 (Defect: no operationId.)" in message
    assert "$.paths['/gone'].get selects nothing" in message


def test_update_merges_objects_recursively_and_replaces_other_values() -> None:
    document: dict[str, Any] = {"a": {"keep": 1, "nested": {"x": 1, "list": [1, 2]}}}
    apply_actions(document, [action("$.a", {"nested": {"y": 2, "list": [3]}, "new": True})])
    assert document == {"a": {"keep": 1, "nested": {"x": 1, "y": 2, "list": [3]}, "new": True}}


def test_an_update_with_a_ref_replaces_instead_of_merging() -> None:
    document: dict[str, Any] = {"schema": {"type": "object"}, "responses": {"401": {"description": "x"}}}
    apply_actions(
        document,
        [action("$.schema", {"$ref": "#/a"}), action("$.responses", {"401": {"$ref": "#/b"}})],
    )
    assert document == {"schema": {"$ref": "#/a"}, "responses": {"401": {"$ref": "#/b"}}}


def test_update_on_a_list_appends() -> None:
    document: dict[str, Any] = {"tags": [{"name": "a"}]}
    apply_actions(document, [action("$.tags", [{"name": "b"}, {"name": "c"}]), action("$.tags", {"name": "d"})])
    assert [t["name"] for t in document["tags"]] == ["a", "b", "c", "d"]


def test_remove_deletes_every_selected_list_item_without_shifting_the_others() -> None:
    document: dict[str, Any] = {"p": [{"n": "x"}, {"n": "y"}, {"n": "x"}, {"n": "z"}]}
    applied = apply_actions(document, [action("$.p[?@.n == 'x']", remove=True)])
    assert document == {"p": [{"n": "y"}, {"n": "z"}]}
    assert applied[0].selected == ("$['p'][0]", "$['p'][2]")


def test_remove_deletes_object_members() -> None:
    document: dict[str, Any] = {"r": {"401": 1, "403": 2, "200": 3}}
    apply_actions(document, [action("$.r['401','403']", remove=True)])
    assert document == {"r": {"200": 3}}


def test_updating_a_scalar_is_refused_with_the_way_to_do_it() -> None:
    with pytest.raises(BuildError, match="target the object that holds it"):
        apply_actions({"a": "text"}, [action("$.a", {"b": 1})])


def test_jsonpath_is_rfc_9535_strict() -> None:
    # python-jsonpath's non-standard extensions (here: the `=~` operator) are refused in strict mode.
    with pytest.raises(BuildError, match="is not a valid JSONPath"):
        apply_actions({"a": [{"b": "x"}]}, [action("$.a[?@.b =~ /x/]", {"c": 1})])


def test_overlay_documents_are_checked_against_the_overlay_schema(tmp_path: Path) -> None:
    path = overlay_file(tmp_path, "  - target: $.paths\n    update: {}\n")
    with pytest.raises(BuildError) as caught:
        load_overlay(path, "010-test.yaml")
    assert "010-test.yaml: not a valid Overlay 1.0 document" in str(caught.value)
    assert "at /actions/0: 'description' is a required property" in str(caught.value)


def test_an_action_must_update_or_remove_not_both(tmp_path: Path) -> None:
    path = overlay_file(
        tmp_path, "  - target: $.paths\n    description: both at once here\n    update: {}\n    remove: true\n"
    )
    with pytest.raises(BuildError, match=r"not a valid Overlay 1\.0 document"):
        load_overlay(path, "010-test.yaml")


def test_invalid_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    path = overlay_file(tmp_path, "  - target: $.a\n    description: x: y\n")
    with pytest.raises(BuildError, match=r"^010-test\.yaml:5:17: not valid YAML: mapping values are not allowed"):
        load_overlay(path, "010-test.yaml")


def test_loaded_actions_keep_their_file_and_position(tmp_path: Path) -> None:
    path = overlay_file(
        tmp_path,
        """
        - target: $.a
          description: first action of the file
          update: {x: 1}
        - target: $.b
          description: second action of the file
          remove: true
        """,
    )
    first, second = load_overlay(path, "010-test.yaml")
    assert (first.number, first.update, first.remove) == (1, {"x": 1}, False)
    assert (second.number, second.remove, str(second)) == (
        2,
        True,
        "010-test.yaml: action 2 (second action of the file)",
    )


def test_a_yaml_key_that_is_not_a_string_is_refused(tmp_path: Path) -> None:
    path = overlay_file(tmp_path, "  - target: $.components.schemas\n    description: adds a schema named Null\n"
                                  "    update:\n      Null: {type: object}\n")  # fmt: skip
    with pytest.raises(BuildError, match=r"action 1: key None under update is not a string \(quote it"):
        load_overlay(path, "010-test.yaml")


def test_merging_an_inline_object_into_a_reference_fails_naming_file_action_and_path() -> None:
    # What gave login's 401 a description and content beside its $ref (issue 12, D1).
    document: dict[str, Any] = {"paths": {"/login": {"post": {"responses": {"401": {"$ref": "#/r/Unauth"}}}}}}
    amend = Action("specs/x/overlays/080-errors.yaml", 4, "$.paths['/login'].post.responses",
                   "login's 401 is its own.", {"401": {"description": "Wrong password."}})  # fmt: skip
    with pytest.raises(BuildError) as caught:
        apply_actions(document, [amend])
    message = str(caught.value)
    assert message.startswith("specs/x/overlays/080-errors.yaml: action 4 (login's 401 is its own.): ")
    assert (
        "target $.paths['/login'].post.responses: merging description into the $ref at "
        "$['paths']['/login']['post']['responses']['401'] would give the reference siblings"
    ) in message
    assert document["paths"]["/login"]["post"]["responses"]["401"] == {"$ref": "#/r/Unauth"}


def test_an_update_that_writes_a_reference_with_siblings_fails_naming_where_in_the_update() -> None:
    document: dict[str, Any] = {"components": {"schemas": {}}}
    writes = action("$.components.schemas", {"A": {"properties": {"b": {"$ref": "#/B", "nullable": True}}}})
    with pytest.raises(BuildError) as caught:
        apply_actions(document, [writes])
    assert "target $.components.schemas: the update writes a $ref with sibling keys" in str(caught.value)
    assert "in the update at /A/properties/b: $ref with nullable" in str(caught.value)
    assert document == {"components": {"schemas": {}}}


def test_an_update_may_replace_a_reference_or_merge_into_objects_beside_one() -> None:
    document: dict[str, Any] = {"r": {"401": {"$ref": "#/a"}, "200": {"description": "x"}}}
    apply_actions(document, [action("$.r", {"401": {"$ref": "#/b"}, "200": {"content": {}}})])
    assert document == {"r": {"401": {"$ref": "#/b"}, "200": {"description": "x", "content": {}}}}


def test_a_description_of_only_spaces_is_refused_by_the_schema(tmp_path: Path) -> None:
    path = overlay_file(tmp_path, "  - target: $.paths[[\n    description: '            '\n    update: {x: 1}\n")
    with pytest.raises(BuildError) as caught:
        load_overlay(path, "010-test.yaml")
    assert caught.value.details == [
        "at /actions/0/description: the description is only spaces: say what defect the action fixes and where "
        "the evidence is"
    ]


def test_an_action_without_a_description_line_still_names_itself() -> None:
    blank = Action("010-test.yaml", 2, "$.paths[[", "  \n\t\n", {"x": 1})
    assert str(blank) == "010-test.yaml: action 2 (no description)"
    with pytest.raises(
        BuildError, match=r"^010-test\.yaml: action 2 \(no description\): target '\$\.paths\[\[' is not"
    ):
        apply_actions({"paths": {}}, [blank])
    assert str(Action("f.yaml", 1, "$", "\n  Second line first.\nthird", {})) == "f.yaml: action 1 (Second line first.)"


@pytest.mark.parametrize("target", ["$.tags", "$.info"])
def test_a_null_update_is_refused_naming_the_action(target: str) -> None:
    document: dict[str, Any] = {"tags": [{"name": "a"}], "info": {"title": "t"}}
    with pytest.raises(
        BuildError, match=rf"^010-test\.yaml: action 1 \(.*\): target {re.escape(target)}: the update is null\n"
    ):
        apply_actions(document, [action(target, None)])
    assert document == {"tags": [{"name": "a"}], "info": {"title": "t"}}


def test_appending_a_null_to_a_list_is_refused() -> None:
    document: dict[str, Any] = {"tags": [{"name": "a"}]}
    with pytest.raises(
        BuildError, match=r"target \$\.tags: the update appends null \(item 1\) to the list at \$\['tags'\]"
    ):
        apply_actions(document, [action("$.tags", [{"name": "b"}, None])])
    assert document == {"tags": [{"name": "a"}]}


def test_a_key_given_twice_in_an_overlay_is_refused_naming_the_line(tmp_path: Path) -> None:
    path = overlay_file(tmp_path, "  - target: $.a\n    description: sets a summary twice\n"
                                  "    update: {summary: a, summary: b}\n")  # fmt: skip
    with pytest.raises(BuildError, match=r"^010-test\.yaml:6:24: not valid YAML: the key 'summary' is there twice"):
        load_overlay(path, "010-test.yaml")


def test_an_overlay_that_is_not_utf8_is_refused_naming_the_line(tmp_path: Path) -> None:
    path = overlay_file(tmp_path, "  - target: $.a\n    description: a caf\xe9 in latin-1\n    update: {x: 1}\n")
    path.write_bytes(path.read_bytes().replace("\xe9".encode(), b"\xe9"))
    with pytest.raises(BuildError, match=r"^010-test\.yaml:5:21: not UTF-8 text"):
        load_overlay(path, "010-test.yaml")
