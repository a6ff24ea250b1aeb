"""Answers that are not what the spec says, in both clients: whatever the models meet in them (a list where
an object belongs, a text where a map belongs, JSON nested past the interpreter's limit), sync() raises the
client's ApiError (the typed one for an error status) and *_detailed() parses to None, never a bare
AttributeError or RecursionError from deep inside the models."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from easydb_client import Client as EasydbClient
from easydb_client import errors as easydb_errors
from easydb_client.api.session import authenticate_session
from easydb_client.models import AuthenticateSessionBody
from patchworks_core_client import AuthenticatedClient as PatchworksClient
from patchworks_core_client import errors as patchworks_errors
from patchworks_core_client.api.data_pools import create_data_pool, list_data_pools
from patchworks_core_client.models import DataPoolStoreRequest

from tests.client.conftest import json_response

DEEP = b"[" * 100_000 + b"]" * 100_000
SESSION = {"token": "t", "instance": {"api": "1"}, "authentication_methods": []}


def _patchworks(answer: httpx.Response) -> PatchworksClient:
    return PatchworksClient(base_url="https://api.test", api_key="key-for-tests", rate_limit=None,
                            transport=httpx.MockTransport(lambda _: answer))  # fmt: skip


def _easydb(answer: httpx.Response) -> EasydbClient:
    return EasydbClient(
        base_url="https://easydb.test", rate_limit=None, transport=httpx.MockTransport(lambda _: answer)
    )


def _create(client: PatchworksClient) -> Callable[[], Any]:
    return lambda: create_data_pool.sync(client=client, body=DataPoolStoreRequest(name="orders"))


def _authenticate(client: EasydbClient) -> Callable[[], Any]:
    return lambda: authenticate_session.sync(client=client, body=AuthenticateSessionBody(login="me", password="pw"))


def test_a_laravel_422_whose_errors_are_an_empty_list_is_the_validation_error() -> None:
    """PHP encodes an empty map as []: the errors model met a list, where it reads an object's items."""
    client = _patchworks(json_response(422, {"message": "The given data was invalid.", "errors": []}))
    with pytest.raises(patchworks_errors.ValidationError, match="The given data was invalid"):
        _create(client)()
    assert create_data_pool.sync_detailed(client=client, body=DataPoolStoreRequest(name="orders")).parsed is None


@pytest.mark.parametrize(
    "session",
    [{**SESSION, "instance": "easydb 5"}, {**SESSION, "config": ["base"]}],
    ids=["a text for an object", "a list for an object"],
)
def test_an_easydb_answer_with_a_text_or_list_for_an_object_is_not_the_documented_one(session: Any) -> None:
    client = _easydb(json_response(200, session))
    with pytest.raises(easydb_errors.ApiError, match="not the documented Session"):
        _authenticate(client)()
    body = AuthenticateSessionBody(login="me", password="pw")
    assert authenticate_session.sync_detailed(client=client, body=body).parsed is None


@pytest.mark.parametrize("status", [200, 400])
def test_json_nested_past_the_recursion_limit_is_an_answer_that_is_not_json(status: int) -> None:
    headers = {"Content-Type": "application/json"}
    patchworks = _patchworks(httpx.Response(status, content=DEEP, headers=headers))
    with pytest.raises(patchworks_errors.ApiError):
        list_data_pools.sync(client=patchworks)
    assert list_data_pools.sync_detailed(client=patchworks).parsed is None
    easydb = _easydb(httpx.Response(status, content=DEEP, headers=headers))
    with pytest.raises(easydb_errors.ApiError):
        _authenticate(easydb)()
