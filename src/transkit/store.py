"""The file system: find articles, read sources and catalogs strictly, write atomically, lock.

Nothing else in transkit opens a file. Reads never guess: a source must be UTF-8 text, a catalog
must pass `pofile.parse_po`. Writes go to a temporary file in the same folder, are flushed and
fsynced, then renamed over the target, so a reader (or a crash) sees the old file or the new one,
never a mixture; a file whose content would not change is not touched at all. A run killed between
the two steps leaves a hidden temporary file, which the next sync removes (`remove_stale_temps`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Collection, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polib
from filelock import FileLock, Timeout

from .config import Config
from .errors import CatalogError, SourceError, TranskitError, WriteError
from .model import DEFAULT_SHORTCODE_PARAMETERS, Document
from .pofile import Scanned, decode_po, parse_po, scan_po
from .segment import normalize_newlines, segment_markdown, segment_text

SOURCE_SUFFIXES = (".md", ".markdown", ".txt")
# one part of an article id, a file or folder name: what Hugo and Jekyll use (`_index`,
# `2024-01-02-post`, `v1.2`), never hidden or '..', never an option's leading '-'
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")
LOCK_NAME = ".transkit.lock"
_SHOWN_IDS = 10  # an error lists at most this many known articles


@dataclass(frozen=True)
class Article:
    """One source file. `slug` is the article's id: its path under the sources folder without
    the extension, '/' between folders (`docs/concepts/overview/_index`)."""

    slug: str
    path: Path


def find_articles(config: Config, names: list[str] | None = None) -> list[Article]:
    """The project's source articles, in the sources folder and every folder below it, in path
    order; or only those named (by id, or by the path of the source file)."""
    found: dict[str, Article] = {}
    for path in _source_files(config):
        article_id = config.article_id(path)
        *folders, stem = article_id.split("/")
        bad = next((part for part in folders if not _NAME.fullmatch(part)), None)
        what = "folder"
        if bad is None and not _NAME.fullmatch(stem):
            bad, what = path.name, "file"
        if bad is not None:
            raise SourceError(
                f"{what} name '{bad}' cannot name an article (letters, digits, '.', '-' and '_', "
                f"starting with a letter, a digit or '_'); rename the {what}",
                path=config.relative(path),
            )
        if article_id in found:
            raise SourceError(
                f"two sources are the article '{article_id}' ({found[article_id].path.name} and "
                f"{path.name}); rename one",
                path=config.relative(path),
            )
        found[article_id] = Article(article_id, path)
    if not names:
        return list(found.values())
    chosen: list[Article] = []
    for name in names:
        named = _named_id(config, name, found)
        if named is None:
            known = sorted(found)
            listed = ", ".join(known[:_SHOWN_IDS]) or "none"
            if len(known) > _SHOWN_IDS:
                listed += f" and {len(known) - _SHOWN_IDS} more"
            raise SourceError(
                f"no source article '{name}' in {config.relative(config.sources)} "
                f"(articles: {listed})"
            )
        if found[named] not in chosen:
            chosen.append(found[named])
    return chosen


def _named_id(config: Config, name: str, found: Collection[str]) -> str | None:
    """The id of the article a user named: by its id, by its id with the extension, or by
    the path of its source file (from the current folder or from the project root)."""
    if name in found:
        return name
    path = Path(name)
    if path.suffix not in SOURCE_SUFFIXES:
        return None
    for base in (Path.cwd(), config.root):
        for candidate in (Path(os.path.abspath(base / path)), (base / path).resolve()):
            try:
                article_id = config.article_id(candidate)
            except ValueError:  # not below the sources folder
                continue
            if article_id in found:
                return article_id
    bare = path.with_suffix("").as_posix()
    return bare if bare in found else None


def _source_files(config: Config) -> Iterator[Path]:
    """Every source file under the sources folder, depth first in name order; hidden files
    and folders are left out, and a link may not lead out of the project or in a loop."""
    seen: set[Path] = set()

    def walk(folder: Path) -> Iterator[Path]:
        real = folder.resolve()
        if real in seen:
            raise SourceError("is a folder already among the sources under another name (a "
                              "symbolic link makes a loop or a second name); remove the link",
                              path=config.relative(folder))
        seen.add(real)
        for path in sorted(folder.iterdir()):
            if path.name.startswith("."):
                continue
            if path.is_dir():
                _check_inside(path, config)
                yield from walk(path)
            elif path.suffix in SOURCE_SUFFIXES:
                _check_inside(path, config)
                yield path

    return walk(config.sources)


def _check_inside(path: Path, config: Config) -> None:
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError) as err:
            raise SourceError("is a symbolic link that leads nowhere (or in a loop); point it at "
                              "a file or remove it", path=config.relative(path)) from err
        if target != config.root and config.root not in target.parents:
            raise SourceError(
                f"is a symbolic link to {target}, outside the project; copy the file in instead",
                path=config.relative(path),
            )


def _read_regular(path: Path, *, shown: str, error: type[TranskitError],
                  follow: bool) -> bytes | None:
    """The bytes of a regular file, None when there is nothing at `path`; an error for a folder,
    a pipe or a device (reading one would hang or never end), and, unless `follow`, for a
    symbolic link, which an atomic write would replace by a file, cutting the link."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise error(f"cannot be read ({err.strerror}); fix the permissions of the file and its "
                    "folders", path=shown) from err
    if stat.S_ISLNK(st.st_mode):
        if not follow:
            raise error("is a symbolic link; transkit replaces catalogs when it writes them, "
                        "which would cut the link: put the file itself here", path=shown)
        try:
            st = os.stat(path)
        except OSError as err:
            raise error(f"is a symbolic link that cannot be followed ({err.strerror}); point it "
                        "at a file or replace it with one", path=shown) from err
    if stat.S_ISDIR(st.st_mode):
        raise error("is a folder, not a file", path=shown)
    if not stat.S_ISREG(st.st_mode):
        raise error("is not a regular file (a pipe, a socket or a device); replace it with a "
                    "file", path=shown)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise error(f"cannot be read ({err.strerror}); fix the permissions of the file and its "
                    "folders", path=shown) from err


