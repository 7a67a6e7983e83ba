"""Language codes: what is one, its English name and plural forms, and its gettext form.

A project names its languages in BCP 47, as web pages and site generators do: a language
(`de`, `hy`), optionally with a script (`sr-Latn`) and a region (`pt-BR`, `de-AT`, `es-419`);
`de_DE` and `PT-br` are read as `de-DE` and `pt-BR`. The language must be in translate-toolkit's
table, which gives its name and plural forms (a regional code takes its own entry where the
table has one, `pt_BR`, and its language's otherwise); the region must be an ISO 3166 country
(or the UN area 419) and the script an ISO 15924 script (`core.regions`).

Catalogs are gettext's: their folder and their `Language` header spell the code as gettext's
`msginit --locale` writes it, `ll_CC@modifier` (`pt_BR`, `sr@latin`, `sr_RS@latin`), which
Poedit and Weblate read; see `gettext_code`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from translate.lang import data as langdata

from ..errors import UsageError
from .regions import REGIONS, SCRIPTS

_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|[0-9]{3}))?"
                  r"(?:@([a-z]+))?")
# the scripts glibc and gettext name by a locale modifier (sr_RS@latin, uz_UZ@cyrillic)
_MODIFIERS = {"Latn": "latin", "Cyrl": "cyrillic", "Deva": "devanagari"}
_SUBTAGS = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*")

# Codes that are valid but often typed for another language: (what it is, the other language
# and its code). Each gets a note or a hint naming both.
_MISTAKEN = {
    "am": "Armenian is hy",
    "se": "Swedish is sv",
    "br": "Brazilian Portuguese is pt-BR",
}

# What is typed for a language but is not a language code: a country's code, or a code ISO
# has withdrawn.
_NOT_CODES = {
    "ua": "uk", "cz": "cs", "dk": "da", "gr": "el", "jp": "ja", "kr": "ko", "cn": "zh-CN",
    "ee": "et", "gb": "en-GB", "us": "en-US", "rs": "sr", "by": "be", "ge": "ka", "vn": "vi",
    "iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro", "sh": "sr-Latn",
}
_WITHDRAWN = {"iw", "in", "ji", "jw", "mo", "sh"}


@dataclass(frozen=True)
class Tag:
    """A language code's parts: `pt-BR` is ("pt", "", "BR"), `sr-Latn` ("sr", "Latn", "")."""

    language: str
    script: str = ""
    region: str = ""

    def __str__(self) -> str:
        return "-".join(part for part in (self.language, self.script, self.region) if part)


def parse(code: str) -> Tag | None:
    """The parts of a code written in BCP 47 or gettext's form, in their canonical case
    (`DE_de` is de-DE); None when it is not one."""
    match = _TAG.fullmatch(code.strip())
    if not match:
        return None
    language, script, region, modifier = match.groups()
    if modifier is not None:  # gettext's form of a script: sr@latin
        script = next((s for s, m in _MODIFIERS.items() if m == modifier), None)
        if script is None or match.group(2):
            return None
    return Tag(language.lower(), (script or "").title(), (region or "").upper())


def normalize(code: str) -> str:
    """A code as the project spells it: BCP 47's form and case (`de_de` is `de-DE`); a code of
    translate-toolkit's table with a gettext variant (`ca@valencia`) as it is."""
    tag = parse(code)
    return str(tag) if tag is not None else code.strip()


def gettext_code(code: str) -> str:
    """A code as gettext spells it in a catalog's `Language` header, and as `msginit` names the
    catalog: `pt_BR`, `de`, a script as glibc's modifier (`sr@latin`, `sr_RS@latin`); a script
    glibc has no modifier for as Weblate writes it (`zh_Hans`)."""
    if code in langdata.languages:
        return code
    tag = parse(code)
    if tag is None:
        return code
    modifier = _MODIFIERS.get(tag.script)
    if modifier is not None:
        return "_".join(p for p in (tag.language, tag.region) if p) + "@" + modifier
    return "_".join(p for p in (tag.language, tag.script, tag.region) if p)


def _entry(code: str) -> tuple[str, int, str] | None:
    """translate-toolkit's entry for a code: its own (pt_BR), else its language's (pt)."""
    table = langdata.languages
    found = table.get(code) or table.get(gettext_code(code))
    if found:
        return found
    tag = parse(code)
    return table.get(tag.language) if tag is not None else None


def _base_name(language: str) -> str | None:
    """The English name of a language subtag; a language the table knows only by its regional
    entries (zh: zh_CN, zh_TW) is known all the same."""
    entry = langdata.languages.get(language)
    if entry:  # "Spanish; Castilian": the first of its names
        return str(entry[0]).split(";")[0]
    regional = sorted(k for k in langdata.languages if k.startswith(language + "_"))
    if regional:
        return str(langdata.languages[regional[0]][0]).split(" (")[0]
    return None


def language_name(code: str) -> str | None:
    """The English name of a language code ('Portuguese (Brazil)', 'Serbian (Latin)'), in
    either form; None when it is not a known code."""
    exact = langdata.languages.get(code) or langdata.languages.get(gettext_code(code))
    if exact:
        return str(exact[0])
    if problem(code) is not None:
        return None
    tag = parse(code)
    assert tag is not None
    name = _base_name(tag.language)
    details = [SCRIPTS[tag.script] if tag.script else "", REGIONS[tag.region] if tag.region
               else ""]
    shown = ", ".join(d for d in details if d)
    return f"{name} ({shown})" if shown else name


