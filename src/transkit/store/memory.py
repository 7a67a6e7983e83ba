"""The translation memory's index on disk: one SQLite database in `.transkit-cache/`, small
beside the catalogs it indexes (it keeps numbers, not texts).

Why a database and not a file read whole: a sync that creates a few units asks the memory a few
hundred questions, and loading an archive's memory (tens of megabytes per language) to answer
them would cost more than the sync. SQLite answers from its b-trees and reads nothing else, and
a catalog that changed replaces its own rows only.

What it keeps (integer columns, and a few texts per catalog):

- `catalogs`: every catalog the memory was read from, with its language, article and the
  fingerprint (size, mtime, inode) it was read at;
- `englishes`: each English text once, whatever the number of its catalogs and languages: a
  hash of the text as it is (which English it is), its key (`english_key`, the folded text,
  for the same English) and folded length; `full` once its sentences and sketches are in;
- `places`: the translated entries of the catalogs, ordered by their English: the catalog,
  line and byte offset of the entry, the id of its pair (`pair_id`: language, English and
  translation), obsolete, opted out of the consistency check, and whether the translation's
  sentences align with the English ones (unknown until a run looks for similar English);
- `sentences`: the key (32 bits of it) of each sentence of an English of two sentences or more;
- `unit_sketches`, `sentence_sketches`: the word-pair hashes (without the language's salt:
  `core.sync.memory.unsalted`) of each English and each of its sentences, in b-trees ordered by
  the hash (what a lookup asks), a sentence's with its folded length and where it stands in
  its English (so a candidate sentence is cut from the English, not found by splitting it).

No text is stored: an English or a translation is read back from its catalog, at the entry's
offset, when a candidate is scored or an answer returned (`Texts`). A text is taken only when
its hash is the indexed one (the English's, the pair's), so a catalog changed since it was
indexed never answers with a text it no longer holds at that place; such a catalog is read
whole, and only the places it still holds answer.

A sentence of an English is remembered with a translation only where the translation's
sentences align with it; the language of a question is that of the catalogs its answers come
from. So the index answers every language's questions as if it kept each language's segments
apart: the same segments, counted alike (`HOT`), the same ties.

English ids are never reused (AUTOINCREMENT): an English no catalog holds any more is dropped,
and its sentences and sketches, which nothing reaches any more, are swept when there are many
(`pack`), the database then rewritten in order (VACUUM) to stay small.

It is a cache like the others: void when transkit's code changes, rebuilt when missing or
corrupt, and never the only copy of anything.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any, NamedTuple

from ..core.po.pofile import scan_po
from ..core.sync.memory import (
    HOT,
    EnglishSegments,
    Kind,
    Remembered,
    english_hash,
    english_segments,
    followed,
    is_aligned,
    pair_id,
    sentences,
    text_places,
    unsalted,
    unsalted_key,
)
from ..core.sync.model import TranslatedUnit
from ..errors import TranskitError
from .cache import Fingerprint, _code_digest, fingerprint
from .files import read_catalog_text

SCHEMA = 4
_BUSY_MS = 120_000  # another transkit refreshing the same memory: wait for it

_TABLES = """
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS catalogs(id INTEGER PRIMARY KEY, lang TEXT, path TEXT UNIQUE,
    article TEXT, digest TEXT);
CREATE TABLE IF NOT EXISTS englishes(id INTEGER PRIMARY KEY AUTOINCREMENT, hash INTEGER,
    key INTEGER, length INTEGER, full INTEGER);
