"""Resources read from the spec's paths, and the handlers that serve them statefully.

An operation no API package claims is served from the shape of its path:

    /things               GET: list (if its answer holds an array)   POST: create (when /things is a collection)
    /things/{thing}       GET: show   PUT, PATCH: update   DELETE: delete
    /things/{thing}/parts a nested collection, scoped to its parent (which must exist: else 404)

A path is a collection when its GET lists, or when an item path continues it. Anything else (an action
such as POST /things/{thing}/archive, a login) is answered with its lowest documented 2xx status and the
least body its schema accepts (after the 404 of a missing parent record), and logged at start.

A collection's records live where the API package says (a TableStore of its own), else as JSON documents
(DocumentStore). Answers are shaped by the response schemas (shapes.py): the envelope each shows, the
fields a request did not give filled from the schema, the dialect's timestamps.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.responses import Response

from contract_tests.emulator.core.answers import Kind, Problem, json_response
from contract_tests.emulator.core.call import Call, Handler, PointLookup
from contract_tests.emulator.core.dialect import Dialect
from contract_tests.emulator.core.shapes import (
    Envelope,
    item_envelope,
    list_envelope,
    minimal,
    new_record,
    properties,
)
from contract_tests.emulator.core.spec import Operation, SpecMismatch, parameter_name, path_segments
from contract_tests.emulator.core.storage import Database
from contract_tests.emulator.core.stores import (
    BadKey,
    DocumentStore,
    KeysExhausted,
    KeyTaken,
    Record,
    Store,
    integer_key,
)

logger = logging.getLogger("api_emulator")


@dataclass
class Resource:
    collection: str  # the collection's path template, e.g. /things/{thing}/parts
    store: Store
    item_parameter: str | None = None  # the parameter of its item path (/things/{thing}: thing)
    parent: Resource | None = None  # the resource whose record a nested collection belongs to
    parent_parameters: tuple[str, ...] = ()  # the path parameters of the collection path: its ancestors' ids
    parameter_types: dict[str, str] = field(default_factory=dict)  # path parameter -> JSON Schema type

    @property
    def name(self) -> str:
        """How problems name the resource: its item path's parameter (/things/{thing}: thing), else the
        collection's last segment."""
        return self.item_parameter or path_segments(self.collection)[-1]

    def parents(self, call: Call) -> tuple[Any, ...]:
        """The ancestors' ids the request's path holds, once the parent record is known to exist (404 if not)."""
        if not self.parent_parameters:  # a top-level resource (every show of one asks)
            return ()
        return self.existing_parents(call.db, tuple(call.path[name] for name in self.parent_parameters))

    def found(self, call: Call) -> Record:
        """The record the request's path names (its ancestors found first), or their 404: a show's, an
        action's on a record, and a dialect's that binds the path's records first (Resources.binding)."""
        return existing(self.store, call, str(self.item_parameter), self.parents(call))

    def existing_parents(self, db: Database, keys: tuple[Any, ...]) -> tuple[Any, ...]:
        """The ancestors' ids, once the parent record they name is known to exist (404 if not)."""
        parent = self.parent
        if parent is not None and parent.item_parameter is not None:
            found = parent.store.find(db, keys[-1], keys[:-1])
            if found is None:
                raise not_found(parent.item_parameter, keys[-1])
        return keys

    def create(self, db: Database, record: Record, parents: tuple[Any, ...]) -> Record:
        """The record stored, or the problem of an id it cannot have: one not of the key's type (422), a
        record's already (KEY_TAKEN), none left to give it (IDS_EXHAUSTED)."""
        try:
            return self.store.create(db, record, parents)
        except BadKey as error:
            raise Problem(Kind.INVALID, 422, errors=[((), found) for found in error.errors]) from None
        except KeyTaken as error:
            raise Problem(Kind.KEY_TAKEN, 409, resource=self.name, field=self.store.key, key=error.key) from None
        except KeysExhausted as error:
            raise Problem(Kind.IDS_EXHAUSTED, 507, resource=self.name, largest=error.largest) from None


def not_found(resource: str, key: Any) -> Problem:
    """No record of the resource (named by its path parameter) has this id."""
    return Problem(Kind.NOT_FOUND, 404, resource=resource, key=key)


def existing(store: Store, call: Call, parameter: str, parents: tuple[Any, ...] = ()) -> Record:
    """The record the path's `parameter` names, or a 404 (for handlers of actions on a record)."""
    record = store.find(call.db, call.path[parameter], parents)
    if record is None:
        raise not_found(parameter, call.path[parameter])
    return record


