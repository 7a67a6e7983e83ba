"""Exchange with CAT tools: XLIFF 1.2 out and back (as OmegaT, Trados and memoQ write it), TMX
out and in, and the bad input of both."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from lxml import etree

from transkit.core.exchange.xliff import XLIFF_12, unit_id
from transkit.core.po.pofile import format_po, parse_po

from .conftest import SAMPLE_SLUG, Result
from .fsutil import changes, snapshot

Run = Callable[..., Result]
RU = f"locales/ru/{SAMPLE_SLUG}.po"
SOURCE = f"sources/{SAMPLE_SLUG}.md"
X = f"{{{XLIFF_12}}}"
SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"
FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _catalog(project: Path) -> polib.POFile:
    return parse_po((project / RU).read_text(encoding="utf-8"), path=RU)


def _edit(project: Path, edit: Callable[[polib.POFile], None]) -> None:
    catalog = _catalog(project)
    edit(catalog)
    (project / RU).write_text(format_po(catalog), encoding="utf-8")


def _open_some(catalog: polib.POFile) -> None:
    """Entry 1 untranslated, entry 2 fuzzy with a translator comment."""
    catalog[1].msgstr = ""
    catalog[2].flags.append("fuzzy")
    catalog[2].tcomment = "check the name of the expert"


def _export(run: Run, project: Path, out: Path, *args: str) -> Path:
    result = run("--root", project, "export", "ru", "--out", out, *args)
    assert result.code == 0, result.err
    return out / f"{SAMPLE_SLUG}.ru.xlf"


def _units(path: Path) -> list[etree._Element]:
    return list(etree.parse(str(path)).getroot().iter(f"{X}trans-unit"))


def _source(unit: etree._Element) -> str:
    """A unit's English, inline codes and all (their content is the Markdown)."""
    return "".join(unit.find(f"{X}source").itertext())


def _entry_blocks(text: str) -> list[str]:
    return text.split("\n\n")


# --- export -----------------------------------------------------------------------------------


def test_xliff_export_has_one_unit_per_entry_with_states_and_notes(
    run: Run, project: Path, tmp_path: Path
) -> None:
    _edit(project, _open_some)
    result = run("--root", project, "export", "ru", "--out", tmp_path / "cat")
    path = tmp_path / "cat" / f"{SAMPLE_SLUG}.ru.xlf"
    assert result.out == f"wrote {path}: 33 units (31 translated, 1 fuzzy, 1 untranslated)\n"
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{X}xliff" and root.get("version") == "1.2"
    (file,) = root.iter(f"{X}file")
    assert (file.get("original"), file.get("source-language"), file.get("target-language")) == (
        SOURCE, "en", "ru")
    units = _units(path)
    catalog = _catalog(project)
    entries = [e for e in catalog if e.msgid]
    assert [u.get("id") for u in units] == [unit_id(e) for e in entries]
    assert [_source(u) for u in units] == [e.msgid for e in entries]
    title, subtitle, fuzzy = units[:3]
    assert title.find(f"{X}target").get("state") == "translated"
    assert subtitle.find(f"{X}target") is None  # untranslated: no target
    assert fuzzy.find(f"{X}target").get("state") == "needs-review-translation"
    notes = [(n.get("from"), n.text) for n in fuzzy.iter(f"{X}note")]
    assert notes[:2] == [("developer", "paragraph"),
                         ("translator", "check the name of the expert")]
    # what the catalog held, so that an import can tell an entry revised since
    assert notes[2][0] == "transkit" and re.fullmatch(r"[0-9a-f]{12}: .*", notes[2][1])


def test_the_export_is_xliff_translate_toolkit_reads_and_the_same_every_time(
    run: Run, project: Path, tmp_path: Path
) -> None:
    from translate.storage.xliff import xlifffile

    _edit(project, _open_some)
    path = _export(run, project, tmp_path / "cat")
    data = path.read_bytes()
    store = xlifffile.parsestring(data)  # type: ignore[no-untyped-call]
    catalog = _catalog(project)
    assert [u.source for u in store.units] == [e.msgid for e in catalog if e.msgid]
    assert [bool(u.target) for u in store.units][:3] == [True, False, True]
    assert store.units[2].isfuzzy() and not store.units[0].isfuzzy()
    mtime = path.stat().st_mtime_ns
    _export(run, project, tmp_path / "cat")
    assert path.read_bytes() == data and path.stat().st_mtime_ns == mtime  # not rewritten


