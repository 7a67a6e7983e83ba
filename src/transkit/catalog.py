"""Small, named queries and header rules for one catalog (a polib.POFile)."""

from __future__ import annotations

import polib

from .config import language_name, plural_forms

# Header fields sync owns; every other field (Last-Translator, PO-Revision-Date, ...) belongs to
# the translator's editor and is never touched.
REQUIRED_FIELDS = ("MIME-Version", "Content-Type", "Content-Transfer-Encoding")


def new_catalog(*, lang: str, project: str, slug: str, title: str) -> polib.POFile:
    """An empty catalog with a complete, deterministic header (no dates that would churn)."""
    catalog = polib.POFile(wrapwidth=79, check_for_duplicates=False)
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
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang),
        "X-Generator": "transkit",
    }
    return catalog


def complete_header(catalog: polib.POFile, *, lang: str) -> None:
    """Add the header fields gettext tools need where a catalog lacks them (in place)."""
    meta = catalog.metadata
    defaults = {
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang),
    }
    for key, value in defaults.items():
        if not meta.get(key):
            meta[key] = value


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


def active_entries(catalog: polib.POFile) -> list[polib.POEntry]:
    """Entries that are neither the header nor obsolete."""
    return [e for e in catalog if not e.obsolete and not (e.msgid == "" and e.msgctxt is None)]


def translations(catalog: polib.POFile, *, allow_fuzzy: bool = False) -> dict[str, str]:
    """English -> translation for the entries a build may use."""
    out: dict[str, str] = {}
    for entry in active_entries(catalog):
        if entry.msgid_plural or entry.msgctxt is not None:
            continue
        if is_translated(entry) or (allow_fuzzy and is_fuzzy(entry)):
            out[entry.msgid] = entry.msgstr
    return out
