"""The translation memory's index on disk: one SQLite database in `.transkit-cache/`.

Why a database and not a file read whole: a sync that creates a few units asks the memory a few
hundred questions, and loading an archive's memory (tens of megabytes per language) to answer
them would cost more than the sync. SQLite answers from its indexes and reads nothing else, and
a catalog that changed replaces its own rows only.

- `catalogs`: every catalog the memory was read from, with the digest it was read at;
- `places`: its translated entries (line, obsolete, opted out of the consistency check), each
  pointing to a pair;
- `segments`: each pair (one English text and one translation in one language, shared by every
  catalog that has it) as a unit and, once some run looked for similar English (`full`), as
  its aligned sentences, so a catalog rewritten by a sync costs no sentence splitting for the
  translations it already had, and the consistency check (exact English only) none at all;
  a sentence is stored as where it stands in its unit's texts, not as a copy;
- `sketches`: the word-pair hashes that find similar segments.

It is a cache like the others: void when transkit's code changes, rebuilt when missing or
corrupt, and never the only copy of anything.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.sync.memory import HOT, Kind, Place, Remembered, Segment
from ..core.sync.model import TranslatedUnit
from .cache import _code_digest

SCHEMA = 3
_BUSY_MS = 120_000  # another transkit refreshing the same memory: wait for it

_TABLES = """
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS catalogs(id INTEGER PRIMARY KEY, lang TEXT, path TEXT UNIQUE,
    article TEXT, digest TEXT);
CREATE TABLE IF NOT EXISTS places(catalog INTEGER, pair INTEGER, line INTEGER,
    obsolete INTEGER, silenced INTEGER);
CREATE TABLE IF NOT EXISTS segments(id INTEGER PRIMARY KEY, pair INTEGER, kind INTEGER,
    key INTEGER, length INTEGER, english TEXT, target TEXT, full INTEGER,
    e0 INTEGER, e1 INTEGER, t0 INTEGER, t1 INTEGER);