def test_unit_ids_stay_the_same_when_the_article_changes_around_them(
    run: Run, project: Path, tmp_path: Path
) -> None:
    before = {_source(u): u.get("id") for u in _units(_export(run, project,
                                                                              tmp_path / "a"))}
    source = project / SOURCE
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("\n## The Russian role", "\nA new paragraph.\n\n"
                                   "## The Russian role", 1), encoding="utf-8")
    assert run("--root", project, "sync", "-q").code == 0
    after = {_source(u): u.get("id") for u in _units(_export(run, project,
                                                                             tmp_path / "b"))}
    assert len(after) == len(before) + 1
    assert all(after[english] == id_ for english, id_ in before.items())


def test_export_refuses_a_missing_catalog_and_an_output_among_the_inputs(
    run: Run, project: Path, tmp_path: Path
) -> None:
    (project / RU).unlink()
    missing = run("--root", project, "export", "ru", "--out", tmp_path / "cat")
    assert missing.code == 2 and f"{RU}: no such catalog yet; run 'transkit sync'" in missing.err
    inside = run("--root", project, "export", "de", "--out", project / "locales" / "x")
    assert inside.code == 2 and "would write among the catalogs" in inside.err
    assert not (tmp_path / "cat").exists()


# --- import: the round trip and CAT tools' ways ----------------------------------------------


def test_an_unchanged_round_trip_changes_nothing(run: Run, project: Path, tmp_path: Path) -> None:
    _edit(project, _open_some)
    path = _export(run, project, tmp_path / "cat")
    before = snapshot(project)
    result = run("--root", project, "import", "ru", path)
    assert result.code == 0, result.err
    assert result.out == f"unchanged {RU}: 0 imported, 33 already so\n"
    assert changes(before, snapshot(project)) == []


def _set(unit: etree._Element, target: str | None, state: str | None = None,
         approved: str | None = None) -> None:
    old = unit.find(f"{X}target")
    if old is not None:
        unit.remove(old)
    if target is not None:
        node = etree.Element(f"{X}target")
        node.text = target
        if state:
            node.set("state", state)
        unit.find(f"{X}source").addnext(node)
    if approved is not None:
        unit.set("approved", approved)


def _rewrite(path: Path, change: Callable[[list[etree._Element]], None]) -> None:
    tree = etree.parse(str(path))
    change(list(tree.getroot().iter(f"{X}trans-unit")))
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def test_memoq_style_states_map_back_and_alt_trans_is_ignored(
    run: Run, project: Path, tmp_path: Path
) -> None:
    _edit(project, _open_some)
    path = _export(run, project, tmp_path / "cat")

    def cat_tool(units: list[etree._Element]) -> None:
        _set(units[1], "Россия использовала карабахский конфликт как разменную монету",
             "final")
        _set(units[2], units[2].findtext(f"{X}target"), "signed-off")  # confirmed as it was
        _set(units[3], "Черновик перевода.", "needs-review-translation")  # sent back for review
        alt = etree.SubElement(units[1], f"{X}alt-trans", {"match-quality": "87"})
        etree.SubElement(alt, f"{X}source").text = "Russia used the conflict"
        etree.SubElement(alt, f"{X}target").text = "Совсем другой перевод"

    _rewrite(path, cat_tool)
    before = (project / RU).read_text(encoding="utf-8")
    result = run("--root", project, "import", "ru", path)
    assert result.code == 0, result.err
    assert result.out == f"updated {RU}: 3 imported, 30 already so\n"
    catalog = _catalog(project)
    assert catalog[1].msgstr == "Россия использовала карабахский конфликт как разменную монету"
    assert "fuzzy" not in catalog[1].flags and "fuzzy" not in catalog[2].flags
    assert catalog[2].tcomment == "check the name of the expert"  # comments stay
    assert catalog[3].msgstr == "Черновик перевода." and "fuzzy" in catalog[3].flags
    after = (project / RU).read_text(encoding="utf-8")
    old, new = _entry_blocks(before), _entry_blocks(after)
    assert len(old) == len(new)
    assert [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b] == [2, 3, 4]


