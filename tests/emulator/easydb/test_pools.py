"""The pool tree (api/pool, types/pool): the system pools of every database, insert and update in one call
with versions, fields left out unchanged, names unique among siblings, parents by id or by lookup, moves,
rights (one set per user for every pool), and deletes of empty pools that are not system pools."""

from __future__ import annotations

import datetime
import email.utils
from typing import Any

import pytest

from contract_tests.emulator.apis.easydb.models import RIGHTS_MANAGEMENT_FIELDS, TOP_DEFAULTS
from tests.emulator.conftest import CONTROL
from tests.emulator.easydb.conftest import ROOT, STANDARD, Emulator, error


def insufficient(operation: str, pool_id: int, right: str) -> tuple[int, str, str, dict[str, str]]:
    """The documented rights error: its parameters are strings, as the errors catalogue says."""
    parameters = {"operation": operation, "type": "pool", "ids": str(pool_id), "right": right}
    return 400, "user", "error.user.insufficient_rights", parameters


def pool_of(answer: dict[str, Any]) -> dict[str, Any]:
    inner: dict[str, Any] = answer["pool"]
    return inner


def by_id(emulator: Emulator, token: str, pool_id: int) -> dict[str, Any]:
    response = emulator.call("GET", f"/api/v1/pool/{pool_id}", token=token)
    assert response.status_code == 200, response.text
    (found,) = response.json()  # the documented one-element array
    return dict(found)


def test_every_fresh_database_has_the_root_and_the_standard_pool(emulator: Emulator, admin: str) -> None:
    root, standard = by_id(emulator, admin, ROOT), by_id(emulator, admin, STANDARD)
    assert pool_of(root)["reference"] == "system:root" and pool_of(root)["_id_parent"] is None
    assert pool_of(standard)["reference"] == "system:standard" and pool_of(standard)["_id_parent"] == ROOT
    assert pool_of(root)["is_system_pool"] and pool_of(standard)["is_system_pool"]
    assert root["_has_children"] and not standard["_has_children"]
    assert "_private_acl" not in root and "_private_acl" in standard  # types/pool: not for the root pool
    # The root pool "is not included in searches": the list starts with the standard pool.
    assert [pool_of(p)["_id"] for p in emulator.pools(admin)] == [STANDARD]


def test_a_reset_brings_back_the_system_pools_with_their_ids_and_reuses_no_other_id(emulator: Emulator) -> None:
    admin = emulator.login()
    created = pool_of(emulator.create(admin, "before the reset"))["_id"]
    emulator.reset()
    admin = emulator.login()
    assert [pool_of(p)["_id"] for p in emulator.pools(admin)] == [STANDARD]
    assert pool_of(by_id(emulator, admin, ROOT))["reference"] == "system:root"
    assert error(emulator.call("GET", f"/api/v1/pool/{created}", token=admin))[2] == "error.user.pool_not_found"
    assert pool_of(emulator.create(admin, "after the reset"))["_id"] > created


@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_put_and_post_both_insert_a_pool_under_its_parent(emulator: Emulator, admin: str, method: str) -> None:
    # The vendor's migration tool creates pools with POST and `_id: null, _version: 1`.
    item = {
        "pool": {
            "_id": None,
            "_id_parent": STANDARD,
            "_version": 1,
            "name": {"en-US": "Antique", "de-DE": "Altertum"},
            "description": {"en-US": "Old things"},
            "comment": "first",
        }
    }
    answer = emulator.save(admin, [item], method)
    assert answer.status_code == 200
    (created,) = answer.json()
    pool = pool_of(created)
    assert (pool["_id_parent"], pool["_version"], pool["name"]) == (STANDARD, 1, item["pool"]["name"])
    assert (pool["description"], pool["comment"], pool["is_system_pool"]) == ({"en-US": "Old things"}, "first", False)
    assert pool["created_timestamp"] == pool["last_updated_timestamp"]
    assert by_id(emulator, admin, pool["_id"]) == created
    assert by_id(emulator, admin, STANDARD)["_has_children"]


