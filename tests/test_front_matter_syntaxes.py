"""Front matter in TOML (`+++`), JSON (`{…}`) and YAML, lists of strings, and image titles.

Each translatable value is read at its exact place and written back in its own syntax, so a
translated edition is the English with the values replaced and every other line byte for byte
as it was; the site generator reads the translated value (checked here with the same parsers
Hugo's formats are read with: tomllib, json, PyYAML).
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import polib
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from transkit.core.build.assemble import add_front_matter, front_matter_value
from transkit.core.source.segment import assemble, segment_markdown, source_texts

from .conftest import ROOT, Run

# what `hugo new posts/my-first-post.md` writes (Hugo's default archetype)
HUGO_NEW = ("+++\ntitle = 'My First Post'\ndate = 2024-01-14T07:07:07+01:00\ndraft = true\n"
            "+++\n\nThe canal runs along the old road.\n")


def units(text: str, keys: tuple[str, ...] = ("title", "description", "summary", "tags"),
          ) -> list[tuple[str, str, int, str]]:
    document = segment_markdown(text, front_matter_keys=keys)
    return [(s.kind, s.detail, s.line, s.text) for s in document.segments]


def translate(text: str, translations: dict[str, str],
              keys: tuple[str, ...] = ("title", "description", "summary", "tags")) -> str:
    document = segment_markdown(text, front_matter_keys=keys)
    return assemble(document, [translations.get(t, t) for t in source_texts(document)])


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    """The lines that differ, pairwise (the texts have as many lines)."""
    old, new = before.split("\n"), after.split("\n")
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def test_a_page_made_by_hugo_new_is_read_and_written_back_in_toml() -> None:
    assert units(HUGO_NEW) == [("front-matter", "title", 2, "My First Post"),
                               ("paragraph", "", 7, "The canal runs along the old road.")]
    assert translate(HUGO_NEW, {}) == HUGO_NEW  # the English rebuilds byte for byte
    out = translate(HUGO_NEW, {"My First Post": "Mein erster Beitrag",
                               "The canal runs along the old road.": "Der Kanal."})
    # the literal string stays literal; nothing else changes
    assert changed_lines(HUGO_NEW, out) == [
        ("title = 'My First Post'", "title = 'Mein erster Beitrag'"),
        ("The canal runs along the old road.", "Der Kanal.")]
    # a translation with an apostrophe cannot be a TOML literal string: it becomes a basic one
    out = translate(HUGO_NEW, {"My First Post": "L'article d'\"abord\" \\o/"})
    assert out.split("\n")[1] == 'title = "L\'article d\'\\"abord\\" \\\\o/"'
    front = tomllib.loads(out.split("+++\n")[1])
    assert front["title"] == "L'article d'\"abord\" \\o/" and front["draft"] is True


TOML_PAGE = """\
+++
title = "Water"  # the page's title
tags = [
  "irrigation",  # a comment between items
  'canals',
  "water, rights",
]
categories = ["Reports"]
"quoted key" = "not translatable"
author.name = "a dotted key: not a top-level one"
date = 1979-05-27 07:32:00Z
[params]
description = "in a table: not a top-level one"
+++

