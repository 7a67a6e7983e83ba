"""TMX 1.4, the memory format every CAT tool reads, with translate-toolkit's storage class.

A language's memory is its translated entries, obsolete ones included (a translation is worth
keeping after its paragraph left the article), one translation unit per entry: transkit's units
are paragraphs, so the header says `segtype="paragraph"`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import polib

from ... import __version__
from ...errors import ExchangeError
from ..languages import primary_language
from ..po.catalog import has_translation
from .xmlstore import parse_store


@dataclass(frozen=True)
class Pair:
    """One English unit and its translation."""

    source: str
    target: str


def memory_pairs(catalog: polib.POFile) -> Iterator[Pair]:
    """The translated (not fuzzy) entries of a catalog, obsolete ones included."""
    for entry in catalog:
        if (entry.msgid and not entry.msgid_plural and has_translation(entry)
                and "fuzzy" not in entry.flags):
            yield Pair(entry.msgid, entry.msgstr)


def memory_to_tmx(pairs: Iterable[Pair], *, source_language: str, target_language: str) -> str:
    """A TMX document with one unit per distinct pair, in the order given."""
    from translate.storage.tmx import tmxfile

    store: Any = tmxfile(sourcelanguage=source_language, targetlanguage=target_language)
    header = store.document.getroot().find(store.namespaced("header"))
    header.set("creationtool", "transkit")
    header.set("creationtoolversion", __version__)
    header.set("segtype", "paragraph")
    for pair in dict.fromkeys(pairs):
        store.addtranslation(pair.source, source_language, pair.target, target_language)
    return bytes(store).decode("utf-8")


@dataclass(frozen=True)
class TmxUnit:
    """A translation unit of a TMX file, in the languages asked for."""

    source: str
    target: str
    line: int


def read_tmx(data: bytes, *, path: str, source_language: str,
             target_language: str) -> list[TmxUnit]:
    """The units of a TMX file that have both languages (by primary code: 'de-DE' is 'de');
    malformed XML or another format is an ExchangeError with the line, and so is a memory with
    no text at all in one of the two languages (it names the languages the file has)."""
    from translate.storage.tmx import tmxfile

    store = parse_store(tmxfile, data, path=path, root="tmx", what="a TMX file",
                        error=ExchangeError)
    source_language = primary_language(source_language)
    target_language = primary_language(target_language)
    units = []
    languages: set[str] = set()
    for unit in store.units:
        texts = _texts(store, unit)
        languages.update(code for code, text in texts.items() if text)
        source, target = texts.get(source_language), texts.get(target_language)
        if source and target:
            units.append(TmxUnit(source, target, unit.xmlelement.sourceline or 0))
    others = sorted(languages - {source_language})
    for wanted, what in ((target_language, "the language to import"),
                         (source_language, "the project's source language")):
        if wanted not in languages:
            has = ", ".join(sorted(languages)) or "none"
            hint = (f"import it as one of those ('transkit import {others[0]} FILE')"
                    if others and wanted == target_language
                    else "check that it is the memory you meant")
            raise ExchangeError(f"has no text in '{wanted}' ({what}); its languages are "
                                f"{has}; {hint}", path=path,
                                line=store.document.getroot().sourceline)
    return units


def _texts(store: Any, unit: Any) -> dict[str, str]:
    """The first text of each language of a unit (tuv's xml:lang, or the old lang)."""
    out: dict[str, str] = {}
    for tuv in unit.xmlelement.iterchildren(store.namespaced("tuv")):
        code = tuv.get("{http://www.w3.org/XML/1998/namespace}lang") or tuv.get("lang") or ""
        seg = tuv.find(store.namespaced("seg"))
        if seg is not None:
            out.setdefault(primary_language(code), str(seg.xpath("string()")))
    return out
