"""`transkit.sum`: which catalogs a sync found in step with their English, by content, and the
verdict on each.

The cache (`store.cache`) knows files by their time stamps, which a fresh clone does not
share: there every catalog would be synced again (laid out and compared) to learn that nothing
changed. This file is committed beside the catalogs and names each catalog that sync left as
it found it, with a digest of the catalog's bytes and of its source's bytes. A fresh clone (a
CI job, a new translator) then syncs only the catalogs whose bytes, or whose article's, are not
those recorded, like go.sum or a lock file.

One line a catalog, sorted, so that git diffs and merges it line by line:

    <stamp> <catalog> <digest of its bytes> <source> <digest of its bytes> <verdict>

paths relative to the project root, digests 128 bits of SHA-256. The verdict is what `status`
reads of the catalog at those bytes (`EditionVerdict`: its counts and the errors `check` finds
in it that keep its edition from being final), as one JSON object, so that a fresh clone's
status reads it here instead of parsing and checking every catalog; `check` never reads it,
it checks, and reports a line whose verdict is not what it finds. The stamp is a digest of
transkit's code and the configuration file: a line made by another transkit, or under another
configuration, is not trusted (that sync might lay the catalog out differently). Each line is a
fact about contents alone, true wherever it was made, so a merge may keep lines of both sides
(`merge=union`): a line whose digests are not today's files' is simply not used, and the next
sync writes the file anew. A missing, damaged or foreign file costs speed, never correctness.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Config
from ..core.report.model import CatalogStatus
from .cache import stamp
from .write import write_atomic

SUM_FILE = "transkit.sum"
_STAMP = 16  # hex digits of the stamp kept on each line
_HEAD = (
    "# transkit.sum: the catalogs `transkit sync` found in step with their English, by content,\n"
    "# each with its verdict (counts, errors). Commit it with the catalogs: a fresh clone then\n"
    "# syncs, and status judges, only what changed. Safe to delete (the next sync writes it\n"
    "# again); git may merge it line by line (merge=union); `transkit check` verifies it.\n"
)


def content_digest(data: bytes) -> str:
    """What a line records of a file's bytes: 128 bits of SHA-256, in hex."""
    return hashlib.sha256(data).hexdigest()[:32]


@dataclass(frozen=True, order=True)
class InStepLine:
    """One catalog as sync left it: in step with its source, at these contents, and what
    status reads of it (`verdict_text`; "" when not known)."""

    catalog: str  # relative to the project root, '/' between folders
    catalog_digest: str
    source: str
    source_digest: str
    verdict: str = ""

    @property
    def contents(self) -> tuple[str, str, str, str]:
        """The files it speaks of, at which bytes."""
        return self.catalog, self.catalog_digest, self.source, self.source_digest


# What a verdict records of a catalog's status: its counts, not where it is (the line says)
# nor what a report makes of them (the verdict itself, the open entries).
_NOT_RECORDED = frozenset(("path", "article", "language", "missing", "todo", "edition",
                           "reasons"))
_RECORDED = tuple(f for f in dataclasses.fields(CatalogStatus) if f.name not in _NOT_RECORDED)


def verdict_text(status: CatalogStatus, failing: Iterable[str]) -> str:
    """What a line records of a catalog that exists: its counts (`CatalogStatus`, the fields
    with a default only when they differ from it) and the errors that keep its edition from
    being final (`core.checks.run.failing`), as one line of JSON, the same for the same
    values."""
    record: dict[str, Any] = {}
    for f in _RECORDED:
        value = getattr(status, f.name)
        if f.default is dataclasses.MISSING or value != f.default:
            record[f.name] = list(value) if isinstance(value, tuple) else value
    found = list(failing)
    if found:
        record["failing"] = found
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def read_verdict(text: str, *, path: str, article: str,
                 language: str) -> tuple[CatalogStatus, tuple[str, ...]] | None:
    """The counts and failing errors a line's verdict records (`verdict_text`); None when it
    records none or is not one this transkit writes (damage: status then checks the catalog)."""
    if not text:
        return None
    try:
        record = json.loads(text)
        failing = record.pop("failing", [])
        values: dict[str, Any] = {}
        for f in _RECORDED:
            if f.name in record:
                values[f.name] = _typed(record.pop(f.name), f)
        if record or not _strings(failing):
            return None  # a field this transkit does not know
        status = CatalogStatus(path=path, article=article, language=language, **values)
    except (ValueError, TypeError, AttributeError, RecursionError):  # not JSON, not an object,
        # a count missing, nested past what json reads
        return None
    return status, tuple(failing)


def _typed(value: Any, f: dataclasses.Field[Any]) -> Any:
    """A recorded value as its field holds it: a count, a text, or texts (a tuple)."""
    if isinstance(f.default, tuple):
        if not _strings(value):
            raise ValueError(f.name)
        return tuple(value)
    kind = int if f.default is dataclasses.MISSING else type(f.default)
    if type(value) is not kind:
        raise ValueError(f.name)
    return value


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


