"""The pair checks: small, named predicates over an English text and its translation.

Each is one function registered with `core.checks.registry.check` (scope `PAIR`) that yields
messages and never raises (Weblate's shape); `core.checks.run` runs them on the translated
entries of a catalog.

Where translate-toolkit's pofilter checks fit our articles they are used as they are (URLs, e-mail
addresses, XML tags, escapes, line breaks, doubled words, whitespace at the ends). Its checks
that misfire on our languages are replaced: numbers (decimal commas, "22." ordinals, "22-ին"
suffixes), end punctuation (Armenian ends sentences with ``։``), quotes („…“ and «…»), and
questions (Armenian puts ``՞`` on the stressed vowel, not at the end).
"""

from __future__ import annotations

import operator
import random
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from html.parser import HTMLParser
from itertools import compress
from typing import Any

from ..source.htmlblock import parse_complete
from ..source.markup import prose
from ..source.shortcode import differences as shortcode_differences
from ..source.shortcode import find_tags
from ..terms.match import missing_terms, terms_in
from ..terms.model import Glossary
from .model import Level
from .registry import (
    CheckFunction,
    CheckId,
    CheckOptions,
    Holds,
    Relevant,
    Takes,
    check,
    holds,
)

_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
_URL = re.compile(r"\bhttps?://[^\s)<>\]\"»“”]+")
_NUMBER = re.compile(r"\d+(?:[\u00a0\u202f\u2009 ]\d{3}(?!\d))*(?:[.,]\d+)*")
_CODE = re.compile(r"`+[^`]*`+")
_DIGIT = re.compile(r"\d")
_ARMENIAN_FULL_STOP = re.compile(r"[\u0561-\u0587\u0531-\u0556][:.](?=\s|$)")
_MARKUP_SIGN = re.compile(r"[`*_<]")


# What a reader sees of a text (`prose`), which numbers and wrong-language both read of a
# translation, one check after the other: the last few texts' are kept (a pair's are read
# once, not once per check; the English's are kept by the checks that read them).
_prose = lru_cache(maxsize=8)(prose)


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
    CheckId.FOOTNOTE_REFS,
    severity=Level.ERROR,
    description="footnote references must be kept exactly",
    hint="copy each [^n] from the English into the translation",
    relevant=holds("[^"),
)
def footnote_refs(source: str, target: str, lang: str) -> Iterator[str]:
    want, got = Counter(_FOOTNOTE.findall(source)), Counter(_FOOTNOTE.findall(target))
    if want != got:
        yield "footnote references differ from the English: " + _difference(want, got, " ")


def _link_key(target: str, lang: str, *, translated: bool) -> str:
    """A link target as the links of a pair are compared: an in-page anchor ("#adresses") is
    any in-page anchor (the `anchors` check holds it to the headings of the translated page);
    an internal path is the same page with or without its trailing slash and, in the
    translation, with or without the language's prefix (`/de/docs/x` is `/docs/x`)."""
    if target.startswith("#"):
        return "#"
    if target.startswith("/"):
        if translated and (target == f"/{lang}" or target.startswith(f"/{lang}/")
                           or target.startswith(f"/{lang}#")):
            target = target[len(lang) + 1:] or "/"
        path, mark, rest = target.partition("#")
        path, query, more = path.partition("?")
        if len(path) > 1:
            path = path.rstrip("/")
        target = path + query + more + mark + rest
    return target


def link_targets(text: str) -> list[str]:
    """The link targets and URLs of a text, outside inline code (code is code: a URL in it
    is inline-markup's to compare), without the punctuation that may follow a bare URL."""
    if "`" in text:
        text = _CODE.sub(" ", text)
    found = _LINK_TARGET.findall(text) + _URL.findall(_LINK_TARGET.sub("]()", text))
    return [u.rstrip(".,;:") for u in found]


# the English side of a pair is checked once per language: its link targets are read once
# (a list the check only reads)
_source_link_targets = lru_cache(maxsize=1024)(link_targets)


@check(
    CheckId.LINKS,
    severity=Level.ERROR,
    description="link targets and URLs must be kept (an internal path may gain the "
    "translation's language prefix; in-page anchors are the anchors check's)",
    hint="keep every (https://...) link target of the English unchanged",
    relevant=holds("](", "http"),
)
def links(source: str, target: str, lang: str) -> Iterator[str]:
    want_all, got_all = _source_link_targets(source), link_targets(target)
    if Counter(want_all) == Counter(got_all):
        return
    want = Counter(_link_key(u, lang, translated=False) for u in want_all)
    got = Counter(_link_key(u, lang, translated=True) for u in got_all)
    if want == got:
        return
    parts = []
    if missing := want - got:
        parts.append("missing " + _written(missing, want_all, got_all, lang, translated=False))
    if extra := got - want:
        parts.append("unexpected " + _written(extra, got_all, want_all, lang, translated=True))
    yield "link targets differ from the English: " + "; ".join(parts)


def _written(keys: Counter[str], here: list[str], there: list[str], lang: str, *,
             translated: bool) -> str:
    """The link targets of `keys` as written on one side: for in-page anchors, those the other
    side does not have."""
    out = []
    for key, count in keys.items():
        if key == "#":
            anchors = [u for u in here if u.startswith("#") and u not in there]
            out += (anchors + ["#…"] * count)[:count]
        else:
            first = next(u for u in here if _link_key(u, lang, translated=translated) == key)
            out += [first] * count
    return ", ".join(sorted(out))


