"""The memory a sync asks many questions (`core.sync.memory.Units`, read by
`runs.recall.units_memories`) answers exactly as the persistent index (`store.memory`) does:
the same units with the same key, the same candidates (sketch hashes, the HOT rule and its
fallback, length bounds), the same `best` answers and tie order; and a sync filling from it
writes the catalogs a sync filling from the index writes."""

from __future__ import annotations

import random
import re
import shutil
import zlib
from collections.abc import Sequence
from pathlib import Path

import polib
import pytest

import transkit.runs.memory
import transkit.runs.recall
import transkit.runs.sync
from transkit.config import load_config
from transkit.core.po.catalog import new_catalog
from transkit.core.po.entries import fold
from transkit.core.po.pofile import format_po
from transkit.core.sync.memory import (
    HOT,
    Asked,
    Kind,
    Lookup,
    Remembered,
    Units,
    best,
    length_bounds,
    sketch,
    text_key,
    unit_hashes,
)
from transkit.runs.memory import language_memory, memory_session
from transkit.runs.recall import units_memories
from transkit.store.cache import CACHE_DIR

from .conftest import Run
from .test_memory import refusing
from .test_real_checks import imported

THRESHOLDS = (60.0, 80.0, 95.0)


def _order(r: Remembered) -> tuple[str, str, str, int, bool]:
    return (r.english, r.target, r.article, r.line, r.obsolete)


def assert_answers_alike(root: Path, lang: str, questions: Sequence[str],
                         threshold: float) -> tuple[int, int, int]:
    """Units and the index give the same exact units, candidates and `best` answers to every
    question; (exact answers, similar ones, none) of `best`."""
    config = load_config(root)
    units = units_memories(config, [Asked(lang, tuple(questions), threshold)])[lang]
    tally = [0, 0, 0]
    with memory_session(config) as session:
        session.refresh([lang])
        index = language_memory(session.ref, lang)
        assert index is not None
        for text in questions:
            key = text_key(lang, text)
            assert sorted(units.exact(key, units=True), key=_order) == sorted(
                index.exact(key, units=True), key=_order), text
            hashes = sketch(lang, text, Kind.UNIT)
            shortest, longest = length_bounds(len(fold(text)), threshold)
            ours = units.candidates(hashes, shortest, longest, units=True)
            theirs = index.candidates(hashes, shortest, longest, units=True)
            assert sorted(e for _, e in ours) == sorted(e for _, e in theirs), text
            assert sorted((r for _, r in units.remembered([i for i, _ in ours])), key=_order) \
                == sorted((r for _, r in index.remembered([i for i, _ in theirs])), key=_order)
            for limit in (1, 3):
                found = best(lang, text, units, threshold=threshold, limit=limit)
                assert found == best(lang, text, index, threshold=threshold, limit=limit), text
            first = best(lang, text, units, threshold=threshold)
            tally[0 if first and first[0].exact else 1 if first else 2] += 1
    return tally[0], tally[1], tally[2]


def edited(rng: random.Random, text: str) -> str:
    """`text` with a few of its words dropped, doubled, swapped or replaced."""
    words = text.split(" ")
    for _ in range(rng.randrange(1, 4)):
        at = rng.randrange(len(words))
        how = rng.randrange(4)
        if how == 0 and len(words) > 2:
            del words[at]
        elif how == 1:
            words.insert(at, words[at])
        elif how == 2:
            other = rng.randrange(len(words))
            words[at], words[other] = words[other], words[at]
        else:
            words[at] = rng.choice(words)
    return " ".join(words)


# --- real human translations ----------------------------------------------------------------


