"""build: localized articles with the English structure, drafts, fallbacks and fuzzy policy."""

from __future__ import annotations

import os
import re
from pathlib import Path

import polib
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from transkit.core.build.assemble import build_article, translations_of
from transkit.core.build.model import BuildOptions, Fallback, Used
from transkit.core.source.segment import assemble, segment_markdown, source_texts

from .conftest import SAMPLE, SAMPLE_SLUG, Run

MD = MarkdownIt("commonmark").use(front_matter_plugin).use(footnote_plugin).enable("table")


def shape(text: str) -> dict[str, int]:
    tokens = MD.parse(text)
    return {
        "headings": sum(t.type == "heading_open" for t in tokens),
        "paragraphs": sum(t.type == "paragraph_open" and t.level == 0 for t in tokens),
        "footnotes": sum(t.type == "footnote_open" for t in tokens),
        "refs": sum(c.type == "footnote_ref" for t in tokens for c in (t.children or [])),
    }


def front(text: str) -> dict[str, object]:
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


def test_german_edition_has_the_english_structure(run: Run, project: Path) -> None:
    result = run("--root", project, "build", "--lang", "de")
    assert result.code == 0, result.err
    german = (project / "build" / "de" / f"{SAMPLE_SLUG}.md").read_text(encoding="utf-8")
    english = SAMPLE.read_text(encoding="utf-8")
    assert shape(german) == shape(english)
    assert shape(german)["refs"] == 4  # every reference resolves to a definition
    meta = front(german)
    assert meta["lang"] == "de" and meta["translationKey"] == SAMPLE_SLUG
    assert str(meta["title"]).startswith("Russlands Mitschuld")
    assert meta["date"] is not None and meta["author"] == "Sossi Tatikyan"
    assert "draft" not in meta and meta["editions"] == ["en", "de", "hy", "ru"]


def half_translate(project: Path, lang: str) -> None:
    path = project / "locales" / lang / f"{SAMPLE_SLUG}.po"
    catalog = polib.pofile(str(path))
    entries = [e for e in catalog if e.msgid]
    for entry in entries[len(entries) // 2:]:
        entry.msgstr = ""
    catalog.save(str(path))


def test_half_translated_armenian_is_a_draft(run: Run, project: Path) -> None:
    half_translate(project, "hy")
    result = run("--root", project, "build", "--verbose")
    assert result.code == 0
    assert f"hy/{SAMPLE_SLUG}: draft" in result.out and "units in English" in result.out
    assert "untranslated" in result.out
    armenian = (project / "build" / "hy" / f"{SAMPLE_SLUG}.md").read_text(encoding="utf-8")
    assert front(armenian)["draft"] is True
    german = (project / "build" / "de" / f"{SAMPLE_SLUG}.md").read_text(encoding="utf-8")
    assert front(german)["editions"] == ["en", "de", "ru"]


def test_below_threshold_skip_is_configurable_and_named_articles_fail(
    run: Run, project: Path
) -> None:
    assert run("--root", project, "build", "--format", "html").code == 0  # a final edition
    half_translate(project, "hy")
    config = project / "transkit.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'below_threshold = "skip"\n',
                      encoding="utf-8")
    result = run("--root", project, "build")
    assert result.code == 0
    # what the earlier build published for hy is taken back, and the report says so
    assert not (project / "build" / "hy" / f"{SAMPLE_SLUG}.md").exists()
    assert not (project / "build" / "hy" / f"{SAMPLE_SLUG}.html").exists()
    assert f"removed build/hy/{SAMPLE_SLUG}.md" in result.out
    assert (project / "build" / "de" / f"{SAMPLE_SLUG}.md").exists()  # other editions stay
    named = run("--root", project, "build", SAMPLE_SLUG)
    assert named.code == 1 and f"hy/{SAMPLE_SLUG}: skipped" in named.out


