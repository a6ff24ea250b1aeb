"""The login operation: configured credentials for a token that expires (security.Authenticator keeps them)."""

from __future__ import annotations

from starlette.responses import Response

from contract_tests.emulator.app import Call, Handler
from contract_tests.emulator.laravel import HttpError, json_response


def login(call: Call) -> Response:
    authenticator = call.emulator.authenticator
    token = authenticator.login(str(call.body["username"]), str(call.body["password"]))
    if token is None:
        raise HttpError(401, "These credentials do not match our records.")
    return json_response(
        200, {"message": "You have successfully logged in.", "token": token, "expires_in": authenticator.token_ttl}
    )


HANDLERS: dict[str, Handler] = {"login": login}
