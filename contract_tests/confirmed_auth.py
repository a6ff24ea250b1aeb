"""schemathesis' ignored_auth check as its own engine runs it: each operation's enforcement of credentials
is probed once per run, not after every answer.

The built-in sends two probes (no credentials, then a wrong one in each place a credential goes) for an
answer of 2xx to a call with credentials, unless the operation is in `ctx.auth_enforced_operations`, the
run's set of operations already shown to refuse them ("one confirmation per run is enough", in its words).
schemathesis' engine (the CLI) shares that set across the run; its pytest integration and state machines,
which this contract check runs on, build each CheckContext with None, so the built-in probed every 2xx
answer again: 3,288 probes in one stateful phase of 1,827 cases, about a third of its time, confirming
nothing new. This module registers a check of the same name (schemathesis' registry is by name, so the
config's `ignored_auth` switch, the report's column and the check's precondition stay as they are: it
unregisters the built-in first, as schemathesis refuses a second check of one name) that gives the built-in
a set per schema. The built-in still judges every answer: once an operation is confirmed it sends no more
probes for calls with the run's credentials, but it still fails a 2xx answer to a call whose credentials
were made up or missing. Hand-written because schemathesis has no setting for it.

The same set is the store of ignored_auth_as_documented (checks.py), which stands in for the built-in in
a run of an API that declares its refusals: one fact, kept once.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

import schemathesis
from schemathesis import Case
from schemathesis.checks import CHECKS, CheckContext
from schemathesis.core.transport import Response
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi.checks import ignored_auth as builtin_ignored_auth

# Per schema (one run's, or one test's in the project's own tests), by id as schemas are not hashable, and
# dropped with the schema: the operations confirmed to refuse calls without valid credentials.
_CONFIRMED: dict[int, set[str]] = {}
_LOCK = threading.Lock()


def confirmed_operations(schema: BaseSchema) -> set[str]:
    with _LOCK:
        if id(schema) not in _CONFIRMED:
            _CONFIRMED[id(schema)] = set()
            weakref.finalize(schema, _CONFIRMED.pop, id(schema), None)
        return _CONFIRMED[id(schema)]


def ignored_auth(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """schemathesis' ignored_auth, with the run's confirmed operations (see the module's docstring): an
    operation confirmed already is not probed again."""
    if ctx.auth_enforced_operations is None:
        ctx.auth_enforced_operations = confirmed_operations(case.operation.schema)
    return builtin_ignored_auth(ctx, response, case)


if CHECKS.get_one("ignored_auth") is builtin_ignored_auth:  # once, however often this module is reloaded
    CHECKS.unregister("ignored_auth")
    schemathesis.check(ignored_auth)
