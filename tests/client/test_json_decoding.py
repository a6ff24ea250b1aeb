"""Every client decodes its JSON answers with _json_decoding.loads: msgspec where it is installed (the
`speedups` extra), json otherwise, with json's values and json's errors either way. msgspec is stricter than
json in places (NaN, a number beyond a float, lone surrogates, a byte order mark, UTF-16): the texts it
refuses must still decode as json decodes them."""

from __future__ import annotations

import importlib
import json
import math
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.client.test_public_api import committed_clients

PACKAGES = [package for _, _, package in committed_clients()]

# Texts where msgspec and json part ways, or where both refuse: each must end as json ends.
EDGES = [
    b"NaN", b"[Infinity, -Infinity]", b"1e400", b"-1e400", b"1.7976931348623157e309",
    b"18446744073709551616", b"-9223372036854775809", b"123456789012345678901234567890",
    b'"\\ud800"', b'"\\udc00\\ud800"', b'{"a": "\\ud83d"}', b'"\xed\xa0\x80"', b'{"\xed\xa0\x80": 1}',
    b"\xef\xbb\xbf[1]", "[1]".encode("utf-16"),
    "[1]".encode("utf-32"), b'"\xff"', b'"a\x00"', b"[1,]", b"", b" ", b"{", b'{"a":1,"a":2}', b"-0", b"-0.0",
    b"[" * 3000 + b"]" * 3000,
]  # fmt: skip


def _decoded(loads: Any, text: bytes) -> tuple[str, Any]:
    try:
        return "value", loads(text)
    except ValueError:  # json.JSONDecodeError, UnicodeDecodeError
        return "ValueError", None
    except RecursionError:
        return "RecursionError", None


def _same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (1 and 1.0 differ; NaN equals NaN; -0.0 is not 0.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, list):
        return len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[key], b[key]) for key in a)
    return bool(a == b)


def _assert_as_json(loads: Any, text: bytes) -> None:
    """As json ends, but for its RecursionError, which loads() raises as a ValueError ("not JSON")."""
    got, expected = _decoded(loads, text), _decoded(json.loads, text)
    expected = ("ValueError", None) if expected[0] == "RecursionError" else expected
    assert got[0] == expected[0], f"{text[:80]!r}: {got[0]}, json gives {expected[0]}"
    assert _same(got[1], expected[1]), f"{text[:80]!r}: {got[1]!r}, json gives {expected[1]!r}"


@pytest.fixture(params=PACKAGES)
def decoding(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The package's _json_decoding, looking for msgspec afresh (what it found is restored after the test)."""
    module = importlib.import_module(f"{request.param}._json_decoding")
    monkeypatch.setattr(module, "_loads", None)
    return module


@pytest.fixture
def without_msgspec(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "msgspec", None)  # `import msgspec` raises ImportError


def test_msgspec_decodes_where_it_is_installed(decoding: ModuleType) -> None:
    pytest.importorskip("msgspec")
    assert decoding.loads(b'[{"a": 1}]') == [{"a": 1}]
    assert decoding._loads is not json.loads, "msgspec is installed, but the client decodes with json"


@pytest.mark.parametrize("text", EDGES, ids=lambda text: repr(text[:24]))
def test_a_text_msgspec_refuses_decodes_as_json_decodes_it(decoding: ModuleType, text: bytes) -> None:
    _assert_as_json(decoding.loads, text)


@pytest.mark.parametrize("text", EDGES, ids=lambda text: repr(text[:24]))
def test_without_msgspec_it_is_json(decoding: ModuleType, without_msgspec: None, text: bytes) -> None:
    _assert_as_json(decoding.loads, text)
    assert decoding._loads is json.loads


@pytest.mark.parametrize(
    "stray",
    [
        [],  # a folder alone: an empty namespace package, without msgspec.json
        ["__init__.py", "json.py"],  # a package whose json module has no Decoder
    ],
    ids=["a folder", "a package without Decoder"],
)
def test_a_stray_msgspec_is_not_msgspec(
    decoding: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, stray: list[str]
) -> None:
    """Something named msgspec on the path that is not msgspec: the client decodes with json."""
    (tmp_path / "msgspec").mkdir()
    for name in stray:
        (tmp_path / "msgspec" / name).write_text("", encoding="utf-8")
    for name in [name for name in sys.modules if name.partition(".")[0] == "msgspec"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert decoding.loads(b"[1]") == [1]
    assert decoding._loads is json.loads


# Text with surrogates too, paired or not (st.text() leaves them out), which json.dumps writes as \u escapes
# and, without ensure_ascii, as UTF-8 bytes that json.loads decodes with "surrogatepass".
_CHARACTERS = st.characters(exclude_categories=()) | st.sampled_from(["\ud83d", "\ude00", "\ud800", "\x00"])
_SCALARS = (
    st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(_CHARACTERS)
)  # fmt: skip
_VALUES = st.recursive(
    _SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=20,
)  # fmt: skip
_EDITS = st.lists(
    st.tuples(st.integers(0, 10**6), st.integers(0, 2), st.sampled_from(list(b'09eE+-.,:[]{}"\\ ntf\x00\xff\xc3'))),
    max_size=3,
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_VALUES, ensure_ascii=st.booleans(), edits=_EDITS)
def test_any_text_decodes_as_json_decodes_it(
    decoding: ModuleType, value: Any, ensure_ascii: bool, edits: list[tuple[int, int, int]]
) -> None:
    """A JSON text, and the same text with a few bytes changed, inserted or removed (mostly not JSON then)."""
    text = bytearray(json.dumps(value, ensure_ascii=ensure_ascii).encode("utf-8", "surrogatepass"))
    _assert_as_json(decoding.loads, bytes(text))
    for position, edit, byte in edits:
        at = position % (len(text) + 1)
        if edit == 0 and at < len(text):
            text[at] = byte
        elif edit == 1:
            text.insert(at, byte)
        elif at < len(text):
            del text[at]
    _assert_as_json(decoding.loads, bytes(text))


# Decoding other than through _json_decoding.loads: httpx's response.json() (json.loads, never msgspec), json's
# own load/loads, however imported.
_OTHER_DECODING = re.compile(r"\.json\(\)|(?<![\w.])json\.loads?\(|from json import|jsonlib")


@pytest.mark.parametrize(("project", "project_dir", "package"), committed_clients(), ids=lambda v: str(v))
def test_every_answer_is_decoded_through_json_decoding(project: str, project_dir: Path, package: str) -> None:
    found = [
        f"{path.relative_to(project_dir)}:{number}: {line.strip()}"
        for path in sorted((project_dir / package).rglob("*.py"))
        if path.name != "_json_decoding.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _OTHER_DECODING.search(line)
    ]
    assert found == [], f"{project}: decoded without _json_decoding.loads at {found}"


@pytest.mark.parametrize(("project", "project_dir", "package"), committed_clients(), ids=lambda v: str(v))
def test_the_speedups_extra_is_msgspec_in_a_range_the_tested_version_is_in(
    project: str, project_dir: Path, package: str
) -> None:
    """The extra users install is the decoder these tests ran with (the dev pin), by name and version range."""
    msgspec = pytest.importorskip("msgspec")
    extras = tomllib.loads((project_dir / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (requirement,) = extras["optional-dependencies"]["speedups"]
    name, _, minimum = requirement.partition(">=")
    assert name == "msgspec" and minimum, requirement
    version = tuple(int(part) for part in msgspec.__version__.split(".")[:2])
    assert version >= tuple(int(part) for part in minimum.split(".")[:2]), (msgspec.__version__, requirement)
