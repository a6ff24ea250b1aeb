"""Runs the pipeline for one API: extract -> merge -> overlay -> validate -> write specs/<api>/openapi.json.

Extraction depends on how the vendor's pages state the API (the profile's `source.format`): OpenAPI
fragments embedded in markdown (generator/extract.py), or prose pages in the vendor's Hugo format
(generator/prose.py). Either gives fragments, and everything after is the same.
"""

from __future__ import annotations

import copy
import gc
import hashlib
import json
import multiprocessing
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from generator import openapi
from generator.errors import BuildError
from generator.examples import check_examples
from generator.extract import HTTP_METHODS, Fragment, extract_fragments
from generator.layout import ApiLayout
from generator.merge import Conflict, canonical_order, merge_fragments
from generator.overlay import Action, apply_actions, load_overlay
from generator.profile import PROFILE_FILE, check_against_spec
from generator.prose import extract_operations, read_page
from generator.prose_errors import ErrorCatalogue, uncatalogued_errors
from generator.spec_rules import check_structure, nullable_without_type, reference_siblings
from generator.validate import (
    check_fragment_version,
    cross_check,
    operations_named_in_text,
    validate_fragment,
    validate_spec,
)


@dataclass(frozen=True)
class BuildReport:
    api: str
    pages: int
    text_pages: int
    fragments: int
    operations: int
    overlays: int
    actions: int
    examples: int = 0  # examples checked against their schemas
    left_out: tuple[str, ...] = ()  # operations the pages state that the profile leaves out, with the reason
    prose: bool = False
    uncatalogued: tuple[str, ...] = ()  # errors a prose page names that the catalogue lacks (new, or misspelt)

    def line(self) -> str:
        if not self.prose:
            return (
                f"{self.api}: {self.pages} pages, {self.fragments} fragments, {self.operations} operations, "
                f"{self.actions} overlay actions applied from {self.overlays} overlays, "
                f"cross-checked against {self.text_pages} text pages{self._examples()}"
            )
        left_out = f" ({', '.join(entry.split(' (', 1)[0] for entry in self.left_out)})" if self.left_out else ""
        # `fragments` counts the statements kept; two of one method and path are one operation.
        stated = self.fragments + len(self.left_out)
        return (
            f"{self.api}: {self.pages} prose pages, {stated} operations stated, {len(self.left_out)} left out by "
            f"api.yaml{left_out}, the other {self.fragments} as {self.operations} operations, {self.actions} "
            f"overlay actions applied from {self.overlays} overlays{self._examples()}{self._uncatalogued()}"
        )

    def _uncatalogued(self) -> str:
        if not self.uncatalogued:
            return ""
        names = ", ".join(error.split(" (", 1)[0] for error in self.uncatalogued)
        count = len(self.uncatalogued)
        return f", {count} error{'s' if count > 1 else ''} named that the catalogue lacks ({names})"

    def _examples(self) -> str:
        return f", {self.examples} examples valid" if self.examples else ""


@dataclass(frozen=True)
class BuiltSpec:
    document: dict[str, Any]
    text: str
    report: BuildReport
    fragments: tuple[Fragment, ...]
    display_path: str  # the spec's path, as messages show it


def build_spec(layout: ApiLayout) -> BuiltSpec:
    """The whole build: assemble, then validate with prance."""
    built = assemble_spec(layout)
    validate_built(built)
    return built


def assemble_spec(layout: ApiLayout) -> BuiltSpec:
    """Extract, merge, apply the overlays and cross-check against the text pages; not yet validated."""
    prose = layout.profile.source["format"] == "hugo-prose"
    pages, fragments, left_out = _extract_prose(layout) if prose else _extract_fragments(layout)

    merged = merge_fragments(fragments)
    overlay_files = layout.overlay_files()
    actions = [action for path in overlay_files for action in load_overlay(path, layout.display(path))]
    unpatched = copy.deepcopy(merged.document) if merged.conflicts else {}
    applied = apply_actions(merged.document, actions)
    _fail_on_unsettled(merged.conflicts, unpatched, actions, merged.document)

    document = canonical_order(merged.document)
    _check_structure(document, fragments, layout.display(layout.spec_path))
    examples = check_examples(document, applied, f"the pages under {layout.display(layout.upstream_dir)}")
    text_pages = layout.text_pages()
    for page in text_pages:
        cross_check(document, operations_named_in_text(page, layout.display(page)))

    check_against_spec(layout.profile, document, layout.display(layout.root / PROFILE_FILE))

    report = BuildReport(
        api=layout.name,
        pages=len(pages),
        text_pages=len(text_pages),
        fragments=merged.fragment_count,
        operations=count_operations(document),
        overlays=len(overlay_files),
        actions=len(applied),
        examples=examples,
        left_out=tuple(left_out),
        prose=prose,
        uncatalogued=tuple(uncatalogued_errors(fragments)) if prose else (),
    )
    return BuiltSpec(document, serialize(document), report, tuple(fragments), layout.display(layout.spec_path))


