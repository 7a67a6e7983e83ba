"""The glossary format: a CSV table (or a TBX termbase) -> a `Glossary`, strictly.

CSV: a header line naming the columns, `en` (the source language) first or anywhere, one column
per language of the project, and optionally `note`; then one term per line. Cells are separated
by commas, or by semicolons or tabs when the header is. A cell holds the
accepted translations separated by `|`; an empty cell accepts anything (the term is not checked
in that language). Excel's UTF-8 byte-order mark is accepted.

TBX is read with translate-toolkit: each `termEntry` is a term, its English `term`s the term
(several are synonyms), the `term`s of each project language the accepted translations, a
definition or note the note. Languages the project does not translate into are left out (a
termbase is usually shared), and terms marked deprecated are not accepted.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence

from ...errors import GlossaryError
from ..languages import normalize, primary_language
from .model import Glossary, Term

NOTE = "note"
SEPARATOR = "|"


def _header(
    row: list[str], *, path: str, source_language: str, languages: Sequence[str]
) -> list[str]:
    # a language's column may be spelled either way, any case: pt_BR, pt-br are pt-BR
    names = [name.strip() if name.strip() == NOTE else normalize(name) for name in row]
    example = ",".join([source_language, *languages, NOTE])
    if source_language not in names:
        raise GlossaryError(f"the header has no '{source_language}' column; the first line must "
                            f"name the columns, e.g. '{example}'", path=path, line=1)
    for name in names:
        if not name:
            raise GlossaryError(f"the header has an empty column name; the first line must "
                                f"name the columns, e.g. '{example}'", path=path, line=1)
        if name not in (source_language, NOTE, *languages):
            raise GlossaryError(
                f"column '{name}' is neither '{source_language}', a language of the project "
                f"({', '.join(languages)}) nor '{NOTE}'; rename or remove the column",
                path=path, line=1)
        if names.count(name) > 1:
            raise GlossaryError(f"the header names column '{name}' twice; remove one",
                                path=path, line=1)
    return names


def _delimiter(header: str) -> str:
    """',' unless the header is separated by ';' (spreadsheets in many European locales save
    CSV so) or tabs."""
    return max((",", ";", "\t"), key=header.count)


def _rows(text: str, path: str) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on; a broken quote is an error with its line."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines, strict=True, delimiter=_delimiter(lines[0] if lines else ""))
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as err:
        raise GlossaryError(f"is not valid CSV ({err}); quote a cell that holds a comma or a "
                            'quote, and double the quotes inside it ("")',
                            path=path, line=start) from err


def _alternatives(cell: str, *, column: str, path: str, line: int) -> tuple[str, ...]:
    if not cell.strip():
        return ()
    parts = [" ".join(part.split()) for part in cell.split(SEPARATOR)]
    if not all(parts):
        raise GlossaryError(f"column '{column}' has an empty translation between '|' "
                            "separators; remove the extra '|'", path=path, line=line)
    return tuple(dict.fromkeys(parts))


def parse_glossary_csv(
    text: str, *, path: str, source_language: str, languages: Sequence[str]
) -> Glossary:
    """Read a CSV glossary; a wrong header, an unknown column or a broken row is an error
    naming the file and the line."""
    rows = _rows(text.removeprefix("\ufeff"), path)
    first = next(rows, None)
    if first is None or not any(cell.strip() for cell in first[1]):
        raise GlossaryError(f"has no header; the first line must name the columns, e.g. "
                            f"'{','.join([source_language, *languages, NOTE])}'",
                            path=path, line=1)
    names = _header(first[1], path=path, source_language=source_language, languages=languages)
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if len(row) != len(names):
            raise GlossaryError(f"has {len(row)} cells where the header has {len(names)}; "
                                "quote a cell that holds a comma", path=path, line=line)
        cells = dict(zip(names, row, strict=True))
        source = " ".join(cells[source_language].split())
        if not source:
            raise GlossaryError(f"has no term in column '{source_language}'; fill it in or "
                                "delete the line", path=path, line=line)
        if source.lower() in seen:
            raise GlossaryError(f"the term '{source}' is already on line {seen[source.lower()]}; "
                                "merge the two lines", path=path, line=line)
        seen[source.lower()] = line
        targets = tuple(
            (lang, forms) for lang in languages if lang in cells
            if (forms := _alternatives(cells[lang], column=lang, path=path, line=line))
        )
        terms.append(Term(source, targets, " ".join(cells.get(NOTE, "").split()), line))
    return Glossary(path, tuple(terms))


# --- TBX --------------------------------------------------------------------------------------


def parse_glossary_tbx(
    data: bytes, *, path: str, source_language: str, languages: Sequence[str]
) -> Glossary:
    """Read a TBX termbase with translate-toolkit; malformed XML is an error with its line."""
    from translate.storage.tbx import tbxfile

    from ..exchange.xmlstore import parse_store  # lxml: only for a TBX glossary

    store = parse_store(tbxfile, data, path=path, root="martif",
                        what="a TBX termbase (<martif> … <termEntry>)", error=GlossaryError)
    terms: list[Term] = []
    for unit in store.units:
        line = unit.xmlelement.sourceline or 0
        by_lang: dict[str, list[str]] = {}
        for node in unit.getlanguageNodes():
            raw = node.get("{http://www.w3.org/XML/1998/namespace}lang") or store.sourcelanguage
            lang = normalize(raw or "")  # the project's code when it is one (pt_BR: pt-BR)
            if lang != source_language and lang not in languages:
                lang = primary_language(raw)
            if lang == source_language or lang in languages:
                by_lang.setdefault(lang, []).extend(
                    " ".join(t.text.split()) for t in unit.get_target_terms(raw)
                    if t.text.strip() and not t.deprecated)
        sources = by_lang.pop(source_language, [])
        if not sources:
            raise GlossaryError(f"the termEntry has no '{source_language}' term; add a "
                                f"<langSet xml:lang=\"{source_language}\"> with a <term>",
                                path=path, line=line)
        targets = tuple((lang, tuple(dict.fromkeys(by_lang[lang])))
                        for lang in languages if by_lang.get(lang))
        note = " ".join(" ".join(n.text.split()) for n in unit.get_common_notes(source=True)
                        if n.text.strip())
        terms.extend(Term(source, targets, note, line) for source in dict.fromkeys(sources))
    return Glossary(path, tuple(terms))
