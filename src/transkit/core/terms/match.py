"""Terminology: which glossary terms a unit's English uses, and whether its translation uses them.

The English is matched word by word, ignoring case, plurals and possessives ("peacekeepers'",
"Armenia’s"); a term in capitals ("US", "EU") is an acronym and matches in capitals only, so the
pronoun "us" is not the United States. A translation is matched with the Snowball stemmer of its
language, stem by stem in order, so that «Нагорного Карабаха» is a form of «Нагорный Карабах» and
«Լեռնային Ղարաբաղում» one of «Լեռնային Ղարաբաղ». Words are split at hyphens on both sides:
"Nagorno-Karabakh" and "Nagorno Karabakh" are the same term, „Berg-Karabachs“ is a form of
„Berg-Karabach“.

Snowball is not perfect either way. It takes a word's last letters for an ending wherever they
look like one, so it cuts «Карабах» to «караб» but «Карабаха» to «карабах»; and it leaves short
words whole, so «զտումը» keeps its article. A word therefore also matches when its stem is the
other word, and a word left whole matches a word it extends by a letter or two. Derived words
are different words («карабахский» is not «Карабах», „Waffenstillstandsabkommen“ not
„Waffenstillstand“), and so are forms whose stem changes («խորհուրդ», «խորհրդի»; «Ուկրաինա»,
«Ուկրաինայում»): a glossary lists such forms among the accepted translations.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from ..languages import primary_language
from ..source.markup import prose
from .model import Glossary, Term

# Snowball's algorithm for each language code; a language without one is matched word for word.
STEMMERS = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german",
    "el": "greek", "en": "english", "es": "spanish", "et": "estonian", "eu": "basque",
    "fa": "persian", "fi": "finnish", "fr": "french", "ga": "irish", "hi": "hindi",
    "hu": "hungarian", "hy": "armenian", "id": "indonesian", "it": "italian",
    "lt": "lithuanian", "nb": "norwegian", "ne": "nepali", "nl": "dutch", "no": "norwegian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}

# A word: letters, marks and digits, with inner apostrophes ("Russia’s", "don't"). Hyphens,
# dashes and every other mark separate words.
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*")
# Armenian writes emphasis, exclamation and question marks on a word's stressed vowel
# («Ղարաբա՞ղ»), and a soft hyphen may sit anywhere: neither ends a word.
_MARKS = "\u055b\u055c\u055e\u00ad"
_INSIDE_WORDS = str.maketrans("", "", _MARKS)


def words(text: str) -> list[str]:
    """The words of a text, as written."""
    if any(mark in text for mark in _MARKS):  # str.translate is slow: only when needed
        text = text.translate(_INSIDE_WORDS)
    return _WORD.findall(text)


# --- the English ------------------------------------------------------------------------------

_POSSESSIVE = ("'s", "’s", "'", "’")
_SIBILANT_PLURAL = ("ches", "shes", "sses", "xes", "zes")
_NOT_PLURAL = ("ss", "us", "is")


@dataclass(frozen=True)
class EnglishWord:
    """A word of the English as terms are compared: `folded` in lower case and the singular,
    `exact` as written (for acronyms), both without a possessive or plural ending."""

    folded: str
    exact: str


def _without_possessive(word: str) -> str:
    for ending in _POSSESSIVE:
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)]
    return word


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(_SIBILANT_PLURAL):
        return word[:-2]
    if word.endswith("s") and not word.endswith(_NOT_PLURAL) and len(word) > 3:
        return word[:-1]
    return word


def english_word(word: str) -> EnglishWord:
    """"Armenia’s" -> armenia, "peacekeepers'" -> peacekeeper, "NGOs" -> ngo / NGO."""
    word = _without_possessive(word)
    exact = word[:-1] if len(word) > 2 and word.endswith("s") and word[:-1].isupper() else word
    return EnglishWord(_singular(word.lower()), exact)


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def english_words(text: str) -> list[EnglishWord]:
    """The words of an English text as terms are compared."""
    return [english_word(w) for w in words(text)]


def _same_english(text: EnglishWord, term: EnglishWord) -> bool:
    """A term in capitals is an acronym and matches in capitals only ("US", not "us")."""
    if _is_acronym(term.exact):
        return text.exact == term.exact
    return text.folded == term.folded


# --- translations -----------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _stemmer(lang: str) -> Any:
    """PyStemmer's Snowball stemmer for `lang` (C: ~50 times faster than pure Python)."""
    import Stemmer

    name = STEMMERS.get(primary_language(lang))
    return Stemmer.Stemmer(name) if name else None


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")  # Russian writes ё as е as often as not


# Snowball leaves short words whole (its endings must lie in a word's second region), so
# «զտումը» keeps its article: a word the stemmer left whole also matches a word it extends by at
# most this many letters, when what they share is long enough to be a word of its own.
MAX_TAIL = 2
MIN_BASE = 4


