"""`transkit import`: fill catalogs from existing translations of the articles.

A translated file, or a folder that mirrors the sources (`content/ru` for sources in
`content/en`: a file's article is its path in the folder without the extension), is aligned with
the English it was made from (`--english-at`: today's, a git revision, or, per file, the one of
the translation's last change), placed in that English's catalog and carried to today's English
by the normal sync (see `core.imports`). Every file is one job on the engine: a file that is bad
input is refused on its own, with nothing written for it; the others are written together at
the end. git is asked once per run, before the jobs (see `store.history`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

import polib

from ..config import Config, overlaps
from ..core.archive.model import ArticleImport, ImportFailure, ImportRun
from ..core.archive.place import Imported, Translated, alignment_fit, import_catalog, merge
from ..core.exchange.model import ExchangeReport
from ..core.languages import script_of
from ..core.po.catalog import new_catalog, with_complete_header
from ..core.po.entries import fold
from ..core.source.model import DEFAULT_FRONT_MATTER_KEYS, DEFAULT_SHORTCODE_PARAMETERS, Document
from ..core.source.segment import normalize_newlines, segment_markdown, segment_text
from ..core.sync.update import sync_catalog
from ..errors import ConfigError, NotATranslation, SourceError, TranskitError
from ..store import history
from ..store.catalogs import catalog_text
from ..store.files import (
    SOURCE_SUFFIXES,
    Article,
    find_articles,
    read_catalog,
    read_text_file,
    scan_articles,
)
from ..store.write import read_bytes
from .engine import Done, Failed, Output, run_jobs, writes_project

AUTO = "auto"
REVISIONS = 200  # versions of an English read back, at most, before a file is refused
_LEADING_BLANKS = re.compile(r"\A(?:[ \t]*\n)+(?=---[ \t]*\n)")


@dataclass(frozen=True)
class Segmenting:
    """How a project's articles are read into units: the English and its translations alike."""

    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS
    shortcode_parameters: tuple[str, ...] = DEFAULT_SHORTCODE_PARAMETERS
    code_comments: bool = False

    @classmethod
    def of(cls, config: Config) -> Segmenting:
        return cls(config.front_matter_keys, config.shortcode_parameters, config.code_comments)

    def markdown(self, text: str, *, path: str = "<markdown>") -> Document:
        return segment_markdown(text, path=path, front_matter_keys=self.front_matter_keys,
                                shortcode_parameters=self.shortcode_parameters,
                                code_comments=self.code_comments)


@dataclass(frozen=True)
class ImportJob:
    """One translated file, the article it translates, and the English it was made from (None:
    today's English; `since` names its revision, `note` says why it is today's)."""

    article: Article
    path: Path
    shown: str
    then: str | None = None
    since: str = ""
    note: str = ""
    name: str = ""  # the file as the catalog's comments name it (see `written_name`)


