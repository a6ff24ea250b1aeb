"""Bad input to the pool writes: malformed JSON, a body that is not an array, wrong types, unknown fields,
and arrays that fail part-way. Each is a 400 in the `api` realm (or the user error it is) with a code the
operation documents, never a 500, and nothing is half-written: the whole pool table is as it was."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.emulator.easydb.conftest import ROOT, STANDARD, Emulator, error

NEW = {"_version": 1, "_id_parent": STANDARD, "name": {"en-US": "fine"}}

MALFORMED = {
    "not JSON": b"[{",
    "trailing garbage": b"[] x",
    "not UTF-8": b'[{"pool": {"name": {"en-US": "\xff"}}}]',
    "deeply nested": b"[" * 100_000 + b"]" * 100_000,
    # Python reads -1e999 as -inf, which a stored pool then answered as -Infinity: no later list was JSON.
    "a number beyond a double": b'[{"pool": {"_version": 1, "_id_parent": 2, "name": {"en-US": "x"}, '
    b'"custom_data": {"x": -1e999}}}]',
    # A lone surrogate, which SQLite cannot bind: in a name it was an unforeseen failure (error.api.generic).
    "a lone surrogate": b'[{"pool": {"_version": 1, "_id_parent": 2, "name": {"en-US": "Sur\\ud800"}}}]',
}


@pytest.mark.parametrize("method", ["PUT", "POST"])
@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_json_is_invalid_content(emulator: Emulator, admin: str, method: str, body: bytes) -> None:
    before = emulator.table()
    answer = emulator.call(
        method, "/api/v1/pool", token=admin, content=body, headers={"Content-Type": "application/json"}
    )
    assert error(answer)[:3] == (400, "api", "error.api.invalid_content")
    assert emulator.table() == before


@pytest.mark.parametrize(
    ("body", "content_type", "code"),
    [
        (b"", "application/json", "error.api.invalid_content"),
        (b"[]", "text/plain", "error.api.invalid_content"),
        (b"login=x", "application/x-www-form-urlencoded", "error.api.invalid_content"),
    ],
    ids=["empty", "text/plain", "a form"],
)
def test_no_body_or_another_media_type_is_invalid_content(
    emulator: Emulator, admin: str, body: bytes, content_type: str, code: str
) -> None:
    answer = emulator.call("PUT", "/api/v1/pool", token=admin, content=body, headers={"Content-Type": content_type})
    assert error(answer)[:3] == (400, "api", code)


@pytest.mark.parametrize(
    "body", [{"pool": NEW}, "pools", 7, None, True], ids=["object", "string", "number", "null", "true"]
)
def test_a_body_that_is_not_an_array_is_a_type_mismatch(emulator: Emulator, admin: str, body: Any) -> None:
    before = emulator.table()
    answer = emulator.call(
        "PUT", "/api/v1/pool", token=admin, content=json.dumps(body), headers={"Content-Type": "application/json"}
    )
    assert error(answer)[:3] == (400, "api", "error.api.type_mismatch")
    assert emulator.table() == before


WRONG_TYPES = {
    "item not an object": 5,
    "pool not an object": {"pool": [NEW]},
    "name not l10n": {"pool": {**NEW, "name": "fine"}},
    "name text not a string": {"pool": {**NEW, "name": {"en-US": 5}}},
    "version a string": {"pool": {**NEW, "_version": "1"}},
    "version a boolean": {"pool": {**NEW, "_version": True}},
    "version a float": {"pool": {**NEW, "_version": 1.5}},
    "parent a string": {"pool": {**NEW, "_id_parent": "2"}},
    "id a string": {"pool": {**NEW, "_id": "2"}},
    "lookup not an object": {"pool": {"_version": 1, "lookup:_id_parent": "system:root", "name": {"en-US": "x"}}},
    "acl not an array": {"pool": NEW, "_acl": {}},
    "private acl not a boolean": {"pool": NEW, "_private_acl": "yes"},
}


@pytest.mark.parametrize("item", WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_wrong_types_are_a_type_mismatch(emulator: Emulator, admin: str, item: Any) -> None:
    before = emulator.table()
    answer = emulator.save(admin, [item])
    assert error(answer)[:3] == (400, "api", "error.api.type_mismatch"), answer.text
    assert emulator.table() == before


UNKNOWN_FIELDS = {
    "at the top": {"pool": NEW, "colour": "red"},
    "in pool": {"pool": {**NEW, "colour": "red"}},
    "in a lookup": {
        "pool": {"_version": 1, "lookup:_id_parent": {"reference": "system:root", "id": 1}, "name": {"en-US": "x"}}
    },
}


@pytest.mark.parametrize("item", UNKNOWN_FIELDS.values(), ids=UNKNOWN_FIELDS.keys())
def test_unknown_fields_are_not_accepted(emulator: Emulator, admin: str, item: Any) -> None:
    before = emulator.table()
    answer = emulator.save(admin, [item])
    assert error(answer)[:3] == (400, "api", "error.api.attribute_not_accepted"), answer.text
    assert emulator.table() == before


@pytest.mark.parametrize(
    "item", [{}, {"pool": {"name": {"en-US": "x"}, "_id_parent": ROOT}}], ids=["no pool", "no version"]
)
def test_a_missing_required_field_is_attribute_expected(emulator: Emulator, admin: str, item: Any) -> None:
    assert error(emulator.save(admin, [item]))[:3] == (400, "api", "error.api.attribute_expected")


def third_items(existing: int) -> dict[str, dict[str, Any]]:
    """Ways for the third item of an array to fail, after a valid insert and a valid update of `existing`
    (renamed "renamed", now at version 2)."""
    return {
        "version mismatch": {"pool": {"_id": existing, "_version": 2}},
        "unknown parent": {"pool": {**NEW, "_id_parent": 999}},
        "no parent": {"pool": {"_version": 1, "name": {"en-US": "orphan"}}},
        "the second item's new name": {"pool": {**NEW, "name": {"en-US": "renamed"}}},
        "the first item's name": {"pool": {**NEW, "name": {"en-US": "first of three"}}},
        "unknown pool": {"pool": {"_id": 999, "_version": 2}},
        "a system pool moved": {"pool": {"_id": STANDARD, "_version": 2, "_id_parent": existing}},
        "the root's private acl": {"pool": {"_id": ROOT, "_version": 2}, "_private_acl": True},
        "a schema error": {"pool": {**NEW, "colour": "red"}},
    }


@pytest.mark.parametrize("method", ["PUT", "POST"])
@pytest.mark.parametrize("case", list(third_items(0)))
def test_an_array_whose_third_item_fails_changes_nothing(
    emulator: Emulator, admin: str, method: str, case: str
) -> None:
    existing = emulator.create(admin, "sibling", parent=STANDARD)["pool"]["_id"]
    items = [
        {"pool": {**NEW, "name": {"en-US": "first of three"}}},
        {"pool": {"_id": existing, "_version": 2, "name": {"en-US": "renamed"}}},
        third_items(existing)[case],
    ]
    before = emulator.table()
    answer = emulator.save(admin, items, method)
    assert answer.status_code == 400, answer.text
    assert emulator.table() == before
    assert [pool["pool"]["name"] for pool in emulator.pools(admin)][1:] == [{"en-US": "sibling"}]
    # The same array without its third item is fine: the failure was the third's alone.
    assert emulator.save(admin, items[:2], method).status_code == 200


@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_no_body_at_all_is_invalid_content_and_saves_nothing(emulator: Emulator, admin: str, method: str) -> None:
    """Issue 12, D3 for easydb: the core refuses a required body that is absent, in the errors catalogue's
    words (error.api.invalid_content: "bad content-type, empty body...")."""
    before = emulator.table()
    answer = emulator.call(method, "/api/v1/pool", token=admin)
    assert error(answer)[:3] == (400, "api", "error.api.invalid_content")
    assert answer.json()["description"] == "The body is empty: send a JSON array"
    assert emulator.table() == before
