"""Front matter that transkit cannot read as intended is bad input, not body text.

An unclosed `---` or `+++` block, invalid YAML, TOML or JSON, a key given twice, a mapping (or,
in TOML and JSON, a number) where a translatable text belongs: each is named in one line with
the file, the line and the fix, and
the command ends with exit status 2; nothing of that article is written, the other articles are
synced and built. A scalar that YAML would read as a
number, a date or a boolean is translated as the text written in the source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from transkit.core.source.segment import assemble, segment_markdown, source_texts

from .conftest import ROOT, SAMPLE_SLUG, Result
from .fsutil import changes, snapshot
from .test_bad_input import replace_once

Run = Callable[..., Result]

SOURCE = f"sources/{SAMPLE_SLUG}.md"
MD = (ROOT / SOURCE).read_bytes()
HEAD, _, BODY = MD.partition(b"\n---\n")  # HEAD: "---" and the YAML; BODY: after the closing line
YAML = HEAD.removeprefix(b"---\n")
TITLE = next(ln for ln in YAML.split(b"\n") if ln.startswith(b"title: "))
SUBTITLE = next(ln for ln in YAML.split(b"\n") if ln.startswith(b"subtitle: "))
AUTHOR = b"author: Sossi Tatikyan"
TOML = b'+++\ntitle = "Russia\xe2\x80\x99s Complicity"\nauthor = "Sossi Tatikyan"\n'
# every command that reads the sources (`status` reads the catalogs, and a source only for a
# language that has no catalog yet)
COMMANDS = [["sync"], ["build"], ["check"], ["todo", "de"]]


def line_of(data: bytes, needle: bytes) -> int:
    return data.count(b"\n", 0, data.index(needle)) + 1


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes  # the source article's new content
    line: int  # the line the error must name
    hint: str  # words of the fix the error must suggest


def _unclosed_into_a_rule() -> tuple[bytes, int]:
    """No closing line, and a thematic break '---' further down: the YAML runs on to it."""
    data = HEAD + b"\n" + replace_once(BODY, b"\n\n", b"\n\n---\n\n")
    return data, line_of(data, BODY.lstrip(b"\n")[:40])


def cases() -> list[Case]:
    twice = replace_once(MD, AUTHOR, AUTHOR + b'\ntitle: "Another title"')
    return [
        Case("unclosed YAML front matter", HEAD + b"\n" + BODY, 1, "add a line '---' after it"),
        Case("unclosed YAML front matter running into a thematic break",
             *_unclosed_into_a_rule(), "add a line '---' after it"),
        Case("unclosed TOML front matter", TOML + BODY, 1, "add a line '+++' after it"),
        Case("invalid TOML front matter", TOML + b"subtitle = A subtitle\n+++\n" + BODY, 4,
             "fix the TOML between the '+++' lines 1 and 5"),
        Case("a number in TOML for a translatable key",
             TOML.replace(b'title = "Russia\xe2\x80\x99s Complicity"', b"title = 1984")
             + b"+++\n" + BODY, 2, "write it as text in quotes"),
        Case("a key given twice in TOML", TOML + b'title = "Again"\n+++\n' + BODY, 4,
             "a key given twice"),
        Case("invalid JSON front matter", b'{\n  "title": "A title",\n  "author": Sossi\n}\n'
             + BODY, 3, "fix the JSON object"),
        Case("a key given twice in JSON",
             b'{\n  "title": "A title",\n  "title": "Again"\n}\n' + BODY, 3, "remove one"),
        Case("a list holding a number in JSON",
             b'{\n  "title": "A title",\n  "summary": ["One", 2]\n}\n' + BODY, 3,
             "item 2 of front matter 'summary' is a number"),
        Case("a key given twice", twice, line_of(twice, b'title: "Another'), "remove one"),
        Case("a nested key given twice",
             *(lambda d: (d, line_of(d, b"  b: 2")))(
                 replace_once(MD, AUTHOR, AUTHOR + b"\nparams:\n  b: 1\n  b: 2")),
             "remove one"),
        Case("a list of lists for a translatable key",
             *(lambda d: (d, line_of(d, b"  - [One, Two]")))(
                 replace_once(MD, TITLE, b"title:\n  - Zero\n  - [One, Two]")),
             "item 2 of front matter 'title' is a list"),
        Case("a mapping for a translatable key",
             replace_once(MD, TITLE, b"title:\n  en: One\n  de: Eins"),
             line_of(MD, TITLE), "write it as one line of text"),
        Case("an alias for a translatable key",
             *(lambda d: (d, line_of(d, b"subtitle: *a")))(
                 replace_once(MD, SUBTITLE, b"byline: &a Sossi Tatikyan\nsubtitle: *a")),
             "write its text itself"),
        Case("an impossible date",
             *(lambda d: (d, line_of(d, b"published: 2020-13-45")))(
                 replace_once(MD, AUTHOR, AUTHOR + b"\npublished: 2020-13-45")),
             "month must be in 1..12"),
        Case("an empty value tagged as a number",
             *(lambda d: (d, line_of(d, b"count: !!int")))(
                 replace_once(MD, AUTHOR, AUTHOR + b"\ncount: !!int\n")),
             "has a value YAML cannot read"),
        Case("an anchor on a translatable key",
             replace_once(MD, TITLE, TITLE.replace(b"title: ", b"title: &t ")),
             line_of(MD, TITLE), "remove it"),
    ]


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.name)
def test_bad_front_matter_is_refused_and_stops_only_its_article(
    case: Case, project: Path, run: Run
) -> None:
    # a new article gives every command something to write
    (project / "sources/a-new-article.md").write_bytes(b"# A new article\n\nIts text.\n")
    (project / SOURCE).write_bytes(case.data)
    for command in COMMANDS:
        before = snapshot(project)
        result = run("--root", project, *command)
        output = result.out + result.err
        assert "Traceback" not in output, output
        assert result.code == 2, (command, output)
        if command == ["check"]:  # a finding of the validity gate, in the report
            lines = [ln for ln in result.out.splitlines() if "[validity]" in ln]
            prefix = f"{SOURCE}:{case.line}: error: [validity] "
        else:
            lines = result.err.strip().splitlines()
            prefix = f"transkit: error: {SOURCE}:{case.line}: "
        assert len(lines) == 1, (command, output)
        assert lines[0].startswith(prefix), lines[0]
        assert case.hint in lines[0], lines[0]
        changed = changes(before, snapshot(project))
        assert not [c for c in changed if SAMPLE_SLUG in c], (command, changed)
        if command in (["sync"], ["build"]):  # the other article is synced and built
            assert any("a-new-article" in c for c in changed), (command, changed)


def test_the_unclosed_case_says_so() -> None:
    """The audit's case: the closing '---' line deleted."""
    with pytest.raises(Exception, match=r"^x\.md:1: front matter is not closed .*; add a line "):
        segment_markdown((HEAD + b"\n" + BODY).decode(), path="x.md")