def test_fuzzy_uses_english_unless_allowed_and_critical_never_ships() -> None:
    source = "Intro paragraph here.\n\nIn 2020 the war began.\n\nThe talks failed badly.\n"
    doc = segment_markdown(source)
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid="Intro paragraph here.", msgstr="Einleitung hier."))
    catalog.append(polib.POEntry(msgid="In 2020 the war began.", msgstr="2019 begann der Krieg.",
                                 flags=["fuzzy"], previous_msgid="In 2019 the war began."))
    catalog.append(polib.POEntry(msgid="The talks failed badly.",
                                 msgstr="Die Gespräche scheiterten.",
                                 flags=["fuzzy"], previous_msgid="The talks failed."))

    def build(allow: bool) -> str:
        return build_article(doc, translations_of(catalog), slug="x", lang="de", threshold=0,
                             options=BuildOptions(allow_fuzzy=allow)).text

    strict = build(False)
    assert "The talks failed badly." in strict and "In 2020 the war began." in strict
    loose = build(True)
    assert "Die Gespräche scheiterten." in loose
    assert "In 2020 the war began." in loose and "2019 begann" not in loose
    built = build_article(doc, translations_of(catalog), slug="x", lang="de", threshold=0,
                          options=BuildOptions())
    reasons = {u.reason for u in built.fallbacks}
    assert reasons == {"fuzzy", "critical drift"}


def test_fallback_omit_leaves_out_untranslated_paragraphs() -> None:
    doc = segment_markdown("# Title\n\nFirst.\n\nSecond.\n\nThird.\n")
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid="First.", msgstr="Erstens."))
    built = build_article(doc, translations_of(catalog), slug="x", lang="de", threshold=0,
                          options=BuildOptions(fallback=Fallback.OMIT))
    assert "# Title\n\nErstens.\n" in built.text and "Second." not in built.text
    assert "\n\n\n" not in built.text


def test_english_build_reproduces_the_source(run: Run, project: Path) -> None:
    assert run("--root", project, "build", "--lang", "en").code == 0
    built = (project / "build" / "en" / f"{SAMPLE_SLUG}.md").read_text(encoding="utf-8")
    source = SAMPLE.read_text(encoding="utf-8")
    keep = [line for line in built.split("\n")
            if not line.startswith(("lang:", "translationKey:", "editions:"))]
    assert "\n".join(keep) == source


def test_deterministic_and_unchanged_files_are_not_rewritten(run: Run, project: Path) -> None:
    assert run("--root", project, "build", "--format", "html").code == 0
    files = sorted((project / "build").rglob("*.*"))
    assert len(files) == 6
    before = {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files}
    for f in files:
        os.utime(f, ns=(1, 1))
    second = run("--root", project, "build", "--format", "html")
    assert "0 files written" in second.out
    assert all(f.read_bytes() == before[f][0] and f.stat().st_mtime_ns == 1 for f in files)
    page = (project / "build" / "hy" / f"{SAMPLE_SLUG}.html").read_text(encoding="utf-8")
    assert '<html lang="hy">' in page and "http" not in page.split("<body>")[0]


_WORDS = ["alpha", "beta", "Gamma", "delta", "2020", "[x](http://e.org)", "*em*"]
_para = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6).map(" ".join)
_blocks = st.lists(st.one_of(_para, _para.map("## ".__add__), _para.map("- ".__add__),
                             _para.map("> ".__add__)), min_size=1, max_size=6)


@settings(max_examples=80, deadline=None)
@given(_blocks)
def test_source_language_build_is_the_normalized_source(blocks: list[str]) -> None:
    source = "\n\n".join(blocks) + "\n"
    doc = segment_markdown(source)
    built = build_article(doc, {}, slug="x", lang="en", threshold=0, options=BuildOptions())
    body = built.text.split("---\n", 2)[2].lstrip("\n")
    assert body == assemble(doc, source_texts(doc))