CREATE TABLE IF NOT EXISTS places(english INTEGER, catalog INTEGER, line INTEGER,
    offset INTEGER, pair INTEGER, obsolete INTEGER, silenced INTEGER, aligned INTEGER,
    PRIMARY KEY(english, catalog, line)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sentences(key INTEGER, english INTEGER, number INTEGER,
    PRIMARY KEY(key, english, number)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS unit_sketches(hash INTEGER, english INTEGER,
    PRIMARY KEY(hash, english)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sentence_sketches(hash INTEGER, english INTEGER, number INTEGER,
    length INTEGER, start INTEGER, size INTEGER, PRIMARY KEY(hash, english, number))
    WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS englishes_hash ON englishes(hash);
CREATE INDEX IF NOT EXISTS englishes_key ON englishes(key);
CREATE INDEX IF NOT EXISTS places_catalog ON places(catalog);
"""
_BIG = 1 << 31


def _int32(value: int) -> int:
    """A 32-bit value as SQLite stores it in 4 bytes (signed)."""
    return (value & 0xFFFFFFFF) - _BIG


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


def fingerprint_text(found: Fingerprint) -> str | None:
    """A catalog's (size, mtime_ns, inode) (`store.cache.fingerprint`) as the index keeps it."""
    return None if found is None else ":".join(map(str, found))


def _fingerprint(path: Path) -> str | None:
    """`fingerprint_text` of a catalog now; None when it cannot be looked at."""
    try:
        return fingerprint_text(fingerprint(path))
    except TranskitError:
        return None


def entry_offsets(text: str, lines: Sequence[int]) -> list[int]:
    """The byte offset in the UTF-8 file of each line (1-based; 0: the file's start)."""
    data = text.encode("utf-8", "surrogateescape")
    starts = [0, 0, *accumulate(map(len, data.splitlines(keepends=True)))]
    return [starts[line] if line < len(starts) else len(data) for line in lines]


@dataclass(frozen=True)
class Stored:
    """A catalog the index was read from."""

    lang: str
    digest: str


class IndexedPlace(NamedTuple):
    """A translated entry as the index keeps it."""

    english: int  # english_hash
    line: int
    offset: int
    pair: int
    obsolete: bool
    silenced: bool
    aligned: bool | None  # None: not known yet (read without sentences)


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
            conn.execute("CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT)")
            row = conn.execute("SELECT value FROM meta WHERE name = 'stamp'").fetchone()
            tables = {name for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if row is None and tables <= {"meta"}:  # a new one
                conn.executescript(_TABLES)
                conn.execute("INSERT INTO meta VALUES ('stamp', ?)", (_stamp(),))
            elif row is None or row[0] != _stamp():
                raise sqlite3.DatabaseError("made by another version of transkit")
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

    def known(self, hashes: Iterable[int], *, full: bool) -> dict[int, int]:
        """english_hash -> id of the Englishes the index has (with `full`: with their sentences
        and sketches)."""
        out: dict[int, int] = {}
        condition = " AND full = 1" if full else ""
        for chunk in _chunks(sorted(set(hashes))):
            out.update(self.conn.execute(
                f"SELECT hash, id FROM englishes WHERE hash IN ({_marks(len(chunk))})"
                + condition, chunk))
        return out

    def _englishes(self, texts: Mapping[int, str], made: Mapping[int, EnglishSegments], *,
                   full: bool) -> dict[int, int]:
        """english_hash -> id of each English of `texts`, those the index lacks (or lacks the
        sentences and sketches of, with `full`) added from `made` (or made now: another
        process may have removed one since)."""
        have = {h: (i, f) for chunk in _chunks(sorted(texts)) for h, i, f in self.conn.execute(
            f"SELECT hash, id, full FROM englishes WHERE hash IN ({_marks(len(chunk))})", chunk)}
        ids: dict[int, int] = {}
        added: list[tuple[int, EnglishSegments]] = []
        for h in sorted(texts):
            known = have.get(h)
            if known is not None and (known[1] or not full):
                ids[h] = known[0]
                continue
            segments = made.get(h)
            if segments is None:
                segments = english_segments(texts[h], full=full)
            if known is None:
                cursor = self.conn.execute(
                    "INSERT INTO englishes(hash, key, length, full) VALUES (?, ?, ?, ?)",
                    (h, segments.key, segments.length, int(full)))
                english = int(cursor.lastrowid or 0)
            else:
                english = known[0]
                self.conn.execute("UPDATE englishes SET full = 1 WHERE id = ?", (english,))
            ids[h] = english
            if full:
                added.append((english, segments))
        self._add_all(added)
        return ids

    def _add_segments(self, english: int, segments: EnglishSegments) -> None:
        self._add_all([(english, segments)])

    def _add_all(self, made: Sequence[tuple[int, EnglishSegments]]) -> None:
        """The sentences and sketches of Englishes (by id), a statement per table."""
        self.conn.executemany("INSERT OR IGNORE INTO unit_sketches VALUES (?, ?)",
                              ((_int32(h), english) for english, segments in made
                               for h in segments.sketch))
        self.conn.executemany(
            "INSERT OR IGNORE INTO sentences VALUES (?, ?, ?)",
            ((_int32(key), english, n) for english, segments in made
             for n, (key, *_) in enumerate(segments.sentences)))
        self.conn.executemany(
            "INSERT OR IGNORE INTO sentence_sketches VALUES (?, ?, ?, ?, ?, ?)",
            ((_int32(h), english, n, length, start, size) for english, segments in made
             for n, (_, length, sketch, start, size) in enumerate(segments.sentences)
             for h in sketch))

    def store(self, lang: str, path: str, article: str, digest: str,
              places: Sequence[IndexedPlace], texts: Mapping[int, str],
              made: Mapping[int, EnglishSegments], *, full: bool) -> None:
        """One catalog as read now: its places, and the Englishes the index lacked when `made`
        was made (another process may have added some since). `texts`: english_hash -> text."""
        self.begin()
        try:
            self.remove([path])
            cursor = self.conn.execute(
                "INSERT INTO catalogs(lang, path, article, digest) VALUES (?, ?, ?, ?)",
                (lang, path, article, digest))
            catalog = cursor.lastrowid
            ids = self._englishes(texts, made, full=full)
            self.conn.executemany(
                "INSERT OR IGNORE INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                ((ids[p.english], catalog, p.line, p.offset, p.pair, int(p.obsolete),
                  int(p.silenced), None if p.aligned is None else int(p.aligned))
                 for p in places))
            self.commit()
        except BaseException:
            self.rollback()
            raise

    def incomplete(self, langs: Sequence[str]) -> list[int]:
        """The catalogs of `langs` read without sentences (by a check)."""
        return [c for (c,) in self.conn.execute(
            f"SELECT id FROM catalogs WHERE lang IN ({_marks(len(langs))}) AND id IN "
            "(SELECT catalog FROM places WHERE aligned IS NULL) ORDER BY id", list(langs))]

    def complete(self, catalog: int, texts: Texts) -> None:
        """Sentences and sketches for the places of a catalog read without them, their texts
        read back from it (a place whose catalog no longer holds it is left as it is: the next
        refresh reads that catalog again)."""
        rows = self.conn.execute(
            "SELECT p.english, e.hash, p.line, p.offset, p.pair, c.path, c.lang, c.digest "
            "FROM places p JOIN englishes e ON e.id = p.english "
            "JOIN catalogs c ON c.id = p.catalog WHERE p.catalog = ? AND p.aligned IS NULL",
            (catalog,)).fetchall()
        found: list[tuple[int, int, str, str]] = []  # english id, line, English, translation
        for english, _, line, offset, pair, path, lang, digest in rows:
            got = texts.place(catalog, path, lang, digest, offset, line, pair)
            if got is not None:
                found.append((english, line, *got))
        segments = {english: english_segments(e) for english, _, e, _ in found}
        aligned = [(int(is_aligned(e, t)), english, line) for english, line, e, t in found]
        self.begin()
        try:
            for english, made in sorted(segments.items()):
                if self.conn.execute("UPDATE englishes SET full = 1 WHERE id = ? AND full = 0",
                                     (english,)).rowcount:
                    self._add_segments(english, made)
            self.conn.executemany(
                "UPDATE places SET aligned = ? WHERE english = ? AND catalog = ? AND line = ?",
                ((a, english, catalog, line) for a, english, line in aligned))
            self.commit()
        except BaseException:
            self.rollback()
            raise

    def collect_garbage(self) -> None:
        """Drop the Englishes no catalog has any more (their sentences and sketches, which
        nothing reaches now, wait for `pack`)."""
        dropped = self.conn.execute(
            "DELETE FROM englishes WHERE id NOT IN (SELECT english FROM places)").rowcount
        if dropped:
            self._set("dropped", self._get("dropped") + dropped)

    def _get(self, name: str) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return int(row[0]) if row else 0

    def _set(self, name: str, value: int) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, str(value)))

    def pack(self) -> None:
        """Once the index has grown by a quarter since it was last packed (its Englishes,
        their sentences and sketches, its places), or a tenth of its Englishes were dropped:
        sweep what nothing reaches and rewrite it in order (rows added one catalog at a time
        leave its b-trees a third empty)."""
        size = self.conn.execute(
            "SELECT (SELECT COUNT(*) + COALESCE(SUM(full), 0) FROM englishes) "
            "+ (SELECT COUNT(*) FROM places)").fetchone()[0]
        if size <= self._get("packed") * 5 // 4 and self._get("dropped") * 10 <= size:
            return
        self.begin()
        try:
            for table in ("sentences", "unit_sketches", "sentence_sketches"):
                self.conn.execute(f"DELETE FROM {table} WHERE english NOT IN "
                                  "(SELECT id FROM englishes)")
            self._set("packed", size)
            self._set("dropped", 0)
            self.commit()
        except BaseException:
            self.rollback()
            raise
        self.conn.execute("VACUUM")


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