@dataclass(frozen=True)
class Form:
    """One word of a translation: its folded spelling and its stem."""

    word: str
    stem: str

    def matches(self, other: Form) -> bool:
        """The same word in another form: the same stem; one word's stem is the other word
        (a nominative without an ending, which the stemmer took for one); or a word the stemmer
        left whole is the other with a short ending (see MAX_TAIL)."""
        if self.stem == other.stem or self.stem == other.word or self.word == other.stem:
            return True
        return _extends(self, other) or _extends(other, self)


def _extends(whole: Form, other: Form) -> bool:
    if whole.stem != whole.word:
        return False
    return any(len(base) >= MIN_BASE and whole.word.startswith(base)
               and len(whole.word) - len(base) <= MAX_TAIL for base in (other.word, other.stem))


def _form(folded: str, stemmer: Any) -> Form:
    return Form(folded, stemmer.stemWord(folded) if stemmer is not None else folded)


def forms(text: str, lang: str) -> tuple[Form, ...]:
    """The words of a text in `lang` with their stems."""
    stemmer = _stemmer(lang)
    return tuple(_form(_fold(word), stemmer) for word in words(text))


def _key(word: str) -> str:
    """A word's first two letters without accents: the same for every form of the word and
    for its stem (Snowball only changes endings), so words with other keys need no stemming."""
    key = word[:2]
    if unicodedata.is_normalized("NFD", key):
        return key
    decomposed = unicodedata.normalize("NFD", word[:4])
    return "".join(c for c in decomposed if not unicodedata.combining(c))[:2]


def _candidates(text: str, lang: str, keys: Collection[str]) -> tuple[Form | None, ...]:
    """The words of a text with their stems, None for words no term can match (their key
    is none of `keys`)."""
    stemmer = _stemmer(lang)
    out = []
    for word in words(text):
        folded = _fold(word)
        out.append(_form(folded, stemmer) if _key(folded) in keys else None)
    return tuple(out)


def contains(text: Sequence[Form | None], phrase: Sequence[Form]) -> bool:
    """True when the words of `phrase` occur in `text` one after the other, in any form."""
    if not phrase:
        return False
    first, rest = phrase[0], phrase[1:]
    for i in range(len(text) - len(phrase) + 1):
        found = text[i]
        if found is None or not found.matches(first):
            continue
        if all((other := text[i + 1 + k]) is not None and other.matches(word)
               for k, word in enumerate(rest)):
            return True
    return False


# --- a glossary -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Index:
    """A glossary made ready for matching: the terms by their first word, longest first, and
    the first three letters of those words (a plural or possessive keeps them), to pass over
    the words no term starts with without looking at them further."""

    by_first: dict[str, tuple[tuple[tuple[EnglishWord, ...], Term], ...]]
    starts: frozenset[str]


@lru_cache(maxsize=4)
def _index(glossary: Glossary) -> _Index:
    found: dict[str, list[tuple[tuple[EnglishWord, ...], Term]]] = {}
    for term in glossary.terms:
        keys = tuple(english_words(term.source))
        if keys:
            found.setdefault(keys[0].folded, []).append((keys, term))
    return _Index({first: tuple(sorted(items, key=lambda item: -len(item[0])))
                   for first, items in found.items()},
                  frozenset(first[:3] for first in found))


def terms_in(source: str, glossary: Glossary) -> list[Term]:
    """The glossary terms the English uses, in order of first use, each once; read from the
    words a reader sees, never from link targets, URLs, inline code or a shortcode's settings
    (`{{< ref "/water-crisis-in-ararat-valley" >}}` names no "Ararat Valley").

    Where terms overlap, the longest wins: "Karabakh" inside "Nagorno-Karabakh" is not a term
    of its own.
    """
    index = _index(glossary)
    text = words(prose(source))
    found: dict[Term, None] = {}
    i = 0
    while i < len(text):
        if text[i][:3].lower() not in index.starts:
            i += 1
            continue
        for term_words, term in index.by_first.get(english_word(text[i]).folded, ()):
            span = text[i : i + len(term_words)]
            if len(span) == len(term_words) and all(
                _same_english(english_word(a), b) for a, b in zip(span, term_words, strict=True)
            ):
                found.setdefault(term)
                i += len(term_words)
                break
        else:
            i += 1
    return list(found)


@lru_cache(maxsize=4096)
def _accepted_forms(term: Term, lang: str) -> tuple[tuple[Form, ...], ...]:
    return tuple(forms(text, lang) for text in term.accepted(lang))


def missing_terms(source: str, target: str, lang: str, glossary: Glossary) -> Iterator[Term]:
    """The terms of the English whose accepted translations into `lang` the translation lacks
    in every form. Terms without a translation into `lang` are not checked."""
    checked = [(term, accepted) for term in terms_in(source, glossary)
               if (accepted := _accepted_forms(term, lang))]
    if not checked:
        return
    keys = {_key(part) for _, accepted in checked for phrase in accepted for form in phrase
            for part in (form.word, form.stem)}
    text = _candidates(prose(target), lang, keys)
    for term, accepted in checked:
        if not any(contains(text, phrase) for phrase in accepted):
            yield term