Text.
"""


def test_toml_lists_are_one_unit_per_string_and_tables_are_not_top_level() -> None:
    assert units(TOML_PAGE, ("title", "tags", "categories", "description")) == [
        ("front-matter", "title", 2, "Water"),
        ("front-matter", "tags[1]", 4, "irrigation"),
        ("front-matter", "tags[2]", 5, "canals"),
        ("front-matter", "tags[3]", 6, "water, rights"),
        ("front-matter", "categories[1]", 8, "Reports"),
        ("paragraph", "", 16, "Text.")]
    keys = ("title", "tags", "categories")
    assert translate(TOML_PAGE, {}, keys) == TOML_PAGE
    out = translate(TOML_PAGE, {"Water": "Wasser", "canals": "Kanäle", "irrigation": "it's",
                                "Reports": "Berichte"}, keys)
    assert changed_lines(TOML_PAGE, out) == [
        ('title = "Water"  # the page\'s title', 'title = "Wasser"  # the page\'s title'),
        ('  "irrigation",  # a comment between items', '  "it\'s",  # a comment between items'),
        ("  'canals',", "  'Kanäle',"),
        ('categories = ["Reports"]', 'categories = ["Berichte"]')]
    data = tomllib.loads(out.split("+++\n")[1])
    assert data["tags"] == ["it's", "Kanäle", "water, rights"]
    assert data["author"] == {"name": "a dotted key: not a top-level one"}
    assert data["params"] == {"description": "in a table: not a top-level one"}


JSON_PAGE = """\
{
  "title": "Water \\"rights\\"",
  "tags": ["irrigation", "canals"],
  "draft": false,
  "params": {"title": "nested: not offered"}
}

