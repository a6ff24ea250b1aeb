"""The emulator's log on stderr as `api-emulator serve` writes it: one line per request (core/request_log.py
hands them over) and its warnings, in LINE_FORMAT, made and written at the least cost a request allows."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from contextlib import nullcontext
from typing import TextIO

LOG_HANDLER = "api-emulator-stderr"  # the handler log_to_stderr() adds, once however often main() runs


LINE_FORMAT = "%(asctime)s %(levelname)s %(message)s"  # the emulator's log lines


class LineFormatter(logging.Formatter):
    """logging's Formatter, its time (the default format, 2026-01-02 03:04:05,678) made once a second
    rather than once a record: localtime() and strftime() are nearly half the cost of a request's log
    line, and the emulator writes one for every request."""

    _made: tuple[int, str] = (-1, "")  # the second, and its text; one object, so threads see both or neither

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        if datefmt is not None:
            return super().formatTime(record, datefmt)
        return f"{self._second(record.created)},{int(record.msecs):03d}"  # the default_msec_format, "%s,%03d"

    def _second(self, created: float) -> str:
        """The time's text to the second (made again only when the second changes)."""
        second, text = self._made
        if int(created) != second:
            text = time.strftime(self.default_time_format, self.converter(created))
            self._made = (int(created), text)
        return text

    def makes_lines(self) -> bool:
        """Whether line() makes what format() would: this formatter's format is LINE_FORMAT (%-style, no datefmt)."""
        return self._fmt == LINE_FORMAT and self.datefmt is None and type(self._style) is logging.PercentStyle

    def line(self, level_name: str, message: str, created: float) -> str:
        """What format() makes of a record of this level and message made at `created` (no exception, no
        stack), made without one, when makes_lines()."""
        return f"{self._second(created)},{_milliseconds(created):03d} {level_name} {message}"


class LineHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """logging's StreamHandler, less its flush after every record when the stream is line-buffered (as
    sys.stderr is, unless PYTHONUNBUFFERED makes it write each write at once): the stream writes each line
    as it ends anyway, and the emulator logs every request. Any other stream is flushed after each record,
    as StreamHandler does. A request_log.LineWriter: the request log hands it its lines without a LogRecord
    when it is their only handler, and the lines of one event-loop turn go out in one write when the turn
    is over (a write a request is a tenth of a small request's time under load). Whatever else it writes
    (a record, a flush, a line of another loop) writes the queued lines first, so the log keeps its order."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(stream)
        self._queued: list[tuple[float, str, int, str]] = []  # each line's time, logger, level and message
        self._flushed_by: asyncio.AbstractEventLoop | None = None  # the loop that will write the queue

    def emit(self, record: logging.LogRecord) -> None:
        lines = self._taken()  # Handler.handle holds the lock
        try:
            lines.append(self.format(record))
        except RecursionError:  # as StreamHandler: see issue 36272
            raise
        except Exception:
            self.handleError(record)
        try:
            self._write(lines)
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)

    def write_line(self, name: str, level: int, message: str) -> None:
        """The line a record of the logger `name` with this level and message would make, written now: made
        by its LineFormatter without the record (LineFormatter.line), else through a LogRecord. Nothing
        below this handler's level."""
        if level < self.level:
            return
        if not self._makes_lines():
            self.handle(_record(name, level, message, time.time()))
            return
        line = self._line(time.time(), name, level, message)
        with self.lock or nullcontext():
            self._write([*self._taken(), *([line] if line is not None else [])])

    def queue_message(self, name: str, level: int, message: str) -> None:
        """The line a record of the logger `name` with this level and message made now would make, written
        with the others of this event-loop turn once the turn is over (made then, with the time of now); at
        once outside a running loop, or through a LogRecord when its LineFormatter cannot make it. Lines a
        loop that is gone never wrote are written first. Nothing below this handler's level."""
        if level < self.level:
            return
        try:
            loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or not self._makes_lines():
            self.write_line(name, level, message)
            return
        entry = (time.time(), name, level, message)
        with self.lock or nullcontext():
            if self._flushed_by is not None and self._flushed_by is not loop:
                self._write(self._taken())  # queued in a loop that ended before its turn did
            self._queued.append(entry)
            if self._flushed_by is None:
                loop.call_soon(self._write_queued)
                self._flushed_by = loop

    def _makes_lines(self) -> bool:
        formatter = self.formatter
        return isinstance(formatter, LineFormatter) and formatter.makes_lines()

    def _line(self, created: float, name: str, level: int, message: str) -> str | None:
        """The line of a record made at `created` (through one, should the formatter have changed since);
        None when the formatter fails on it, which logging's handleError reports, as emit() does."""
        if self._makes_lines():
            assert isinstance(self.formatter, LineFormatter)  # what _makes_lines() checked
            return self.formatter.line(logging.getLevelName(level), message, created)
        record = _record(name, level, message, created)
        try:
            return self.format(record)
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)
            return None

    def flush(self) -> None:
        with self.lock or nullcontext():
            self._write(self._taken())
        super().flush()

    def _write_queued(self) -> None:
        with self.lock or nullcontext():
            self._write(self._taken())

    def _taken(self) -> list[str]:
        """The queued lines, the queue now empty (the caller holds the lock)."""
        queued, self._queued, self._flushed_by = self._queued, [], None
        return [line for line in (self._line(*entry) for entry in queued) if line is not None]

    def _write(self, lines: list[str]) -> None:
        if not lines:
            return
        stream = self.stream
        stream.write(self.terminator.join(lines) + self.terminator)
        if not getattr(stream, "line_buffering", False):
            stream.flush()


def _record(name: str, level: int, message: str, created: float) -> logging.LogRecord:
    """The LogRecord a logger `name` would have made of the message at `created`."""
    record = logging.LogRecord(name, level, "", 0, "%s", (message,), None)
    record.created, record.msecs = created, _milliseconds(created) + 0.0
    return record


def _milliseconds(created: float) -> int:
    """The milliseconds of a time within its second, as LogRecord's msecs has them."""
    return int((created - int(created)) * 1000)


def log_to_stderr() -> None:
    """The emulator's own log on stderr from INFO up: a line per request (core/request_log.py) and its
    warnings (those of the start itself are printed by Python's last resort, as any warning without a
    handler is). Its loggers are not uvicorn's, whose logging config leaves them alone. A contract run
    keeps stderr as the report's emulator.log; stderr is line-buffered, so a stopped emulator loses no
    line. Called once the app is made (never by a failed start, so tests of those add no handler)."""
    emulator_logger = logging.getLogger("api_emulator")
    if not any(getattr(handler, "name", None) == LOG_HANDLER for handler in emulator_logger.handlers):
        handler = LineHandler(sys.stderr)
        handler.set_name(LOG_HANDLER)
        handler.setFormatter(LineFormatter(LINE_FORMAT))
        emulator_logger.addHandler(handler)
    emulator_logger.setLevel(logging.INFO)
    # What the emulator's log lines never show, not collected for each record (the logging HOWTO's
    # "Optimization"): where the call was made, the thread, the process. One record per request.
    logging._srcfile = None
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
