"""Quality checks over (English, translation) pairs: a registry of small, named predicates.

Each check has an id, a severity, a description and one function that yields messages and never
raises (Weblate's shape). A translator silences one check on one entry with
a translator comment ``# transkit-ignore-<id>`` (or the flag ``#, transkit-ignore-<id>``, which
gettext's own tools drop).

Where translate-toolkit's pofilter checks fit our articles they are used as they are (URLs, e-mail
addresses, XML tags, escapes, line breaks, doubled words, whitespace at the ends). Its checks
that misfire on our languages are replaced: numbers (decimal commas, "22." ordinals, "22-ին"
suffixes), end punctuation (Armenian ends sentences with ``։``), quotes („…“ and «…»), and
questions (Armenian puts ``՞`` on the stressed vowel, not at the end).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

from .htmlblock import parse_complete
from .model import DEFAULT_SHORTCODE_PARAMETERS, Level
from .shortcode import differences as shortcode_differences
from .shortcode import find_tags

# (English, translation, language) -> messages; a check registered with `configured=True`
# also takes the project's CheckOptions as a fourth argument
CheckFunction = Callable[..., Iterator[str]]


@dataclass(frozen=True)
class CheckOptions:
    """What a project's configuration says about its checks."""

    shortcode_parameters: tuple[str, ...] = DEFAULT_SHORTCODE_PARAMETERS


@dataclass(frozen=True)
class Check:
    id: str
    severity: Level
    description: str
    function: CheckFunction
    hint: str
    configured: bool = False


REGISTRY: dict[str, Check] = {}


