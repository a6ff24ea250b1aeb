"""The easydb calls, mapped onto the models (models.py): each handler reads its request, asks the models,
and answers with easydb's body. The core has checked the route, the token's presence (where the spec
requires one) and the body against the spec; the models check the rest and raise easydb's errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

from contract_tests.emulator.apis.easydb.models import RIGHTS, Pools, Sessions, User
from contract_tests.emulator.core.answers import json_response
from contract_tests.emulator.core.call import Call, Handler
from contract_tests.emulator.dialects.easydb import VERSION_HEADERS, api_error, user_error

LANGUAGES = ("de-DE", "en-US")  # the emulated instance's languages; the first is the default
INSTANCE = {"api": "1", "server_version": 5, "solution": "emulator", "user-schema": 1, "name": "easydb emulator"}


def users(call: Call) -> list[User]:
    """The accounts the emulator was started with (--login LOGIN:PASSWORD[:RIGHT,...])."""
    found = []
    for login in call.emulator.settings.logins:
        rights = login.extra[0] if login.extra else ""
        found.append(User.parse(f"{login.username}:{login.password}" + (f":{rights}" if rights else "")))
    return found


def sessions(call: Call) -> Sessions:
    return Sessions(call.db, users(call), call.emulator.dialect.now)


def pools(call: Call) -> Pools:
    found = Pools(call.db, call.emulator.dialect.now)
    found.seed()  # every easydb has its system pools, also after a reset
    return found


def token(call: Call) -> str | None:
    return call.caller.credential if call.caller else None


def answer(body: Any) -> Response:
    return json_response(200, body, VERSION_HEADERS)


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


async def authenticate_session(call: Call) -> Response:
    """Login and password from the query, or from a form body (api/session: "can also be sent in an HTML
    form"); only the "easydb" method is emulated."""
    fields: dict[str, str] = dict(call.request.query_params)
    content_type = call.request.headers.get("content-type", "")
    if content_type.startswith("application/x-www-form-urlencoded"):
        form = await call.request.form()
        fields.update({key: value for key, value in form.items() if isinstance(value, str)})
    store, current = sessions(call), token(call)
    if current is None:
        raise user_error("not_authenticated")
    store.authenticate(current, fields.get("login", ""), fields.get("password", ""), fields.get("method", "easydb"))
    session = store.find(current)
    return answer(session_body(session, store.user_of(session)))


def deauthenticate_session(call: Call) -> Response:
    store, current = sessions(call), token(call)
    if current is None:
        raise user_error("not_authenticated")
    store.deauthenticate(current)
    return answer(session_body(store.find(current), None))


def list_pools(call: Call) -> Response:
    return answer(pools(call).all(sessions(call).user(token(call))))


def get_pool(call: Call) -> Response:
    """The one pool, as the documented one-element array."""
    return answer([pools(call).one(sessions(call).user(token(call)), int(call.path["id"]))])


async def save_pools(call: Call) -> Response:
    """PUT and POST alike: both insert items without _id and update items with one (api/pool)."""
    if not (await call.request.body()).strip():
        raise api_error("invalid_content", "The body is empty: send an array of pools")
    if not isinstance(call.body, list):
        raise api_error("type_mismatch", "body: an array of pools expected")
    user = sessions(call).user(token(call))
    return answer(pools(call).save(user, call.body))


def delete_pool(call: Call) -> Response:
    pools(call).delete(sessions(call).user(token(call)), int(call.path["id"]))
    return Response(status_code=200, headers=VERSION_HEADERS)


HANDLERS: dict[str, Handler] = {
    "getSession": get_session,
    "authenticateSession": authenticate_session,
    "deauthenticateSession": deauthenticate_session,
    "listPools": list_pools,
    "getPool": get_pool,
    "insertPools": save_pools,
    "updatePools": save_pools,
    "deletePool": delete_pool,
}
