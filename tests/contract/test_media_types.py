"""The upload files a profile declares (contract.csv_uploads) become schemathesis media-type strategies
that make only files the operation's prose accepts."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from schemathesis.core.media_types import MEDIA_TYPE_STRATEGIES

from contract_tests.api import ContractSetupError
from contract_tests.media_types import csv_files, register
from tests.contract.fake_api import write_api

DECLARATION = {
    "media_type": "text/x-widgets",
    "columns": {
        "serial": {"type": "string", "minLength": 2, "maxLength": 6, "pattern": "\\S"},
        "count": {"type": "integer", "minimum": 3, "maximum": 9},
        "note": {"type": "string"},
    },
    "max_rows": 4,
}


@given(csv_files(DECLARATION, "test"))
@settings(max_examples=200, deadline=None)
def test_every_file_has_the_header_and_rows_as_the_columns_say(content: bytes) -> None:
    header, *rows = list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))
    assert header == ["serial", "count", "note"]
    assert len(rows) <= 4
    for serial, count, note in rows:
        assert 2 <= len(serial) <= 6 and serial.strip(), serial
        assert 3 <= int(count) <= 9
        assert len(note) <= 40 and "\x00" not in serial + note  # no CSV cell carries NUL


@pytest.fixture
def strategies() -> Iterator[dict[str, Any]]:
    before = dict(MEDIA_TYPE_STRATEGIES)
    yield MEDIA_TYPE_STRATEGIES
    MEDIA_TYPE_STRATEGIES.clear()
    MEDIA_TYPE_STRATEGIES.update(before)


def test_a_profile_registers_its_declared_media_type_only(tmp_path: Path, strategies: dict[str, Any]) -> None:
    plain = write_api(tmp_path / "plain")
    register(plain.profile, plain.profile_file)
    assert "text/x-widgets" not in strategies
    declared = write_api(tmp_path / "declared", profile={"contract": {"csv_uploads": DECLARATION}})
    register(declared.profile, declared.profile_file)
    assert isinstance(strategies["text/x-widgets"], st.SearchStrategy)


def test_a_pattern_that_is_no_regular_expression_names_the_file_and_column(tmp_path: Path) -> None:
    broken = {**DECLARATION, "columns": {"serial": {"type": "string", "pattern": "("}}}
    api = write_api(tmp_path, profile={"contract": {"csv_uploads": broken}})
    with pytest.raises(ContractSetupError, match=r"api\.yaml: contract\.csv_uploads\.columns\.serial\.pattern"):
        register(api.profile, api.profile_file)


def test_the_profile_schema_refuses_a_column_keyword_the_strategy_does_not_know(tmp_path: Path) -> None:
    unknown = {**DECLARATION, "columns": {"serial": {"type": "string", "format": "email"}}}
    with pytest.raises(ContractSetupError, match=r"contract\.csv_uploads\.columns\.serial\.format: unknown key"):
        write_api(tmp_path, profile={"contract": {"csv_uploads": unknown}})
