"""The memory's index on disk answers as the memory it indexes: real human translations
(``tests/data/real``) and text made from them, asked for units, sentences and suggestions, give
what a memory that keeps every segment of every pair apart gives (`Reference`, the model the
index replaced); a catalog edited after it was indexed never answers with a text it no longer
holds."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from pathlib import Path

import polib
from rapidfuzz import fuzz

from transkit.config import load_config
from transkit.core.po.catalog import new_catalog
from transkit.core.po.entries import fold
from transkit.core.po.pofile import format_po
from transkit.core.source.segment import segment_markdown, source_texts
from transkit.core.sync.memory import (
    HOT,
    Kind,
    Remembered,
    Segment,
    best,
    pair_id,
    segments,
    suggestions,
    text_places,
)
from transkit.runs.memory import language_memory, memory_session
from transkit.store.cache import CACHE_DIR

REAL = Path(__file__).resolve().parent / "data" / "real"
SITES = {"letsencrypt": ("de", "ru"), "cncf-glossary": ("de", "ru"), "opensource-guide": ("de",)}
THRESHOLD = 75.0


class Reference:
    """A `Lookup` that keeps every segment (`segments`) of every pair (language, English,
    translation) apart, each with its own sketch: what the index kept before it kept each
    English once."""

    def __init__(self, lang: str, items: Sequence[Remembered]) -> None:
        self.places: dict[int, list[Remembered]] = {}
        made: dict[int, list[Segment]] = {}
        for item in items:
            pair = pair_id(lang, item.english, item.target)
            self.places.setdefault(pair, []).append(item)
            made.setdefault(pair, segments(lang, item.english, item.target))
        self.segments = [(pair, s) for pair, found in sorted(made.items()) for s in found]
        self.holding: dict[int, set[int]] = {}  # sketch hash -> segments
        for i, (_, s) in enumerate(self.segments):
            for h in s.sketch:
                self.holding.setdefault(h, set()).add(i)

    def _items(self, i: int) -> list[Remembered]:
        pair, s = self.segments[i]
        return [Remembered(s.english, s.target, r.article, r.line, r.obsolete)
                for r in self.places[pair]]

    def exact(self, key: int, *, units: bool) -> Sequence[Remembered]:
        return [r for i, (_, s) in enumerate(self.segments)
                if s.key == key and (s.kind == Kind.UNIT or not units) for r in self._items(i)]

    def candidates(self, sketch: Sequence[int], shortest: int, longest: int, *,
                   units: bool) -> Sequence[tuple[int, str]]:
        present = [h for h in sketch if h in self.holding]
        useful = [h for h in present if len(self.holding[h]) <= HOT]
        if not useful:
            useful = sorted(present, key=lambda h: (len(self.holding[h]), h))[:2]
        found = sorted({i for h in useful for i in self.holding[h]})
        return [(i, self.segments[i][1].english) for i in found
                if shortest <= self.segments[i][1].length <= longest
                and (self.segments[i][1].kind == Kind.UNIT or not units)]

    def remembered(self, ids: Sequence[int]) -> Sequence[tuple[int, Remembered]]:
        return [(i, r) for i in ids for r in self._items(i)]


def real_pairs(lang: str) -> list[tuple[str, str, str]]:
    """(article, English, translation) of the real pages whose translation has the English
    page's units, unit for unit."""
    out: list[tuple[str, str, str]] = []
    for site, langs in SITES.items():
        if lang not in langs:
            continue
        for page in sorted((REAL / site / "en").rglob("*.md")):
            other = REAL / site / lang / page.relative_to(REAL / site / "en")
            if not other.is_file():
                continue
            ours = source_texts(segment_markdown(page.read_text(encoding="utf-8")))
            theirs = source_texts(segment_markdown(other.read_text(encoding="utf-8")))
            if len(ours) == len(theirs):
                article = f"{site}-{page.stem}"
                out.extend((article, e, t) for e, t in zip(ours, theirs, strict=True) if e != t)
    return out


def edited(text: str, rng: random.Random) -> str:
    """The text with a few words swapped, dropped or doubled."""
    words = text.split(" ")
    for _ in range(rng.randrange(1, 4)):
        at = rng.randrange(len(words))
        move = rng.randrange(3)
        if move == 0:
            words[at] = rng.choice(words)
        elif move == 1 and len(words) > 3:
            del words[at]
        else:
            words.insert(at, words[at])
    return " ".join(words)


