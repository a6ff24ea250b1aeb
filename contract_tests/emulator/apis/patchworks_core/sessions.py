"""The login operation: a configured username and password for a token that expires (the core's
Authenticator issues and checks it; the spec's BearerAuth scheme carries it)."""

from __future__ import annotations

from starlette.responses import Response

from contract_tests.emulator.core.answers import json_response
from contract_tests.emulator.core.call import Call, Handler
from contract_tests.emulator.dialects.laravel_responses import HttpError


def login(call: Call) -> Response:
    authenticator = call.emulator.authenticator
    token = authenticator.login(str(call.body["username"]), str(call.body["password"]))
    if token is None:
        raise HttpError(401, "These credentials do not match our records.")
    return json_response(
        200, {"message": "You have successfully logged in.", "token": token, "expires_in": authenticator.token_ttl}
    )


HANDLERS: dict[str, Handler] = {"login": login}