def _check_structure(document: dict[str, Any], fragments: list[Fragment], what: str) -> None:
    """The built spec holds no $ref with siblings and no nullable without type (generator/spec_rules.py);
    when it does, the pages' fragments that have one too are named (the overlays did not fix them)."""
    try:
        check_structure(document, what)
    except BuildError as error:
        from_pages = [
            f"on the page: {fragment.describe()}: {problem}"
            for fragment in fragments
            for problem in [*reference_siblings(fragment.document), *nullable_without_type(fragment.document)]
        ]
        raise BuildError(error.message, details=[*error.details, *from_pages]) from None


def _extract_fragments(layout: ApiLayout) -> tuple[list[Path], list[Fragment], list[str]]:
    pages = layout.fragment_pages()
    if not pages:
        raise BuildError(f"{layout.display(layout.upstream_dir)}: no markdown page (*.md) with fragments")
    fragments: list[Fragment] = []
    for page in pages:
        fragments.extend(extract_fragments(page, layout.display(page)))
    for fragment in fragments:
        check_fragment_version(fragment)
    return pages, fragments, []


def _extract_prose(layout: ApiLayout) -> tuple[list[Path], list[Fragment], list[str]]:
    """The operations of every prose page the profile's globs match, less those it leaves out (each of
    which must be on a page: a stale entry fails the build rather than hide an operation)."""
    source = layout.profile.source
    where = layout.display(layout.root / PROFILE_FILE)
    pages = layout.prose_pages(source["pages"])
    if not pages:
        raise BuildError(
            f"{where}: source.pages {source['pages']} match no file under {layout.display(layout.upstream_dir)}"
        )
    catalogue_path = layout.upstream_dir / source["errors_catalogue"]
    catalogue = ErrorCatalogue.read(catalogue_path, layout.display(catalogue_path))
    reasons = {item["operation"]: item["reason"] for item in source.get("leave_out", [])}
    fragments: list[Fragment] = []
    left_out: list[str] = []
    for page in pages:
        prose_page = read_page(page, layout.display(page), layout.upstream_dir)
        stated, dropped = extract_operations(prose_page, catalogue, layout.upstream_dir,
                                             title=layout.profile.display_name, leave_out=list(reasons))  # fmt: skip
        fragments.extend(stated)
        left_out.extend(f"{item.operation} ({item.source}): {reasons[item.operation]}" for item in dropped)
    stale = sorted(set(reasons) - {entry.split(" (", 1)[0] for entry in left_out})
    if stale:
        raise BuildError(f"{where}: source.leave_out names operations no page states", details=stale)
    if not fragments:
        raise BuildError(
            f"{where}: the pages state no operation (a request line like `    GET /path` under a # heading)"
        )
    return pages, fragments, left_out


def validate_built(built: BuiltSpec) -> None:
    """prance resolves and validates; when that fails, a bad fragment is named if one is to blame."""
    try:
        validate_spec(built.document, built.display_path)
    except BuildError:
        for fragment in built.fragments:
            validate_fragment(fragment)
        raise


@contextmanager
def validation_in_background(built: BuiltSpec) -> Iterator[Callable[[], None]]:
    """Validate in a forked process while the caller goes on (the client generation, on the other core);
    the function given to the caller waits for the verdict and raises its BuildError. Where fork is not
    available, it validates at once. A bare forked Process and a pipe rather than a process pool: the
    child inherits the built spec (nothing is pickled but the verdict), and no pool threads or queues are
    set up for one task."""
    if "fork" not in multiprocessing.get_all_start_methods():
        validate_built(built)
        yield lambda: None
        return
    # Frozen objects are not walked by the child's collections: without this, its first collection
    # touches every object the build made and the kernel copies the pages they are on.
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_send_verdict, args=(built, sender), name="validate-spec", daemon=True)
    child.start()
    if not frozen_before:  # the CLI froze its modules on purpose (generator/__main__.py): they stay frozen
        gc.unfreeze()  # the parent collects as before (a long-lived caller, pytest say, must not keep all it made)
    sender.close()

    def wait() -> None:
        try:
            verdict: _Verdict = receiver.recv()
        except EOFError:
            child.join()
            raise RuntimeError(f"the validating process ended without a verdict (exit code {child.exitcode})") from None
        child.join()
        if isinstance(verdict, str):
            raise RuntimeError(f"the validating process failed:\n{verdict}")
        if verdict is not None:
            raise BuildError(verdict[0], details=verdict[1])

    try:
        yield wait
    finally:
        receiver.close()
        if child.is_alive():  # the caller failed before it waited: the verdict is not needed
            child.kill()
        child.join()