def check(
    check_id: str, *, severity: Level, description: str, hint: str, configured: bool = False
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under an id."""

    def register(function: CheckFunction) -> CheckFunction:
        REGISTRY[check_id] = Check(check_id, severity, description, function, hint, configured)
        return function

    return register


_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
_URL = re.compile(r"\bhttps?://[^\s)<>\]\"»“”]+")
_NUMBER = re.compile(r"\d+(?:[\u00a0\u202f\u2009 ]\d{3}(?!\d))*(?:[.,]\d+)*")
_CODE = re.compile(r"`+[^`]*`+")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)")


def _difference(want: Counter[str], got: Counter[str], sep: str) -> str:
    """'missing …; unexpected …' between what the English has and what the translation has."""
    def order(x: str) -> tuple[int, str]:
        return (len(x), x)  # "2" before "10"

    parts = []
    if missing := sorted((want - got).elements(), key=order):
        parts.append(f"missing {sep.join(missing)}")
    if extra := sorted((got - want).elements(), key=order):
        parts.append(f"unexpected {sep.join(extra)}")
    return "; ".join(parts)


@check(
    "footnote-refs",
    severity=Level.ERROR,
    description="footnote references must be kept exactly",
    hint="copy each [^n] from the English into the translation",
)
def footnote_refs(source: str, target: str, lang: str) -> Iterator[str]:
    want, got = Counter(_FOOTNOTE.findall(source)), Counter(_FOOTNOTE.findall(target))
    if want != got:
        yield "footnote references differ from the English: " + _difference(want, got, " ")


@check(
    "links",
    severity=Level.ERROR,
    description="link targets and URLs must be kept",
    hint="keep every (https://...) link target of the English unchanged",
)
def links(source: str, target: str, lang: str) -> Iterator[str]:
    def targets(text: str) -> Counter[str]:
        found = _LINK_TARGET.findall(text) + _URL.findall(_LINK_TARGET.sub("]()", text))
        return Counter(u.rstrip(".,;:") for u in found)

    want, got = targets(source), targets(target)
    if want != got:
        missing = sorted((want - got).elements())
        yield "link targets differ from the English" + (
            f": missing {', '.join(missing)}" if missing else ""
        )


def _numbers(text: str) -> Counter[str]:
    # Separators vary by language (1.5 / 1,5; 13,000 / 13 000), the digits do not.
    text = _FOOTNOTE.sub(" ", text)
    return Counter(re.sub(r"\D", "", n).lstrip("0") or "0" for n in _NUMBER.findall(text))


@check(
    "numbers",
    severity=Level.ERROR,
    description="numbers must be kept (decimal and thousands separators may change)",
    hint="check every number, date and year against the English",
)
def numbers(source: str, target: str, lang: str) -> Iterator[str]:
    want, got = _numbers(source), _numbers(target)
    if want != got:
        yield "numbers differ from the English: " + _difference(want, got, ", ")


class _Tags(HTMLParser):
    """The HTML tags of a text, as `<a>`, `</a>` and `<br/>`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found[f"<{tag}>"] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found[f"<{tag}/>"] += 1

    def handle_endtag(self, tag: str) -> None:
        self.found[f"</{tag}>"] += 1


def _html_tags(text: str) -> Counter[str]:
    """The HTML tags of a unit outside inline code and shortcodes (which have their own check)."""
    if "<" not in text:
        return Counter()
    for tag in reversed(find_tags(text)):
        text = text[: tag.start] + " " + text[tag.end :]
    parser = _Tags()
    try:
        parse_complete(parser, _CODE.sub(" ", text))
    except AssertionError:  # html.parser before 3.13 on `<![` that opens no section
        return Counter()  # not judged here; translate-toolkit's xmltags check still looks
    return parser.found


@check(
    "inline-markup",
    severity=Level.ERROR,
    description="inline code, emphasis markers and HTML tags must be kept",
    hint="keep `code` spans and <tags> as they are and balance * and _ as in the English",
)
def inline_markup(source: str, target: str, lang: str) -> Iterator[str]:
    if Counter(_CODE.findall(source)) != Counter(_CODE.findall(target)):
        yield "inline code differs from the English"
    src = Counter(_EMPHASIS.findall(_CODE.sub("", source)))
    tgt = Counter(_EMPHASIS.findall(_CODE.sub("", target)))
    if src != tgt:
        yield "emphasis markers (* or _) differ from the English"
    want, got = _html_tags(source), _html_tags(target)
    if want != got:
        yield "HTML tags differ from the English: " + _difference(want, got, " ")


@check(
    "shortcodes",
    severity=Level.ERROR,
    description="shortcodes and template tags must be kept, paired as in the English, with "
    "every parameter that is not text unchanged",
    hint="copy each {{< … >}}, {{% … %}}, {% … %} and {{ … }} from the English; translate only "
    "the quoted values of text parameters (shortcode_parameters in transkit.toml)",
    configured=True,
)
def shortcodes(source: str, target: str, lang: str, options: CheckOptions) -> Iterator[str]:
    if "{" not in source and "{" not in target:
        return
    yield from shortcode_differences(source, target, options.shortcode_parameters)


@check(
    "armenian-punctuation",
    severity=Level.WARNING,
    description="Armenian sentences end with ։ (U+0589), not a Latin colon or full stop",
    hint="replace the Latin ':' or '.' after an Armenian word with ։",
)
def armenian_punctuation(source: str, target: str, lang: str) -> Iterator[str]:
    if lang != "hy":
        return
    match = re.search(r"[\u0561-\u0587\u0531-\u0556][:.](?=\s|$)", target)
    if match:
        yield f"Latin '{match.group()[-1]}' used as the Armenian full stop ։"


# translate-toolkit's pofilter checks that fit Markdown articles in our languages.
_TT_CHECKS = {
    "urls": "URLs",
    "emails": "e-mail addresses",
    "xmltags": "HTML tags",
    "escapes": "escapes",
    "newlines": "line breaks",
    "doublewords": "doubled words",
    "startwhitespace": "whitespace at the start",
    "endwhitespace": "whitespace at the end",
}


@lru_cache(maxsize=8)
def _tt_checker(lang: str) -> Any:
    from translate.filters import checks as ttchecks

    config = ttchecks.CheckerConfig(targetlanguage=lang)
    return ttchecks.StandardChecker(checkerconfig=config, limitfilters=list(_TT_CHECKS))


# No e-mail address is longer than 254 characters; translate-toolkit's e-mail pattern takes
# time quadratic in the length of a run without spaces (a 100 KB run: 16 s), so such runs are
# not searched for addresses.
_LONG_RUN = re.compile(r"\S{255}")


def _tt_check(name: str) -> CheckFunction:
    def run(source: str, target: str, lang: str) -> Iterator[str]:
        from translate.filters.checks import FilterFailure

        if name == "emails" and (_LONG_RUN.search(source) or _LONG_RUN.search(target)):
            return
        checker = _tt_checker(lang)
        try:
            getattr(checker, name)(source, target)
        except FilterFailure as failure:
            yield f"{_TT_CHECKS[name]}: {failure}"
        except Exception:  # noqa: BLE001 - a third-party check never breaks a run
            return

    return run


for _name, _what in _TT_CHECKS.items():
    check(
        f"tt-{_name}",
        severity=Level.WARNING,
        description=f"translate-toolkit: {_what} as in the English",
        hint=f"compare the {_what} with the English",
    )(_tt_check(_name))


# --- wrong language -------------------------------------------------------------------------

SCRIPTS = {"hy": "ARMENIAN", "ru": "CYRILLIC", "uk": "CYRILLIC", "bg": "CYRILLIC", "sr": "CYRILLIC",
           "el": "GREEK", "ka": "GEORGIAN", "he": "HEBREW", "ar": "ARABIC"}
MIN_LETTERS = 30  # shorter units are not judged


_SCRIPT_LETTERS = {
    "LATIN": re.compile(r"[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF]"),
    "CYRILLIC": re.compile(r"[\u0400-\u0481\u048A-\u052F]"),
    "ARMENIAN": re.compile(r"[\u0531-\u0556\u0561-\u0587\uFB13-\uFB17]"),
    "GREEK": re.compile(r"[\u0386\u0388-\u03FF]"),
    "GEORGIAN": re.compile(r"[\u10A0-\u10FF]"),
    "HEBREW": re.compile(r"[\u05D0-\u05EA]"),
    "ARABIC": re.compile(r"[\u0620-\u064A]"),
}


def script_counts(text: str) -> Counter[str]:
    """Letters per script, for the scripts our languages are written in."""
    text = _strip_markup(text)
    counts: Counter[str] = Counter()
    for script, letters in _SCRIPT_LETTERS.items():
        found = len(letters.findall(text))
        if found:
            counts[script] = found
    return counts


def _strip_markup(text: str) -> str:
    text = _CODE.sub(" ", text)
    text = _LINK_TARGET.sub("](", text)
    text = _URL.sub(" ", text)
    return _FOOTNOTE.sub(" ", text)


@lru_cache(maxsize=1)
def _detector_ready() -> bool:
    from langdetect import DetectorFactory

    DetectorFactory.seed = 0  # langdetect is random unless seeded; results must be repeatable
    return True


def detect_language(text: str) -> tuple[str, float]:
    """langdetect's best guess and its probability, deterministic; ("", 0) when it cannot tell."""
    _detector_ready()
    from langdetect import detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    try:
        guesses = detect_langs(_strip_markup(text))
    except LangDetectException:
        return "", 0.0
    best = guesses[0]
    return str(best.lang), float(best.prob)


# Frequent in any English text, absent from German and the other Latin-script languages we
# translate into ("in", "was", "an" and "die" are German words too, so they are not here).
_ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the", "and", "of", "to", "that", "with", "for", "this", "which", "were", "have", "been",
        "their", "they", "would", "from", "is", "are", "by", "on", "its", "it", "not", "be",
        "has", "had",
    ]
)

