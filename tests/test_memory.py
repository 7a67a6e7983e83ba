"""The translation memory: sync fills new units from the archive, todo suggests sentences,
check warns when the same English is translated two ways; all of it cached and switchable."""

from __future__ import annotations

import json
import random
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import polib
import pytest

import transkit.runs.memory
import transkit.runs.recall
import transkit.runs.sync
from transkit.core.sync.memory import (
    HOT,
    Kind,
    Lookup,
    Remembered,
    aligned,
    best,
    followed,
    segments,
    sentences,
    sketch,
    text_key,
)
from transkit.store.cache import CACHE_DIR

from .conftest import ROOT, SAMPLE_SLUG, Run, age

LANGS = ("hy", "de", "ru")
EXACT = ("In April, the protesters were replaced by Azerbaijani border services who established "
         "a checkpoint, replacing Russian peacekeepers who remained but lost their function to "
         "manage access to and exit from Nagorno-Karabakh.")
SIMILAR = EXACT.replace("border services", "border guards")  # rapidfuzz ratio 97.7
NEW = "A paragraph nobody has translated anywhere, about something else entirely."
LAST_SENTENCE = ("The war in Ukraine further enhanced common geopolitical interests between "
                 "Russia and Azerbaijan.")
REUSED = f"{LAST_SENTENCE} Nobody expected what came next."
SECOND = f"""---
title: "After the exodus"
---

{EXACT}

{SIMILAR}

{NEW}

{REUSED}
"""


def catalog(project: Path, lang: str, slug: str = "second") -> polib.POFile:
    return polib.pofile(str(project / "locales" / lang / f"{slug}.po"))


def entry(po: polib.POFile, msgid: str) -> polib.POEntry:
    found = po.find(msgid)
    assert found is not None, msgid
    return found


def add_second(project: Path, text: str = SECOND) -> None:
    (project / "sources" / "second.md").write_text(text, encoding="utf-8")


def configure(project: Path, line: str) -> None:
    with (project / "transkit.toml").open("a", encoding="utf-8") as config:
        config.write(line + "\n")


# --- sync fills new units ------------------------------------------------------------------


def test_identical_english_is_filled_in_as_translated(run: Run, project: Path) -> None:
    add_second(project)
    result = run("--root", project, "sync")
    assert result.code == 0, result.err
    assert "created locales/de/second.po: 5 new (1 from memory, 1 fuzzy from memory)" in result.out
    for lang in LANGS:
        sample = entry(catalog(project, lang, SAMPLE_SLUG), EXACT)
        filled = entry(catalog(project, lang), EXACT)
        assert filled.msgstr == sample.msgstr and filled.msgstr
        assert "fuzzy" not in filled.flags and filled.previous_msgid is None
        assert filled.comment.split("\n") == ["paragraph", f"memory: {SAMPLE_SLUG}"]


def test_similar_english_is_filled_in_fuzzy_with_the_other_english_as_previous(
    run: Run, project: Path
) -> None:
    add_second(project)
    assert run("--root", project, "sync").code == 0
    for lang in LANGS:
        sample = entry(catalog(project, lang, SAMPLE_SLUG), EXACT)
        filled = entry(catalog(project, lang), SIMILAR)
        assert filled.msgstr == sample.msgstr
        assert filled.flags == ["fuzzy"] and filled.previous_msgid == EXACT
        comments = filled.comment.split("\n")
        assert comments[:2] == ["paragraph", f"memory: {SAMPLE_SLUG} (97% similar)"]
        assert comments[2].startswith("drift: ") and "[-services-]{+guards+}" in comments[3]
        text = (project / "locales" / lang / "second.po").read_text(encoding="utf-8")
        assert '#| msgid ""\n#| "In April, the protesters were replaced' in text
    untouched = entry(catalog(project, "de"), NEW)
    assert untouched.msgstr == "" and "memory" not in untouched.comment


def test_filled_catalogs_are_in_gettext_layout_and_valid(run: Run, project: Path) -> None:
    add_second(project)
    assert run("--root", project, "sync").code == 0
    for lang in LANGS:
        path = project / "locales" / lang / "second.po"
        printed = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
        assert printed == path.read_bytes()
        subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)


