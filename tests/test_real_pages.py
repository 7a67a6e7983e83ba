"""Real pages of Hugo and Jekyll sites with their human translations (``tests/data/real``; each
site's ``SOURCE.md`` names its repository, commit and licence)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from transkit.core.source.markup import has_words
from transkit.core.source.model import Document, SegmentKind
from transkit.core.source.segment import assemble, segment_markdown, source_texts
from transkit.core.source.shortcode import find_tags

from .conftest import Run

CORPUS = Path(__file__).resolve().parent / "data" / "real"
# site -> its translations
SITES = {"opentelemetry": ("es",), "opensource-guide": ("de",), "letsencrypt": ("de", "ru"),
         "cncf-glossary": ("de", "ru")}
LICENCES = ("CC BY 4.0", "MPL 2.0")
ENGLISH = sorted(p for site in SITES for p in (CORPUS / site / "en").rglob("*.md"))
EVERY_PAGE = sorted(p for site in SITES for p in (CORPUS / site).rglob("*.md")
                    if p.name != "SOURCE.md")


def page_id(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


def segmented(path: Path) -> tuple[str, Document]:
    text = path.read_text(encoding="utf-8")
    return text, segment_markdown(text, path=page_id(path))


def test_the_corpus_is_small_and_says_where_it_comes_from() -> None:
    assert sum(p.stat().st_size for p in CORPUS.rglob("*") if p.is_file()) < 1_000_000
    for site in SITES:
        source = (CORPUS / site / "SOURCE.md").read_text(encoding="utf-8")
        assert "Commit: " in source and any(licence in source for licence in LICENCES)
        for path in (CORPUS / site / "en").rglob("*.md"):
            assert f"`{path.relative_to(CORPUS / site / 'en').as_posix()}`" in source
    assert len(ENGLISH) == 54 and len(EVERY_PAGE) == 140


@pytest.mark.parametrize("path", EVERY_PAGE, ids=page_id)
def test_every_page_is_segmented(path: Path) -> None:
    """Every page, English or translated, gives units with words, each at the line it starts
    on, and its own units put back give a page that segments to the same units."""
    source, document = segmented(path)
    assert document.segments
    lines = source.split("\n")
    for unit in document.segments:
        assert has_words(unit.text), unit
        first = re.findall(r"\w+", unit.text)[0]
        assert any(first in line for line in lines[unit.line - 1 :]), unit
    again = segment_markdown(assemble(document, source_texts(document)))
    assert source_texts(again) == source_texts(document)


def _words(text: str) -> list[str]:
    """The words of a page body, without the '>' that starts a block quote's continuation
    lines: joining a quoted paragraph's lines (the normalization) leaves them out."""
    return [w for w in text.split() if w != ">"]


def _front_matter(text: str) -> object:
    if not text.startswith("---\n"):
        return None
    return yaml.safe_load(text[4 : text.index("\n---", 3)])


def _body(text: str) -> str:
    return text[text.index("\n---", 3) + 4 :] if text.startswith("---\n") else text


@pytest.mark.parametrize("path", ENGLISH, ids=page_id)
def test_the_english_page_rebuilds_to_its_normalized_source(path: Path) -> None:
    """Rebuilt from its own units, a page is its source up to the documented normalization:
    the same front matter data, the same words in the same order (soft line breaks and runs of
    spaces become one space, which also drops the '>' of a joined quote line), and a second
    round changes nothing."""
    source, document = segmented(path)
    rebuilt = assemble(document, source_texts(document))
    assert _front_matter(rebuilt) == _front_matter(source)
    assert _words(_body(rebuilt)) == _words(_body(source))
    again = segment_markdown(rebuilt)
    assert source_texts(again) == source_texts(document)
    assert assemble(again, source_texts(again)) == rebuilt


_SHORTCODE_LINE = re.compile(r"\s*(\{\{[<%].*?[%>]\}\}\s*)+")
_TRAILING_ID = re.compile(r"\{[#.:][^{}]*\}\s*$")


@pytest.mark.parametrize("path", ENGLISH, ids=page_id)
def test_no_unit_is_only_a_shortcode_or_code(path: Path) -> None:
    _, document = segmented(path)
    for segment in document.segments:
        if segment.kind == SegmentKind.FRONT_MATTER:
            continue
        assert has_words(segment.text), segment
        assert not _SHORTCODE_LINE.fullmatch(segment.text), segment
        assert not _TRAILING_ID.search(segment.text), segment  # ids stay in the skeleton
        tags = find_tags(segment.text)
        outside = segment.text
        for tag in reversed(tags):
            outside = outside[: tag.start] + outside[tag.end :]
        assert re.search(r"[^\W\d_]", re.sub(r"`[^`]*`", "", outside)), segment


def _units(site: str, page: str) -> list[tuple[str, str, str]]:
    _, document = segmented(CORPUS / site / "en" / page)
    return [(s.kind, s.detail, s.text) for s in document.segments]