def write_catalogs(root: Path, lang: str, pairs: Sequence[tuple[str, str, str]],
                   rng: random.Random) -> None:
    """The pairs as catalogs of their articles, some entries obsolete, some fuzzy, some
    English translated twice (in two articles), some whitespace changed."""
    by_article: dict[str, list[tuple[str, str]]] = {}
    for article, english, target in pairs:
        by_article.setdefault(article, []).append((english, target))
    folder = root / "locales" / lang
    folder.mkdir(parents=True, exist_ok=True)
    for n, (article, found) in enumerate(sorted(by_article.items())):
        po = new_catalog(lang=lang, project="P", slug=article, title="T")
        seen = set()
        for u, (english, target) in enumerate(found):
            if english in seen:
                continue
            seen.add(english)
            entry = polib.POEntry(msgid=english, msgstr=target,
                                  occurrences=[(f"sources/{article}.md", str(u + 1))])
            roll = rng.random()
            if roll < 0.05:
                entry.obsolete = True
            elif roll < 0.1:
                entry.flags = ["fuzzy"]
            po.append(entry)
        if n % 3 == 0 and found:  # another translation of an English of another article
            english, target = pairs[rng.randrange(len(pairs))][1:]
            if english not in seen:
                po.append(polib.POEntry(msgid=english, msgstr=target.upper(),
                                        occurrences=[(f"sources/{article}.md", "99")]))
        (folder / f"{article}.po").write_text(format_po(po), encoding="utf-8")


def questions(pairs: Sequence[tuple[str, str, str]], rng: random.Random) -> list[str]:
    """The English of some units as it is and edited, their sentences, and new ones."""
    texts = [e for _, e, _ in pairs]
    chosen = rng.sample(texts, min(60, len(texts)))
    out = [*chosen, *(edited(t, rng) for t in chosen)]
    for text in chosen[:30]:
        parts = re.split(r"(?<=[.!?]) ", text)
        out.extend(parts)
        out.extend(edited(p, rng) for p in parts if " " in p)
    out.append("  ".join(chosen[0].split(" ")))  # the same up to whitespace
    out.append("A sentence nobody wrote. And another one.")
    return list(dict.fromkeys(t for t in out if t.strip()))


def everything(root: Path, lang: str) -> list[Remembered]:
    """What the catalogs of a language remember now, read by the pure reader."""
    out: list[Remembered] = []
    for path in sorted((root / "locales" / lang).glob("*.po")):
        text = path.read_text(encoding="utf-8")
        out.extend(Remembered(p.english, p.target, path.stem, p.line, p.obsolete)
                   for p in text_places(text, path=path.name))
    return out


def ask_both(root: Path, lang: str, texts: Sequence[str]) -> None:
    config = load_config(root)
    reference = Reference(lang, everything(root, lang))
    with memory_session(config) as session:
        session.refresh([lang])
        memory = language_memory(session.ref, lang)
        assert memory is not None
        for text in texts:
            for units in (True, False):
                assert best(lang, text, memory, threshold=THRESHOLD, limit=3, units=units) == \
                    best(lang, text, reference, threshold=THRESHOLD, limit=3, units=units), text
            assert suggestions(lang, text, memory, threshold=THRESHOLD) == \
                suggestions(lang, text, reference, threshold=THRESHOLD), text


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "sources").mkdir(parents=True)
    (root / "transkit.toml").write_text('languages = ["de", "ru"]\n', encoding="utf-8")
    return root


def test_the_index_answers_as_a_memory_of_every_pair_on_real_translations(
    tmp_path: Path,
) -> None:
    rng = random.Random(11)
    root = project(tmp_path)
    asked = {}
    for lang in ("de", "ru"):
        pairs = real_pairs(lang)
        assert len(pairs) > 100
        write_catalogs(root, lang, pairs, rng)
        asked[lang] = questions(pairs, rng)
    for lang in ("de", "ru"):
        ask_both(root, lang, asked[lang])
    assert (root / CACHE_DIR / "memory.sqlite").is_file()


def test_common_word_pairs_are_counted_per_language_as_before(tmp_path: Path) -> None:
    """Generated text where a few word pairs are in hundreds of sketches (`HOT`), one English
    translated in both languages and twice in one: the common pairs are told apart from the
    rare ones exactly as a memory of every pair tells them."""
    rng = random.Random(3)
    root = project(tmp_path)
    vocabulary = ["the", "state", "of", "a", "report", "on", "in", "and", "border", "road",
                  "water", "trade", "is", "was", "it", "by"]
    pairs = []
    made = []
    for i in range(400):
        words = [rng.choice(vocabulary[:6]) for _ in range(rng.randrange(3, 9))]
        words.append(f"w{i % 97}")
        english = " ".join(words).capitalize() + f". Then {' '.join(words[:3])} again."
        made.append((english, f"Übersetzung {i}. Noch {i}."))
    for i in range(900):  # most pairs in two or three catalogs
        english, target = made[i % len(made)]
        pairs.append((f"a{i % 41}", english, target if i % 7 else target.upper()))
    # a word pair in the sketches of 150 pairs (not too common to follow), each pair in two
    # catalogs: 300 places
    for i in range(300):
        pairs.append((f"b{i % 2}", f"Alpha beta x{i // 2} y{i // 2}", f"Alpha beta {i // 2}"))
    for lang in ("de", "ru"):
        write_catalogs(root, lang, pairs if lang == "de" else pairs[::2], rng)
    texts = [edited(e, rng) for _, e, _ in pairs[:40]] + [e.split(". ")[0] for _, e, _ in
                                                          pairs[:40]]
    texts.extend(f"Alpha beta x{i} z" for i in range(5))
    for lang in ("de", "ru"):
        ask_both(root, lang, texts)


