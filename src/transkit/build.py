"""Skeleton + catalog -> localized article, and the build of every edition.

The built article has the English structure with each unit replaced by its translation.
Front matter gains what a multilingual static site needs, following Hugo's conventions:
``lang`` (the language code), ``translationKey`` (the same for every edition of one article, so
Hugo links them) and ``draft: true`` for an edition below its threshold; plus ``editions``, the
list of languages in which the article is published. Jekyll sites read ``lang`` the same way
(jekyll-polyglot) and can use ``translationKey`` as their ``ref``.

Policy: only non-fuzzy translations by default; with ``allow_fuzzy``, fuzzy ones too, except
critical drift, which never ships. A unit without a usable translation falls back to the English
(default) or, with ``fallback="omit"``, is left out (headings and front matter always fall back,
so the article keeps its shape).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import polib
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .cache import Fingerprint
from .catalog import is_fuzzy, is_translated
from .config import Config
from .drift import is_critical
from .errors import CatalogError
from .model import FRONT_MATTER, HEADING, Document
from .pofile import Scanned, unescape
from .segment import assemble
from .status import share
from .store import Article


@dataclass(frozen=True)
class UnitOutcome:
    index: int
    line: int
    used: str  # "translation", "fuzzy", "english", "omitted"
    reason: str = ""  # why the English was used: untranslated, fuzzy, critical drift


@dataclass(frozen=True)
class BuiltArticle:
    slug: str
    lang: str
    text: str
    units: tuple[UnitOutcome, ...]
    source_words: int
    translated_words: int
    draft: bool = False
    skipped: bool = False
    threshold: float = 0.0

    @property
    def words_percent(self) -> float:
        return share(self.translated_words, self.source_words)

    @property
    def fallbacks(self) -> tuple[UnitOutcome, ...]:
        return tuple(u for u in self.units if u.used in ("english", "omitted"))

    @property
    def state(self) -> str:
        return "skipped" if self.skipped else ("draft" if self.draft else "final")


@dataclass(frozen=True)
class BuildOptions:
    allow_fuzzy: bool = False
    fallback: str = "english"  # or "omit"
    below_threshold: str = "draft"  # or "skip"
    editions: tuple[str, ...] = field(default_factory=tuple)


# English -> (translation, "translation" or "fuzzy", critical drift?) of one catalog
Translations = dict[str, tuple[str, str, bool]]


def translations_of(catalog: polib.POFile | None) -> Translations:
    """The translations a build may use, from a parsed catalog (none when it does not exist)."""
    out: Translations = {}
    for entry in catalog or []:
        if entry.obsolete or entry.msgctxt is not None or entry.msgid_plural or not entry.msgid:
            continue
        if is_translated(entry):
            out[entry.msgid] = (entry.msgstr, "translation", False)
        elif is_fuzzy(entry):
            critical = entry.previous_msgid is not None and is_critical(
                entry.previous_msgid, entry.msgid
            )
            out[entry.msgid] = (entry.msgstr, "fuzzy", critical)
    return out


def scanned_translations(entries: Sequence[Scanned]) -> Translations:
    """`translations_of`, from the fast scan of a catalog in gettext's layout."""
    out: Translations = {}
    for entry in entries:
        if entry.obsolete or entry.has_context or entry.plural or not entry.msgid:
            continue
        if not entry.msgstr:
            continue
        msgid, msgstr = unescape(entry.msgid), unescape(entry.msgstr)
        if not entry.fuzzy:
            out[msgid] = (msgstr, "translation", False)
        else:
            critical = entry.previous is not None and is_critical(
                unescape(entry.previous), msgid
            )
            out[msgid] = (msgstr, "fuzzy", critical)
    return out


def _usable(translations: Translations, *, allow_fuzzy: bool) -> dict[str, tuple[str, str]]:
    """English -> (translation, "translation"|"fuzzy") or ("", reason) for the open ones."""
    out: dict[str, tuple[str, str]] = {}
    for msgid, (msgstr, state, critical) in translations.items():
        if state == "translation" or (allow_fuzzy and not critical):
            out[msgid] = (msgstr, state)
        else:
            out[msgid] = ("", "critical drift" if critical else "fuzzy")
    return out


