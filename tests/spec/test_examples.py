"""The build checks every example against its schema (generator/examples.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from generator.build import assemble_spec
from generator.errors import BuildError
from generator.layout import ApiLayout
from tests.conftest import fragment, fragment_page


def _answering(schema: dict[str, Any], example: Any) -> dict[str, Any]:
    content = {"application/json": {"schema": schema, "example": example}}
    return fragment("/a", responses={"200": {"description": "OK", "content": content}},
                    schemas={"Thing": {"type": "object", "properties": {"id": {"type": "integer"}}}})  # fmt: skip


def test_an_example_its_schema_refuses_fails_the_build(new_api: Callable[..., ApiLayout]) -> None:
    layout = new_api({"a.md": fragment_page("A", _answering({"$ref": "#/components/schemas/Thing"}, {"id": "x"}))})
    with pytest.raises(BuildError) as caught:
        assemble_spec(layout)
    assert "example 'example'" in str(caught.value) and "does not match its schema" in str(caught.value)


def test_an_example_whose_schema_points_nowhere_is_a_build_error(new_api: Callable[..., ApiLayout]) -> None:
    layout = new_api({"a.md": fragment_page("A", _answering({"$ref": "#/components/schemas/Missing"}, {"id": 1}))})
    with pytest.raises(BuildError) as caught:  # not an internal error with referencing's traceback
        assemble_spec(layout)
    assert "has a $ref that does not resolve: /components/schemas/Missing" in str(caught.value)
    assert "operation" in str(caught.value)
