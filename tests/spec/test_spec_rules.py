"""The rules the build adds to OpenAPI 3.0's schema (generator/spec_rules.py): no $ref with siblings, no
nullable without type; each found by its JSON pointer, and never in data (examples, defaults, enums)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from generator.build import build_spec
from generator.errors import BuildError
from generator.layout import ApiLayout
from generator.spec_rules import check_structure, nullable_without_type, reference_siblings
from tests.conftest import fragment, fragment_page


def test_a_reference_with_siblings_is_found_by_its_pointer() -> None:
    document = {"paths": {"/a/{b}": {"get": {"responses": {"401": {"$ref": "#/x", "description": "d"}}}}}}
    assert reference_siblings(document) == ["/paths/~1a~1{b}/get/responses/401: $ref with description"]


def test_nullable_without_type_is_found_and_a_typed_or_one_of_null_form_is_not() -> None:
    schemas = {
        "Old": {"allOf": [{"$ref": "#/components/schemas/R"}], "nullable": True},
        "New": {"oneOf": [{"type": "object", "nullable": True, "enum": [None]}, {"$ref": "#/components/schemas/R"}]},
        "Typed": {"type": "string", "nullable": True},
    }
    assert nullable_without_type({"components": {"schemas": schemas}}) == [
        "/components/schemas/Old: nullable without type"
    ]


def test_property_names_and_example_data_are_not_mistaken_for_keywords() -> None:
    schema = {
        "type": "object",
        "properties": {"nullable": {"type": "boolean"}, "$ref": {"type": "string"}},
        "example": {"$ref": "not a reference", "nullable": True, "other": 1},
        "default": {"nullable": True},
    }
    media = {"schema": schema, "examples": {"one": {"summary": "s", "value": {"$ref": "x", "a": 1}}}}
    assert reference_siblings(media) == []
    assert nullable_without_type(media) == []


def test_check_structure_names_the_spec_and_says_how_to_fix() -> None:
    with pytest.raises(BuildError) as caught:
        check_structure({"components": {"schemas": {"A": {"nullable": True}}}}, "specs/x/openapi.json")
    message = str(caught.value)
    assert message.startswith("specs/x/openapi.json: nullable without a type beside it")
    assert "- /components/schemas/A: nullable without type" in message
    assert "oneOf: [{type: object, nullable: true, enum: [null]}, {$ref: ...}]" in message


def test_a_page_whose_fragment_has_a_reference_with_siblings_fails_the_build_naming_it(
    new_api: Callable[..., ApiLayout],
) -> None:
    responses: dict[str, Any] = {"200": {"$ref": "#/components/responses/Ok", "description": "shadowed"}}
    page = fragment("/a", responses=responses)
    page["components"]["responses"] = {"Ok": {"description": "OK"}}
    layout = new_api({"a.md": fragment_page("A", page)})
    with pytest.raises(BuildError) as caught:
        build_spec(layout)
    message = str(caught.value)
    assert "made-up/openapi.json: a $ref with sibling keys" in message
    assert "/paths/~1a/get/responses/200: $ref with description" in message
    assert "on the page: " in message and "a.md" in message and "[GET /a]" in message


def test_an_x_secret_that_is_not_a_boolean_fails_naming_its_pointer() -> None:
    """A string "true" would read as no mark, and the client would print the value (secret_fields.py)."""
    schemas = {
        "Login": {"type": "object", "properties": {"token": {"type": "string", "x-secret": "true"}}},
        "Fine": {"type": "object", "properties": {"key": {"type": "string", "x-secret": True}}},
        "Data": {"type": "object", "example": {"x-secret": "in an example, data"}},
    }
    with pytest.raises(BuildError) as caught:
        check_structure({"components": {"schemas": schemas}}, "openapi.json")
    assert caught.value.message.startswith("openapi.json: x-secret must be true or false")
    assert caught.value.details == ["/components/schemas/Login/properties/token: x-secret is 'true'"]