def build_article(
    document: Document,
    translations: Translations,
    *,
    slug: str,
    lang: str,
    threshold: float,
    options: BuildOptions,
) -> BuiltArticle:
    """Build one edition of one article in memory."""
    usable = _usable(translations, allow_fuzzy=options.allow_fuzzy)
    texts: list[str] = []
    outcomes: list[UnitOutcome] = []
    source_words = translated_words = 0
    for segment in document.segments:
        words = len(segment.text.split())
        source_words += words
        text, how = usable.get(segment.text, ("", "untranslated"))
        if text:
            texts.append(text)
            translated_words += words
            outcomes.append(UnitOutcome(segment.index, segment.line, how))
        elif options.fallback == "omit" and segment.kind not in (HEADING, FRONT_MATTER):
            texts.append("")
            outcomes.append(UnitOutcome(segment.index, segment.line, "omitted", how))
        else:
            texts.append(segment.text)
            outcomes.append(UnitOutcome(segment.index, segment.line, "english", how))
    percent = share(translated_words, source_words)
    below = percent + 1e-9 < threshold
    article = BuiltArticle(slug, lang, "", tuple(outcomes), source_words, translated_words,
                           draft=below and options.below_threshold == "draft",
                           skipped=below and options.below_threshold == "skip",
                           threshold=threshold)
    if article.skipped:
        return article
    body = assemble(document, texts)
    if options.fallback == "omit":
        body = re.sub(r"\n{3,}", "\n\n", body)
    extra: dict[str, object] = {"lang": lang, "translationKey": slug}
    if options.editions:
        extra["editions"] = list(options.editions)
    if article.draft:
        extra["draft"] = True
    return BuiltArticle(slug, lang, add_front_matter(body, extra), article.units,
                        source_words, translated_words, article.draft, False, threshold)


def add_front_matter(text: str, fields: dict[str, object]) -> str:
    """Set top-level front-matter keys (replacing existing ones), creating the block if needed."""
    lines = [f"{key}: {_yaml_value(value)}" for key, value in fields.items()]
    if text.startswith("---\n"):
        end = text.find("\n---", 3)
        if end >= 0:
            head = text[4:end].split("\n") if end > 4 else []
            kept = [ln for ln in head if ln.split(":", 1)[0] not in fields or ln.startswith(" ")]
            return "---\n" + "\n".join([*kept, *lines]) + text[end:]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + text


def _yaml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False) if not re.fullmatch(r"[\w-]+", str(value)) else (
        str(value)
    )


_html_md = (
    MarkdownIt("commonmark", {"html": False})
    .use(front_matter_plugin)
    .use(footnote_plugin)
    .enable("table")
)

_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ max-width: 42rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.55;
  font-family: Georgia, "Noto Serif", "Noto Serif Armenian", serif; color: #222; }}
