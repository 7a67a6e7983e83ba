"""`transkit build`: every chosen edition of every chosen article, written where a site wants it.

Each edition goes where the layout (`build`, a pattern with `{lang}` and `{id}`) puts it, and
the files of a page bundle (its images) go with it into another folder. An article whose source,
catalogs and built files are exactly as an earlier build with the same options left them is
not built again: its report comes from the cache (see `runs.engine`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from ..config import Config, resolve_layout
from ..core.build.layout import Layout
from ..core.build.model import BuildOptions, BuildReport, BuiltArticle, Fallback, Used
from ..core.source.model import Document
from ..core.values import Problem
from ..errors import CatalogError, UsageError, WriteError
from ..store.files import Article, bundle_resources, read_catalog, same_bytes, scan_articles
from ..store.write import copy_file
from .engine import Done, Output, run_tasks, writes_project
from .project import languages, not_among_inputs
from .status import EditionRecord, edition_records

if TYPE_CHECKING:
    from ..core.build.assemble import Translations
    from .changed import Chosen

# Building (the segmenter, front matter, the assembler) and sync's reader are imported by the
# job that builds, not with this module: a repeated build whose editions are all still as they
# were builds none (start-up is most of its time).


class Page(Protocol):
    """A renderer of a built article's proofreading page (`render.article`)."""

    def __call__(self, text: str, *, lang: str, title: str, subtitle: str, draft: bool,
                 english: Collection[str] = ()) -> str: ...


@dataclass(frozen=True)
class BuiltEditions:
    """One article's editions, and the catalogs that could not be read (their editions are
    neither built nor listed among the article's editions)."""

    built: tuple[BuiltArticle, ...]
    failed: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class BuildJob:
    """One article, and what keeps each of its editions from being final among check's
    findings ((lang, reasons) for each such edition): the job's own, so its cache key holds
    them and a change elsewhere in the project rebuilds nothing here."""

    article: Article
    failing: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class BuildTask:
    doing: ClassVar[str] = "building editions"  # its progress on a terminal
    config: Config
    langs: tuple[str, ...]
    options: BuildOptions
    layout: Layout
    page: Page | None  # the proofreading page beside each built article, if wanted
    name: ClassVar[str] = "build"
    record_type: ClassVar[Any] = BuiltEditions

    @property
    def every(self) -> list[str]:
        """The languages built, then the other configured ones, which decide the editions."""
        return list(dict.fromkeys([*self.langs, *self.config.languages]))

    def inputs(self, job: BuildJob) -> list[Path]:
        article = job.article
        return [article.path, *(self.config.catalog_path(lang, article.slug)
                                for lang in self.every if lang != self.config.source_language)]

    def run(self, job: BuildJob) -> Done[BuiltEditions]:
        from ..core.build.assemble import editions_of, translations_of
        from .sync import load_article

        failing = dict(job.failing)
        slug = job.article.slug
        document = load_article(self.config, job.article)
        translations: dict[str, Translations] = {}
        failed: list[Problem] = []
        for lang in self.every:
            if lang == self.config.source_language:
                continue
            path = self.config.catalog_path(lang, slug)
            try:
                translations[lang] = translations_of(
                    read_catalog(path, shown=self.config.relative(path)))
            except CatalogError as err:
                # an unreadable catalog makes no edition and stops no other one; 'check'
                # reports it for a language not being built
                if lang in self.langs:
                    failed.append(Problem(err.path, err.line, err.message))
        langs = [lang for lang in self.every
                 if lang == self.config.source_language or lang in translations]
        # every configured language counts for the list of editions, built now or not
        first = [self._edition(document, slug, lang, translations, self.options, failing)
                 for lang in langs]
        options = replace(self.options, editions=editions_of(first, self.config.source_language))
        results: list[BuiltArticle] = []
        outputs: list[Output] = []
        for result in first:
            if result.lang not in self.langs:
                continue
            if result.skipped:
                results.append(result)
                continue
            final = self._edition(document, slug, result.lang, translations, options, failing)
            target = self.config.build_path(result.lang, slug, out=self.layout)
            outputs.append(Output(target, final.text))
            if self.page is not None:
                page = self.config.build_path(result.lang, slug, ".html", out=self.layout)
                outputs.append(Output(page, self._page(document, final)))
            results.append(replace(final, text=""))  # the built file itself holds the text
        return Done(BuiltEditions(tuple(results), tuple(failed)), tuple(outputs),
                    remember=not failed)

    def _page(self, document: Document, built: BuiltArticle) -> str:
        from ..core.build.assemble import front_matter_value

        english = {s.text for s, u in zip(document.segments, built.units, strict=True)
                   if u.used is Used.ENGLISH and built.lang != self.config.source_language}
        assert self.page is not None
        return self.page(
            built.text, lang=built.lang,
            title=front_matter_value(built.text, "title") or built.slug,
            subtitle=front_matter_value(built.text, "subtitle"), draft=built.draft,
            english=english,
        )

    def _edition(self, document: Document, slug: str, lang: str,
                 translations: dict[str, Translations], options: BuildOptions,
                 failing: Mapping[str, tuple[str, ...]]) -> BuiltArticle:
        from ..core.build.assemble import build_article, build_source

        if lang == self.config.source_language:
            return build_source(document, slug=slug, lang=lang, editions=options.editions,
                                site=options.site)
        return build_article(document, translations[lang], slug=slug, lang=lang,
                             threshold=self.config.build_threshold(lang), options=options,
                             review=lang in self.config.review,
                             failing=failing.get(lang, ()))