@dataclass(frozen=True)
class ImportTask:
    """Import one translated file into its article's catalog of `lang`."""

    doing: ClassVar[str] = "importing translations"  # its progress on a terminal

    config: Config
    lang: str
    overwrite: bool = False

    def inputs(self, job: ImportJob) -> list[Path]:
        return [job.article.path, self.config.catalog_path(self.lang, job.article.slug)]

    def run(self, job: ImportJob) -> Done[ArticleImport]:
        config, article = self.config, job.article
        how = Segmenting.of(config)
        translation = read_translation(job.path, job.shown, how, name=job.name)
        today = read_text_file(article.path, shown=config.relative(article.path))
        now = _segmented(article.path, today, config.relative(article.path), how)
        then, then_text, since, notes = self._english_then(job, now, today)
        catalog_path = config.catalog_path(self.lang, article.slug)
        reference = config.relative(article.path)
        base = new_catalog(lang=self.lang, project=config.project, slug=article.slug,
                           title=_title(now, article.slug))
        script = script_of(self.lang)
        try:
            done = import_catalog(base, then, now, translation, english_text=then_text,
                                  reference=reference, script=script, since=since,
                                  today_text=today)
        except NotATranslation as err:
            # a lagging translation may fit another version of its English far better
            other, tried = self._other_english(job, translation, then_text, since, today, now)
            if other is None:
                if not tried:
                    raise
                raise NotATranslation(f"{err.message} (nor with any of the {tried} other "
                                      "versions of the English in git)", path=err.path) from err
            then, then_text, since, note = other
            notes.append(note)
            done = import_catalog(base, then, now, translation, english_text=then_text,
                                  reference=reference, script=script, since=since,
                                  today_text=today)
        shown = config.relative(catalog_path)
        existing = read_catalog(catalog_path, shown=shown)
        final, counts = self._merged(done, existing, now, reference)
        text = catalog_text(final, self.config)
        changed = read_bytes(catalog_path) != text.encode("utf-8")
        untranslated = sum(1 for e in final if not e.obsolete and not e.msgstr)
        report = ArticleImport(
            article.slug, self.lang, job.shown, shown, counts[0], counts[1], untranslated,
            counts[2], done.not_placed, since, tuple(notes), done.letters, done.letters_placed,
            changed, existing is None)
        return Done(report, (Output(catalog_path, text, changed),))

    def _merged(self, done: Imported, existing: polib.POFile | None, now: Document,
                reference: str) -> tuple[polib.POFile, tuple[int, int, int]]:
        """The catalog to write, and its (imported, fuzzy, kept) entries."""
        if existing is None:
            return done.catalog, (done.imported, done.fuzzy, 0)
        synced = sync_catalog(with_complete_header(existing, lang=self.lang), now,
                              reference=reference).catalog
        final, kept = merge(synced, done.catalog, overwrite=self.overwrite)
        before = {e.msgid: (e.msgstr, tuple(e.flags)) for e in synced if not e.obsolete}
        taken = [e for e in final if not e.obsolete and e.msgstr
                 and before.get(e.msgid) != (e.msgstr, tuple(e.flags))]
        fuzzy = sum(1 for e in taken if "fuzzy" in e.flags)
        return final, (len(taken) - fuzzy, fuzzy, kept)

    def _other_english(
        self, job: ImportJob, translation: Translated, tried: str, since: str, today: str,
        now: Document,
    ) -> tuple[tuple[Document, str, str, str] | None, int]:
        """Of the versions of the article's English in git (today's too), the one the
        translation aligns with best, if it aligns with any: (its units, its text, its
        revision, a note), and how many versions were tried; None when none fits (or git has
        no history of it), and then the translation is refused, having been tried against
        every version."""
        english = job.article.path
        top = history.work_tree(english.resolve().parent)
        name = history.inside(english, top) if top is not None else None
        if top is None or name is None:
            return None, 0
        commits = history.commits_of(top, [name], most=REVISIONS).get(name, [])
        versions: list[tuple[str, str]] = [("", today)] if since else []
        for commit, blob in zip(commits, history.read_at(top, [(c, name) for c in commits]),
                                strict=True):
            text = _decoded(blob)
            if text is not None:
                versions.append((_label(commit), text))
        how = Segmenting.of(self.config)
        script = script_of(self.lang)
        best: tuple[float, Document, str, str] | None = None
        seen = {tried}
        for label, text in versions:
            if text in seen:
                continue
            seen.add(text)
            try:
                document = how.markdown(text, path=f"{label or 'today'}:{name}")
            except TranskitError:
                continue
            if not document.segments:
                continue
            fit = alignment_fit(document, translation, text, script)
            if fit.accepted and (best is None or fit.support > best[0]):
                best = (fit.support, document, text, label)
        if best is None:
            return None, len(seen) - 1
        support, document, text, label = best
        first = f"the English as of {since}" if since else "today's English"
        at = f"the English as of {label}" if label else "today's English"
        note = (f"next to nothing of it aligns with {first}; aligned with {at} instead, which "
                f"{support:.0%} of its text aligns with (of {len(seen)} versions tried)")
        found = (now, today, "", note) if not label else (document, text, label, note)
        return found, len(seen) - 1

    def _english_then(self, job: ImportJob, now: Document,
                      today: str) -> tuple[Document, str, str, list[str]]:
        """The English to align with, its text, its revision ('' for today's), and notes."""
        if job.then is None:
            return now, today, "", [job.note] if job.note else []
        shown = f"{job.since}:{self.config.relative(job.article.path)}"
        try:
            old = Segmenting.of(self.config).markdown(job.then, path=shown)
        except TranskitError as err:
            return now, today, "", [f"the English as of {job.since} cannot be read ({err}); "
                                    f"{TODAY}"]
        if not old.segments:
            return now, today, "", [f"the English as of {job.since} has no translatable text; "
                                    f"{TODAY}"]
        return old, job.then, job.since, []


