"""Plain prose is wrapped without Unicode's line-break tables: held to the general path.

`core.po.pofile._wrapped_prose` finds the breaks of plain prose (`_is_prose`) by a rule (after a
run of spaces, after a hyphen before a letter); the general path cuts the text into the pieces
that `line_break_units` and libunistring's departure give (`_pieces`). The rule is checked
against the pieces for every string of up to five characters of its kinds (six were checked
once), and the wrapping against the general path for long random prose at several widths."""

from __future__ import annotations

import itertools
import random
from itertools import accumulate

import pytest

from transkit.core.po import pofile
from transkit.core.po.pofile import (
    _break_after,
    _break_before,
    _is_prose,
    _pieces,
    _wrapped,
    _wrapped_prose,
)

# one character of each kind `_is_prose` admits, as line breaking tells them apart: a letter, a
# digit, a space, infix and exclamation marks, quotes, a hyphen, letters that are symbols, and
# brackets
KINDS = "a0 ,:!’'-*[](), "


def breaks_by_pieces(text: str) -> list[int]:
    return list(accumulate(map(len, _pieces(text))))[:-1]


def breaks_by_rule(text: str) -> list[int]:
    """Every break of plain prose, as `_break_before` and `_break_after` find them."""
    found: list[int] = []
    at = 0
    while True:
        at = _break_after(text, at)
        if at >= len(text):
            return found
        assert _break_before(text, 0, at) == at  # searched back from it, it is the last
        found.append(at)


@pytest.mark.parametrize("length", range(1, 6))
def test_the_rule_gives_the_breaks_of_every_short_string_of_plain_prose(length: int) -> None:
    checked = 0
    for chars in itertools.product(sorted(set(KINDS)), repeat=length):
        text = "".join(chars)
        if _is_prose(text):
            checked += 1
            assert breaks_by_rule(text) == breaks_by_pieces(text), text
    assert checked > 0


def random_prose(rng: random.Random) -> str:
    words = ["Nagorno-Karabakh", "the", "Azerbaijan’s", "peace", "2023", "A", "self-defence",
             "*emphasis*", "[^3]", "[link](x)", "(aside)", "it's", "stop.", "comma,", "what?",
             "(1990-1994)", "-", "X-ray", "a-", "re-(un)known", "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "end!", "’quote’"]
    text = ""
    for _ in range(rng.randrange(1, 150)):
        text += rng.choice(words) + " " * rng.choice((1, 1, 1, 1, 2, 3))
    return text.rstrip(" ") if rng.random() < 0.8 else text


LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789*^’'"


def random_words(rng: random.Random) -> str:
    """Words of any of the letters `_is_prose` admits, joined by spaces or hyphens, some ending
    in a mark or a bracket: each letter and mark is held to the general path alike."""
    words = []
    for _ in range(rng.randrange(1, 80)):
        word = "".join(rng.choice(LETTERS) for _ in range(rng.randrange(1, 12)))
        words.append(word + rng.choice(("", "", "", ",", ".", ";", ":", "!", "?", ")", "]")))
    return "".join(word + rng.choice(("-", " ", " ", " ", "  ")) for word in words)


def test_plain_prose_is_wrapped_as_the_general_path_wraps_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(14)
    cases: list[tuple[str, int, int]] = []
    while len(cases) < 3000:
        text = random_prose(rng) if len(cases) % 2 else random_words(rng)
        if _is_prose(text):
            cases.append((text, rng.choice((1, 4, 8)), rng.choice((10, 30, 78, 200))))
    got = [_wrapped(text, start, width, 1) for text, start, width in cases]
    # the general path: plain prose taken for what it is not
    monkeypatch.setattr(pofile, "_is_prose", lambda text: False)
    want = [_wrapped(text, start, width, 1) for text, start, width in cases]
    assert got == want
    assert [_wrapped_prose(text, start, width, 1) for text, start, width in cases] == want
