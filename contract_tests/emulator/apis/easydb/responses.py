"""The easydb calls, mapped onto the models (models.py): each handler reads its request, asks the models,
and answers with easydb's body. The core has checked the route, the token's presence (where the spec
requires one) and the body against the spec; the handlers check the query string (checked()), the models
the rest, and both raise easydb's errors."""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from typing import Any

from starlette.responses import Response

from contract_tests.emulator.apis.easydb.models import RIGHTS, Pools, Sessions, User
from contract_tests.emulator.core.answers import JSON, json_response
from contract_tests.emulator.core.call import Call, Emulator, Handler
from contract_tests.emulator.core.settings import Login
from contract_tests.emulator.dialects.easydb import VERSION_HEADERS, api_error, user_error

LANGUAGES = ("de-DE", "en-US")  # the emulated instance's languages; the first is the default
INSTANCE = {"api": "1", "server_version": 5, "solution": "emulator", "user-schema": 1, "name": "easydb emulator"}


def check_login(login: Login) -> None:
    """A --login's rights are easydb's (ValueError naming the others), checked when the emulator starts."""
    User.from_login(login)


def sessions_of(emulator: Emulator) -> Sessions:
    """The sessions, with the accounts the emulator was started with (--login LOGIN:PASSWORD[:RIGHT,...])."""
    users = [User.from_login(login) for login in emulator.settings.logins]
    return Sessions(emulator.db, users, emulator.dialect.now)


def sessions(call: Call) -> Sessions:
    return sessions_of(call.emulator)


def pools(call: Call) -> Pools:
    return Pools(call.db, call.emulator.dialect.now)


def token(call: Call) -> str | None:
    return call.caller.credential if call.caller else None


def answer(body: Any) -> Response:
    return json_response(200, body, VERSION_HEADERS)


def answer_json(text: str) -> Response:
    """An answer whose JSON the models rendered already (pools)."""
    return Response(text.encode(), status_code=200, headers=VERSION_HEADERS, media_type=JSON)


def checked(handler: Handler) -> Handler:
    """The handler, after the query parameters the operation documents are checked against their schemas
    (error.api.invalid_value naming the first that fails); others are ignored, as the server does."""

    # A plain function, as the handler is: the core runs it on a worker thread, off the event loop.
    def check_then_handle(call: Call) -> Response | Awaitable[Response]:
        for name, parameter in call.operation.query_parameters.items():
            value = call.request.query_params.get(name)
            errors = parameter.errors(value) if value is not None else []
            if errors:
                raise api_error("invalid_value", f"{name}: {errors[0].message}")
        return handler(call)

    return check_then_handle


def session_body(session: Mapping[str, Any], user: User | None) -> dict[str, Any]:
    """A session object (types/session): what every session has, and what an authenticated one adds."""
    body: dict[str, Any] = {
        "token": session["token"],
        "instance": INSTANCE,
        "frontend_language": session["language"],
        "frontend_locale": {"language": session["language"]},
        "authentication_methods": [{"method": "easydb"}],
        "config": {"base": {}, "defaults": {}, "extensions": {}},
    }
    if user is not None:
        body.update(
            pending_tasks=[],
            current_max_message_id=0,
            system_rights={right: True for right in RIGHTS if right.startswith("system.") and user.may(right)},
            user={"_basetype": "user", "user": {"login": user.login}},
            groups=[],
            authenticated={"method": session["method"], "timestamp": session["authenticated_at"]},
        )
    return body


def _language(call: Call) -> str | None:
    language = call.request.query_params.get("language")
    if language is not None and language not in LANGUAGES:
        raise user_error("language_not_found", id=language)
    return language


def get_session(call: Call) -> Response:
    """Without a token: a new, unauthenticated session. With one: that session (its language updated)."""
    store, language, current = sessions(call), _language(call), token(call)
    if current is None:
        current = store.open(language or LANGUAGES[0])
    elif language is not None:
        store.find(current)
        store.set_language(current, language)
    session = store.find(current)
    return answer(session_body(session, store.user_of(session)))


def authenticate_session(call: Call) -> Response:
    """Login and password from the form body (the spec's, so that no password is in a URL), or the query
    (api/session: "All query parameter can also be sent in an HTML form in the request body"); only the
    "easydb" method is emulated."""
    fields: dict[str, str] = {**call.request.query_params, **(call.body or {})}
    store, current = sessions(call), token(call)
    if current is None:
        raise user_error("session_not_found", id="")
    store.authenticate(current, fields.get("login", ""), fields.get("password", ""), fields.get("method", "easydb"))
    session = store.find(current)
    return answer(session_body(session, store.user_of(session)))


def deauthenticate_session(call: Call) -> Response:
    store, current = sessions(call), token(call)
    if current is None:
        raise user_error("session_not_found", id="")
    store.deauthenticate(current)
    return answer(session_body(store.find(current), None))


def list_pools(call: Call) -> Response:
    return answer_json(pools(call).all(sessions(call).user(token(call))))


def get_pool(call: Call) -> Response:
    """The one pool, as the documented one-element array."""
    return answer_json(pools(call).one(sessions(call).user(token(call)), int(call.path["id"])))


def save_pools(call: Call) -> Response:
    """PUT and POST alike: both insert items without _id and update items with one (api/pool). The core
    has refused an absent body and one that is not the spec's array of pools."""
    assert isinstance(call.body, list), "the pipeline checks the body against the spec's array schema"
    user = sessions(call).user(token(call))
    return answer_json(pools(call).save(user, call.body))


def delete_pool(call: Call) -> Response:
    pools(call).delete(sessions(call).user(token(call)), int(call.path["id"]))
    return Response(status_code=200, headers=VERSION_HEADERS)


_HANDLERS: dict[str, Handler] = {
    "getSession": get_session,
    "authenticateSession": authenticate_session,
    "deauthenticateSession": deauthenticate_session,
    "listPools": list_pools,
    "getPool": get_pool,
    "insertPools": save_pools,
    "updatePools": save_pools,
    "deletePool": delete_pool,
}
HANDLERS: dict[str, Handler] = {operation_id: checked(handler) for operation_id, handler in _HANDLERS.items()}
