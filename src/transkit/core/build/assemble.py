"""Skeleton + translations -> one localized article, in memory.

The built article has the English structure with each unit replaced by its translation.
Front matter gains what a multilingual static site needs: ``lang`` (the language code, which
jekyll-polyglot reads), ``translationKey`` (the same for every edition of one article; not
for Hugo, which links editions by their place, see `_identity`), ``editions`` (the languages in
which the article is published) and, for an edition that is not final, what hides a page from
the site generator: ``draft: true`` for Hugo (and by default), ``published: false`` for
Jekyll, which ignores ``draft``.

Whether an edition is final, a draft or skipped is `core.verdict`'s answer, from the units
of the edition itself. Text: only non-fuzzy translations by default; with ``allow_fuzzy``,
fuzzy ones too, except critical drift, which never ships. A unit without a usable
translation falls back to the English (default) or, with ``Fallback.OMIT``, is left out
(headings and front matter always fall back, so the article keeps its shape). What is left
out leaves valid Markdown: no empty list item (``- ``), block quote or footnote definition
(``[^1]: ``); a reference to a footnote left out goes with it, and a footnote whose every
reference was left out goes too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import NamedTuple

import polib

from ..po.catalog import is_fuzzy, is_translated
from ..report.model import Edition
from ..report.verdict import Policy, Tally, judge_edition
from ..review.model import ReviewState
from ..review.signoff import PREFIX, review_of
from ..source.frontmatter import read_fields, set_fields
from ..source.model import Document, SegmentKind
from ..source.segment import assemble
from ..sync.drift import is_critical
from .model import BuildOptions, BuiltArticle, Fallback, Site, UnitOutcome, Used


class Translation(NamedTuple):
    """A catalog's translation of one English text, as a build may use it."""

    text: str
    fuzzy: bool
    critical: bool  # fuzzy with a critical drift: never shipped
    reviewed: bool = False  # a reviewer's sign-off holds for it (core.review)


Translations = dict[str, Translation]


def translations_of(catalog: polib.POFile | None) -> Translations:
    """English -> translation for the entries that hold one (none when there is no catalog)."""
    out: Translations = {}
    for entry in catalog or []:
        if entry.obsolete or entry.msgctxt is not None or entry.msgid_plural or not entry.msgid:
            continue
        if is_translated(entry):
            review = review_of(entry) if PREFIX in entry.tcomment else None
            out[entry.msgid] = Translation(entry.msgstr, False, False, review is not None
                                           and review.state is ReviewState.REVIEWED)
        elif is_fuzzy(entry):
            critical = entry.previous_msgid is not None and is_critical(
                entry.previous_msgid, entry.msgid
            )
            out[entry.msgid] = Translation(entry.msgstr, True, critical)
    return out


def _choose(translation: Translation | None, *, allow_fuzzy: bool) -> tuple[str, Used | str]:
    """(text, Used.TRANSLATION or Used.FUZZY), or ("", the reason there is none usable)."""
    if translation is None:
        return "", "untranslated"
    if not translation.fuzzy:
        return translation.text, Used.TRANSLATION
    if allow_fuzzy and not translation.critical:
        return translation.text, Used.FUZZY
    return "", "critical drift" if translation.critical else "fuzzy"


def build_article(
    document: Document,
    translations: Translations,
    *,
    slug: str,
    lang: str,
    threshold: float,
    options: BuildOptions,
    review: bool = False,
    failing: Sequence[str] = (),
) -> BuiltArticle:
    """Build one edition of one article in memory; with `review`, it is final only when every
    translation is reviewed; `failing` names the errors `check` finds in its catalog, which
    keep it from being final (`core.report.verdict`)."""
    texts: list[str] = []
    outcomes: list[UnitOutcome] = []
    source_words = translated_words = final_words = 0
    for segment in document.segments:
        words = len(segment.text.split())
        source_words += words
        translation = translations.get(segment.text)
        text, how = _choose(translation, allow_fuzzy=options.allow_fuzzy)
        if translation is not None and not translation.fuzzy:
            final_words += words
        if isinstance(how, Used):
            texts.append(text)
            translated_words += words
            outcomes.append(UnitOutcome(segment.index, segment.line, how))
        elif options.fallback is Fallback.OMIT and segment.kind not in (
                SegmentKind.HEADING, SegmentKind.FRONT_MATTER):
            texts.append("")
            outcomes.append(UnitOutcome(segment.index, segment.line, Used.OMITTED, how))
        else:
            texts.append(segment.text)
            outcomes.append(UnitOutcome(segment.index, segment.line, Used.ENGLISH, how))
    verdict = judge_edition(_tally(document, translations, source_words, final_words),
                            Policy(threshold, options.below_threshold, review=review),
                            failing)
    draft = verdict.edition is Edition.DRAFT
    if verdict.edition is Edition.SKIPPED:
        return BuiltArticle(slug, lang, "", tuple(outcomes), source_words, translated_words,
                            draft=False, skipped=True, threshold=threshold,
                            reasons=verdict.reasons)
    if options.fallback is Fallback.OMIT:
        body = _without_omitted(document, texts, outcomes)
    else:
        body = assemble(document, texts)
    extra = _identity(lang, slug, options.site)
    if options.editions:
        extra["editions"] = list(options.editions)
    if draft:
        extra.update(hidden(options.site))
    return BuiltArticle(slug, lang, add_front_matter(body, extra), tuple(outcomes),
                        source_words, translated_words, draft, False, threshold,
                        verdict.reasons)