def test_text_in_html_blocks_is_offered() -> None:
    legal = _units("opensource-guide", "legal.md")
    assert (SegmentKind.HTML_TEXT, "aside",
            "A standardized license serves as a proxy for those without "
            "legal training to know precisely what they can and can't do with the software. "
            "Unless absolutely required, avoid custom, modified, or non-standard terms, which "
            "will serve as a barrier to downstream use of the agency code.") in legal
    assert (SegmentKind.HTML_ATTRIBUTE, "img alt", "avatar") in legal
    training = [(k, d, t) for k, d, t in _units("opentelemetry", "training/index.md")
                if k == SegmentKind.HTML_TEXT]
    assert (SegmentKind.HTML_TEXT, "p",
            "A course designed for software developers, DevOps engineers, "
            "site reliability engineers (SREs), and anyone looking to implement telemetry "
            "solutions across apps and environments.") in training
    assert (SegmentKind.HTML_TEXT, "p",
            'Online, self-paced, 8-10 hrs, <a href="{{% param LFS148 %}}">'
            "learn more</a>.") in training
    # the alternative design inside {{% comment %}} … {{% /comment %}} is not published
    assert len(training) == 4
    total = sum(s.kind in (SegmentKind.HTML_TEXT, SegmentKind.HTML_ATTRIBUTE) for path in ENGLISH
                for s in segmented(path)[1].segments)
    assert total >= 40


def test_shortcodes_headings_and_attribute_lists_on_real_pages() -> None:
    home = _units("opentelemetry", "_index.md")
    parameters = [t for k, _, t in home if k == SegmentKind.SHORTCODE_PARAMETER]
    assert parameters[:3] == ["Vendor-neutral instrumentation", "Unified observability signals",
                              "Run anywhere"]
    assert ("image-alt", "", "OpenTelemetry") in home  # its {.otel-logo} line is not text
    localization = [t for k, _, t in _units("opentelemetry", "docs/contributing/localization.md")
                    if k == "heading"]
    assert "Heading IDs" in localization and "Use of AI tools" in localization
    checks = [t for k, _, t in _units("opentelemetry", "docs/contributing/pr-checks.md")
              if k == "heading"]
    assert "`CSPELL` check" not in checks  # marked {.notranslate}
    nodejs = [t for _, _, t in _units("opentelemetry",
                                      "docs/languages/js/getting-started/nodejs.md")]
    assert not any("tabpane" in t or "npm install" in t for t in nodejs)


@pytest.mark.slow
def test_sync_import_check_and_build_on_a_project_of_real_pages(
    tmp_path: Path, run: Run
) -> None:
    root = tmp_path / "otel"
    shutil.copytree(CORPUS / "opentelemetry" / "en", root / "content")
    (root / "transkit.toml").write_text(
        'languages = ["es"]\nsources = "content"\n', encoding="utf-8")
    synced = run("--root", root, "sync")
    assert synced.code == 0, synced.err
    assert synced.out.endswith("18 of 18 catalogs written.\n")
    assert (root / "locales/es/docs/languages/js/getting-started/browser.po").is_file()
    assert (root / "locales/es/_includes/page-not-translated-msg.po").is_file()
    imported = []
    for page in sorted((CORPUS / "opentelemetry" / "es").rglob("*.md")):
        article = page.relative_to(CORPUS / "opentelemetry" / "es").with_suffix("").as_posix()
        if run("--root", root, "import", "es", page, "--article", article).code == 0:
            imported.append(article)
    # the Spanish pages with the English structure fill their catalogs; the others differ
    assert "docs/zero-code/dotnet/getting-started" in imported and len(imported) >= 10
    check = run("--root", root, "check")
    assert check.code == 1 and "[validity]" not in check.out and "[shortcodes]" not in check.out
    # the aligner imports what it is unsure of as fuzzy (issue 14): the built page shows those too
    built = run("--root", root, "build", "--lang", "es", "--lang", "en", "--allow-fuzzy")
    assert built.code == 0, built.err
    for article in imported:
        spanish = (CORPUS / "opentelemetry" / "es" / f"{article}.md").read_text(encoding="utf-8")
        built_page = (root / "build" / "es" / f"{article}.md").read_text(encoding="utf-8")
        # the built page says what the translator wrote, unit for unit
        want = source_texts(segment_markdown(spanish))
        got = source_texts(segment_markdown(built_page))
        if len(got) != len(want):
            continue  # another structure than the English: aligned (tests/test_real_archive.py)
        assert sum(a == b for a, b in zip(got, want, strict=True)) >= 0.9 * len(want), article
    english = (root / "build" / "en" / "docs/concepts/resources/index.md").read_text(
        encoding="utf-8")
    assert "{{% docs/languages/resources-intro %}}" in english