def _title(document: Document, slug: str) -> str:
    for key, value in document.front_matter:
        if key == "title" and isinstance(value, str):
            return value
    return slug


def read_translation(path: Path, shown: str, how: Segmenting, *,
                     name: str = "") -> Translated:
    """Read and segment a translated article; blank lines before its front matter (which Hugo
    reads as front matter all the same) are set aside, and its line numbers kept. `name` is
    the file as the catalog's comments name it ('' for `shown`)."""
    text = read_text_file(path, shown=shown)
    blanks = _LEADING_BLANKS.match(text)
    offset = text.count("\n", 0, blanks.end()) if blanks else 0
    text = text[blanks.end():] if blanks else text
    return Translated(_segmented(path, text, shown, how), text, shown, offset, name)


def written_name(config: Config, path: Path, given: Path) -> str:
    """A translated file as the catalog's comments name it: never this machine's absolute path.
    Inside the project, its path from the root; outside, its path in the folder given, under
    the folder's name (`ru/docs/setup.md`), or the file's own name when it was given alone."""
    resolved, root = path.resolve(), config.root.resolve()
    if root in resolved.parents:
        return resolved.relative_to(root).as_posix()
    if given.is_dir():
        folder = given.resolve()
        return (Path(folder.name) / resolved.relative_to(folder)).as_posix()
    return path.name


def _segmented(path: Path, text: str, shown: str, how: Segmenting) -> Document:
    """The units of an article's text (plain text for .txt, else Markdown), as
    `store.files.load_document` makes them, from text already read."""
    if path.suffix == ".txt":
        document = segment_text(text, path=shown)
    else:
        document = how.markdown(text, path=shown)
    if not document.segments:
        raise SourceError("has no translatable text; nothing to import", path=shown)
    return document


def plan_imports(config: Config, lang: str, paths: Sequence[Path], *,
                 article: str | None = None) -> tuple[list[ImportJob], list[ImportFailure]]:
    """The jobs for the files given: a file with `article`, or files and folders whose files'
    articles are their paths relative to the folder (a file given alone: its name)."""
    if article is not None:
        if len(paths) != 1 or paths[0].is_dir():
            raise ConfigError("--article names the article of one translated file; give one "
                              "file, or folders without --article")
        (found,) = find_articles(config, [article])
        return [ImportJob(found, paths[0], str(paths[0]),
                          name=written_name(config, paths[0], paths[0]))], []
    sources = scan_articles(config)
    articles = {a.slug: a for a in sources.articles}
    skipped = {s.article: s.problem for s in sources.skipped}
    jobs: list[ImportJob] = []
    failures: list[ImportFailure] = []
    for given in paths:
        _not_project_files(config, given)
        if given.is_dir():
            files = sorted(p for p in given.rglob("*") if p.suffix in SOURCE_SUFFIXES
                           and p.is_file() and not any(
                               part.startswith(".") for part in p.relative_to(given).parts))
            named = [(p, p.relative_to(given).with_suffix("").as_posix()) for p in files]
        else:
            named = [(given, given.stem)]
        for path, slug in named:
            shown = str(path)
            if slug in skipped:
                failures.append(ImportFailure(
                    skipped[slug].path, None, f"{skipped[slug].message}; nothing imported "
                    f"from {shown}"))
            elif slug not in articles:
                failures.append(ImportFailure(
                    shown, None, f"no English article '{slug}' "
                    f"({config.relative(config.sources)}/{slug}.md); nothing imported from this "
                    "file (give --article ID for a file whose name is not its article's)"))
            else:
                jobs.append(ImportJob(articles[slug], path, shown,
                                      name=written_name(config, path, given)))
    return jobs, failures


