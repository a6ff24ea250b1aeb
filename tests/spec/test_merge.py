from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from generator.build import build_spec
from generator.errors import BuildError
from generator.layout import ApiLayout
from tests.conftest import fragment, fragment_page

THING = {"type": "object", "properties": {"id": {"type": "integer"}}}
OTHER_THING = {"type": "object", "properties": {"id": {"type": "string"}}}


def test_identical_components_on_many_pages_collapse_to_one(new_api: Callable[..., ApiLayout]) -> None:
    layout = new_api(
        {
            "a.md": fragment_page("A", fragment("/a", schemas={"Thing": THING})),
            "b.md": fragment_page("B", fragment("/b", schemas={"Thing": dict(THING)})),
        }
    )
    document = build_spec(layout).document
    assert document["components"]["schemas"] == {"Thing": THING}
    assert list(document["paths"]) == ["/a", "/b"]


def test_a_conflicting_component_is_reported_with_both_sources(new_api: Callable[..., ApiLayout]) -> None:
    layout = new_api(
        {
            "a.md": fragment_page("A", fragment("/a", schemas={"Thing": THING})),
            "b.md": fragment_page("B", fragment("/b", schemas={"Thing": OTHER_THING})),
        }
    )
    with pytest.raises(BuildError) as caught:
        build_spec(layout)
    message = str(caught.value)
    assert "components.schemas.Thing is defined differently in" in message
    assert "/a.md:8 (Operation 1) [GET /a] and " in message
    assert "/b.md:8 (Operation 1) [GET /b]" in message
    assert "target: $['components']['schemas']['Thing']" in message


def test_an_overlay_that_targets_the_conflict_settles_it(new_api: Callable[..., ApiLayout]) -> None:
    settle = """
overlay: 1.0.0
info: {title: settle, version: '1'}
actions:
  - target: $.components.schemas.Thing
    description: Both pages define Thing; b.md is right (its id is a string).
    remove: true
  - target: $.components.schemas
    description: The definition of b.md, restated.
    update:
      Thing: {type: object, properties: {id: {type: string}}}
"""
    layout = new_api(
        {
            "a.md": fragment_page("A", fragment("/a", schemas={"Thing": THING})),
            "b.md": fragment_page("B", fragment("/b", schemas={"Thing": OTHER_THING})),
        },
        overlays={"010-settle.yaml": settle},
    )
    assert build_spec(layout).document["components"]["schemas"]["Thing"] == OTHER_THING


def test_the_same_operation_defined_differently_on_two_pages_conflicts(new_api: Callable[..., ApiLayout]) -> None:
    layout = new_api(
        {
            "a.md": fragment_page("A", fragment("/a", summary="one")),
            "b.md": fragment_page("B", fragment("/a", summary="two")),
        }
    )
    with pytest.raises(BuildError, match=r"paths\./a\.get is defined differently"):
        build_spec(layout)


def test_output_order_does_not_depend_on_input_key_order(new_api: Callable[..., ApiLayout]) -> None:
    first = fragment("/b", "post", schemas={"Zed": THING, "Alpha": THING})
    second = fragment("/a", "get")
    second["paths"]["/b"] = {"get": {"responses": {"404": {"description": "no"}, "200": {"description": "ok"}}}}
    document = build_spec(new_api({"x.md": fragment_page("X", first, second)})).document
    assert list(document) == ["openapi", "info", "paths", "components"]
    assert list(document["paths"]) == ["/a", "/b"]
    assert list(document["paths"]["/b"]) == ["get", "post"]
    assert list(document["paths"]["/b"]["get"]["responses"]) == ["200", "404"]
    assert list(document["components"]["schemas"]) == ["Alpha", "Zed"]


def test_fragments_of_different_openapi_versions_are_refused(new_api: Callable[..., ApiLayout]) -> None:
    newer = fragment("/b")
    newer["openapi"] = "3.0.3"
    layout = new_api({"x.md": fragment_page("X", fragment("/a"), newer)})
    with pytest.raises(BuildError, match="different OpenAPI versions") as caught:
        build_spec(layout)
    assert re.search(r"'3\.0\.0' in \S*/x\.md:\d+ \(Operation 1\)", str(caught.value))
    assert re.search(r"'3\.0\.3' in \S*/x\.md:\d+ \(Operation 2\)", str(caught.value))


WITH_STATUS = {"type": "object", "properties": {"id": {"type": "integer"}, "status": {"type": "string"}}}
REQUIRE_ID = """
overlay: 1.0.0
info: {title: required, version: '1'}
actions:
  - target: $.components.schemas.Thing
    description: The pages do not say which fields are always there; id is.
    update: {required: [id]%s}
"""


