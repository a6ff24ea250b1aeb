"""iterate() / aiterate(): every item across pages, lazily, and an empty list."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest
from patchworks_core_client import AuthenticatedClient, errors
from patchworks_core_client.api.data_pools import list_deduped_data

from tests.client.conftest import Script, json_response
from tests.client.patchworks_core.conftest import deduped, page_of


def paged_server(total: int) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        page, per_page = int(request.url.params["page"]), int(request.url.params["per_page"])
        last_page = max(1, -(-total // per_page))
        ids = range((page - 1) * per_page + 1, min(total, page * per_page) + 1)
        return json_response(200, page_of([deduped(i) for i in ids], page, last_page, per_page, total))

    return answer


def test_iterate_yields_every_item_across_pages(make_client: Callable[..., AuthenticatedClient]) -> None:
    script = Script(paged_server(total=250))
    client = make_client(script)
    records = list(list_deduped_data.iterate(7, client=client, filter_entity_type_id=47, sort="-id"))
    assert [r.id for r in records] == list(range(1, 251))
    assert [r.url.params["page"] for r in script.requests] == ["1", "2", "3"]
    assert {r.url.params["per_page"] for r in script.requests} == {"100"}
    assert {r.url.params["filter[entity_type_id]"] for r in script.requests} == {"47"}
    assert {r.url.params["sort"] for r in script.requests} == {"-id"}


def test_iterate_is_lazy(make_client: Callable[..., AuthenticatedClient]) -> None:
    script = Script(paged_server(total=250))
    records = list_deduped_data.iterate(7, client=make_client(script), per_page=10)
    assert script.requests == []
    assert [next(records).id for _ in range(12)] == list(range(1, 13))
    assert len(script.requests) == 2


def test_iterate_over_an_empty_list_makes_one_request(make_client: Callable[..., AuthenticatedClient]) -> None:
    script = Script(paged_server(total=0))
    assert list(list_deduped_data.iterate(7, client=make_client(script))) == []
    assert len(script.requests) == 1


def test_aiterate_yields_the_same_items(make_client: Callable[..., AuthenticatedClient]) -> None:
    script = Script(paged_server(total=130))

    async def collect() -> list[int]:
        return [r.id async for r in list_deduped_data.aiterate(7, client=make_client(script), per_page=50)]

    assert asyncio.run(collect()) == list(range(1, 131))
    assert len(script.requests) == 3


def test_an_error_on_a_later_page_is_raised_from_the_iteration(make_client: Callable[..., AuthenticatedClient]) -> None:
    server = paged_server(total=150)
    script = Script(lambda r: server(r) if r.url.params["page"] == "1" else json_response(404, {"message": "gone"}))
    records = list_deduped_data.iterate(7, client=make_client(script))
    assert len([next(records) for _ in range(100)]) == 100
    with pytest.raises(errors.NotFoundError):
        next(records)


@pytest.mark.parametrize("last_page", [None, "3", 2.0, True], ids=["null", "text", "float", "true"])
def test_a_page_whose_last_page_is_not_an_integer_is_an_answer_not_as_documented(
    make_client: Callable[..., AuthenticatedClient], last_page: object
) -> None:
    """The page's items are yielded; then the iteration raises the client's ApiError (not a bare TypeError
    from comparing a page number with null), sync and async."""
    page = {**page_of([deduped(1), deduped(2)], 1, 1), "meta": {**page_of([], 1, 1)["meta"], "last_page": last_page}}
    client = make_client(Script(lambda _: json_response(200, page)))
    records = list_deduped_data.iterate(7, client=client, per_page=2)
    assert [next(records).id for _ in range(2)] == [1, 2]
    with pytest.raises(errors.ApiError, match=rf"page 1's meta.last_page is {last_page!r}, not an integer"):
        next(records)

    async def collect() -> list[int]:
        return [r.id async for r in list_deduped_data.aiterate(7, client=client, per_page=2)]

    with pytest.raises(errors.ApiError, match="not an integer"):
        asyncio.run(collect())