class Resources:
    """Every resource the spec's paths show, and a handler for every operation of the spec that the API
    package does not claim. SpecMismatch when the package's stores do not fit the spec."""

    def __init__(self, operations: list[Operation], stores: Mapping[str, Store], dialect: Dialect, api: str) -> None:
        self._dialect = dialect
        self._api = api
        by_path: dict[str, dict[str, Operation]] = {}
        for operation in operations:
            by_path.setdefault(operation.path, {})[operation.method] = operation
        self._by_path = by_path
        collections = self._collections()
        unknown = sorted(set(stores) - set(collections))
        if unknown:
            raise SpecMismatch(
                f"{api}: the API package keeps records for {unknown}, which are not collections of the spec "
                f"(its collections: {', '.join(sorted(collections)) or 'none'})"
            )
        self.by_collection: dict[str, Resource] = {}
        # The collections whose operations (some of them) the generic handlers serve: handlers() knows.
        self._served: set[str] = set()
        for collection in sorted(collections, key=lambda path: len(path_segments(path))):
            self.by_collection[collection] = self._resource(collection, collections[collection], stores)

    def _collections(self) -> dict[str, str | None]:
        """Collection path -> its item path's parameter (None without an item path)."""
        found: dict[str, str | None] = {}
        for path, methods in self._by_path.items():
            segments = path_segments(path)
            if not segments:
                continue
            name = parameter_name(segments[-1])
            if name is not None and len(segments) > 1 and parameter_name(segments[-2]) is None:
                found["/" + "/".join(segments[:-1])] = name
            elif name is None and "GET" in methods and self._lists(methods["GET"]):
                found.setdefault(path, None)
        return found

    def _lists(self, operation: Operation) -> bool:
        status = _status(operation, (200,))
        return list_envelope(operation.json_schema(status), _items_key(operation), self._dialect.now) is not None

    def _resource(self, collection: str, item_parameter: str | None, stores: Mapping[str, Store]) -> Resource:
        segments = path_segments(collection)
        parents = tuple(name for segment in segments if (name := parameter_name(segment)) is not None)
        parent = None
        if len(segments) > 2 and parameter_name(segments[-2]) is not None:
            parent = self.by_collection.get("/" + "/".join(segments[:-2]))
        types = {
            parameter.name: str(parameter.schema.get("type", "string"))
            for methods in self._paths_of(collection, item_parameter)
            for operation in methods.values()
            for parameter in operation.path_parameters
        }
        store = stores.get(collection) or self._document_store(collection, item_parameter)
        return Resource(collection, store, item_parameter, parent, parents, types)

    def _paths_of(self, collection: str, item_parameter: str | None) -> list[dict[str, Operation]]:
        paths = [collection] + ([f"{collection}/{{{item_parameter}}}"] if item_parameter else [])
        return [self._by_path[path] for path in paths if path in self._by_path]

    def _document_store(self, collection: str, item_parameter: str | None) -> DocumentStore:
        item = self.item_schema(collection, item_parameter)
        key = self.key_of(item, item_parameter)
        fields = properties(item)
        types = {name: str(schema.get("type", "")) for name, schema in fields.items() if isinstance(schema, dict)}
        return DocumentStore(collection, key, "string" if types.get(key) == "string" else "integer", types)

    def item_schema(self, collection: str, item_parameter: str | None) -> dict[str, Any]:
        """One record's schema, from the first of the resource's answers that shows one."""
        key = self._dialect.key
        for methods in self._paths_of(collection, item_parameter):
            for operation in methods.values():
                schema = operation.json_schema(_status(operation, (200, 201)))
                shown = None
                if operation.method == "GET" and operation.path == collection:
                    shown = list_envelope(schema, _items_key(operation), self._dialect.now)
                if shown is None:
                    shown = item_envelope(schema, key, self._dialect.now)
                if properties(shown.item):
                    return shown.item
        return {}

    def key_of(self, item: dict[str, Any], item_parameter: str | None) -> str:
        """The attribute holding a record's id: the dialect's key if the schema lists it, else the item
        path's parameter if it does, else the dialect's key."""
        fields = properties(item)
        if self._dialect.key not in fields and item_parameter is not None and item_parameter in fields:
            return item_parameter
        return self._dialect.key

    def handlers(self, operations: Iterable[Operation], claimed: Mapping[str, Handler]) -> dict[str, Handler]:
        """A handler for every operation: the API package's, else one from the path's shape."""
        served: dict[str, Handler] = {}
        for operation in operations:
            if operation.operation_id in claimed:
                served[operation.operation_id] = claimed[operation.operation_id]
            else:
                served[operation.operation_id] = self._generic(operation)
        stale = sorted(set(claimed) - set(served))
        if stale:
            logger.warning("%s: handlers for %s, which the spec does not have", self._api, stale)
        for operation in operations:
            resource = self.by_collection.get(operation.path)
            if resource is not None and operation.method == "GET" and operation.operation_id not in claimed:
                resource.store.check(operation)
        for collection, resource in self.by_collection.items():
            methods = self._paths_of(collection, resource.item_parameter)
            if any(op.operation_id not in claimed for by_method in methods for op in by_method.values()):
                self._served.add(collection)
        return served

    def binding(self, operation: Operation) -> Callable[[Call], Record] | None:
        """What finds the records the operation's path names, or a 404 (for a dialect that binds them
        before the body is checked): those of the deepest record its path names, its ancestors first. None
        for a path that names no record."""
        resource = self._record_of(operation.path)
        return resource.found if resource is not None else None

    def _generic(self, operation: Operation) -> Handler:
        segments = path_segments(operation.path)
        last = parameter_name(segments[-1]) if segments else None
        if last is not None:
            resource = self.by_collection.get("/" + "/".join(segments[:-1]))
            builders = {"GET": self._show, "PUT": self._update, "PATCH": self._update, "DELETE": self._destroy}
            build = builders.get(operation.method)
            if resource is not None and build is not None:
                return build(operation, resource)
        else:
            resource = self.by_collection.get(operation.path)
            if resource is not None and operation.method == "GET":
                return self._index(operation, resource)
            if resource is not None and operation.method == "POST":
                return self._create(operation, resource)
        return self._action(operation)

    def _item(self, operation: Operation, status: int) -> Envelope:
        return item_envelope(operation.json_schema(status), self._dialect.key, self._dialect.now)

    def _index(self, operation: Operation, resource: Resource) -> Handler:
        status = _status(operation, (200,))
        envelope = list_envelope(operation.json_schema(status), _items_key(operation), self._dialect.now)
        assert envelope is not None, f"{operation.operation_id}: a collection's GET lists"
        dialect, store = self._dialect, resource.store

        def index(call: Call) -> Response:
            parents = resource.parents(call)
            query = call.list_query()
            records, total = store.page(call.db, query, parents)
            return json_response(status, dialect.list_body(operation, records, total, query, call.url, envelope))

        return index

    def _show(self, operation: Operation, resource: Resource) -> Handler:
        status = _status(operation, (200,))
        envelope, store = self._item(operation, status), resource.store

        if not operation.includes:

            def show(call: Call) -> Response:
                return json_response(status, envelope.wrap(resource.found(call)))

            return PointLookup(show)
        store.check(operation)  # can it embed what the spec lets one record include? SpecMismatch if not
        dialect = self._dialect

        def show_including(call: Call) -> Response:
            includes = dialect.includes(operation, call.request.query_params)  # the dialect's rules, its 400s
            record = resource.found(call)
            store.embed(call.db, [record], includes)
            return json_response(status, envelope.wrap(record))

        return PointLookup(show_including)

    def _create(self, operation: Operation, resource: Resource) -> Handler:
        status = _status(operation, (201, 200))
        schema = operation.json_schema(status)
        envelope = self._item(operation, status)
        many = list_envelope(schema, _items_key(operation), self._dialect.now)  # an answer listing what was created
        accepted = _fields(operation)
        dialect, key = self._dialect, resource.store.key
        item = (
            envelope.item
            if properties(envelope.item)
            else self.item_schema(resource.collection, resource.item_parameter)
        )

        def build(given: Any) -> Record:
            fields = given if isinstance(given, dict) else {}
            record = new_record(
                {k: v for k, v in fields.items() if not accepted or k in accepted}, item, key, dialect.now
            )
            dialect.stamp_created(record, item)
            return record

        def create(call: Call) -> Response:
            parents = resource.parents(call)
            if isinstance(call.body, list):  # several records at once: all of them, or none
                with call.db.transaction():
                    created = [resource.create(call.db, build(given), parents) for given in call.body]
                return json_response(status, many.wrap(created) if many is not None else created)
            return json_response(status, envelope.wrap(resource.create(call.db, build(call.body or {}), parents)))

        return create

    def _update(self, operation: Operation, resource: Resource) -> Handler:
        status = _status(operation, (200,))
        envelope, store, parameter = self._item(operation, status), resource.store, str(resource.item_parameter)
        accepted = _fields(operation)
        dialect = self._dialect
        item = envelope.item if properties(envelope.item) else self.item_schema(resource.collection, parameter)

        def update(call: Call) -> Response:
            parents = resource.parents(call)
            body = call.body if isinstance(call.body, dict) else {}
            changes = {name: value for name, value in body.items() if not accepted or name in accepted}
            with call.db.transaction():
                current = existing(store, call, parameter, parents)
                changes = {name: value for name, value in changes.items() if not _same(current, name, value)}
                if not changes:
                    # Nothing changed, nothing written: the record as it was, its update time too (an ORM
                    # saves only what is dirty, and touches no timestamp when nothing is).
                    return json_response(status, envelope.wrap(current))
                dialect.stamp_updated(changes, item)
                updated = store.update(call.db, call.path[parameter], changes, parents)
            assert updated is not None  # found above, in the same transaction
            return json_response(status, envelope.wrap(updated))

        return update

    def _destroy(self, operation: Operation, resource: Resource) -> Handler:
        status = _status(operation, (200, 204))
        schema = operation.json_schema(status)
        store, parameter, dialect = resource.store, str(resource.item_parameter), self._dialect

        def destroy(call: Call) -> Response:
            parents = resource.parents(call)
            if not store.delete(call.db, call.path[parameter], parents):
                raise not_found(parameter, call.path[parameter])
            if schema is None:
                return Response(status_code=status)
            return json_response(status, dialect.deleted_body(parameter, schema))

        return destroy

    def _action(self, operation: Operation) -> Handler:
        status = _status(operation, (200,))
        schema = operation.json_schema(status)
        target = self._record_of(operation.path)
        logger.warning(
            "%s (%s %s) is neither handled by the %s package nor a list, show, create, update or delete: "
            "it answers %d with the least body its schema accepts",
            operation.operation_id,
            operation.method,
            operation.path,
            self._api,
            status,
        )
        now = self._dialect.now

        def action(call: Call) -> Response:
            if target is not None:  # _record_of gives only resources with an item path
                target.found(call)
            if schema is None:
                return Response(status_code=status)
            return json_response(status, minimal(schema, now))

        return action

    def _record_of(self, path: str) -> Resource | None:
        """The resource of the deepest record the path names (/things/{thing}/archive: a thing)."""
        segments = path_segments(path)
        for end in range(len(segments), 1, -1):
            if parameter_name(segments[end - 1]) is not None:
                resource = self.by_collection.get("/" + "/".join(segments[: end - 1]))
                if resource is not None and resource.item_parameter == parameter_name(segments[end - 1]):
                    return resource
        return None

    def documents(self, path: str) -> tuple[Resource, tuple[Any, ...]] | None:
        """The resource served as documents whose collection `path` is (with its ancestors' ids filled in,
        e.g. /things/7/parts), and those ids; None when no such collection is served as documents (or an
        integer id in the path is none). A collection whose every operation the API package answers
        itself is not: no answer would ever show its documents. Whether the parent record exists is the
        caller's to check."""
        for resource in self.by_collection.values():
            if not isinstance(resource.store, DocumentStore) or resource.collection not in self._served:
                continue
            pattern = "^" + re.sub(r"\\\{([^/]+?)\\\}", r"(?P<\1>[^/]+)", re.escape(resource.collection)) + "$"
            found = re.match(pattern, path)
            if found is None:
                continue
            keys: list[Any] = []
            for name in resource.parent_parameters:
                raw = found[name]
                if resource.parameter_types.get(name) == "integer":
                    number = integer_key(raw)
                    if number is None:
                        return None
                    keys.append(number)
                else:
                    keys.append(raw)
            return resource, tuple(keys)
        return None

    def seed_document(
        self, db: Database, resource: Resource, given: dict[str, Any], parents: tuple[Any, ...]
    ) -> Record:
        """Store a document as given, completed from the resource's schema (what a seed has not said)."""
        item = self.item_schema(resource.collection, resource.item_parameter)
        record = new_record(given, item, resource.store.key, self._dialect.now)
        self._dialect.stamp_created(record, item)
        fields = properties(item)
        record.update({name: value for name, value in given.items() if not fields or name in fields})
        return resource.create(db, record, parents)


def _same(record: Record, name: str, value: Any) -> bool:
    """Whether the record holds this value already: of the same JSON type (True is not 1, nor 1 1.0; an
    absent field is not null)."""
    return name in record and type(record[name]) is type(value) and record[name] == value


def _status(operation: Operation, preferred: tuple[int, ...]) -> int:
    """The status an operation answers success with: the first preferred one it documents, else its
    lowest documented 2xx, else the first preferred."""
    documented = operation.success()
    return next((status for status in preferred if status in documented), documented[0] if documented else preferred[0])


def _items_key(operation: Operation) -> str | None:
    return operation.pagination.items if operation.pagination else None


def _fields(operation: Operation) -> set[str]:
    """The fields an operation's request body accepts (empty: it does not say, so any)."""
    if operation.body is None:
        return set()
    schema = operation.body.schema
    if schema.get("type") == "array":
        schema = schema.get("items", {})
    return set(properties(schema))