# --- numbers ----------------------------------------------------------------------------------

_SEPARATOR = re.compile(r"[.,\u00a0\u202f\u2009 ]")


def _number_key(number: str) -> str:
    """A number as a translation may write it: separators vary by language (1.5 / 1,5;
    13,000 / 13.000 / 13 000), the value does not. A number of several groups that are not
    thousands is a version or a date, compared group by group (1.1.0 is not 1.10)."""
    groups = _SEPARATOR.split(number)
    if len(groups) == 1:
        return number.lstrip("0") or "0"
    head, tail = groups[0], groups[1:]
    # groups of three are thousands (13,000; 1.000.000), but after a zero a fraction (0.125)
    if all(len(g) == 3 for g in tail) and (len(tail) > 1 or head.strip("0")):
        return (head + "".join(tail)).lstrip("0") or "0"
    if len(tail) == 1:
        return f"{head.lstrip('0') or '0'}.{tail[0]}"  # a decimal: 1.5 = 1,5
    return ".".join(g.lstrip("0") or "0" for g in groups)  # a version or a date


# Numbers up to twelve and the tens, written out, in the project's languages: "five links" is
# "5 Links", "5 links" is "fünf Links". Russian and Armenian inflect them (пять, пяти, пятью;
# հինգ, հինգը, հինգից): every form a number takes is listed or made from its stem.
_RU_STEMS = {5: "пят", 6: "шест", 7: "сем", 8: "восьм", 9: "девят", 10: "десят",
             11: "одиннадцат", 12: "двенадцат", 20: "двадцат", 30: "тридцат"}
_HY_NUMBERS = {0: "զրո", 1: "մեկ", 2: "երկու", 3: "երեք", 4: "չորս", 5: "հինգ", 6: "վեց",
               7: "յոթ", 8: "ութ", 9: "ինը ինն", 10: "տասը տաս տասն", 11: "տասնմեկ",
               12: "տասներկու", 20: "քսան", 30: "երեսուն", 40: "քառասուն", 50: "հիսուն",
               60: "վաթսուն", 70: "յոթանասուն", 80: "ութսուն", 90: "իննսուն"}
_HY_ENDINGS = ("", "ը", "ն", "ի", "ին", "ից", "ով", "ում", "ս", "դ")
_SPELLED_NUMBERS: dict[str, dict[str, int]] = {
    "en": {w: n for n, forms in {
        0: "zero", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six",
        7: "seven", 8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve",
        20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy",
        80: "eighty", 90: "ninety"}.items() for w in forms.split()},
    "de": {w: n for n, forms in {
        0: "null", 1: "eins ein eine einen einem einer eines", 2: "zwei", 3: "drei",
        4: "vier", 5: "fünf", 6: "sechs", 7: "sieben", 8: "acht", 9: "neun", 10: "zehn",
        11: "elf", 12: "zwölf", 20: "zwanzig", 30: "dreißig", 40: "vierzig", 50: "fünfzig",
        60: "sechzig", 70: "siebzig", 80: "achtzig", 90: "neunzig"}.items()
        for w in forms.split()},
    "ru": {w: n for n, forms in {
        0: "ноль нуль ноля нуля", 1: "один одна одно одни одного одной одному одним одном "
        "одну одною одних одними", 2: "два две двух двум двумя", 3: "три трёх трех трём "
        "трем тремя", 4: "четыре четырёх четырех четырём четырем четырьмя",
        8: "восемь восемью", 40: "сорок сорока", 50: "пятьдесят пятидесяти пятьюдесятью",
        60: "шестьдесят шестидесяти шестьюдесятью", 70: "семьдесят семидесяти",
        80: "восемьдесят восьмидесяти", 90: "девяносто девяноста"}.items()
        for w in forms.split()}
    | {stem + ending: n for n, stem in _RU_STEMS.items() for ending in ("ь", "и", "ью")},
    "hy": {form + ending: n for n, forms in _HY_NUMBERS.items() for form in forms.split()
           for ending in _HY_ENDINGS},
}
_LETTERS_RUN = re.compile(r"[^\W\d_]+")


def _spelled(text: str, lang: str) -> Counter[str]:
    """The numbers written out in words in a text of `lang`, by their keys ("5")."""
    table = _SPELLED_NUMBERS.get(lang.split("_")[0].split("-")[0])
    if not table:
        return Counter()
    return Counter(str(table[w]) for w in _LETTERS_RUN.findall(text.lower()) if w in table)


def _numbers(text: str) -> tuple[Counter[str], dict[str, str], str]:
    """The numbers of a text by their keys (`_number_key`), each key's number as first written
    there (a message names numbers as the translator reads them: "1.5", "22.02.2022"), and the
    words the numbers were read from.

    Numbers are read from the words a reader sees (`prose`): one in a link target, a URL or
    inline code is the links check's or inline-markup's to compare, and a footnote's or a
    reference link's label is no number of the text.
    """
    words_seen = _prose(text)
    written = _NUMBER.findall(words_seen)
    first: dict[str, str] = {}
    for number in written:
        first.setdefault(_number_key(number), number)
    return Counter(_number_key(n) for n in written), first, words_seen


# the English side of a pair is checked once per language: its numbers are read once
_source_numbers = lru_cache(maxsize=1024)(_numbers)


@lru_cache(maxsize=1024)
def _has_digit(source: str) -> bool:
    """Whether an English text holds a digit (cached: the same English in every language)."""
    return _DIGIT.search(source) is not None