# --- texts, read back from the catalogs -----------------------------------------------------

_FILES = 4096  # catalogs kept mapped in one process (the system's page cache holds them)


# a catalog as the index read it (mapped), its places now by line (changed since), or nothing
_Content = mmap.mmap | dict[int, tuple[str, str]] | None


@lru_cache(maxsize=16384)
def _split(text: str) -> tuple[str, ...]:
    return tuple(sentences(text))


class Texts:
    """The English and translation at places of the index, read back from their catalogs: the
    entry at the place's byte offset when the catalog is as indexed, else the catalog read
    whole; taken only when its pair id is the indexed one."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # catalog id -> (fingerprint now, its bytes as indexed | its places by line | None)
        self._files: dict[int, tuple[str | None, _Content]] = {}
        self._english: dict[int, str] = {}  # english_hash -> text
        self._paths: dict[int, Path] = {}

    def _content(self, catalog: int, path: str, digest: str) -> _Content:
        where = self._paths.get(catalog)
        if where is None:
            where = self._paths[catalog] = self.root / path
        now = _fingerprint(where)
        cached = self._files.get(catalog)
        if cached is not None and cached[0] == now:
            return cached[1]
        content: _Content = None
        if now is not None and now == digest:
            with contextlib.suppress(OSError, ValueError), where.open("rb") as file:
                content = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        elif now is not None:
            content = self._whole(where, path)
        if len(self._files) >= _FILES:
            del self._files[next(iter(self._files))]
        self._files[catalog] = (now, content)
        return content

    @staticmethod
    def _whole(where: Path, path: str) -> dict[int, tuple[str, str]] | None:
        """A catalog changed since it was indexed: its places now, by line."""
        try:
            text = read_catalog_text(where, shown=path)
            found = text_places(text, path=path) if text is not None else []
        except TranskitError:
            return None
        return {p.line: (p.english, p.target) for p in found}

    def place(self, catalog: int, path: str, lang: str, digest: str, offset: int, line: int,
              pair: int) -> tuple[str, str] | None:
        """(English, translation) of the entry the index has at this place, or None when its
        catalog no longer holds it there."""
        content = self._content(catalog, path, digest)
        got: tuple[str, str] | None = None
        if isinstance(content, mmap.mmap):
            got = _entry_at(content, offset)
            if got is None or pair_id(lang, *got) != pair:
                content = self._whole(self.root / path, path)
                self._files[catalog] = (_fingerprint(self.root / path), content)
        if isinstance(content, dict):
            got = content.get(line)
        if got is None or pair_id(lang, *got) != pair:
            return None
        return got

    def known(self, hash_: int) -> str | None:
        """The English with this hash, when this process read it already."""
        return self._english.get(hash_)

    def english(self, hash_: int, places: Sequence[tuple[int, str, str, str, int, int, int]]
                ) -> str | None:
        """The English with this hash, read at one of its places (catalog, path, language,
        fingerprint, offset, line, pair)."""
        text = self._english.get(hash_)
        if text is not None:
            return text
        for place in places:
            got = self.place(*place)
            if got is not None and english_hash(got[0]) == hash_:
                if len(self._english) >= 65536:
                    self._english.clear()
                self._english[hash_] = got[0]
                return got[0]
        return None


def _entry_at(data: mmap.mmap, offset: int) -> tuple[str, str] | None:
    """msgid and msgstr of the entry that begins at `offset` (gettext's layout: entries apart
    by an empty line), or None when it is not one `scan_po` reads."""
    end = data.find(b"\n\n", offset)
    try:
        text = data[offset:end + 1 if end >= 0 else len(data)].decode("utf-8")
    except UnicodeDecodeError:
        return None
    found = scan_po(text)
    if not found or found[0].msgctxt is not None:
        return None
    return found[0].msgid, found[0].msgstr


# --- reading, in any process ----------------------------------------------------------------


@dataclass
class Reading:
    """This process's read-only connection to an index, and the texts it read back."""

    conn: sqlite3.Connection
    texts: Texts
    counts: dict[tuple[str, Kind, int], int] = field(default_factory=dict)
    englishes: dict[int, str | None] = field(default_factory=dict)  # English id -> text
    # the segments asked about, by id: (English id, 0 or 1 + sentence number, pair or None)
    segments: list[tuple[int, int, int | None]] = field(default_factory=list)
    ids: dict[tuple[int, int, int | None], int] = field(default_factory=dict)