@pytest.mark.slow
def test_real_translations_are_recalled_as_the_index_recalls_them(
    run: Run, tmp_path: Path
) -> None:
    """The human translations of tests/data/real, imported into catalogs: questions that are
    their English, the same up to whitespace, edited, or unrelated."""
    for site, lang in (("letsencrypt", "de"), ("cncf-glossary", "ru")):
        root = imported(run, tmp_path / f"{site}-{lang}", site, lang)
        english = sorted({e.msgid for p in sorted((root / "locales").rglob("*.po"))
                          for e in polib.pofile(str(p)) if e.msgid and e.translated()})
        assert len(english) >= 60
        rng = random.Random(11)
        chosen = rng.sample(english, 60)
        questions = [*chosen[:10], *(t.replace(" ", "  ", 2) for t in chosen[10:15]),
                     *(edited(rng, t) for t in chosen[15:]),
                     "Nothing like anything translated here, not even close to it."]
        exact = similar = 0
        for threshold in THRESHOLDS:
            found = assert_answers_alike(root, lang, questions, threshold)
            exact, similar = exact + found[0], similar + found[1]
        assert exact >= 15 * len(THRESHOLDS) and similar >= 20, (site, exact, similar)


# --- generated text: ties, the HOT rule ----------------------------------------------------

WORDS = ["river", "mountain", "border", "village", "market", "winter", "letter", "garden",
         "station", "doctor", "teacher", "summer", "window", "bridge", "harbour", "forest",
         "island", "castle", "museum", "airport", "kitchen", "library", "valley", "mirror",
         "ladder", "pocket", "basket", "jacket", "rocket", "carpet"]


def rare_pair(prefix: str) -> str:
    """Two words whose pair's CRC-32 is so small that it is in the sketch of every text
    holding it (found the same way every time)."""
    for i in range(1_000_000):
        pair = f"{prefix}{i} {prefix}"
        if zlib.crc32(pair.encode()) < 1 << 20:
            return pair
    raise AssertionError("no such pair")


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def write_catalogs(root: Path, lang: str,
                   catalogs: dict[str, list[tuple[str, str, bool]]]) -> None:
    """A project with one catalog per article: (English, translation, obsolete) each; a
    translation "F" is fuzzy."""
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "transkit.toml").write_text(f'languages = ["{lang}"]\n', encoding="utf-8")
    folder = root / "locales" / lang
    folder.mkdir(parents=True, exist_ok=True)
    for article, units in catalogs.items():
        po = new_catalog(lang=lang, project="P", slug=article, title="T")
        for n, (english, target, obsolete) in enumerate(units):
            po.append(polib.POEntry(msgid=english, msgstr=target, obsolete=obsolete,
                                    flags=["fuzzy"] if target == "F" else [],
                                    occurrences=[] if obsolete else
                                    [(f"sources/{article}.md", str(n + 1))]))
        (folder / f"{article}.po").write_text(format_po(po), encoding="utf-8")