def problem(code: str) -> str | None:
    """Why a code is not a language code transkit knows, with what to write instead; None
    when it is one."""
    if code in langdata.languages:
        return None
    tag = parse(code)
    if tag is None:
        if not _SUBTAGS.fullmatch(code.strip()):
            return (f"'{code}' is not a language code; write a code such as 'de', 'pt-BR' or "
                    "'sr-Latn'")
        return (f"'{code}' is not a language code of the form language-Script-REGION; write "
                "'de', 'de-AT', 'sr-Latn' or 'zh-Hans-CN'")
    if tag.language in _NOT_CODES and (tag.language in _WITHDRAWN
                                       or _base_name(tag.language) is None):
        instead = _NOT_CODES[tag.language]
        why = (f"the withdrawn code of {language_name(instead)}" if tag.language in _WITHDRAWN
               else f"{tag.language.upper()} is the country code of "
               f"{REGIONS.get(tag.language.upper(), tag.language.upper())}")
        return (f"'{code}' is not a language code ({why}); "
                f"{language_name(instead)} is {instead}")
    if _base_name(tag.language) is None:
        return (f"'{code}' is not a known language code; use an ISO 639 code such as 'de', "
                "'ru' or 'hy' (with a region if needed: 'pt-BR')")
    if tag.script and tag.script not in SCRIPTS:
        return (f"'{code}': '{tag.script}' is not a script (ISO 15924); write one such as "
                f"'{tag.language}-Latn' or '{tag.language}-Cyrl'")
    if tag.region and tag.region not in REGIONS:
        hint = " (the United Kingdom is GB)" if tag.region == "UK" else ""
        return (f"'{code}': '{tag.region}' is not a region{hint}; write a country code "
                f"(ISO 3166) such as '{tag.language}-{_example_region(tag.language)}'")
    return None


def _example_region(language: str) -> str:
    regional = sorted(k for k in langdata.languages if k.startswith(language + "_"))
    return regional[0].split("_")[1] if regional else language.upper()


def mistaken(code: str) -> str | None:
    """For a valid code often typed for another language, a note naming both ("am is
    Amharic; Armenian is hy"); None for any other code."""
    tag = parse(code)
    if tag is None or tag.language not in _MISTAKEN or tag.script or tag.region:
        return None
    return f"{tag.language} is {_base_name(tag.language)}; {_MISTAKEN[tag.language]}"


def plural_forms(code: str) -> str:
    """The Plural-Forms header value for a language, from translate-toolkit's table: the
    code's own entry (pt_BR), else its language's (de for de-AT)."""
    entry = _entry(code)
    if not entry:
        regional = sorted(k for k in langdata.languages if k.startswith(
            (parse(code) or Tag(code)).language + "_"))
        entry = langdata.languages[regional[0]] if regional else None
    if not entry:
        return "nplurals=2; plural=(n != 1);"
    return f"nplurals={entry[1]}; plural={entry[2]};"


def primary_language(code: str | None) -> str:
    """The language of a tag such as 'de-DE', 'hy_AM' or 'sr@latin' ('de', 'hy', 'sr'), as
    XML files write it."""
    return re.split("[-_@]", code or "")[0].lower()


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


_SCRIPT_NAMES = {"Latn": "Latin", "Cyrl": "Cyrillic", "Armn": "Armenian", "Grek": "Greek",
                 "Geor": "Georgian", "Hebr": "Hebrew", "Arab": "Arabic"}


def script_of(code: str) -> str:
    """The Unicode script a language is written in ('Cyrillic' for ru), 'Latin' by default;
    a script subtag says so itself (sr-Latn is Latin)."""
    tag = parse(code)
    if tag is not None and tag.script in _SCRIPT_NAMES:
        return _SCRIPT_NAMES[tag.script]
    base = code.replace("-", "_").split("_")[0].lower()
    return next((name for name, codes in _SCRIPTS.items() if base in codes), "Latin")


def project_language(code: str, *, source: str, languages: Sequence[str],
                     config_name: str = "transkit.toml") -> str:
    """The project's language a user named (`DE`, `pt_br`), as the project spells it; else a
    usage error that says what to do: the source language is not a translation, a language
    the project does not have is added in the configuration, a mistaken code is named."""
    wanted = normalize(code)
    known = {c.lower(): c for c in languages}
    if wanted.lower() in known:
        return known[wanted.lower()]
    listed = ", ".join(languages)
    if wanted.lower() == source.lower():
        raise UsageError(f"{source} is the source language; the translations are {listed}")
    theirs = f"'{code}' is not one of the project's languages ({listed})"
    note = mistaken(wanted)
    if note is not None:
        raise UsageError(f"{theirs}: {note}")
    why = problem(wanted)
    tag = parse(wanted)
    if why is None and tag is not None:
        same = [c for c in languages if primary_language(c) == tag.language]
        if same:
            raise UsageError(f"{theirs}; did you mean {' or '.join(same)}?")
        name = language_name(wanted)
        raise UsageError(f"{wanted} ({name}) is not one of the project's languages ({listed}); "
                         f"to translate into {name}, add \"{wanted}\" to 'languages' in "
                         f"{config_name} and run 'transkit sync'")
    if tag is not None and tag.language in _NOT_CODES:  # ua: a country's code, Ukrainian uk
        raise UsageError(f"{theirs}: {why}")
    from rapidfuzz import process

    near = process.extractOne(wanted.lower(), list(known), score_cutoff=50)
    if near:
        raise UsageError(f"{theirs}; did you mean {known[near[0]]}?")
    raise UsageError(f"{theirs}, and {why}")