CREATE TABLE IF NOT EXISTS sketches(segment INTEGER, hash INTEGER,
    PRIMARY KEY(segment, hash)) WITHOUT ROWID;
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS places_catalog ON places(catalog);
CREATE INDEX IF NOT EXISTS places_pair ON places(pair);
CREATE INDEX IF NOT EXISTS segments_key ON segments(key);
CREATE INDEX IF NOT EXISTS segments_pair ON segments(pair);
CREATE INDEX IF NOT EXISTS segments_light ON segments(pair) WHERE kind = 0 AND full = 0;
"""
_SKETCH_INDEX = "CREATE INDEX IF NOT EXISTS sketches_hash ON sketches(hash)"


def _stamp() -> str:
    return f"{SCHEMA}:{_code_digest()}"


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None)
    else:
        conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
    return conn


def _chunks(items: Sequence[int], size: int = 900) -> Iterator[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _marks(n: int) -> str:
    return ",".join("?" * n)


@dataclass(frozen=True)
class Stored:
    """A catalog the index was read from."""

    lang: str
    digest: str


class MemoryIndex:
    """The index opened for a refresh: read what is known, replace what changed."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = self._open(path)
        except sqlite3.DatabaseError:  # corrupt, not a database, or another transkit's
            with contextlib.suppress(OSError):
                path.unlink()
            self.conn = self._open(path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        conn = _connect(path)
        try:
            # a cache: no syncing to disk, and a journal emptied rather than deleted after each
            # of the many small transactions a refresh makes
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("PRAGMA journal_mode = TRUNCATE")
            conn.executescript(_TABLES)
            row = conn.execute("SELECT value FROM meta WHERE name = 'stamp'").fetchone()
            if row is None and conn.execute("SELECT 1 FROM catalogs LIMIT 1").fetchone() is None:
                conn.execute("INSERT INTO meta VALUES ('stamp', ?)", (_stamp(),))  # a new one
            elif row is None or row[0] != _stamp():
                raise sqlite3.DatabaseError("made by another version of transkit")
            conn.executescript(_INDEXES)
            conn.execute(_SKETCH_INDEX)
        except BaseException:
            conn.close()
            raise
        return conn

    def close(self) -> None:
        self.conn.close()

    def stored(self) -> dict[str, Stored]:
        """Every catalog in the index, by path."""
        return {path: Stored(lang, digest) for path, lang, digest
                in self.conn.execute("SELECT path, lang, digest FROM catalogs")}

    def begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("ROLLBACK")

    def remove(self, paths: Iterable[str]) -> None:
        """Forget catalogs (and their places)."""
        for path in paths:
            row = self.conn.execute("SELECT id FROM catalogs WHERE path = ?", (path,)).fetchone()
            if row is not None:
                self.conn.execute("DELETE FROM places WHERE catalog = ?", row)
                self.conn.execute("DELETE FROM catalogs WHERE id = ?", row)

    def replace(self, lang: str, path: str, article: str, digest: str,
                places: Sequence[tuple[int, Place]]) -> None:
        """The places of one catalog, as read now (pair id, place)."""
        self.remove([path])
        cursor = self.conn.execute(
            "INSERT INTO catalogs(lang, path, article, digest) VALUES (?, ?, ?, ?)",
            (lang, path, article, digest))
        catalog = cursor.lastrowid
        self.conn.executemany(
            "INSERT INTO places VALUES (?, ?, ?, ?, ?)",
            ((catalog, pair, p.line, int(p.obsolete), int(p.silenced)) for pair, p in places))

    def missing(self, pairs: Iterable[int], *, full: bool) -> set[int]:
        """The pairs the index has no unit for yet, or, with `full`, no sentences and
        sketches either."""
        wanted = sorted(set(pairs))
        have: set[int] = set()
        condition = " AND full = 1" if full else ""
        for chunk in _chunks(wanted):
            have.update(p for (p,) in self.conn.execute(
                f"SELECT pair FROM segments WHERE kind = {Kind.UNIT.value}{condition} "
                f"AND pair IN ({_marks(len(chunk))})", chunk))
        return set(wanted) - have

    def light(self, langs: Sequence[str]) -> list[tuple[int, str]]:
        """The pairs of `langs` kept as units only, with their language."""
        return sorted(set(self.conn.execute(
            "SELECT s.pair, c.lang FROM segments s INDEXED BY segments_light "
            "JOIN places p ON p.pair = s.pair JOIN catalogs c ON c.id = p.catalog "
            "WHERE s.kind = 0 AND s.full = 0 "
            f"AND c.lang IN ({_marks(len(langs))})", list(langs))))

    def units(self, pairs: Sequence[int]) -> list[tuple[int, str, str]]:
        """(pair, English, target) of each pair."""
        out: list[tuple[int, str, str]] = []
        for chunk in _chunks(pairs):
            out.extend(self.conn.execute(
                "SELECT pair, english, target FROM segments WHERE kind = 0 "
                f"AND pair IN ({_marks(len(chunk))})", chunk))
        return out

    def add(self, rows: Sequence[tuple[int, Segment]], *, full: bool) -> None:
        """The segments of pairs new to the index (or only now needed in `full`), with their
        sketches; what the index had of those pairs is replaced."""
        self._drop(sorted({pair for pair, _ in rows}))
        start = (self.conn.execute("SELECT MAX(id) FROM segments").fetchone()[0] or 0) + 1
        self.conn.executemany(
            "INSERT INTO segments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((start + i, pair, s.kind, s.key, s.length,
              *((s.english, s.target) if s.kind == Kind.UNIT else (None, None)), int(full),
              *s.spans) for i, (pair, s) in enumerate(rows)))
        self.conn.executemany(
            "INSERT OR IGNORE INTO sketches VALUES (?, ?)",
            ((start + i, h) for i, (_, s) in enumerate(rows) for h in s.sketch))

    def store(self, lang: str, path: str, article: str, digest: str,
              places: Sequence[tuple[int, Place]], rows: Sequence[tuple[int, Segment]], *,
              full: bool) -> None:
        """One catalog as read now: its places, and the segments of its pairs that the index
        lacked when they were made (another process may have added some since)."""
        self.begin()
        try:
            self.replace(lang, path, article, digest, places)
            still = self.missing((pair for pair, _ in rows), full=full)
            self.add([(pair, s) for pair, s in rows if pair in still], full=full)
            self.commit()
        except BaseException:
            self.rollback()
            raise

    def complete(self, rows: Sequence[tuple[int, Segment]]) -> None:
        """Sentences and sketches for pairs kept as units only."""
        self.begin()
        try:
            still = self.missing((pair for pair, _ in rows), full=True)
            self.add([(pair, s) for pair, s in rows if pair in still], full=True)
            self.commit()
        except BaseException:
            self.rollback()
            raise

    def _drop(self, pairs: Sequence[int]) -> None:
        for chunk in _chunks(pairs):
            marks = _marks(len(chunk))
            self.conn.execute(f"DELETE FROM sketches WHERE segment IN (SELECT id FROM segments "
                              f"WHERE pair IN ({marks}))", chunk)
            self.conn.execute(f"DELETE FROM segments WHERE pair IN ({marks})", chunk)

    def collect_garbage(self) -> None:
        """Drop the segments of pairs no catalog has any more."""
        self._drop([p for (p,) in self.conn.execute(
            "SELECT DISTINCT pair FROM segments EXCEPT SELECT pair FROM places")])


_writers: dict[tuple[int, Path], MemoryIndex] = {}


def writer(path: Path) -> MemoryIndex:
    """This process's index to write to (each worker process opens its own)."""
    key = (os.getpid(), path)
    if key not in _writers:
        _writers[key] = MemoryIndex(path)
    return _writers[key]


def close_writers() -> None:
    """Close this process's write connections (after a refresh, before anything forks)."""
    for key, index in list(_writers.items()):
        if key[0] == os.getpid():
            index.close()
        del _writers[key]


# --- reading, in any process ----------------------------------------------------------------

