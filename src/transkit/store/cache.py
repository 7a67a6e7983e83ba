"""Remember what earlier runs learned about files that have not changed since.

A cache may make a run faster, never different. Every record is keyed by the files it was
computed from, each identified as git's index identifies a file: size, modification time in
nanoseconds, inode. A record is used only if every one of those files is exactly as it was.
The whole cache is void when transkit's code or the configuration file changes, and a missing,
unreadable or corrupt cache is silently rebuilt. Like git, a file modified within a second of
being recorded is not trusted (its next change could keep the same time stamp), so its record
is not kept.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import sys
import time
import types
import typing
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import IO, Any, NamedTuple, TypeVar

from .. import __version__
from ..config import Config
from ..errors import TranskitError
from .write import remove_stale_temps, write_streamed

T = TypeVar("T")

CACHE_DIR = ".transkit-cache"
# a cache file up to this size is read at once; a bigger one record by record, when asked for
# (10,000 articles' check records are 170 MB)
WHOLE_FILE_BYTES = 32 << 20
_RACY_SECONDS = 1.0

Fingerprint = list[int] | None


def fingerprint(path: Path) -> Fingerprint:
    """(size, mtime_ns, inode) of a file, or None when it does not exist."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise TranskitError("is a symbolic link that leads nowhere; point it at a file or "
                                "remove it", path=str(path)) from None
        return None
    except OSError as err:  # a folder on the way that cannot be searched, a symlink loop, ...
        raise TranskitError(f"cannot be read ({err.strerror}); fix the permissions of the file "
                            "and its folders", path=str(path)) from err
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _digest_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _racy(fp: Fingerprint, now_ns: int) -> bool:
    return fp is not None and now_ns - fp[1] < _RACY_SECONDS * 1e9


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """A digest of transkit's own code: any change to it (an upgrade, a developer's edit)
    voids every cache, even when the version number stays the same."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        with contextlib.suppress(OSError):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0"
                          + path.read_bytes())
    return digest.hexdigest()


def stamp(config: Config) -> str:
    """A digest of transkit (its version and code) and the configuration file: what a record
    of an earlier run's results is valid for."""
    digest = hashlib.sha256(__version__.encode())
    digest.update(_code_digest().encode())
    if config.config_file is not None:
        with contextlib.suppress(OSError):
            digest.update(config.config_file.read_bytes())
    return digest.hexdigest()


class _Stored(NamedTuple):
    """Where a record not read yet stands in the cache file: its JSON's bytes."""

    start: int
    size: int


