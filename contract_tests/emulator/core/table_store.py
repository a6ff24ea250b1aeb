"""A resource kept in a table of the API package's own (TableStore): its records, and its lists, which stay
fast on a table of millions of rows whatever the query: each list is counted once per state of the
database (query.CountCache), and a page is found by the cheaper of a walk of the rows in the list's order
and a sort of the few matches its conditions' indexes find (query.walk_is_cheaper)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from contract_tests.emulator.core.query import Condition, CountCache, ListQuery, Matches, walk_is_cheaper
from contract_tests.emulator.core.search import SearchIndex, condition_sql, is_broad
from contract_tests.emulator.core.spec import Operation, SpecMismatch
from contract_tests.emulator.core.storage import Database, quoted
from contract_tests.emulator.core.stores import Record

Embed = Callable[[Database, list[Record]], None]  # adds one included relationship to each record


@dataclass(frozen=True)
class TableStore:
    """A resource kept in a table of the API package's own: each record is the row's `columns`."""

    table: str
    columns: tuple[str, ...]
    key: str = "id"
    parent_column: str | None = None  # for a nested resource: the column holding its parent's id
    embeds: Mapping[str, Embed] = field(default_factory=dict)  # include name -> how to embed it
    search: tuple[SearchIndex, ...] = ()
    counts: CountCache = field(default_factory=lambda: CountCache(), compare=False)

    def check(self, operation: Operation) -> None:
        named = [f.attribute for f in operation.filters.values()] + list(operation.sorts or ())
        unknown = sorted(set(named) - set(self.columns))
        if unknown:
            raise SpecMismatch(
                f"{operation.operation_id}: the spec filters or sorts on {unknown}, which are not columns"
            )
        missing = sorted(set(operation.includes or ()) - set(self.embeds))
        if missing:
            raise SpecMismatch(
                f"{operation.operation_id}: the spec allows include={missing}, which {self.table} cannot embed"
            )

    def _scope(self, parents: Sequence[Any], *, searched: bool = False) -> tuple[list[str], list[Any]]:
        if self.parent_column is None or not parents:
            return [], []
        # The unary + keeps SQLite off the parent's index when a search index finds the rows: it then
        # starts from the few search hits instead of walking every row of the parent (2.8 ms instead of
        # 243 ms a page in a 1,000,000-row parent).
        return [f"{'+' if searched else ''}{quoted(self.parent_column)} = ?"], [parents[-1]]

    def _record(self, row: sqlite3.Row) -> Record:
        # Every SELECT of the store selects `columns`, in their order (_selected).
        return dict(zip(self.columns, row, strict=True))

    def find(self, db: Database, key: Any, parents: Sequence[Any] = ()) -> Record | None:
        if self.parent_column is None or not parents:
            row = db.one(self._find_sql, (key,))
        else:
            row = db.one(self._find_in_parent_sql, (key, parents[-1]))
        return self._record(row) if row else None

    # The statements of a lookup by key, made once: find() is every show, update and create, and making
    # them again on each call was a fifth of the time of a show of a small record in the app.
    @cached_property
    def _find_sql(self) -> str:
        return f"SELECT {self._selected} FROM {quoted(self.table)} WHERE {quoted(self.key)} = ?"

    @cached_property
    def _find_in_parent_sql(self) -> str:
        scope, _ = self._scope((None,))
        return f"{self._find_sql} AND {scope[0]}"

    def find_many(self, db: Database, keys: set[Any]) -> dict[Any, Record]:
        """The records with these ids (for embedding them in another resource's records)."""
        if not keys:
            return {}
        marks = ", ".join("?" for _ in keys)
        rows = db.all(
            f"SELECT {self._selected} FROM {quoted(self.table)} WHERE {quoted(self.key)} IN ({marks})", list(keys)
        )
        return {row[self.key]: self._record(row) for row in rows}

    @cached_property
    def _selected(self) -> str:
        return ", ".join(quoted(column) for column in self.columns)

    def page(self, db: Database, query: ListQuery, parents: Sequence[Any] = ()) -> tuple[list[Record], int]:
        """A page of a list and the list's total. The total, with the span of the matches' keys (and of their
        values of the column the list is sorted on first), is counted once per list and state of the
        database (self.counts); knowing it, the page is found either by a
        walk of the rows in the list's order (a broad list: no sort) or through the conditions' indexes,
        its few matches sorted (walk_is_cheaper decides)."""
        listed = self.count_key(query, parents)
        state = db.state_version()
        searched = self._searched(db, query, parents, self.counts.known(db, state, listed))
        # Before the snapshot: a search index catches up first, a write, which a read snapshot cannot hold.
        indexed = sum(index.catch_up(db) for index in dict.fromkeys(searched.values()))
        # Inside a write's transaction the list sees what it has not committed (and may roll back): not kept.
        # (A commit of another connection since `state` is seen by the check inside the snapshot.)
        before = None if db.connection.in_transaction else (db.state_version() if indexed else state)
        with db.snapshot():  # the total of the records the page is of, and what they embed, as they were then
            # No commit between the two versions: the snapshot sees the state they name, and its count keeps.
            version = before if db.state_version() == before else None
            # A row added since the catch-up is not in the index: its list is then counted and paged without it.
            searched = {c: index for c, index in searched.items() if index.is_current(db)}
            matches = self.counts.matches(db, version, listed, lambda: self.count(db, query, parents, searched))
            # A page past the last is empty: not asked of SQLite, which would step over every row to find that.
            rows = db.all(*self.page_sql(query, parents, matches, searched)) if query.offset < matches.total else []
            records = [self._record(row) for row in rows]
            self.embed(db, records, query.includes)
        return records, matches.total

    def embed(self, db: Database, records: list[Record], includes: Sequence[str]) -> None:
        for include in includes:
            # A leading part of another include asked for (connectors beside connectors.system) is part
            # of that one's embedding: embedded after it, it would undo the deeper part.
            if not any(other.startswith(include + ".") for other in includes):
                self.embeds[include](db, records)

    def _searched(
        self, db: Database, query: ListQuery, parents: Sequence[Any], known: Matches | None
    ) -> dict[Condition, SearchIndex]:
        """The partial conditions to take from a search index: when the list is counted already, those of a
        page found through the indexes; else those of its count, unless a sample finds them broad."""
        servable = {c: index for c in query.conditions for index in self.search if index.serves(c)}
        if not servable:
            return {}
        if known is not None:
            return {} if walk_is_cheaper(known, self._end(query, known)) else servable
        scope, bound = self._scope(parents)
        return {
            c: index
            for c, index in servable.items()
            if not is_broad(db, self.table, self.key, (" AND ".join(scope), bound), c)
        }

    @staticmethod
    def _end(query: ListQuery, matches: Matches) -> int:
        return query.offset + (matches.total if query.per_page is None else query.per_page)

    def count_key(self, query: ListQuery, parents: Sequence[Any] = ()) -> Hashable:
        """What names a list's count in self.counts: the records in scope its conditions select, and the
        column whose range the count finds too (_sorted_on). Pages, sizes and directions share it."""
        return tuple(parents), query.conditions, self._sorted_on(query)

    def _sorted_on(self, query: ListQuery) -> str | None:
        """The column other than the key a list is sorted on first, if its matches' range of it is worth
        counting: a walk of that column's index starts at the first row in scope, and passes every row
        before the first match (the older imports' records, to reach the last one's) unless bounded to
        the range. Not for a list whose conditions are all on that column: their index range bounds it."""
        if not query.order or query.order[0][0] == self.key:
            return None
        column = query.order[0][0]
        return column if any(condition.attribute != column for condition in query.conditions) else None

    def count(
        self, db: Database, query: ListQuery, parents: Sequence[Any], searched: Mapping[Condition, SearchIndex]
    ) -> Matches:
        """What a list matches, counted now (page() keeps it: self.counts)."""
        row = db.one(*self.count_sql(query, parents, searched))
        if row is None:
            return Matches(0)
        total, lowest, highest = int(row[0]), row[1], row[2]
        sorted_on = self._sorted_on(query)
        if sorted_on is None or row[3] != total:  # a match without a value there: no range holds them all
            return Matches(total, lowest, highest)
        return Matches(total, lowest, highest, sorted_on, row[4], row[5])

    def count_sql(
        self, query: ListQuery, parents: Sequence[Any], searched: Mapping[Condition, SearchIndex]
    ) -> tuple[str, list[Any]]:
        """The SQL counting a list's matches, with the lowest and highest of their keys (and of the column the
        list is sorted on first, with how many have a value there: _sorted_on), and its parameters."""
        where, parameters = self._where(query, parents, searched, walked=None)
        key, sorted_on = quoted(self.key), self._sorted_on(query)
        counted = f"COUNT(*), MIN({key}), MAX({key})"
        if sorted_on is not None:
            column = quoted(sorted_on)
            counted = f"{counted}, COUNT({column}), MIN({column}), MAX({column})"
        return f"SELECT {counted} FROM {quoted(self.table)} {where}", parameters

    def page_sql(
        self, query: ListQuery, parents: Sequence[Any], matches: Matches, searched: Mapping[Condition, SearchIndex]
    ) -> tuple[str, list[Any]]:
        """The SQL of a page (and its parameters, LIMIT and OFFSET last), of a list whose count found `matches`.
        A broad list walks the index of its order (SQLite is kept off the conditions' indexes): no sort,
        and the walk starts at the first match, bounded to the range of the matches' keys, or of their
        values of the column the order starts with (Matches); a narrow one finds its matches through their
        indexes and sorts them (the order's terms are kept off any index)."""
        walk = walk_is_cheaper(matches, self._end(query, matches))
        walked = (query.order[0][0] if query.order else self.key) if walk else None
        where, parameters = self._where(query, parents, {} if walk else searched, walked=walked)
        # Exact: no match lies outside the range. Unbounded, a walk of a created_at index ascending passes
        # every older record to reach the first of the last import's (300 ms a page in 1,000,000 records).
        if walked == self.key and matches.lowest is not None:
            where = f"{where} AND {quoted(self.key)} BETWEEN ? AND ?"
            parameters = [*parameters, matches.lowest, matches.highest]
        elif walked is not None and walked == matches.sorted_on and matches.sorted_lowest is not None:
            where = f"{where} AND {quoted(walked)} BETWEEN ? AND ?"
            parameters = [*parameters, matches.sorted_lowest, matches.sorted_highest]
        order = ", ".join(f"{'' if walk else '+'}{term}" for term in self.order_terms(query))
        size = -1 if query.per_page is None else query.per_page
        sql = f"SELECT {self._selected} FROM {quoted(self.table)} {where} ORDER BY {order} LIMIT ? OFFSET ?"
        return sql, [*parameters, size, query.offset]

    def order_terms(self, query: ListQuery) -> list[str]:
        """The ORDER BY of a list: the sorts asked for, then the key as the tie-break (unique, so every page
        follows one order), in the direction of the last sort, so that an index on (parent, sort attribute),
        which ends in the key (SQLite's rowid), serves the order without a sort of the matches (a temporary
        B-tree, over a whole import's records, which share one created_at). Sorts after the key change
        nothing (it is unique) and are left out."""
        terms: list[str] = []
        descending = False
        for attribute, descending in query.order:
            terms.append(f"{quoted(attribute)} {'DESC' if descending else 'ASC'}")
            if attribute == self.key:
                return terms
        return [*terms, f"{quoted(self.key)} {'DESC' if descending else 'ASC'}"]

    def _where(
        self, query: ListQuery, parents: Sequence[Any], searched: Mapping[Condition, SearchIndex], walked: str | None
    ) -> tuple[str, list[Any]]:
        """The WHERE clause of a list (with its parameters): its scope and conditions, those in `searched`
        taken from their search index. In a walk of the order of `walked`, each condition is checked on the
        rows it passes, kept off any index, but for one on `walked` itself, whose index range narrows the
        walk. The unary + goes around the whole comparison: on the column it would drop the column's
        affinity, and "47" would no longer equal an INTEGER column's 47."""
        scope, bound = self._scope(parents, searched=bool(searched))
        clauses, parameters = list(scope), list(bound)
        for condition in query.conditions:
            index = searched.get(condition)
            if index is not None:
                clause, values = index.clause(condition, self.key)
            else:
                clause, values = condition_sql(condition, quoted(condition.attribute), condition.values)
                if walked is not None and condition.attribute != walked:
                    clause = f"+({clause})"
            clauses.append(clause)
            parameters.extend(values)
        return (f"WHERE {' AND '.join(clauses)}" if clauses else "WHERE 1"), parameters

    def create(self, db: Database, record: Record, parents: Sequence[Any] = ()) -> Record:
        values = {column: record[column] for column in self.columns if column in record and column != self.key}
        if self.parent_column is not None and parents:
            values[self.parent_column] = parents[-1]
        created = self.find(db, db.insert(self.table, values))
        assert created is not None, f"{self.table}: the row just inserted is not there"
        return created

    def update(self, db: Database, key: Any, changes: Record, parents: Sequence[Any] = ()) -> Record | None:
        writable = {column: value for column, value in changes.items() if column in self.columns and column != self.key}
        scope, bound = self._scope(parents)
        where = " AND ".join([f"{quoted(self.key)} = ?", *scope])
        if not db.update(self.table, writable, where, [key, *bound]):
            return None
        return self.find(db, key, parents)

    def delete(self, db: Database, key: Any, parents: Sequence[Any] = ()) -> bool:
        scope, bound = self._scope(parents)
        return db.delete(self.table, " AND ".join([f"{quoted(self.key)} = ?", *scope]), [key, *bound]) > 0
