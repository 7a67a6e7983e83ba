"""Progress on a terminal: one line on stderr while a long run works, erased when it ends.

`for_terminal` decides whether a display belongs there at all (a terminal, not a CI log, not a
dumb terminal); the command line also leaves it out with `--quiet` and when machine output
(JSON, CSV, ...) goes to stdout. A `Display` is the engine's `Progress`: each stage of jobs
hands it its results as they come, and it draws

    checking catalogs  ████████░░░░░░░░░░░░  1,234/3,000 · 410/s · 0:04 left

only once the command has run for a second (`after`; short runs stay silent, nothing
flickers), at most ten times a second (`every`), and erases it when the stage ends. Time comes
from `clock`, so a test decides the moment; `TRANSKIT_PROGRESS_AFTER` (seconds) sets `after`
for a whole run, so a test of the real command on a terminal need not be slow to see it.

The one renderer that writes: to the terminal, never to stdout or a file.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TextIO, TypeVar

T = TypeVar("T")

AFTER = 1.0  # seconds a command runs before its progress is shown
EVERY = 0.1  # seconds between two drawings of the line
BAR = 20  # the bar's width in characters, when the terminal has room
CLEAR = "\r\x1b[2K"  # back to the line's start, and erase it


def for_terminal(stream: TextIO, environ: Mapping[str, str], *,
                 clock: Callable[[], float] = time.monotonic) -> Display | None:
    """A display on `stream` if it is a terminal a person watches, else None: never in a pipe
    or a file, never in a CI log (`CI` set, as every CI service sets it), never on a terminal
    that cannot erase a line (`TERM=dumb`)."""
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):  # a closed or file-less stream
        terminal = False
    ci = environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    if not terminal or ci or environ.get("TERM", "") == "dumb":
        return None
    return Display(stream, clock=clock, after=_seconds(environ.get("TRANSKIT_PROGRESS_AFTER")))


def _seconds(value: str | None) -> float:
    try:
        return max(0.0, float(value)) if value else AFTER
    except ValueError:
        return AFTER


class Display:
    """The progress of a command's stages on a terminal, one line at a time (see the module)."""

    def __init__(self, stream: TextIO, *, clock: Callable[[], float] = time.monotonic,
                 after: float = AFTER, every: float = EVERY) -> None:
        self._stream = stream
        self._clock = clock
        self._after = after
        self._every = every
        self._started = clock()
        self._pid = os.getpid()  # a forked worker inherits the display, and never draws
        self._drawn_at: float | None = None  # when the line on the terminal was drawn

    def __call__(self, items: Iterable[T], total: int, *, doing: str) -> Iterable[T]:
        if os.getpid() != self._pid:
            return items
        return self._track(items, total, doing)

    def _track(self, items: Iterable[T], total: int, doing: str) -> Iterator[T]:
        self._tick(doing, 0, total, None)
        done, first = 0, None
        try:
            for item in items:
                done += 1
                # the rate counts from the first result: a pool's start is not the work's pace
                first = self._clock() if first is None else first
                self._tick(doing, done, total, first)
                yield item
        finally:
            self.clear()

    def _tick(self, doing: str, done: int, total: int, first: float | None) -> None:
        now = self._clock()
        if now - self._started < self._after:
            return
        if self._drawn_at is not None and now - self._drawn_at < self._every:
            return
        pace = None if first is None or done < 2 or now <= first else (done - 1) / (now - first)
        self._stream.write(CLEAR + progress_line(doing, done, total, pace,
                                                 width=self._width(), bar=self._bar_marks()))
        self._stream.flush()
        self._drawn_at = now

    def clear(self) -> None:
        """Erase the line, if one is shown (at a stage's end, and before the report)."""
        if self._drawn_at is not None:
            self._stream.write(CLEAR)
            self._stream.flush()
            self._drawn_at = None

    def _width(self) -> int:
        try:
            columns = os.get_terminal_size(self._stream.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
        return columns or 80  # a terminal that does not say its size

    def _bar_marks(self) -> tuple[str, str]:
        try:
            "█░".encode(self._stream.encoding or "ascii")
        except (LookupError, UnicodeEncodeError, AttributeError):
            return "#", "-"
        return "█", "░"


def progress_line(doing: str, done: int, total: int, rate: float | None, *, width: int = 80,
                  bar: tuple[str, str] = ("█", "░")) -> str:
    """The line: what the stage does, a bar, done/total, and once a `rate` (items a second) is
    known, the rate and the time left; cut to the terminal's width less one column (a full
    line would wrap, and a wrapped line is not erased)."""
    counts = f"{done:,}/{total:,}"
    if rate:
        counts += f" · {_rate(rate)} · {_duration((total - done) / rate)} left"
    room = width - 1
    filled = round(BAR * done / total) if total else BAR
    line = f"{doing}  {bar[0] * filled}{bar[1] * (BAR - filled)}  {counts}"
    if len(line) > room:
        line = f"{doing}  {counts}"
    return line[:room]


def _rate(per_second: float) -> str:
    return f"{per_second:,.0f}/s" if per_second >= 10 else f"{per_second:.1f}/s"


def _duration(seconds: float) -> str:
    whole = int(seconds + 0.999)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"