class Cache:
    """One file of records under `.transkit-cache/`, void when transkit or config change.

    The file is JSON Lines: a first line with the stamp, then one record per line, its key in
    JSON, a tab, the record in JSON, sorted by key. Opening it reads only where each record
    lies; a record is parsed when it is asked for, so a run holds the records it uses, never
    the whole file or its JSON at once (10,000 articles' check records are 170 MB of JSON).
    """

    def __init__(self, config: Config, name: str) -> None:
        self.path = config.root / CACHE_DIR / f"{name}.jsonl"
        self.stamp = stamp(config)
        self.records: dict[str, Any] = {}  # key -> record, or where it is still _Stored
        self.dirty = False
        self._file: IO[bytes] | None = None
        self._data: bytes | None = None  # the whole file, when it is small
        try:
            self._index()
        except (OSError, ValueError, UnicodeDecodeError):
            self.close()  # missing or corrupt: start afresh
            self.records = {}

    def _index(self) -> None:
        handle = self.path.open("rb")
        lines: Iterator[bytes]
        if os.fstat(handle.fileno()).st_size <= WHOLE_FILE_BYTES:
            # read at once: a record then costs no system call, and no file stays open
            with handle:
                self._data = handle.read()
            # the lines the file gives, each ended by b"\n" (JSON escapes any other break)
            pieces = self._data.split(b"\n")
            rest = pieces.pop()  # after the last line's end: nothing, in a whole file
            lines = iter([piece + b"\n" for piece in pieces] + ([rest] if rest else []))
        else:
            self._file = handle
            lines = iter(handle)
        first = next(lines, b"")
        head = json.loads(first)
        if not isinstance(head, dict) or head.get("stamp") != self.stamp:
            self.close()
            return
        offset = len(first)
        for line in lines:
            tab = line.find(b"\t")
            if tab < 0 or not line.endswith(b"\n"):
                raise ValueError("a cut line: the file was not written to its end")
            key = json.loads(line[:tab])
            if not isinstance(key, str):
                raise ValueError("a key that is not text")
            self.records[key] = _Stored(offset + tab + 1, len(line) - tab - 2)
            offset += len(line)

    def close(self) -> None:
        """Let go of the cache file (records not read yet are read no more)."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self._data = None
        self.records = {k: r for k, r in self.records.items() if not isinstance(r, _Stored)}

    def _raw(self, record: _Stored) -> bytes:
        """A record's JSON, as the file holds it."""
        if self._data is not None:
            return self._data[record.start : record.start + record.size]
        assert self._file is not None  # a _Stored record comes from an open file
        self._file.seek(record.start)
        return self._file.read(record.size)

    def _record(self, key: str) -> Any:
        """The record of `key` (parsed from the file the first time it is asked for)."""
        record = self.records.get(key)
        if not isinstance(record, _Stored):
            return record
        try:
            parsed = json.loads(self._raw(record))
        except (OSError, ValueError, UnicodeDecodeError):
            parsed = None
        if not isinstance(parsed, dict):
            self.forget(key)  # damaged: computed again, and rewritten
            return None
        self.records[key] = parsed
        return parsed

    def peek(self, key: str) -> Any:
        """The value recorded under `key`, unverified: only to learn which files to verify."""
        record = self._record(key)
        return record.get("value") if isinstance(record, dict) else None

    def get(self, key: str, files: dict[str, Fingerprint],
            paths: dict[str, Path] | None = None) -> Any:
        """The value recorded under `key` if every file is as it was then, else None.

        A file recorded within a second of its last change is also compared by content
        (its digest was recorded from the bytes transkit itself wrote).
        """
        record = self._record(key)
        if not isinstance(record, dict) or record.get("files") != files:
            return None
        digests = record.get("digests") or {}
        for name, digest in digests.items():
            path = (paths or {}).get(name)
            if path is None or _digest_of(path) != digest:
                return None
        return record.get("value")

    def put(self, key: str, files: dict[str, Fingerprint], value: Any,
            written: dict[str, str] | None = None) -> None:
        """Record `value` for `key`, unless a file is too fresh to be trusted by its stat.

        `written` gives the sha256 of what transkit just wrote to some of the files: a fresh
        file whose content is known is recorded with its digest instead of being left out.
        """
        now = time.time_ns()
        digests = {}
        for name, fp in files.items():
            if _racy(fp, now):
                if written is None or name not in written:
                    self.forget(key)
                    return
                digests[name] = written[name]
        record: dict[str, Any] = {"files": files, "value": value}
        if digests:
            record["digests"] = digests
        if self._record(key) != record:
            self.records[key] = record
            self.dirty = True

    def forget(self, key: str) -> None:
        """Drop the record of `key`: what it was computed from is no longer known."""
        if self.records.pop(key, None) is not None:
            self.dirty = True

    def save(self) -> None:
        """Write the cache atomically; a cache that cannot be written is simply not kept.

        It also removes the temporary files that killed runs left beside the cache. Unlike a
        catalog's, taking away the temporary file of a run still writing costs nothing: that
        run's cache write fails quietly and the cache is rebuilt by the next run.
        """
        if self.dirty:
            def dump(handle: IO[str]) -> None:
                # record by record, each encoded by json's C encoder as it is written (or
                # copied from the old file, not parsed by this run): a big project's cache is
                # never held twice in memory, nor as one string
                def encoded(value: object) -> str:
                    return json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                                      sort_keys=True, default=_plain)

                handle.write(encoded({"stamp": self.stamp}) + "\n")
                for key in sorted(self.records):
                    record = self.records[key]
                    if isinstance(record, _Stored):
                        text = self._raw(record).decode("utf-8")
                    else:
                        text = encoded(record)
                    handle.write(f"{encoded(key)}\t{text}\n")
            with contextlib.suppress(Exception):
                write_streamed(self.path, dump, shown=str(self.path))
            self.dirty = False
        self.close()
        remove_stale_temps([self.path])
        with contextlib.suppress(OSError):  # an older transkit's cache: one JSON document
            self.path.with_suffix(".json").unlink()


# --- typed records ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """json's hook for what it cannot write itself: a dataclass as the dict of its fields."""
    kind: Any = type(value)  # a type is hashable; typeshed's type[Any] says it may not be
    names = _field_names(kind)
    if names is None:
        raise TypeError(f"cannot write {type(value).__name__} into the cache")
    return {name: getattr(value, name) for name in names}


@functools.cache
def _field_names(kind: type) -> tuple[str, ...] | None:
    """The fields of a dataclass type (None for any other type): asked once per type, not once
    per value written."""
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(f.name for f in dataclasses.fields(kind))


def decode(kind: Any, data: Any) -> Any:
    """A record read back from the cache's JSON as a value, led by the type hints of `kind`."""
    return _decoder(kind)(data)


_SCALARS = (int, float, str, bool, Any)


def _intern(value: Any) -> Any:
    return sys.intern(value) if isinstance(value, str) and len(value) < 200 else value


@functools.cache
def _decoder(kind: Any) -> Any:
    """A function that reads data of type `kind` back (made once per type: the cache holds
    tens of thousands of records)."""
    origin = typing.get_origin(kind)
    if kind in _SCALARS:
        return lambda data: data
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda data: tuple(item(v) for v in data)
        items = [_decoder(a) for a in args]
        return lambda data: tuple(f(v) for f, v in zip(items, data, strict=True))
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(kind) if a is not type(None)]
        inner_decoder = _decoder(inner)
        return lambda data: None if data is None else inner_decoder(data)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        fields = {name: _decoder(hint) for name, hint in typing.get_type_hints(kind).items()}
        plain = {name for name, hint in typing.get_type_hints(kind).items() if hint in _SCALARS}

        def read(data: dict[str, Any]) -> Any:
            # the same path, language, check id or hint comes back thousands of times: one
            # string each, not one per record
            return kind(**{name: (_intern(value) if name in plain else fields[name](value))
                           for name, value in data.items()})

        return read
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind
    return lambda data: data


def load(kind: type[T], data: Any) -> T:
    """A typed record of the cache as the value it was made from."""
    value: T = decode(kind, data)
    return value