def _not_project_files(config: Config, path: Path) -> None:
    target = path.resolve()
    for folder, what in ((config.sources, "English sources"), (config.locales, "catalogs")):
        if overlaps(target, folder):
            raise ConfigError(f"{path} overlaps the {what} ({config.relative(folder)}); give "
                              "the translated files, which are elsewhere")


EXCHANGE_SUFFIXES = (".xlf", ".xliff", ".tmx")


def import_files(config: Config, lang: str, paths: Sequence[Path], *,
                 article: str | None = None, english_at: str | None = None,
                 overwrite: bool = False, dry_run: bool = False
                 ) -> ImportRun | ExchangeReport:
    """`transkit import`: one XLIFF or TMX file from a CAT tool (`runs.exchange`), else
    translated articles or folders of them (`import_project`)."""
    if len(paths) == 1 and paths[0].suffix.lower() in EXCHANGE_SUFFIXES:
        from .exchange import import_tmx, import_xliff

        path = paths[0]
        if path.suffix.lower() == ".tmx":
            return import_tmx(config, lang, path, [article] if article else None,
                              shown=str(path), dry_run=dry_run)
        return import_xliff(config, lang, path, article=article, shown=str(path),
                            dry_run=dry_run)
    return import_project(config, lang, paths, article=article, english_at=english_at,
                          overwrite=overwrite, dry_run=dry_run)


@writes_project
def import_project(config: Config, lang: str, paths: Sequence[Path], *,
                   article: str | None = None, english_at: str | None = None,
                   overwrite: bool = False, dry_run: bool = False) -> ImportRun:
    """Import the translated files into the catalogs of `lang` (holding the project's lock
    unless `dry_run`)."""
    jobs, failures = plan_imports(config, lang, paths, article=article)
    if english_at == AUTO:
        jobs = with_history(jobs, Segmenting.of(config))
    elif english_at is not None:
        jobs = at_revision(config, jobs, english_at)
    ran = run_jobs(config, ImportTask(config, lang, overwrite), jobs, write=not dry_run,
                   isolate=True)
    for result in ran.results:
        if isinstance(result, Failed):
            err = result.error
            failures.append(ImportFailure(err.path, err.line, err.message))
    return ImportRun(tuple(ran.values()), tuple(failures), dry_run)


# --- the English each translation was made from --------------------------------------------

WALK = 6  # versions of a translation read back to find its last change of text
TODAY = "aligned with today's English"


def _label(commit: history.Commit) -> str:
    return f"{commit.short} ({time.strftime('%Y-%m-%d', time.gmtime(commit.time))})"


