"""Before any test: is the run's target a host that answers, and does it take the run's credentials?

A run against a URL without a scheme, a host that does not answer, or with a key the host refuses would
otherwise spend minutes sending cases that all fail the same way (or, worse, all "pass" on 401s). Three
steps, each with a short timeout, each failing with one line that says what is wrong, never a secret:
1. the URL has a scheme (http or https) and a host (network.url_problem; contract_tests/target.py
   refuses a live URL without them before anything starts);
2. the host answers at all: one GET of the probe operation without credentials (a refused connection,
   a name that does not resolve, a TLS failure are named as such: contract_tests/network.py);
3. one authenticated read succeeds: the probe operation again, with the run's auth (for a token flow,
   obtaining the token is part of it), answering 2xx.
The probe is a safe read the spec has: the first GET without path parameters and without required
parameters of its own, with security, that is neither part of the token flow nor marked with side effects.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from contract_tests import network
from contract_tests.api import ContractApi, SpecOperation
from contract_tests.auth import LoginFailed, Placement
from contract_tests.target import Target, login_variables

CONNECT_TIMEOUT = 3.0  # seconds; a host that answers at all accepts a connection far sooner
READ_TIMEOUT = 5.0
# Where the fixture that ran the preflight leaves its one line when the run cannot go on (for the report).
PROBLEM_KEY = pytest.StashKey[str]()


def probe_operation(api: ContractApi) -> SpecOperation | None:
    """The read the preflight sends (see the module's docstring); None when the spec has none."""
    excluded = {*api.token_flow_operations(), *api.side_effect_operations()}
    credentials = {(p.location, p.name) for p in map(_placement, api.security_schemes().items()) if p}
    for operation in api.operations():
        if operation.method != "GET" or operation.operation_id in excluded or not _secured(api, operation):
            continue
        needs = [p for p in operation.parameters if p.get("in") == "path"
                 or (p.get("required") and (p.get("in"), p.get("name")) not in credentials)]  # fmt: skip
        if not needs:
            return operation
    return None


def check(api: ContractApi, target: Target, base_url: str, auth: requests.auth.AuthBase) -> str | None:
    """What keeps the run from testing `base_url` (one line, after the URL); None when nothing does."""
    problem = network.url_problem(base_url)
    if problem is not None:
        return problem
    probe = probe_operation(api)
    url = probe.url(base_url, live=target.live) if probe is not None else base_url
    # Not the run's session (contract_tests/http.py): a 429 here is reported, not waited out. Its reading of
    # the environment's proxy settings is the run's rule, though: only for a live host.
    http = requests.Session()
    http.trust_env = target.live
    with http:
        return _probe(api, target, http, url, probe, auth)


def _probe(api: ContractApi, target: Target, http: requests.Session, url: str, probe: SpecOperation | None,
           auth: requests.auth.AuthBase) -> str | None:  # fmt: skip
    headers = {"Accept": "application/json"}
    timeout = (CONNECT_TIMEOUT, READ_TIMEOUT)
    try:
        http.get(url, headers=headers, timeout=timeout, allow_redirects=False)
    except requests.RequestException as error:
        return network.describe(error, connect_timeout=CONNECT_TIMEOUT)
    if probe is None:
        return None  # nothing in the spec to read with credentials: reachable is all that can be known
    credentials = credential_names(api, target)
    try:
        response = http.get(url, headers=headers, timeout=timeout, auth=auth, allow_redirects=False)
    except LoginFailed as refused:
        return f"{_obtaining(api)} failed: {refused} (with {credentials})"
    except requests.RequestException as error:
        return network.describe(error, connect_timeout=CONNECT_TIMEOUT)
    if response.ok:
        return _not_the_documented_answer(probe, response)
    said = f"{response.status_code}{_code(api, response)} from GET {probe.path} with {credentials}"
    if response.status_code == 429:
        # Not waited out here: a preflight answers in seconds, and a Retry-After may be a minute or more.
        wait = response.headers.get("Retry-After")
        return f"rate limited ({said}{f', Retry-After {wait}' if wait else ''}): the account's limit is busy; try later"
    if _refuses_credentials(api, response):
        what = "the API key was" if target.credentials.api_key is not None else f"the token from {_obtaining(api)} was"
        return f"{what} refused ({said})"
    if response.status_code >= 500:
        return f"the server failed the authenticated read ({said}): try later, or ask the API's operator"
    return f"the authenticated read answered {said}, not 2xx: is this the API's base URL?"


def _not_the_documented_answer(probe: SpecOperation, response: requests.Response) -> str | None:
    """Why a 2xx of the probe is not the API's answer (an HTML page of a proxy or a login wall, say): not
    a media type its spec documents for that status, or JSON that does not parse; None when it is."""
    responses = probe.definition.get("responses", {})
    documented = responses.get(str(response.status_code)) or responses.get("2XX") or responses.get("default") or {}
    media_types = [media.split(";")[0].strip().lower() for media in documented.get("content", {})]
    got = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    where = f"GET {probe.path} answered {response.status_code}"
    if media_types and got not in media_types:
        return (f"{where} as {got or 'no Content-Type'}, not {' or '.join(media_types)}: is this the API's base "
                "URL (not a web page, a proxy's or a login page)?")  # fmt: skip
    if got == "application/json" or got.endswith("+json"):
        try:
            response.json()
        except ValueError:
            return f"{where} with a body that is not JSON: is this the API's base URL?"
    return None


def credential_names(api: ContractApi, target: Target) -> str:
    """The variables the run's credentials came from, for a message (never their values)."""
    if not target.live:
        return "the credentials the run gave its emulator"
    if target.credentials.api_key is not None:
        return api.profile.env("API_KEY")
    names = login_variables(api)
    return " and ".join(names) if names else "the run's credentials"


def _obtaining(api: ContractApi) -> str:
    flow = api.profile.token_flow or {}
    return "opening and authenticating a session" if flow.get("kind") == "session" else "logging in"


def _placement(item: tuple[str, dict[str, Any]]) -> Placement | None:
    return Placement.of(*item)


def _secured(api: ContractApi, operation: SpecOperation) -> bool:
    """Whether the operation needs credentials (a security requirement, none of them the empty one)."""
    requirements = operation.definition.get("security", api.spec.get("security", []))
    return bool(requirements) and all(requirement for requirement in requirements)


def _refuses_credentials(api: ContractApi, response: requests.Response) -> bool:
    """401 or 403, or the API's declared rejection of an unauthenticated call (contract.rejections)."""
    if response.status_code in (401, 403):
        return True
    # The reading of contract_tests/checks.py's ApiRejections.matches, which cannot be imported here: it
    # imports schemathesis, and `python -m contract_tests` runs this before pytest starts (variables.py).
    rejection = (api.profile.contract.get("rejections") or {}).get("unauthenticated")
    if not rejection or response.status_code != int(rejection["status"]):
        return False
    codes, realms = set(rejection.get("codes", ())), set(rejection.get("realms", ()))
    body = _json_object(response)
    errors = api.profile.errors
    return (not codes or body.get(errors.get("code_field", "")) in codes) and (
        not realms or body.get(errors.get("realm_field", "")) in realms
    )


def _json_object(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _code(api: ContractApi, response: requests.Response) -> str:
    """The error code an errors-by-code API answered with, after the status."""
    errors = api.profile.errors
    code = _json_object(response).get(errors.get("code_field", "")) if errors.get("by") == "code" else None
    return f" {code}" if isinstance(code, str) else ""
