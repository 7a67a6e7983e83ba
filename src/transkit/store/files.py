"""Reading the project: find its articles, read sources and catalogs strictly.

Reads never guess: a source must be UTF-8 text, a catalog must pass `core.pofile.parse_po`.
Writing is `store.write`'s.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import subprocess
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib
import regex

from ..config import Config, overlaps
from ..core.po.pofile import decode_po, parse_po
from ..core.source.model import DEFAULT_SHORTCODE_PARAMETERS, Document
from ..core.values import Problem
from ..errors import CatalogError, SourceError, TranskitError

SOURCE_SUFFIXES = (".md", ".markdown", ".txt")
# one part of an article id, a file or folder name: letters of any script (with their
# combining marks, as a Mac may write `ü`), digits, '.', '-' and '_', as Hugo and Jekyll use
# them (`_index`, `2024-01-02-post`, `v1.2`, `über-uns`); never hidden or '..', never an
# option's leading '-', and no space, which separates the references of a catalog's `#:` line
_NAME = regex.compile(r"[\p{L}\p{N}_][\p{L}\p{M}\p{N}._-]*")
_SHOWN_IDS = 10  # an error lists at most this many known articles


@dataclass(frozen=True)
class Article:
    """One source file. `slug` is the article's id: its path under the sources folder without
    the extension, '/' between folders (`docs/concepts/overview/_index`)."""

    slug: str
    path: Path


@dataclass(frozen=True)
class Skipped:
    """A source file that cannot be an article as it is (a name transkit cannot use, or a
    second file of the same id): left out, with the problem to report."""

    article: str  # the id it would have
    problem: Problem


@dataclass(frozen=True)
class Sources:
    """The project's articles (or those named), and the source files left out."""

    articles: list[Article]
    skipped: tuple[Skipped, ...] = ()

    @property
    def problems(self) -> list[Problem]:
        return [s.problem for s in self.skipped]


def find_articles(config: Config, names: list[str] | None = None) -> list[Article]:
    """The project's source articles, as `scan_articles` finds them; a source file that cannot
    be an article is an error here (for commands about one article that must not guess)."""
    found = scan_articles(config, names)
    if found.skipped:
        problem = found.skipped[0].problem
        raise SourceError(problem.message, path=problem.path, line=problem.line)
    return found.articles


def scan_articles(config: Config, names: Sequence[str] | None = None) -> Sources:
    """The project's source articles, in the sources folder and every folder below it, in path
    order; or only those named (by id, or by the path of the source file). What `exclude`
    matches is not an article, nor a file where `build` puts an edition (`post.de.md` beside
    `post.md`). A file whose name cannot name an article, and two files of the same id, are
    left out and listed in `skipped` (with names, only those named)."""
    found: dict[str, Article] = {}
    skipped: dict[str, Skipped] = {}
    edition = _edition_test(config)
    for path in _source_files(config):
        article_id = config.article_id(path)
        if edition is not None and edition(path, article_id):
            continue
        problem = name_problem(config, path, article_id)
        if problem is None and article_id in found:
            problem = Problem(config.relative(path), None, (
                f"two sources are the article '{article_id}' ({found[article_id].path.name} "
                f"and {path.name}); rename one (both are left out until then)"))
            del found[article_id]
        if problem is None and article_id in skipped:
            continue  # a third file of an id already left out
        if problem is not None:
            skipped.setdefault(article_id, Skipped(article_id, problem))
            continue
        found[article_id] = Article(article_id, path)
    if not names:
        return Sources(list(found.values()), tuple(skipped.values()))
    chosen: list[Article] = []
    named_skipped: list[Skipped] = []
    for name in names:
        bad = _named_id(config, name, skipped)
        if bad is not None:
            if skipped[bad] not in named_skipped:
                named_skipped.append(skipped[bad])
            continue
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
    return Sources(chosen, tuple(named_skipped))


def name_problem(config: Config, path: Path, article_id: str) -> Problem | None:
    """Why a source's file or folder name cannot name an article; None when it can."""
    *folders, stem = article_id.split("/")
    bad = next((part for part in folders if not _NAME.fullmatch(part)), None)
    what = "folder"
    if bad is None and not _NAME.fullmatch(stem):
        bad, what = path.name, "file"
    if bad is None:
        return None
    space = " (no spaces: a catalog's references are separated by them)" if " " in bad else ""
    return Problem(config.relative(path), None, (
        f"{what} name '{bad}' cannot name an article{space}: use letters, digits, '.', '-' "
        f"and '_', starting with a letter, a digit or '_'; rename the {what}, or leave it out "
        "with 'exclude' in transkit.toml (it is left out until then)"))