def generated(root: Path) -> list[str]:
    """Catalogs whose sketches hold a word pair at HOT translations exactly, one in a
    translation more (HOT + 1 translations, fewer English texts and more places: what counts
    is translations), and one in very many short units; ties of every kind. The questions."""
    rng = random.Random(3)
    at_hot, past_hot, crowded = rare_pair("zq"), rare_pair("xv"), rare_pair("kw")
    crowded_too, crowded_also = rare_pair("qj"), rare_pair("mz")
    catalogs: dict[str, list[tuple[str, str, bool]]] = {f"a{n:02}": [] for n in range(12)}
    names = sorted(catalogs)

    def put(english: str, target: str, obsolete: bool = False) -> None:
        """In a catalog that does not have this English yet (a catalog has one entry of it)."""
        free = [n for n in names if all(e != english for e, _, _ in catalogs[n])]
        catalogs[rng.choice(free)].append((english, target, obsolete))

    for i in range(HOT):  # at HOT translations: still followed
        put(f"{sentence(rng, 6)} {at_hot} {sentence(rng, 6)}", f"Z{i}")
    for i in range(HOT - 10):  # HOT + 1 translations of HOT - 10 English texts: not followed
        english = f"{sentence(rng, 6)} {past_hot} {sentence(rng, 6)}"
        put(english, f"X{i}")
        put(english, f"X{i}", obsolete=True)  # the same translation elsewhere: no more
        if i <= 10:
            put(english, f"Y{i}")  # another translation: one more
    for pair, many in ((crowded, 3 * HOT), (crowded_too, 2 * HOT), (crowded_also, 2 * HOT + 9)):
        for i in range(many):  # short units, all with the same common pair
            put(f"{pair} w{i}", f"{pair[:2].upper()}{i}")
    base = [sentence(rng, rng.randrange(8, 30)) for _ in range(150)]
    for i, english in enumerate(base):
        put(english, f"T{i}")
        if i % 5 == 0:  # the same English, translated again elsewhere: ties of translations
            put(english, f"U{i}")
            put(english, f"T{i}")
        if i % 7 == 0:
            put(english, f"O{i}", obsolete=True)
        if i % 11 == 0:
            put(english.replace(" ", "  ", 1), f"W{i}")  # the same up to whitespace
        if i % 3 == 0:
            put(edited(rng, english), f"E{i}")
    put("---", "—")  # no word: no sketch, found by its key only
    for english in base[:20]:
        put(english, "F")  # fuzzy translations are not remembered
    write_catalogs(root, "de", catalogs)
    hot_units = [english for units in catalogs.values() for english, _, _ in units
                 if at_hot in english or past_hot in english]
    return [*base[:40], *(edited(rng, t) for t in base[40:120]),
            *(edited(rng, t) for t in hot_units[::25]),
            f"{sentence(rng, 4)} {at_hot} {sentence(rng, 2)} {past_hot} {sentence(rng, 4)}",
            crowded, f"{crowded} w", f"{crowded} w1 w", f"{crowded} {crowded_too} {crowded_also}",
            "---", "Nothing of the kind."]


def test_generated_memory_is_recalled_as_the_index_recalls_it(tmp_path: Path) -> None:
    questions = generated(tmp_path)
    exact, similar, none = assert_answers_alike(tmp_path, "de", questions, 80.0)
    assert exact >= 40 and similar >= 60 and none >= 1, (exact, similar, none)
    for threshold in (60.0, 95.0):
        assert_answers_alike(tmp_path, "de", questions, threshold)


def test_the_hot_rule_is_exercised(tmp_path: Path) -> None:
    """The generated memory does what its test needs: a hash at HOT translations, one at
    HOT + 1 translations but fewer English texts, and questions with only common hashes
    (the index follows the two least common of them)."""
    questions = generated(tmp_path)
    config = load_config(tmp_path)
    units = units_memories(config, [Asked("de", tuple(questions), 80.0)])["de"]

    def count(pair: str) -> int:
        (h,) = sketch("de", pair, Kind.UNIT)
        return len({i for i, _ in units.candidates([h], 0, 1 << 30, units=True)})

    assert count(rare_pair("zq")) == HOT and count(rare_pair("xv")) == HOT + 1
    assert count(rare_pair("kw")) == 3 * HOT and count(rare_pair("qj")) == 2 * HOT
    three = next(q for q in questions if rare_pair("qj") in q)
    assert len({i for i, _ in units.candidates(sketch("de", three, Kind.UNIT), 0, 1 << 30,
                                               units=True)}) == 4 * HOT + 9
    assert sum(rare_pair("kw") in q for q in questions) == 4


def test_units_answer_only_the_questions_they_were_read_for(tmp_path: Path) -> None:
    """Another text's hashes were not counted: asking with them is an error, not an answer
    that may differ from the index's."""
    questions = generated(tmp_path)
    units = units_memories(load_config(tmp_path), [Asked("de", tuple(questions), 80.0)])["de"]
    other = "A text nobody asked about, about a river and a village."
    with pytest.raises(ValueError):
        best("de", other, units, threshold=80)
    with pytest.raises(ValueError):
        units.candidates(sketch("de", questions[0], Kind.SENTENCE), 0, 100, units=False)
    assert best("de", questions[0], units, threshold=80)


