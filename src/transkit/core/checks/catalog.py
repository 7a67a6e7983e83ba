"""The checks that are not of one pair: of an entry, a catalog, an article, an edition, the
whole project, and a file that cannot be read.

Each is one function registered with `core.checks.registry.check` under its scope; it is handed
its scope's subject (`core.checks.model`) and yields `Flag`s, and `core.checks.run` makes them
findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

import polib

from ..languages import gettext_code, plural_forms, primary_language
from ..po.entries import fold
from ..po.lines import field_line
from ..report.model import Edition
from ..source.markup import heading_id
from ..source.model import UNREFERENCED, SegmentKind
from ..sync.model import TranslatedUnit
from ..sync.update import in_step
from .model import CatalogSubject, EditionSubject, Gate, Level, ProjectSubject, Unreadable
from .pairs import link_targets
from .registry import CheckId, Flag, Scope, Silence, check

# --- a file -----------------------------------------------------------------------------------


@check(
    CheckId.VALIDITY,
    scope=Scope.FILE,
    severity=Level.ERROR,
    silence=Silence.NONE,
    description="every source and catalog can be read (UTF-8, gettext's PO grammar, front "
    "matter); a file that cannot be read stops what depends on it, and check exits 2",
    hint="fix the file; what depends on it was not checked",
)
def validity(subject: Unreadable) -> Iterator[Flag]:
    yield Flag(subject.problem.message, path=subject.problem.path or "",
               line=subject.problem.line)


# --- one catalog and its article --------------------------------------------------------------


@check(
    CheckId.FRESHNESS,
    scope=Scope.ARTICLE,
    severity=Level.ERROR,
    silence=Silence.NONE,
    description="the catalog exists and holds the units of its English article: a sync "
    "would add, remove, change or move none",
    hint="run 'transkit sync' and commit the catalogs",
)
def freshness(subject: CatalogSubject) -> Iterator[Flag]:
    if subject.catalog is None:
        yield Flag("the catalog does not exist", hint="run 'transkit sync'")
        return
    # stale (CatalogSync.stale) without laying the catalog out: for a catalog that exists, a
    # change of units is a change of its text; a catalog in step needs no sync to say so, and
    # one known in step (`known_in_step`: a sync wrote these bytes from the article's, and a
    # second sync changes nothing) no reading of its article either
    if subject.document is None or subject.resync is None:
        return
    if in_step(subject.catalog, subject.document):
        return
    stats = subject.resync()
    if stats.content_changed:
        yield Flag("the catalog is out of step with its source; a sync would change its units "
                   f"({stats.describe()})")


_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


@check(
    CheckId.HEADER,
    scope=Scope.CATALOG,
    severity=Level.WARNING,
    description="the header's Language and Plural-Forms are the catalog's language's: editors "
    "and msgfmt go by the header (spell checking, plural forms), not by the folder",
    hint="set the header's Language and Plural-Forms for the catalog's language",
)
def header(subject: CatalogSubject) -> Iterator[Flag]:
    catalog, lang, lines = subject.catalog, subject.lang, subject.lines
    if catalog is None:
        return
    declared = catalog.metadata.get("Language", "").strip()
    if declared and primary_language(declared) != primary_language(lang):
        yield Flag(f"the header says Language: {declared}, but this is the {lang} catalog",
                   hint=f"set 'Language: {gettext_code(lang)}' in the header",
                   line=field_line(lines, "Language") or 1)
    plurals = _NPLURALS.search(catalog.metadata.get("Plural-Forms", ""))
    expected = _NPLURALS.search(plural_forms(lang))
    if plurals and expected and plurals.group(1) != expected.group(1):
        yield Flag(f"the header's Plural-Forms has nplurals={plurals.group(1)}; {lang} "
                   f"has {expected.group(1)}",
                   hint=f"set 'Plural-Forms: {plural_forms(lang)}' in the header",
                   line=field_line(lines, "Plural-Forms") or 1)


@dataclass(frozen=True)
class _Headings:
    """The ids of a page's headings: the English page's, and the translated page's."""

    english: dict[str, str]  # id on the English page -> the heading's English text
    translated: frozenset[str]  # every id the translated page has (and ids set in HTML)
    renamed: dict[str, str]  # the English id of a translated heading -> its translated id


