"""Whether a stop signal (SIGTERM, Ctrl-C) may interrupt the run now: not while the live-write guard cleans
up (contract_tests/cleanup.py), which a KeyboardInterrupt would cut short, leaving the run's resources on
the host. The signal handler (contract_tests/__main__.py, sigterm_as_interrupt) asks; the run is ending
then anyway, so a signal that arrives meanwhile does not interrupt it (it is kept in `noted`), and later
ones are ignored as after any first one.

A module of its own, importing nothing: __main__ imports it before pytest and schemathesis are loaded.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

_cleaning_up = threading.Event()
noted: list[str] = []  # the signals that arrived while a clean-up ran (their names)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """While this runs, a stop signal does not interrupt (it is noted)."""
    _cleaning_up.set()
    try:
        yield
    finally:
        _cleaning_up.clear()


def deferring() -> bool:
    return _cleaning_up.is_set()