def test_a_new_pool_needs_a_parent_that_exists_and_version_1(emulator: Emulator, admin: str) -> None:
    before = emulator.table()
    no_parent = emulator.save(admin, [{"pool": {"_version": 1, "name": {"en-US": "orphan"}}}])
    assert error(no_parent) == (400, "user", "error.user.pool_requires_parent", {})
    unknown = emulator.save(admin, [{"pool": {"_version": 1, "_id_parent": 999, "name": {"en-US": "x"}}}])
    assert error(unknown) == (400, "user", "error.user.pool_not_found", {"id": "999"})
    wrong_version = emulator.save(admin, [{"pool": {"_version": 2, "_id_parent": ROOT, "name": {"en-US": "x"}}}])
    assert error(wrong_version) == (400, "user", "error.user.version_mismatch", {"provided": "2", "expected": "1"})
    not_null = (400, "user", "error.user.not_null_violation", {"column": "pool.name"})
    nameless: list[dict[str, Any]] = [
        {},
        {"name": {}},
        {"name": {"en-US": None}},
        {"name": {"en-US": "", "de-DE": None}},
    ]
    for name in nameless:
        assert error(emulator.save(admin, [{"pool": {"_version": 1, "_id_parent": ROOT, **name}}])) == not_null
    assert emulator.table() == before


def test_an_update_cannot_take_a_pool_name_away(emulator: Emulator, admin: str) -> None:
    pool_id = pool_of(emulator.create(admin, "named"))["_id"]
    before = emulator.table()
    for name in ({}, {"en-US": None}, {"en-US": ""}):
        answer = emulator.save(admin, [{"pool": {"_id": pool_id, "_version": 2, "name": name}}], "POST")
        assert error(answer) == (400, "user", "error.user.not_null_violation", {"column": "pool.name"})
    assert emulator.table() == before


def test_an_update_needs_the_current_version_plus_one(emulator: Emulator, admin: str) -> None:
    pool_id = pool_of(emulator.create(admin, "v1"))["_id"]
    renamed = emulator.save(admin, [{"pool": {"_id": pool_id, "_version": 2, "name": {"en-US": "v2"}}}], "POST")
    assert pool_of(renamed.json()[0])["_version"] == 2
    before = emulator.table()
    for stale in (1, 2, 4):
        answer = emulator.save(
            admin, [{"pool": {"_id": pool_id, "_version": stale, "name": {"en-US": "late"}}}], "POST"
        )
        assert error(answer) == (400, "user", "error.user.version_mismatch", {"provided": str(stale), "expected": "3"})
    assert emulator.table() == before
    assert pool_of(by_id(emulator, admin, pool_id))["name"] == {"en-US": "v2"}


def test_fields_left_out_of_an_update_stay_as_they_were(emulator: Emulator) -> None:
    admin = emulator.login("admin")
    created = emulator.create(
        admin,
        "keep",
        pool={"description": {"de-DE": "bleibt"}, "custom_data": {"a": 1}, "shortname": "keep-me"},
        _tags=[{"_id": 3}],
    )
    pool_id = pool_of(created)["_id"]
    answer = emulator.save(admin, [{"pool": {"_id": pool_id, "_version": 2, "comment": "new"}}], "PUT")
    updated = answer.json()[0]
    assert pool_of(updated)["comment"] == "new"
    for name in ("name", "description", "custom_data", "shortname", "_id_parent", "created_timestamp"):
        assert pool_of(updated)[name] == pool_of(created)[name], name
    assert updated["_tags"] == created["_tags"] == [{"_id": 3}]
    assert updated["_compiled_tags"] == [{"_id": 3}]


def test_one_call_inserts_and_updates_many_in_order_and_may_name_a_new_parent_by_reference(
    emulator: Emulator, admin: str
) -> None:
    existing = pool_of(emulator.create(admin, "existing"))["_id"]
    items = [
        {"pool": {"_version": 1, "_id_parent": ROOT, "name": {"en-US": "parent"}, "reference": "ref:parent"}},
        {"pool": {"_version": 1, "lookup:_id_parent": {"reference": "ref:parent"}, "name": {"en-US": "child"}}},
        {"pool": {"_id": existing, "_version": 2, "name": {"en-US": "existing, renamed"}}},
        {"pool": {"_id": existing, "_version": 3, "comment": "twice in one call"}},
    ]
    answer = emulator.save(admin, items)
    parent, child, renamed, again = (pool_of(item) for item in answer.json())
    assert child["_id_parent"] == parent["_id"] and parent["reference"] == "ref:parent"
    assert (renamed["_id"], again["_id"], again["_version"]) == (existing, existing, 3)
    assert again["name"] == {"en-US": "existing, renamed"} and again["comment"] == "twice in one call"