def test_unit_hashes_are_the_sketch_without_its_salt() -> None:
    rng = random.Random(5)
    for text in [sentence(rng, n) for n in range(0, 40)] + ["Ünïcode wörds, ok", "Ἀθῆναι"]:
        for lang in ("de", "ru", "hy"):
            assert tuple(h & 0xFFFFFFFF for h in sketch(lang, text, Kind.UNIT)) \
                == unit_hashes(text)


def test_units_keep_only_what_can_answer(tmp_path: Path) -> None:
    """What a sync asking a few questions keeps of the memory is far less than all of it."""
    questions = generated(tmp_path)
    config = load_config(tmp_path)
    units = units_memories(config, [Asked("de", tuple(questions[:3]), 80.0)])["de"]
    every = units_memories(config, [Asked("de", tuple(questions), 80.0)])["de"]
    assert 0 < len(units) < len(every) / 4


# --- a sync ----------------------------------------------------------------------------------


def sync_filling_from(run: Run, root: Path, monkeypatch: pytest.MonkeyPatch, *,
                      index: bool) -> dict[str, bytes]:
    """The catalogs of a sync of an article whose units ask the memory of `root`, filled from
    the index built before (`index`) or from the units read for its questions; the index is
    left as it was."""
    if index:
        with memory_session(load_config(root)) as session:
            session.refresh(["de"])
        monkeypatch.setattr(transkit.runs.sync, "units_memories",
                            refusing("the sync read the units"))
    else:
        monkeypatch.setattr(transkit.runs.recall, "SCAN_BUDGET", 0)
        monkeypatch.setattr(transkit.runs.sync, "SCAN_BUDGET", 0)
        monkeypatch.setattr(transkit.runs.memory, "refresh", refusing("the sync asked the index"))
    result = run("--root", root, "sync")
    monkeypatch.undo()
    assert result.code == 0, result.err
    assert (root / CACHE_DIR / "memory.sqlite").is_file() == index
    return {p.name: p.read_bytes() for p in sorted((root / "locales" / "de").glob("new*.po"))}


def test_a_sync_asking_many_questions_fills_as_from_the_index(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    units, index = tmp_path / "units" / "p", tmp_path / "index" / "p"  # the same project
    questions = generated(units)
    paragraphs = [q for q in questions if re.search(r"\w", q)]
    for n in range(3):
        (units / "sources" / f"new{n}.md").write_text("\n\n".join(paragraphs[n::3]) + "\n",
                                                      encoding="utf-8")
    shutil.copytree(units, index)
    ours = sync_filling_from(run, units, monkeypatch, index=False)
    theirs = sync_filling_from(run, index, monkeypatch, index=True)
    assert len(ours) == 3 and ours == theirs
    filled = b"".join(ours.values())
    assert filled.count(b"#. memory: ") > 60 and b"% similar)" in filled


def test_the_lookup_protocol_is_met() -> None:
    units: Lookup = Units(Asked("de", ("x",), 80.0), [])
    assert best("de", "x", units, threshold=80) == []


def test_questions_go_to_the_workers_with_what_is_computed_of_them() -> None:
    """The task holding the questions is pickled for every chunk of jobs: each copy carries
    their hashes and folded texts instead of computing them again (reading the units of
    1,000 articles a tenth edited: 7 CPU s in the workers instead of 12)."""
    import pickle

    asked = Asked("de", ("A river and a village.", "Another text."), 80.0)
    copy = pickle.loads(pickle.dumps(asked.computed()))
    assert {"hashes", "keys", "_folded", "_first_words", "_spans"} <= vars(copy).keys()
    assert copy.hashes == asked.hashes and copy == asked
