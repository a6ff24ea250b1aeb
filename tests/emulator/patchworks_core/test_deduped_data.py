"""Deduped data over HTTP: list with filters, sorts and includes; import; download; delete records."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from tests.emulator.patchworks_core.conftest import Emulator
from tests.emulator.patchworks_core.test_data_pools import create

HEADER = "value,entity_type_id\n"


def import_csv(
    emulator: Emulator, pool_id: int, content: bytes, name: str = "records.csv", kind: str = "text/csv"
) -> Any:
    files = {"deduped_data_file": (name, content, kind)}
    return emulator.call("POST", f"/api/v1/data-pool/{pool_id}/deduped-data/import", files=files)


def records(emulator: Emulator, pool_id: int, **params: Any) -> list[dict[str, Any]]:
    response = emulator.call("GET", f"/api/v1/data-pool/{pool_id}/deduped-data", params={"per_page": 100, **params})
    assert response.status_code == 200, response.text
    data: list[dict[str, Any]] = response.json()["data"]
    return data


def test_an_import_adds_every_row_and_leaves_existing_records(emulator: Emulator) -> None:
    pool = create(emulator, "customers")
    assert import_csv(emulator, pool["id"], (HEADER + "a@example.com,47\n").encode()).json() == {
        "message": "1 records imported into the data pool."
    }
    assert (
        import_csv(emulator, pool["id"], (HEADER + "a@example.com,47\nb@example.com,12\n").encode()).status_code == 200
    )
    rows = records(emulator, pool["id"])
    assert [(r["value"], r["entity_type_id"]) for r in rows] == [
        ("a@example.com", 47),
        ("a@example.com", 47),
        ("b@example.com", 12),
    ]
    assert all(r["flow_id"] is None and r["flow_run_id"] is None and r["step_id"] is None for r in rows)


def test_import_keeps_file_order(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    """Across batches where every row has one entity type and batches where they differ, records come out
    in the file's order with their own types (the import inserts each kind of batch its own way)."""
    from contract_tests.emulator.apis.patchworks_core.deduped_data import models

    monkeypatch.setattr(models, "IMPORT_BATCH", 3)
    rows = [(f"v{i}@example.com", 47 if i < 4 else 10 + i % 3) for i in range(11)] + [("last", 5)]
    pool = create(emulator, "customers")
    content = HEADER + "".join(f"{value},{kind}\n" for value, kind in rows)
    assert import_csv(emulator, pool["id"], content.encode()).status_code == 200
    assert [(r["value"], r["entity_type_id"]) for r in records(emulator, pool["id"])] == rows


FILE = "The deduped data file field"
LINE_2 = "on row 2 of the deduped data file"
UNREADABLE = [
    (b"email,type\nx,1\n", "r.csv", "text/csv", f"{FILE} must have the headers value and entity_type_id."),
    (b"value,entity_type_id\nx,forty\n", "r.csv", "text/csv", f"The entity_type_id {LINE_2} must be an integer."),
    (b"value,entity_type_id\n,47\n", "r.csv", "text/csv", f"The value {LINE_2} is required."),
    (b"\x89PNG\r\n", "r.png", "image/png", f"{FILE} must be a file of type: csv, txt."),
    (b"value,entity_type_id\n\xff\xfe,47\n", "r.csv", "text/csv", f"{FILE} must be a UTF-8 encoded CSV file."),
    (
        HEADER.encode() + b"x" * (5 * 1024 * 1024),
        "r.csv",
        "text/csv",
        f"{FILE} must not be greater than 5120 kilobytes.",
    ),
]


@pytest.mark.parametrize(
    ("content", "name", "kind", "error"),
    UNREADABLE,
    ids=["headers", "non-integer type", "empty value", "not csv", "not utf-8", "over 5 MB"],
)
def test_an_import_that_cannot_be_read_is_422_and_adds_nothing(
    emulator: Emulator, content: bytes, name: str, kind: str, error: str
) -> None:
    pool = create(emulator, "customers")
    response = import_csv(emulator, pool["id"], content, name, kind)
    assert response.status_code == 422
    assert response.json() == {"message": error, "errors": {"deduped_data_file": [error]}}
    assert records(emulator, pool["id"]) == []


