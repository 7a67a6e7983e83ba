"""Golden segmentation cases: site Markdown as Hugo and Jekyll sites write it.

Each folder of ``tests/data/segment/`` holds ``source.md``, the units transkit must offer
(``units.txt``, as ``transkit segments`` prints them) and the skeleton they fit back into
(``skeleton.md``: the article with unit *n* replaced by ``Tn``). The expected files are written
by ``tests/data/segment/regenerate.py`` and reviewed by hand; the assertions below pin down what
each case is about, so that a careless regeneration cannot make nonsense pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from transkit.core.source.model import Document
from transkit.core.source.segment import assemble, segment_markdown, source_texts
from transkit.render.sync import render_segments

DATA = Path(__file__).resolve().parent / "data" / "segment"
CASES = sorted(p.name for p in DATA.iterdir() if (p / "source.md").is_file())


def load(case: str) -> tuple[str, Document]:
    source = (DATA / case / "source.md").read_text(encoding="utf-8")
    return source, segment_markdown(source, path="source.md")


def texts(document: Document, kind: str | None = None) -> list[str]:
    return [s.text for s in document.segments if kind is None or s.kind == kind]


@pytest.mark.parametrize("case", CASES)
def test_units_and_skeleton_are_the_reviewed_ones(case: str) -> None:
    _, document = load(case)
    folder = DATA / case
    assert render_segments(document, "text") == (folder / "units.txt").read_text(encoding="utf-8")
    rebuilt = assemble(document, [f"T{s.index}" for s in document.segments])
    assert rebuilt == (folder / "skeleton.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES)
def test_the_english_rebuilds_to_a_fixed_point(case: str) -> None:
    source, document = load(case)
    once = assemble(document, source_texts(document))
    again = segment_markdown(once)
    assert source_texts(again) == source_texts(document)
    assert assemble(again, source_texts(again)) == once


@pytest.mark.parametrize("case", CASES)
def test_a_translation_keeps_the_structure(case: str) -> None:
    """Units replaced by other text (with a quote and a pipe to escape) are found again in
    the same places, of the same kinds."""
    _, document = load(case)
    translated = assemble(document, [f'Ü{s.index} "q" | x' for s in document.segments])
    again = segment_markdown(translated)
    assert [(s.kind, s.detail) for s in again.segments] == [
        (s.kind, s.detail) for s in document.segments]


def test_hugo_shortcodes() -> None:
    source, document = load("hugo-shortcodes")
    every = "\n".join(texts(document))
    for structure in ("{{< note >}}", "{{< /note >}}", "heading", "include", "feature-state",
                      "{{< /table >}}", "tabpane", "kubectl"):
        assert structure not in every  # a line of shortcodes only, or code, is not a unit
    # paired shortcodes wrap their paragraphs, on lines of their own or on the same line
    assert "The name of a Node object must be a valid [DNS subdomain name](" in every
    assert "Do not remove a node that still runs Pods." in texts(document)
    assert "Draining evicts every Pod." in texts(document, "list-item")
    # inline shortcodes stay inside their unit; the escaped one too
    assert '{{< glossary_tooltip text="Nodes" term_id="node" >}}.' in texts(document)[1]
    assert "{{</* note */>}}" in texts(document)[-2]
    # the text parameters of shortcodes that no unit holds are units of their own
    assert [(s.detail, s.text) for s in document.segments if s.kind == "shortcode-parameter"] == [
        ("table caption", "Conditions of a node"), ("glossary_tooltip text", "Memory"),
        ("figure alt", "A node with three Pods"), ("figure caption", "Figure 1. A node")]
    # Markdown inside a {{% tab %}} is text; a {{< tab codelang=… >}} is code
    assert "Both commands show the **state** of a node." in texts(document)
    assert source.count("{{<") == assemble(document, source_texts(document)).count("{{<")


def test_liquid_tags() -> None:
    _, document = load("liquid-tags")
    every = "\n".join(texts(document))
    for verbatim in ("def greet", "page.title", "A note for editors", "{% if", "page.date"):
        assert verbatim not in every
    assert "This paragraph appears only in the English edition." in texts(document)
    assert texts(document, "shortcode-parameter") == ["Release"]
    assert "{{ site.title }}" in every and "{{ site.baseurl }}" in every


def test_heading_ids_and_attribute_lists() -> None:
    _, document = load("heading-ids")
    assert texts(document, "heading") == [
        "Using the API", "Conditions", "Node status", "Setext heading"]
    assert not any("{" in t and "}" in t for t in texts(document)[:-1])
    assert texts(document)[-1] == "Braces in text {like these} stay text."
    # a heading marked .notranslate (as machine translation reads it) is not offered
    assert "Addresses" not in texts(document)
    skeleton = (DATA / "heading-ids" / "skeleton.md").read_text(encoding="utf-8")
    assert "## T2 {#condition}\n" in skeleton and "T6\n{.lead}\n" in skeleton


def test_html_blocks() -> None:
    _, document = load("html-blocks")
    html = [(s.detail, s.text) for s in document.segments if s.kind == "html"]
    assert ("td", "If true, adds the file directory to the header of the log messages") in html
    assert ("p", "A paragraph in <em>HTML</em>, wrapped over two lines &amp; with an entity.") in (
        html)
    assert ("li", "Second item with <strong>emphasis</strong>") in html
    assert ("summary", "Show the output") in html and ("figcaption", (
        "Pods share the node's resources.")) in html
    assert ("div", "Text of an HTML block inside a block quote.") in html
    assert ("div", "An HTML block inside a list item.") in html
    assert ("aside", "A quotation set beside the text.") in html
    every = "\n".join(texts(document))
    for verbatim in ("<code>--add-dir-header</code>", "Text in pre", "No text here",
                     "A comment"):
        assert verbatim not in every
    attributes = [(s.detail, s.text) for s in document.segments if s.kind == "html-attribute"]
    assert attributes == [("img alt", "Three Pods on a node"), ("img title", "Pods"),
                          ("img alt", 'The "best" logo'), ("img alt", "avatar")]
    assert texts(document, "shortcode-parameter") == ["Pod"]


def test_units_without_words_are_not_offered() -> None:
    _, document = load("no-words")
    assert texts(document) == [
        "Reference", "Flag", "Default", "Print more details", "The main configuration file",
        "[https://example.org](https://example.org)"]


def test_html_attributes_are_written_back_in_their_quotes() -> None:
    source = '<img alt="A" title=\'B\' data-x=1 class=c alt2=z>\n<img alt=bare>\n'
    document = segment_markdown(source)
    assert source_texts(document) == ["A", "B", "bare"]
    out = assemble(document, ['Say "hi"', "It's", "two words"])
    assert out == ('<img alt="Say &quot;hi&quot;" title=\'It&#39;s\' data-x=1 class=c alt2=z>\n'
                   '<img alt="two words">\n')
    assert source_texts(segment_markdown(out)) == ["Say &quot;hi&quot;", "It&#39;s", "two words"]


def test_shortcode_parameters_are_written_back_escaped() -> None:
    source = ('{{< figure src="a.png" caption="A \\"b\\" c" >}}\n\n'
              "{{< figure src=`b.png` caption=`Raw` >}}\n\n"
              "{% include x.html title='Liquid' %}\n")
    document = segment_markdown(source)
    assert source_texts(document) == ['A \\"b\\" c', "Raw", "Liquid"]
    assert assemble(document, source_texts(document)) == source
    out = assemble(document, ['Ein "B"', "Roh`", "L'x"])
    assert 'caption="Ein \\"B\\""' in out and "caption=`Roh'`" in out and "title='L’x'" in out


def test_the_configured_parameters_are_the_translatable_ones() -> None:
    source = '{{< card heading="Fast" title="Quick" >}}\n'
    assert source_texts(segment_markdown(source)) == ["Quick"]
    assert source_texts(segment_markdown(source, shortcode_parameters=["heading"])) == ["Fast"]
    # a value that is not quoted is a setting, not text
    assert source_texts(segment_markdown("{{< tabpane text=true >}}\n")) == []


def test_hugo_toml_front_matter_and_image_titles() -> None:
    source, document = load("hugo-toml")
    assert [(s.detail, s.line, s.text) for s in document.segments if s.kind == "front-matter"] == [
        ("title", 3, "The Canal at Dusk"), ("description", 6, 'A "short" walk along the water'),
        ("summary", 7, "Two lines\nof summary.")]
    # keys of a table ([params], [[cascade]]) are not top-level keys: never offered
    assert "not a top-level one" not in "\n".join(texts(document))
    assert texts(document, "image-title") == [
        "Irrigation canal", 'The sluice, "closed"', "The gate (1998)"]
    # the English rebuilds with every line of the front matter as it was, but the summary,
    # re-quoted on one line as a basic string
    rebuilt = assemble(document, source_texts(document)).split("\n")
    assert [ln for ln in rebuilt if ln not in source.split("\n")] == [
        'summary = "Two lines\\nof summary."']
