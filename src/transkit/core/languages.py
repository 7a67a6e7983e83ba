"""Language codes: their English names and plural forms, from translate-toolkit's table."""

from __future__ import annotations

from translate.lang import data as langdata


def language_name(code: str) -> str | None:
    """The English name of a gettext language code, or None when the code is unknown."""
    entry = langdata.languages.get(code)
    return str(entry[0]) if entry else None


def plural_forms(code: str) -> str:
    """The Plural-Forms header value for a language, from translate-toolkit's table."""
    entry = langdata.languages.get(code) or langdata.languages.get(code.split("_")[0])
    if not entry:
        return "nplurals=2; plural=(n != 1);"
    return f"nplurals={entry[1]}; plural={entry[2]};"


def primary_language(code: str | None) -> str:
    """The language of a tag such as 'de-DE' or 'hy_AM' ('de', 'hy'), as XML files write it."""
    return (code or "").replace("_", "-").split("-")[0].lower()


# The script each language is written in, where it is not the Latin alphabet: `import` counts
# and aligns by it (Latin-script words in a Cyrillic text are names, code and terms).
_SCRIPTS = {
    "Cyrillic": ("ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "tg", "mn", "tt", "ba", "cv"),
    "Armenian": ("hy",),
    "Greek": ("el",),
    "Georgian": ("ka",),
    "Hebrew": ("he", "yi"),
    "Arabic": ("ar", "fa", "ur", "ps"),
}


def script_of(code: str) -> str:
    """The Unicode script a language is written in ('Cyrillic' for ru), 'Latin' by default."""
    base = code.replace("-", "_").split("_")[0].lower()
    return next((name for name, codes in _SCRIPTS.items() if base in codes), "Latin")