@writes_project
def build_project(
    config: Config,
    langs: Sequence[str],
    names: Sequence[str] | None = None,
    *,
    options: BuildOptions,
    out: Layout | None = None,
    page: Page | None = None,
    changed: Chosen | None = None,
) -> BuildReport:
    """Build every chosen article in every chosen language; read all, then write what changed.
    `changed` (`--changed-since`): only the articles it chose; no other edition is touched.

    An edition whose catalog (or an article whose source) cannot be read is not built, and its
    files are left as they are; everything else is built. It holds the project's lock.
    """
    layout = out or config.layout
    sources = scan_articles(config, names) if changed is None else changed.sources
    articles = sources.articles
    if config.source_language in langs:
        _not_among_sources(config, layout)
    html = page is not None
    task = BuildTask(config, tuple(langs), options, layout, page)
    failing = _failing(config, task.every, articles)
    jobs = [BuildJob(article, tuple((lang, failing[f"{lang}/{article.slug}"])
                                    for lang in task.every if f"{lang}/{article.slug}" in failing))
            for article in articles]
    ran = run_tasks(config, task, jobs, isolate=True)
    built = [b for result in ran.values() for b in result.built]
    failed = [*sources.problems, *ran.failures(),
              *(p for result in ran.values() for p in result.failed)]
    by_id = {article.slug: article for article in articles}
    removed = _remove_stale(config, layout, built, by_id, html=html)
    copied = _copy_resources(config, layout, built, by_id)
    return BuildReport(tuple(built), (*ran.written, *copied), tuple(names or ()),
                       tuple(removed), tuple(failed))


def _failing(config: Config, langs: Sequence[str], articles: Sequence[Article]
             ) -> dict[str, tuple[str, ...]]:
    """What keeps each edition of every language that decides the editions from being final
    among `check`'s findings (as status reads them, from its records or check's)."""
    langs = [lang for lang in langs if lang != config.source_language]
    jobs, records = edition_records(config, langs, articles)
    return {f"{job.lang}/{job.article.slug}": record.failing
            for job, record in zip(jobs, records, strict=True)
            if isinstance(record, EditionRecord) and record.failing}


def _not_among_sources(config: Config, layout: Layout) -> None:
    """Refuse to build the source language where the layout puts its editions among the
    sources: on the source itself (`content/{lang}/{id}.md` with the English in content/en),
    or beside it (`post.en.md` beside `post.md`), where the site would read each English
    article twice. The site reads the English articles as they are."""
    lang = config.source_language
    folder = Path(layout.folder(lang))
    if folder == config.sources or config.sources in folder.parents:
        example = config.relative(config.build_path(lang, "ID", out=layout))
        raise UsageError(
            f"--lang {lang}: the build pattern puts the {lang} editions among the sources "
            f"({example}), where the site would read each {lang} article twice, or the edition "
            f"would replace its source; the site reads the {lang} articles as they are, so "
            "build the translations only")


