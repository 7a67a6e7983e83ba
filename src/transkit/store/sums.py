"""`transkit.sum`: which catalogs a sync found in step with their English, by content.

The cache (`store.cache`) knows files by their time stamps, which a fresh clone does not
share: there every catalog would be synced again (laid out and compared) to learn that nothing
changed. This file is committed beside the catalogs and names each catalog that sync left as
it found it, with a digest of the catalog's bytes and of its source's bytes. A fresh clone (a
CI job, a new translator) then syncs only the catalogs whose bytes, or whose article's, are not
those recorded, like go.sum or a lock file.

One line a catalog, sorted, so that git diffs and merges it line by line:

    <stamp> <catalog> <digest of its bytes> <source> <digest of its bytes>

paths relative to the project root, digests 128 bits of SHA-256. The stamp is a digest of
transkit's code and the configuration file: a line made by another transkit, or under another
configuration, is not trusted (that sync might lay the catalog out differently). Each line is a
fact about contents alone, true wherever it was made, so a merge may keep lines of both sides
(`merge=union`): a line whose digests are not today's files' is simply not used, and the next
sync writes the file anew. A missing, damaged or foreign file costs speed, never correctness.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from .cache import stamp
from .write import write_atomic

SUM_FILE = "transkit.sum"
_STAMP = 16  # hex digits of the stamp kept on each line
_HEAD = (
    "# transkit.sum: the catalogs `transkit sync` found in step with their English, by content.\n"
    "# Commit it with the catalogs: a fresh clone then syncs only what changed. Safe to delete\n"
    "# (the next sync writes it again); git may merge it line by line (merge=union).\n"
)


def content_digest(data: bytes) -> str:
    """What a line records of a file's bytes: 128 bits of SHA-256, in hex."""
    return hashlib.sha256(data).hexdigest()[:32]


@dataclass(frozen=True, order=True)
class InStepLine:
    """One catalog as sync left it: in step with its source, at these contents."""

    catalog: str  # relative to the project root, '/' between folders
    catalog_digest: str
    source: str
    source_digest: str


class Sums:
    """The lines of `transkit.sum` this transkit and configuration can trust, by catalog."""

    def __init__(self, config: Config) -> None:
        self.path = config.root / SUM_FILE
        self.stamp = stamp(config)[:_STAMP]
        self.text: str | None = None  # the file as read (None: there is none)
        self.lines: dict[str, list[InStepLine]] = {}
        try:
            self.text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return  # none, or not readable: nothing is trusted, and sync writes it anew
        for raw in self.text.split("\n"):
            fields = raw.split(" ")
            if len(fields) != 5 or fields[0] != self.stamp:
                continue  # a comment, another transkit's line, or damage
            line = InStepLine(*fields[1:])
            self.lines.setdefault(line.catalog, []).append(line)

    def in_step(self, catalog: str, catalog_digest: str, source: str,
                source_digest: str) -> bool:
        """Whether a line says this catalog, at these bytes, is in step with this source at
        its bytes (a sync would leave it as it is)."""
        return InStepLine(catalog, catalog_digest, source, source_digest) in \
            self.lines.get(catalog, ())

    def save(self, lines: Iterable[InStepLine], *, replaced: Callable[[str], bool]) -> bool:
        """Write the file atomically: `lines`, and the lines read of each catalog `replaced`
        does not claim (a sync of some articles or languages keeps the others' lines); False
        when that changes nothing (the file is left alone)."""
        kept = [line for catalog, found in self.lines.items() if not replaced(catalog)
                for line in found]
        body = "".join(f"{self.stamp} {line.catalog} {line.catalog_digest} {line.source} "
                       f"{line.source_digest}\n" for line in sorted({*kept, *lines}))
        text = _HEAD + body
        if text == self.text:
            return False
        return write_atomic(self.path, text, shown=SUM_FILE)

    @property
    def existed(self) -> bool:
        """Whether there was a file to read (readable or not)."""
        return self.text is not None or self.path.exists()


def union_text(text: str) -> str:
    """A `transkit.sum` git merged as text, repaired: the lines of both sides (and the
    ancestor's, in diff3 style), conflict markers dropped, sorted again. Every line is a fact
    about contents, true on either side, so keeping them all is the right merge (git's `union`
    driver does the same); the next sync writes the file anew."""
    lines = {raw for raw in text.split("\n") if len(raw.split(" ")) == 5}
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