def test_trados_style_segments_are_joined_into_one_unit(
    run: Run, project: Path, tmp_path: Path
) -> None:
    _edit(project, _open_some)
    path = _export(run, project, tmp_path / "cat")
    at = next(i for i, e in enumerate(_catalog(project)) if e.msgid.count(". ") == 1)
    sentences = _catalog(project)[at].msgid.split(". ")
    sentences[0] += "."

    def cat_tool(units: list[etree._Element]) -> None:
        unit = units[at]
        source = unit.find(f"{X}source")
        seg_source = etree.Element(f"{X}seg-source")
        for mid, sentence in enumerate(sentences):
            mark = etree.SubElement(seg_source, f"{X}mrk", {"mtype": "seg", "mid": str(mid)})
            mark.text = sentence
            mark.tail = " " if mid == 0 else ""
        source.addnext(seg_source)
        target = unit.find(f"{X}target")
        target.text = None
        target.attrib.pop("state")
        for mid, text in enumerate(["Первое предложение.", "Второе предложение."]):
            mark = etree.SubElement(target, f"{X}mrk", {"mtype": "seg", "mid": str(mid)})
            mark.text = text  # no space between the segments, as Trados writes them
        defs = etree.SubElement(unit, f"{{{SDL}}}seg-defs")
        for mid, conf in enumerate(["Translated", "ApprovedTranslation"]):
            etree.SubElement(defs, f"{{{SDL}}}seg", {"id": str(mid), "conf": conf})
        # a second unit, both segments confirmed but one only as a draft
        draft = units[at + 1]
        draft_target = draft.find(f"{X}target")
        draft_target.attrib.pop("state")
        for child in list(draft_target):
            draft_target.remove(child)
        draft_target.text = "Черновик."
        for code in draft.find(f"{X}source").iter(f"{X}ph"):  # the tags kept, as tools do
            kept = copy.deepcopy(code)
            kept.tail = None
            draft_target.append(kept)
        defs = etree.SubElement(draft, f"{{{SDL}}}seg-defs")
        etree.SubElement(defs, f"{{{SDL}}}seg", {"id": "0", "conf": "Draft"})

    _rewrite(path, cat_tool)
    result = run("--root", project, "import", "ru", path)
    assert result.code == 0, result.err
    catalog = _catalog(project)
    assert catalog[at].msgstr == "Первое предложение. Второе предложение."
    assert "fuzzy" not in catalog[at].flags
    codes = "".join(FOOTNOTE.findall(catalog[at + 1].msgid))
    assert catalog[at + 1].msgstr == f"Черновик.{codes}" and "fuzzy" in catalog[at + 1].flags


def test_omegat_style_untranslated_targets_that_copy_the_english_are_not_imported(
    run: Run, project: Path, tmp_path: Path
) -> None:
    _edit(project, _open_some)
    path = _export(run, project, tmp_path / "cat")

    def cat_tool(units: list[etree._Element]) -> None:
        english = _source(units[1])
        _set(units[1], english)  # OmegaT leaves the source in an untranslated target
        for unit in units:  # and it writes targets without state
            unit.attrib.pop("approved", None)
            target = unit.find(f"{X}target")
            if target is not None:
                target.attrib.pop("state", None)
        _set(units[2], "Новый перевод абзаца.")

    _rewrite(path, cat_tool)
    result = run("--root", project, "import", "ru", path)
    assert result.code == 0, result.err
    catalog = _catalog(project)
    assert catalog[1].msgstr == ""
    assert catalog[2].msgstr == "Новый перевод абзаца." and "fuzzy" not in catalog[2].flags