# What crosses the pipe: None (valid), a BuildError's message and details, or the traceback of a bug.
_Verdict = tuple[str, list[str]] | str | None


def _send_verdict(built: BuiltSpec, sender: Connection) -> None:
    verdict: _Verdict
    try:
        validate_built(built)
        verdict = None
    except BuildError as error:  # a BuildError does not pickle: its parts do
        verdict = error.message, error.details
    except Exception:
        verdict = traceback.format_exc()
    sender.send(verdict)
    sender.close()


def serialize(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def count_operations(document: dict[str, Any]) -> int:
    return sum(1 for item in document.get("paths", {}).values() for key in item if key in HTTP_METHODS)


def _fail_on_unsettled(
    conflicts: list[Conflict], unpatched: dict[str, Any], actions: list[Action], patched: dict[str, Any]
) -> None:
    """A conflict is settled when the overlays make its definitions one: each variant, put in the merged
    document in place of the one the merge kept and patched by the same actions, comes out as the built
    spec has it (or gone, when an action removes it). An action that only touches the node, written for
    another defect, does not settle it: a vendor change to one page's copy of a definition stays loud.
    An overlay that combines the definitions instead (keeps the first, adds what the others say) says so
    by writing SETTLED_KEY into the node with the digest of the definitions it compared (conflict_digest):
    when a page changes one of them, the digest no longer matches and the build fails again."""
    unsettled = []
    for conflict in conflicts:
        built = _node(patched, conflict)
        digest = conflict_digest(conflict)
        marked = built.get(SETTLED_KEY) if isinstance(built, dict) else None
        if marked == digest:
            continue
        for source, variant in conflict.variants:
            outcome = _patched_variant(unpatched, conflict, variant, actions)
            if outcome != built:
                said = (f"its {SETTLED_KEY} {marked!r} was written for other definitions: a page changed one "
                        "since; check the overlay, then write" if marked else "or, when the overlay combines "
                        "them, write into it")  # fmt: skip
                unsettled.append(f"{conflict.describe()} (target: {conflict.target}): with the overlays applied, "
                                 f"the definition in {source} {_difference(built, outcome)}; {said} "
                                 f"{SETTLED_KEY}: {digest}")  # fmt: skip
                break
    if unsettled:
        raise BuildError(
            "two different definitions under one name; settle each with overlay actions that make them one "
            "(remove it and state it again, or state every part in which they differ)",
            details=unsettled,
        )


# The extension an overlay writes into a node whose definitions it combines: the digest of those it compared.
SETTLED_KEY = "x-settled-conflict"
_ABSENT = "<absent>"  # where a patched definition has no such key (or was removed)


def conflict_digest(conflict: Conflict) -> str:
    """A short digest of a conflict's definitions as the pages state them (in any order)."""
    texts = sorted(json.dumps(variant, sort_keys=True, separators=(",", ":")) for _, variant in conflict.variants)
    return "sha256:" + hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]


def _node(document: dict[str, Any], conflict: Conflict) -> Any:
    """The conflict's node in `document` (_ABSENT where it has none)."""
    path = conflict.path_in(document)
    return _ABSENT if path is None else openapi.at(document, [str(part) for part in path], _ABSENT)


def _patched_variant(unpatched: dict[str, Any], conflict: Conflict, variant: Any, actions: list[Action]) -> Any:
    """The conflict's node once `variant` stands there (in the merged document, which holds it) and every
    action is applied."""
    document = copy.deepcopy(unpatched)
    path = conflict.path_in(document)
    assert path is not None, f"the merged document lacks {conflict.target}"
    openapi.at(document, [str(part) for part in path[:-1]])[path[-1]] = copy.deepcopy(variant)
    try:
        apply_actions(document, actions)
    except BuildError as error:  # an action that fits the kept definition but not this one
        return f"<an action fails on it: {error}>"
    return _node(document, conflict)


def _difference(built: Any, other: Any, where: str = "") -> str:
    """Where two patched definitions first differ, for the message."""
    if isinstance(built, dict) and isinstance(other, dict):
        for key in sorted(set(built) | set(other), key=str):
            if built.get(key, _ABSENT) != other.get(key, _ABSENT):
                return _difference(built.get(key, _ABSENT), other.get(key, _ABSENT), f"{where}.{key}")
    shown = (json.dumps(value, default=str)[:120] for value in (other, built))
    return f"differs at {where.lstrip('.') or 'the top'}: {next(shown)} where the spec has {next(shown)}"