.meta {{ color: #666; font-size: .9rem; }} .draft {{ background: #fff3cd; padding: .5rem; }}
h1 {{ line-height: 1.2; }} .footnotes {{ font-size: .9rem; }}
</style>
</head>
<body>
{banner}<h1>{title}</h1>
{subtitle}{body}</body>
</html>
"""


def render_html(text: str, *, lang: str, title: str, subtitle: str, draft: bool) -> str:
    """A standalone proofreading page for a built article (same parser; no network)."""
    import html

    banner = '<p class="draft">Draft: below the translation threshold.</p>\n' if draft else ""
    sub = f'<p class="meta">{html.escape(subtitle)}</p>\n' if subtitle else ""
    return _PAGE.format(lang=html.escape(lang), title=html.escape(title), banner=banner,
                        subtitle=sub, body=_html_md.render(text))


def front_matter_value(text: str, key: str) -> str:
    """A top-level string value of a built article's front matter ('' when absent)."""
    import yaml

    if not text.startswith("---\n"):
        return ""
    end = text.find("\n---", 3)
    try:
        data = yaml.safe_load(text[4:end]) if end > 4 else None
    except yaml.YAMLError:
        return ""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


def editions_of(results: Sequence[BuiltArticle], source_language: str) -> tuple[str, ...]:
    """The editions of an article for its front matter: the source, then the final ones."""
    finals = {r.lang for r in results if r.state == "final"} - {source_language}
    return (source_language, *sorted(finals))


@dataclass(frozen=True)
class BuildReport:
    articles: tuple[BuiltArticle, ...]
    written: tuple[str, ...]
    requested: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()  # files of editions skipped now, left by an earlier build

    @property
    def exit_code(self) -> int:
        """1 when an article that was asked for by name could not be built (was skipped)."""
        if any(a.skipped and a.slug in self.requested for a in self.articles):
            return 1
        return 0


def build_project(
    config: Config,
    langs: Sequence[str],
    names: Sequence[str] | None = None,
    *,
    options: BuildOptions,
    out: Path | None = None,
    html: bool = False,
) -> BuildReport:
    """Build every chosen article in every chosen language; read all, then write what changed.

    An article whose source, catalogs and built files are exactly as an earlier build with the
    same options left them (see `cache`) is not built again: its report comes from the cache.
    """
    from .cache import Cache, fingerprint
    from .parallel import parallel_map
    from .store import find_articles, write_many

    out_dir = out or config.build
    cache = Cache(config, "build")
    every = list(dict.fromkeys([*langs, *config.languages]))
    setting = f"{','.join(langs)}|{options}|{out_dir}|{html}"
    articles = find_articles(config, list(names or []))

    def inputs(article: Article) -> dict[str, Fingerprint]:
        files = {"source": fingerprint(article.path)}
        for lang in every:
            if lang != config.source_language:
                files[f"catalog {lang}"] = fingerprint(config.catalog_path(lang, article.slug))
        return files

    results: dict[str, list[BuiltArticle]] = {}
    todo: list[Article] = []
    for article in articles:
        key = f"{article.slug}|{setting}"
        previous = cache.peek(key)
        files = inputs(article)
        paths: dict[str, Path] = {}
        if isinstance(previous, dict):
            for name in previous.get("outputs", []):
                files[f"out {name}"] = fingerprint(Path(name))
                paths[f"out {name}"] = Path(name)
        value = cache.get(key, files, paths)
        if value is not None:
            results[article.slug] = [_built_from(record) for record in value["results"]]
        else:
            todo.append(article)
    job = partial(_build_one, config, tuple(langs), options, out_dir, html)
    outputs: dict[str, list[tuple[str, str]]] = {}
    for article, (built, produced) in zip(todo, parallel_map(job, todo), strict=True):
        results[article.slug] = built
        outputs[article.slug] = produced
    targets = [(Path(name), text, config.relative(Path(name)))
               for article in todo for name, text in outputs[article.slug]]
    changed = write_many(targets)
    written = [shown for (_, _, shown), done in zip(targets, changed, strict=True) if done]
    for article in todo:
        files = inputs(article)
        written_bytes: dict[str, bytes] = {}
        for name, text in outputs[article.slug]:
            files[f"out {name}"] = fingerprint(Path(name))
            written_bytes[f"out {name}"] = text.encode("utf-8")
        record = {"outputs": [name for name, _ in outputs[article.slug]],
                  "results": [_record_of(r) for r in results[article.slug]]}
        cache.put(f"{article.slug}|{setting}", files, record, written_bytes)
    cache.save()
    ordered = [r for article in articles for r in results[article.slug]]
    removed = _remove_skipped(config, out_dir, ordered)
    return BuildReport(tuple(ordered), tuple(written), tuple(names or ()), tuple(removed))


def _remove_skipped(config: Config, out_dir: Path, built: Sequence[BuiltArticle]) -> list[str]:
    """Remove what an earlier build wrote for an edition that is skipped now.

    A skipped edition is one transkit refuses to publish; left in place, the old file would
    still be published by the site generator.
    """
    from .errors import WriteError

    removed = []
    for result in built:
        if not result.skipped:
            continue
        for suffix in (".md", ".html"):
            path = config.build_path(result.lang, result.slug, suffix, out=out_dir)
            if path.is_file():
                try:
                    path.unlink()
                except OSError as err:
                    raise WriteError(f"cannot remove the skipped edition: {err.strerror}",
                                     path=config.relative(path)) from err
                removed.append(config.relative(path))
    return removed


def _record_of(built: BuiltArticle) -> dict[str, object]:
    record = asdict(built)
    record["text"] = ""  # the built file itself holds it
    return record


def _built_from(record: dict[str, Any]) -> BuiltArticle:
    units = tuple(UnitOutcome(**u) for u in record["units"])
    return BuiltArticle(**{**record, "units": units})


def _read_translations(config: Config, lang: str, slug: str) -> Translations:
    from .store import read_catalog, scan_catalog

    path = config.catalog_path(lang, slug)
    entries = scan_catalog(path, shown=config.relative(path))
    if entries is not None:
        return scanned_translations(entries)
    return translations_of(read_catalog(path, shown=config.relative(path)))


def _build_one(
    config: Config,
    langs: tuple[str, ...],
    options: BuildOptions,
    out_dir: Path,
    html: bool,
    article: Article,
) -> tuple[list[BuiltArticle], list[tuple[str, str]]]:
    """Every chosen edition of one article (a unit of work for `parallel_map`)."""
    from .store import load_document

    document = load_document(article.path, shown=config.relative(article.path),
                             front_matter_keys=config.front_matter_keys,
                             shortcode_parameters=config.shortcode_parameters)
    every = list(dict.fromkeys([*langs, *config.languages]))
    translations: dict[str, Translations] = {}
    for lang in every:
        if lang == config.source_language:
            continue
        try:
            translations[lang] = _read_translations(config, lang, article.slug)
        except CatalogError:
            if lang in langs:
                raise
            # a language not being built only decides the list of editions: an unreadable
            # catalog there (which 'check' reports) makes it no edition, and stops nothing
            translations[lang] = {}
    per_article: list[BuiltArticle] = []
    # every configured language counts for the list of editions, built now or not
    for lang in every:
        if lang == config.source_language:
            english = build_article(document, {}, slug=article.slug, lang=lang,
                                    threshold=0.0, options=options)
            per_article.append(_as_source(english, document))
            continue
        per_article.append(build_article(
            document, translations[lang], slug=article.slug, lang=lang,
            threshold=config.build_threshold(lang), options=options,
        ))
    editions = editions_of(per_article, config.source_language)
    results: list[BuiltArticle] = []
    outputs: list[tuple[str, str]] = []
    for result in per_article:
        if result.lang not in langs:
            continue
        if result.skipped:
            results.append(result)
            continue
        final = build_article(
            document, translations.get(result.lang, {}),
            slug=article.slug, lang=result.lang, threshold=result.threshold,
            options=BuildOptions(options.allow_fuzzy, options.fallback,
                                 options.below_threshold, editions),
        )
        if result.lang == config.source_language:
            final = _as_source(final, document)
        results.append(final)
        target = config.build_path(result.lang, article.slug, ".md", out=out_dir)
        outputs.append((str(target), final.text))
        if html:
            page = render_html(
                final.text, lang=result.lang,
                title=front_matter_value(final.text, "title") or article.slug,
                subtitle=front_matter_value(final.text, "subtitle"), draft=final.draft,
            )
            outputs.append((str(config.build_path(result.lang, article.slug, ".html",
                                                  out=out_dir)), page))
    return results, outputs


def _as_source(built: BuiltArticle, document: Document) -> BuiltArticle:
    """The source-language edition: the English texts themselves, all counted as done."""
    words = sum(len(s.text.split()) for s in document.segments)
    units = tuple(UnitOutcome(s.index, s.line, "translation") for s in document.segments)
    return BuiltArticle(built.slug, built.lang, _source_text(built, document), units, words,
                        words, False, False, 0.0)


def _source_text(built: BuiltArticle, document: Document) -> str:
    head = assemble(document, [s.text for s in document.segments])
    fields: dict[str, object] = {"lang": built.lang, "translationKey": built.slug}
    editions = re.search(r"^editions: \[(.*)\]$", built.text, re.MULTILINE)
    if editions:
        fields["editions"] = [e.strip() for e in editions.group(1).split(",")]
    return add_front_matter(head, fields)