_EXPLICIT_ID = re.compile(r"^[ \t]*\{:?[^{}\n]*?#([\w:.-]+)")
_HTML_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""")
_last_headings: list[tuple[CatalogSubject, _Headings]] = []


def _numbered(ids: list[str]) -> list[str]:
    """Ids as Hugo gives them on one page: the second "usage" is "usage-1"."""
    seen: dict[str, int] = {}
    out = []
    for heading in ids:
        count = seen.get(heading, 0)
        seen[heading] = count + 1
        out.append(heading if not count else f"{heading}-{count}")
    return out


def _headings(subject: CatalogSubject) -> _Headings:
    """The heading ids of a catalog's English page and of its translated page (computed once
    per catalog): a heading's explicit id (`{#id}`) on both, else Hugo's id of its English
    text on the one and of its translation on the other (of the English where it has none,
    and of either where it is fuzzy: a build with --allow-fuzzy shows the translation)."""
    for known, found in _last_headings:
        if known is subject:
            return found
    catalog, document = subject.catalog, subject.article_document()
    entries = {e.msgid: e for e in catalog or () if not e.obsolete and e.msgid}
    english: list[str] = []
    translated: list[list[str]] = []
    texts: list[str] = []
    html: set[str] = set()
    headings: list[tuple[str, str | None]] = []  # (English text, explicit id)
    if document is not None:
        skeleton = document.skeleton
        for i, part in enumerate(skeleton):
            if isinstance(part, str):
                html.update(_HTML_ID.findall(part))
                continue
            segment = document.segments[part.index]
            if segment.kind != SegmentKind.HEADING:
                continue
            after = skeleton[i + 1] if i + 1 < len(skeleton) else ""
            given = _EXPLICIT_ID.match(after) if isinstance(after, str) else None
            headings.append((segment.text, given.group(1) if given else None))
    else:  # the catalog alone: its entries labelled as headings
        headings = [(e.msgid, None) for e in entries.values()
                    if any(line.startswith("heading ") for line in (e.comment or "").split("\n"))]
    for text, explicit in headings:
        entry = entries.get(text)
        if explicit:
            english.append(explicit)
            translated.append([explicit])
            texts.append(text)
            continue
        english.append(heading_id(text))
        shown = [text]
        if entry is not None and entry.msgstr:
            shown = [entry.msgstr, text] if "fuzzy" in entry.flags else [entry.msgstr]
        translated.append([heading_id(t) for t in shown])
        texts.append(text)
    for entry in entries.values():
        for text in (entry.msgid, entry.msgstr):
            if "id" in text or "name" in text:
                html.update(_HTML_ID.findall(text))
    numbered_english = _numbered(english)
    firsts = _numbered([ids[0] for ids in translated])
    others = [ids[1] for ids in translated if len(ids) > 1]
    found = _Headings(
        english=dict(zip(numbered_english, texts, strict=True)),
        translated=frozenset([*firsts, *others, *html]),
        renamed={en: tr for en, tr in zip(numbered_english, firsts, strict=True) if en != tr},
    )
    _last_headings[:] = [(subject, found)]
    return found


@check(
    CheckId.ANCHORS,
    scope=Scope.ENTRY,
    severity=Level.ERROR,
    description="an in-page link of a translation (`#id`) points at an id the translated page "
    "has: Hugo's id of a translated heading (lower case, spaces to hyphens, punctuation "
    "dropped: `## Adressen` is #adressen), a heading's own {#id}, or an id set in HTML",
    hint="point the link at the id of the heading on the translated page, or give the heading "
    "an id of its own ({#id} after the English heading)",
)
def anchors(entry: polib.POEntry, subject: CatalogSubject) -> Iterator[Flag]:
    if not entry.msgid or not entry.msgstr or "fuzzy" in entry.flags or "](#" not in entry.msgstr:
        return
    wanted = [unquote(t[1:]) for t in link_targets(entry.msgstr) if t.startswith("#")]
    if not wanted:
        return
    page = _headings(subject)
    english = {unquote(t[1:]) for t in link_targets(entry.msgid) if t.startswith("#")}
    for anchor in wanted:
        if anchor in page.translated:
            continue
        if anchor in english and anchor not in page.english:
            continue  # as the English has it, an id the page gets from elsewhere (its theme)
        if anchor in page.renamed:
            yield Flag(f"the anchor #{anchor} is no heading of the translated page: the heading "
                       f"“{page.english[anchor]}” is #{page.renamed[anchor]} there",
                       entry=entry)
        else:
            yield Flag(f"the anchor #{anchor} is no heading of the translated page (nor an id "
                       "set in HTML)", entry=entry)


_UNREFERENCED_LABEL = re.compile(rf"^footnote (\S+) \({re.escape(UNREFERENCED)}\)$", re.M)


@check(
    CheckId.FOOTNOTE_UNREFERENCED,
    scope=Scope.ENTRY,
    severity=Level.WARNING,
    # the English's problem, the same in every language: a translator cannot excuse it
    silence=Silence.NONE,
    description="every footnote definition of the English is referred to in its text (the "
    "definition is offered for translation all the same, but a reader never gets to it)",
    hint="add [^n] where the note belongs, or remove the definition from the English",
)
def footnote_unreferenced(entry: polib.POEntry, subject: CatalogSubject) -> Iterator[Flag]:
    if not entry.comment or UNREFERENCED not in entry.comment:
        return
    for label in _UNREFERENCED_LABEL.findall(entry.comment):
        for source, line in entry.occurrences[:1]:
            # the finding is the source's, so it is the same in every language
            yield Flag(f"the footnote [^{label}] is defined, but the text never refers to it",
                       hint=f"add [^{label}] where the note belongs, or remove the definition",
                       path=source, line=int(line) if str(line).isdigit() else None,
                       language="")


# --- one edition ------------------------------------------------------------------------------


@check(
    CheckId.COMPLETENESS,
    scope=Scope.EDITION,
    severity=Level.ERROR,
    silence=Silence.NONE,
    gates=(Gate.PUBLISH,),
    description="every edition is final (the verdict), and where the project asks for it "
    "(thresholds, --min-translated) enough of its entries are translated; publish gate only",
    hint="translate the open entries ('transkit todo LANG ARTICLE')",
)
def completeness(subject: EditionSubject) -> Iterator[Flag]:
    status = subject.status
    if status.missing:
        return  # the freshness gate says so
    todo = f"translate the open entries ('transkit todo {status.language} {status.article}')"
    if status.edition is not Edition.FINAL:
        hint = todo
        if not (status.untranslated or status.fuzzy):  # only errors of other checks
            hint = ("fix the errors found in the edition, or silence one on its entry with the "
                    "translator comment '# transkit-ignore-<id>'")
        yield Flag(f"the edition would be {status.edition.value}, not final: "
                   + ", ".join(status.reasons), hint=hint)
    if status.percent + 1e-9 < subject.entries:
        yield Flag(
            f"{status.percent:.1f}% of the entries translated ({status.translated} of "
            f"{status.total}; {status.fuzzy} fuzzy, {status.untranslated} untranslated), below "
            f"the {subject.entries:g}% required", hint=todo)


# --- the project ------------------------------------------------------------------------------


@check(
    CheckId.CONSISTENCY,
    scope=Scope.PROJECT,
    severity=Level.WARNING,
    # silenced entries are left out of the units compared (core.sync.memory.unit_keys)
    silence=Silence.ENTRY,
    description="the same English unit is translated the same way in every article of a "
    "language",
    hint="use one translation for the same English (the translation memory fills new units "
    "with it), unless the context calls for another",
)
def consistency(subject: ProjectSubject) -> Iterator[Flag]:
    """At each live unit whose English is translated otherwise elsewhere in its language
    (whitespace aside), the other places."""
    groups: dict[tuple[str, str], list[TranslatedUnit]] = {}
    for unit in subject.units:
        groups.setdefault((unit.lang, fold(unit.english)), []).append(unit)
    for group in groups.values():
        group.sort(key=lambda u: (u.path, u.line))
        for unit in group:
            others = [o for o in group if fold(o.target) != fold(unit.target)]
            if not others:
                continue
            more = f" and {len(others) - 1} other place(s)" if len(others) > 1 else ""
            yield Flag(f"the same English is translated differently in {others[0].path}:"
                       f"{others[0].line}{more}", path=unit.path, line=unit.line,
                       article=unit.article, language=unit.lang)


@check(
    CheckId.ORPHAN,
    scope=Scope.PROJECT,
    severity=Level.WARNING,
    silence=Silence.NONE,
    description="every catalog has its English article: a catalog left behind by a renamed or "
    "withdrawn article is used by no sync or build (checked when no articles are named)",
    hint="rename the catalog after a renamed article and run 'transkit sync', or "
    "delete it if the article was withdrawn: its translations exist only here",
)
def orphan(subject: ProjectSubject) -> Iterator[Flag]:
    for orphaned in subject.orphans:
        yield Flag(f"no source article '{orphaned.article}' in {orphaned.sources}",
                   path=orphaned.path, article=orphaned.article, language=orphaned.lang)
