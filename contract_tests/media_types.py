"""Content schemathesis cannot derive from the spec: the CSV file the import operation takes.

The spec can only say the file is `format: binary` with `contentType: text/csv`; what makes it
importable (the header value,entity_type_id, a non-blank value and an integer type on every row) is in
the operation's prose. Without this strategy every "schema-valid" upload would be random bytes, rightly
refused with 422, and positive_data_acceptance could never pass or tell anything.
"""

from __future__ import annotations

import csv
import io

import schemathesis
from hypothesis import strategies as st

HEADER = ("value", "entity_type_id")

# Any text UTF-8 can encode except NUL, which no CSV cell carries whatever its quoting; a value must
# not be blank.
_values = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=40)
_rows = st.lists(st.tuples(_values.filter(str.strip), st.integers(0, 2**53)), max_size=20)


@st.composite
def _csv_files(draw: st.DrawFn) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)  # RFC 4180 line ends: a value holding \r or \n is then quoted
    writer.writerow(HEADER)
    writer.writerows(draw(_rows))
    return text.getvalue().encode("utf-8")


def register() -> None:
    schemathesis.openapi.media_type("text/csv", _csv_files())
