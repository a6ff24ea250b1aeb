"""The generated easydb client against the easydb emulator (in this process, over HTTP): the session flow,
the pool tree, versions and the typed errors, as a user of the client meets them."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import httpx
import pytest
from easydb_client import AuthenticatedClient, Client, RetryPolicy, errors
from easydb_client.api.pool import delete_pool, get_pool, insert_pools, list_pools, update_pools
from easydb_client.api.session import get_session
from easydb_client.models import L10N, Pool, PoolLookup, PoolWrite, PoolWriteAttributes, SessionAuthentication

from contract_tests.emulator import EmulatorSettings, Login, create_app
from contract_tests.serving import serving

EDITOR, PASSWORD = "editor", "editor-s3cret-password"
READER, READER_PASSWORD = "reader", "reader-s3cret-password"
WRITER, WRITER_PASSWORD = "writer", "writer-s3cret-password"
ROOT_POOL, STANDARD_POOL = 1, 2


@pytest.fixture
def host() -> Iterator[str]:
    settings = EmulatorSettings(
        logins=(
            Login(EDITOR, PASSWORD, ("",)),
            Login(READER, READER_PASSWORD, ("bag_read",)),
            Login(WRITER, WRITER_PASSWORD, ("bag_write",)),
        ),
        db=":memory:",
        rate_limit=0,
    )
    with serving(create_app("easydb", settings)) as url:
        yield url


@pytest.fixture
def client(host: str) -> Iterator[AuthenticatedClient]:
    with AuthenticatedClient.login(EDITOR, PASSWORD, base_url=host) as logged_in:
        yield logged_in


def names(text: str) -> L10N:
    return L10N.from_dict({"en-US": text, "de-DE": f"{text} (de)"})


def new_pool(parent: int, name: str) -> PoolWrite:
    return PoolWrite(pool=PoolWriteAttributes(version=1, id_parent=parent, name=names(name)))


def insert_one(client: AuthenticatedClient, item: PoolWrite) -> Pool:
    saved = insert_pools.sync(client=client, body=[item])
    assert isinstance(saved, list) and len(saved) == 1
    return saved[0]


def test_a_tree_three_levels_deep_renamed_and_deleted_leaf_to_root(client: AuthenticatedClient) -> None:
    top = insert_one(
        client,
        PoolWrite(
            pool=PoolWriteAttributes(
                version=1, lookup_id_parent=PoolLookup(reference="system:root"), name=names("Antique")
            )
        ),
    )
    middle = insert_one(client, new_pool(top.pool._id, "Rome"))
    leaf = insert_one(client, new_pool(middle.pool._id, "Coins"))
    assert (top.pool._id_parent, middle.pool._id_parent, leaf.pool._id_parent) == (
        ROOT_POOL, top.pool._id, middle.pool._id,
    )  # fmt: skip
    assert leaf.pool._version == 1 and leaf.pool.name["en-US"] == "Coins"
    assert get_pool.sync(middle.pool._id, client=client)._has_children is True  # a Pool, not a list

    renamed = update_pools.sync(client=client, body=[PoolWrite(pool=PoolWriteAttributes(
        id=leaf.pool._id, version=2, name=names("Coins and medals")))])  # fmt: skip
    assert isinstance(renamed, list)
    assert renamed[0].pool._version == 2 and renamed[0].pool.name["en-US"] == "Coins and medals"
    assert renamed[0].pool._id_parent == middle.pool._id  # left out, so unchanged

    with pytest.raises(errors.VersionMismatchError) as stale:
        update_pools.sync(client=client, body=[PoolWrite(pool=PoolWriteAttributes(
            id=leaf.pool._id, version=2, name=names("Too late")))])  # fmt: skip
    assert stale.value.parameters == {"provided": "2", "expected": "3"}
    assert stale.value.code == "error.user.version_mismatch" and stale.value.realm == "user"
    assert isinstance(stale.value, errors.UserRealmError) and stale.value.status_code == 400
    # A user error's body has no description: the message is the catalogue's words for its code.
    assert (
        str(stale.value) == "400 error.user.version_mismatch: The user tries to update an older version of an entity."
    )

    for pool in (leaf, middle, top):
        delete_pool.sync(pool.pool._id, client=client)
    listed = [pool.pool._id for pool in list_pools.sync(client=client)]
    assert listed == [STANDARD_POOL]  # the root pool is never listed

    with pytest.raises(errors.SystemPoolDeleteError) as system:
        delete_pool.sync(ROOT_POOL, client=client)
    assert system.value.parameters == {"id": str(ROOT_POOL)}


def test_errors_carry_their_code_realm_and_documented_parameters(client: AuthenticatedClient) -> None:
    with pytest.raises(errors.PoolNotFoundError) as missing:
        get_pool.sync(999, client=client)
    assert missing.value.parameters == {"id": "999"}
    with pytest.raises(errors.PoolRequiresParentError):
        insert_pools.sync(client=client, body=[PoolWrite(pool=PoolWriteAttributes(version=1, name=names("Orphan")))])
    parent = insert_one(client, new_pool(STANDARD_POOL, "Parent"))
    insert_one(client, new_pool(parent.pool._id, "Child"))
    with pytest.raises(errors.PoolNotEmptyError) as not_empty:
        delete_pool.sync(parent.pool._id, client=client)
    assert not_empty.value.parameters == {"id": str(parent.pool._id)}


def test_an_insert_whose_second_item_fails_changes_nothing(client: AuthenticatedClient) -> None:
    before = [pool.pool._id for pool in list_pools.sync(client=client)]
    with pytest.raises(errors.PoolNotFoundError):
        insert_pools.sync(client=client, body=[new_pool(STANDARD_POOL, "Kept?"), new_pool(12345, "No parent")])
    assert [pool.pool._id for pool in list_pools.sync(client=client)] == before


def test_rights_decide_what_a_user_sees_and_may_do(host: str, client: AuthenticatedClient) -> None:
    created = insert_one(client, new_pool(STANDARD_POOL, "Visible"))
    with AuthenticatedClient.login(READER, READER_PASSWORD, base_url=host) as reader:
        seen = get_pool.sync(created.pool._id, client=reader)
        assert "_acl" not in seen.to_dict()  # bag_read only: no ACL
        assert "_acl" in get_pool.sync(created.pool._id, client=client).to_dict()  # bag_write: the ACL
        with pytest.raises(errors.InsufficientRightsError) as refused:
            insert_pools.sync(client=reader, body=[new_pool(STANDARD_POOL, "Not allowed")])
        assert refused.value.parameters["right"] == "bag_create"


def test_the_token_goes_in_the_header_and_a_lost_session_is_renewed_once(host: str) -> None:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> None:
        seen.append(request)

    with AuthenticatedClient.login(
        EDITOR, PASSWORD, base_url=host, httpx_args={"event_hooks": {"request": [record]}}
    ) as client:
        first = get_session.sync(client=client)
        token = first.token
        assert all("token=" not in str(request.url) for request in seen)
        assert seen[-1].headers["x-easydb-token"] == token
        assert all(PASSWORD not in str(request.url) for request in seen)  # the login went in a form body
        # The server forgets the session (a restart with another database, as far as the client can tell):
        httpx.post(f"{host}/api/v1/session/deauthenticate", headers={"x-easydb-token": token})
        seen.clear()
        assert list_pools.sync(client=client)  # renewed: opened, authenticated, and the call sent once more
        methods = [f"{request.method} {request.url.path}" for request in seen]
        assert methods == ["GET /api/v1/pool", "GET /api/v1/session", "POST /api/v1/session/authenticate",
                           "GET /api/v1/pool"]  # fmt: skip
        assert seen[-1].headers["x-easydb-token"] != token


def test_the_token_can_go_in_the_query_on_request(host: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with AuthenticatedClient.login(EDITOR, PASSWORD, base_url=host, token_in_query=True) as client:
        session = get_session.sync(client=client)
        assert "token=" in caplog.text  # httpx logged the URLs, the token in them masked
        assert session.token not in caplog.text
        assert isinstance(session.authenticated, SessionAuthentication)
        assert session.authenticated.method == "easydb"


def test_a_wrong_password_raises_its_code_and_shows_no_secret(host: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(errors.LoginFailedError) as failed:
        AuthenticatedClient.login(EDITOR, "wrong-password-123", base_url=host)
    assert "wrong-password-123" not in repr(failed.value) + str(failed.value) + caplog.text
    with AuthenticatedClient.login(EDITOR, PASSWORD, base_url=host) as client:
        token = get_session.sync(client=client).token
        assert token not in repr(client) and PASSWORD not in repr(client)
        assert token not in caplog.text and PASSWORD not in caplog.text


def test_puts_and_posts_are_never_retried_but_gets_are(host: str) -> None:
    """PUT inserts as much as POST does (x-retry: false in the spec): a repeat would be a second pool."""
    calls: list[str] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        return httpx.Response(503, json={"realm": "server", "code": "error.server.generic", "description": "down"})

    slept: list[float] = []
    client = Client(base_url=host, transport=httpx.MockTransport(flaky), retry=RetryPolicy(sleep=slept.append))
    with pytest.raises(errors.ServerGenericError):
        insert_pools.sync(client=client, body=[new_pool(STANDARD_POOL, "Once")])
    with pytest.raises(errors.ServerGenericError):
        update_pools.sync(client=client, body=[new_pool(STANDARD_POOL, "Once")])
    assert calls == ["PUT", "POST"]
    calls.clear()
    with pytest.raises(errors.ServerGenericError):
        list_pools.sync(client=client)
    assert calls == ["GET"] * RetryPolicy().max_attempts and len(slept) == len(calls) - 1


def test_an_unknown_session_token_is_masked_in_the_error(host: str) -> None:
    """Session Not Found carries the token as its `id` (errors catalogue): the error never shows it."""
    client = Client(base_url=host, headers={"x-easydb-token": "leaky-token-abc"}, retry=RetryPolicy(max_attempts=1))
    with pytest.raises(errors.SessionNotFoundError) as unknown:
        list_pools.sync(client=client)
    shown = f"{unknown.value!s} {unknown.value!r} {unknown.value.parameters} {unknown.value.body}"
    assert "leaky-token-abc" not in shown
    assert unknown.value.parameters == {"id": "********"}


def test_a_pool_as_read_is_sent_back_through_the_typed_models(host: str, client: AuthenticatedClient) -> None:
    """api/pool: the input is the full format, so a Pool read is a PoolWrite: its r fields change nothing,
    and a user with bag_write only (no bag_acl) may send its rights fields back as they are."""
    created = insert_one(client, new_pool(STANDARD_POOL, "Edited"))
    with AuthenticatedClient.login(WRITER, WRITER_PASSWORD, base_url=host) as writer:
        read = get_pool.sync(created.pool._id, client=writer)
        assert read._acl == [] and read._tags == []  # shown with bag_write, sent back below
        write = PoolWrite.from_dict(read.to_dict())
        assert write.to_dict()["pool"]["is_system_pool"] is False and "_has_children" in write.to_dict()
        write.pool._version = read.pool._version + 1  # attrs: the field is _version, its __init__ argument version
        write.pool.comment = "edited through the client"
        answer = update_pools.sync(client=writer, body=[write])
    assert isinstance(answer, list)
    (saved,) = answer
    assert saved.pool.comment == "edited through the client" and saved.pool._version == 2
    assert saved.pool.created_timestamp == read.pool.created_timestamp


def test_there_is_no_default_host_for_a_password_to_go_to() -> None:
    """Each customer runs an instance of its own (api.yaml per_customer_host): base_url is required."""
    with pytest.raises(TypeError, match="base_url"):
        AuthenticatedClient.login(EDITOR, PASSWORD)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="base_url"):
        Client()  # type: ignore[call-arg]