def _numbers_written(text: str) -> list[str]:
    """The numbers of a text as written, in order: those `_numbers` keys."""
    return _NUMBER.findall(_prose(text))


@lru_cache(maxsize=1024)
def _source_written(source: str) -> list[str]:
    """`_numbers_written` of an English text, sorted (cached: the same English is checked in
    every language)."""
    return sorted(_numbers_written(source))


@check(
    CheckId.NUMBERS,
    severity=Level.ERROR,
    description="numbers must be kept (decimal and thousands separators may change, and "
    "numbers up to twelve and the tens may be written out in words); versions and dates exact",
    hint="check every number, date and year against the English",
    relevant=Holds(pattern=_DIGIT, test=lambda source, target, lang: _has_digit(source)
                   or bool(_DIGIT.search(target))),
)
def numbers(source: str, target: str, lang: str) -> Iterator[str]:
    # the same numbers written the same way have the same keys: most pairs end here, without
    # keying a number (a sorted list is a multiset)
    if sorted(_numbers_written(target)) == _source_written(source):
        return
    yield from numbers_differ(source, target, lang)


def numbers_differ(source: str, target: str, lang: str) -> Iterator[str]:
    """`numbers` the long way: every number keyed, and the numbers written out in words."""
    (want, first_source, english), (got, first_target, translated) = (
        _source_numbers(source), _numbers(target))
    if want == got:
        return
    missing, extra = want - got, got - want
    # a number the translation writes out ("fünf"), or the English did ("five" -> "5")
    if missing:
        missing -= _spelled(translated, lang)
    if extra:
        extra -= _spelled(english, "en")
    if not missing and not extra:
        return
    yield "numbers differ from the English: " + _difference(
        Counter({first_source[k]: n for k, n in missing.items()}),
        Counter({first_target[k]: n for k, n in extra.items()}), ", ")


_EMPHASIS_SIGN = re.compile(r"[*_]")
_SPANS = {"em_open": "*emphasis*", "strong_open": "**strong**"}


@lru_cache(maxsize=1)
def _inline_parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _emphasis(text: str) -> Counter[str]:
    """The emphasis spans of a text (*emphasis* and **strong**), as CommonMark reads them:
    a span is a span whether punctuation or a word follows it ("**ohne Genehmigung**." is
    "**without a permit** today"), and an underscore inside a word or a URL, an escaped
    `\\*` ("Maintainer\\*innen") and the markers in code or link targets open none."""
    found: Counter[str] = Counter()
    if "*" not in text and "_" not in text:
        return found  # a span opens and closes only at a run of its markers: nothing to parse
    plain = _plain_emphasis(text)
    if plain is not None:
        if plain:
            found["*emphasis*"] = plain
        return found
    return parsed_emphasis(text)


def parsed_emphasis(text: str) -> Counter[str]:
    """`_emphasis` the long way: the spans of markdown-it's CommonMark inline parse."""
    found: Counter[str] = Counter()
    tokens = list(_inline_parser().parseInline(text))
    while tokens:
        token = tokens.pop()
        if token.type in _SPANS:
            found[_SPANS[token.type]] += 1
        if token.children:
            tokens.extend(token.children)
    return found


# What could make CommonMark read a `*` otherwise than `_plain_emphasis` does: other
# delimiters, escapes, code, images, tags, autolinks, entities and line breaks (`\r` and NUL
# are rewritten before parsing). A bracket is text unless it opens an inline link `[…](…)`, as
# no link definitions are given (`[^1]`); emphasis does not cross a link's brackets, so a `*`
# inside one is parsed (`_plain_emphasis`).
_NOT_PLAIN = re.compile(r"[_`\\<>&!\n\r\x00]")
_CLOSER_NEXT = frozenset(" .,;:?")


def _plain_emphasis(text: str) -> int | None:
    """The number of `*emphasis*` spans of a text whose every `*` plainly opens or closes one
    (None for any other text, which is parsed): each `*` alone (no run of two), either after a
    space or at the start and before a letter (left-flanking only: it can open, not close), or
    after a letter and before a space, the end or `.,;:?` (right-flanking only: it can close,
    not open); nothing else in the text is markup (`_NOT_PLAIN`) but inline links, and every
    `*` is outside them: before the first `[` or after the last `)` (a link's text starts at a
    `[`, its destination ends at a `)`), where a link is one more thing between two markers,
    as a word is. Then CommonMark matches each closer with the nearest opener not yet matched
    (the rule of three concerns delimiters that can both open and close; single markers make
    no strong emphasis): a stack."""
    if _NOT_PLAIN.search(text):
        return None
    if "](" in text:  # perhaps a link: every `*` outside the brackets' and parentheses' reach
        first, last_paren = text.find("["), text.rfind(")")
        if 0 <= first < last_paren and "*" in text[first:last_paren]:
            return None
    last = len(text) - 1
    open_ = spans = 0
    at = text.find("*")
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + 1] if at < last else " "
        if before == " " and after.isalpha():
            open_ += 1
        elif before.isalpha() and after in _CLOSER_NEXT:
            if open_:
                open_ -= 1
                spans += 1
        else:
            return None
        at = text.find("*", at + 1)
    return spans