def _resource_targets(config: Config, layout: Layout, result: BuiltArticle,
                      article: Article) -> list[tuple[Path, Path]]:
    """(file of the bundle, where it goes) for an edition in another folder than its English;
    none for an edition beside its English (`index.de.md`), which shares the bundle's files."""
    folder = config.build_path(result.lang, result.slug, out=layout).parent
    source = article.path.parent
    if folder == source:
        return []
    return [(path, folder / path.relative_to(source)) for path in bundle_resources(article)]


def _copy_resources(config: Config, layout: Layout, built: Sequence[BuiltArticle],
                    by_id: dict[str, Article]) -> list[str]:
    """Copy the files of each built page bundle (images, data) beside its editions, so that
    relative links and Hugo's page resources work in every language; only changed files."""
    written = []
    for result in built:
        if result.skipped or result.slug not in by_id:
            continue
        for source, target in _resource_targets(config, layout, result, by_id[result.slug]):
            shown = config.relative(target)
            if copy_file(source, target, shown_source=config.relative(source), shown=shown):
                written.append(shown)
    return written


def _remove_stale(config: Config, layout: Layout, built: Sequence[BuiltArticle],
                  by_id: dict[str, Article], *, html: bool) -> list[str]:
    """Remove what an earlier build wrote and this one would not: every file of an edition
    that is skipped now (and the bundle's files copied beside it, where they are still
    copies), and the proofreading page of an edition built as Markdown only.

    A skipped edition is one transkit refuses to publish; left in place, the old file would
    still be published by the site generator. A page left from an earlier HTML build would
    show an older text beside the new one.
    """
    removed = []
    for result in built:
        suffixes = (None, ".html") if result.skipped else () if html else (".html",)
        stale = [config.build_path(result.lang, result.slug, suffix, out=layout)
                 for suffix in suffixes]
        if result.skipped and result.slug in by_id:
            stale += [target for source, target in
                      _resource_targets(config, layout, result, by_id[result.slug])
                      if same_bytes(source, target)]
        for path in stale:
            if path.is_file():
                try:
                    path.unlink()
                except OSError as err:
                    raise WriteError(f"cannot remove an edition's stale file: {err.strerror}",
                                     path=config.relative(path)) from err
                removed.append(config.relative(path))
    return removed


def build_languages(config: Config, names: Sequence[str] | None) -> list[str]:
    """The languages `build --lang` names: the source language (its editions rebuilt) and the
    project's languages as it spells them; every translation when none is named."""
    if not names:
        return list(config.languages)
    source = [code for code in names
              if code.lower().replace("_", "-") == config.source_language.lower()]
    targets = [code for code in names if code not in source]
    return ([config.source_language] if source else []) + (
        languages(config, targets) if targets else [])


def out_layout(config: Config, out: str, langs: Sequence[str]) -> Layout:
    """`build --out`: a folder or a pattern, from the current folder; never among the sources
    or the catalogs (the configured `build` may put editions among the sources, because every
    command then knows to leave them out)."""
    layout = resolve_layout(out, Path.cwd(), langs, config.locales, key="--out", path=None)
    for lang in langs:
        not_among_inputs(config, Path(layout.folder(lang)), "--out")
    return layout


def build_editions(config: Config, langs: Sequence[str] | None, names: Sequence[str] | None,
                   *, out: str | None = None, allow_fuzzy: bool = False,
                   fallback: Fallback = Fallback.ENGLISH, page: Page | None = None,
                   changed: Chosen | None = None) -> BuildReport:
    """`transkit build`: the languages and the place the command line names (`--lang`,
    `--out`), the project's verdict policy and site, then `build_project`."""
    chosen = build_languages(config, langs)
    options = BuildOptions(allow_fuzzy=allow_fuzzy, fallback=fallback,
                           below_threshold=config.below_threshold, site=config.site)
    layout = out_layout(config, out, chosen) if out else None
    return build_project(config, chosen, names, options=options, out=layout, page=page,
                         changed=changed)