def test_a_parent_by_lookup_reference_or_short_name(emulator: Emulator, admin: str) -> None:
    under_standard = emulator.create(admin, "s", pool={"lookup:_id_parent": {"reference": "system:standard"}})
    assert pool_of(under_standard)["_id_parent"] == STANDARD
    named = pool_of(emulator.create(admin, "named", pool={"shortname": "short"}))["_id"]
    by_short = emulator.create(admin, "t", pool={"lookup:_id_parent": {"shortname": "short"}})
    assert pool_of(by_short)["_id_parent"] == named
    unknown = emulator.save(
        admin, [{"pool": {"_version": 1, "lookup:_id_parent": {"reference": "nope"}, "name": {"en-US": "x"}}}]
    )
    assert error(unknown) == (400, "user", "error.user.pool_not_found", {"id": "reference:nope"})


def test_names_are_unique_among_siblings_per_culture(emulator: Emulator, admin: str) -> None:
    first = pool_of(emulator.create(admin, "Same", parent=STANDARD))["_id"]
    before = emulator.table()
    clash = emulator.save(
        admin, [{"pool": {"_version": 1, "_id_parent": STANDARD, "name": {"de-DE": "x", "en-US": "Same"}}}]
    )
    assert error(clash) == (400, "user", "error.user.integrity_constraint_violation", {"constraint": "pool.name"})
    assert emulator.table() == before
    assert emulator.create(admin, "Same", parent=ROOT)  # another parent
    assert (
        emulator.save(admin, [{"pool": {"_version": 1, "_id_parent": STANDARD, "name": {"de-DE": "Same"}}}]).status_code
        == 200
    )
    other = pool_of(emulator.create(admin, "Other", parent=STANDARD))["_id"]
    rename = emulator.save(admin, [{"pool": {"_id": other, "_version": 2, "name": {"en-US": "Same"}}}], "POST")
    assert error(rename)[2] == "error.user.integrity_constraint_violation"
    # Its own name again is no clash.
    assert emulator.save(admin, [{"pool": {"_id": first, "_version": 2, "name": {"en-US": "Same"}}}]).status_code == 200


def test_a_move_checks_the_names_under_the_new_parent(emulator: Emulator, admin: str) -> None:
    emulator.create(admin, "Twin", parent=ROOT)
    twin = pool_of(emulator.create(admin, "Twin", parent=STANDARD))["_id"]
    move = emulator.save(admin, [{"pool": {"_id": twin, "_version": 2, "_id_parent": ROOT}}])
    assert error(move)[2] == "error.user.integrity_constraint_violation"
    renamed_and_moved = emulator.save(
        admin, [{"pool": {"_id": twin, "_version": 2, "_id_parent": ROOT, "name": {"en-US": "Twin 2"}}}]
    )
    assert pool_of(renamed_and_moved.json()[0])["_id_parent"] == ROOT
    # Its old name is free again under its old parent.
    assert emulator.create(admin, "Twin", parent=STANDARD)


def test_references_and_short_names_are_unique_everywhere(emulator: Emulator, admin: str) -> None:
    emulator.create(admin, "a", pool={"reference": "r", "shortname": "s"})
    for field, value in (("reference", "r"), ("shortname", "s"), ("reference", "system:root")):
        answer = emulator.save(
            admin, [{"pool": {"_version": 1, "_id_parent": STANDARD, "name": {"en-US": "b"}, field: value}}]
        )
        assert error(answer) == (
            400,
            "user",
            "error.user.integrity_constraint_violation",
            {"constraint": f"pool.{field}"},
        )