_readers: dict[tuple[int, Path], Reading | None] = {}


def reader(path: Path, root: Path) -> Reading | None:
    """This process's read-only connection to the index (None when there is no index), the
    catalogs' paths relative to `root`.

    A connection is never carried across a fork (SQLite forbids it): each worker process opens
    its own."""
    key = (os.getpid(), path)
    if _readers.get(key) is None:
        _readers[key] = None
        if path.is_file():
            with contextlib.suppress(sqlite3.Error):
                _readers[key] = Reading(_connect(path, read_only=True), Texts(root))
    return _readers[key]


def close_readers() -> None:
    """Close this process's read connections (at the end of a run)."""
    for key, reading in list(_readers.items()):
        if key[0] == os.getpid() and reading is not None:
            reading.conn.close()
        del _readers[key]


_PLACE = ("SELECT p.english, p.catalog, c.path, c.lang, c.digest, p.offset, p.line, p.pair, "
          "c.article, p.obsolete, p.aligned FROM places p JOIN catalogs c ON c.id = p.catalog ")
_COUNTS = {
    Kind.UNIT: "SELECT COUNT(*) FROM (SELECT DISTINCT p.pair FROM unit_sketches k "
               "JOIN places p ON p.english = k.english JOIN catalogs c ON c.id = p.catalog "
               "WHERE k.hash = ? AND c.lang = ? LIMIT ?)",
    Kind.SENTENCE: "SELECT COUNT(*) FROM (SELECT DISTINCT k.english, k.number, p.pair "
                   "FROM sentence_sketches k JOIN places p ON p.english = k.english "
                   "JOIN catalogs c ON c.id = p.catalog "
                   "WHERE k.hash = ? AND p.aligned = 1 AND c.lang = ? LIMIT ?)",
}