def test_a_second_sync_changes_nothing(run: Run, project: Path) -> None:
    add_second(project)
    assert run("--root", project, "sync").code == 0
    before = {lang: (project / "locales" / lang / "second.po").read_bytes() for lang in LANGS}
    again = run("--root", project, "sync")
    assert again.code == 0 and "already in step" in again.out
    assert run("--root", project, "sync", "--dry-run").code == 0
    assert {lang: (project / "locales" / lang / "second.po").read_bytes()
            for lang in LANGS} == before


def test_memory_can_be_switched_off(run: Run, project: Path) -> None:
    configure(project, "memory = false")
    add_second(project)
    result = run("--root", project, "sync")
    assert result.code == 0 and "memory" not in result.out
    for lang in LANGS:
        po = catalog(project, lang)
        assert all(e.msgstr == "" and "memory" not in e.comment for e in po)
    assert "memory (" not in run("--root", project, "todo", "de").out
    assert not (project / CACHE_DIR / "memory.sqlite").exists()


def test_the_threshold_is_the_projects(run: Run, project: Path) -> None:
    configure(project, "memory_threshold = 99.5")
    add_second(project)
    assert run("--root", project, "sync").code == 0
    po = catalog(project, "de")
    assert entry(po, EXACT).msgstr and not entry(po, SIMILAR).msgstr


def test_memory_never_replaces_what_a_catalog_has(run: Run, project: Path) -> None:
    """Only units that would be new and untranslated are filled: an entry that is already in
    the catalog, translated or not, stays as it is."""
    add_second(project)
    configure(project, "memory = false")
    assert run("--root", project, "sync").code == 0
    path = project / "locales" / "de" / "second.po"
    po = polib.pofile(str(path))
    entry(po, SIMILAR).msgstr = "Eine eigene Übersetzung."
    from transkit.core.po.pofile import format_po

    path.write_text(format_po(po), encoding="utf-8")
    before = path.read_bytes()
    text = (project / "transkit.toml").read_text(encoding="utf-8")
    (project / "transkit.toml").write_text(text.replace("memory = false\n", ""), encoding="utf-8")
    result = run("--root", project, "sync")
    assert result.code == 0 and "memory" not in result.out
    assert path.read_bytes() == before


def test_ties_go_to_the_first_article(run: Run, project: Path) -> None:
    """The same English translated two ways: the new unit takes the translation of the article
    whose id sorts first, however the memory was built."""
    sample = (project / "sources" / f"{SAMPLE_SLUG}.md").read_text(encoding="utf-8")
    for slug in ("zz-copy", "aa-copy"):
        (project / "sources" / f"{slug}.md").write_text(sample, encoding="utf-8")
    assert run("--root", project, "sync", "--lang", "de").code == 0
    path = project / "locales" / "de" / "zz-copy.po"
    po = polib.pofile(str(path))
    entry(po, EXACT).msgstr = "Die Übersetzung von zz-copy."
    from transkit.core.po.pofile import format_po

    path.write_text(format_po(po), encoding="utf-8")
    add_second(project)
    assert run("--root", project, "sync", "--lang", "de").code == 0
    filled = entry(catalog(project, "de"), EXACT)
    assert filled.comment.endswith("memory: aa-copy")
    assert filled.msgstr == entry(catalog(project, "de", SAMPLE_SLUG), EXACT).msgstr


# --- todo and check --------------------------------------------------------------------------