def test_a_drifted_entry_translated_in_the_cat_tool_is_no_longer_fuzzy(
    run: Run, project: Path, tmp_path: Path
) -> None:
    source = project / SOURCE
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Azerbaijan seized control",
                                   "Azerbaijan seized full control"), encoding="utf-8")
    assert run("--root", project, "sync", "-q").code == 0
    drifted = next(e for e in _catalog(project) if "seized full control" in e.msgid)
    assert "fuzzy" in drifted.flags and drifted.previous_msgid
    path = _export(run, project, tmp_path / "cat")

    def cat_tool(units: list[etree._Element]) -> None:
        unit = next(u for u in units if "seized full control" in _source(u))
        assert unit.find(f"{X}target").get("state") == "needs-review-translation"
        _set(unit, "Исправленный перевод.", "translated")

    _rewrite(path, cat_tool)
    assert run("--root", project, "import", "ru", path).code == 0
    entry = next(e for e in _catalog(project) if "seized full control" in e.msgid)
    assert entry.msgstr == "Исправленный перевод." and "fuzzy" not in entry.flags
    assert entry.previous_msgid is None
    assert not any(line.startswith(("drift:", "diff:")) for line in entry.comment.split("\n"))
    assert run("--root", project, "sync", "--dry-run").code == 0  # in step


# --- import: what does not match --------------------------------------------------------------


def test_units_whose_english_changed_since_the_export_are_reported_and_not_imported(
    run: Run, project: Path, tmp_path: Path
) -> None:
    path = _export(run, project, tmp_path / "cat")

    def cat_tool(units: list[etree._Element]) -> None:
        _set(units[0], "Новый заголовок", "translated")
        _set(units[3], "Новый абзац о сентябре.", "translated")

    _rewrite(path, cat_tool)
    line, uid = _units(path)[3].sourceline, _units(path)[3].get("id")
    source = project / SOURCE
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Azerbaijan seized control",
                                   "Azerbaijan seized full control"), encoding="utf-8")
    assert run("--root", project, "sync", "-q").code == 0
    before = _catalog(project)
    result = run("--root", project, "import", "ru", path)
    assert result.code == 1
    now = next(e for e in before if "seized full control" in e.msgid)
    assert result.out.splitlines() == [
        f"updated {RU}: 1 imported, 31 already so, 1 not imported",
        f"{path}:{line}: unit {uid} not imported: the English changed since the export "
        f"(now the entry at line {now.linenum}); export again and translate the new English",
    ]
    after = _catalog(project)
    assert after[0].msgstr == "Новый заголовок"
    assert next(e for e in after if "seized full control" in e.msgid).msgstr == now.msgstr  # kept


def test_xliff_for_another_article_imports_nothing_and_says_why(
    run: Run, project: Path, tmp_path: Path
) -> None:
    other = project / "sources" / "another-article.md"
    other.write_text("# Another article\n\nIts only paragraph.\n", encoding="utf-8")
    assert run("--root", project, "sync", "-q").code == 0
    path = _export(run, project, tmp_path / "cat", SAMPLE_SLUG)
    before = snapshot(project)
    result = run("--root", project, "import", "ru", path, "--article", "another-article")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == "unchanged locales/ru/another-article.po: 0 imported, 0 already so, " \
                       "33 not imported"
    assert len(lines) == 34 and all("no entry has this English" in x for x in lines[1:])
    assert changes(before, snapshot(project)) == []


def _with_another_article(run: Run, project: Path, tmp_path: Path) -> Path:
    """A second, untranslated article of two units beside the sample, synced; where to
    export to."""
    other = project / "sources" / "another-article.md"
    other.write_text("# Another article\n\nIts only paragraph.\n", encoding="utf-8")
    assert run("--root", project, "sync", "-q").code == 0
    return tmp_path / "cat"