class LanguageMemory:
    """The memory of one language, read from the index (a `core.memory.Lookup`). A segment
    is an English, or one of its sentences, with one of its translations (a pair) or all of
    them; its id is its number in this process (`Reading.segments`)."""

    def __init__(self, reading: Reading, lang: str) -> None:
        self.conn = reading.conn
        self.texts = reading.texts
        self.counts = reading.counts
        self.englishes = reading.englishes
        self.reading = reading
        self.lang = lang

    def _id(self, english: int, number: int, pair: int | None) -> int:
        """The id of a segment: an English (number 0) or its sentence `number` - 1, with one
        pair of the language (None: every pair)."""
        segment = (english, number, pair)
        found = self.reading.ids.get(segment)
        if found is None:
            found = self.reading.ids[segment] = len(self.reading.segments)
            self.reading.segments.append(segment)
        return found

    def is_empty(self) -> bool:
        return self.conn.execute(
            "SELECT 1 FROM catalogs c JOIN places p ON p.catalog = c.id WHERE c.lang = ? "
            "LIMIT 1", (self.lang,)).fetchone() is None

    def exact(self, key: int, *, units: bool) -> Sequence[Remembered]:
        english = unsalted_key(self.lang, key)
        ids = [self._id(e, 0, None) for (e,) in self.conn.execute(
            "SELECT id FROM englishes WHERE key = ?", (english,))]
        if not units:
            ids.extend(self._id(e, n + 1, None) for e, n in self.conn.execute(
                "SELECT english, number FROM sentences WHERE key = ?", (_int32(english),)))
        return [r for _, r in self.remembered(ids)]

    def _count(self, kind: Kind, hash_: int, cap: int) -> int:
        """How many segments of the language have this hash in their sketch (at most `cap`;
        -1: all)."""
        known = self.counts.get((self.lang, kind, hash_))
        if known is not None and (known <= HOT or cap > 0):
            return known
        count = int(self.conn.execute(_COUNTS[kind], (_int32(hash_), self.lang, cap)
                                      ).fetchone()[0])
        self.counts[(self.lang, kind, hash_)] = count
        return count

    def candidates(self, sketch: Sequence[int], shortest: int, longest: int, *,
                   units: bool) -> Sequence[tuple[int, str]]:
        if not sketch:
            return []
        kinds = dict(zip(sketch, unsalted(self.lang, sketch), strict=True))
        counts = {h: c for h in sketch if (c := self._count(*kinds[h], HOT + 1)) > 0}
        useful = followed(sketch, counts, lambda h: self._count(*kinds[h], -1))
        if not useful:
            return []
        # (english id, 1 + sentence number or 0, where the sentence stands in the English,
        # one of its pairs in the language)
        found: list[tuple[int, int, int, int, int]] = []
        unit = [_int32(kinds[h][1]) for h in useful if kinds[h][0] is Kind.UNIT]
        if unit:
            found.extend((e, 0, 0, 0, pair) for e, pair in self.conn.execute(
                "SELECT DISTINCT k.english, p.pair FROM unit_sketches k JOIN englishes e "
                "ON e.id = k.english JOIN places p ON p.english = k.english "
                f"JOIN catalogs c ON c.id = p.catalog WHERE k.hash IN ({_marks(len(unit))}) "
                "AND e.length BETWEEN ? AND ? AND c.lang = ?",
                [*unit, shortest, longest, self.lang]))
        sentence = [_int32(kinds[h][1]) for h in useful if kinds[h][0] is Kind.SENTENCE]
        if sentence and not units:
            found.extend((e, n + 1, start, size, pair) for e, n, start, size, pair
                         in self.conn.execute(
                "SELECT DISTINCT k.english, k.number, k.start, k.size, p.pair "
                "FROM sentence_sketches k JOIN places p ON p.english = k.english "
                f"JOIN catalogs c ON c.id = p.catalog WHERE k.hash IN ({_marks(len(sentence))}) "
                "AND k.length BETWEEN ? AND ? AND p.aligned = 1 AND c.lang = ?",
                [*sentence, shortest, longest, self.lang]))
        texts = self._englishes(sorted({e for e, *_ in found}))
        return [(self._id(e, n, pair), text[start:start + size] if n else text)
                for e, n, start, size, pair in found if (text := texts.get(e)) is not None]

    def _englishes(self, ids: Sequence[int]) -> dict[int, str]:
        """The texts of these Englishes, read back from their catalogs (an id is never given
        to another English, so what this process read stays true)."""
        cache = self.englishes
        missing = [e for e in ids if e not in cache]
        hashes: dict[int, int] = {}
        for chunk in _chunks(missing):
            hashes.update(self.conn.execute(
                f"SELECT id, hash FROM englishes WHERE id IN ({_marks(len(chunk))})", chunk))
        places: dict[int, list[tuple[int, str, str, str, int, int, int]]] = {}
        unread = [e for e in missing if e in hashes and self.texts.known(hashes[e]) is None]
        for chunk in _chunks(unread):
            for row in self.conn.execute(
                    _PLACE + f"WHERE p.english IN ({_marks(len(chunk))}) "
                    "ORDER BY p.english, c.lang != ?, p.catalog, p.line",
                    [*chunk, self.lang]):
                places.setdefault(row[0], []).append(row[1:8])
        for e in missing:
            if e in hashes:
                cache[e] = self.texts.english(hashes[e], places.get(e, []))
        return {e: text for e in ids if (text := cache.get(e)) is not None}

    def remembered(self, ids: Sequence[int]) -> Sequence[tuple[int, Remembered]]:
        segments = self.reading.segments
        englishes = sorted({segments[i][0] for i in ids})
        rows: dict[int, list[tuple[Any, ...]]] = {}
        for chunk in _chunks(englishes):
            for row in self.conn.execute(
                    _PLACE + f"WHERE p.english IN ({_marks(len(chunk))}) AND c.lang = ? "
                    "ORDER BY p.english, p.catalog, p.line", [*chunk, self.lang]):
                rows.setdefault(row[0], []).append(row[1:])
        out: list[tuple[int, Remembered]] = []
        for i in ids:
            english_id, n, chosen = segments[i]
            number = n - 1
            for catalog, path, lang, digest, offset, line, pair, article, obsolete, aligned \
                    in rows.get(english_id, []):
                if (number >= 0 and aligned != 1) or (chosen is not None and pair != chosen):
                    continue
                got = self.texts.place(catalog, path, lang, digest, offset, line, pair)
                if got is None:
                    continue
                english, target = got
                if number >= 0:
                    ours, theirs = _split(english), _split(target)
                    if number >= min(len(ours), len(theirs)):
                        continue
                    english, target = ours[number], theirs[number]
                out.append((i, Remembered(english, target, article, line, bool(obsolete))))
        return out


