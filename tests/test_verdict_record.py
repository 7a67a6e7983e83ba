"""The verdicts `transkit.sum` records: a fresh clone's `status` reads what a sync found of each
catalog instead of parsing and checking it again, and says exactly what checking says; a line
whose verdict is not what `check` finds is an error of `check`.

Compared on real, published human translations (tests/data/real) as imported and synced, and
after their English changed (a sync that rewrites catalogs judges them as it laid them out)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import polib
import pytest

from transkit.core.checks.registry import Takes
from transkit.core.checks.run import every_check, judges
from transkit.core.po.lines import msgstr_line
from transkit.core.po.pofile import decode_po, format_po, parse_po, written_entries
from transkit.core.report.model import CatalogStatus
from transkit.errors import TranskitError
from transkit.runs.check import located
from transkit.store.cache import CACHE_DIR
from transkit.store.sums import SUM_FILE, read_verdict, verdict_text

from .conftest import ROOT, SAMPLE_SLUG, Run, age
from .test_real_checks import imported

SAMPLE_CATALOG = ROOT / "locales" / "de" / f"{SAMPLE_SLUG}.po"
SITES = [("letsencrypt", "ru"), ("letsencrypt", "de"), ("cncf-glossary", "ru"),
         ("opensource-guide", "de"), ("opentelemetry", "es"), ("cncf-glossary", "de")]


def status(run: Run, root: Path, *args: str) -> dict[str, Any]:
    """`status --format json` as a fresh clone runs it: no cache."""
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    result = run("--root", root, "status", "--format", "json", *args)
    assert result.code == 0, result.err
    shown: dict[str, Any] = json.loads(result.out)
    return shown


def checked_status(run: Run, root: Path) -> dict[str, Any]:
    """What status says when it reads and checks every catalog (no record to read)."""
    record = root / SUM_FILE
    kept = record.read_bytes()
    record.unlink()
    try:
        return status(run, root)
    finally:
        record.write_bytes(kept)


def verdict_lines(root: Path) -> dict[str, str]:
    """Each catalog's recorded verdict in the project's transkit.sum."""
    lines = (root / SUM_FILE).read_text(encoding="utf-8").splitlines()
    return {fields[1]: fields[5] for fields in (line.split(" ", 5) for line in lines
                                                 if not line.startswith("#"))}


def edited(root: Path) -> None:
    """Every English page changed: a word in some paragraphs (drift), a paragraph added."""
    for page in sorted((root / "content").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        text = text.replace(" the ", " the very ", 3)
        page.write_text(text + "\nA paragraph the translators have not seen yet.\n",
                        encoding="utf-8")


def wrong_number(path: Path) -> None:
    """A translated entry of the catalog made to write another year than its English."""
    catalog = polib.pofile(str(path), wrapwidth=79)
    entry = next(e for e in catalog if e.translated() and "2023" in e.msgid + e.msgstr)
    assert "2023" in entry.msgstr
    entry.msgstr = entry.msgstr.replace("2023", "2032")
    catalog.save(str(path))


def real_project(run: Run, root: Path, site: str, lang: str) -> Path:
    """A site's English pages with their translation into `lang` imported (real, published
    human translations), synced again: the imported catalogs judged as read."""
    imported(run, root, site, lang)
    assert run("--root", root, "sync").code == 0
    return root


def test_no_check_the_verdict_reads_takes_the_glossary() -> None:
    """A line's verdict is keyed by the catalog's and the article's bytes, the code and the
    configuration, not by the glossary: a check that judged editions by the glossary would
    need its digest on every line."""
    assert not [c.id for c in every_check() if judges(c) and c.takes is Takes.GLOSSARY]


def test_a_verdict_reads_back_as_it_was_written() -> None:
    counted = CatalogStatus("locales/de/a.po", "a", "de", total=9, translated=5, fuzzy=2,
                            untranslated=2, obsolete=1, source_words=120, translated_words=70,
                            critical=1, last_translator="Anna Müller <anna@example.org>",
                            revision_date="2026-12-01 10:00+0100", reviewed=3,
                            reviewed_words=40, reviewers=("Anna Müller", "Boris"))
    failing = ("numbers: locales/de/a.po:47", "links: locales/de/a.po:52")
    text = verdict_text(counted, failing)
    assert "\n" not in text and text.startswith("{")
    assert read_verdict(text, path="locales/de/a.po", article="a",
                        language="de") == (counted, failing)
    plain = CatalogStatus("locales/de/a.po", "a", "de", 3, 3, 0, 0, 0, 30, 30)
    assert verdict_text(plain, ()) == (
        '{"total":3,"translated":3,"fuzzy":0,"untranslated":0,"obsolete":0,"source_words":30,'
        '"translated_words":30}')


@pytest.mark.parametrize("damaged", [
    "", "{", "[]", "[" * 100_000, '{"total":3}',
    '{"total":"3","translated":3,"fuzzy":0,"untranslated":0,'
    '"obsolete":0,"source_words":30,"translated_words":30}',
    '{"total":3,"translated":3,"fuzzy":0,"untranslated":0,"obsolete":0,"source_words":30,'
    '"translated_words":30,"edition":"final"}',
    '{"total":3,"translated":3,"fuzzy":0,"untranslated":0,"obsolete":0,"source_words":30,'
    '"translated_words":30,"failing":[1]}',
])
def test_a_damaged_verdict_is_not_read(damaged: str) -> None:
    assert read_verdict(damaged, path="p", article="a", language="de") is None


@pytest.mark.slow
@pytest.mark.parametrize(("site", "lang"), SITES)
def test_a_fresh_clone_reads_the_record_and_says_what_checking_says(
    run: Run, tmp_path: Path, site: str, lang: str, reads: list[str],
) -> None:
    root = real_project(run, tmp_path / "p", site, lang)
    for step in ("imported", "after its English changed"):
        if step != "imported":
            edited(root)
            assert run("--root", root, "sync").code == 0
        verdicts = verdict_lines(root)
        assert verdicts and all(v.startswith("{") for v in verdicts.values()), step
        reads.clear()
        recorded = status(run, root)
        assert reads == [], step  # not one catalog read: the record vouches for each
        assert recorded == checked_status(run, root), step
        assert reads, step


def test_the_record_speaks_of_errors_where_status_finds_them(
    project: Path, run: Run, reads: list[str],
) -> None:
    """A sync that rewrites a catalog with an error records the error at the line the
    catalog holds it on (it judged the catalog in memory, and read what it wrote to say
    where)."""
    path = project / "locales" / "de" / f"{SAMPLE_SLUG}.po"
    wrong_number(path)
    source = project / "sources" / f"{SAMPLE_SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new last paragraph.\n",
                      encoding="utf-8")
    assert run("--root", project, "sync").code == 0
    verdict = json.loads(verdict_lines(project)[f"locales/de/{SAMPLE_SLUG}.po"])
    numbers = [f for f in verdict["failing"] if f.startswith("numbers: ")]
    assert numbers, verdict
    line = int(numbers[0].rsplit(":", 1)[1])
    assert path.read_text(encoding="utf-8").splitlines()[line - 1].startswith("msgstr ")
    reads.clear()
    assert status(run, project) == checked_status(run, project)


def test_a_catalog_changed_since_the_sync_is_checked(project: Path, run: Run) -> None:
    """A translator's edit after the sync (in Poedit, committed without a sync): its line no
    longer speaks of the catalog, so status checks it."""
    assert run("--root", project, "sync").code == 0
    before = status(run, project)
    wrong_number(project / "locales" / "ru" / f"{SAMPLE_SLUG}.po")
    after = status(run, project)
    assert after == checked_status(run, project)
    assert after != before
    ru = next(c for c in after["catalogs"] if c["language"] == "ru")
    assert any(reason.startswith("numbers: ") for reason in ru["reasons"]), ru


@pytest.mark.parametrize("cache", ["checked before the sync", "no cache"])
def test_check_reports_a_line_whose_verdict_is_not_what_it_finds(
    project: Path, run: Run, cache: str,
) -> None:
    if cache != "no cache":  # its records were made before transkit.sum had a line to match
        age(project)
        run("--root", project, "check")
    assert run("--root", project, "sync").code == 0
    honest = run("--root", project, "check", "--gate", "commit", "--format", "json")
    assert SUM_FILE not in {f["path"] for f in json.loads(honest.out)["findings"]}
    record = project / SUM_FILE
    lines = record.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if f"locales/hy/{SAMPLE_SLUG}.po" in line)
    stamp_and_files, verdict = lines[at].rsplit(" {", 1)
    forged = json.loads("{" + verdict)
    forged["translated"] += 1
    lines[at] = f"{stamp_and_files} {json.dumps(forged, separators=(',', ':'))}"
    record.write_text("\n".join(lines), encoding="utf-8")
    if cache == "no cache":
        shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
    result = run("--root", project, "check", "--gate", "commit", "--format", "json")
    assert result.code != 0
    found = [f for f in json.loads(result.out)["findings"] if f["path"] == SUM_FILE]
    assert len(found) == 1, found
    assert found[0]["line"] == at + 1 and found[0]["severity"] == "error"
    assert f"locales/hy/{SAMPLE_SLUG}.po" in found[0]["message"]
    translated = forged["translated"]
    assert f"translated: {translated} recorded, {translated - 1} found" in found[0]["message"]


def every_catalog() -> list[Path]:
    tests = Path(__file__).resolve().parent
    return sorted({*tests.rglob("*.po"), *(tests.parent / "locales").rglob("*.po")})


def test_a_laid_out_catalog_is_located_where_the_reader_finds_its_entries() -> None:
    """`located` gives each entry of a catalog the writer laid out a line from which its msgstr
    is found where the reader's line finds it (what a finding points at), on every catalog of
    the tests that the strict reader reads."""
    checked = 0
    for path in every_catalog():
        try:
            catalog = parse_po(decode_po(path.read_bytes(), path=path.name), path=path.name)
        except TranskitError:
            continue  # a damaged catalog of the bad-input tests
        data = format_po(catalog).encode("utf-8")
        reread = parse_po(data.decode("utf-8"), path=path.name)
        assert located(catalog, data), path
        lines = data.decode("utf-8").split("\n")
        mine = [(e.msgid, msgstr_line(lines, e.linenum or 0)) for e in written_entries(catalog)]
        theirs = [(e.msgid, msgstr_line(lines, e.linenum or 0)) for e in reread]  # file order
        assert mine == theirs, path
        checked += 1
    assert checked >= 30  # the catalogs of the tests (plural, obsolete, wrapped, commented)


def test_a_text_that_does_not_tile_by_entries_is_not_located() -> None:
    catalog = parse_po(SAMPLE_CATALOG.read_text(encoding="utf-8"), path="x.po")
    text = format_po(catalog)
    before = [e.linenum for e in catalog]
    second = text.index("\n\n", text.index("\n\n") + 2)
    for damaged in (text.replace("\n\n", "\n\n\n", 1),  # a block too many
                    text[:second] + "\n" + text[second + 2:],  # two entries in one block
                    text + "\n"):
        assert not located(catalog, damaged.encode("utf-8"))
        assert [e.linenum for e in catalog] == before  # nothing changed