def test_an_import_is_all_rows_or_none(emulator: Emulator) -> None:
    pool = create(emulator, "customers")
    good_rows = "".join(f"person{i}@example.com,47\n" for i in range(25_000))
    assert import_csv(emulator, pool["id"], (HEADER + good_rows + "last@example.com,x\n").encode()).status_code == 422
    assert records(emulator, pool["id"]) == []


def test_a_value_with_a_nul_is_refused_whole_not_stored_cut(emulator: Emulator) -> None:
    pool = create(emulator, "customers")
    answer = import_csv(emulator, pool["id"], (HEADER + "first@example.com,47\nodd\x00value,47\n").encode())
    assert answer.status_code == 422
    assert answer.json()["errors"] == {
        "deduped_data_file": ["The value on row 3 of the deduped data file must not contain a NUL character."]
    }
    assert records(emulator, pool["id"]) == []


def test_an_import_without_the_file_or_as_json_is_refused(emulator: Emulator) -> None:
    pool = create(emulator, "customers")
    path = f"/api/v1/data-pool/{pool['id']}/deduped-data/import"
    missing = emulator.call("POST", path, files={"other": ("x.csv", b"value,entity_type_id\n", "text/csv")})
    assert missing.json()["errors"] == {"deduped_data_file": ["The deduped data file field is required."]}
    assert emulator.call("POST", path, json={"deduped_data_file": "a,b"}).status_code == 415


def seeded_pool(emulator: Emulator) -> int:
    emulator.reset(seed=True)
    return 1


def test_filters_match_as_spatie_does(emulator: Emulator) -> None:
    pool_id = seeded_pool(emulator)
    customers = records(emulator, pool_id, **{"filter[entity_type_id]": "47"})
    assert customers and all(r["entity_type_id"] == 47 for r in customers)
    any_of = records(emulator, pool_id, **{"filter[entity_type_id]": "47,12"})
    assert {r["entity_type_id"] for r in any_of} == {47, 12}
    # empty parts dropped, as spatie drops them: ",47,,12," is "47,12", and "," no filter at all
    assert records(emulator, pool_id, **{"filter[entity_type_id]": ",47,,12,"}) == any_of
    assert records(emulator, pool_id, **{"filter[entity_type_id]": ","}) == records(emulator, pool_id)
    partial = records(emulator, pool_id, **{"filter[value]": "customer3"})
    assert partial and all("customer3" in r["value"] for r in partial)
    imported = records(emulator, pool_id, **{"filter[flow_id]": "1"})
    assert imported and all(r["flow_id"] == 1 for r in imported)
    assert records(emulator, pool_id, **{"filter[created_before]": "2000-01-01T00:00:00Z"}) == []
    assert len(records(emulator, pool_id, **{"filter[created_after]": "2000-01-01T00:00:00Z"})) == 100
    # a plain date, too (the page gives no format): its midnight, UTC
    assert records(emulator, pool_id, **{"filter[created_before]": "2000-01-01"}) == []
    assert len(records(emulator, pool_id, **{"filter[created_after]": "2000-01-01"})) == 100
    # Dates at the ends of the calendar: UTC times past Python's datetimes (an OverflowError was a 400 with a
    # traceback in the log), and a year before 1000 (written "500-..." it sorted after "2026-...")
    assert len(records(emulator, pool_id, **{"filter[created_before]": "9999-12-31T23:59:59-23:59"})) == 100
    assert len(records(emulator, pool_id, **{"filter[created_after]": "0001-01-01T00:00:00+00:01"})) == 100
    assert records(emulator, pool_id, **{"filter[created_after]": "9999-12-31T23:59:59-23:59"}) == []
    assert records(emulator, pool_id, **{"filter[created_before]": "0500-01-01"}) == []
    path = f"/api/v1/data-pool/{pool_id}/deduped-data"
    refused = emulator.call("GET", path, params={"filter[created_after]": "soon"})
    assert refused.status_code == 422
    assert refused.json()["errors"]["filter.created_after"] == ["The filter.created after field must be a valid date."]


def test_sorting_on_several_fields(emulator: Emulator) -> None:
    pool_id = seeded_pool(emulator)
    ids = [r["id"] for r in records(emulator, pool_id, sort="-id")]
    assert ids == sorted(ids, reverse=True)
    ids = [r["id"] for r in records(emulator, pool_id, sort="created_at,-id")]
    assert ids == sorted(ids, reverse=True)  # one creation time for the whole seed: id decides


