"""A new upstream page in the Patchworks format with two read operations (a list of widgets, paginated,
with a filter and a sort, and one widget by id) flows to the emulator with no code change: build the spec
from a copy of specs/patchworks-core/ with the page added, and the emulator serves both operations
statefully beside everything it served before."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from contract_tests.emulator import EmulatorSettings, create_app
from contract_tests.serving import serving
from generator.validate import validate_spec
from tests.emulator.conftest import CONTROL, CONTROL_KEY, Spec
from tests.widgets_page import API, copy_with_widgets

KEY = "widgets-key"
AUTH = {"Authorization": KEY}


@pytest.fixture(scope="module")
def with_widgets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Spec]:
    """specs/ holding a copy of patchworks-core with the widgets page (and its sorts' overlay), built."""
    specs = tmp_path_factory.mktemp("widgets") / "specs"
    _, built = copy_with_widgets(specs)
    return specs, Spec(validate_spec(built.document, "openapi.json"))


@pytest.fixture
def widgets(with_widgets: tuple[Path, Spec], tmp_path: Path) -> Iterator[tuple[httpx.Client, Spec]]:
    specs, spec = with_widgets
    settings = EmulatorSettings(
        api_keys=(KEY,), db=":memory:", rate_limit=0, downloads_dir=tmp_path, control_key=CONTROL_KEY
    )
    app = create_app(API, settings, specs_dir=specs)
    with serving(app) as url, httpx.Client(base_url=url, headers={**AUTH, **CONTROL}) as http:
        yield http, spec


def test_the_new_operations_are_served_statefully_and_as_the_spec_says(widgets: tuple[httpx.Client, Spec]) -> None:
    http, spec = widgets
    names = ["gear", "sprocket", "gearbox", "bolt"]
    seeded = http.post("/__emulator__/documents/api/v1/widgets", json=[{"name": name} for name in names])
    assert seeded.status_code == 201
    listed = http.get("/api/v1/widgets", params={"filter[name]": "gear,bolt", "sort": "-name", "per_page": 2})
    spec.check(listed)
    page = listed.json()
    assert [widget["name"] for widget in page["data"]] == ["gearbox", "gear"]
    assert (page["meta"]["total"], page["meta"]["last_page"], page["meta"]["per_page"]) == (3, 2, 2)
    second = http.get(
        "/api/v1/widgets", params={"filter[name]": "gear,bolt", "sort": "-name", "per_page": 2, "page": 2}
    )
    assert [widget["name"] for widget in second.json()["data"]] == ["bolt"]
    one = http.get(f"/api/v1/widgets/{page['data'][0]['id']}")
    spec.check(one)
    assert one.json()["data"] == page["data"][0]
    assert http.get("/api/v1/widgets", params={"sort": "colour"}).status_code == 400  # not a declared sort
    unknown = http.get("/api/v1/widgets/999")
    spec.check(unknown)
    assert unknown.json() == {"message": "No query results for model [App\\Models\\Widget] 999"}
    assert http.get("/api/v1/widgets", headers={"Authorization": "wrong"}).status_code == 401


def test_what_was_there_before_is_served_as_before(widgets: tuple[httpx.Client, Spec]) -> None:
    http, spec = widgets
    created = http.post("/api/v1/data-pool", json={"name": "orders"})
    spec.check(created)
    assert http.get("/api/v1/data-pool").json()["meta"]["total"] == 1
    assert http.get("/__emulator__/state").json()["counts"]["data_pools"] == 1