def test_pools_move_but_not_below_themselves_and_system_pools_stay(emulator: Emulator, admin: str) -> None:
    top = pool_of(emulator.create(admin, "top"))["_id"]
    middle = pool_of(emulator.create(admin, "middle", parent=top))["_id"]
    leaf = pool_of(emulator.create(admin, "leaf", parent=middle))["_id"]
    before = emulator.table()
    for target in (top, middle, leaf):
        answer = emulator.save(admin, [{"pool": {"_id": top, "_version": 2, "_id_parent": target}}])
        assert error(answer)[:3] == (400, "api", "error.api.invalid_value")
    standard = emulator.save(admin, [{"pool": {"_id": STANDARD, "_version": 2, "_id_parent": top}}])
    assert error(standard) == (400, "user", "error.user.system_pool_update_parent", {"id": str(STANDARD)})
    assert emulator.table() == before
    moved = emulator.save(admin, [{"pool": {"_id": leaf, "_version": 2, "_id_parent": STANDARD}}])
    assert pool_of(moved.json()[0])["_id_parent"] == STANDARD
    assert not by_id(emulator, admin, middle)["_has_children"]
    # The same parent again is no move: allowed for a system pool too.
    assert emulator.save(admin, [{"pool": {"_id": STANDARD, "_version": 2, "_id_parent": ROOT}}]).status_code == 200


def test_rights_shape_what_a_user_sees(emulator: Emulator, admin: str) -> None:
    emulator.create(admin, "shared", _acl=[{"who": "everyone"}])
    reader, writer = emulator.login("reader"), emulator.login("writer")
    seen_by_reader = emulator.pools(reader)
    assert len(seen_by_reader) == 2
    assert not {"_acl", "_private_acl"} & set(seen_by_reader[1])  # api/pool: the ACL only with bag_write
    assert seen_by_reader[1]["_generated_rights"] == {
        "bag_read": True,
        "bag_write": False,
        "bag_create": False,
        "bag_delete": False,
        "bag_acl": False,
    }
    every_right = dict.fromkeys(("bag_read", "bag_write", "bag_create", "bag_delete", "bag_acl"), True)
    assert emulator.pools(admin)[1]["_generated_rights"] == every_right  # --login without rights: all of them
    seen_by_writer = emulator.pools(writer)
    assert seen_by_writer[1]["_acl"] == [{"who": "everyone"}] and seen_by_writer[1]["_private_acl"] is False


def test_a_user_who_may_not_read_sees_no_pool_and_gets_a_400_by_id(emulator: Emulator, admin: str) -> None:
    pool_id = pool_of(emulator.create(admin, "hidden"))["_id"]
    blind = emulator.login("blind")
    assert emulator.pools(blind) == []
    answer = emulator.call("GET", f"/api/v1/pool/{pool_id}", token=blind)
    assert error(answer) == insufficient("read", pool_id, "bag_read")
    assert error(emulator.call("GET", "/api/v1/pool/999", token=blind)) == (
        400,
        "user",
        "error.user.pool_not_found",
        {"id": "999"},
    )


def test_each_write_needs_its_right(emulator: Emulator, admin: str) -> None:
    pool_id = pool_of(emulator.create(admin, "guarded"))["_id"]
    reader = emulator.login("reader")
    before = emulator.table()
    create = emulator.save(reader, [{"pool": {"_version": 1, "_id_parent": ROOT, "name": {"en-US": "no"}}}])
    assert error(create) == insufficient("create", ROOT, "bag_create")
    update = emulator.save(reader, [{"pool": {"_id": pool_id, "_version": 2, "comment": "no"}}], "POST")
    assert error(update) == insufficient("update", pool_id, "bag_write")
    delete = emulator.call("DELETE", f"/api/v1/pool/{pool_id}", token=reader)
    assert error(delete) == insufficient("delete", pool_id, "bag_delete")
    assert emulator.table() == before
    creator, deleter = emulator.login("creator"), emulator.login("deleter")
    new = pool_of(emulator.create(creator, "by the creator"))["_id"]
    assert emulator.call("DELETE", f"/api/v1/pool/{new}", token=deleter).status_code == 200