# the English side of a pair is checked once per language: its spans are read once
_source_emphasis = lru_cache(maxsize=1024)(_emphasis)


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
    CheckId.INLINE_MARKUP,
    severity=Level.ERROR,
    description="inline code, emphasis markers and HTML tags must be kept",
    hint="keep `code` spans and <tags> as they are and balance * and _ as in the English",
    relevant=Holds(pattern=_MARKUP_SIGN),
)
def inline_markup(source: str, target: str, lang: str) -> Iterator[str]:
    if ("`" in source or "`" in target) and (
            Counter(_CODE.findall(source)) != Counter(_CODE.findall(target))):
        yield "inline code differs from the English"
    if _EMPHASIS_SIGN.search(source) or _EMPHASIS_SIGN.search(target):
        src, tgt = _source_emphasis(source), _emphasis(target)
        if src != tgt:
            yield "emphasis markers (* or _) differ from the English: " + ", ".join(
                f"{src[kind]} {kind} in the English, {tgt[kind]} in the translation"
                for kind in ("*emphasis*", "**strong**") if src[kind] != tgt[kind])
    want, got = _html_tags(source), _html_tags(target)
    if want != got:
        yield "HTML tags differ from the English: " + _difference(want, got, " ")


@check(
    CheckId.SHORTCODES,
    severity=Level.ERROR,
    description="shortcodes and template tags must be kept, paired as in the English, with "
    "every parameter that is not text unchanged",
    hint="copy each {{< … >}}, {{% … %}}, {% … %} and {{ … }} from the English; translate only "
    "the quoted values of text parameters (shortcode_parameters in transkit.toml)",
    takes=Takes.OPTIONS,
    relevant=holds("{"),
)
def shortcodes(source: str, target: str, lang: str, options: CheckOptions) -> Iterator[str]:
    yield from shortcode_differences(source, target, options.shortcode_parameters)


@check(
    CheckId.ARMENIAN_PUNCTUATION,
    severity=Level.WARNING,
    description="Armenian sentences end with ։ (U+0589), not a Latin colon or full stop",
    hint="replace the Latin ':' or '.' after an Armenian word with ։",
    languages=("hy",),
)
def armenian_punctuation(source: str, target: str, lang: str) -> Iterator[str]:
    match = _ARMENIAN_FULL_STOP.search(target)
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


@lru_cache(maxsize=1)
def _filter_failure() -> type[Exception]:
    """translate-toolkit's failure of a check (imported when the first check runs)."""
    from translate.filters.checks import FilterFailure

    failure: type[Exception] = FilterFailure
    return failure


@lru_cache(maxsize=8)
def _tt_checker(lang: str) -> Any:
    from translate.filters import checks as ttchecks

    config = ttchecks.CheckerConfig(targetlanguage=lang)
    return ttchecks.StandardChecker(checkerconfig=config, limitfilters=list(_TT_CHECKS))


# No e-mail address is longer than 254 characters; translate-toolkit's e-mail pattern takes
# time quadratic in the length of a run without spaces (a 100 KB run: 16 s), so such runs are
# not searched for addresses.
_LONG_RUN = re.compile(r"\S{255}")


# What a pair must hold for translate-toolkit's check to find anything in it: without it, both
# strings give the same (empty) answer and the check passes, so it is not run.
_RELEVANT: dict[str, Relevant] = {
    "emails": holds("@"),  # decoration._email_re
    "urls": holds("http", "www.", "ftp:"),  # decoration.geturls
    "xmltags": holds("<"),  # tags are found by checks.tag_re, "<...>"
    "escapes": holds("\\"),  # counts of "\\" and "\\\\" compared
    "newlines": holds("\n", "\r"),  # counts of "\n" and "\r", and their place at the ends
    "doublewords": lambda source, target, lang: _doubled(target),
    # decoration.spacestart / spaceend of each ("" for both: equal); no language's
    # punctuation rules (punctranslate) add whitespace at an end that has none
    "startwhitespace": lambda source, target, lang: source[:1].isspace() or target[:1].isspace(),
    "endwhitespace": lambda source, target, lang: source[-1:].isspace() or target[-1:].isspace(),
}


def _doubled(target: str) -> bool:
    """Whether translate-toolkit's doublewords check can fail on a translation: it splits the
    translation (its tags `<…>` removed, "." removed, lower-cased) at whitespace and fails
    where a word follows itself, unless the language allows it. Without "<" no tag is removed
    (our checkers remove no variables or accelerators: `_tt_checker`), so these are its words,
    compared here in C rather than in its loop; a text with "<" is left to the check."""
    if "<" in target:
        return True
    words = target.replace(".", "").lower().split()
    return any(map(operator.eq, words, words[1:]))


_TT_CACHE_ENTRIES = 256


_LINK = re.compile(r"\]\([^)]*\)")


def _beyond_links(text: str) -> str:
    """A text without what transkit's links check compares (link targets, http(s) URLs) and
    without inline code (inline-markup's): translate-toolkit's URL check would repeat the
    links check, and warn about the punctuation after an unchanged URL besides."""
    if "`" in text:
        text = _CODE.sub(" ", text)
    if "](" in text:
        text = _LINK.sub("] ", text)
    return _URL.sub(" ", text) if "http" in text else text


