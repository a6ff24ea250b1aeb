"""Content schemathesis cannot derive from the spec, declared in the profile's `contract` section.

A file upload is only `format: binary` in a spec; what makes it acceptable (a CSV's header and the type of
each column) is in the operation's prose. Without a strategy every "schema-valid" upload would be random
bytes, rightly refused, and positive_data_acceptance could never pass or tell anything. So the profile
declares the file, e.g.

    contract:
      csv_uploads:
        media_type: text/csv
        columns:                       # in header order; each a small JSON Schema
          sku: {type: string, minLength: 1, maxLength: 40, pattern: '\\S'}   # not blank
          quantity: {type: integer, minimum: 0}
        max_rows: 20

and every file schemathesis uploads under that media type is such a CSV: the header, then up to
max_rows rows drawn from the columns' schemas (generator/api-profile.schema.json lists the keywords).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from typing import Any

import schemathesis
from hypothesis import strategies as st

from contract_tests.api import ContractSetupError
from generator.profile import ApiProfile

DEFAULT_MAX_LENGTH = 40
DEFAULT_MAX_ROWS = 20
# Any text UTF-8 can encode except NUL, which no CSV cell carries whatever its quoting.
_CELL_CHARACTERS = st.characters(codec="utf-8", exclude_characters="\x00")


def column_strategy(name: str, schema: Mapping[str, Any], where: str) -> st.SearchStrategy[Any]:
    """Values of one column, as its schema says (`where` names it in errors)."""
    if schema["type"] == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum"))
    minimum = int(schema.get("minLength", 0))
    maximum = int(schema.get("maxLength", max(DEFAULT_MAX_LENGTH, minimum)))
    text = st.text(_CELL_CHARACTERS, min_size=minimum, max_size=maximum)
    if "pattern" not in schema:
        return text
    try:
        pattern = re.compile(str(schema["pattern"]))
    except re.error as error:
        raise ContractSetupError(f"{where}.{name}.pattern: not a regular expression: {error}") from None
    return text.filter(lambda value: pattern.search(value) is not None)  # JSON Schema's pattern is unanchored


def csv_files(declaration: Mapping[str, Any], where: str) -> st.SearchStrategy[bytes]:
    columns = declaration["columns"]
    cells = [column_strategy(name, schema, f"{where}.columns") for name, schema in columns.items()]
    rows = st.lists(st.tuples(*cells), max_size=int(declaration.get("max_rows", DEFAULT_MAX_ROWS)))

    @st.composite
    def files(draw: st.DrawFn) -> bytes:
        text = io.StringIO()
        writer = csv.writer(text)  # RFC 4180 line ends: a value holding \r or \n is then quoted
        writer.writerow(columns)
        writer.writerows(draw(rows))
        return text.getvalue().encode("utf-8")

    return files()


def register(profile: ApiProfile, profile_file: str) -> None:
    """Register the strategies the profile declares (for this process's one API)."""
    declaration = profile.contract.get("csv_uploads")
    if declaration is not None:
        where = f"{profile_file}: contract.csv_uploads"
        schemathesis.openapi.media_type(str(declaration["media_type"]), csv_files(declaration, where))
