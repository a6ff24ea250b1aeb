"""Every status outside 2xx raises its typed error from sync(); *_detailed() never raises for a status."""

from __future__ import annotations

import asyncio
import pickle
from collections.abc import Callable
from http import HTTPStatus

import httpx
import pytest
from patchworks_core_client import AuthenticatedClient, RetryPolicy, errors
from patchworks_core_client.api.data_pools import create_data_pool, get_data_pool
from patchworks_core_client.models import DataPoolStoreRequest, MessageResponse

from tests.client.conftest import Script, json_response

NO_RETRIES = RetryPolicy(max_attempts=1)


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (413, errors.ApiError),
        (422, errors.ValidationError),
        (429, errors.RateLimitError),
        (500, errors.ServerError),
        (503, errors.ServerError),
        (520, errors.ServerError),  # Cloudflare's, which http.HTTPStatus does not list
        (499, errors.ApiError),  # nginx's
    ],
)
def test_each_status_raises_its_typed_error(
    make_client: Callable[..., AuthenticatedClient], status: int, error_class: type[errors.ApiError]
) -> None:
    script = Script(json_response(status, {"message": f"failed with {status}"}, {"X-Request-Id": "r1"}))
    with pytest.raises(error_class) as caught:
        get_data_pool.sync(7, client=make_client(script, retry=NO_RETRIES))
    error = caught.value
    assert type(error) is error_class
    assert (error.status_code, error.message) == (status, f"failed with {status}")
    assert error.body == {"message": f"failed with {status}"}
    assert error.headers["X-Request-Id"] == "r1"
    assert str(error).startswith(f"{status} ")


def test_validation_errors_carry_field_messages_in_both_documented_forms(
    make_client: Callable[..., AuthenticatedClient],
) -> None:
    body = {
        "message": "The name field must be at least 3 characters. (and 1 more error)",
        "errors": {"name": ["The name field must be at least 3 characters."], "description": [{"max": "Too long."}]},
    }
    with pytest.raises(errors.ValidationError) as caught:
        create_data_pool.sync(client=make_client(Script(json_response(422, body))), body=DataPoolStoreRequest(name="x"))
    assert caught.value.errors == {
        "name": ["The name field must be at least 3 characters."],
        "description": ["Too long."],
    }
    assert caught.value.message.startswith("The name field must be at least 3 characters.")


def test_rate_limit_error_says_when_to_retry(make_client: Callable[..., AuthenticatedClient]) -> None:
    script = Script(json_response(429, {"message": "Too Many Attempts."}, {"Retry-After": "17"}))
    with pytest.raises(errors.RateLimitError) as caught:
        get_data_pool.sync(7, client=make_client(script, retry=NO_RETRIES))
    assert caught.value.retry_after == 17.0


def test_detailed_returns_the_response_and_never_raises_for_a_status(
    make_client: Callable[..., AuthenticatedClient],
) -> None:
    response = get_data_pool.sync_detailed(
        7, client=make_client(Script(json_response(404, {"message": "No query results."})))
    )
    assert response.status_code == 404
    assert isinstance(response.parsed, MessageResponse)
    assert response.parsed.message == "No query results."


def test_an_error_body_that_is_not_json_still_raises_the_typed_error(
    make_client: Callable[..., AuthenticatedClient],
) -> None:
    script = Script(httpx.Response(500, content=b"<html>Bad gateway</html>", headers={"Content-Type": "text/html"}))
    client = make_client(script, retry=NO_RETRIES)
    assert get_data_pool.sync_detailed(7, client=client).parsed is None
    with pytest.raises(errors.ServerError) as caught:
        get_data_pool.sync(7, client=client)
    assert caught.value.body == "<html>Bad gateway</html>"
    assert caught.value.message == "<html>Bad gateway</html>"


def test_a_success_with_a_body_that_is_not_the_documented_one_raises(
    make_client: Callable[..., AuthenticatedClient],
) -> None:
    with pytest.raises(errors.ApiError, match="not the documented DataPoolResponse"):
        get_data_pool.sync(7, client=make_client(Script(json_response(200, {"unexpected": True}))))


def test_an_undocumented_status_raises_unexpected_status_from_detailed_when_asked(
    make_client: Callable[..., AuthenticatedClient],
) -> None:
    script = Script(json_response(418, {"message": "teapot"}))
    assert get_data_pool.sync_detailed(7, client=make_client(script)).parsed is None
    with pytest.raises(errors.UnexpectedStatus) as caught:
        get_data_pool.sync_detailed(7, client=make_client(script, raise_on_unexpected_status=True))
    assert caught.value.status_code == 418


def test_a_status_http_status_does_not_list_still_gives_a_response(
    make_client: Callable[..., AuthenticatedClient],
) -> None:
    response = get_data_pool.sync_detailed(7, client=make_client(Script(json_response(520, {"message": "origin"}))))
    assert response.status_code == 520 and response.parsed is None
    assert isinstance(response.status_code, HTTPStatus) and response.status_code.phrase == "Unknown Status"
    again = pickle.loads(pickle.dumps(response))  # multiprocessing and task queues pickle what a worker returns
    assert again.status_code == 520 and again.status_code is response.status_code and again.content == response.content


def test_an_unexpected_status_survives_pickling(make_client: Callable[..., AuthenticatedClient]) -> None:
    """multiprocessing and task queues pickle what a worker raised."""
    script = Script(json_response(418, {"message": "teapot"}))
    with pytest.raises(errors.UnexpectedStatus) as caught:
        get_data_pool.sync_detailed(7, client=make_client(script, raise_on_unexpected_status=True))
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (type(copy), copy.status_code, copy.message, copy.content) == (
        errors.UnexpectedStatus, 418, "teapot", caught.value.content
    )  # fmt: skip
    assert copy.headers == caught.value.headers


def test_async_calls_raise_the_same_typed_errors(make_client: Callable[..., AuthenticatedClient]) -> None:
    client = make_client(Script(json_response(404, {"message": "gone"})))
    with pytest.raises(errors.NotFoundError):
        asyncio.run(get_data_pool.asyncio(7, client=client))