def test_an_action_for_another_defect_does_not_settle_a_conflict(new_api: Callable[..., ApiLayout]) -> None:
    """A vendor change to one page's copy of a component (b.md adds status) stays loud, even though an
    overlay action targets the component for something else."""
    layout = new_api(
        {
            "a.md": fragment_page("A", fragment("/a", schemas={"Thing": THING})),
            "b.md": fragment_page("B", fragment("/b", schemas={"Thing": WITH_STATUS})),
        },
        overlays={"010-required.yaml": REQUIRE_ID % ""},
    )
    with pytest.raises(BuildError) as caught:
        build_spec(layout)
    message = str(caught.value)
    assert "components.schemas.Thing is defined differently" in message
    assert 'differs at properties.status: {"type": "string"} where the spec has "<absent>"' in message


def test_an_overlay_that_combines_the_definitions_says_which_it_compared(new_api: Callable[..., ApiLayout]) -> None:
    pages = {
        "a.md": fragment_page("A", fragment("/a", schemas={"Thing": THING})),
        "b.md": fragment_page("B", fragment("/b", schemas={"Thing": WITH_STATUS})),
    }
    with pytest.raises(BuildError) as caught:
        build_spec(new_api(pages, overlays={"010-required.yaml": REQUIRE_ID % ""}, name="unmarked"))
    digest = re.findall(r"x-settled-conflict: (sha256:[0-9a-f]{16})", str(caught.value))[0]
    marked = REQUIRE_ID % f", x-settled-conflict: '{digest}'"
    built = build_spec(new_api(pages, overlays={"010-required.yaml": marked}, name="marked")).document
    assert built["components"]["schemas"]["Thing"]["x-settled-conflict"] == digest
    # The vendor changes one of the two: the mark no longer fits, and the build says so.
    pages["b.md"] = fragment_page("B", fragment("/b", schemas={"Thing": {**WITH_STATUS, "description": "new"}}))
    with pytest.raises(BuildError, match=f"its x-settled-conflict '{digest}' was written for other definitions"):
        build_spec(new_api(pages, overlays={"010-required.yaml": marked}, name="changed"))


def _tagged(path: str, description: str) -> dict[str, object]:
    document = fragment(path, tags=["Widgets"])
    document["tags"] = [{"name": "Gadgets"}, {"name": "Widgets", "description": description}]
    return document


def test_a_tag_defined_differently_on_two_pages_fails_naming_both_and_is_found_by_its_name(
    new_api: Callable[..., ApiLayout],
) -> None:
    """The tags are a list: the conflict is the item with the tag's name, in the merged spec and once the
    overlays are applied (it was a traceback, a list indexed by the name). An overlay that removes another
    tag, and so moves this one, does not settle it."""
    layout = new_api({"a.md": fragment_page("A", _tagged("/a", "Widgets")),
                      "b.md": fragment_page("B", _tagged("/b", "The widgets"))})  # fmt: skip
    with pytest.raises(BuildError) as caught:
        build_spec(layout)
    message = str(caught.value)
    assert "tags.Widgets is defined differently in" in message and "/a.md:8" in message and "/b.md:8" in message
    assert "(target: $.tags[?@.name == 'Widgets'])" in message
    assert 'differs at description: "The widgets" where the spec has "Widgets"' in message
    gadgets_gone = """
overlay: 1.0.0
info: {title: moved, version: '1'}
actions:
  - target: $.tags[?@.name == 'Gadgets']
    description: No operation has this tag.
    remove: true
"""
    moved = new_api({"a.md": fragment_page("A", _tagged("/a", "Widgets")),
                     "b.md": fragment_page("B", _tagged("/b", "The widgets"))},
                    overlays={"010-gadgets.yaml": gadgets_gone}, name="moved")  # fmt: skip
    with pytest.raises(BuildError, match=r"tags\.Widgets is defined differently"):
        build_spec(moved)
    settle = """
overlay: 1.0.0
info: {title: settle, version: '1'}
actions:
  - target: $.tags[?@.name == 'Widgets']
    description: The pages describe the tag in two ways; one says it.
    update: {description: Widgets of every kind}
"""
    settled = new_api({"a.md": fragment_page("A", _tagged("/a", "Widgets")),
                       "b.md": fragment_page("B", _tagged("/b", "The widgets"))},
                      overlays={"010-settle.yaml": settle}, name="settled")  # fmt: skip
    assert build_spec(settled).document["tags"][1] == {"name": "Widgets", "description": "Widgets of every kind"}
