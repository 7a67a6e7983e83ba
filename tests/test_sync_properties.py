"""Properties of sync over random editorial histories: no translation is ever lost, and
a second sync changes nothing.

An article is a list of headings and paragraphs built from words (names, numbers and negations
among them, so drift classification is exercised too). Each step applies one editorial edit,
re-wraps the paragraphs at random (so re-wrapping is part of every step), syncs, saves and
re-reads the catalog as a file would be, and then lets a translator work: translate some open
entries, confirm some fuzzy ones, re-translate others.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transkit.core.po.catalog import new_catalog
from transkit.core.po.pofile import format_po, parse_po
from transkit.core.source.markup import has_words
from transkit.core.source.segment import segment_markdown
from transkit.core.sync.update import in_step, sync_catalog

pytestmark = pytest.mark.slow  # real processes, peers or long property searches

REFERENCE = "sources/article.md"
NBSP = "\u00a0"
LOWER = [
    "the", "peacekeepers", "ceasefire", "corridor", "blockade", "mission", "statement",
    "deal", "of", "in", "and", "to", "did", "not", "prevent", "never", "without", "talks",
    "region", "village", "border", "security", "war", "after", "before", "was", "were",
]
NAMES = ["Russia", "Armenia", "Azerbaijan", "Moscow", "Lachin", "OSCE", "July", "Lavrov"]
NUMBERS = ["2020", "2021", "2023", "19", "21", "1991"]
WORDS = st.sampled_from(LOWER * 3 + NAMES + NUMBERS)
FIRST = st.sampled_from(["In", "After", "Russian", "Armenian", "Lavrov", "The", "Since"])

# translations carry a unique marker, so containment can be checked whatever sync joins
MARK = re.compile(r"⟨\d+⟩")
LIST_MARKER = re.compile(r"\d+[.)]")


@st.composite
def sentence(draw: st.DrawFn) -> list[str]:
    body = draw(st.lists(WORDS, min_size=2, max_size=10))
    return [draw(FIRST), *body[:-1], body[-1] + "."]


@st.composite
def paragraph(draw: st.DrawFn) -> tuple[str, list[str]]:
    sentences = draw(st.lists(sentence(), min_size=1, max_size=3))
    return ("p", list(itertools.chain.from_iterable(sentences)))


@st.composite
def heading(draw: st.DrawFn) -> tuple[str, list[str]]:
    return ("h", [draw(FIRST), *draw(st.lists(WORDS, min_size=1, max_size=5))])


BLOCK = st.one_of(paragraph(), paragraph(), heading())
Block = tuple[str, list[str]]


def render(blocks: list[Block], breaks: list[bool]) -> str:
    """Markdown for the blocks; `breaks` says where paragraphs wrap (a soft line break)."""
    chunks = []
    wraps = itertools.cycle(breaks or [False])
    for kind, words in blocks:
        if kind == "h":
            chunks.append("## " + " ".join(words))
        else:
            line = words[0]
            for word in words[1:]:
                line += ("\n" if next(wraps) else " ") + word
            chunks.append(line)
    return "\n\n".join(chunks) + "\n"


def edit(data: st.DataObject, history: list[list[Block]]) -> list[Block]:
    """One editorial edit of the latest article, or a revert to an earlier one (a new list)."""
    draw = data.draw
    blocks = [(kind, list(words)) for kind, words in history[-1]]
    n = len(blocks)
    paras = [i for i, (kind, _) in enumerate(blocks) if kind == "p"]
    kind = draw(
        st.sampled_from(
            ["revert", "delete", "words", "split", "merge", "swap", "duplicate", "nbsp", "insert"]
        )
    )
    if kind == "revert" and len(history) > 1:
        blocks = [(k, list(words)) for k, words in draw(st.sampled_from(history[:-1]))]
    elif kind == "insert" or n == 0:
        blocks.insert(draw(st.integers(0, n)), draw(BLOCK))
    elif kind == "delete" and n > 1:
        del blocks[draw(st.integers(0, n - 1))]
    elif kind == "swap" and n > 1:
        i, j = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        blocks[i], blocks[j] = blocks[j], blocks[i]
    elif kind == "split" and paras:
        i = draw(st.sampled_from(paras))
        words = blocks[i][1]
        # a paragraph may not open with "2020." or Markdown reads an ordered list
        cuts = [at for at in range(1, len(words)) if not LIST_MARKER.match(words[at])]
        if cuts:
            at = draw(st.sampled_from(cuts))
            blocks[i : i + 1] = [("p", words[:at]), ("p", words[at:])]
    elif kind == "merge":
        pairs = [i for i in paras if i + 1 < n and blocks[i + 1][0] == "p"]
        if pairs:
            i = draw(st.sampled_from(pairs))
            blocks[i : i + 2] = [("p", blocks[i][1] + blocks[i + 1][1])]
    elif kind == "duplicate" and paras:
        copy = blocks[draw(st.sampled_from(paras))]
        blocks.insert(draw(st.integers(0, n)), ("p", list(copy[1])))
    elif kind == "nbsp":
        i = draw(st.integers(0, n - 1))
        words = blocks[i][1]
        if len(words) > 1:
            at = draw(st.integers(0, len(words) - 2))
            words[at : at + 2] = [words[at] + NBSP + words[at + 1]]
    else:  # words: replace, insert or delete one word of one block
        i = draw(st.integers(0, n - 1))
        words = blocks[i][1]
        at = draw(st.integers(1, len(words)))
        action = draw(st.sampled_from(["replace", "insert", "delete"]))
        if action == "insert":
            words.insert(at, draw(WORDS))
        elif at < len(words):
            if action == "delete":
                del words[at]
            else:
                words[at] = draw(WORDS)
    return blocks


@dataclass
class Translator:
    """Enters translations with unique markers and remembers which ones must survive."""

    counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    entered: set[str] = field(default_factory=set)

    def work(self, data: st.DataObject, catalog: polib.POFile) -> None:
        draw = data.draw
        for entry in catalog:
            if entry.obsolete or not entry.msgid:
                continue
            choice = draw(st.sampled_from(["skip", "translate", "confirm", "retranslate"]))
            if not entry.msgstr and choice != "skip":
                self._translate(entry)
            elif "fuzzy" in entry.flags and choice == "confirm":
                entry.flags.remove("fuzzy")  # reviewed: the carried translation is right
                entry.previous_msgid = None
            elif "fuzzy" in entry.flags and choice == "retranslate":
                # the translator replaces the carried text on purpose: it need not survive
                self.entered -= set(MARK.findall(entry.msgstr))
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
                self._translate(entry)

    def _translate(self, entry: polib.POEntry) -> None:
        mark = f"⟨{next(self.counter)}⟩"
        entry.msgstr = f"Übersetzung {mark} von „{entry.msgid[:20]}“"
        self.entered.add(mark)


def saved(catalog: polib.POFile) -> polib.POFile:
    """The catalog as the next run reads it back from disk."""
    return parse_po(format_po(catalog), path="de.po")


def present(catalog: polib.POFile) -> set[str]:
    """Markers held by any entry that format_po writes: active, or obsolete with a translation."""
    return {mark for entry in catalog for mark in MARK.findall(entry.msgstr)}


@settings(max_examples=80, deadline=None)
@given(st.lists(BLOCK, min_size=1, max_size=7), st.data())
def test_no_translation_is_lost_and_sync_is_stable(
    blocks: list[Block], data: st.DataObject
) -> None:
    translator = Translator()
    catalog = new_catalog(lang="de", project="P", slug="article", title="Article")
    history = [blocks]
    for step in range(data.draw(st.integers(2, 8), label="steps")):
        if step:
            blocks = edit(data, history)
            history.append(blocks)
        breaks = data.draw(st.lists(st.booleans(), max_size=6), label="wrapping")
        document = segment_markdown(render(blocks, breaks), path="article.md")
        # a block of numbers alone ("2020 2020.", after a split) has nothing to translate
        assert [s.text.replace(NBSP, " ") for s in document.segments] == [
            " ".join(words).replace(NBSP, " ") for _, words in blocks
            if has_words(" ".join(words))
        ]

        known = {e.msgid: e.msgstr for e in catalog if e.msgid and e.msgstr}
        confirmed = {e.msgid for e in catalog if e.msgid in known and "fuzzy" not in e.flags}
        result = sync_catalog(catalog, document, reference=REFERENCE)
        # check's shortcut for freshness never calls a stale catalog fresh
        if in_step(catalog, document):
            assert not result.stats.content_changed, f"step {step}: {result.stats}"
        text = format_po(result.catalog)
        catalog = parse_po(text, path="de.po")
        assert in_step(catalog, document), f"step {step}: a synced catalog is not in step"
        # English translated before (even if removed since) gets that translation back, and a
        # confirmed one stays confirmed wherever its paragraph moved
        for entry in catalog:
            if not entry.obsolete and entry.msgid in known:
                assert entry.msgstr == known[entry.msgid], f"step {step}: {entry.msgid!r}"
                if entry.msgid in confirmed:
                    assert "fuzzy" not in entry.flags, f"step {step}: {entry.msgid!r}"
        lost = translator.entered - present(catalog)
        assert not lost, f"step {step}: translations {sorted(lost)} were lost\n{text}"

        again = format_po(sync_catalog(saved(catalog), document, reference=REFERENCE).catalog)
        assert again == text, f"step {step}: a second sync changed the catalog"

        active = {e.msgid for e in catalog if not e.obsolete and e.msgid}
        assert active == {s.text for s in document.segments}

        translator.work(data, catalog)
        catalog = saved(catalog)