def test_html_pages_show_markup_from_catalogs_as_text(run: Run, project: Path) -> None:
    po_path = project / "locales" / "de" / f"{SAMPLE_SLUG}.po"
    catalog = polib.pofile(str(po_path))
    entry = next(e for e in catalog if e.msgid.startswith("Russia’s role"))
    entry.msgstr = "<script>alert(1)</script> & <b>fett</b>"
    catalog.save(str(po_path))
    assert run("--root", project, "build", "--lang", "de", "--format", "html").code == 0
    page = (project / "build" / "de" / f"{SAMPLE_SLUG}.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in page


def test_a_broken_catalog_of_another_language_does_not_stop_a_build(
    run: Run, project: Path
) -> None:
    russian = project / "locales" / "ru" / f"{SAMPLE_SLUG}.po"
    lines = russian.read_text(encoding="utf-8").splitlines(keepends=True)
    russian.write_text("".join([*lines[:30], "<<<<<<< HEAD\n", *lines[30:]]), encoding="utf-8")
    result = run("--root", project, "build", "--lang", "de")
    assert result.code == 0, result.err
    german = (project / "build" / "de" / f"{SAMPLE_SLUG}.md").read_text(encoding="utf-8")
    assert front(german)["editions"] == ["en", "de", "hy"]  # ru is no edition while broken
    failed = run("--root", project, "build", "--lang", "ru")
    assert failed.code == 2 and "merge-conflict marker" in failed.err


def test_a_build_in_one_format_removes_the_other_formats_stale_page(
    run: Run, project: Path
) -> None:
    assert run("--root", project, "build", "--format", "html").code == 0
    page = project / "build" / "de" / f"{SAMPLE_SLUG}.html"
    assert page.exists()
    result = run("--root", project, "build", "--lang", "de")  # Markdown only
    assert result.code == 0
    assert not page.exists() and f"removed build/de/{SAMPLE_SLUG}.html" in result.out
    assert (project / "build" / "de" / f"{SAMPLE_SLUG}.md").exists()
    assert (project / "build" / "hy" / f"{SAMPLE_SLUG}.html").exists()  # not built this time


def test_the_proofreading_page_marks_english_fallbacks(run: Run, project: Path) -> None:
    po = project / "locales" / "de" / f"{SAMPLE_SLUG}.po"
    catalog = polib.pofile(str(po))
    untranslated = [e for e in catalog if e.msgid.startswith(("Russia’s role", "The impact"))]
    assert len(untranslated) == 2  # a paragraph and a heading
    for entry in untranslated:
        entry.msgstr = ""
    catalog.save(str(po))
    assert run("--root", project, "build", "--lang", "de", "--format", "html").code == 0
    page = (project / "build" / "de" / f"{SAMPLE_SLUG}.html").read_text(encoding="utf-8")
    assert page.count(' lang="en" class="fallback"') == 2
    assert '<p lang="en" class="fallback">Russia’s role' in page
    assert re.search(r'<h2 lang="en" class="fallback">The impact', page)
    assert "2 passages in English, marked below" in page
    assert ".fallback::before" in page  # the visible marker
    translated = (project / "build" / "hy" / f"{SAMPLE_SLUG}.html")
    assert not translated.exists()


def test_fallback_omit_leaves_valid_markdown() -> None:
    """No empty list item or quote, no empty footnote definition, no reference to a footnote
    left out, and no footnote whose every reference was left out."""
    doc = segment_markdown(
        "# Title\n\n"
        "Kept, with a note.[^1] And another. [^2]\n\n"
        "- first item\n- second item\n  - nested item\n- third item\n\n"
        "1. one\n2. two\n\n"
        "> A quote left out.\n\n"
        "Left out, with the third note.[^3]\n\n"
        "[^1]: The first note.\n"
        "[^2]: The second note.\n"
        "[^3]: The third note.\n")
    german = {"Title": "Titel", "Kept, with a note.[^1] And another. [^2]":
              "Behalten, mit Anmerkung.[^1] Und noch eine. [^2]",
              "first item": "erster Punkt", "nested item": "verschachtelter Punkt",
              "two": "zwei", "The second note.": "Die zweite Anmerkung.",
              "The third note.": "Die dritte Anmerkung."}
    catalog = polib.POFile()
    for english, text in german.items():
        catalog.append(polib.POEntry(msgid=english, msgstr=text))
    built = build_article(doc, translations_of(catalog), slug="x", lang="de", threshold=0,
                          options=BuildOptions(fallback=Fallback.OMIT))
    body = built.text.split("---\n\n", 1)[1]
    assert body == (
        "# Titel\n\n"
        "Behalten, mit Anmerkung. Und noch eine. [^2]\n\n"
        "- erster Punkt\n  - verschachtelter Punkt\n\n"
        "2. zwei\n\n"
        "[^2]: Die zweite Anmerkung.\n")
    for line in body.split("\n"):
        assert line.strip() not in ("-", "1.", ">") and not re.fullmatch(r"\[\^\w+\]:\s*", line)
    third = next(u for u in built.units if u.index == len(doc.segments))
    assert (third.used, third.reason) == (Used.OMITTED, "its references were left out")
