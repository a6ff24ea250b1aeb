"""Runs the pipeline for one API: extract -> merge -> overlay -> validate -> write specs/<api>/openapi.json."""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from generator.errors import BuildError
from generator.extract import HTTP_METHODS, Fragment, extract_fragments
from generator.layout import ApiLayout
from generator.merge import Conflict, canonical_order, merge_fragments
from generator.overlay import AppliedAction, apply_actions, load_overlay
from generator.profile import PROFILE_FILE, check_against_spec
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

    def line(self) -> str:
        return (
            f"{self.api}: {self.pages} pages, {self.fragments} fragments, {self.operations} operations, "
            f"{self.actions} overlay actions applied from {self.overlays} overlays, "
            f"cross-checked against {self.text_pages} text pages"
        )


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
    pages = layout.fragment_pages()
    if not pages:
        raise BuildError(f"{layout.display(layout.upstream_dir)}: no markdown page (*.md) with fragments")
    fragments: list[Fragment] = []
    for page in pages:
        fragments.extend(extract_fragments(page, layout.display(page)))
    for fragment in fragments:
        check_fragment_version(fragment)

    merged = merge_fragments(fragments)
    overlay_files = layout.overlay_files()
    actions = [action for path in overlay_files for action in load_overlay(path, layout.display(path))]
    applied = apply_actions(merged.document, actions)
    _fail_on_unsettled(merged.conflicts, applied)

    document = canonical_order(merged.document)
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
    )
    return BuiltSpec(document, serialize(document), report, tuple(fragments), layout.display(layout.spec_path))


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
    available, it validates at once."""
    if "fork" not in multiprocessing.get_all_start_methods():
        validate_built(built)
        yield lambda: None
        return
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        verdict = pool.submit(_verdict, built)

        def wait() -> None:
            failure = verdict.result()
            if failure is not None:
                raise BuildError(failure[0], details=failure[1])

        yield wait


def _verdict(built: BuiltSpec) -> tuple[str, list[str]] | None:
    """validate_built's outcome in a form that crosses a process boundary (a BuildError does not pickle)."""
    try:
        validate_built(built)
    except BuildError as error:
        return error.message, error.details
    return None


def serialize(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def count_operations(document: dict[str, Any]) -> int:
    return sum(1 for item in document.get("paths", {}).values() for key in item if key in HTTP_METHODS)


def _fail_on_unsettled(conflicts: list[Conflict], applied: list[AppliedAction]) -> None:
    """A conflict is settled by an overlay action that targets the conflicting node itself, or removes
    a node that holds it: the overlay author has then said what the definition is."""
    settled = [c for c in conflicts if any(_settles(a, c.target) for a in applied)]
    unsettled = [c for c in conflicts if c not in settled]
    if unsettled:
        raise BuildError(
            "two different definitions under one name; settle each with an overlay action that targets it",
            details=[f"{c.describe()} (target: {c.target})" for c in unsettled],
        )


def _settles(applied: AppliedAction, target: str) -> bool:
    return any(path == target or (applied.action.remove and target.startswith(path + "[")) for path in applied.selected)