def _decoded(data: bytes | None) -> str | None:
    if data is None:
        return None
    try:
        return normalize_newlines(data.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError:
        return None


def at_revision(config: Config, jobs: Sequence[ImportJob], revision: str) -> list[ImportJob]:
    """The jobs with the English as of `revision` (an error when git does not know it)."""
    top = history.work_tree(config.sources.resolve())
    if top is None:
        note = (f"{config.relative(config.sources)} is not in a git repository (or git is not "
                f"installed): no English as of {revision}; {TODAY}")
        return [replace(job, note=note) for job in jobs]
    commit = history.resolve(top, revision, shown=config.relative(config.sources))
    names = [history.inside(job.article.path, top) or "" for job in jobs]
    out = list(jobs)
    for k, blob in enumerate(history.read_at(top, [(commit, name) for name in names])):
        _set(out, k, blob, commit, "")
    return out


def with_history(jobs: Sequence[ImportJob], how: Segmenting) -> list[ImportJob]:
    """The jobs with, each, the English as of its translation's last change of text: the last
    commit of the file that changed its units (a commit that only re-laid it out, as a
    formatter does to every file at once, is passed over)."""
    by_top: dict[Path | None, list[int]] = {}
    for k, job in enumerate(jobs):
        by_top.setdefault(history.work_tree(job.path.resolve().parent), []).append(k)
    out = list(jobs)
    for top, members in by_top.items():
        if top is None:
            for k in members:
                out[k] = replace(jobs[k], note=f"{jobs[k].shown} is not in a git repository (or "
                                 f"git is not installed): no history; {TODAY}")
            continue
        names = {k: history.inside(jobs[k].path, top) or "" for k in members}
        commits = history.commits_of(top, list(names.values()), most=WALK)
        chosen: dict[int, history.Commit] = {}
        for k in members:
            found = commits.get(names[k], [])
            if found:
                chosen[k] = _last_text_change(top, names[k], found, how)
            else:
                out[k] = replace(jobs[k], note=f"git does not track {jobs[k].shown} (not "
                                 f"committed yet?): no history; {TODAY}")
        _english_of(out, chosen, top)
    return out


def _last_text_change(top: Path, name: str, commits: Sequence[history.Commit],
                      how: Segmenting) -> history.Commit:
    """Of a file's commits (newest first), the newest that changed its units' text."""
    if len(commits) == 1:
        return commits[0]
    versions = [_units(_decoded(blob), how) for blob in history.read_at(
        top, [(commit, name) for commit in commits])]
    for k in range(len(commits) - 1):
        if versions[k] is None or versions[k] != versions[k + 1]:
            return commits[k]
    return commits[-1]


def _units(text: str | None, how: Segmenting) -> tuple[str, ...] | None:
    if text is None:
        return None
    try:
        document = how.markdown(text)
    except TranskitError:
        return None
    return tuple(fold(s.text) for s in document.segments)


def _english_of(jobs: list[ImportJob], chosen: dict[int, history.Commit], top: Path) -> None:
    """Set, for each job of `chosen`, the English as of its commit (in place): from the same
    repository, or from the English's own one as it stood at that time."""
    same: list[tuple[int, history.Commit, str]] = []
    for k, commit in chosen.items():
        english = jobs[k].article.path
        there = history.work_tree(english.resolve().parent)
        if there is None:
            jobs[k] = replace(jobs[k], note=f"the English is not in a git repository; {TODAY}")
        elif there == top:
            same.append((k, commit, history.inside(english, top) or ""))
        else:
            name = history.inside(english, there) or ""
            before = history.commit_before(there, commit.time, name)
            blob = history.read_at(there, [(before, name)])[0] if before else None
            _set(jobs, k, blob, before or commit, ", the time of the translation's last change")
    blobs = history.read_at(top, [(commit, name) for _, commit, name in same])
    for (k, commit, _), blob in zip(same, blobs, strict=True):
        _set(jobs, k, blob, commit, ", the translation's last change")


def _set(jobs: list[ImportJob], k: int, blob: bytes | None, commit: history.Commit,
         what: str) -> None:
    then = _decoded(blob)
    if then is None:
        jobs[k] = replace(jobs[k], note=f"the English did not exist as of {_label(commit)}{what};"
                          f" {TODAY}")
    else:
        jobs[k] = replace(jobs[k], then=then, since=_label(commit))