def test_the_rights_management_fields_need_bag_acl_and_on_the_root_the_system_right(
    emulator: Emulator, admin: str
) -> None:
    pool_id = pool_of(emulator.create(admin, "managed"))["_id"]
    writer, acl, manager = emulator.login("writer"), emulator.login("acl"), emulator.login("rights-manager")
    before = emulator.table()
    for field, value in (
        ("_acl", [{"who": "me"}]),
        ("_private_acl", True),
        ("_tags", [{"_id": 1}]),
        ("_private_tags", True),
        ("_transitions", [{"_id": 1}]),
        ("_private_transitions", True),
    ):
        answer = emulator.save(writer, [{"pool": {"_id": pool_id, "_version": 2}, field: value}], "POST")
        assert error(answer) == insufficient("update", pool_id, "bag_acl")
    on_root = emulator.save(acl, [{"pool": {"_id": ROOT, "_version": 2}, "_tags": [{"_id": 1}]}], "POST")
    assert error(on_root) == (400, "user", "error.user.no_system_right", {"right": "system.rights_management"})
    assert emulator.table() == before
    changed = emulator.save(acl, [{"pool": {"_id": pool_id, "_version": 2}, "_acl": [{"who": "me"}]}], "POST")
    assert changed.json()[0]["_acl"] == [{"who": "me"}]
    root = emulator.save(manager, [{"pool": {"_id": ROOT, "_version": 2}, "_tags": [{"_id": 1}]}], "POST")
    assert root.json()[0]["_tags"] == [{"_id": 1}]
    private_on_root = emulator.save(admin, [{"pool": {"_id": ROOT, "_version": 3}, "_private_acl": True}], "POST")
    assert error(private_on_root)[:3] == (400, "api", "error.api.attribute_not_accepted")
    # Other fields need bag_write only.
    assert (
        emulator.save(writer, [{"pool": {"_id": pool_id, "_version": 3, "comment": "ok"}}], "POST").status_code == 200
    )
    # "the bag_acl right if any rights management attribute (*) is updated" (api/pool): sent with the
    # values they have, they update nothing, so bag_write is enough (a pool as read, sent back).
    unchanged = {**{field: TOP_DEFAULTS[field] for field in RIGHTS_MANAGEMENT_FIELDS}, "_acl": [{"who": "me"}]}
    resent = emulator.save(writer, [{"pool": {"_id": pool_id, "_version": 4}, **unchanged}], "POST")
    assert resent.status_code == 200, resent.text
    changed_again = emulator.save(writer, [{"pool": {"_id": pool_id, "_version": 5}, **unchanged, "_acl": []}], "POST")
    assert error(changed_again) == insufficient("update", pool_id, "bag_acl")


def test_a_tree_is_deleted_leaf_to_root_and_system_pools_never(emulator: Emulator, admin: str) -> None:
    top = pool_of(emulator.create(admin, "top"))["_id"]
    middle = pool_of(emulator.create(admin, "middle", parent=top))["_id"]
    leaf = pool_of(emulator.create(admin, "leaf", parent=middle))["_id"]
    for pool_id in (top, middle):
        answer = emulator.call("DELETE", f"/api/v1/pool/{pool_id}", token=admin)
        assert error(answer) == (400, "user", "error.user.pool_not_empty", {"id": str(pool_id)})
    for system in (ROOT, STANDARD):
        answer = emulator.call("DELETE", f"/api/v1/pool/{system}", token=admin)
        assert error(answer) == (400, "user", "error.user.system_pool_delete", {"id": str(system)})
    for pool_id in (leaf, middle, top):
        answer = emulator.call("DELETE", f"/api/v1/pool/{pool_id}", token=admin)
        assert (answer.status_code, answer.content) == (200, b"")
        assert error(emulator.call("GET", f"/api/v1/pool/{pool_id}", token=admin))[2] == "error.user.pool_not_found"
    assert error(emulator.call("DELETE", f"/api/v1/pool/{top}", token=admin))[2] == "error.user.pool_not_found"
    assert [pool_of(p)["_id"] for p in emulator.pools(admin)] == [STANDARD]
    # A deleted pool's name is free again.
    assert emulator.create(admin, "top")