def _tt_check(name: str) -> CheckFunction:
    def run(source: str, target: str, lang: str) -> Iterator[str]:
        if name == "emails" and (_LONG_RUN.search(source) or _LONG_RUN.search(target)):
            return
        if name == "urls":
            source, target = _beyond_links(source), _beyond_links(target)
        checker = _tt_checker(lang)
        if len(checker.results_cache) > _TT_CACHE_ENTRIES:
            # translate-toolkit empties it for each unit it checks itself; checked one check at
            # a time, it would keep every string of a run (gigabytes at 10,000 articles)
            checker.results_cache.clear()
        try:
            getattr(checker, name)(source, target)
        except _filter_failure() as failure:
            yield f"{_TT_CHECKS[name]}: {failure}"
        except Exception:  # noqa: BLE001 - a third-party check never breaks a run
            return

    return run


for _name, _what in _TT_CHECKS.items():
    check(
        CheckId(f"tt-{_name}"),
        severity=Level.WARNING,
        description=f"translate-toolkit: {_what} as in the English",
        hint=f"compare the {_what} with the English",
        relevant=_RELEVANT.get(_name),
    )(_tt_check(_name))


# --- wrong language -------------------------------------------------------------------------

SCRIPTS = {"hy": "ARMENIAN", "ru": "CYRILLIC", "uk": "CYRILLIC", "bg": "CYRILLIC", "sr": "CYRILLIC",
           "el": "GREEK", "ka": "GEORGIAN", "he": "HEBREW", "ar": "ARABIC"}
MIN_LETTERS = 30  # shorter units are not judged


# Runs of letters, not letters: a word is one match, so counting costs a few matches per word.
_SCRIPT_LETTERS = {
    "LATIN": re.compile(r"[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF]+"),
    "CYRILLIC": re.compile(r"[\u0400-\u0481\u048A-\u052F]+"),
    "ARMENIAN": re.compile(r"[\u0531-\u0556\u0561-\u0587\uFB13-\uFB17]+"),
    "GREEK": re.compile(r"[\u0386\u0388-\u03FF]+"),
    "GEORGIAN": re.compile(r"[\u10A0-\u10FF]+"),
    "HEBREW": re.compile(r"[\u05D0-\u05EA]+"),
    "ARABIC": re.compile(r"[\u0620-\u064A]+"),
}
_BEYOND_LATIN = re.compile(r"[\u0370-\uFFFF]")  # where every script but Latin lies
_LATIN_ONLY = (("LATIN", _SCRIPT_LETTERS["LATIN"]),)


@lru_cache(maxsize=16)
def _foreign_letters(script: str) -> re.Pattern[str]:
    """A letter of any script but `script` (one search tells whether a text holds one)."""
    classes = [p.pattern[1:-2] for name, p in _SCRIPT_LETTERS.items() if name != script]
    return re.compile("[" + "".join(classes) + "]")


def script_counts(text: str) -> Counter[str]:
    """Letters per script, for the scripts our languages are written in."""
    return _script_counts(_strip_markup(text))


def _script_counts(text: str) -> Counter[str]:
    """`script_counts` of text whose markup is stripped already."""
    counts: Counter[str] = Counter()
    for script, letters in _scripts_in(text):
        # the letters its matches hold are the letters removing them takes away
        counts[script] = len(text) - len(letters.sub("", text))
    return counts


def _scripts_in(text: str) -> list[tuple[str, re.Pattern[str]]]:
    """The scripts of `_SCRIPT_LETTERS` a text has a letter of, in that order (the order of
    `script_counts`, which `most_common` keeps among equal counts). A search for a script the
    text lacks reads it to its end, and most texts lack all but one or two of seven: a first
    letter beyond Latin names its script, and one search for a letter of any script but those
    found so far answers for the rest."""
    found = [name for name, letters in _LATIN_ONLY if letters.search(text)]
    if _BEYOND_LATIN.search(text):
        others = _letters_beyond(frozenset())
        while (letter := others.search(text)) is not None:
            found.append(_script_of(letter.group()))
            others = _letters_beyond(frozenset(found))
    return [(name, letters) for name, letters in _SCRIPT_LETTERS.items() if name in found]


def _script_of(letter: str) -> str:
    """The script of `_SCRIPT_LETTERS` a letter is of."""
    return next(name for name, letters in _SCRIPT_LETTERS.items() if letters.fullmatch(letter))


@lru_cache(maxsize=64)
def _letters_beyond(scripts: frozenset[str]) -> re.Pattern[str]:
    """A letter of any script of `_SCRIPT_LETTERS` but Latin and `scripts` (one search tells
    whether a text holds one); a pattern that matches nothing when no script is left."""
    classes = [p.pattern[1:-2] for name, p in _SCRIPT_LETTERS.items()
               if name != "LATIN" and name not in scripts]
    return re.compile("[" + "".join(classes) + "]" if classes else "(?!)")


# A token that is code, a name or an address, not a word of any language: a path or a host
# (kubernetes/kubernetes, k8s.io, press@letsencrypt.org), an identifier (acme_v2,
# ReplicaSet, IPv6) or an acronym (TLS, HTTP-01). Russian and Armenian name them in Latin
# letters, so they say nothing about the language of a sentence.
_CODE_TOKEN = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-Za-z0-9][A-Za-z0-9-]*(?:[/._@:\\]+[A-Za-z0-9][A-Za-z0-9-]*)+/?"
    r"|[A-Za-z]+[0-9][A-Za-z0-9]*|[0-9]+[A-Za-z][A-Za-z0-9]*"
    r"|[A-Za-z][a-z]*[a-z][A-Z][A-Za-z]*"
    r"|[A-Z]{2,}(?:-[A-Z0-9]+)*)(?![A-Za-z0-9])"
)


