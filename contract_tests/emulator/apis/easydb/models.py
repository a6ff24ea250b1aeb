"""easydb's state without HTTP: users and their rights, sessions, and the pool tree.

What the vendor documents (specs/easydb/upstream/, shared/reference/upstream-facts.md):
- Sessions start unauthenticated (GET /api/v1/session), are authenticated with a login and password and
  deauthenticated again; an unknown token is `error.user.session_not_found`, a pool call on a session
  that is not authenticated `error.user.not_authenticated`.
- Pools form a tree under the root pool (`system:root`, left out of lists); a standard pool
  (`system:standard`) exists too. Both are system pools: they cannot be deleted or moved.
- PUT and POST take arrays: an item without `pool._id` is new (a parent, `_version` 1), an item with one
  changes that pool (`_version` the current one plus one). Fields left out keep their value. A call is
  all or nothing: the first item that fails leaves every pool as it was.
- Rights: bag_read / bag_write to see a pool (`_acl` only with bag_write), bag_create to create under
  a parent, bag_delete to delete, bag_acl to change the rights-management fields (on the root pool:
  the system right system.rights_management). This emulator gives each user one set of rights for
  every pool (the vendor's per-pool ACLs are not emulated).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from contract_tests.emulator.core.storage import Database, Tables
from contract_tests.emulator.dialects.easydb import EasydbError, api_error, user_error

RIGHTS = ("bag_read", "bag_write", "bag_create", "bag_delete", "bag_acl", "system.rights_management")
POOL_RIGHTS = RIGHTS[:5]
# The fields of the rights-management group (api/pool, "Permissions").
RIGHTS_MANAGEMENT_FIELDS = ("_acl", "_private_acl", "_tags", "_private_tags", "_transitions", "_private_transitions")
ROOT_REFERENCE, STANDARD_REFERENCE = "system:root", "system:standard"
AUTHENTICATION_METHOD = "easydb"

TABLES_SQL = """
CREATE TABLE IF NOT EXISTS easydb_pools (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, as the server's ids
    parent_id INTEGER REFERENCES easydb_pools (id),
    version INTEGER NOT NULL,
    system TEXT,  -- root or standard: a system pool
    reference TEXT UNIQUE,
    shortname TEXT UNIQUE,
    document TEXT NOT NULL,  -- the pool's own fields, as JSON: {"top": {...}, "pool": {...}}
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS easydb_pools_parent ON easydb_pools (parent_id);
CREATE TABLE IF NOT EXISTS easydb_sessions (
    token TEXT PRIMARY KEY,
    login TEXT,  -- set once authenticated
    method TEXT,
    authenticated_at TEXT,
    language TEXT NOT NULL
);
"""
TABLES = Tables(sql=TABLES_SQL, names=("easydb_sessions", "easydb_pools"), bookkeeping=("easydb_sessions",))


@dataclass(frozen=True)
class User:
    login: str
    password: str = field(repr=False)
    rights: frozenset[str] = frozenset(RIGHTS)

    @classmethod
    def parse(cls, text: str) -> User:
        """LOGIN:PASSWORD[:RIGHT,RIGHT...] (every right when none is given)."""
        login, _, rest = text.partition(":")
        password, _, rights = rest.partition(":")
        if not login or not password:
            raise ValueError("--login takes LOGIN:PASSWORD[:RIGHT,...]")
        chosen = frozenset(right.strip() for right in rights.split(",") if right.strip()) or frozenset(RIGHTS)
        unknown = sorted(chosen - set(RIGHTS))
        if unknown:
            raise ValueError(f"--login {login}: unknown rights {', '.join(unknown)} (known: {', '.join(RIGHTS)})")
        return cls(login, password, chosen)

    def may(self, right: str) -> bool:
        return right in self.rights


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
            raise user_error("login_failed", login=login)
        with self._store.transaction() as connection:
            connection.execute(
                "UPDATE easydb_sessions SET login = ?, method = ?, authenticated_at = ? WHERE token = ?",
                (login, AUTHENTICATION_METHOD, self._clock(), token),
            )

    def deauthenticate(self, token: str) -> None:
        self.find(token)
        with self._store.transaction() as connection:
            connection.execute(
                "UPDATE easydb_sessions SET login = NULL, method = NULL, authenticated_at = NULL WHERE token = ?",
                (token,),
            )

    def user(self, token: str | None) -> User:
        """The user of an authenticated session; the documented error otherwise."""
        if not token:
            raise user_error("not_authenticated")
        session = self.find(token)
        user = self._users.get(session["login"]) if session["login"] else None
        if user is None:  # not authenticated, or its user is no longer configured
            raise user_error("not_authenticated")
        return user

    def user_of(self, session: Mapping[str, Any]) -> User | None:
        return self._users.get(session["login"]) if session.get("login") else None


class Pools:
    def __init__(self, store: Database, clock: Callable[[], str]) -> None:
        self._store = store
        self._clock = clock

    def seed(self) -> None:
        """The two system pools every easydb has, when the database has no pool yet."""
        if self._store.one("SELECT 1 FROM easydb_pools LIMIT 1") is not None:
            return
        stamp = self._clock()
        with self._store.transaction() as connection:
            for system, parent, reference, names in (
                ("root", None, ROOT_REFERENCE, {"de-DE": "Wurzel", "en-US": "Root"}),
                ("standard", 1, STANDARD_REFERENCE, {"de-DE": "Standard", "en-US": "Standard"}),
            ):
                document = {"top": {}, "pool": {"name": names}}
                connection.execute(
                    "INSERT INTO easydb_pools (parent_id, version, system, reference, document, created, updated) "
                    "VALUES (?, 1, ?, ?, ?, ?, ?)",
                    (parent, system, reference, json.dumps(document), stamp, stamp),
                )

    def all(self, user: User) -> list[dict[str, Any]]:
        """Every pool the user may read, root left out (api/pool: "not included in searches")."""
        if not (user.may("bag_read") or user.may("bag_write")):
            return []
        rows = self._store.all(f"{_SELECT} WHERE p.system IS NOT 'root' ORDER BY p.id")
        return [self._render(row, user) for row in rows]

    def one(self, user: User, pool_id: int) -> dict[str, Any]:
        row = self._store.one(f"{_SELECT} WHERE p.id = ?", (pool_id,))
        if row is None:
            raise user_error("pool_not_found", id=pool_id)
        if not (user.may("bag_read") or user.may("bag_write")):
            raise _insufficient("read", pool_id, "bag_read")
        return self._render(row, user)

    def save(self, user: User, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Insert or update every item, in order, in one transaction: the first that fails undoes all."""
        stamp = self._clock()
        saved: list[int] = []
        with self._store.transaction() as connection:
            for item in items:
                attributes = dict(item.get("pool") or {})
                if attributes.get("_id") is None:
                    saved.append(self._insert(connection, user, item, attributes, stamp))
                else:
                    saved.append(self._update(connection, user, item, attributes, stamp))
        rows = {row["id"]: row for row in self._store.all(f"{_SELECT} WHERE p.id IN ({','.join('?' * len(saved))})",
                                                          saved)} if saved else {}  # fmt: skip
        return [self._render(rows[pool_id], user) for pool_id in saved]

    def delete(self, user: User, pool_id: int) -> None:
        row = self._store.one("SELECT id, system FROM easydb_pools WHERE id = ?", (pool_id,))
        if row is None:
            raise user_error("pool_not_found", id=pool_id)
        if not user.may("bag_delete"):
            raise _insufficient("delete", pool_id, "bag_delete")
        if row["system"] is not None:
            raise user_error("system_pool_delete", id=pool_id)
        if self._store.one("SELECT 1 FROM easydb_pools WHERE parent_id = ? LIMIT 1", (pool_id,)) is not None:
            raise user_error("pool_not_empty", id=pool_id)
        with self._store.transaction() as connection:
            connection.execute("DELETE FROM easydb_pools WHERE id = ?", (pool_id,))

    def count(self) -> int:
        row = self._store.one("SELECT COUNT(*) FROM easydb_pools")
        return int(row[0]) if row else 0

    # -- one item of a save ---------------------------------------------------------------------------

    def _insert(self, connection: Any, user: User, item: Mapping[str, Any], attributes: dict[str, Any],
                stamp: str) -> int:  # fmt: skip
        parent_id = self._parent(connection, attributes)
        if parent_id is None:
            raise user_error("pool_requires_parent")
        if not user.may("bag_create"):
            raise _insufficient("create", parent_id, "bag_create")
        self._check_version(attributes, expected=1)
        self._check_rights_management(user, item, is_root=False)
        top, own = _split(item, attributes)
        if not own.get("name"):
            raise api_error("attribute_expected", "pool.name is required for a new pool")
        self._check_unique(connection, None, parent_id, own)
        cursor = connection.execute(
            "INSERT INTO easydb_pools (parent_id, version, reference, shortname, document, created, updated) "
            "VALUES (?, 1, ?, ?, ?, ?, ?)",
            (parent_id, own.get("reference"), own.get("shortname"), json.dumps({"top": top, "pool": own}), stamp,
             stamp),
        )  # fmt: skip
        return int(cursor.lastrowid)

    def _update(self, connection: Any, user: User, item: Mapping[str, Any], attributes: dict[str, Any],
                stamp: str) -> int:  # fmt: skip
        pool_id = attributes["_id"]
        row = connection.execute("SELECT * FROM easydb_pools WHERE id = ?", (pool_id,)).fetchone()
        if row is None:
            raise user_error("pool_not_found", id=pool_id)
        if not user.may("bag_write"):
            raise _insufficient("update", pool_id, "bag_write")
        self._check_version(attributes, expected=row["version"] + 1)
        self._check_rights_management(user, item, is_root=row["system"] == "root")
        parent_id = row["parent_id"]
        if "_id_parent" in attributes or "lookup:_id_parent" in attributes:
            new_parent = self._parent(connection, attributes)
            if new_parent != parent_id:
                if row["system"] is not None:
                    raise user_error("system_pool_update_parent", id=pool_id)
                if new_parent is None:
                    raise user_error("pool_requires_parent")
                if new_parent == pool_id or self._is_below(connection, new_parent, pool_id):
                    raise api_error("invalid_value", f"pool {pool_id} cannot move below itself")
                parent_id = new_parent
        stored = json.loads(row["document"])
        top, own = _split(item, attributes)
        merged_top, merged_own = {**stored["top"], **top}, {**stored["pool"], **own}
        self._check_unique(connection, pool_id, parent_id, merged_own)
        connection.execute(
            "UPDATE easydb_pools SET parent_id = ?, version = version + 1, reference = ?, shortname = ?, "
            "document = ?, updated = ? WHERE id = ?",
            (parent_id, merged_own.get("reference"), merged_own.get("shortname"),
             json.dumps({"top": merged_top, "pool": merged_own}), stamp, pool_id),
        )  # fmt: skip
        return int(pool_id)

    def _parent(self, connection: Any, attributes: Mapping[str, Any]) -> int | None:
        lookup = attributes.get("lookup:_id_parent")
        if isinstance(lookup, Mapping):
            for key in ("reference", "shortname"):
                if key in lookup:
                    row = connection.execute(f"SELECT id FROM easydb_pools WHERE {key} = ?", (lookup[key],)).fetchone()
                    if row is None:
                        raise user_error("pool_not_found", id=f"{key}:{lookup[key]}")
                    return int(row["id"])
        parent = attributes.get("_id_parent")
        if parent is None:
            return None
        if connection.execute("SELECT 1 FROM easydb_pools WHERE id = ?", (parent,)).fetchone() is None:
            raise user_error("pool_not_found", id=parent)
        return int(parent)

    @staticmethod
    def _check_version(attributes: Mapping[str, Any], expected: int) -> None:
        provided = attributes.get("_version")
        if provided != expected:
            raise user_error("version_mismatch", provided="" if provided is None else provided, expected=expected)

    @staticmethod
    def _check_rights_management(user: User, item: Mapping[str, Any], *, is_root: bool) -> None:
        if not any(name in item for name in RIGHTS_MANAGEMENT_FIELDS):
            return
        if is_root and not user.may("system.rights_management"):
            raise user_error("no_system_right", right="system.rights_management")
        if not is_root and not user.may("bag_acl"):
            ids = item.get("pool", {}).get("_id") or "-"
            raise _insufficient("update", ids, "bag_acl")

    @staticmethod
    def _check_unique(connection: Any, pool_id: int | None, parent_id: int, own: Mapping[str, Any]) -> None:
        """Names are unique among a parent's pools, per culture (types/pool: "unique for pools with the same
        parent"); references and short names across all pools."""
        names = {culture: text for culture, text in (own.get("name") or {}).items() if text}
        for row in connection.execute(
            "SELECT id, document, reference, shortname FROM easydb_pools WHERE parent_id = ? AND id IS NOT ?",
            (parent_id, pool_id),
        ):
            theirs = json.loads(row["document"])["pool"].get("name") or {}
            if any(theirs.get(culture) == text for culture, text in names.items()):
                raise user_error("integrity_constraint_violation", constraint="pool.name")
        for key in ("reference", "shortname"):
            if own.get(key) is not None:
                clash = connection.execute(f"SELECT 1 FROM easydb_pools WHERE {key} = ? AND id IS NOT ?",
                                           (own[key], pool_id)).fetchone()  # fmt: skip
                if clash is not None:
                    raise user_error("integrity_constraint_violation", constraint=f"pool.{key}")

    @staticmethod
    def _is_below(connection: Any, candidate: int, ancestor: int) -> bool:
        row = connection.execute(
            "WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM easydb_pools WHERE id = ? "
            "UNION ALL SELECT p.id, p.parent_id FROM easydb_pools p JOIN up ON p.id = up.parent_id) "
            "SELECT 1 FROM up WHERE id = ?",
            (candidate, ancestor),
        ).fetchone()
        return row is not None

    def _render(self, row: Any, user: User) -> dict[str, Any]:
        """A pool in full format, as the user may see it."""
        stored = json.loads(row["document"])
        top = stored["top"]
        pool = {
            "_id": row["id"],
            "_id_parent": row["parent_id"],
            "_version": row["version"],
            "is_system_pool": row["system"] is not None,
            **stored["pool"],
            "reference": row["reference"],
            "shortname": row["shortname"],
            "created_timestamp": row["created"],
            "last_updated_timestamp": row["updated"],
        }
        rendered: dict[str, Any] = {
            "_basetype": "pool",
            "_has_children": bool(row["has_children"]),
            "_generated_rights": {right: user.may(right) for right in POOL_RIGHTS},
            "_tags": top.get("_tags", []),
            "_compiled_tags": top.get("_tags", []),
            "_private_tags": top.get("_private_tags", False),
            "_transitions": top.get("_transitions", []),
            "_private_transitions": top.get("_private_transitions", False),
            "_standard_masks": top.get("_standard_masks"),
            "pool": pool,
        }
        if user.may("bag_write"):  # api/pool, Output: the ACL only for bag_write
            rendered["_acl"] = top.get("_acl", [])
            if row["system"] != "root":  # types/pool: "_private_acl is not available for the root pool"
                rendered["_private_acl"] = top.get("_private_acl", False)
        return rendered


_SELECT = (
    "SELECT p.*, EXISTS (SELECT 1 FROM easydb_pools c WHERE c.parent_id = p.id) AS has_children "
    "FROM easydb_pools p"
)
_COLUMNS_OF_THEIR_OWN = ("_id", "_id_parent", "lookup:_id_parent", "_version", "reference", "shortname")


def _split(item: Mapping[str, Any], attributes: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The item's top-level fields and its `pool` fields, less those kept in columns of their own."""
    top = {key: value for key, value in item.items() if key not in ("pool", "_basetype")}
    own = {key: value for key, value in attributes.items() if key not in _COLUMNS_OF_THEIR_OWN}
    for key in ("reference", "shortname"):
        if key in attributes:
            own[key] = attributes[key]
    return top, own


def _insufficient(operation: str, ids: Any, right: str) -> EasydbError:
    return user_error("insufficient_rights", operation=operation, type="pool", ids=ids, right=right)