def disagreements(reading: Reading, langs: Sequence[str]) -> list[TranslatedUnit]:
    """The live, not silenced units whose English has more than one translation (up to
    whitespace, which the caller judges) in one language."""
    groups = reading.conn.execute(
        "SELECT e.key, c.lang FROM places p JOIN englishes e ON e.id = p.english "
        "JOIN catalogs c ON c.id = p.catalog WHERE p.obsolete = 0 AND p.silenced = 0 "
        f"AND c.lang IN ({_marks(len(langs))}) "
        "GROUP BY e.key, c.lang HAVING COUNT(DISTINCT p.pair) > 1", list(langs)).fetchall()
    out: list[TranslatedUnit] = []
    for key, lang in groups:
        for catalog, path, lang_, digest, offset, line, pair, article in reading.conn.execute(
                "SELECT p.catalog, c.path, c.lang, c.digest, p.offset, p.line, p.pair, "
                "c.article FROM places p JOIN englishes e ON e.id = p.english "
                "JOIN catalogs c ON c.id = p.catalog WHERE e.key = ? AND c.lang = ? "
                "AND p.obsolete = 0 AND p.silenced = 0 ORDER BY c.path, p.line", (key, lang)):
            got = reading.texts.place(catalog, path, lang_, digest, offset, line, pair)
            if got is not None:
                out.append(TranslatedUnit(lang, path, article, line, *got))
    return out