Text.
"""


def test_json_front_matter_as_hugo_reads_it() -> None:
    assert units(JSON_PAGE) == [
        ("front-matter", "title", 2, 'Water "rights"'),
        ("front-matter", "tags[1]", 3, "irrigation"),
        ("front-matter", "tags[2]", 3, "canals"),
        ("paragraph", "", 8, "Text.")]
    assert translate(JSON_PAGE, {}) == JSON_PAGE
    out = translate(JSON_PAGE, {'Water "rights"': "«Wasser»\\recht", "canals": 'K"anäle'})
    assert changed_lines(JSON_PAGE, out) == [
        ('  "title": "Water \\"rights\\"",', '  "title": "«Wasser»\\\\recht",'),
        ('  "tags": ["irrigation", "canals"],', '  "tags": ["irrigation", "K\\"anäle"],')]
    data = json.loads(out.split("\n\n")[0])
    assert data["title"] == "«Wasser»\\recht" and data["tags"] == ["irrigation", 'K"anäle']


@pytest.mark.parametrize("first_line", ["{{< youtube KIRah9Niuss >}}", "{% include x.html %}"])
def test_a_page_beginning_with_a_shortcode_has_no_json_front_matter(first_line: str) -> None:
    """Hugo once read such a page as JSON front matter (gohugoio/hugo#7176); a shortcode or a
    template tag is the body's."""
    assert [u[0] for u in units(f"{first_line}\n\nText.\n")] == ["paragraph"]


YAML_LISTS = """\
---
title: Water
tags: [irrigation, canals]
categories:
  - Reports
  - "Field notes"
---

Text.
"""


def test_yaml_lists_block_and_flow() -> None:
    keys = ("title", "tags", "categories")
    assert units(YAML_LISTS, keys)[:5] == [
        ("front-matter", "title", 2, "Water"), ("front-matter", "tags[1]", 3, "irrigation"),
        ("front-matter", "tags[2]", 3, "canals"), ("front-matter", "categories[1]", 5, "Reports"),
        ("front-matter", "categories[2]", 6, "Field notes")]
    assert translate(YAML_LISTS, {}, keys) == YAML_LISTS
    # a comma in a flow list's item would split it: that item is quoted, the others stay plain
    out = translate(YAML_LISTS, {"irrigation": "Bewässerung, alt", "canals": "Kanäle",
                                 "Reports": "Berichte: 2024"}, keys)
    assert changed_lines(YAML_LISTS, out) == [
        ("tags: [irrigation, canals]", 'tags: ["Bewässerung, alt", Kanäle]'),
        ("  - Reports", '  - "Berichte: 2024"')]
    data = yaml.safe_load(out.split("---\n")[1])
    assert data["tags"] == ["Bewässerung, alt", "Kanäle"]
    assert data["categories"] == ["Berichte: 2024", "Field notes"]


def test_a_list_under_a_key_not_configured_is_left_alone() -> None:
    assert [u[1] for u in units(YAML_LISTS, ("title",))] == ["title", ""]


@pytest.mark.parametrize(("markdown", "title", "written"), [
    ('![A canal](canal.jpg "Irrigation canal")', "Irrigation canal", '"Nur \\"ein\\" Kanal"'),
    ("![A canal](canal.jpg 'It\\'s a canal')", "It's a canal", "'Nur \"ein\" Kanal'"),
    ("![A canal](<my canal.jpg> (A canal \\(old\\)))", "A canal (old)",
     '(Nur "ein" Kanal \\(alt\\))'),
])
def test_an_image_title_is_a_unit_written_back_escaped(markdown: str, title: str,
                                                       written: str) -> None:
    document = segment_markdown(markdown + "\n")
    assert [(s.kind, s.text) for s in document.segments] == [
        ("image-alt", "A canal"), ("image-title", title)]
    assert assemble(document, source_texts(document)) == markdown + "\n"
    german = 'Nur "ein" Kanal' + (" (alt)" if "(" in title else "")
    out = assemble(document, ["Ein Kanal", german])
    assert out.endswith(f" {written})\n")
    assert [s.text for s in segment_markdown(out).segments] == ["Ein Kanal", german]


def test_the_fields_a_build_adds_go_in_the_front_matters_own_syntax() -> None:
    fields = {"lang": "de", "translationKey": "posts/canal", "editions": ["en", "de"],
              "draft": True}
    toml_page = TOML_PAGE.replace('title = "Water"', 'draft = false\ntitle = "Water"')
    out = add_front_matter(toml_page, fields)
    data = tomllib.loads(out.split("+++\n")[1])
    assert {k: data[k] for k in fields} == fields  # top-level keys: before the [params] table
    assert out.count("draft") == 1 and front_matter_value(out, "title") == "Water"
    out = add_front_matter(JSON_PAGE, fields)
    data = json.loads(out.split("\n\n")[0])
    assert {k: data[k] for k in fields} == fields and data["draft"] is True
    assert '  "draft": true,\n' in out and '\n  "lang": "de"' in out
    assert front_matter_value(out, "title") == 'Water "rights"'
    out = add_front_matter('{"title": "T"}\nText.\n', {"lang": "de"})
    assert out == '{"title": "T", "lang": "de"}\nText.\n'


def test_sync_and_build_of_a_toml_page(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "site"
    (root / "content" / "posts").mkdir(parents=True)
    shutil.copy(ROOT / "transkit.toml", root / "transkit.toml")
    config = (root / "transkit.toml").read_text(encoding="utf-8")
    config = config.replace('sources = "sources"', 'sources = "content"')
    (root / "transkit.toml").write_text(
        config + '\nfront_matter_keys = ["title", "tags"]\n', encoding="utf-8")
    page = HUGO_NEW.replace("draft = true\n", "draft = true\ntags = ['water', 'canals']\n")
    (root / "content" / "posts" / "my-first-post.md").write_text(page, encoding="utf-8")
    result = run("--root", root, "sync", "--lang", "de")
    assert result.code == 0, result.err
    po = root / "locales" / "de" / "posts" / "my-first-post.po"
    catalog = polib.pofile(str(po))
    assert [(e.msgid, e.comment) for e in catalog] == [
        ("My First Post", "front matter: title"), ("water", "front matter: tags[1]"),
        ("canals", "front matter: tags[2]"),
        ("The canal runs along the old road.", "paragraph")]
    for entry, text in zip(catalog, ["Mein erster Beitrag", "Wasser", "Kanäle",
                                     "Der Kanal läuft die alte Straße entlang."], strict=True):
        entry.msgstr = text
    catalog.save()
    result = run("--root", root, "build", "--lang", "de")
    assert result.code == 0, result.out + result.err
    built = (root / "build" / "de" / "posts" / "my-first-post.md").read_text(encoding="utf-8")
    head, body = built.removeprefix("+++\n").split("+++\n", 1)
    data = tomllib.loads(head)
    assert data["title"] == "Mein erster Beitrag" and data["tags"] == ["Wasser", "Kanäle"]
    assert data["lang"] == "de" and data["translationKey"] == "posts/my-first-post"
    assert "date = 2024-01-14T07:07:07+01:00\n" in head  # untouched lines as they were
    assert body == "\nDer Kanal läuft die alte Straße entlang.\n"


@pytest.mark.parametrize("page", [HUGO_NEW, JSON_PAGE])
def test_the_proofreading_page_does_not_show_the_front_matter(page: str) -> None:
    from transkit.render.article import render_article_html

    html = render_article_html(page, lang="de", title="T", subtitle="", draft=False)
    assert "draft" not in html.split("<body>")[1] and "<p>" in html


_TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30).filter(
    lambda t: t.strip() != "" and t == " ".join(t.split(" ")).strip() and "\t" not in t
    and "\r" not in t and "\n" not in t)


@pytest.mark.slow  # a long property search
@settings(max_examples=150, deadline=None)
@given(english=st.lists(_TEXT, min_size=3, max_size=3), german=st.lists(_TEXT, min_size=3,
                                                                         max_size=3),
       syntax=st.sampled_from(["toml", "json", "yaml"]))
def test_any_text_goes_back_as_the_generator_reads_it(english: list[str], german: list[str],
                                                      syntax: str) -> None:
    """Whatever the characters of the English and of the translation, the translated front
    matter reads back (with the syntax's own parser) as the translation."""
    assume(" " not in "".join(english))  # runs of spaces are folded; single ones are kept
    from transkit.core.source.frontmatter import toml_basic, toml_string
    from transkit.core.source.model import SlotMode

    title, first, second = english
    if syntax == "toml":
        literal = toml_string(second, SlotMode.TOML_LITERAL)
        page = (f"+++\ntitle = {toml_basic(title)} # note\ntags = [\n  {toml_basic(first)},"
                f" # one\n  {literal},\n]\n[params]\nx = 1\n+++\n\nBody.\n")
    elif syntax == "json":
        page = ('{\n  "title": ' + json.dumps(title, ensure_ascii=False) + ',\n  "tags": ['
                + json.dumps(first, ensure_ascii=False) + ", "
                + json.dumps(second, ensure_ascii=False) + "]\n}\n\nBody.\n")
    else:
        assume(all(ch.isprintable() for ch in "".join(english)))
        page = ("---\ntitle: " + json.dumps(title, ensure_ascii=False) + "\ntags: ["
                + json.dumps(first, ensure_ascii=False) + ", "
                + json.dumps(second, ensure_ascii=False) + "]\n---\n\nBody.\n")
    document = segment_markdown(page, front_matter_keys=("title", "tags"))
    assert source_texts(document)[:3] == english
    assert assemble(document, source_texts(document)) == page
    out = assemble(document, [*german, "Text."])
    head = out.split("\n\nText.")[0]
    if syntax == "toml":
        data = tomllib.loads(head.removeprefix("+++\n").removesuffix("+++"))
    elif syntax == "json":
        data = json.loads(head)
    else:
        data = yaml.safe_load(head.removeprefix("---\n").removesuffix("---"))
    assert [data["title"], *data["tags"]] == german


@pytest.mark.slow  # a long property search
@settings(max_examples=150, deadline=None)
@given(german=st.lists(_TEXT, min_size=3, max_size=3))
def test_any_translation_of_plain_yaml_reads_back(german: list[str]) -> None:
    """Plain YAML values and items of a [ ] list stay plain only where YAML reads them back."""
    page = "---\ntitle: Water\ntags: [irrigation, canals]\n---\n\nBody.\n"
    document = segment_markdown(page, front_matter_keys=("title", "tags"))
    assert assemble(document, source_texts(document)) == page
    out = assemble(document, [*german, "Text."])
    data = yaml.safe_load(out.split("\n\nText.")[0].removeprefix("---\n").removesuffix("---"))
    assert [data["title"], *data["tags"]] == german