def _identity(lang: str, slug: str, site: Site) -> dict[str, object]:
    """The language of an edition, and the key that links it to the article's other editions.

    Hugo links a page to its translations by their place (the same path in each language's
    content folder, or the same name with another language): a `translationKey` on the
    editions alone, and not on the English, would part them, so Hugo gets none.
    """
    return {"lang": lang} if site is Site.HUGO else {"lang": lang, "translationKey": slug}


_GONE = "\ue002"  # stands for a unit left out, until the lines holding only it are removed
# a line that holds nothing but a unit left out, behind its block's markers: a list item's
# bullet or number, block-quote '>', a footnote definition's label
_GONE_LINE = re.compile(
    rf"^[ \t>]*(?:(?:[-*+]|\d{{1,9}}[.)])[ \t]*)?(?:\[\^[^\]\s]+\]:[ \t]*)?{_GONE}[ \t]*(?:\n|\Z)",
    re.MULTILINE)
_REFERENCE = re.compile(r"( ?)\[\^([^\]\s]+)\](?!:)")  # with the space before it, if any


def _without_omitted(document: Document, texts: list[str],
                     outcomes: list[UnitOutcome]) -> str:
    """The article with the units left out (empty `texts`) gone, and what only they held: the
    lines of their list items, block quotes and footnote definitions, the references to a
    footnote left out, and a footnote whose references were all left out (`outcomes` says so
    for it). `texts` and `outcomes` are changed in place."""
    segments = document.segments
    gone = {k for k, outcome in enumerate(outcomes) if outcome.used is Used.OMITTED}
    while True:
        dropped = {segments[k].detail for k in gone if segments[k].kind is SegmentKind.FOOTNOTE}
        for k, text in enumerate(texts):
            if k not in gone and "[^" in text:
                texts[k] = _without_references(text, dropped)
        referenced = {m.group(2) for k, text in enumerate(texts) if k not in gone
                      for m in _REFERENCE.finditer(text)}
        orphans = {k for k, segment in enumerate(segments)
                   if k not in gone and segment.kind is SegmentKind.FOOTNOTE
                   and not segment.unreferenced and segment.detail not in referenced}
        if not orphans:
            break
        for k in orphans:
            outcomes[k] = UnitOutcome(outcomes[k].index, outcomes[k].line, Used.OMITTED,
                                      "its references were left out")
        gone |= orphans
    body = assemble(document, [_GONE if k in gone else text for k, text in enumerate(texts)])
    body = _GONE_LINE.sub("", body).replace(_GONE, "")
    return re.sub(r"\n{3,}", "\n\n", body)


def _without_references(text: str, labels: set[str]) -> str:
    """The text without its references to the footnotes `labels` (and a space before each)."""
    return _REFERENCE.sub(lambda m: "" if m.group(2) in labels else m.group(0), text)


def hidden(site: Site) -> dict[str, object]:
    """The front matter that keeps a draft edition off the site, as its generator reads it."""
    return {"published": False} if site is Site.JEKYLL else {"draft": True}


def _tally(document: Document, translations: Translations, source_words: int,
           final_words: int) -> Tally:
    """The counts the verdict reads, for the units of the edition being built: a paragraph
    the catalog does not have yet (no sync since the English changed) is in English too."""
    untranslated = fuzzy = critical = unreviewed = 0
    for segment in document.segments:
        translation = translations.get(segment.text)
        if translation is None:
            untranslated += 1
        elif translation.fuzzy:
            fuzzy += 1
            critical += translation.critical
        elif not translation.reviewed:
            unreviewed += 1
    return Tally(untranslated, fuzzy, critical, source_words, final_words, unreviewed)


def build_source(document: Document, *, slug: str, lang: str, editions: Sequence[str] = (),
                 site: Site = Site.PLAIN) -> BuiltArticle:
    """The source-language edition: the English texts themselves, all counted as done."""
    words = sum(len(s.text.split()) for s in document.segments)
    units = tuple(UnitOutcome(s.index, s.line, Used.TRANSLATION) for s in document.segments)
    fields = _identity(lang, slug, site)
    if editions:
        fields["editions"] = list(editions)
    text = add_front_matter(assemble(document, [s.text for s in document.segments]), fields)
    return BuiltArticle(slug, lang, text, units, words, words, False, False, 0.0)


def add_front_matter(text: str, fields: dict[str, object]) -> str:
    """Set top-level front-matter keys (replacing existing ones), creating the block if needed;
    a TOML or JSON front matter gets them in its own syntax."""
    other = set_fields(text, fields)
    if other is not None:
        return other
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


def front_matter_value(text: str, key: str) -> str:
    """A top-level string value of a built article's front matter ('' when absent)."""
    value = read_fields(text).get(key)
    return value if isinstance(value, str) else ""


def editions_of(results: Sequence[BuiltArticle], source_language: str) -> tuple[str, ...]:
    """The editions of an article for its front matter: the source, then the final ones."""
    finals = {r.lang for r in results if r.state is Edition.FINAL} - {source_language}
    return (source_language, *sorted(finals))