def _strip_markup(text: str) -> str:
    """The words of a text a language is judged by: what a reader sees (`prose`: no code,
    link targets, URLs, footnote references, HTML tags or shortcode settings)."""
    return _prose(text)


@lru_cache(maxsize=8)
def _detectors(candidates: tuple[str, ...]) -> Any:
    """A langdetect factory that knows only `candidates` (all its languages for ()): each
    profile it holds costs time in every step of a detection."""
    import json
    import os

    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    from langdetect.utils.lang_profile import LangProfile

    names = sorted(os.listdir(PROFILES_DIRECTORY))
    if candidates:
        names = [name for name in names if name in candidates]
    factory = DetectorFactory()
    for index, name in enumerate(names):
        with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as handle:
            factory.add_profile(LangProfile(**json.load(handle)), index, len(names))
    factory.set_seed(0)  # langdetect is random unless seeded; results must be repeatable
    return factory


@lru_cache(maxsize=1)
def _detector_class() -> Any:
    """langdetect's Detector (what `factory.create()` makes) with its sampling loop written
    out: the same random draws and the same arithmetic in the same order, so the same
    probabilities to the last bit, without two method calls and two dictionary lookups for
    each of the thousands of n-grams drawn in each detection."""
    from langdetect.detector import Detector
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException

    drawing = getattr(random.Random, "_randbelow", None)
    if drawing is None or drawing is not getattr(random.Random, "_randbelow_with_getrandbits", 0):
        return Detector  # not the draw written out below: langdetect's own loop

    from langdetect.utils.ngram import NGram

    normalized = lru_cache(maxsize=4096)(NGram.normalize)  # a function of one character

    class Sampled(Detector):  # type: ignore[misc] # langdetect has no types
        def _extract_ngrams(self) -> list[str]:
            """Detector._extract_ngrams with NGram.add_char written out (N_GRAM = 3)."""
            table = self.word_lang_prob_map
            result: list[str] = []
            grams, capital = " ", False
            for char in self.text:
                char = normalized(char)
                last = grams[-1]
                if last == " ":
                    grams, capital = " ", False
                    if char == " ":
                        continue  # the n-grams of " ": none
                elif len(grams) >= 3:
                    grams = grams[1:]
                grams += char
                if char.isupper():
                    if last.isupper():
                        capital = True
                else:
                    capital = False
                if capital:
                    continue
                for n in (1, 2, 3):
                    if len(grams) < n:
                        break
                    w = grams[-n:]
                    if w and w != " " and w in table:
                        result.append(w)
            return result

        def _detect_block(self) -> None:
            self.cleaning_text()
            ngrams = self._extract_ngrams()
            if not ngrams:
                raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
            self.langprob = [0.0] * len(self.langlist)
            # each n-gram's probabilities in the languages (every n-gram extracted has them):
            # a draw of one is a draw of the other
            table = self.word_lang_prob_map
            drawn = [table[ngram] for ngram in ngrams]
            # random.choice(drawn) is drawn[random._randbelow(n)], which draws k bits until
            # they make a number below n
            n, getrandbits = len(drawn), self.random.getrandbits
            k = n.bit_length()
            languages = range(len(self.langlist))
            self.random.seed(self.seed)
            for trial in range(self.n_trial):
                prob = self._init_probability()
                alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
                weight = alpha / self.BASE_FREQ
                i = 0
                while True:
                    r = getrandbits(k)
                    while r >= n:
                        r = getrandbits(k)
                    lang_prob_map = drawn[r]  # _update_lang_prob
                    for j in languages:
                        prob[j] *= weight + lang_prob_map[j]
                    if i % 5 == 0:
                        maxp, sump = 0.0, sum(prob)  # _normalize_prob
                        for j in languages:
                            p = prob[j] / sump
                            if maxp < p:
                                maxp = p
                            prob[j] = p
                        if maxp > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                            break
                    i += 1
                for j in languages:
                    self.langprob[j] += prob[j] / self.n_trial
                if self.hopeless(trial):
                    return

        # what a caller wants to know: whether the language of index `wanted[0]` reaches the
        # probability `wanted[1]` (None: every probability)
        wanted: tuple[int, float] | None = None
        gave_up = False

        def hopeless(self, trial: int) -> bool:
            """Whether the wanted language can no longer reach its probability after `trial`
            (from 0) of the trials: each trial adds its probability, at most 1, over their
            number (a margin far above the rounding of seven sums); then the others are not
            drawn, and the detector has given up."""
            if self.wanted is None or trial + 1 >= self.n_trial:
                return False
            index, wanted = self.wanted
            best = self.langprob[index] + (self.n_trial - trial - 1) / self.n_trial
            self.gave_up = best + 1e-9 < wanted
            return self.gave_up

    return Sampled


_PROFILES = frozenset((
    "af", "ar", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "fa", "fi", "fr",
    "gu", "he", "hi", "hr", "hu", "id", "it", "ja", "kn", "ko", "lt", "lv", "mk", "ml", "mr", "ne",
    "nl", "no", "pa", "pl", "pt", "ro", "ru", "sk", "sl", "so", "sq", "sv", "sw", "ta", "te", "th",
    "tl", "tr", "uk", "ur", "vi", "zh-cn", "zh-tw",
))  # the languages langdetect has a profile of


