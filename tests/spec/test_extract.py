from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import build_spec
from generator.errors import BuildError
from generator.extract import extract_fragments
from generator.layout import ApiLayout
from tests.conftest import PATCHWORKS, fragment, fragment_page


def operations_of(page: str) -> list[tuple[str, str]]:
    return [op for f in extract_fragments(PATCHWORKS / "upstream" / page, page) for op in f.operations()]


def test_extraction_finds_exactly_the_15_operations_of_the_two_pages() -> None:
    data_pools = operations_of("data-pools.md")
    connection_pools = operations_of("connection-pools.md")
    assert len(data_pools) == 9
    assert len(connection_pools) == 6
    assert ("DELETE", "/api/v1/data-pool/{id}/deduped-data/delete-records") in data_pools
    assert ("POST", "/api/v1/connection-pools/{connection_pool}/clear") in connection_pools
    assert len(set(data_pools + connection_pools)) == 15


def test_each_fragment_knows_its_page_line_and_heading() -> None:
    first = extract_fragments(PATCHWORKS / "upstream" / "data-pools.md", "data-pools.md")[0]
    lines = (PATCHWORKS / "upstream" / "data-pools.md").read_text().splitlines()
    assert first.source.line is not None
    assert lines[first.source.line - 2] == "```json"
    assert first.source.label == "List Data Pools"
    assert str(first.source) == f"data-pools.md:{first.source.line} (List Data Pools)"


def test_invalid_json_fails_naming_the_page_and_line(new_api: Callable[..., ApiLayout]) -> None:
    page = '# Page\n\n## Broken\n\n```json\n{"openapi": "3.0.0",\n "paths": {,}}\n```\n'
    layout = new_api({"broken.md": page})
    with pytest.raises(BuildError) as caught:
        build_spec(layout)
    message = str(caught.value)
    assert "broken.md:7 (Broken)" in message  # line 7 of the page holds the bad comma
    assert "not valid JSON" in message


def test_a_fragment_that_is_not_openapi_3_0_fails_naming_its_operation(
    new_api: Callable[..., ApiLayout],
) -> None:
    bad = fragment("/things", responses={"200": {"description": 42}})
    layout = new_api({"things.md": fragment_page("Things", bad)})
    with pytest.raises(BuildError) as caught:
        build_spec(layout)
    message = str(caught.value)
    assert "things.md:" in message
    assert "GET /things" in message
    assert "not valid OpenAPI 3.0" in message
    assert "paths./things.get.responses.200" in message


def test_a_swagger_2_fragment_is_refused(new_api: Callable[..., ApiLayout]) -> None:
    old = fragment("/things")
    old["swagger"] = "2.0"
    del old["openapi"]
    layout = new_api({"things.md": fragment_page("Things", old)})
    with pytest.raises(BuildError, match=r"things\.md:\d+ \(Operation 1\) \[GET /things\]: not an OpenAPI 3.0"):
        build_spec(layout)


def test_a_page_without_fragments_is_an_error(new_api: Callable[..., ApiLayout]) -> None:
    layout = new_api({"empty.md": "# Nothing here\n\n```python\nprint()\n```\n"})
    with pytest.raises(BuildError, match=r"empty\.md: no ```json OpenAPI fragment"):
        build_spec(layout)


def test_a_page_that_is_not_utf8_is_an_error_naming_its_line_and_column(tmp_path: Path) -> None:
    page = tmp_path / "latin1.md"
    page.write_bytes("# Menu\n\n## Caf\xe9 \u2013 ok\n".encode("latin-1", errors="replace"))
    with pytest.raises(BuildError, match=r"^latin1\.md:3:7: not UTF-8 text \(invalid continuation byte at byte 14\)"):
        extract_fragments(page, "latin1.md")