# a sentence's texts are cut from its unit's (substr counts characters from 1, as Python's
# offsets count code points from 0)
_SELECT = ("SELECT COALESCE(s.english, substr(u.english, s.e0 + 1, s.e1)), "
           "COALESCE(s.target, substr(u.target, s.t0 + 1, s.t1)), c.article, p.line, p.obsolete "
           f"FROM segments s JOIN segments u ON u.pair = s.pair AND u.kind = {Kind.UNIT.value} "
           "JOIN places p ON p.pair = s.pair JOIN catalogs c ON c.id = p.catalog ")
_readers: dict[tuple[int, Path], sqlite3.Connection | None] = {}


def reader(path: Path) -> sqlite3.Connection | None:
    """This process's read-only connection to the index (None when there is no index).

    A connection is never carried across a fork (SQLite forbids it): each worker process opens
    its own."""
    key = (os.getpid(), path)
    if _readers.get(key) is None:
        _readers[key] = None
        if path.is_file():
            with contextlib.suppress(sqlite3.Error):
                _readers[key] = _connect(path, read_only=True)
    return _readers[key]


def close_readers() -> None:
    """Close this process's read connections (at the end of a run)."""
    for key, conn in list(_readers.items()):
        if key[0] == os.getpid() and conn is not None:
            conn.close()
        del _readers[key]


class LanguageMemory:
    """The memory of one language, read from the index (a `core.memory.Lookup`)."""

    def __init__(self, conn: sqlite3.Connection, lang: str) -> None:
        self.conn = conn
        self.lang = lang

    def is_empty(self) -> bool:
        return self.conn.execute(
            "SELECT 1 FROM catalogs c JOIN places p ON p.catalog = c.id WHERE c.lang = ? "
            "LIMIT 1", (self.lang,)).fetchone() is None

    def _rows(self, sql: str, args: Sequence[object]) -> list[Remembered]:
        return [Remembered(e, t, a, line, bool(o))
                for e, t, a, line, o in self.conn.execute(sql, args)]

    def exact(self, key: int, *, units: bool) -> Sequence[Remembered]:
        where = "WHERE s.key = ?" + (f" AND s.kind = {Kind.UNIT.value}" if units else "")
        return self._rows(_SELECT + where, (key,))

    def candidates(self, sketch: Sequence[int], shortest: int, longest: int, *,
                   units: bool) -> Sequence[tuple[int, str]]:
        if not sketch:
            return []
        counts = dict(self.conn.execute(
            f"SELECT hash, COUNT(*) FROM sketches WHERE hash IN ({_marks(len(sketch))}) "
            "GROUP BY hash", list(sketch)).fetchall())
        present = [h for h in sketch if h in counts]
        useful = [h for h in present if counts[h] <= HOT]
        if not useful:  # only common word pairs: follow the two least common
            useful = sorted(present, key=lambda h: (counts[h], h))[:2]
        if not useful:
            return []
        kind = f" AND s.kind = {Kind.UNIT.value}" if units else ""
        return self.conn.execute(
            "SELECT s.id, COALESCE(s.english, substr(u.english, s.e0 + 1, s.e1)) "
            "FROM (SELECT DISTINCT segment FROM sketches "
            f"WHERE hash IN ({_marks(len(useful))})) k JOIN segments s ON s.id = k.segment "
            f"LEFT JOIN segments u ON s.kind = {Kind.SENTENCE.value} AND u.pair = s.pair "
            f"AND u.kind = {Kind.UNIT.value} WHERE s.length BETWEEN ? AND ?{kind}",
            [*useful, shortest, longest]).fetchall()

    def remembered(self, ids: Sequence[int]) -> Sequence[tuple[int, Remembered]]:
        out: list[tuple[int, Remembered]] = []
        for chunk in _chunks(ids):
            out.extend((i, Remembered(e, t, a, line, bool(o))) for i, e, t, a, line, o
                       in self.conn.execute(_SELECT.replace("SELECT ", "SELECT s.id, ", 1)
                                            + f"WHERE s.id IN ({_marks(len(chunk))})", chunk))
        return out


def disagreements(conn: sqlite3.Connection, langs: Sequence[str]) -> list[TranslatedUnit]:
    """The live, not silenced units whose English has more than one translation (up to
    whitespace, which the caller judges) in one language."""
    keys = [k for (k,) in conn.execute(
        "SELECT s.key FROM segments s JOIN places p ON p.pair = s.pair "
        f"WHERE s.kind = {Kind.UNIT.value} AND p.obsolete = 0 AND p.silenced = 0 "
        "GROUP BY s.key HAVING COUNT(DISTINCT s.pair) > 1")]
    out: list[TranslatedUnit] = []
    for chunk in _chunks(keys):
        out.extend(TranslatedUnit(*row) for row in conn.execute(
            "SELECT c.lang, c.path, c.article, p.line, s.english, s.target FROM segments s "
            "JOIN places p ON p.pair = s.pair JOIN catalogs c ON c.id = p.catalog "
            f"WHERE s.kind = {Kind.UNIT.value} AND p.obsolete = 0 AND p.silenced = 0 "
            f"AND s.key IN ({_marks(len(chunk))})", chunk))
    return [t for t in out if t.lang in langs]