def detect_language(text: str, candidates: tuple[str, ...] = (), *,
                    at_least: tuple[str, float] | None = None) -> tuple[str, float]:
    """langdetect's best guess among `candidates` (default: every language it knows) and its
    probability, deterministic; ("", 0) when it cannot tell. `at_least` (a language and a
    probability): all the caller asks is whether the guess is that language with at least that
    probability, and ("", 0) is the answer as soon as its trials show it cannot be (most
    sentences that are not English show it in the first of seven)."""
    from langdetect.lang_detect_exception import LangDetectException

    factory = _detectors(tuple(sorted(set(candidates))))
    languages = factory.get_lang_list()
    if not languages:
        return "", 0.0
    try:
        detector = _detector_class()(factory)
        if at_least is not None and at_least[0] in languages and hasattr(detector, "wanted"):
            detector.wanted = (languages.index(at_least[0]), at_least[1])
        detector.append(_strip_markup(text))
        guesses = detector.get_probabilities()
    except LangDetectException:
        return "", 0.0
    if getattr(detector, "gave_up", False):
        return "", 0.0
    if not guesses:
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


_NOT_WORD = re.compile(r"[^\w ]")  # one at a time: removing runs is slower in `re`


def _bare_words(text: str) -> list[str]:
    """One lower-case, punctuation-free form per whitespace-separated word ('' for pure marks)."""
    return _NOT_WORD.sub("", " ".join(text.split()).lower()).split(" ")


def _english_words(words: list[str]) -> int:
    """How many of `words` (bare) are English function words."""
    return sum(map(_ENGLISH_FUNCTION_WORDS.__contains__, words))


@lru_cache(maxsize=256)
def _trigrams(source: str) -> frozenset[tuple[str, ...]]:
    """The runs of three bare words of an English text (cached: the same English is checked
    in every language)."""
    src = _bare_words(_strip_markup(source))
    return frozenset(zip(src, src[1:], src[2:], strict=False))


def own_words(source: str, target: str) -> str:
    """The target without the runs of three or more words it copies from the English.

    Bibliographic references keep the titles of English publications, and names stay names:
    what is copied from the English on purpose must not make a translation look English.
    """
    whole = _strip_markup(target)
    return " ".join(_own(source, whole.split(), _bare_words(whole))[0])


def _own(source: str, words: list[str], bare: list[str]) -> tuple[list[str], list[str]]:
    """`own_words` on the words of a text and their bare forms: the words it does not copy
    from the English, and their bare forms."""
    if not words:
        return [], []
    grams = _trigrams(source)
    runs = list(zip(bare, bare[1:], bare[2:], strict=False))  # the run that starts at each word
    if grams.isdisjoint(runs):
        return words, bare  # most translations copy no run of three words: asked in C
    # a word is copied when a run it is in is (the one it starts, or one of the two before);
    # each step a map in C, not a loop over the words
    copied = list(map(grams.__contains__, runs))
    edge = [False, False]
    kept = list(map(operator.not_, map(operator.or_, map(
        operator.or_, copied + edge, [False, *copied, False]), edge + copied)))
    return list(compress(words, kept)), list(compress(bare, kept))


@check(
    CheckId.WRONG_LANGUAGE,
    severity=Level.ERROR,
    description="the translation must be in the catalog's language",
    hint="translate the unit into the catalog's language (text seems pasted from elsewhere)",
)
def wrong_language(source: str, target: str, lang: str) -> Iterator[str]:
    # the same words in the same order (whitespace aside); the first words decide most pairs
    if (source.lstrip()[:1] == target.lstrip()[:1] and source.split(None, 1)[:1]
            == target.split(None, 1)[:1] and source.split() == target.split()):
        if sum(script_counts(target).values()) >= MIN_LETTERS:
            yield "the translation is the English text, unchanged"
        return
    if (target[:1] in _MARKERS and target.rstrip()[-1:] in _MARKERS
            and _unemphasised(source) == _unemphasised(target)):
        # the English set in italics or bold: a quotation left untranslated
        if sum(script_counts(target).values()) >= MIN_LETTERS:
            yield "the translation is the English text, only emphasised"
        return
    expected = SCRIPTS.get(lang, "LATIN")
    # The whole translation first, which is cheap: leaving out what it copies from the English
    # only takes letters and words away, so when all its letters are of the expected script
    # and (for Latin-script languages) it has fewer than two English function words, no part
    # of it can be found foreign.
    whole = _strip_markup(target)
    one_script = not _foreign_letters(expected).search(whole)
    if one_script and expected != "LATIN":
        return
    if expected != "LATIN":
        # Latin letters in a Russian or Armenian text: those of code, paths, addresses,
        # identifiers and acronyms (k8s.io/kubernetes, press@letsencrypt.org, TLS) say nothing
        # about the language it is in
        whole = _CODE_TOKEN.sub(" ", whole)
        one_script = not _foreign_letters(expected).search(whole)
        if one_script:
            return
    bare = _bare_words(whole)
    if one_script and _english_words(bare) < 2:
        return
    kept, kept_bare = _own(source, whole.split(), bare)
    text = " ".join(kept)
    if one_script:  # and so Latin: what is left of a Latin-script text may still be English
        # `prose` of `text` adds no letter to those of `whole` (`kept` are some of its words),
        # which are all Latin: its counts are its Latin letters alone, its share of them 1, and
        # what decides below is whether it has enough letters and two English words, asked
        # the cheap way round
        if _english_words(kept_bare) < 2 or not _has_letters(_strip_markup(text)):
            return
    else:
        counts = script_counts(text)
        letters = sum(counts.values())
        if letters < MIN_LETTERS:
            return
        share = counts[expected] / letters
        if share < 0.5:
            dominant = counts.most_common(1)[0][0]
            yield (f"{100 * (1 - share):.0f}% of the letters are "
                   f"{_SCRIPT_LANG.get(dominant, dominant)}, "
                   f"not {_SCRIPT_LANG.get(expected, expected)}")
            return
        if counts[expected] == letters and (expected != "LATIN" or _english_words(kept_bare) < 2):
            return  # no sentence can be foreign: no other script, and no sign of English
    # sentence by sentence: one pasted or forgotten sentence is as wrong as a whole entry, and
    # a mixture makes the whole text's measures (and langdetect) unsure
    bounds = sentence_bounds(kept)  # each sentence's words (their bare words are its words)
    sentences = len(bounds) - 1
    for number in range(1, sentences + 1):
        start, end = bounds[number - 1], bounds[number]
        sentence = " ".join(kept[start:end])
        why = _foreign_sentence(sentence, lang, expected, one_script=one_script,
                                words=kept_bare[start:end])
        if why:
            short = sentence if len(sentence) <= 60 else sentence[:59] + "…"
            where = f"sentence {number} of {sentences}" if sentences > 1 else "the text"
            yield f"{where} is not in '{lang}' ({why}): “{short}”"
            return