def _edition_test(config: Config) -> Callable[[Path, str], bool] | None:
    """A test of a file among the sources: is it an edition the build writes there? None when
    the build writes nowhere among the sources."""
    if not overlaps(Path(config.layout.prefix), config.sources):
        return None
    match = config.layout.matcher([config.source_language, *config.languages])

    def is_edition(path: Path, article_id: str) -> bool:
        found = match(path.as_posix())
        # the English edition where the English is (content/{lang}/{id}.md) is the source
        return found is not None and (found[0] != config.source_language
                                      or found[1] != article_id)

    return is_edition


def bundle_resources(article: Article) -> list[Path]:
    """The files of a page bundle that go with each edition: beside an `index` page (and in
    the folders below it) or an `_index` page (beside it only), every file that is not Markdown
    or text (those are articles, or editions, of their own); none for another article. Hidden
    files are left out."""
    stem = article.path.stem
    if stem not in ("index", "_index"):
        return []
    found: list[Path] = []
    for parent, dirs, files in os.walk(article.path.parent):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if stem == "index" else []
        for name in sorted(files):
            path = Path(parent) / name
            if not name.startswith(".") and path.suffix not in SOURCE_SUFFIXES and (
                    path.is_file()):
                found.append(path)
    return found


def same_bytes(one: Path, other: Path) -> bool:
    """Whether two files hold the same bytes (False when one cannot be read)."""
    try:
        return one.stat().st_size == other.stat().st_size and one.read_bytes() == (
            other.read_bytes())
    except OSError:
        return False


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
    and folders are left out, and so is what `exclude` matches; a link may not lead out of the
    project or in a loop."""
    seen: set[Path] = set()
    excluded = exclusion(config.exclude)
    base = len(config.sources.as_posix()) + 1

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
            is_dir = path.is_dir()
            if excluded is not None and excluded(path.as_posix()[base:], is_dir):
                continue
            if is_dir:
                _check_inside(path, config)
                yield from walk(path)
            elif path.suffix in SOURCE_SUFFIXES:
                _check_inside(path, config)
                yield path

    return walk(config.sources)


def exclusion(patterns: Sequence[str]) -> Callable[[str, bool], bool] | None:
    """A test of a path under the sources folder ('/' between folders) and whether it is a
    folder: does one of the glob patterns leave it out? None when there are none.

    The patterns read as `.gitignore` reads them: one without a '/' (but a last one) matches a
    file's or folder's name at any depth (`README.*`, `drafts`); one with a '/' matches the
    path from the sources folder (`drafts/**`, `/notes.md`, `docs/*/old`); a last '/' matches
    folders only; `*` and `?` stand for characters of one name, `**` for any folders; what a
    folder's pattern matches is left out with all it holds."""
    names: list[tuple[re.Pattern[str], bool]] = []
    paths: list[tuple[re.Pattern[str], bool]] = []
    for pattern in patterns:
        folders_only = pattern.endswith("/")
        pattern = pattern.rstrip("/")
        anchored = "/" in pattern
        pattern = pattern.lstrip("/")
        if pattern.endswith("/**"):  # the folder itself too, so that the walk skips it
            paths.append((_glob(pattern[:-3]), True))
        (paths if anchored else names).append((_glob(pattern), folders_only))
    if not patterns:
        return None

    def excluded(path: str, is_dir: bool) -> bool:
        name = path.rsplit("/", 1)[-1]
        return (any(r.fullmatch(name) for r, only in names if is_dir or not only)
                or any(r.fullmatch(path) for r, only in paths if is_dir or not only))

    return excluded


def _glob(pattern: str) -> re.Pattern[str]:
    """A glob pattern over '/'-separated paths as a regular expression."""
    out: list[str] = []
    parts = pattern.split("/")
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "**":
            out.append(".*" if last else "(?:[^/]+/)*")
            continue
        j = 0
        while j < len(part):
            ch = part[j]
            if ch == "*":
                out.append("[^/]*")
            elif ch == "?":
                out.append("[^/]")
            elif ch == "[" and part.find("]", j + 2) > 0:  # `[]x]` holds a ']'
                end = part.find("]", j + 2)
                body = part[j + 1: end]
                negate = body[:1] in ("!", "^")
                body = body[1:] if negate else body
                out.append(("[^" if negate else "[") + body.replace("\\", "\\\\") + "]")
                j = end
            else:
                out.append(re.escape(ch))
            j += 1
        if not last:
            out.append("/")
    return re.compile("".join(out))


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
    return text_of(read_source_bytes(path, shown=shown), shown=shown)


def read_source_bytes(path: Path, *, shown: str) -> bytes:
    """The bytes of a source file (a symbolic link is followed), not decoded yet."""
    data = _read_regular(path, shown=shown, error=SourceError, follow=True)
    if data is None:
        raise SourceError("no such file; check the path", path=shown)
    return data


def text_of(data: bytes, *, shown: str) -> str:
    """A source file's bytes as text; binary files and invalid UTF-8 refused with the line."""
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
    from ..core.source.segment import normalize_newlines

    return normalize_newlines(text.removeprefix("\ufeff"))