def test_todo_suggests_translations_of_sentences(run: Run, project: Path) -> None:
    add_second(project)
    assert run("--root", project, "sync").code == 0
    sample = next(e for e in catalog(project, "ru", SAMPLE_SLUG)
                  if e.msgid.endswith(LAST_SENTENCE))
    russian = dict(aligned(sample.msgid, sample.msgstr))[LAST_SENTENCE]
    result = run("--root", project, "todo", "ru", "second")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    at = next(i for i, line in enumerate(lines) if "untranslated: The war in Ukraine" in line)
    assert lines[at + 1] == f"      memory (sentence 1, 100%, {SAMPLE_SLUG}): {russian}"
    # the unit filled in fuzzy: its own suggestion, with what differs in the English
    at = next(i for i, line in enumerate(lines) if ": In April, the protesters were replaced by "
              "Azerbaijani border guards" in line)
    assert lines[at + 2].startswith(f"      memory (97%, {SAMPLE_SLUG}): ")
    assert "[-services-]{+guards+}" in lines[at + 3]


def test_check_warns_when_the_same_english_is_translated_differently(
    run: Run, project: Path
) -> None:
    add_second(project)
    assert run("--root", project, "sync").code == 0
    path = project / "locales" / "de" / "second.po"
    po = polib.pofile(str(path))
    entry(po, EXACT).msgstr = "Im April ersetzte der Grenzschutz die Demonstranten."
    from transkit.core.po.pofile import format_po

    path.write_text(format_po(po), encoding="utf-8")
    result = run("--root", project, "check", "--lang", "de", "--format", "json")
    found = [f for f in json.loads(result.out)["findings"] if f["check"] == "consistency"]
    sample_line = entry(catalog(project, "de", SAMPLE_SLUG), EXACT).linenum
    second_line = entry(catalog(project, "de"), EXACT).linenum
    assert [(f["path"], f["line"], f["severity"]) for f in found] == [
        (f"locales/de/{SAMPLE_SLUG}.po", sample_line, "warning"),
        ("locales/de/second.po", second_line, "warning"),
    ]
    assert f"locales/de/second.po:{second_line}" in found[0]["message"]
    assert f"locales/de/{SAMPLE_SLUG}.po:{sample_line}" in found[1]["message"]
    assert "# transkit-ignore-consistency" in found[0]["hint"]
    # other languages agree; the article filter keeps the findings in its catalogs
    # (a check of every article compares what each article's check kept; a check of some
    # compares them with the memory: the two say the same)
    only = run("--root", project, "check", "second", "--lang", "de", "--format", "json")
    assert [f for f in json.loads(only.out)["findings"]
            if f["check"] == "consistency"] == [found[1]]

    entry(po, EXACT).tcomment = "transkit-ignore-consistency"
    path.write_text(format_po(po), encoding="utf-8")
    silenced = run("--root", project, "check", "--lang", "de", "--format", "json")
    assert [f for f in json.loads(silenced.out)["findings"] if f["check"] == "consistency"] == []


def test_the_clean_sample_has_no_consistency_warning(run: Run, project: Path) -> None:
    result = run("--root", project, "check")
    assert result.code == 0 and "consistency" not in result.out
    # a check of the whole project (CI's) compares the articles without the memory's index
    assert not (project / CACHE_DIR / "memory.sqlite").exists()


# --- bad configuration -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ('memory = "yes"', "key 'memory' must be true or false"),
        ("memory = 1", "key 'memory' must be true or false"),
        ("memory_threshold = 120", "key 'memory_threshold' must be a number from 50 to 100"),
        ("memory_threshold = 10", "key 'memory_threshold' must be a number from 50 to 100"),
        ("memory_threshold = true", "key 'memory_threshold' must be a number from 50 to 100"),
        ('memory_threshold = "80"', "key 'memory_threshold' must be a number from 50 to 100"),
    ],
)
def test_bad_memory_settings_are_refused_with_the_line(
    run: Run, project: Path, line: str, needle: str
) -> None:
    configure(project, line)
    number = (project / "transkit.toml").read_text(encoding="utf-8").count("\n")
    add_second(project)
    result = run("--root", project, "sync")
    assert result.code == 2 and "Traceback" not in result.err
    assert f"transkit.toml:{number}: {needle}" in result.err
    assert not (project / "locales" / "de" / "second.po").exists()


# --- the index is a cache ----------------------------------------------------------------------


