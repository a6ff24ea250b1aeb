"""easydb's state without HTTP: users and their rights, sessions, and the pool tree.

What the vendor documents (specs/easydb/upstream/, specs/easydb/upstream-facts.md):
- Sessions start unauthenticated (GET /api/v1/session), are authenticated with a login and password and
  deauthenticated again; an unknown token is `error.user.session_not_found`, a pool call on a session
  that is not authenticated `error.user.not_authenticated`.
- Pools form a tree under the root pool (`system:root`, left out of lists); a standard pool
  (`system:standard`) exists too. Both are system pools: they cannot be deleted or moved.
- PUT and POST take arrays: an item without `pool._id` is new (a parent, `_version` 1), an item with one
  changes that pool (`_version` the current one plus one). Fields left out keep their value. Names are
  unique among a parent's pools. A call is all or nothing: the first item that fails leaves every pool as
  it was.
- Rights: bag_read / bag_write to see a pool (`_acl` only with bag_write), bag_create to create under
  a parent, bag_delete to delete, bag_acl to change the rights-management fields (on the root pool:
  the system right system.rights_management). This emulator gives each user one set of rights for
  every pool (the vendor's per-pool ACLs are not emulated): a user without bag_read and bag_write sees no
  pool at all.

Each pool keeps its full format as JSON text, written when the pool is (`rendered`, with `acl` apart): an
answer adds what depends on the other pools or on the user (_has_children, _generated_rights, whether the
ACL shows) by joining strings in SQL (RENDER below), so that a list of ten thousand pools parses nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from contract_tests.emulator.core.settings import Login
from contract_tests.emulator.core.storage import Database, Tables
from contract_tests.emulator.dialects.easydb import DIALECT, EasydbError, api_error, user_error

RIGHTS = ("bag_read", "bag_write", "bag_create", "bag_delete", "bag_acl", "system.rights_management")
POOL_RIGHTS = RIGHTS[:5]
# The fields of the rights-management group (api/pool, "Permissions").
RIGHTS_MANAGEMENT_FIELDS = ("_acl", "_private_acl", "_tags", "_private_tags", "_transitions", "_private_transitions")
ROOT_REFERENCE, STANDARD_REFERENCE = "system:root", "system:standard"
ROOT_ID, STANDARD_ID = 1, 2  # as in a fresh easydb; a reset database has them again (other ids are never reused)
AUTHENTICATION_METHOD = "easydb"
LARGEST_ID = 2**63 - 1  # SQLite's integers: a larger id names no pool

TABLES_SQL = """
CREATE TABLE IF NOT EXISTS easydb_pools (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, as the server's ids
    parent_id INTEGER REFERENCES easydb_pools (id),
    version INTEGER NOT NULL,
    system TEXT,  -- root or standard: a system pool
    reference TEXT UNIQUE,
    shortname TEXT UNIQUE,
    -- The pool in full format as a JSON object, less _has_children, _generated_rights, _acl, _private_acl
    rendered TEXT NOT NULL,
    acl TEXT NOT NULL  -- the members "_acl":[...],"_private_acl":... (no _private_acl for the root pool)
);
CREATE INDEX IF NOT EXISTS easydb_pools_parent ON easydb_pools (parent_id);
-- Each culture's name of each pool, so that "unique among siblings" is one index lookup, not a scan.
CREATE TABLE IF NOT EXISTS easydb_pool_names (
    parent_id INTEGER NOT NULL,
    culture TEXT NOT NULL,
    name TEXT NOT NULL,
    pool_id INTEGER NOT NULL REFERENCES easydb_pools (id) ON DELETE CASCADE,
    PRIMARY KEY (parent_id, culture, name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS easydb_pool_names_pool ON easydb_pool_names (pool_id);
CREATE TABLE IF NOT EXISTS easydb_sessions (
    token TEXT PRIMARY KEY,
    login TEXT,  -- set once authenticated
    method TEXT,
    authenticated_at TEXT,
    language TEXT NOT NULL,
    -- Set once authenticated: an HMAC of the login and its password under the session's token, so that a
    -- session is the user's only while the emulator is configured with the credentials it was opened with
    -- (not after a restart with another password). A database from before it gets the column at start.
    credentials TEXT
);
"""
TABLES = Tables(
    sql=TABLES_SQL,
    names=("easydb_sessions", "easydb_pool_names", "easydb_pools"),
    bookkeeping=("easydb_sessions", "easydb_pool_names"),
    ids_survive_reset=True,  # a pool id names one pool ever, a reset or not (the system pools' own ids aside)
)


@dataclass(frozen=True)
class User:
    login: str
    password: str = field(repr=False)
    rights: frozenset[str] = frozenset(RIGHTS)

    @classmethod
    def from_login(cls, login: Login) -> User:
        """A --login LOGIN:PASSWORD[:RIGHT,RIGHT...] (every right when none is given); ValueError for a
        right easydb does not have."""
        text = login.extra[0] if login.extra else ""
        chosen = frozenset(right.strip() for right in text.split(",") if right.strip()) or frozenset(RIGHTS)
        unknown = sorted(chosen - set(RIGHTS))
        if unknown:
            raise ValueError(
                f"--login {login.username}: unknown rights {', '.join(unknown)} (known: {', '.join(RIGHTS)})"
            )
        return cls(login.username, login.password, chosen)

    def may(self, right: str) -> bool:
        return right in self.rights

    @property
    def reads_pools(self) -> bool:
        return self.may("bag_read") or self.may("bag_write")


class Sessions:
    def __init__(self, store: Database, users: Iterable[User], clock: Callable[[], str]) -> None:
        self._store = store
        self._users = {user.login: user for user in users}
        self._clock = clock

    def open(self, language: str) -> str:
        token = secrets.token_urlsafe(32)
        with self._store.transaction() as connection:
            connection.execute("INSERT INTO easydb_sessions (token, language) VALUES (?, ?)", (token, language))
        return token

    def find(self, token: str) -> dict[str, Any]:
        row = self._store.one("SELECT * FROM easydb_sessions WHERE token = ?", (token,))
        if row is None:
            raise user_error("session_not_found", id=token)
        return dict(row)

    def set_language(self, token: str, language: str) -> None:
        with self._store.transaction() as connection:
            connection.execute("UPDATE easydb_sessions SET language = ? WHERE token = ?", (language, token))

    def authenticate(self, token: str, login: str, password: str, method: str) -> None:
        self.find(token)
        methods = [part.strip() for part in method.split(",") if part.strip()] or [AUTHENTICATION_METHOD]
        if AUTHENTICATION_METHOD not in methods:
            raise user_error("authentication_method_not_allowed", method=",".join(methods))
        if not login or not password:
            raise user_error("username_or_password_empty")
        user = self._users.get(login)
        if user is None or not secrets.compare_digest(user.password.encode(), password.encode()):
            raise user_error("login_failed")  # the catalogue gives it no parameters
        with self._store.transaction() as connection:
            connection.execute(
                "UPDATE easydb_sessions SET login = ?, method = ?, authenticated_at = ?, credentials = ? "
                "WHERE token = ?",
                (login, AUTHENTICATION_METHOD, self._clock(), _credentials(token, user), token),
            )

    def deauthenticate(self, token: str) -> None:
        self.find(token)
        with self._store.transaction() as connection:
            connection.execute(
                "UPDATE easydb_sessions SET login = NULL, method = NULL, authenticated_at = NULL, credentials = NULL "
                "WHERE token = ?",
                (token,),
            )

    def user(self, token: str | None) -> User:
        """The user of an authenticated session; the documented error otherwise."""
        if not token:
            raise user_error("not_authenticated")
        user = self.user_of(self.find(token))
        if user is None:  # not authenticated, or its user is no longer configured
            raise user_error("not_authenticated")
        return user

    def user_of(self, session: Mapping[str, Any]) -> User | None:
        """The configured user a session is authenticated as, with the credentials it was authenticated
        with (None if not authenticated, or that user is no longer configured so)."""
        user = self._users.get(session["login"]) if session.get("login") else None
        if user is None or not session.get("credentials"):
            return None
        return user if hmac.compare_digest(_credentials(session["token"], user), session["credentials"]) else None


def _credentials(token: str, user: User) -> str:
    return hmac.new(token.encode(), f"{user.login}\0{user.password}".encode(), hashlib.sha256).hexdigest()


def ensure_system_pools(store: Database, clock: Callable[[], str] = DIALECT.now) -> None:
    """The two system pools every easydb has, in a database without them (fresh, or just reset); and the
    sessions' credentials column in a database made before it (its sessions then count as not
    authenticated: none was bound to its credentials)."""
    columns = {row["name"] for row in store.all("PRAGMA table_info(easydb_sessions)")}
    if "credentials" not in columns:
        with store.transaction() as connection:
            connection.execute("ALTER TABLE easydb_sessions ADD COLUMN credentials TEXT")
    if store.one("SELECT 1 FROM easydb_pools WHERE system = 'root'") is not None:
        return
    stamp = clock()
    with store.transaction() as connection:
        for pool_id, system, parent, reference, names in (
            (ROOT_ID, "root", None, ROOT_REFERENCE, {"de-DE": "Wurzel", "en-US": "Root"}),
            (STANDARD_ID, "standard", ROOT_ID, STANDARD_REFERENCE, {"de-DE": "Standard", "en-US": "Standard"}),
        ):
            own = {"name": names, "reference": reference}
            rendered, acl = _full_format(pool_id, parent, 1, system, {}, own, stamp, stamp)
            connection.execute(
                "INSERT INTO easydb_pools (id, parent_id, version, system, reference, rendered, acl) "
                "VALUES (?, ?, 1, ?, ?, ?, ?)",
                (pool_id, parent, system, reference, rendered, acl),
            )
            _store_names(connection, pool_id, parent, names)


class Pools:
    def __init__(self, store: Database, clock: Callable[[], str]) -> None:
        self._store = store
        self._clock = clock

    def all(self, user: User) -> str:
        """Every pool the user may read, root left out (api/pool: "not included in searches"), as a JSON
        array: none for a user without bag_read and bag_write."""
        if not user.reads_pools:
            return "[]"
        return self._rendered(user, "p.system IS NOT 'root' ORDER BY p.id", ())

    def one(self, user: User, pool_id: int) -> str:
        """The pool as a one-element JSON array (api/pool: "returns a 400 error" when it is not readable)."""
        if _pool(self._store.connection, pool_id) is None:
            raise user_error("pool_not_found", id=pool_id)
        if not user.reads_pools:
            raise _insufficient("read", pool_id, "bag_read")
        return self._rendered(user, "p.id = ?", (pool_id,))

    def save(self, user: User, items: Sequence[Mapping[str, Any]]) -> str:
        """Insert or update every item, in order, in one transaction: the first that fails undoes all.
        The pools saved, as a JSON array in the items' order, read in the same transaction: once it commits,
        a concurrent request (handlers run side by side on a file database) may change or delete them."""
        stamp = self._clock()
        saved: list[int] = []
        with self._store.transaction() as connection:
            for item in items:
                attributes = dict(item.get("pool") or {})
                if attributes.get("_id") is None and isinstance(attributes.get("lookup:_id"), Mapping):
                    attributes["_id"] = self._looked_up(connection, attributes["lookup:_id"])
                if attributes.get("_id") is None:
                    saved.append(self._insert(connection, user, item, attributes, stamp))
                else:
                    saved.append(self._update(connection, user, item, attributes, stamp))
            if not saved:
                return "[]"
            rendered = dict(self._rows(user, "p.id IN (SELECT value FROM json_each(?))", (json.dumps(saved),)))
        return "[" + ",".join(rendered[pool_id] for pool_id in saved) + "]"

    def delete(self, user: User, pool_id: int) -> None:
        """Delete an empty pool. The checks are made in the delete's transaction (a write's turn): checked
        before it, a sub-pool saved in between failed the delete on the foreign key, and two deletes of one
        pool both answered 200."""
        with self._store.transaction() as connection:
            row = _pool(connection, pool_id)
            if row is None:
                raise user_error("pool_not_found", id=pool_id)
            if not user.may("bag_delete"):
                raise _insufficient("delete", pool_id, "bag_delete")
            if row["system"] is not None:
                raise user_error("system_pool_delete", id=pool_id)
            if connection.execute("SELECT 1 FROM easydb_pools WHERE parent_id = ? LIMIT 1", (pool_id,)).fetchone():
                raise user_error("pool_not_empty", id=pool_id)
            connection.execute("DELETE FROM easydb_pools WHERE id = ?", (pool_id,))

    # -- rendering -------------------------------------------------------------------------------------

    def _query(self, user: User, where: str, parameters: tuple[Any, ...]) -> list[sqlite3.Row]:
        """The rows (id, text in full format) of the pools `where` selects, as this user sees them."""
        rights = json.dumps({right: user.may(right) for right in POOL_RIGHTS})
        return self._store.all(f"{RENDER} WHERE {where}", (rights, user.may("bag_write"), *parameters))

    def _rows(self, user: User, where: str, parameters: tuple[Any, ...]) -> list[tuple[int, str]]:
        return [(int(row[0]), str(row[1])) for row in self._query(user, where, parameters)]

    def _rendered(self, user: User, where: str, parameters: tuple[Any, ...]) -> str:
        # The texts straight from the rows (a list of 10,000 pools is 6 MB of them), no (id, text) pairs made.
        return "[" + ",".join([row[1] for row in self._query(user, where, parameters)]) + "]"

    # -- one item of a save ---------------------------------------------------------------------------

    def _insert(self, connection: sqlite3.Connection, user: User, item: Mapping[str, Any],
                attributes: dict[str, Any], stamp: str) -> int:  # fmt: skip
        parent_id = self._parent(connection, attributes)
        if parent_id is None:
            raise user_error("pool_requires_parent")
        if not user.may("bag_create"):
            raise _insufficient("create", parent_id, "bag_create")
        self._check_version(attributes, expected=1)
        top, own = _split(item, attributes)
        self._check_rights_management(user, top, TOP_DEFAULTS, "create", "-", is_root=False)
        names = _names(own)
        self._check_unique(connection, None, parent_id, names, own)
        cursor = connection.execute(
            "INSERT INTO easydb_pools (parent_id, version, reference, shortname, rendered, acl) "
            "VALUES (?, 1, ?, ?, '{}', '')",
            (parent_id, own.get("reference"), own.get("shortname")),
        )
        pool_id = int(cursor.lastrowid or 0)
        rendered, acl = _full_format(pool_id, parent_id, 1, None, top, own, stamp, stamp)
        connection.execute("UPDATE easydb_pools SET rendered = ?, acl = ? WHERE id = ?", (rendered, acl, pool_id))
        _store_names(connection, pool_id, parent_id, names)
        return pool_id

    def _update(self, connection: sqlite3.Connection, user: User, item: Mapping[str, Any],
                attributes: dict[str, Any], stamp: str) -> int:  # fmt: skip
        pool_id = attributes["_id"]
        row = _pool(connection, pool_id)
        if row is None:
            raise user_error("pool_not_found", id=pool_id)
        if not user.may("bag_write"):
            raise _insufficient("update", pool_id, "bag_write")
        self._check_version(attributes, expected=row["version"] + 1)
        stored_top, stored_own, created = _stored(row)
        top, own = _split(item, attributes)
        self._check_rights_management(user, top, stored_top, "update", pool_id, is_root=row["system"] == "root")
        if row["system"] == "root" and "_private_acl" in item:
            raise api_error("attribute_not_accepted", "_private_acl: not available for the root pool")
        parent_id = row["parent_id"]
        if "_id_parent" in attributes or "lookup:_id_parent" in attributes:
            new_parent = self._parent(connection, attributes)
            if new_parent != parent_id:
                if row["system"] is not None:
                    raise user_error("system_pool_update_parent", id=pool_id)
                if new_parent is None:
                    raise user_error("pool_requires_parent")
                if new_parent == pool_id or self._is_below(connection, new_parent, pool_id):
                    raise api_error("invalid_value", f"pool._id_parent: pool {pool_id} cannot move below itself")
                parent_id = new_parent
        merged_top, merged_own = {**stored_top, **top}, {**stored_own, **own}
        names = _names(merged_own)
        self._check_unique(connection, pool_id, parent_id, names, merged_own)
        version = row["version"] + 1
        rendered, acl = _full_format(pool_id, parent_id, version, row["system"], merged_top, merged_own, created,
                                     stamp)  # fmt: skip
        connection.execute(
            "UPDATE easydb_pools SET parent_id = ?, version = ?, reference = ?, shortname = ?, rendered = ?, acl = ? "
            "WHERE id = ?",
            (parent_id, version, merged_own.get("reference"), merged_own.get("shortname"), rendered, acl, pool_id),
        )
        connection.execute("DELETE FROM easydb_pool_names WHERE pool_id = ?", (pool_id,))
        _store_names(connection, pool_id, parent_id, names)
        return int(pool_id)

    @staticmethod
    def _looked_up(connection: sqlite3.Connection, lookup: Mapping[str, Any]) -> int | None:
        """The pool a lookup names by its reference or short name (datamanagement/lookups), or
        pool_not_found; None for a lookup that names neither."""
        for key in ("reference", "shortname"):
            if key in lookup:
                row = connection.execute(f"SELECT id FROM easydb_pools WHERE {key} = ?", (lookup[key],)).fetchone()
                if row is None:
                    raise user_error("pool_not_found", id=f"{key}:{lookup[key]}")
                return int(row["id"])
        return None

    @classmethod
    def _parent(cls, connection: sqlite3.Connection, attributes: Mapping[str, Any]) -> int | None:
        """The parent an item names: by lookup (reference or short name), else by `_id_parent`."""
        lookup = attributes.get("lookup:_id_parent")
        if isinstance(lookup, Mapping):
            looked_up = cls._looked_up(connection, lookup)
            if looked_up is not None:
                return looked_up
        parent = attributes.get("_id_parent")
        if parent is None:
            return None
        if _pool(connection, parent) is None:
            raise user_error("pool_not_found", id=parent)
        return int(parent)

    @staticmethod
    def _check_version(attributes: Mapping[str, Any], expected: int) -> None:
        provided = attributes.get("_version")
        if provided != expected:
            raise user_error("version_mismatch", provided="" if provided is None else provided, expected=expected)

    @staticmethod
    def _check_rights_management(user: User, top: Mapping[str, Any], stored: Mapping[str, Any], operation: str,
                                 ids: Any, *, is_root: bool) -> None:  # fmt: skip
        """api/pool, Permissions: "the bag_acl right if any rights management attribute (*) is updated":
        a rights field sent with the value it has (a pool as read, sent back) updates nothing."""
        if all(top.get(name, stored.get(name)) == stored.get(name) for name in RIGHTS_MANAGEMENT_FIELDS):
            return
        if is_root and not user.may("system.rights_management"):
            raise user_error("no_system_right", right="system.rights_management")
        if not is_root and not user.may("bag_acl"):
            raise _insufficient(operation, ids, "bag_acl")

    @staticmethod
    def _check_unique(connection: sqlite3.Connection, pool_id: int | None, parent_id: int,
                      names: Mapping[str, str], own: Mapping[str, Any]) -> None:  # fmt: skip
        """Names are unique among a parent's pools, per culture (types/pool: "unique for pools with the same
        parent"); references and short names across all pools."""
        for culture, name in names.items():
            clash = connection.execute(
                "SELECT 1 FROM easydb_pool_names WHERE parent_id = ? AND culture = ? AND name = ? AND pool_id IS NOT ?",
                (parent_id, culture, name, pool_id),
            ).fetchone()
            if clash is not None:
                raise user_error("integrity_constraint_violation", constraint="pool.name")
        for key in ("reference", "shortname"):
            if own.get(key) is not None:
                clash = connection.execute(f"SELECT 1 FROM easydb_pools WHERE {key} = ? AND id IS NOT ?",
                                           (own[key], pool_id)).fetchone()  # fmt: skip
                if clash is not None:
                    raise user_error("integrity_constraint_violation", constraint=f"pool.{key}")

    @staticmethod
    def _is_below(connection: sqlite3.Connection, candidate: int, ancestor: int) -> bool:
        row = connection.execute(
            "WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM easydb_pools WHERE id = ? "
            "UNION ALL SELECT p.id, p.parent_id FROM easydb_pools p JOIN up ON p.id = up.parent_id) "
            "SELECT 1 FROM up WHERE id = ?",
            (candidate, ancestor),
        ).fetchone()
        return row is not None