def test_many_xliff_files_are_summed_up_in_one_line_and_named_with_verbose(
    run: Run, project: Path, tmp_path: Path
) -> None:
    out = _with_another_article(run, project, tmp_path)
    result = run("--root", project, "export", "ru", "--out", out)
    assert result.code == 0, result.err
    assert result.out == (f"wrote 2 XLIFF files in {out}: 35 units (33 translated, 0 fuzzy, "
                          "2 untranslated) (--verbose names each file)\n")
    verbose = run("--root", project, "export", "ru", "--out", out, "--verbose")
    assert verbose.out.splitlines() == [
        f"wrote {out / 'another-article.ru.xlf'}: 2 units (0 translated, 0 fuzzy, "
        "2 untranslated)",
        f"wrote {out / SAMPLE_SLUG}.ru.xlf: 33 units (33 translated, 0 fuzzy, 0 untranslated)",
        f"wrote 2 XLIFF files in {out}: 35 units (33 translated, 0 fuzzy, 2 untranslated)"]


def test_one_xliff_with_a_file_per_article_updates_each_catalog(
    run: Run, project: Path, tmp_path: Path
) -> None:
    out = _with_another_article(run, project, tmp_path)
    assert run("--root", project, "export", "ru", "--out", out).code == 0
    sample = etree.parse(str(out / f"{SAMPLE_SLUG}.ru.xlf"))
    second = etree.parse(str(out / "another-article.ru.xlf")).getroot().find(f"{X}file")
    for unit, text in zip(second.iter(f"{X}trans-unit"), ["Другая статья", "Единственный абзац."],
                          strict=True):
        _set(unit, text, "translated")
    _set(next(sample.getroot().iter(f"{X}trans-unit")), "Новый заголовок", "translated")
    sample.getroot().append(second)  # as a CAT tool bundles a project's files
    bundle = out / "bundle.xlf"
    sample.write(str(bundle), xml_declaration=True, encoding="UTF-8")
    result = run("--root", project, "import", "ru", bundle)
    assert result.code == 0, result.err
    assert result.out.splitlines() == [f"updated {RU}: 1 imported, 32 already so",
                                       "updated locales/ru/another-article.po: 2 imported, "
                                       "0 already so"]
    assert [e.msgstr for e in polib.pofile(str(project / "locales/ru/another-article.po"))] == [
        "Другая статья", "Единственный абзац."]


def test_xliff_for_another_language_or_article_file_is_refused(
    run: Run, project: Path, tmp_path: Path
) -> None:
    path = _export(run, project, tmp_path / "cat")
    before = snapshot(project)
    wrong_lang = run("--root", project, "import", "de", path)
    assert wrong_lang.code == 2
    assert wrong_lang.err == (f"transkit: error: {path}:3: is for language 'ru', not 'de'; "
                              "import it with 'transkit import ru FILE' (or fix target-language "
                              "if it is wrong)\n")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'original="{SOURCE}"', 'original="sources/gone.md"'),
                    encoding="utf-8")
    gone = run("--root", project, "import", "ru", path)
    assert gone.code == 2 and "is for 'sources/gone.md', which is not an article" in gone.err
    assert changes(before, snapshot(project)) == []


BROKEN_XLIFF = [
    ("unclosed", lambda t: t.replace("</body>", "</bdy>"), "is not well-formed XML"),
    ("xliff 2", lambda t: t.replace('version="1.2"', 'version="2.0"'), "cannot be read as"),
    ("no source", lambda t: re.sub(r"<source>.*?</source>", "", t, count=1, flags=re.S),
     "without <source>"),
    ("another format", lambda t: '<?xml version="1.0"?>\n<tmx version="1.4"/>\n',
     "its root element is <tmx>, not <xliff>"),
]