@pytest.fixture
def memory_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every catalog the memory reads."""
    seen: list[str] = []
    original = transkit.runs.memory.read_catalog_text  # type: ignore[attr-defined]

    def counting(path: Path, *, shown: str) -> str | None:
        seen.append(shown)
        return original(path, shown=shown)

    monkeypatch.setattr(transkit.runs.memory, "read_catalog_text", counting)
    return seen


def test_unchanged_catalogs_are_not_read_again(
    run: Run, project: Path, memory_reads: list[str]
) -> None:
    age(project)
    assert run("--root", project, "check", SAMPLE_SLUG).code == 0
    assert sorted(memory_reads) == [f"locales/{lang}/{SAMPLE_SLUG}.po" for lang in sorted(LANGS)]
    assert (project / CACHE_DIR / "memory.sqlite").is_file()
    memory_reads.clear()
    assert run("--root", project, "check", SAMPLE_SLUG).code == 0
    add_second(project)
    assert run("--root", project, "sync").code == 0  # the catalogs, not the index
    assert memory_reads == []
    assert "memory (" in run("--root", project, "todo", "de", "second").out
    assert memory_reads == ["locales/de/second.po"]  # written by the sync since


def test_a_lost_or_broken_index_is_rebuilt(
    run: Run, project: Path
) -> None:
    age(project)
    # a check of one article compares it with the memory: its cache knows every catalog now
    assert run("--root", project, "check", SAMPLE_SLUG).code == 0
    index = project / CACHE_DIR / "memory.sqlite"
    index.unlink()
    add_second(project)
    assert run("--root", project, "sync", "--lang", "de").code == 0
    assert entry(catalog(project, "de"), EXACT).msgstr
    index.write_bytes(b"not a database at all" * 100)
    (project / "locales" / "de" / "second.po").unlink()
    assert run("--root", project, "sync", "--lang", "de").code == 0
    assert entry(catalog(project, "de"), EXACT).msgstr


def test_a_sync_with_nothing_to_do_does_not_read_the_memory(
    run: Run, project: Path, memory_reads: list[str]
) -> None:
    age(project)
    assert run("--root", project, "sync").code == 0
    memory_reads.clear()
    assert run("--root", project, "sync").code == 0
    assert memory_reads == []


# --- the matching itself (pure) -----------------------------------------------------------------


def test_sentences_of_the_bundled_translations_align() -> None:
    """Real paragraphs in three scripts: Armenian ends sentences with ։, footnote references
    stay with their sentence, and the last sentence of the sample pairs in every language."""
    for lang in LANGS:
        po = polib.pofile(str(ROOT / "locales" / lang / f"{SAMPLE_SLUG}.po"))
        pairs = [aligned(e.msgid, e.msgstr) for e in po if e.msgstr]
        assert sum(1 for p in pairs if p) >= 16, lang
        last = next(e for e in po if e.msgid.endswith(LAST_SENTENCE))
        translated = dict(aligned(last.msgid, last.msgstr))[LAST_SENTENCE]
        assert translated.endswith("։" if lang == "hy" else ".")
        # a sentence's sketch, made from its unit's word pairs, is the sentence's own
        for e in po:
            for part in segments(lang, e.msgid, e.msgstr)[1:] if e.msgstr else []:
                assert part.sketch == sketch(lang, part.english, Kind.SENTENCE)
                assert e.msgid[part.spans[0]:sum(part.spans[:2])] == part.english
                assert e.msgstr[part.spans[2]:sum(part.spans[2:])] == part.target


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("Mr. Smith met J. Doe in the U.S. on Monday. Then he left.",
         ["Mr. Smith met J. Doe in the U.S. on Monday.", "Then he left."]),
        ("It began in 2005. [^1] Armenia has not.", ["It began in 2005. [^1]", "Armenia has not."]),
        ("He said “Stop.” Then 1.5 years passed.", ["He said “Stop.”", "Then 1.5 years passed."]),
        ("Հայաստանը։ Ռուսաստանը։", ["Հայաստանը։", "Ռուսաստանը։"]),
        ("«Это так.» Затем пришли.", ["«Это так.»", "Затем пришли."]),
        ("lower case. does not start a sentence", ["lower case. does not start a sentence"]),
        ("No end", ["No end"]),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


class FakeMemory:
    """A `Lookup` over a list, for the pure matching: exact by key, similar by length only."""

    def __init__(self, items: Sequence[Remembered]) -> None:
        self.items = list(items)

    def exact(self, key: int, *, units: bool) -> Sequence[Remembered]:
        return [r for r in self.items if text_key("de", r.english) == key]

    def candidates(self, sketch: Sequence[int], shortest: int, longest: int, *,
                   units: bool) -> Sequence[tuple[int, str]]:
        return [(i, r.english) for i, r in enumerate(self.items)
                if shortest <= len(r.english) <= longest]

    def remembered(self, ids: Sequence[int]) -> Sequence[tuple[int, Remembered]]:
        return [(i, self.items[i]) for i in ids]


def test_the_choice_depends_on_the_memory_not_its_order() -> None:
    items = [
        Remembered(EXACT, "B", "b-article", 10, False),
        Remembered(EXACT, "A-old", "a-article", 5, True),  # obsolete: after every live one
        Remembered(EXACT, "A", "a-article", 20, False),
        Remembered(SIMILAR, "S", "a-article", 30, False),
        Remembered("Something else entirely, and quite a bit shorter.", "X", "a", 1, False),
    ]
    rng = random.Random(5)
    for _ in range(10):
        rng.shuffle(items)
        memory: Lookup = FakeMemory(items)
        found = best("de", EXACT, memory, threshold=80, limit=4)
        assert [(m.target, m.percent) for m in found] == [
            ("A", 100), ("B", 100), ("A-old", 100), ("S", 97)]
        assert best("de", SIMILAR.replace(" ", "  ", 3), memory, threshold=80)[0].target == "S"
        other = EXACT.replace("services", "posts")
        assert [m.target for m in best("de", other, memory, threshold=80, limit=4)] == [
            "A", "B", "A-old", "S"]
        assert best("de", other, memory, threshold=99) == []


def test_sync_with_a_memory_is_stable_and_fills_only_new_units() -> None:
    """The core contract without files: a second sync with the same memory changes nothing,
    and an entry the old catalog has keeps what it has."""
    from transkit.core.po.catalog import new_catalog
    from transkit.core.po.pofile import format_po, parse_po
    from transkit.core.source.segment import segment_markdown
    from transkit.core.sync.model import Recalled
    from transkit.core.sync.update import sync_catalog

    known = {EXACT: Recalled(EXACT, "Genau.", True, "other"),
             SIMILAR: Recalled(EXACT, "Ähnlich.", False, "other (97% similar)"),
             NEW: Recalled(NEW, "Never used.", True, "other")}
    document = segment_markdown(SECOND, path="second.md", front_matter_keys=("title",))
    old = new_catalog(lang="de", project="p", slug="second", title="t")
    old.append(polib.POEntry(msgid=NEW, msgstr=""))  # already in the catalog: not filled
    first = sync_catalog(old, document, reference="second.md", recall=known.get)
    text = format_po(first.catalog)
    assert (first.stats.memory, first.stats.memory_fuzzy) == (1, 1)
    second = sync_catalog(parse_po(text, path="x"), document, reference="second.md",
                          recall=known.get)
    assert format_po(second.catalog) == text
    po = parse_po(text, path="x")
    assert entry(po, EXACT).msgstr == "Genau." and entry(po, NEW).msgstr == ""
    assert entry(po, SIMILAR).previous_msgid == EXACT and "fuzzy" in entry(po, SIMILAR).flags


def test_a_catalog_that_cannot_be_read_is_left_out_of_the_memory(
    run: Run, project: Path
) -> None:
    broken = project / "locales" / "de" / f"{SAMPLE_SLUG}.po"
    lines = broken.read_text(encoding="utf-8").split("\n")
    lines[40:40] = ["<<<<<<< HEAD"]
    broken.write_text("\n".join(lines), encoding="utf-8")
    add_second(project)
    result = run("--root", project, "sync", "second")
    assert result.code == 0, result.err
    assert "created locales/de/second.po: 5 new\n" in result.out  # nothing to fill it from
    assert entry(catalog(project, "ru"), EXACT).msgstr  # the other languages are as before
    checked = run("--root", project, "check")
    assert checked.code == 2 and "[validity]" in checked.out and "Traceback" not in checked.err


def test_a_cold_sync_does_not_open_the_memory(
    run: Run, empty_project: Path
) -> None:
    """No catalog yet: the memory of every language is empty, so the sync runs once, as it
    would without it (one round, no index)."""
    result = run("--root", empty_project, "sync")
    assert result.code == 0, result.err
    assert "memory" not in result.out
    assert not (empty_project / CACHE_DIR / "memory.sqlite").exists()


def test_articles_in_folders_are_remembered_by_their_id(
    run: Run, project: Path
) -> None:
    """A catalog in a folder below the language's (`locales/de/docs/intro.po`) is part of the
    memory, and the comment names its article by id."""
    sample = (project / "sources" / f"{SAMPLE_SLUG}.md").read_text(encoding="utf-8")
    (project / "sources" / f"{SAMPLE_SLUG}.md").unlink()
    (project / "sources" / "docs").mkdir()
    (project / "sources" / "docs" / "intro.md").write_text(sample, encoding="utf-8")
    for lang in LANGS:
        (project / "locales" / lang / "docs").mkdir()
        (project / "locales" / lang / f"{SAMPLE_SLUG}.po").rename(
            project / "locales" / lang / "docs" / "intro.po")
    assert run("--root", project, "sync").code == 0
    add_second(project)
    assert run("--root", project, "sync").code == 0
    filled = entry(catalog(project, "de"), EXACT)
    assert filled.msgstr and filled.comment.endswith("memory: docs/intro")


def test_units_translated_alike_up_to_whitespace_agree() -> None:
    from transkit.core.sync.memory import disagreeing, unit_keys

    def po(*pairs: tuple[str, str]) -> polib.POFile:
        catalog = polib.POFile()
        for english, target in pairs:
            catalog.append(polib.POEntry(msgid=english, msgstr=target))
        return catalog

    a = unit_keys(po(("The war.", "Der Krieg."), ("Peace  talks.", "Friedens-\ngespräche.")))
    b = unit_keys(po(("Peace talks.", "Friedens- gespräche."), ("The war.", "Ein Krieg.")))
    c = unit_keys(po(("The war.", "Der Krieg.")))
    found = disagreeing([("de", "a.po", "a", a), ("de", "b.po", "b", b), ("ru", "c.po", "c", c)])
    # "The war." twice in German, two translations; Russian has it once; the talks agree
    assert sorted((t.lang, t.path) for t in found) == [("de", "a.po"), ("de", "b.po")]
    assert {t.english for t in found} == {b.split()[1][:16]}


def test_a_sync_fills_the_same_with_or_without_an_index_built_before(
    run: Run, project: Path, tmp_path: Path
) -> None:
    """With an index from an earlier run, a sync brings it in step and syncs once; without one,
    it syncs in two rounds and builds the index in between: the catalogs are the same."""
    import shutil

    other = tmp_path / "other"
    shutil.copytree(project, other)
    assert run("--root", project, "check", SAMPLE_SLUG).code == 0  # builds the index
    assert (project / CACHE_DIR / "memory.sqlite").is_file()
    assert not (other / CACHE_DIR / "memory.sqlite").exists()
    for root in (project, other):
        add_second(root)
        assert run("--root", root, "sync").code == 0
    for lang in LANGS:
        ours = (project / "locales" / lang / "second.po").read_bytes()
        assert ours == (other / "locales" / lang / "second.po").read_bytes()
        assert b"#. memory: " in ours  # filled from the memory, both times


def test_an_index_changed_under_a_run_is_a_clear_error(
    run: Run, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's own failure (the index replaced or removed by something else while a run
    writes it) ends the command with a line that says what to do, not an internal error.
    (todo asks the index; sync reads the catalogs instead, see below.)"""
    import sqlite3

    def replaced(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    add_second(project)
    assert run("--root", project, "sync").code == 0
    monkeypatch.setattr(transkit.runs.memory, "refresh", replaced)
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po")}
    result = run("--root", project, "todo", "de", "second")
    assert result.code == 2, result.err
    assert result.err.startswith("transkit: error: .transkit-cache/memory.sqlite")
    assert "run the command again" in result.err and "internal error" not in result.err
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po")} == before


# --- a sync reads the memory it needs, and builds no index ---------------------------------


def refusing(what: str) -> Callable[..., None]:
    """A stand-in for a function a test says is not called: it fails with `what`."""
    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError(what)

    return refused


def synced_from_memory(run: Run, project: Path) -> None:
    """The second article added and synced: one unit filled exactly from the memory, one
    fuzzily."""
    add_second(project)
    result = run("--root", project, "sync")
    assert result.code == 0, result.err
    assert "(1 from memory, 1 fuzzy from memory)" in result.out


def test_a_sync_fills_from_the_catalogs_without_building_an_index(
    run: Run, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh clone's first sync that creates units reads the catalogs of their languages
    once and fills from them: no index is built or asked (33 s at 1,000 articles before)."""
    monkeypatch.setattr(transkit.runs.memory, "refresh", refusing("the sync asked the index"))
    synced_from_memory(run, project)
    assert not (project / CACHE_DIR / "memory.sqlite").exists()
    filled = entry(catalog(project, "de"), EXACT)
    assert filled.msgstr and filled.comment.endswith(f"memory: {SAMPLE_SLUG}")
    similar = entry(catalog(project, "de"), SIMILAR)
    assert "fuzzy" in similar.flags and similar.previous_msgid == EXACT


def assert_as_a_scan_fills(run: Run, project: Path, other: Path) -> None:
    """`other`, a copy of `project` taken before, gets the same new article and a sync that
    scans its catalogs (no index): the new catalogs are byte for byte `project`'s, filled from
    the memory."""
    add_second(other)
    assert run("--root", other, "sync").code == 0
    assert not (other / CACHE_DIR / "memory.sqlite").exists()
    for lang in LANGS:
        ours = (project / "locales" / lang / "second.po").read_bytes()
        assert ours == (other / "locales" / lang / "second.po").read_bytes()
        assert b"#. memory: " in ours


def test_a_sync_asking_more_than_a_scan_is_worth_reads_the_units_that_answer(
    run: Run, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the scan's budget (a large document mostly rewritten) the units that can answer
    are read into memory (`runs.recall.units_memories`, the index's answers: see
    tests/test_memory_units.py); no index is built, and the catalogs are the same."""
    import shutil

    other = project.parent / "other"
    shutil.copytree(project, other)
    monkeypatch.setattr(transkit.runs.recall, "SCAN_BUDGET", 0)
    monkeypatch.setattr(transkit.runs.sync, "SCAN_BUDGET", 0)
    monkeypatch.setattr(transkit.runs.memory, "refresh", refusing("the sync asked the index"))
    monkeypatch.setattr(transkit.runs.sync, "recollections",
                        refusing("the sync scanned the catalogs"))
    add_second(project)
    assert run("--root", project, "sync").code == 0
    assert not (project / CACHE_DIR / "memory.sqlite").exists()
    monkeypatch.undo()
    assert_as_a_scan_fills(run, project, other)


def test_a_checkout_that_built_the_index_asks_it_instead_of_scanning(
    run: Run, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the index exists (todo or a large sync built it), a sync creating units asks
    it, kept in step, rather than reading every catalog again; the catalogs are what a fresh
    clone's scan writes."""
    import shutil

    other = project.parent / "other"
    shutil.copytree(project, other)
    from transkit.config import load_config
    from transkit.runs.memory import memory_session

    with memory_session(load_config(project)) as session:  # as todo or a large sync builds it
        session.refresh(LANGS)
    assert (project / CACHE_DIR / "memory.sqlite").is_file()

    monkeypatch.setattr(transkit.runs.sync, "recollections",
                        refusing("the sync scanned the catalogs"))
    synced_from_memory(run, project)
    monkeypatch.undo()
    assert_as_a_scan_fills(run, project, other)


def test_what_a_catalog_holds_for_the_questions_answers_as_the_whole_memory() -> None:
    """`Asked.recollect` keeps of a catalog only what can answer the questions; `best` over
    what it kept gives what `best` over every unit gives."""
    from transkit.core.sync.memory import Asked, Place, Recollection

    rng = random.Random(7)
    words = EXACT.split()
    found = [Place(EXACT, "A", 3, False, False), Place(" ".join(EXACT.split()), "B", 9, True,
                                                       False),
             Place(SIMILAR, "S", 12, False, False), Place(NEW, "N", 15, False, False)]
    for i in range(60):
        edited = list(words)
        for _ in range(rng.randrange(1, 12)):
            edited[rng.randrange(len(edited))] = rng.choice(words)
        found.append(Place(" ".join(edited), f"T{i}", 20 + i, bool(i % 5 == 0), False))
    texts = (EXACT, SIMILAR, EXACT.replace("services", "posts"), "Nothing like it.")
    asked = Asked("de", texts, 80.0)
    kept = asked.recollect(found, "a")
    assert len(kept) < len(found)
    whole = FakeMemory([Remembered(p.english, p.target, "a", p.line, p.obsolete)
                        for p in found])
    part = Recollection("de", tuple(kept))
    for text in texts:
        for limit in (1, 3):
            assert best("de", text, part, threshold=80, limit=limit) == best(
                "de", text, whole, threshold=80, limit=limit)


def test_what_a_scan_costs_counts_units_not_catalogs(tmp_path: Path) -> None:
    """One catalog of a 2,000-paragraph document costs a scan what 50 articles' catalogs of
    40 units do (it took 52 s of CPU for a 13,000-paragraph document counted as one catalog),
    and a question more costs more."""
    from transkit.config import load_config
    from transkit.core.po.catalog import new_catalog
    from transkit.core.po.pofile import format_po
    from transkit.runs.recall import scan_cost

    def project(name: str, catalogs: int, units: int) -> Path:
        root = tmp_path / name
        (root / "sources").mkdir(parents=True)
        (root / "transkit.toml").write_text('languages = ["de"]\n', encoding="utf-8")
        folder = root / "locales" / "de"
        folder.mkdir(parents=True)
        for c in range(catalogs):
            po = new_catalog(lang="de", project="P", slug=f"a{c}", title="T")
            for u in range(units):
                po.append(polib.POEntry(msgid=f"{EXACT} ({c}, {u})", msgstr=f"Übersetzt {u}.",
                                        occurrences=[(f"sources/a{c}.md", str(u + 1))]))
            (folder / f"a{c}.po").write_text(format_po(po), encoding="utf-8")
        return root

    big = scan_cost(load_config(project("big", 1, 2000)), "de", 3)
    many = scan_cost(load_config(project("many", 50, 40)), "de", 3)
    assert 0.8 < big / many < 1.25, (big, many)
    assert scan_cost(load_config(tmp_path / "big"), "de", 6) == 2 * big


def test_a_sketch_follows_its_hashes_found_in_at_most_hot_translations() -> None:
    # the rule every memory that keeps sketches follows (the index, the units a sync reads)
    assert followed([5, 3, 9, 7], {5: HOT, 3: HOT + 1, 9: 1}) == [5, 9]  # 7: found nowhere
    assert followed([5, 3], {}) == []


def test_a_sketch_of_common_hashes_only_follows_the_two_least_common() -> None:
    counts = {4: HOT + 1, 2: HOT + 1, 8: HOT + 1}
    assert followed([4, 2, 8], counts) == [2, 4]  # equally common: by hash
    # where the counts stop at HOT + 1, the exact ones decide
    exact = {4: 900, 2: 500, 8: 300}
    assert followed([4, 2, 8], counts, exact.__getitem__) == [8, 2]