class Sums:
    """The lines of `transkit.sum` this transkit and configuration can trust, by catalog."""

    def __init__(self, config: Config) -> None:
        self.path = config.root / SUM_FILE
        self.stamp = stamp(config)[:_STAMP]
        self.text: str | None = None  # the file as read (None: there is none)
        self.lines: dict[str, list[InStepLine]] = {}
        # the last source's digest: an article's catalogs are asked about one after another
        self._source: tuple[Path, str | None] | None = None
        try:
            self.text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return  # none, or not readable: nothing is trusted, and sync writes it anew
        for raw in self.text.split("\n"):
            line = _line(raw, self.stamp)
            if line is not None:
                self.lines.setdefault(line.catalog, []).append(line)

    def in_step(self, catalog: str, catalog_digest: str, source: str,
                source_digest: str) -> bool:
        """Whether a line says this catalog, at these bytes, is in step with this source at
        its bytes (a sync would leave it as it is)."""
        return self.line(catalog, catalog_digest, source, source_digest) is not None

    def line(self, catalog: str, catalog_digest: str, source: str,
             source_digest: str) -> InStepLine | None:
        """The line that says this catalog, at these bytes, is in step with this source at its
        bytes; one with a verdict first. None: no line says so."""
        contents = (catalog, catalog_digest, source, source_digest)
        found = [line for line in self.lines.get(catalog, ()) if line.contents == contents]
        return max(found, key=lambda line: bool(line.verdict), default=None)

    def source_digest(self, source: Path) -> str | None:
        """The content digest of a source (`read_digest`), kept for the next catalog of the
        same article (a `Sums` is read for one run: its sources do not change meanwhile)."""
        if self._source is None or self._source[0] != source:
            self._source = (source, read_digest(source, follow=True))
        return self._source[1]

    def line_of(self, catalog: str, catalog_file: Path, source: str, source_file: Path,
                catalog_digest: str | None = None) -> InStepLine | None:
        """The line that says a catalog and its source, as their files are now (the catalog's
        digest given when its bytes are read already), are in step; None when none does or a
        file cannot be read."""
        if catalog not in self.lines:
            return None  # nothing to read: no line could say so
        source_digest = self.source_digest(source_file)
        if source_digest is None:
            return None
        if catalog_digest is None:
            catalog_digest = read_digest(catalog_file, follow=False)
        if catalog_digest is None:
            return None
        return self.line(catalog, catalog_digest, source, source_digest)

    def recorded(self, catalog: str, catalog_digest: str) -> str:
        """A verdict recorded of this catalog at these bytes, whatever source it was in step
        with; "" when none is."""
        return next((line.verdict for line in self.lines.get(catalog, ())
                     if line.catalog_digest == catalog_digest and line.verdict), "")

    def number(self, line: InStepLine) -> int | None:
        """The line's number in the file as read (for a finding that points at it)."""
        text = f" {line.catalog} {line.catalog_digest} {line.source} {line.source_digest}"
        for number, raw in enumerate((self.text or "").split("\n"), start=1):
            if raw.startswith(self.stamp) and raw[len(self.stamp):].startswith(text):
                return number
        return None

    def save(self, lines: Iterable[InStepLine], *, replaced: Callable[[str], bool]) -> bool:
        """Write the file atomically: `lines`, and the lines read of each catalog `replaced`
        does not claim (a sync of some articles or languages keeps the others' lines); False
        when that changes nothing (the file is left alone)."""
        kept = [line for catalog, found in self.lines.items() if not replaced(catalog)
                for line in found]
        body = "".join(f"{self.stamp} {_text(line)}\n" for line in _unique({*kept, *lines}))
        text = _HEAD + body
        if text == self.text:
            return False
        return write_atomic(self.path, text, shown=SUM_FILE)

    @property
    def existed(self) -> bool:
        """Whether there was a file to read (readable or not)."""
        return self.text is not None or self.path.exists()


# a line as `save` writes it: stamp, catalog, digest, source, digest[, verdict]
_LINE = re.compile(rf"[0-9a-f]{{{_STAMP}}} \S+ [0-9a-f]{{32}} \S+ [0-9a-f]{{32}}(?: \{{.*\}})?")


def _line(raw: str, stamp: str) -> InStepLine | None:
    """A line of the file, if it is one this transkit, under this configuration, wrote: five
    fields and the verdict (which may hold spaces), or the five alone."""
    fields = raw.split(" ", 5)
    if len(fields) < 5 or fields[0] != stamp or "" in fields[1:5]:
        return None  # a comment, another transkit's line, or damage
    return InStepLine(*fields[1:])


def _text(line: InStepLine) -> str:
    text = f"{line.catalog} {line.catalog_digest} {line.source} {line.source_digest}"
    return f"{text} {line.verdict}" if line.verdict else text


def _unique(lines: Iterable[InStepLine]) -> list[InStepLine]:
    """One line per catalog and contents, sorted: the one with a verdict where there are two
    (a line kept from the file, and the same catalog's as this sync found it)."""
    best: dict[tuple[str, str, str, str], InStepLine] = {}
    for line in sorted(lines):
        known = best.get(line.contents)
        if known is None or (line.verdict and not known.verdict):
            best[line.contents] = line
    return [best[contents] for contents in sorted(best)]


def union_text(text: str) -> str:
    """A `transkit.sum` git merged as text, repaired: the lines of both sides (and the
    ancestor's, in diff3 style), conflict markers dropped, sorted again. Every line is a fact
    about contents, true on either side, so keeping them all is the right merge (git's `union`
    driver does the same); the next sync writes the file anew."""
    lines = {raw for raw in text.split("\n") if _LINE.fullmatch(raw)}
    return _HEAD + "".join(f"{line}\n" for line in sorted(lines))


def read_digest(path: Path, *, follow: bool) -> str | None:
    """The content digest of a regular file, None when there is none, it is something else (a
    pipe or a device, which a read could wait on forever) or it cannot be read: a sync of it
    then says what is wrong. A symbolic link only if `follow` (a source may be one, a catalog
    may not)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return content_digest(handle.read())
    except OSError:
        return None
    finally:
        os.close(fd)