@pytest.mark.parametrize("pool_id", [0, -1, -705, 999_999, 10**18 - 1, 2**63 - 1, 10**30])
def test_ids_of_no_pool_are_pool_not_found(emulator: Emulator, admin: str, pool_id: int) -> None:
    expected = (400, "user", "error.user.pool_not_found", {"id": str(pool_id)})
    assert error(emulator.call("GET", f"/api/v1/pool/{pool_id}", token=admin)) == expected
    assert error(emulator.call("DELETE", f"/api/v1/pool/{pool_id}", token=admin)) == expected
    update = emulator.save(admin, [{"pool": {"_id": pool_id, "_version": 2}}], "POST")
    assert error(update) == expected


@pytest.mark.parametrize("segment", ["abc", "1.0", "1e3", "%C2%B2", "0x10"])
def test_a_path_id_that_is_no_integer_is_a_type_mismatch(emulator: Emulator, admin: str, segment: str) -> None:
    for method in ("GET", "DELETE"):
        answer = emulator.call(method, f"/api/v1/pool/{segment}", token=admin)
        assert error(answer)[:3] == (400, "api", "error.api.type_mismatch")


def test_ids_beyond_sqlite_integers_name_no_pool(emulator: Emulator, admin: str) -> None:
    huge = 2**64
    update = emulator.save(admin, [{"pool": {"_id": huge, "_version": 2}}], "POST")
    assert error(update) == (400, "user", "error.user.pool_not_found", {"id": str(huge)})
    parent = emulator.save(admin, [{"pool": {"_version": 1, "_id_parent": huge, "name": {"en-US": "x"}}}])
    assert error(parent) == (400, "user", "error.user.pool_not_found", {"id": str(huge)})


def test_a_get_says_how_it_may_be_cached_as_cache_seconds_asks(emulator: Emulator, admin: str) -> None:
    """api/_index, Cache handling: no cache_seconds (or 0) is no-cache in Cache-Control and Pragma and no
    Expires; above 0, private caching for that long. Only GETs; writes carry neither."""
    for query in ("", "?cache_seconds=0", "?cache_seconds=soon"):
        answer = emulator.call("GET", f"/api/v1/pool{query}", token=admin)
        assert (answer.headers["Cache-Control"], answer.headers["Pragma"]) == ("no-cache", "no-cache"), query
        assert "Expires" not in answer.headers
    missing = emulator.call("GET", "/api/v1/pool/999999", token=admin)  # an error answer too
    assert missing.status_code == 400 and missing.headers["Cache-Control"] == "no-cache"
    cached = emulator.call("GET", "/api/v1/pool?cache_seconds=120", token=admin)
    assert cached.headers["Cache-Control"] == "private; max-age=120" and "Pragma" not in cached.headers
    expires = email.utils.parsedate_to_datetime(cached.headers["Expires"])
    assert abs((expires - datetime.datetime.now(datetime.UTC)).total_seconds() - 120) <= 5
    for huge in ("9223372036854775807", "1" + "0" * 22):  # past any date that can be written: a year at most
        answer = emulator.call("GET", f"/api/v1/pool?cache_seconds={huge}", token=admin)
        assert answer.status_code == 200
        assert answer.headers["Cache-Control"] == "private; max-age=31536000"  # caching asked for: a year
    written = emulator.save(admin, [{"pool": {"_version": 1, "_id_parent": STANDARD, "name": {"en-US": "cached"}}}])
    assert written.status_code == 200 and "Cache-Control" not in written.headers


