"""Two pools may share a name (issue 13, hole 9, decided from the evidence in specs/patchworks-core/
overlays/080-error-responses.yaml): no page says names are unique, and Laravel's `unique` rule would answer
422, not the 409 the spec listed. So every create answers 201 with an id of its own, however many come at
once, and the spec documents no 409 on a create."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from contract_tests.emulator import EmulatorSettings, create_app
from contract_tests.serving import serving
from generator.layout import ApiLayout

KEY = "duplicate-names-key"
CREATES = 400


COLLECTIONS = [("/api/v1/data-pool", {"name": "orders"}), ("/api/v1/connection-pools", {"name": "shared", "limit": 2})]


@pytest.mark.parametrize(("collection", "body"), COLLECTIONS)
def test_400_concurrent_creates_with_one_name_are_all_created_each_with_its_own_id(
    tmp_path: Path, collection: str, body: dict[str, object]
) -> None:
    # A database file: its handlers write from several threads at once, each on its own connection.
    settings = EmulatorSettings(api_keys=(KEY,), db=str(tmp_path / "names.db"), rate_limit=0)
    with serving(create_app("patchworks-core", settings)) as url:

        def create(_: int) -> httpx.Response:
            with httpx.Client(base_url=url, headers={"Authorization": KEY}, timeout=30) as http:
                return http.post(collection, json=body)

        with ThreadPoolExecutor(16) as clients:
            answers = list(clients.map(create, range(CREATES)))
        listed = httpx.get(f"{url}{collection}", params={"per_page": 1}, headers={"Authorization": KEY}).json()
    assert sorted({answer.status_code for answer in answers}) == [201]
    ids = {answer.json()["data"]["id"] for answer in answers}
    assert len(ids) == CREATES
    assert listed["meta"]["total"] == CREATES


def test_the_spec_documents_no_409_on_a_create() -> None:
    spec = json.loads(ApiLayout.find("patchworks-core").spec_path.read_text(encoding="utf-8"))
    creates = {
        path: spec["paths"][path]["post"]["responses"] for path in ("/api/v1/data-pool", "/api/v1/connection-pools")
    }
    assert {path: sorted(responses) for path, responses in creates.items() if "409" in responses} == {}
