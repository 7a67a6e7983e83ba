"""status: counts that agree with msgfmt --statistics, every format, and the HTML page."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from transkit.core.po.pofile import parse_po
from transkit.core.report.counts import catalog_status

from .conftest import Run

needs_msgfmt = pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed"
)
needs_chromium = pytest.mark.skipif(
    shutil.which("chromium") is None,
    reason="Debian's chromium is not installed here (apt-get install chromium); .ci/run has it",
)

TRICKY = r'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"
"Language: de\n"

msgid "one"
msgid_plural "many"
msgstr[0] "eins"
msgstr[1] ""

msgid "two"
msgid_plural "twos"
msgstr[0] ""
msgstr[1] "zwei"

msgctxt "ctx"
msgid "a"
msgstr "A"

msgctxt "ctx2"
msgid "a"
msgstr ""

#, fuzzy
msgid "b"
msgstr "B"

#, fuzzy
msgid "c"
msgstr ""

#, fuzzy
msgid "d d d"
msgstr "D"

#~ msgid "e"
#~ msgstr "E"
'''


def msgfmt_counts(path: Path) -> tuple[int, int, int]:
    done = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True, text=True, check=True,
    )
    text = done.stderr

    def grab(word: str) -> int:
        found = re.search(rf"(\d+) {word}", text)
        return int(found.group(1)) if found else 0

    return grab("translated"), grab("fuzzy"), grab("untranslated")


@needs_msgfmt
def test_counts_agree_with_msgfmt_on_tricky_catalog(tmp_path: Path) -> None:
    path = tmp_path / "tricky.po"
    path.write_text(TRICKY, encoding="utf-8")
    status = catalog_status(parse_po(TRICKY, path="t.po"), path="t.po", article="t", language="de")
    assert (status.translated, status.fuzzy, status.untranslated) == msgfmt_counts(path)
    assert status.total == 7 and status.obsolete == 1


@needs_msgfmt
def test_counts_agree_with_msgfmt_on_the_sample_after_editing(project: Path) -> None:
    for po_path in sorted((project / "locales").rglob("*.po")):
        catalog = polib.pofile(str(po_path))
        for i, entry in enumerate(catalog):
            if i % 3 == 0:
                entry.msgstr = ""
            elif i % 5 == 0:
                entry.flags.append("fuzzy")
        catalog.save(str(po_path))
        text = po_path.read_text(encoding="utf-8")
        status = catalog_status(parse_po(text, path="x"), path="x", article="a", language="de")
        assert (status.translated, status.fuzzy, status.untranslated) == msgfmt_counts(po_path)


def test_json_schema(run: Run, project: Path) -> None:
    result = run("--root", project, "status", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    keys = {"path", "article", "language", "total", "translated", "fuzzy", "untranslated",
            "obsolete", "source_words", "translated_words", "percent"}
    assert len(data["catalogs"]) == 3
    assert keys <= set(data["catalogs"][0])
    assert set(data["languages"]) == {"hy", "de", "ru"}
    assert data["languages"]["de"]["percent"] == 100.0


def test_words_measure_the_text_not_the_entries(run: Run, project: Path) -> None:
    po_path = project / "locales" / "de" / "russias-complicity-nagorno-karabakh.po"
    catalog = polib.pofile(str(po_path))
    longest = max((e for e in catalog if e.msgid), key=lambda e: len(e.msgid.split()))
    longest.msgstr = ""
    catalog.save(str(po_path))
    data = json.loads(run("--root", project, "status", "--format", "json").out)
    de = next(c for c in data["catalogs"] if c["language"] == "de")
    assert de["untranslated"] == 1
    assert de["translated_words"] == de["source_words"] - len(longest.msgid.split())
    assert de["percent"] > 96 and de["translated_words"] < de["source_words"]


def test_status_of_any_catalogs_by_path(run: Run, tmp_path: Path) -> None:
    (tmp_path / "x.po").write_text(TRICKY, encoding="utf-8")
    result = run("status", tmp_path, "--format", "csv")
    assert result.code == 0, result.err
    assert result.out.splitlines()[1].startswith(f"{tmp_path / 'x.po'},x,de,7,2,2,3,1,")


def test_table_and_markdown_formats(run: Run, project: Path) -> None:
    table = run("--root", project, "status")
    assert table.code == 0 and "Per language" in table.out and "\x1b[" not in table.out
    md = run("--root", project, "status", "--format", "markdown")
    assert "| article | hy | de | ru |" in md.out


def _html(run: Run, project: Path, tmp_path: Path) -> Path:
    po_path = project / "locales" / "ru" / "russias-complicity-nagorno-karabakh.po"
    catalog = polib.pofile(str(po_path))
    catalog.append(polib.POEntry(msgid="<script>alert(1)</script> & co", msgstr=""))
    catalog.save(str(po_path))
    out = tmp_path / "status.html"
    result = run("--root", project, "status", "--format", "html", "--output", out)
    assert result.code == 0, result.err
    return out


def test_html_is_self_contained_and_escaped(run: Run, project: Path, tmp_path: Path) -> None:
    page = _html(run, project, tmp_path).read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)


@pytest.mark.slow
@needs_chromium
def test_html_renders_in_chromium(run: Run, project: Path, tmp_path: Path) -> None:
    page = _html(run, project, tmp_path)
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    shot = tmp_path / "status.png"
    subprocess.run(["chromium", *flags, f"--screenshot={shot}", "--window-size=1200,900",
                    page.as_uri()], capture_output=True, timeout=120, check=False)
    assert shot.exists() and shot.stat().st_size > 5000
    dom = subprocess.run(["chromium", *flags, "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120, check=False).stdout
    assert "Articles × languages" in dom and "russias-complicity-nagorno-karabakh" in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom  # shown as text, never run
    assert dom.count('class="bar"') == 3


def test_todo_lists_each_open_entry_with_its_line_and_diff(run: Run, project: Path) -> None:
    from .conftest import SAMPLE_SLUG

    assert "Nothing to do" in run("--root", project, "todo", "de").out
    source = project / "sources" / f"{SAMPLE_SLUG}.md"
    text = source.read_text(encoding="utf-8")
    text = text.replace("in Moscow on 19\u00a0July", "in Moscow on 20\u00a0July", 1)
    text = text.replace("\n## The impact of the Russian factor",
                        "\nA new paragraph.\n\n## The impact of the Russian factor", 1)
    source.write_text(text, encoding="utf-8")
    assert run("--root", project, "sync").code == 0
    run("--root", project, "status")  # counts cached: todo must still read the entries
    result = run("--root", project, "todo", "de")
    assert result.code == 0
    po = f"locales/de/{SAMPLE_SLUG}.po"
    assert f"{po}: 2 to do" in result.out
    # each drift with its severity and reason
    assert re.search(rf"{re.escape(po)}:\d+: drift: critical \(number changed: 19 → 20\): "
                     "Following the trilateral", result.out)
    assert "on [-19-]{+20+} July" in result.out
    assert re.search(rf"{re.escape(po)}:\d+: untranslated: A new paragraph\.", result.out)
    assert "locales/hy" not in result.out and "locales/ru" not in result.out


def test_todo_says_when_a_catalog_is_out_of_step_or_missing(run: Run, project: Path) -> None:
    from .conftest import SAMPLE_SLUG

    source = project / "sources" / f"{SAMPLE_SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new closing paragraph.\n",
                      encoding="utf-8")
    (project / "sources" / "short-note.md").write_text("A short note.\n\nTwo.\n", encoding="utf-8")
    out = run("--root", project, "todo", "de").out
    assert (f"locales/de/{SAMPLE_SLUG}.po: out of step with the English; run 'transkit sync' "
            "first") in out
    assert "locales/de/short-note.po: missing, 2 units to translate" in out
    assert ":0:" not in out and "Nothing to do" not in out
    run("--root", project, "sync")
    out = run("--root", project, "todo", "de").out
    assert "out of step" not in out and "missing" not in out
    assert "untranslated: A new closing paragraph." in out


def test_status_by_path_counts_each_catalog_once_and_names_its_language(
    run: Run, tmp_path: Path
) -> None:
    po = tmp_path / "po"
    po.mkdir()
    bare = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            'msgid "a"\nmsgstr "b"\n')
    (po / "de.po").write_text(bare, encoding="utf-8")  # the po/LANG.po layout, no Language
    (po / "domain.pot").write_text(bare, encoding="utf-8")  # a template: nobody's translation
    (tmp_path / "notes.po").write_text(bare, encoding="utf-8")
    result = run("status", tmp_path, po, po / "de.po", "--format", "csv")
    assert result.code == 0, result.err
    rows = [line.split(",")[:3] for line in result.out.splitlines()[1:]]
    assert sorted(rows) == sorted([
        [str(tmp_path / "notes.po"), "notes", "?"],
        [str(po / "de.po"), "de", "de"],
    ])
    named = run("status", po / "domain.pot", "--format", "csv").out.splitlines()
    assert len(named) == 2 and named[1].startswith(f"{po / 'domain.pot'},domain,?,")
