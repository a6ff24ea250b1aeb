"""The easydb 5 API's emulator package: sessions and the pool tree, all of it beyond CRUD (core/api.py).

Every call is hand-written (responses.py over models.py): the session flow (open, authenticate,
deauthenticate), and pools that are inserted and updated in arrays with versions, form a tree with two
system pools (in every database, fresh or reset: the base), and are seen according to the user's rights. A
--login is LOGIN:PASSWORD[:RIGHT,...] (every right when none is given; an unknown right stops the start).
Both token placements (the x-easydb-token header, the `token` query parameter) carry a session token, which
the handlers look up (core security kind "session"); the control routes take the emulator's control key.
seed.py is the demo data (--seed demo): a small pool tree under the standard pool.
"""

from __future__ import annotations

from contract_tests.emulator.apis.easydb import models, responses, seed
from contract_tests.emulator.core.api import EmulatorApi

API = EmulatorApi(
    name="easydb",
    handlers=responses.HANDLERS,
    tables=models.TABLES,
    base=models.ensure_system_pools,
    seeds={"demo": seed.demo},
    counted=("easydb_pools", "easydb_sessions"),
    credential_kinds={"HeaderToken": "session", "QueryToken": "session"},
    login_extra=("rights",),
    check_login=responses.check_login,
)
