"""`transkit build`: every chosen edition of every chosen article, written where a site wants it.

An article whose source, catalogs and built files are exactly as an earlier build with the same
options left them is not built again: its report comes from the cache (see `runs.engine`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from ..config import Config
from ..core.assemble import (
    Translations,
    build_article,
    build_source,
    editions_of,
    front_matter_value,
    translations_of,
)
from ..core.model import BuildOptions, BuildReport, BuiltArticle, Document
from ..errors import CatalogError, WriteError
from ..store.files import Article, find_articles, read_catalog
from .engine import Done, Output, run_tasks
from .sync import load_article


class Page(Protocol):
    """A renderer of a built article's proofreading page (`render.article`)."""

    def __call__(self, text: str, *, lang: str, title: str, subtitle: str,
                 draft: bool) -> str: ...


@dataclass(frozen=True)
class BuildTask:
    config: Config
    langs: tuple[str, ...]
    options: BuildOptions
    out_dir: Path
    page: Page | None  # the proofreading page beside each built article, if wanted
    name: str = "build"
    record_type: Any = tuple[BuiltArticle, ...]

    @property
    def every(self) -> list[str]:
        """The languages built, then the other configured ones, which decide the editions."""
        return list(dict.fromkeys([*self.langs, *self.config.languages]))

    def key(self, job: Article) -> str:
        html = self.page is not None
        return f"{job.slug}|{','.join(self.langs)}|{self.options}|{self.out_dir}|{html}"

    def inputs(self, job: Article) -> list[Path]:
        return [job.path, *(self.config.catalog_path(lang, job.slug) for lang in self.every
                            if lang != self.config.source_language)]

    def run(self, job: Article) -> Done[tuple[BuiltArticle, ...]]:
        document = load_article(self.config, job)
        translations = {lang: self._translations(lang, job.slug) for lang in self.every
                        if lang != self.config.source_language}
        # every configured language counts for the list of editions, built now or not
        first = [self._edition(document, job.slug, lang, translations, self.options)
                 for lang in self.every]
        editions = editions_of(first, self.config.source_language)
        options = replace(self.options, editions=editions)
        results: list[BuiltArticle] = []
        outputs: list[Output] = []
        for result in first:
            if result.lang not in self.langs:
                continue
            if result.skipped:
                results.append(result)
                continue
            final = self._edition(document, job.slug, result.lang, translations, options)
            target = self.out_dir / result.lang / f"{job.slug}.md"
            outputs.append(Output(target, final.text))
            if self.page is not None:
                page = self.page(
                    final.text, lang=result.lang,
                    title=front_matter_value(final.text, "title") or job.slug,
                    subtitle=front_matter_value(final.text, "subtitle"), draft=final.draft,
                )
                outputs.append(Output(target.with_suffix(".html"), page))
            results.append(replace(final, text=""))  # the built file itself holds the text
        return Done(tuple(results), tuple(outputs))

    def _translations(self, lang: str, slug: str) -> Translations:
        path = self.config.catalog_path(lang, slug)
        try:
            return translations_of(read_catalog(path, shown=self.config.relative(path)))
        except CatalogError:
            if lang in self.langs:
                raise
            # a language not being built only decides the list of editions: an unreadable
            # catalog there (which 'check' reports) makes it no edition, and stops nothing
            return {}

    def _edition(self, document: Document, slug: str, lang: str,
                 translations: dict[str, Translations], options: BuildOptions) -> BuiltArticle:
        if lang == self.config.source_language:
            return build_source(document, slug=slug, lang=lang, editions=options.editions)
        return build_article(document, translations[lang], slug=slug, lang=lang,
                             threshold=self.config.build_threshold(lang), options=options)


def build_project(
    config: Config,
    langs: Sequence[str],
    names: Sequence[str] | None = None,
    *,
    options: BuildOptions,
    out: Path | None = None,
    page: Page | None = None,
) -> BuildReport:
    """Build every chosen article in every chosen language; read all, then write what changed.

    Run it under `store.write.project_lock`.
    """
    out_dir = out or config.build
    articles = find_articles(config, list(names or []))
    ran = run_tasks(config, BuildTask(config, tuple(langs), options, out_dir, page), articles)
    built = [b for result in ran.values() for b in result]
    removed = _remove_skipped(config, out_dir, built)
    return BuildReport(tuple(built), tuple(ran.written), tuple(names or ()), tuple(removed))


def _remove_skipped(config: Config, out_dir: Path, built: Sequence[BuiltArticle]) -> list[str]:
    """Remove what an earlier build wrote for an edition that is skipped now.

    A skipped edition is one transkit refuses to publish; left in place, the old file would
    still be published by the site generator.
    """
    removed = []
    for result in built:
        if not result.skipped:
            continue
        for suffix in (".md", ".html"):
            path = out_dir / result.lang / f"{result.slug}{suffix}"
            if path.is_file():
                try:
                    path.unlink()
                except OSError as err:
                    raise WriteError(f"cannot remove the skipped edition: {err.strerror}",
                                     path=config.relative(path)) from err
                removed.append(config.relative(path))
    return removed
