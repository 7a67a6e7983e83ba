"""XLIFF round trips that lose nothing: inline markup as protected inline codes, restored byte
for byte; a target that lost or invented a code is reported, not imported; and a translation
revised in the catalog after the export is never overwritten by the file."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from lxml import etree

from transkit.core.exchange.inline import join, tokenize
from transkit.core.exchange.xliff import XLIFF_12
from transkit.core.po.pofile import format_po, parse_po

from .conftest import Result
from .fsutil import changes, snapshot

Run = Callable[..., Result]
X = f"{{{XLIFF_12}}}"
PO = "locales/de/rich.po"

ENGLISH = """\
---
title: Markup that must survive
---

See [the report](https://example.org/report "The report") for **all** of it.[^1]

Run `make test`, then *read* the ~~old~~ output<br>at {{< ref "setup.md" >}} or <https://example.org>.

The {{< glossary_tooltip text="API server" term_id="kube-apiserver" >}} answers \
<a href="/x">in <em>time</em></a>.

![A map of the *region*](map.png) and a plain sentence.

In 2020, 45 villages were lost.

[^1]: The footnote, with a [link](https://example.org/fn).
"""

GERMAN = {
    "Markup that must survive": "Markup, das überleben muss",
    "See [the report](": "Siehe [den Bericht](https://example.org/de/report \"Der Bericht\") "
                         "für **alles**.[^1]",
    "Run `make test`": "Führen Sie `make test` aus und *lesen* Sie die ~~alte~~ Ausgabe<br>unter "
                       "{{< ref \"setup.md\" >}} oder <https://example.org>.",
    "The {{< glossary_tooltip": "Der {{< glossary_tooltip text=\"API-Server\" "
                                "term_id=\"kube-apiserver\" >}} antwortet <a href=\"/x\">"
                                "<em>rechtzeitig</em></a>.",
    "![A map": "![Eine Karte der *Region*](map.png) und ein schlichter Satz.",
    "In 2020, 45 villages": "2020 gingen 45 Dörfer verloren.",
    "The footnote": "Die Fußnote, mit einem [Link](https://example.org/fn).",
}


@pytest.fixture
def rich(tmp_path: Path, run: Run) -> Path:
    """A project with one article full of inline markup, translated into German."""
    root = tmp_path / "rich"
    (root / "sources").mkdir(parents=True)
    (root / "transkit.toml").write_text('languages = ["de"]\nproject = "t"\n', encoding="utf-8")
    (root / "sources" / "rich.md").write_text(ENGLISH, encoding="utf-8")
    assert run("--root", root, "sync").code == 0

    def translate(catalog: polib.POFile) -> None:
        for entry in catalog:
            entry.msgstr = next(t for start, t in GERMAN.items() if entry.msgid.startswith(start))

    _edit(root, translate)
    return root


def _catalog(root: Path) -> polib.POFile:
    return parse_po((root / PO).read_text(encoding="utf-8"), path=PO)


def _edit(root: Path, edit: Callable[[polib.POFile], None]) -> None:
    catalog = _catalog(root)
    edit(catalog)
    (root / PO).write_text(format_po(catalog), encoding="utf-8")


def _export(run: Run, root: Path, out: Path) -> Path:
    result = run("--root", root, "export", "de", "--out", out)
    assert result.code == 0, result.err
    return out / "rich.de.xlf"


def _units(path: Path) -> dict[str, etree._Element]:
    """The trans-units by the start of their English."""
    units = etree.parse(str(path)).getroot().iter(f"{X}trans-unit")
    return {"".join(u.find(f"{X}source").itertext())[:20]: u for u in units}


def _rewrite(path: Path, change: Callable[[dict[str, etree._Element]], None]) -> None:
    tree = etree.parse(str(path))
    units = {"".join(u.find(f"{X}source").itertext())[:20]: u
             for u in tree.getroot().iter(f"{X}trans-unit")}
    change(units)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def _entry(catalog: polib.POFile, start: str) -> polib.POEntry:
    return next(e for e in catalog if e.msgid.startswith(start))


# --- placeholders ---------------------------------------------------------------------------------


def test_inline_markup_is_exported_as_inline_codes(run: Run, rich: Path, tmp_path: Path) -> None:
    units = _units(_export(run, rich, tmp_path / "cat"))
    see = units["See [the report](htt"]
    source = see.find(f"{X}source")
    codes = [(c.tag.removeprefix(X), c.get("id"), c.get("ctype"), c.text) for c in source]
    assert codes == [
        ("bpt", "1", "link", "["), ("ept", "1", None, '](https://example.org/report "The report")'),
        ("bpt", "2", "bold", "**"), ("ept", "2", None, "**"),
        ("ph", "3", "x-footnote-ref", "[^1]"),
    ]
    assert [source.text, *(c.tail for c in source)] == ["See ", "the report", " for ", "all",
                                                        " of it.", None]
    # the translation's codes carry the English's ids, a translated link target too
    target = [(c.tag.removeprefix(X), c.get("id"), c.text) for c in see.find(f"{X}target")]
    assert target == [("bpt", "1", "["),
                      ("ept", "1", '](https://example.org/de/report "Der Bericht")'),
                      ("bpt", "2", "**"), ("ept", "2", "**"), ("ph", "3", "[^1]")]
    tooltip = units["The {{< glossary_too"].find(f"{X}source")
    assert [(c.tag.removeprefix(X), c.get("ctype")) for c in tooltip] == [
        ("bpt", "x-shortcode"), ("ept", None), ("bpt", "x-html"), ("bpt", "x-html"),
        ("ept", None), ("ept", None)]
    assert tooltip[0].tail == "API server"  # a shortcode's text parameter stays text
    run_ = units["Run `make test`, the"].find(f"{X}source")
    assert [c.get("ctype") for c in run_ if c.tag == f"{X}ph"] == [
        "x-code", "x-html", "x-shortcode", "x-autolink"]


def test_translate_toolkit_reads_the_export_as_the_catalog_holds_it(
    run: Run, rich: Path, tmp_path: Path
) -> None:
    from translate.storage.xliff import xlifffile

    path = _export(run, rich, tmp_path / "cat")
    catalog = _catalog(rich)
    store = xlifffile.parsefile(str(path))  # type: ignore[no-untyped-call]
    assert [(u.source, u.target) for u in store.units] == [
        (e.msgid, e.msgstr) for e in catalog if e.msgid]
    tools = Path(sys.executable).parent
    converted = tmp_path / "converted.po"
    done = subprocess.run([str(tools / "xliff2po"), str(path), str(converted)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    back = polib.pofile(str(converted))
    assert [(e.msgid, e.msgstr) for e in back if e.msgid] == [
        (e.msgid, e.msgstr) for e in catalog if e.msgid]
    counted = subprocess.run([str(tools / "pocount"), "--csv", str(path)], capture_output=True,
                             text=True, check=False)
    assert counted.returncode == 0, counted.stderr
    assert str(len(store.units)) in counted.stdout


def test_a_round_trip_with_no_edits_changes_nothing(run: Run, rich: Path, tmp_path: Path) -> None:
    path = _export(run, rich, tmp_path / "cat")
    before = snapshot(rich)
    result = run("--root", rich, "import", "de", path)
    assert result.code == 0, result.err
    assert result.out == f"unchanged {PO}: 0 imported, 7 already so\n"
    assert changes(before, snapshot(rich)) == []


def _clear(node: etree._Element) -> None:
    node.text = None
    for child in list(node):
        node.remove(child)


def test_targets_revised_in_a_cat_tool_keep_their_markup_byte_for_byte(
    run: Run, rich: Path, tmp_path: Path
) -> None:
    path = _export(run, rich, tmp_path / "cat")

    def cat_tool(units: dict[str, etree._Element]) -> None:
        # the translator rewords between the tags, which keep their content
        target = units["See [the report](htt"].find(f"{X}target")
        target.text = "Lesen Sie "
        target[0].tail = "den ganzen Bericht"  # bpt, text, ept, bpt, text, ept, ph
        target[1].tail = " "
        target[2].tail = "sofort"
        target[3].tail = None
        target[4].tail = " ganz."
        # a tool that empties the codes' content (memoQ-style <ph id="3"/>)
        target = units["Run `make test`, the"].find(f"{X}target")
        target.text = "Starten Sie "
        for code in target:
            code.text = None
        # a tool that writes pairs as <g> and lone codes as <x/>
        target = units["![A map of the *regi"].find(f"{X}target")
        _clear(target)
        g = etree.SubElement(target, f"{X}g", id="1")
        g.text = "Eine Karte des "
        inner = etree.SubElement(g, f"{X}g", id="2")
        inner.text = "Gebiets"
        target.text = None
        g.tail = " und ein einfacher Satz."

    _rewrite(path, cat_tool)
    result = run("--root", rich, "import", "de", path)
    assert result.code == 0, result.out + result.err
    assert result.out.startswith(f"updated {PO}: 3 imported, 4 already so\n")
    catalog = _catalog(rich)
    assert _entry(catalog, "See [").msgstr == (
        'Lesen Sie [den ganzen Bericht](https://example.org/de/report "Der Bericht") '
        "**sofort**[^1] ganz.")
    assert _entry(catalog, "Run `make").msgstr == GERMAN["Run `make test`"].replace(
        "Führen", "Starten")
    assert _entry(catalog, "![A map").msgstr == (
        "![Eine Karte des *Gebiets*](map.png) und ein einfacher Satz.")


def test_a_target_that_lost_or_invented_a_code_is_reported_not_imported(
    run: Run, rich: Path, tmp_path: Path
) -> None:
    path = _export(run, rich, tmp_path / "cat")

    def cat_tool(units: dict[str, etree._Element]) -> None:
        target = units["See [the report](htt"].find(f"{X}target")
        target.remove(target[4])  # the footnote reference
        target[3].tail = "."
        target = units["In 2020, 45 villages"].find(f"{X}target")
        invented = etree.SubElement(target, f"{X}ph", id="7", ctype="x-html")
        invented.text = "<br>"

    _rewrite(path, cat_tool)
    before = snapshot(rich)
    result = run("--root", rich, "import", "de", path)
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == f"unchanged {PO}: 0 imported, 5 already so, 2 not imported"
    assert re.fullmatch(rf"{re.escape(str(path))}:\d+: unit u\w+ not imported: its translation "
                        r"lost the inline code 3 \(\[\^1\]\); fix the tags in the CAT tool and "
                        "export the file again", lines[1])
    assert "has an inline code the English does not have (<br>)" in lines[2]
    assert changes(before, snapshot(rich)) == []


def test_a_plain_text_target_is_read_for_its_markup(run: Run, rich: Path, tmp_path: Path) -> None:
    """A tool that writes the codes out as text: its markup is compared, not its elements."""
    path = _export(run, rich, tmp_path / "cat")

    def cat_tool(units: dict[str, etree._Element]) -> None:
        for start, text in (("See [the report](htt", "Siehe [hier](https://example.org) **nun**"
                             "[^1]."), ("![A map of the *regi", "Eine Karte und ein Satz.")):
            target = units[start].find(f"{X}target")
            _clear(target)
            target.text = text

    _rewrite(path, cat_tool)
    result = run("--root", rich, "import", "de", path)
    assert result.code == 1, result.out
    assert "lost the inline code 1 (![ … ](map.png))" in result.out, result.out
    catalog = _catalog(rich)
    assert _entry(catalog, "See [").msgstr == "Siehe [hier](https://example.org) **nun**[^1]."
    assert _entry(catalog, "![A map").msgstr == GERMAN["![A map"]


@pytest.mark.parametrize("text", [*ENGLISH.split("\n"), *GERMAN.values(),
                                  "a ** b * c __d__ e_f_g `x` `` y ` z `` [a](b (c)) [^x]: no",
                                  "<a><b></a></b> {{% tab %}}x{{% /tab %}} \\*x\\* ***y***",
                                  "unclosed [link]( and `code and <a href='x'"])
def test_tokenizing_cuts_the_text_and_changes_no_byte(text: str) -> None:
    pieces = tokenize(text, text_parameters=("text", "title"))
    assert join(pieces) == text
    assert all(p for p in pieces)  # no empty pieces


# --- stale exports ------------------------------------------------------------------------------


def test_a_translation_corrected_in_the_catalog_after_the_export_is_never_overwritten(
    run: Run, rich: Path, tmp_path: Path
) -> None:
    """The issue's case: a freelancer returns last week's XLIFF; meanwhile the catalog was
    corrected ("45 Dörfern") and the English gained a heading."""
    _edit(rich, lambda c: setattr(_entry(c, "In 2020"), "msgstr",
                                  "2020 gingen 45 Dörfer verloren."))
    path = _export(run, rich, tmp_path / "cat")
    exported = copy.deepcopy(path.read_bytes())
    # meanwhile, in the catalog: the case ending corrected, and a new heading translated
    _edit(rich, lambda c: setattr(_entry(c, "In 2020"), "msgstr",
                                  "2020 gingen 45 Dörfern verloren."))
    _edit(rich, lambda c: setattr(_entry(c, "![A map"), "msgstr",
                                  "![Eine Karte der *Region*](map.png) und ein Satz."))
    source = rich / "sources" / "rich.md"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "In 2020,", "## A new heading\n\nIn 2020,"), encoding="utf-8")
    assert run("--root", rich, "sync").code == 0
    _edit(rich, lambda c: setattr(_entry(c, "A new heading"), "msgstr", "Eine neue Überschrift"))

    # the freelancer revised the image's text and another unit, not the villages
    def cat_tool(units: dict[str, etree._Element]) -> None:
        units["![A map of the *regi"].find(f"{X}target")[3].tail = " und ein kurzer Satz."
        units["Markup that must sur"].find(f"{X}target").text = "Markup, das bleibt"

    _rewrite(path, cat_tool)
    result = run("--root", rich, "import", "de", path)
    assert result.code == 1, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"updated {PO}: 1 imported, 5 already so, 1 kept beside the catalog's"
    assert re.fullmatch(rf"{re.escape(str(path))}:\d+: unit u\w+ kept beside: the catalog's "
                        r"entry \(line \d+\) changed since the export; its translation stays, "
                        r"fuzzy, with this file's in a comment \(# other translation "
                        r"\(rich.de.xlf\): …\)", lines[1])
    assert re.fullmatch(rf"{re.escape(str(path))}:\d+: unit u\w+ catalog newer: the catalog's "
                        r"entry \(line \d+\) changed since the export, and this file has the "
                        "translation as it was exported; the catalog's is kept", lines[2])
    catalog = _catalog(rich)
    villages = _entry(catalog, "In 2020")
    assert villages.msgstr == "2020 gingen 45 Dörfern verloren." and "fuzzy" not in villages.flags
    image = _entry(catalog, "![A map")
    assert image.msgstr == "![Eine Karte der *Region*](map.png) und ein Satz."
    assert "fuzzy" in image.flags
    assert image.tcomment == ("other translation (rich.de.xlf): ![Eine Karte der *Region*]"
                              "(map.png) und ein kurzer Satz.")
    assert _entry(catalog, "Markup").msgstr == "Markup, das bleibt"
    assert _entry(catalog, "A new heading").msgstr == "Eine neue Überschrift"
    assert str(tmp_path) not in (rich / PO).read_text(encoding="utf-8")
    # an XLIFF without the record (another tool's, or older) imports as it always did
    path.write_bytes(exported)
    def other_tool(units: dict[str, etree._Element]) -> None:
        for unit in units.values():
            for note in list(unit.iter(f"{X}note")):
                if note.get("from") == "transkit":
                    unit.remove(note)

    _rewrite(path, other_tool)
    result = run("--root", rich, "import", "de", path)
    assert result.code == 0, result.out
    assert _entry(_catalog(rich), "In 2020").msgstr == "2020 gingen 45 Dörfer verloren."
