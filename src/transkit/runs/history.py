"""`transkit history`: the editions and their translators over time, from git's history.

Nothing is checked out and the work tree is left as it is: `git log --raw` lists the versions
(blobs) of the catalogs and sources every commit made, and `git cat-file --batch` reads them.
What a version says (`CatalogFacts`, `SourceFacts`) and what a change did (`Work`) never change
for the same blob ids, so they are kept in `.transkit-cache/history.jsonl` by blob id: a second
run reads only the versions committed since, whatever the length of the history. The figures
are computed in `core.report.history`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

from ..config import Config
from ..core.languages import gettext_code, language_name
from ..core.report.history import (
    AuthoredCommit,
    CatalogFacts,
    CatalogWork,
    Entries,
    History,
    Period,
    SourceFacts,
    Step,
    Trend,
    Version,
    Work,
    catalog_facts,
    entries_of,
    history,
    source_facts,
    union,
    work_between,
)
from ..core.values import Problem
from ..errors import ConfigError, TranskitError
from ..store.cache import CACHE_DIR, Cache, load
from ..store.files import SOURCE_SUFFIXES
from ..store.git import (
    BlobReader,
    Change,
    LoggedCommit,
    git_dir,
    log_changes,
    present,
    repository_root,
)
from .engine import MIN_ITEMS, parallel_iter, workers

CACHE_NAME = "history"
_PARSED = 32  # versions kept parsed in a worker: a file's next version compares with its last


# --- what a path in the repository is --------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Which paths of the repository are catalogs and sources, and of which article.

    A project's layout is `locales/<lang>/<article>.po` and `sources/<article>.md`; given
    folders (`transkit history po/`), any `*.po` below them is a catalog, its language from its
    `Language` header (else a language code in its path), with no sources.
    """

    catalogs: tuple[str, ...]  # folders, as git names them from the top ("" for the top)
    sources: str | None
    languages: tuple[str, ...] | None  # a project's; None: any found in the catalogs

    def pathspecs(self, *, sources: bool) -> list[str]:
        found = [c or "." for c in self.catalogs]
        if sources and self.sources is not None:
            found.append(self.sources or ".")
        return found

    def catalog(self, path: str) -> tuple[str | None, str] | None:
        """(language, article) of a catalog path; language None when its header must tell."""
        if not path.endswith(".po"):
            return None
        for folder in self.catalogs:
            rest = _under(path, folder)
            if rest is None:
                continue
            if self.languages is None:
                return None, rest[:-3]
            folder_name, _, article = rest.partition("/")
            # a language's folder is named as gettext names it (pt_BR for pt-BR)
            lang = next((code for code in self.languages
                         if gettext_code(code) == folder_name), None)
            if article and lang is not None:
                return lang, article[:-3]
        return None

    def source(self, path: str) -> str | None:
        """The article of a source path."""
        if self.sources is None:
            return None
        rest = _under(path, self.sources)
        if rest is None:
            return None
        pure = PurePosixPath(rest)
        if pure.suffix not in SOURCE_SUFFIXES or any(p.startswith(".") for p in pure.parts):
            return None
        return pure.with_suffix("").as_posix()


def _under(path: str, folder: str) -> str | None:
    if not folder:
        return path
    return path[len(folder) + 1:] if path.startswith(folder + "/") else None