def test_includes_embed_the_relationships(emulator: Emulator) -> None:
    pool_id = seeded_pool(emulator)
    rows = records(emulator, pool_id, include="flow,flowRun,flowStep,entityType,dataPool")
    tracked = next(r for r in rows if r["flow_id"] is not None)
    imported = next(r for r in rows if r["flow_id"] is None)
    assert tracked["flow"]["id"] == tracked["flow_id"]
    assert tracked["flow_run"]["id"] == tracked["flow_run_id"]
    assert tracked["flow_step"]["id"] == tracked["step_id"]
    assert tracked["entity_type"]["id"] == tracked["entity_type_id"]
    assert tracked["data_pool"]["id"] == pool_id
    assert (imported["flow"], imported["flow_run"], imported["flow_step"]) == (None, None, None)
    assert "flow" not in records(emulator, pool_id)[0]


def test_download_writes_the_pools_csv_with_formulas_neutralised(emulator: Emulator) -> None:
    pool = create(emulator, "customers")
    import_csv(emulator, pool["id"], (HEADER + "=HYPERLINK(1),47\n+1,12\n-2,12\n@cmd,12\nplain,47\n").encode())
    downloads = emulator.app.state.emulator.settings.downloads
    before = set(downloads.glob(f"deduped-data-{pool['id']}-*.csv")) if downloads.exists() else set()
    answer = emulator.call("GET", f"/api/v1/data-pool/{pool['id']}/deduped-data/download")
    assert answer.status_code == 200
    (written,) = set(downloads.glob(f"deduped-data-{pool['id']}-*.csv")) - before
    rows = list(csv.reader(io.StringIO(written.read_text(encoding="utf-8"))))
    written.unlink()
    assert rows == [
        ["value", "entity_type_id"],
        ["'=HYPERLINK(1)", "47"],
        ["'+1", "12"],
        ["'-2", "12"],
        ["'@cmd", "12"],
        ["plain", "47"],
    ]


def test_delete_records_deletes_only_the_named_records_of_the_pool(emulator: Emulator) -> None:
    pool = create(emulator, "customers")
    other = create(emulator, "other")
    import_csv(emulator, pool["id"], (HEADER + "a,1\nb,1\nc,1\n").encode())
    import_csv(emulator, other["id"], (HEADER + "z,1\n").encode())
    ids = [r["id"] for r in records(emulator, pool["id"])]
    other_id = records(emulator, other["id"])[0]["id"]
    path = f"/api/v1/data-pool/{pool['id']}/deduped-data/delete-records"
    answer = emulator.call("DELETE", path, json={"ids": [ids[0], ids[2], other_id]})
    assert answer.json() == {"message": "2 records deleted."}
    assert [r["value"] for r in records(emulator, pool["id"])] == ["b"]
    assert len(records(emulator, other["id"])) == 1
    assert emulator.call("DELETE", path, json={"ids": []}).json()["errors"] == {
        "ids": ["The ids field must have at least 1 items."]
    }


def test_value_search_sees_new_imports_and_forgets_deleted_records(emulator: Emulator) -> None:
    pool = create(emulator, "customers")
    import_csv(emulator, pool["id"], (HEADER + "alice@shop.test,47\nbob@shop.test,47\nal,47\n100%_sure,47\n").encode())
    assert [r["value"] for r in records(emulator, pool["id"], **{"filter[value]": "ALICE"})] == ["alice@shop.test"]
    assert [r["value"] for r in records(emulator, pool["id"], **{"filter[value]": "al"})] == ["alice@shop.test", "al"]
    assert [r["value"] for r in records(emulator, pool["id"], **{"filter[value]": "0%_"})] == ["100%_sure"]
    import_csv(emulator, pool["id"], (HEADER + "alina@shop.test,47\n").encode())
    found = records(emulator, pool["id"], **{"filter[value]": "ali,bob@"})
    assert [r["value"] for r in found] == ["alice@shop.test", "bob@shop.test", "alina@shop.test"]
    path = f"/api/v1/data-pool/{pool['id']}/deduped-data/delete-records"
    emulator.call("DELETE", path, json={"ids": [found[0]["id"]]})
    assert [r["value"] for r in records(emulator, pool["id"], **{"filter[value]": "alice"})] == []