# A pool in full format (types/pool): its stored JSON, after what depends on the other pools and on the
# user. Parameters: the user's _generated_rights (JSON), whether the user has bag_write (which shows _acl
# and _private_acl: api/pool, Output), then the WHERE clause's.
RENDER = """
SELECT p.id,
    '{"_has_children":' || CASE WHEN EXISTS (SELECT 1 FROM easydb_pools c WHERE c.parent_id = p.id)
                                THEN 'true' ELSE 'false' END
    || ',"_generated_rights":' || ?1
    || CASE WHEN ?2 THEN ',' || p.acl ELSE '' END
    || ',' || substr(p.rendered, 2)
FROM easydb_pools p"""

# The fields a client writes at the top of a pool (PoolWrite) and their defaults (types/pool); of them the
# ACL fields go to `acl`. What the server computes: _basetype, _compiled_tags (from _tags here), and in
# `pool` the fields of their own columns and the timestamps.
TOP_DEFAULTS: dict[str, Any] = {
    "_acl": [],
    "_private_acl": False,
    "_standard_masks": None,
    "_tags": [],
    "_private_tags": False,
    "_transitions": [],
    "_private_transitions": False,
}
ACL_FIELDS = ("_acl", "_private_acl")
COMPUTED_POOL_FIELDS = ("_id", "_id_parent", "_version", "is_system_pool", "created_timestamp",
                        "last_updated_timestamp")  # fmt: skip