_SCRIPT_LANG = {"CYRILLIC": "Russian (Cyrillic)", "ARMENIAN": "Armenian", "LATIN": "Latin-script"}


_NOT_WORD = re.compile(r"[^\w ]+")


def _bare_words(text: str) -> list[str]:
    """One lower-case, punctuation-free form per whitespace-separated word ('' for pure marks)."""
    return _NOT_WORD.sub("", " ".join(text.split()).lower()).split(" ")


def own_words(source: str, target: str) -> str:
    """The target without the runs of three or more words it copies from the English.

    Bibliographic references keep the titles of English publications, and names stay names:
    what is copied from the English on purpose must not make a translation look English.
    """
    src = _bare_words(_strip_markup(source))
    grams = {tuple(src[i : i + 3]) for i in range(len(src) - 2)}
    words = _strip_markup(target).split()
    bare = _bare_words(" ".join(words))
    shared = [False] * len(words)
    for i in range(len(words) - 2):
        if tuple(bare[i : i + 3]) in grams:
            shared[i] = shared[i + 1] = shared[i + 2] = True
    return " ".join(w for w, s in zip(words, shared, strict=True) if not s)


@check(
    "wrong-language",
    severity=Level.ERROR,
    description="the translation must be in the catalog's language",
    hint="translate the unit into the catalog's language (text seems pasted from elsewhere)",
)
def wrong_language(source: str, target: str, lang: str) -> Iterator[str]:
    if " ".join(source.split()) == " ".join(target.split()):
        if sum(script_counts(target).values()) >= MIN_LETTERS:
            yield "the translation is the English text, unchanged"
        return
    text = own_words(source, target)
    counts = script_counts(text)
    letters = sum(counts.values())
    if letters < MIN_LETTERS:
        return
    expected = SCRIPTS.get(lang, "LATIN")
    share = counts[expected] / letters
    if share < 0.5:
        dominant = counts.most_common(1)[0][0]
        yield (
            f"{100 * (1 - share):.0f}% of the letters are {_SCRIPT_LANG.get(dominant, dominant)}, "
            f"not {_SCRIPT_LANG.get(expected, expected)}"
        )
        return
    if expected != "LATIN":
        return  # the script decides: langdetect has no Armenian profile
    words = _bare_words(text)
    if sum(w in _ENGLISH_FUNCTION_WORDS for w in words) < 0.08 * len(words):
        return  # no sign of English; langdetect (slow) is asked only to confirm a suspicion
    guess, prob = detect_language(text[:600])
    if guess and guess != lang and prob >= 0.99 and len(text.split()) >= 12:
        yield f"the text looks like '{guess}' (langdetect, p={prob:.2f}), not '{lang}'"


_IGNORE = re.compile(r"\btranskit-ignore-([a-z0-9-]+)")


def ignored(flags: list[str], tcomment: str = "") -> set[str]:
    """Check ids silenced on an entry, by a translator comment or a flag.

    The comment (`# transkit-ignore-numbers`) is the form to recommend: gettext's msgcat,
    msgmerge and msgattrib keep translator comments but drop flags they do not know, so a
    `#, transkit-ignore-numbers` flag would vanish in the first gettext pass over the file.
    """
    found = {f.removeprefix("transkit-ignore-") for f in flags if f.startswith("transkit-ignore-")}
    if "transkit-ignore-" in tcomment:
        found.update(_IGNORE.findall(tcomment))
    return found


def run_checks(
    source: str, target: str, lang: str, *, skip: set[str] | None = None,
    options: CheckOptions = CheckOptions(),  # noqa: B008 - a frozen value
) -> Iterator[tuple[Check, str]]:
    """Every finding of every registered check on one pair, in registry order."""
    for item in REGISTRY.values():
        if skip and item.id in skip:
            continue
        found = (item.function(source, target, lang, options) if item.configured
                 else item.function(source, target, lang))
        for message in found:
            yield item, message