def read_text_file(path: Path, *, shown: str) -> str:
    """Read a UTF-8 text file; refuse binary files and invalid UTF-8 with the line."""
    data = _read_regular(path, shown=shown, error=SourceError, follow=True)
    if data is None:
        raise SourceError("no such file; check the path", path=shown)
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise SourceError("is a binary file, not UTF-8 text", path=shown, line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise SourceError(
            f"is not valid UTF-8 (byte 0x{data[err.start]:02x}); re-save it as UTF-8",
            path=shown,
            line=line,
        ) from err
    # A BOM and CRLF or CR line endings (CommonMark's own) are accepted in sources; units never
    # contain them.
    return normalize_newlines(text.removeprefix("\ufeff"))


def load_document(
    path: Path, *, shown: str, front_matter_keys: tuple[str, ...],
    shortcode_parameters: tuple[str, ...] = DEFAULT_SHORTCODE_PARAMETERS,
) -> Document:
    """Read and segment one source article (Markdown, or plain text for .txt); an article with
    nothing to translate is a document without segments."""
    text = read_text_file(path, shown=shown)
    if path.suffix == ".txt":
        return segment_text(text, path=shown)
    return segment_markdown(text, path=shown, front_matter_keys=front_matter_keys,
                            shortcode_parameters=shortcode_parameters)


def read_catalog(path: Path, *, shown: str) -> polib.POFile | None:
    """Parse a catalog strictly, or None when it does not exist yet."""
    data = _read_regular(path, shown=shown, error=CatalogError, follow=False)
    if data is None:
        return None
    return parse_po(decode_po(data, path=shown), path=shown)


def scan_catalog(path: Path, *, shown: str | None = None) -> list[Scanned] | None:
    """The fast scan of a catalog (see `pofile.scan_po`), or None when the file is missing or
    needs the strict reader (not UTF-8, a BOM, CR line endings, not in gettext's layout).
    A path that is no regular file is the same error as for the strict reader."""
    data = _read_regular(path, shown=shown or str(path), error=CatalogError, follow=False)
    if data is None:
        return None  # scan_po itself steps aside for a BOM or CR line ends
    try:
        return scan_po(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None


@dataclass(frozen=True)
class Orphan:
    """A catalog whose article is gone: left behind by a renamed or withdrawn article."""

    lang: str
    article: str  # the id the catalog is named after
    path: Path


def orphan_catalogs(config: Config, langs: Sequence[str], ids: Collection[str]) -> list[Orphan]:
    """The catalogs of `langs`, in every folder below each language's, whose article id is not
    among `ids`."""
    out: list[Orphan] = []
    for lang in langs:
        folder = config.locales / lang
        for parent, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                path = Path(parent) / name
                if name.startswith(".") or not name.endswith(".po") or not path.is_file():
                    continue
                article_id = path.relative_to(folder).with_suffix("").as_posix()
                if article_id not in ids:
                    out.append(Orphan(lang, article_id, path))
    return out


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _bytes_to_replace(path: Path, shown: str) -> bytes | None:
    """What a write would replace: the file's bytes, None when there is none yet, and an error
    when the path cannot be a file (a folder, or a file where a folder should be)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError as err:
        raise WriteError("is a folder; name a file to write, or remove the folder",
                         path=shown) from err
    except NotADirectoryError as err:
        raise WriteError("cannot be written: a part of its path is a file, not a folder; "
                         "choose another path", path=shown) from err
    except OSError as err:
        raise WriteError(_write_hint(err), path=shown) from err


def write_atomic(path: Path, text: str, *, shown: str) -> bool:
    """Write `text` to `path` atomically; return False (and touch nothing) if it is unchanged."""
    data = text.encode("utf-8")
    if _bytes_to_replace(path, shown) == data:
        return False
    tmp_name: str | None = None
    try:
        fd, tmp_name = _temp_beside(path)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _install(tmp_name, path, _umask())
        tmp_name = None
    except OSError as err:
        raise WriteError(_write_hint(err), path=shown) from err
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return True


BATCH = 40  # from this many files, write_many syncs them to disk together


def write_many(files: Sequence[tuple[Path, str, str]]) -> list[bool]:
    """Write (path, text, shown) files atomically; return which ones changed.

    Each file still goes to a temporary file that is synced to disk before it is renamed over
    the target, so each file is either old or new. From `BATCH` files on, every temporary file
    is written first and all of them are synced to disk at once by a pool of threads (one fsync
    costs about as much as writing a catalog, and the disk takes many at once), then renamed;
    a failure before the renames leaves every file as it was.
    """
    if len(files) < BATCH:
        return [write_atomic(path, text, shown=shown) for path, text, shown in files]
    changed = [False] * len(files)
    temps: list[_Temp] = []
    try:
        for i, (path, text, shown) in enumerate(files):
            data = text.encode("utf-8")
            if _bytes_to_replace(path, shown) == data:
                continue
            changed[i] = True
            try:
                fd, name = _temp_beside(path)
                temp = _Temp(path, shown, fd, name)
                temps.append(temp)
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            except OSError as err:
                raise WriteError(_write_hint(err), path=shown) from err
        with ThreadPoolExecutor(max_workers=16) as pool:
            errors = list(pool.map(_fsync_close, temps))
        for temp, error in zip(temps, errors, strict=True):
            if error is not None:
                raise WriteError(_write_hint(error), path=temp.shown) from error
        mask = _umask()
        for temp in temps:
            try:
                _install(temp.name, temp.path, mask)
                temp.renamed = True
            except OSError as err:
                raise WriteError(_write_hint(err), path=temp.shown) from err
    finally:
        for temp in temps:
            if temp.fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(temp.fd)
            if not temp.renamed:
                with contextlib.suppress(OSError):
                    os.unlink(temp.name)
    return changed


def _temp_beside(path: Path) -> tuple[int, str]:
    """A new temporary file in the target's folder (a rename within a folder is atomic), named
    as `remove_stale_temps` recognises it: its descriptor and path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)


def _install(temp: str, path: Path, umask: int) -> None:
    """Rename a written temporary file over `path`, with the mode `path` had (or a new file's)."""
    if path.exists():
        os.chmod(temp, path.stat().st_mode & 0o7777)
    else:
        os.chmod(temp, 0o666 & ~umask)
    os.replace(temp, path)


@dataclass
class _Temp:
    path: Path
    shown: str
    fd: int
    name: str
    renamed: bool = False


def _fsync_close(temp: _Temp) -> OSError | None:
    try:
        os.fsync(temp.fd)
        return None
    except OSError as err:
        return err
    finally:
        fd, temp.fd = temp.fd, -1
        os.close(fd)


def _temp_name(target: str) -> re.Pattern[str]:
    """The names `_temp_beside` gives temporary files for `target` (see tempfile.mkstemp)."""
    return re.compile(rf"\.{re.escape(target)}\.[a-z0-9_]{{8}}\.tmp")


def remove_stale_temps(paths: Iterable[Path]) -> int:
    """Remove the temporary files that killed runs left beside `paths`; return how many.

    Call it only under `project_lock`: a temporary file of a run that is still writing would be
    taken away from under it.
    """
    by_folder: dict[Path, list[re.Pattern[str]]] = {}
    for path in paths:
        by_folder.setdefault(path.parent, []).append(_temp_name(path.name))
    removed = 0
    for folder, patterns in by_folder.items():
        try:
            names = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
        except OSError:
            continue  # no folder yet: nothing left behind
        for name in names:
            if any(pattern.fullmatch(name.name) for pattern in patterns):
                with contextlib.suppress(OSError):  # tidying up must not stop the run
                    name.unlink()
                    removed += 1
    return removed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_hint(err: OSError) -> str:
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return "cannot be written: the disk is full; free space and run the command again"
    if err.errno == errno.EROFS:
        return (
            "cannot be written: the file system is read-only; make it writable (or work in a "
            "writable copy) and run the command again"
        )
    if err.errno in (errno.EACCES, errno.EPERM):
        return "cannot be written: permission denied; fix the permissions of the file and folder"
    return f"cannot be written ({err.strerror or err}); fix that and run the command again"


@contextmanager
def project_lock(config: Config, *, timeout: float = 120.0) -> Iterator[None]:
    """Hold the project's lock so that concurrent runs do not interleave their writes."""
    lock_path = config.root / LOCK_NAME
    lock = FileLock(str(lock_path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout as err:
        raise WriteError(
            f"another transkit run has held {LOCK_NAME} for {timeout:.0f} s; wait for it to end",
            path=config.relative(lock_path),
        ) from err
    except OSError as err:
        raise WriteError(_write_hint(err), path=config.relative(lock_path)) from err
    try:
        yield
    finally:
        lock.release()