# The r fields of the full format at the top, which a client may send back (PoolWrite) and which change
# nothing: the server's own.
SERVERS_TOP_FIELDS = ("pool", "_basetype", "_compiled_tags", "_has_children", "_generated_rights")


def _full_format(pool_id: int, parent_id: int | None, version: int, system: str | None, top: Mapping[str, Any],
                 own: Mapping[str, Any], created: str, updated: str) -> tuple[str, str]:  # fmt: skip
    """The stored JSON of a pool: its full format less what RENDER adds, and its ACL members apart."""
    fields = {**TOP_DEFAULTS, **top}
    pool = {
        "_id": pool_id,
        "_id_parent": parent_id,
        "_version": version,
        "is_system_pool": system is not None,
        **own,
        "reference": own.get("reference"),
        "shortname": own.get("shortname"),
        "created_timestamp": created,
        "last_updated_timestamp": updated,
    }
    rendered = {"_basetype": "pool", **{name: value for name, value in fields.items() if name not in ACL_FIELDS}}
    rendered["_compiled_tags"] = fields["_tags"]
    rendered["pool"] = pool
    # types/pool, Remarks: "the field _private_acl is not available for the root pool"
    acl = {name: fields[name] for name in ACL_FIELDS if not (system == "root" and name == "_private_acl")}
    return json.dumps(rendered, separators=(",", ":")), json.dumps(acl, separators=(",", ":"))[1:-1]