@pytest.mark.parametrize(("name", "spoil", "words"), BROKEN_XLIFF, ids=[c[0] for c in BROKEN_XLIFF])
def test_a_malformed_xliff_is_refused_with_its_line_and_changes_nothing(
    run: Run, project: Path, tmp_path: Path, name: str, spoil: Callable[[str], str], words: str
) -> None:
    path = _export(run, project, tmp_path / "cat")
    path.write_text(spoil(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = snapshot(project)
    result = run("--root", project, "import", "ru", path)
    assert result.code == 2, result.out
    (line,) = result.err.splitlines()
    assert re.match(rf"transkit: error: {re.escape(str(path))}:\d+: ", line), line
    assert words in line
    assert changes(before, snapshot(project)) == []


# --- TMX --------------------------------------------------------------------------------------


def _tmx_units(path: Path) -> list[tuple[str, str]]:
    root = etree.parse(str(path)).getroot()
    return [(tu[0].findtext("seg"), tu[1].findtext("seg")) for tu in root.iter("tu")]


def test_tmx_export_holds_the_translated_entries_obsolete_included(
    run: Run, project: Path, tmp_path: Path
) -> None:
    def edit(catalog: polib.POFile) -> None:
        _open_some(catalog)
        gone = polib.POEntry(msgid="A paragraph that left the article.",
                             msgstr="Абзац, которого больше нет.", obsolete=True)
        catalog.append(gone)

    _edit(project, edit)
    out = tmp_path / "cat"
    result = run("--root", project, "export", "ru", "--format", "tmx", "--out", out)
    assert result.code == 0, result.err
    assert result.out == f"wrote {out / 'ru.tmx'}: 32 translation units from 1 catalog\n"
    root = etree.parse(str(out / "ru.tmx")).getroot()
    assert root.get("version") == "1.4" and root.find("header").get("segtype") == "paragraph"
    pairs = _tmx_units(out / "ru.tmx")
    catalog = _catalog(project)
    assert pairs[0] == (catalog[0].msgid, catalog[0].msgstr)
    assert ("A paragraph that left the article.", "Абзац, которого больше нет.") in pairs
    assert all(english not in (catalog[1].msgid, catalog[2].msgid) for english, _ in pairs)


def test_tmx_import_fills_untranslated_entries_with_exact_matches_only(
    run: Run, project: Path, tmp_path: Path
) -> None:
    assert run("--root", project, "export", "ru", "-f", "tmx", "-o", tmp_path / "cat").code == 0
    memory = tmp_path / "cat" / "ru.tmx"
    catalog = _catalog(project)
    title = catalog[0].msgstr
    _edit(project, _open_some)  # entry 1 loses its translation, entry 2 becomes fuzzy
    _edit(project, lambda c: setattr(c[0], "msgstr", ""))
    text = memory.read_text(encoding="utf-8")
    # a second translation of the title: ambiguous, so not used
    tu = re.search(r"\s*<tu srclang=\"en\">.*?</tu>", text, flags=re.S)
    assert tu is not None
    text = text.replace(tu.group(), tu.group() + tu.group().replace(title, "Другой заголовок"), 1)
    memory.write_text(text, encoding="utf-8")
    result = run("--root", project, "import", "ru", memory)
    assert result.code == 1
    assert result.out.splitlines() == [
        f"updated {RU}: 1 imported, 0 already so",
        f"{memory}:6: not imported: 2 different translations of the same English; not used",
    ]
    after = _catalog(project)
    assert after[1].msgstr == catalog[1].msgstr and "fuzzy" not in after[1].flags
    assert after[0].msgstr == ""
    assert "fuzzy" in after[2].flags  # a translation already there is never changed


def test_a_malformed_tmx_is_refused_with_its_line(run: Run, project: Path, tmp_path: Path) -> None:
    memory = tmp_path / "ru.tmx"
    memory.write_text('<?xml version="1.0"?>\n<tmx version="1.4">\n<header/>\n<body>\n'
                      '<tu><tuv xml:lang="en"><seg>x</seg></tuv>\n</body></tmx>\n',
                      encoding="utf-8")
    before = snapshot(project)
    result = run("--root", project, "import", "ru", memory)
    assert result.code == 2
    assert result.err.startswith(f"transkit: error: {memory}:6: is not well-formed XML")
    assert changes(before, snapshot(project)) == []


def test_markdown_import_still_needs_its_article(run: Run, project: Path, tmp_path: Path) -> None:
    translated = tmp_path / "ru.md"
    translated.write_text("# Заголовок\n", encoding="utf-8")
    result = run("--root", project, "import", "ru", translated)
    assert result.code == 2 and "give --article" in result.err
