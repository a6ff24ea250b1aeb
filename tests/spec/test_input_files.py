"""Reading the pipeline's input files (generator/input_files.py): text that is not UTF-8 and YAML with a key
twice are errors naming the file, the line and the column."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.input_files import load_yaml, read_text
from generator.validate import operations_named_in_text


def test_text_that_is_not_utf8_is_named_by_line_and_column_in_characters(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    # Line 2 starts with two characters of two bytes each: the column counts characters, as an editor does.
    page.write_bytes("first line\n\u00e9\u00e8x".encode() + b"\xff rest\n")
    with pytest.raises(BuildError) as raised:
        read_text(page, "specs/x/page.txt")
    assert str(raised.value) == (
        "specs/x/page.txt:2:4: not UTF-8 text (invalid start byte at byte 16): save the file as UTF-8"
    )


def test_text_keeps_the_universal_newlines_of_path_read_text(tmp_path: Path) -> None:
    page = tmp_path / "crlf.md"
    page.write_bytes(b"a\r\nb\rc\n")
    assert read_text(page, "crlf.md") == page.read_text(encoding="utf-8") == "a\nb\nc\n"


@pytest.mark.parametrize(
    ("text", "where", "key", "first"),
    [
        ("a: 1\nb: 2\na: 3\n", "3:1", "a", "1:1"),
        ("top:\n  inner:\n    x: 1\n    x: 2\n", "4:5", "x", "3:5"),
        ("update: {summary: a, summary: b}\n", "1:22", "summary", "1:10"),
        ("- {name: a}\n- name: b\n  in: query\n  name: c\n", "4:3", "name", "2:3"),
    ],
)
def test_a_key_given_twice_is_refused_naming_both_places(text: str, where: str, key: str, first: str) -> None:
    with pytest.raises(BuildError) as raised:
        load_yaml(text, "api.yaml")
    assert str(raised.value) == (
        f"api.yaml:{where}: not valid YAML: the key {key!r} is there twice (first at {first}): "
        "YAML keeps only the last one, so say it once"
    )


def test_equal_keys_in_different_mappings_and_merge_keys_are_fine() -> None:
    text = "base: &base {a: 1, b: 2}\none: {a: 1}\ntwo: {a: 2}\nthree:\n  <<: *base\n  a: 9\n"
    assert load_yaml(text, "x.yaml") == {"base": {"a": 1, "b": 2}, "one": {"a": 1}, "two": {"a": 2},
                                         "three": {"a": 9, "b": 2}}  # fmt: skip


def test_a_syntax_error_names_the_line_and_column() -> None:
    with pytest.raises(BuildError, match=r"^x\.yaml:2:5: not valid YAML: mapping values are not allowed"):
        load_yaml("a: 1\nb: c: d\n", "x.yaml")


def test_a_plain_text_page_that_is_not_utf8_fails_naming_the_line(tmp_path: Path) -> None:
    page = tmp_path / "things.txt"
    page.write_bytes(b"get\n/api/v1/things\n\xffpost\n/api/v1/things\n")
    with pytest.raises(BuildError, match=r"^specs/x/upstream/things\.txt:3:1: not UTF-8 text"):
        operations_named_in_text(page, "specs/x/upstream/things.txt")
    page.write_bytes(b"get\n/api/v1/things\n")
    assert [(op.method, op.path, str(op.source)) for op in operations_named_in_text(page, "things.txt")] == [
        ("GET", "/api/v1/things", "things.txt:1")
    ]