def load_document(
    path: Path, *, shown: str, front_matter_keys: tuple[str, ...],
    shortcode_parameters: tuple[str, ...] = DEFAULT_SHORTCODE_PARAMETERS,
    code_comments: bool = False, data: bytes | None = None,
) -> Document:
    """Read and segment one source article (Markdown, or plain text for .txt); an article with
    nothing to translate is a document without segments. `data`: its bytes, read already."""
    # the segmenter (markdown-it, PyYAML) is loaded by the first source read, not with this
    # module: status reads catalogs, and starts 0.1 s sooner without it
    from ..core.source.segment import segment_markdown, segment_text

    if data is None:
        data = read_source_bytes(path, shown=shown)
    text = text_of(data, shown=shown)
    if path.suffix == ".txt":
        return segment_text(text, path=shown)
    return segment_markdown(text, path=shown, front_matter_keys=front_matter_keys,
                            shortcode_parameters=shortcode_parameters,
                            code_comments=code_comments)


def read_catalog(path: Path, *, shown: str) -> polib.POFile | None:
    """Parse a catalog strictly, or None when it does not exist yet."""
    read = read_catalog_file(path, shown=shown)
    return None if read is None else read[0]


def read_catalog_file(path: Path, *, shown: str) -> tuple[polib.POFile, bytes] | None:
    """A catalog parsed strictly, with the bytes it was read from; None when there is none."""
    data = _read_regular(path, shown=shown, error=CatalogError, follow=False)
    if data is None:
        return None
    return parse_po(decode_po(data, path=shown), path=shown), data


@dataclass(frozen=True)
class Orphan:
    """A catalog whose article is gone: left behind by a renamed or withdrawn article."""

    lang: str
    article: str  # the id the catalog is named after
    path: Path


def catalog_files(config: Config, lang: str) -> list[tuple[str, Path]]:
    """(article id, path) of every catalog of a language, in every folder below the
    language's, whether or not its article still exists; in path order."""
    out: list[tuple[str, Path]] = []
    folder = config.catalog_folder(lang)
    for parent, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(parent) / name
            if name.startswith(".") or not name.endswith(".po") or not path.is_file():
                continue
            out.append((path.relative_to(folder).with_suffix("").as_posix(), path))
    return out


def catalogs_size(config: Config, lang: str) -> int:
    """The bytes of every catalog of a language (`catalog_files`), read from none of them."""
    size = 0
    for _, path in catalog_files(config, lang):
        with contextlib.suppress(OSError):  # gone since it was listed
            size += path.stat().st_size
    return size


def has_catalogs(config: Config, lang: str) -> bool:
    """Whether a language has any catalog at all (stops at the first one found)."""
    for _, dirs, files in os.walk(config.catalog_folder(lang)):
        if any(name.endswith(".po") and not name.startswith(".") for name in files):
            return True
        dirs[:] = [d for d in dirs if not d.startswith(".")]
    return False


def orphan_catalogs(config: Config, langs: Sequence[str], ids: Collection[str]) -> list[Orphan]:
    """The catalogs of `langs`, in every folder below each language's, whose article id is not
    among `ids`."""
    return [Orphan(lang, article_id, path) for lang in langs
            for article_id, path in catalog_files(config, lang) if article_id not in ids]


def read_catalog_text(path: Path, *, shown: str) -> str | None:
    """A catalog's text, checked as UTF-8 but not parsed (a file to repair), or None when there
    is no such file."""
    data = _read_regular(path, shown=shown, error=CatalogError, follow=False)
    return None if data is None else decode_po(data, path=shown)


def files_holding(folder: Path, lines: Iterable[str], under: Sequence[str]) -> list[Path]:
    """The catalogs (*.po) below `under` (folders relative to `folder`) with a line that holds
    one of `lines`: grep's fixed-string search (Aho-Corasick: hundreds of lines cost about what
    one does, where `git grep` takes each in turn), or `git grep` where there is no grep."""
    patterns = "".join(f"{line}\n" for line in dict.fromkeys(lines) if line and "\n" not in line)
    if not patterns or not under:
        return []
    grep = shutil.which("grep")
    if grep is None:
        from .git import grep_files

        found = grep_files(folder, patterns, under)
    else:
        done = subprocess.run([grep, "-r", "-l", "--null", "-F", "--include=*.po", "-f", "-", "--",
                               *under], cwd=folder, capture_output=True,
                              input=patterns.encode(), check=False,
                              env={**os.environ, "LC_ALL": "C"})
        if done.returncode not in (0, 1):  # 1: no file holds any of them
            raise TranskitError(f"grep failed: {done.stderr.decode(errors='replace').strip()}",
                                path=folder)
        found = [folder / name for name in done.stdout.decode().split("\0") if name]
    return [path for path in found if path.suffix == ".po"
            and not any(part.startswith(".") for part in path.relative_to(folder).parts)]