def _stored(row: sqlite3.Row) -> tuple[dict[str, Any], dict[str, Any], str]:
    """What a stored pool's client wrote (its top fields, its `pool` fields) and when it was created."""
    rendered = json.loads(row["rendered"])
    top = {name: value for name, value in rendered.items() if name not in SERVERS_TOP_FIELDS}
    top.update(json.loads("{" + row["acl"] + "}"))
    pool = rendered["pool"]
    own = {name: value for name, value in pool.items() if name not in COMPUTED_POOL_FIELDS}
    return top, own, str(pool["created_timestamp"])


# What is not kept with a pool's other `pool` fields: what has a column of its own, the lookups (which name
# pools, and are resolved), and the server's r fields (sent back, they change nothing).
_NOT_KEPT_IN_OWN = (*COMPUTED_POOL_FIELDS, "lookup:_id", "lookup:_id_parent", "reference", "shortname")


def _split(item: Mapping[str, Any], attributes: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The item's top-level fields and its `pool` fields that a client writes, less those kept in columns
    of their own (but the reference and short name, kept in both)."""
    top = {key: value for key, value in item.items() if key not in SERVERS_TOP_FIELDS}
    own = {key: value for key, value in attributes.items() if key not in _NOT_KEPT_IN_OWN}
    for key in ("reference", "shortname"):
        if key in attributes:
            own[key] = attributes[key]
    return top, own


def _names(own: Mapping[str, Any]) -> dict[str, str]:
    """The pool's name in each culture that has one. A pool needs one (types/pool: `name` is not optional;
    types/l10n: "at least one is not null when the field is required"): a new pool without a name, or a
    name with no text, is a not-null violation (errors, "General data manipulation errors")."""
    names = {culture: text for culture, text in (own.get("name") or {}).items() if text}
    if not names:
        raise user_error("not_null_violation", column="pool.name")
    return names


def _store_names(connection: sqlite3.Connection, pool_id: int, parent_id: int | None, names: Mapping[str, str]) -> None:
    if parent_id is None:  # the root pool has no siblings
        return
    connection.executemany(
        "INSERT INTO easydb_pool_names (parent_id, culture, name, pool_id) VALUES (?, ?, ?, ?)",
        [(parent_id, culture, name, pool_id) for culture, name in names.items()],
    )


def _pool(connection: sqlite3.Connection, pool_id: Any) -> sqlite3.Row | None:
    """The stored pool of that id, if any (an id beyond SQLite's integers names none)."""
    if not isinstance(pool_id, int) or isinstance(pool_id, bool) or not 0 <= pool_id <= LARGEST_ID:
        return None
    row: sqlite3.Row | None = connection.execute("SELECT * FROM easydb_pools WHERE id = ?", (pool_id,)).fetchone()
    return row


def _insufficient(operation: str, ids: Any, right: str) -> EasydbError:
    return user_error("insufficient_rights", operation=operation, type="pool", ids=ids, right=right)