@pytest.mark.parametrize(
    ("value", "text"),
    [("1984", "1984"), ("2023-12-12", "2023-12-12"), ("true", "true"), ("3.50", "3.50"),
     ("0x1F", "0x1F"), ("1_000", "1_000")],
)
def test_a_scalar_yaml_reads_as_no_string_is_the_text_as_written(value: str, text: str) -> None:
    doc = segment_markdown(f"---\ntitle: {value}\ndate: 2024-01-01\n---\n\nBody.\n")
    assert [(s.kind, s.detail, s.line, s.text) for s in doc.segments][0] == (
        "front-matter", "title", 2, text)
    assert dict(doc.front_matter)["title"] == text
    rebuilt = assemble(doc, source_texts(doc))
    assert rebuilt.startswith(f'---\ntitle: "{text}"\n')  # quoted, so YAML reads it as text
    assert source_texts(segment_markdown(rebuilt)) == source_texts(doc)


@pytest.mark.parametrize("value", ["", " ~", " null", ' ""'])
def test_an_empty_translatable_value_is_no_unit(value: str) -> None:
    doc = segment_markdown(f"---\ntitle:{value}\n---\n\nBody.\n")
    assert [s.kind for s in doc.segments] == ["paragraph"]


def test_a_numeric_title_keeps_its_translation_across_syncs(project: Path, run: Run) -> None:
    source = project / SOURCE
    source.write_bytes(replace_once(MD, TITLE, b"title: 1984"))
    assert run("--root", project, "sync").code == 0
    units = run("--root", project, "segments", source, "--format", "json")
    assert units.code == 0, units.err
    assert '"1984"' in units.out
    po = project / f"locales/de/{SAMPLE_SLUG}.po"
    catalog = polib.pofile(str(po))
    entry = catalog.find("1984")
    assert entry is not None and not entry.obsolete
    entry.msgstr = "Neunzehnhundertvierundachtzig"
    catalog.save()
    assert run("--root", project, "sync").code == 0  # writes the catalog in its own format
    before = snapshot(project)
    result = run("--root", project, "sync")
    assert result.code == 0, result.err
    assert changes(before, snapshot(project)) == []
    again = polib.pofile(str(po)).find("1984")
    assert again is not None and not again.obsolete
    assert again.msgstr == "Neunzehnhundertvierundachtzig"
    assert run("--root", project, "build", "--lang", "de").code == 0
    built = (project / "build" / "de" / f"{SAMPLE_SLUG}.md").read_text(encoding="utf-8")
    assert built.startswith("---\ntitle: Neunzehnhundertvierundachtzig\n")


def test_a_folded_block_scalar_keeps_the_line_break_after_it() -> None:
    from transkit.core.source.segment import assemble, segment_markdown, source_texts

    source = ("---\ntitle: Registry\ndescription: >-\n  Find libraries, plugins and\n"
              "  other tools.\ntype: default\n---\n\nText.\n")
    document = segment_markdown(source)
    assert source_texts(document)[1] == "Find libraries, plugins and other tools."
    rebuilt = assemble(document, source_texts(document))
    assert rebuilt == ('---\ntitle: Registry\ndescription: "Find libraries, plugins and other '
                       'tools."\ntype: default\n---\n\nText.\n')
    assert segment_markdown(rebuilt).front_matter == document.front_matter
