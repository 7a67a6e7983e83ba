"""Remember what earlier runs learned about files that have not changed since.

A cache may make a run faster, never different. Every record is keyed by the files it was
computed from, each identified as git's index identifies a file: size, modification time in
nanoseconds, inode. A record is used only if every one of those files is exactly as it was.
The whole cache is void when transkit's version or the configuration file changes, and a missing,
unreadable or corrupt cache is silently rebuilt. Like git, a file modified within a second of
being recorded is not trusted (its next change could keep the same time stamp), so its record
is not kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config

CACHE_DIR = ".transkit-cache"
_RACY_SECONDS = 1.0

Fingerprint = list[int] | None


def fingerprint(path: Path) -> Fingerprint:
    """(size, mtime_ns, inode) of a file, or None when it does not exist."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _racy(fp: Fingerprint, now_ns: int) -> bool:
    return fp is not None and now_ns - fp[1] < _RACY_SECONDS * 1e9


class Cache:
    """One JSON file of records under `.transkit-cache/`, void when transkit or config change."""

    def __init__(self, config: Config, name: str) -> None:
        self.path = config.root / CACHE_DIR / f"{name}.json"
        self.stamp = self._stamp(config)
        self.records: dict[str, Any] = {}
        self.dirty = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("stamp") == self.stamp:
                records = data.get("records")
                if isinstance(records, dict):
                    self.records = records
        except (OSError, ValueError):
            pass  # missing or corrupt: start afresh

    @staticmethod
    def _stamp(config: Config) -> str:
        digest = hashlib.sha256(__version__.encode())
        if config.config_file is not None:
            with contextlib.suppress(OSError):
                digest.update(config.config_file.read_bytes())
        return digest.hexdigest()

    def get(self, key: str, files: dict[str, Fingerprint]) -> Any:
        """The value recorded under `key` if every file is as it was then, else None."""
        record = self.records.get(key)
        if not isinstance(record, dict) or record.get("files") != files:
            return None
        return record.get("value")

    def put(self, key: str, files: dict[str, Fingerprint], value: Any) -> None:
        """Record `value` for `key`, unless a file is too fresh to be trusted."""
        now = time.time_ns()
        if any(_racy(fp, now) for fp in files.values()):
            if self.records.pop(key, None) is not None:
                self.dirty = True
            return
        record = {"files": files, "value": value}
        if self.records.get(key) != record:
            self.records[key] = record
            self.dirty = True

    def save(self) -> None:
        """Write the cache atomically; a cache that cannot be written is simply not kept."""
        if not self.dirty:
            return
        from .store import write_atomic

        text = json.dumps({"stamp": self.stamp, "records": self.records}, ensure_ascii=False,
                          separators=(",", ":"), sort_keys=True)
        with contextlib.suppress(Exception):
            write_atomic(self.path, text, shown=str(self.path))
        self.dirty = False
