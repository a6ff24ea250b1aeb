"""The one error type of the pipeline: a message that says where the bad input is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceRef:
    """Where a piece of input came from: a file, a line in it and, for fragments, the page heading."""

    path: str
    line: int | None = None
    label: str | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return where if self.label is None else f"{where} ({self.label})"


class BuildError(Exception):
    """Bad input or a failed check. The CLI prints it as it is, without a traceback."""

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        return "\n".join([self.message, *(f"  - {line}" for line in self.details)])