def _has_letters(text: str) -> bool:
    """Whether a text of no letters but Latin ones has `MIN_LETTERS` (its `script_counts`
    summed): its head counted first, which has them in all but the shortest texts."""
    latin = _SCRIPT_LETTERS["LATIN"]
    head = text[:4 * MIN_LETTERS]
    if len(head) - len(latin.sub("", head)) >= MIN_LETTERS:
        return True
    return len(head) < len(text) and len(text) - len(latin.sub("", text)) >= MIN_LETTERS


_MARKERS = ("_", "*")
_EMPHASIS_MARKERS = re.compile(r"(?<!\w)[*_]+|[*_]+(?!\w)")


def _unemphasised(text: str) -> list[str]:
    """The words of a text without the markers of emphasis around them, in lower case and
    without punctuation (a copy may have straight quotes for curly ones)."""
    return _bare_words(_EMPHASIS_MARKERS.sub("", text))


_SENTENCE_ENDS = frozenset(".!?…։;")


def sentence_bounds(words: list[str]) -> list[int]:
    """Where the sentences of a text of `words` (none empty, none with whitespace) joined by
    single spaces begin, and its end: a sentence ends after each word but the last that ends
    in `.!?…։;` (the text split wherever whitespace follows one of them and a word comes
    next)."""
    return [0, *(i for i in range(1, len(words)) if words[i - 1][-1] in _SENTENCE_ENDS),
            len(words)]
MIN_SENTENCE_WORDS = 6  # shorter sentences (a name, a date) are not judged one by one


def _foreign_sentence(sentence: str, lang: str, expected: str, *, words: list[str],
                      one_script: bool = False) -> str:
    """Why one sentence is in another language than `lang`, or "" when it is not (or too
    short to tell): its script, or for Latin-script languages English function words that
    langdetect (slow, so asked only then) confirms. `words`: the sentence's bare words
    (`_bare_words`); `one_script`: the text holds no letter of another script than
    `expected`."""
    if one_script and expected == "LATIN":
        # only English can be found, and its signs are fewer than the sentences with enough
        # letters: looked for first, the same answer sooner
        english = _english_words(words)
        if english < 2 or english < 0.12 * len(words):
            return ""
    counts = script_counts(sentence)
    letters = sum(counts.values())
    if letters < MIN_LETTERS or len(words) < MIN_SENTENCE_WORDS:
        return ""
    if counts[expected] / letters < 0.5:
        dominant = counts.most_common(1)[0][0]
        return f"{_SCRIPT_LANG.get(dominant, dominant)} letters"
    if expected != "LATIN":
        return ""  # the script decides: langdetect has no Armenian profile
    english = _english_words(words)
    if english < 2 or english < 0.12 * len(words):
        return ""  # no sign of English
    # English or the catalog's language? langdetect asked only that is 4x faster than asked
    # among its 55 languages, and a German sentence is never taken for Dutch or Afrikaans
    guess, prob = detect_language(sentence[:600], ("en", lang) if lang in _PROFILES else (),
                                  at_least=("en", 0.99))
    # only English: langdetect takes a short German sentence for Dutch or Afrikaans now and then
    if guess == "en" != lang and prob >= 0.99:
        return f"English, langdetect p={prob:.2f}"
    return ""


@check(
    CheckId.TERMINOLOGY,
    severity=Level.WARNING,
    description="glossary terms of the English are translated as the glossary says",
    hint="use one of the glossary's translations (any inflected form), or add the form used "
         "to the glossary",
    takes=Takes.GLOSSARY,
)
def terminology(source: str, target: str, lang: str, glossary: Glossary) -> Iterator[str]:
    missing = list(missing_terms(source, target, lang, glossary))
    if set(missing) & set(terms_in(target, glossary)):
        # the term in English in the translation: English kept as it is (a publication's
        # title) is not translated, so its terms are not checked
        missing = list(missing_terms(own_words(target, source), target, lang, glossary))
    for term in missing:
        where = f"{glossary.path}:{term.line}" if term.line else glossary.path
        accepted = " or ".join(f"'{form}'" for form in term.accepted(lang))
        yield f"'{term.source}' is not translated as the glossary says ({where}): {accepted}"
