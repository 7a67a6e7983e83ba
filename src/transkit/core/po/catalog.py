"""Small, named queries and header rules for one catalog (a polib.POFile)."""

from __future__ import annotations

import polib

from ..languages import gettext_code, language_name, plural_forms

# Header fields sync owns; every other field (Last-Translator, PO-Revision-Date, ...) belongs to
# the translator's editor and is never touched.
REQUIRED_FIELDS = ("MIME-Version", "Content-Type", "Content-Transfer-Encoding")


def empty_catalog() -> polib.POFile:
    """A catalog with no header and no entries. It has no page width of its own: every catalog
    is laid out at the project's `wrap_width` when it is written (`store.catalogs`)."""
    return polib.POFile(check_for_duplicates=False)


def empty_like(catalog: polib.POFile) -> polib.POFile:
    """An empty catalog with `catalog`'s header: its comment, a copy of its fields, and whether
    it is fuzzy. `catalog` is left as it was."""
    out = empty_catalog()
    out.header = catalog.header
    out.metadata = dict(catalog.metadata)
    out.metadata_is_fuzzy = catalog.metadata_is_fuzzy
    return out


def new_catalog(*, lang: str, project: str, slug: str, title: str) -> polib.POFile:
    """An empty catalog with a complete, deterministic header (no dates that would churn)."""
    catalog = empty_catalog()
    name = language_name(lang) or lang
    catalog.header = (
        f"{name} translation of “{title}”.\n"
        f"This file is distributed under the same license as the {project} articles.\n"
        "It is kept in step with the English by 'transkit sync'."
    )
    catalog.metadata = {
        "Project-Id-Version": f"{project} {slug}",
        "Report-Msgid-Bugs-To": "",
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": name,
        "Language": gettext_code(lang),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang),
        "X-Generator": "transkit",
    }
    return catalog


def with_complete_header(catalog: polib.POFile, *, lang: str) -> polib.POFile:
    """The catalog with the header fields gettext tools need added where it lacks them.

    The catalog given is left as it was; the result shares its entries.
    """
    out = empty_like(catalog)
    defaults = {
        "Language": gettext_code(lang),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang),
    }
    for key, value in defaults.items():
        if not out.metadata.get(key):
            out.metadata[key] = value
    out.extend(catalog)
    return out


def has_translation(entry: polib.POEntry) -> bool:
    """True when the entry holds a translation (fuzzy or not)."""
    if entry.msgid_plural:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def is_translated(entry: polib.POEntry) -> bool:
    """Counted as translated the way gettext counts: a translation and no fuzzy flag."""
    return has_translation(entry) and "fuzzy" not in entry.flags and not entry.obsolete


def is_fuzzy(entry: polib.POEntry) -> bool:
    """Counted as fuzzy the way gettext counts: the flag set on an entry that has a translation."""
    return "fuzzy" in entry.flags and has_translation(entry) and not entry.obsolete