def test_a_catalog_edited_after_indexing_never_answers_with_what_it_no_longer_holds(
    tmp_path: Path,
) -> None:
    rng = random.Random(5)
    root = project(tmp_path)
    pairs = real_pairs("de")
    write_catalogs(root, "de", pairs, rng)
    config = load_config(root)
    texts = questions(pairs, rng)
    with memory_session(config) as session:
        session.refresh(["de"])
    # every second catalog edited: half its translations changed, lines added before every
    # entry (so what is unchanged has moved)
    for n, path in enumerate(sorted((root / "locales" / "de").glob("*.po"))):
        if n % 2:
            continue
        po = polib.pofile(str(path))
        for i, entry in enumerate(po):
            if entry.msgstr and i % 2:
                entry.msgstr = f"NEU {entry.msgstr}"
            entry.comment = "added later\nover two lines"
        path.write_text(format_po(po), encoding="utf-8")
    now: dict[tuple[str, int], Remembered] = {(r.article, r.line): r
                                              for r in everything(root, "de")}
    answered = 0
    with memory_session(config) as session:  # asked without a refresh
        memory = language_memory(session.ref, "de")
        assert memory is not None
        for text in texts:
            for units in (True, False):
                for match in best("de", text, memory, threshold=THRESHOLD, limit=3,
                                  units=units):
                    answered += 1
                    if match.exact:  # the English scored is the English answered with
                        assert fold(match.english) == fold(text)
                    else:
                        assert fuzz.ratio(text, match.english) == match.score
                    held = now.get((match.article, match.line))
                    assert held is not None, match
                    if units:
                        assert (held.english, held.target) == (match.english, match.target)
                    else:
                        assert match.english in held.english and match.target in held.target
    assert answered > 50
    ask_both(root, "de", texts[:40])  # refreshed: the catalogs as they are now


def test_a_catalog_rewritten_at_the_same_size_and_time_is_caught_by_the_pair(
    tmp_path: Path,
) -> None:
    """Two translations swapped in place, the file's size and time put back: its stat says
    it is as indexed, but what stands at each place is not the indexed pair, so it is not an
    answer."""
    import os

    root = project(tmp_path)
    one = "The road to the border was closed in April."
    two = "The water of the lake was shared by both."
    po = new_catalog(lang="de", project="P", slug="a", title="T")
    po.append(polib.POEntry(msgid=one, msgstr="Die Straße war zu.",
                            occurrences=[("sources/a.md", "1")]))
    po.append(polib.POEntry(msgid=two, msgstr="Das Wasser, geteilt.",
                            occurrences=[("sources/a.md", "2")]))
    path = root / "locales" / "de" / "a.po"
    path.parent.mkdir(parents=True)
    path.write_text(format_po(po), encoding="utf-8")
    config = load_config(root)
    with memory_session(config) as session:
        session.refresh(["de"])
        memory = language_memory(session.ref, "de")
        assert memory is not None
        assert best("de", one, memory, threshold=THRESHOLD)[0].target == "Die Straße war zu."
    before = os.stat(path)
    data = path.read_bytes()
    swapped = (data.replace("Die Straße war zu.".encode(), b"\0")
               .replace(b"Das Wasser, geteilt.", "Die Straße war zu.".encode())
               .replace(b"\0", b"Das Wasser, geteilt."))
    assert len(swapped) == len(data) and swapped != data
    with path.open("r+b") as file:
        file.write(swapped)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (os.stat(path).st_size, os.stat(path).st_mtime_ns, os.stat(path).st_ino) == (
        before.st_size, before.st_mtime_ns, before.st_ino)
    with memory_session(config) as session:  # asked without a refresh
        memory = language_memory(session.ref, "de")
        assert memory is not None
        assert best("de", one, memory, threshold=THRESHOLD) == []
        assert best("de", two, memory, threshold=THRESHOLD, units=False) == []