def test_a_pool_as_read_can_be_sent_back_with_its_version_raised(emulator: Emulator, admin: str) -> None:
    """api/pool: "Input: Array of pools (full format)": the read-only fields of a pool as read change
    nothing (is_system_pool, _has_children, _generated_rights, the timestamps), and a user with bag_write
    only may send back the rights fields as they are."""
    pool_id = pool_of(emulator.create(admin, "round trip"))["_id"]
    writer = emulator.login("writer")
    (read,) = emulator.call("GET", f"/api/v1/pool/{pool_id}", token=writer).json()
    assert "_acl" in read  # shown with bag_write
    sent = {**read, "_has_children": True, "_generated_rights": {"bag_acl": True}, "_compiled_tags": [{"_id": 9}]}
    sent["pool"] = {**read["pool"], "_version": 2, "comment": "edited", "is_system_pool": True,
                    "created_timestamp": "2000-01-01T00:00:00+00:00"}  # fmt: skip
    answer = emulator.save(writer, [sent], "POST")
    assert answer.status_code == 200, answer.text
    (saved,) = answer.json()
    assert (saved["pool"]["comment"], saved["pool"]["_version"]) == ("edited", 2)
    assert (saved["_has_children"], saved["pool"]["is_system_pool"]) == (False, False)
    assert saved["_compiled_tags"] == read["_compiled_tags"] and saved["_generated_rights"] == read["_generated_rights"]
    assert saved["pool"]["created_timestamp"] == read["pool"]["created_timestamp"]
    untouched = ("_version", "comment", "last_updated_timestamp")
    assert {k: v for k, v in saved["pool"].items() if k not in untouched} == {
        k: v for k, v in read["pool"].items() if k not in untouched
    }


def test_a_pool_named_by_its_lookup_is_changed_and_its_mappings_kept(emulator: Emulator, admin: str) -> None:
    """types/pool: `lookup:_id` names the pool (by reference or short name); the mapping fields are rw."""
    pool_id = pool_of(emulator.create(admin, "looked up", pool={"reference": "ref:looked-up"}))["_id"]
    change = {"lookup:_id": {"reference": "ref:looked-up"}, "_version": 2, "mapping_image_export": "parent",
              "mapping_dc_export": 7}  # fmt: skip
    answer = emulator.save(admin, [{"pool": change}], "POST")
    assert answer.status_code == 200, answer.text
    (saved,) = answer.json()
    assert saved["pool"]["_id"] == pool_id and saved["pool"]["_version"] == 2
    assert (saved["pool"]["mapping_image_export"], saved["pool"]["mapping_dc_export"]) == ("parent", 7)
    assert "lookup:_id" not in saved["pool"]
    nowhere = emulator.save(admin, [{"pool": {"lookup:_id": {"shortname": "nope"}, "_version": 2}}], "POST")
    assert error(nowhere) == (400, "user", "error.user.pool_not_found", {"id": "shortname:nope"})


def test_version_0_is_a_version_mismatch(emulator: Emulator, admin: str) -> None:
    pool_id = pool_of(emulator.create(admin, "versioned"))["_id"]
    answer = emulator.save(admin, [{"pool": {"_id": pool_id, "_version": 0}}], "POST")
    assert error(answer) == (400, "user", "error.user.version_mismatch", {"provided": "0", "expected": "2"})


def test_the_pools_cannot_be_seeded_as_documents_no_answer_would_show(emulator: Emulator, admin: str) -> None:
    """The pool operations are the API package's own: /__emulator__/documents/ does not take the pool
    collection (its documents would be stored where no answer reads them), and says it has no such route."""
    refused = emulator.call("POST", "/__emulator__/documents/api/v1/pool", headers=CONTROL, check=False,
                            json={"pool": {"name": {"en-US": "x"}}})  # fmt: skip
    assert refused.status_code == 400 and refused.json()["code"] == "error.api.invalid_api", refused.text


def test_the_root_pool_as_read_can_be_sent_back(emulator: Emulator, admin: str) -> None:
    """The root pool is read with _id_parent null (it has none): sent back as read, by a user with the
    system right its rights fields need, it keeps having none; a null parent for any other pool is no
    parent at all."""
    manager = emulator.login("rights-manager")
    (root,) = emulator.call("GET", f"/api/v1/pool/{ROOT}", token=manager).json()
    assert root["pool"]["_id_parent"] is None
    sent = {**root, "pool": {**root["pool"], "_version": root["pool"]["_version"] + 1, "comment": "the root"}}
    answer = emulator.save(manager, [sent], "POST")
    assert answer.status_code == 200, answer.text
    assert (answer.json()[0]["pool"]["_id_parent"], answer.json()[0]["pool"]["comment"]) == (None, "the root")
    pool_id = pool_of(emulator.create(admin, "has a parent"))["_id"]
    orphaned = emulator.save(admin, [{"pool": {"_id": pool_id, "_version": 2, "_id_parent": None}}], "POST")
    assert error(orphaned)[2] == "error.user.pool_requires_parent"