# --- reading the versions (in worker processes) --------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One thing to learn from the repository: a catalog version's facts ('catalog'), a
    source version's ('source'), or a change's work ('work': `befores` per parent, each the
    versions it continues)."""

    kind: str
    blob: str
    path: str  # as shown in errors
    befores: tuple[tuple[str, ...], ...] = ()
    before_paths: tuple[tuple[str, ...], ...] = ()  # where each of those versions was

    @property
    def key(self) -> str:
        if self.kind == "work":
            return "w:" + "|".join(",".join(b) for b in self.befores) + ">" + self.blob
        return f"{self.kind[0]}:{self.blob}"


@dataclass(frozen=True)
class Learned:
    """What a worker found: records by cache key, and the versions it could not read."""

    records: dict[str, Any]
    problems: list[tuple[str, Problem, tuple[str, ...]]]  # (cache key, problem, blobs missing)


@dataclass(frozen=True)
class Reader:
    """Reads a batch of items through one `git cat-file` process (a worker's job)."""

    doing: ClassVar[str] = "reading git's history"  # its progress on a terminal

    top: Path
    front_matter_keys: tuple[str, ...]
    shortcode_parameters: tuple[str, ...]

    def __call__(self, items: Sequence[Item]) -> Learned:
        from ..core.po.pofile import decode_po, parse_po

        records: dict[str, Any] = {}
        problems: list[tuple[str, Problem, tuple[str, ...]]] = []
        parsed: OrderedDict[str, Entries | None] = OrderedDict()
        failed: dict[str, tuple[Problem, tuple[str, ...]]] = {}
        with BlobReader(self.top) as reader:

            def entries(blob: str, path: str) -> Entries | None:
                if blob in parsed:
                    parsed.move_to_end(blob)
                    return parsed[blob]
                found: Entries | None = None
                shown = f"{path} (version {blob[:10]})"
                data = reader.read(blob)
                if data is None:
                    failed[blob] = (Problem(shown, None, "git does not have this version "
                                            "(a partial clone?); it is left out"), (blob,))
                    problems.append((f"c:{blob}", *failed[blob]))
                else:
                    try:
                        catalog = parse_po(decode_po(data, path=shown), path=shown)
                    except TranskitError as err:
                        failed[blob] = (Problem(err.path, err.line, err.message), ())
                        problems.append((f"c:{blob}", *failed[blob]))
                    else:
                        found = entries_of(catalog)
                        records[f"c:{blob}"] = catalog_facts(catalog, found)
                parsed[blob] = found
                if len(parsed) > _PARSED:
                    parsed.popitem(last=False)
                return found

            for item in items:
                if item.kind == "catalog":
                    entries(item.blob, item.path)
                elif item.kind == "source":
                    self._source(reader, item, records, problems)
                else:
                    after = entries(item.blob, item.path)
                    befores = [[entries(b, path) for b, path in zip(before, paths, strict=True)]
                               for before, paths in zip(item.befores, item.before_paths,
                                                        strict=True)]
                    if after is None or any(e is None for b in befores for e in b):
                        # its work is unknown: remembered as the version's problem
                        blob = next(b for b in (item.blob, *(x for y in item.befores
                                                               for x in y)) if b in failed)
                        problems.append((item.key, *failed[blob]))
                        continue
                    records[item.key] = work_between(
                        [union([e for e in b if e is not None]) for b in befores], after)
        return Learned(records, problems)

    def _source(self, reader: BlobReader, item: Item, records: dict[str, Any],
                problems: list[tuple[str, Problem, tuple[str, ...]]]) -> None:
        from ..core.source.segment import normalize_newlines, segment_markdown, segment_text

        shown = f"{item.path} (version {item.blob[:10]})"
        data = reader.read(item.blob)
        if data is None:
            problems.append((item.key, Problem(shown, None, "git does not have this version "
                                               "(a partial clone?); it is left out"),
                             (item.blob,)))
            return
        try:
            text = normalize_newlines(data.decode("utf-8").removeprefix("\ufeff"))
            if item.path.endswith(".txt"):
                document = segment_text(text, path=shown)
            else:
                document = segment_markdown(text, path=shown,
                                            front_matter_keys=self.front_matter_keys,
                                            shortcode_parameters=self.shortcode_parameters)
        except UnicodeDecodeError as err:
            problems.append((item.key, Problem(shown, None, f"is not UTF-8 ({err.reason})"),
                             ()))
            return
        except TranskitError as err:
            problems.append((item.key, Problem(err.path, err.line, err.message), ()))
            return
        records[item.key] = source_facts([s.text for s in document.segments])


def _batches(items: list[Item], count: int) -> list[list[Item]]:
    """Items in batches of whole files (a version compares with the one parsed before it)."""
    by_path: dict[str, list[Item]] = {}
    for item in items:
        by_path.setdefault(item.path, []).append(item)
    batches: list[list[Item]] = []
    size = max(1, len(items) // max(1, count))
    current: list[Item] = []
    for group in by_path.values():
        current.extend(group)
        if len(current) >= size:
            batches.append(current)
            current = []
    if current:
        batches.append(current)
    return batches


# --- the run -------------------------------------------------------------------------------------


_TYPES: dict[str, Any] = {"c": CatalogFacts, "s": SourceFacts, "w": Work}


class _Known:
    """The facts and works known, from the cache or learned in this run.

    A version that cannot be parsed stays so, and is remembered with its error; one git does not
    have (a partial clone) is remembered too, and the blobs missing are checked again at the
    start of every run (`MISSING` lists them): one that git has now is read again.
    """

    MISSING = "missing"

    def __init__(self, cache: Cache, top: Path) -> None:
        self.cache = cache
        self.values: dict[str, Any] = {}
        self.problems: dict[str, Problem] = {}
        earlier = cache.get(self.MISSING, {}) or {}
        blobs = [b for b in earlier.get("blobs", []) if isinstance(b, str)]
        self.back = present(top, blobs)  # missing then, there now
        self.missing = set(blobs) - self.back

    def get(self, key: str) -> Any:
        if key in self.values:
            return self.values[key]
        record = self.cache.get(key, {})
        if record is None:
            return None
        if isinstance(record, dict) and "problem" in record:
            if self.back.intersection(record.get("missing", ())):
                return None
            p = record["problem"]
            self.problems[key] = Problem(p["path"], p["line"], p["message"])
            self.values[key] = None
            return None
        value = load(_TYPES[key[0]], record)
        self.values[key] = value
        return value

    def known(self, key: str) -> bool:
        return self.get(key) is not None or key in self.problems

    def learn(self, learned: Learned) -> None:
        for key, value in learned.records.items():
            self.values[key] = value
            self.cache.put(key, {}, value)
        for key, problem, missing in learned.problems:
            self.problems[key] = problem
            self.values.setdefault(key, None)
            self.missing.update(missing)
            self.cache.put(key, {}, {"problem": {"path": problem.path, "line": problem.line,
                                                 "message": problem.message},
                                     "missing": list(missing)})

    def save(self) -> None:
        self.cache.put(self.MISSING, {}, {"blobs": sorted(self.missing)})
        self.cache.save()


Removed = dict[str | None, list[tuple[str, str]]]  # language -> (blob, path) removed


def _befores(change: Change, removed: Removed,
             lang: str | None) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    """The versions a change continues, per parent, and their paths: the file's own, or for a
    file the commit added, the catalogs of the same language it removed (a rename, a split)."""
    if len(change.old) > 1:
        return (tuple((b,) if b else () for b in change.old),
                tuple((change.path,) if b else () for b in change.old))
    if change.old[0] is not None:
        return ((change.old[0],),), ((change.path,),)
    pooled = removed.get(lang, [])
    return (tuple(b for b, _ in pooled),), (tuple(p for _, p in pooled),)


def _removed(commit: LoggedCommit, layout: Layout,
             languages: Mapping[str, str] | None = None) -> Removed:
    """The catalogs a commit removed, by language (`languages` gives a path's, where the layout
    does not)."""
    found: Removed = {}
    for change in commit.changes:
        if len(change.old) > 1:
            continue  # a merge's combined diff: each file is compared with every parent
        where = layout.catalog(change.path)
        if where is not None and change.new is None and change.old[0] is not None:
            lang = where[0] or (languages or {}).get(change.path)
            found.setdefault(lang, []).append((change.old[0], change.path))
    return found


def _work(change: Change, removed: Removed, lang: str | None) -> Item:
    befores, paths = _befores(change, removed, lang)
    assert change.new is not None
    return Item("work", change.new, change.path, befores, paths)


def _tag(header: str) -> str:
    """A Language header as gettext writes a code: 'FR' is fr, 'pt-br' is pt_BR."""
    primary, *rest = header.strip().replace("-", "_").split("_")
    return "_".join([primary.lower(), *(r.upper() if len(r) == 2 else r for r in rest)])


def _languages(layout: Layout, known: _Known,
               logs: Sequence[list[LoggedCommit]]) -> dict[str, str]:
    """Each catalog path's language, where the layout does not give it: the `Language` header of
    its newest version that has one (a path is one edition's catalog, whatever its early
    versions said), else a language code in its path, else '?'."""
    found: dict[str, str] = {}
    for log in logs:  # the main line last: its newest version decides
        for commit in log:
            for change in commit.changes:
                where = layout.catalog(change.path)
                if where is None or where[0] is not None:
                    continue
                facts = known.get(f"c:{change.new}") if change.new else None
                if facts is not None and facts.language:
                    found[change.path] = _tag(facts.language)
                elif change.path not in found:
                    parts = PurePosixPath(change.path).with_suffix("").parts
                    found[change.path] = next(
                        (p for p in reversed(parts) if language_name(p)), "?")
    return found


def run_history(
    root: Path,
    layout: Layout,
    cache_config: Config,
    *,
    languages: Sequence[str] | None,
    by: Period,
    since: date | None,
    until: date | None,
    config: Config | None = None,
) -> History:
    """The history of the catalogs (and sources) `layout` names in the repository of `root`."""
    top = repository_root(root)
    chain = log_changes(top, layout.pathspecs(sources=True), first_parent=True)
    commits = log_changes(top, layout.pathspecs(sources=False), first_parent=False)
    cache = Cache(cache_config, CACHE_NAME)
    known = _Known(cache, top)
    try:
        wanted: dict[str, Item] = {}

        def want(item: Item) -> None:
            if item.key not in wanted and not known.known(item.key):
                wanted[item.key] = item

        # where the layout does not tell a catalog's language, its header does: a catalog a
        # commit added continues those of its language the commit removed, so those works
        # wait for a second round, once every version's facts are known
        later = layout.languages is None
        for commit in [*chain, *commits]:
            removed = _removed(commit, layout)
            for change in commit.changes:
                where = layout.catalog(change.path)
                if where is not None and change.new is not None:
                    want(Item("catalog", change.new, change.path))
                    if not (later and change.old == (None,) and removed):
                        want(_work(change, removed, where[0]))
                elif where is None and change.new is not None and layout.source(change.path):
                    want(Item("source", change.new, change.path))
        _learn(top, known, list(wanted.values()), cache_config)
        languages_of = _languages(layout, known, [commits, chain])
        if later:
            wanted = {}
            for commit in [*chain, *commits]:
                removed = _removed(commit, layout, languages_of)
                for change in commit.changes:
                    where = layout.catalog(change.path)
                    if where is not None and change.new is not None and removed:
                        want(_work(change, removed, languages_of.get(change.path)))
            _learn(top, known, list(wanted.values()), cache_config)
        steps, authored = _values(layout, known, chain, commits, languages_of)
    finally:
        known.save()
    found = sorted({v.language for s in steps for v in s.versions if v.language}
                   | {c.language for a in authored for c in a.changes})
    langs = list(languages) if languages else (
        list(layout.languages) if layout.languages is not None else found)
    if layout.languages is None and languages:
        langs = [lang for lang in found if lang in set(languages)] or list(languages)
    policies = {lang: config.policy(lang) for lang in langs} if config is not None else None
    catalogs = {k[2:]: v for k, v in known.values.items() if k[0] == "c" and v is not None}
    sources = {k[2:]: v for k, v in known.values.items() if k[0] == "s" and v is not None}
    return history(steps, authored, catalogs, sources, languages=langs, by=by, since=since,
                   until=until, policies=policies,
                   skipped=sorted(set(known.problems.values()), key=str),
                   commits_read=len({c.sha for c in [*chain, *commits]}))


def _learn(top: Path, known: _Known, items: list[Item], config: Config) -> None:
    if not items:
        return
    reader = Reader(top, config.front_matter_keys, config.shortcode_parameters)
    # enough batches for the pool to spread them (parallel_iter runs fewer than MIN_ITEMS in
    # this process), each of whole files and with its own git process
    batches = _batches(items, max(4 * MIN_ITEMS, workers() * 16))
    results: Iterable[Learned] = parallel_iter(reader, batches) if len(batches) > 1 else (
        reader(b) for b in batches)
    for learned in results:
        known.learn(learned)


def _values(layout: Layout, known: _Known, chain: list[LoggedCommit],
            commits: list[LoggedCommit],
            languages: Mapping[str, str]) -> tuple[list[Step], list[AuthoredCommit]]:
    """The log and what was learned as the values `core.report.history` takes."""
    steps = []
    for commit in chain:
        removed = _removed(commit, layout, languages)
        versions, works = [], []
        for change in commit.changes:
            where = layout.catalog(change.path)
            if where is not None:
                lang = where[0] or languages.get(change.path)
                if lang is None:
                    continue
                versions.append(Version(lang, where[1], change.new))
                if change.new is not None:
                    work = known.get(_work(change, removed, lang).key)
                    if work is not None:
                        works.append((lang, work))
            else:
                article = layout.source(change.path)
                if article is not None:
                    versions.append(Version(None, article, change.new))
        steps.append(Step(date.fromisoformat(commit.commit_day), commit.commit_time,
                          tuple(versions), tuple(works)))
    authored = []
    for commit in commits:
        removed = _removed(commit, layout, languages)
        changes = []
        for change in commit.changes:
            where = layout.catalog(change.path)
            if where is None or change.new is None:
                continue
            lang = where[0] or languages.get(change.path)
            work = known.get(_work(change, removed, lang).key)
            facts = known.get(f"c:{change.new}")
            if lang is None or work is None or facts is None:
                continue
            changes.append(CatalogWork(lang, where[1], work, facts.last_translator))
        if changes:
            authored.append(AuthoredCommit(commit.sha, date.fromisoformat(commit.author_day),
                                           commit.author, tuple(changes)))
    return steps, authored


def project_history(config: Config, langs: Sequence[str], *, by: Period = Period.MONTH,
                    since: date | None = None, until: date | None = None) -> History:
    """A project's history: its catalogs and sources as configured."""
    top = repository_root(config.root)
    locales = _relative(config.locales, top)
    if locales is None:
        raise ConfigError(f"the catalogs' folder is not in the git repository at {top}; "
                          "history reads the catalogs from git", path=str(config.locales))
    layout = Layout(
        catalogs=(locales,),
        sources=_relative(config.sources, top),
        languages=tuple(config.languages),
    )
    return run_history(config.root, layout, config, languages=langs, by=by, since=since,
                       until=until, config=config)


def paths_history(paths: Sequence[Path], langs: Sequence[str] | None, *,
                  by: Period = Period.MONTH, since: date | None = None,
                  until: date | None = None) -> History:
    """The history of any catalogs below folders of one git repository (no project needed);
    its cache is kept in the repository's git folder, so the work tree stays as it is."""
    if not paths:
        raise TranskitError("no folder given")
    for path in paths:
        if not path.exists():
            raise TranskitError("no such file or folder", path=str(path))
    top = repository_root(paths[0] if paths[0].is_dir() else paths[0].parent)
    folders = []
    for path in paths:
        folder = path if path.is_dir() else path.parent
        relative = _relative(folder, top)
        if relative is None:
            raise TranskitError(f"is not in the repository at {top}; give folders of one "
                                "repository", path=str(path))
        folders.append(relative)
    layout = Layout(catalogs=tuple(dict.fromkeys(folders)), sources=None, languages=None)
    return run_history(top, layout, Config(root=git_dir(top)), languages=langs, by=by,
                       since=since, until=until)


def _relative(folder: Path, top: Path) -> str | None:
    try:
        relative = folder.resolve().relative_to(top).as_posix()
    except ValueError:
        return None
    return "" if relative == "." else relative


def history_cached(config: Config) -> bool:
    """Whether `transkit history` has run in this project (its cache is there)."""
    return (config.root / CACHE_DIR / f"{CACHE_NAME}.jsonl").is_file()


def history_options(by: str, since: str | None,
                    until: str | None) -> tuple[Period, date | None, date | None]:
    """The command line's --by, --since and --until as values; a usage error names the bad one."""
    from ..errors import UsageError

    try:
        period = Period(by.strip().lower())
    except ValueError:
        raise UsageError(f"--by {by}: give week or month") from None
    days = []
    for option, value in (("--since", since), ("--until", until)):
        try:
            days.append(date.fromisoformat(value.strip()) if value else None)
        except ValueError:
            raise UsageError(f"{option} {value}: give a day as YYYY-MM-DD") from None
    if days[0] and days[1] and days[0] > days[1]:
        raise UsageError(f"--since {since} is after --until {until}; swap them")
    return period, days[0], days[1]


def status_trend(config: Config, langs: Sequence[str], output: Path | None) -> Trend | None:
    """What `status --format html` shows of the history: None until `transkit history` has
    run here (status never pays for a first reading of the whole history); the link when a
    `history.html` sits beside the status page."""
    if not history_cached(config):
        return None
    link = None
    if output is not None and (output.parent / "history.html").is_file():
        link = "history.html"
    return Trend.of(project_history(config, langs), link=link)
