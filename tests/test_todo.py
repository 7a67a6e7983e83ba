"""todo shows everything a translator must fix: open entries, check's errors at their lines
with hints, a merge clash's other translation; as text, or as a Markdown checklist per
article to paste into an issue."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from transkit.core.po.entries import other_translations

from .conftest import SAMPLE_SLUG, Result

Run = Callable[..., Result]
PO = f"locales/de/{SAMPLE_SLUG}.po"


def wrong_year(project: Path) -> int:
    """The editors' case: one year in the German changed; the line of its msgstr (where check
    reports it)."""
    path = project / PO
    text = path.read_text(encoding="utf-8")
    at = text.index("2023", text.index("msgstr", text.index("2023")))
    path.write_text(text[:at] + "2024" + text[at + 4:], encoding="utf-8")
    return text.count("\n", 0, text.rindex("\nmsgstr", 0, at) + 1) + 1


def test_todo_lists_check_errors_at_their_lines_with_hints(project: Path, run: Run) -> None:
    assert run("--root", project, "todo", "de").out == (
        "Nothing to do: every entry is translated.\n")
    line = wrong_year(project)
    checked = run("--root", project, "check", "--gate", "commit", "--lang", "de")
    assert checked.code == 1 and f"{PO}:{line}:" in checked.out
    result = run("--root", project, "todo", "de")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"{PO}: 1 to do"
    assert re.fullmatch(rf"  {re.escape(PO)}:{line}: numbers: .*2023.*2024.*", lines[1])
    assert lines[2].startswith("      hint: ")
    assert len(lines) == 3
    assert run("--root", project, "todo", "ru").out.startswith("Nothing to do")


def test_a_merge_clash_shows_the_other_translation(project: Path, run: Run,
                                                   tmp_path: Path) -> None:
    path = project / PO
    base = path.read_text(encoding="utf-8")
    assert "Moskau" in base
    ours, theirs = tmp_path / "ours.po", tmp_path / "theirs.po"
    ours.write_text(base.replace("Moskau", "Moskwa", 1), encoding="utf-8")
    theirs.write_text(base.replace("Moskau", "der Hauptstadt", 1), encoding="utf-8")
    (tmp_path / "base.po").write_text(base, encoding="utf-8")
    merged = run("merge-po", tmp_path / "base.po", ours, theirs, PO)
    assert merged.code == 0, merged.err
    shutil.copy(ours, path)
    result = run("--root", project, "todo", "de")
    lines = result.out.splitlines()
    assert lines[0] == f"{PO}: 1 to do"
    assert re.fullmatch(rf"  {re.escape(PO)}:\d+: fuzzy: .*", lines[1]), lines[1]
    assert re.fullmatch(r"      other translation \(\w+\): .*der Hauptstadt.*", lines[2]), lines
    assert lines[3] == ("      keep one translation (or make one of both), then delete the "
                        "'other translation' comment")
    # the translator accepts the fuzzy entry but leaves the comment: still a clash to settle
    path.write_text(path.read_text(encoding="utf-8").replace("#, fuzzy\n", "", 1),
                    encoding="utf-8")
    lines = run("--root", project, "todo", "de").out.splitlines()
    assert re.fullmatch(rf"  {re.escape(PO)}:\d+: merge clash: .*", lines[1]), lines
    assert "der Hauptstadt" in lines[2]
    # the comment deleted: settled
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join(ln for ln in text.split("\n")
                              if not ln.startswith("# other translation")), encoding="utf-8")
    assert run("--root", project, "todo", "de").out.startswith("Nothing to do")


def test_other_translations_of_several_lines_are_read_whole() -> None:
    comment = ("transkit-ignore-numbers\nother translation (main): Eins\nzwei\n"
               "reviewed: Anna 2024-05-01 0123456789ab\nother translation (x): Drei")
    assert other_translations(comment) == ("other translation (main): Eins\nzwei",
                                            "other translation (x): Drei")
    assert other_translations("") == () and other_translations("translator's note") == ()


def test_todo_markdown_is_a_checklist_per_article(project: Path, run: Run) -> None:
    line = wrong_year(project)
    source = project / "sources" / f"{SAMPLE_SLUG}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("in Moscow on 19\u00a0July", "in Moscow on 20\u00a0July", 1)
                      .replace("\n## The impact of the Russian factor",
                               "\nA *new* paragraph.\n\n## The impact of the Russian factor", 1),
                      encoding="utf-8")
    (project / "sources" / "short-note.md").write_text("A short note.\n", encoding="utf-8")
    assert run("--root", project, "sync", "-q").code == 0
    (project / "sources" / "short-note.md").write_text("A short note.\n\nMore.\n",
                                                       encoding="utf-8")
    result = run("--root", project, "todo", "de", "--format", "markdown")
    assert result.code == 0, result.err
    lines = result.out.split("\n")
    po = re.escape(PO)
    expected = [
        rf"### {SAMPLE_SLUG} \(de\): 3 to do",
        "",
        rf"- \[ \] {po}:{line} numbers: numbers differ from the English: missing 2023; "
        "unexpected 2024",
        r"  - hint: check every number, .* comment '# transkit-ignore-numbers'",
        rf"- \[ \] {po}:\d+ drift: critical \(number changed: 19 → 20\): Following .*…",
        r"  - … of Russia, Armenia and Azerbaijan in Moscow on ~~19~~ \*\*20\*\* July, .* …",
        rf"- \[ \] {po}:\d+ untranslated: A \\\*new\\\* paragraph\.",  # Markdown shown as is
        "",
        r"### short-note \(de\): 1 to do",
        "",
        r"locales/de/short-note\.po: out of step with the English; run 'transkit sync' first, "
        "then list again",
        "",
        r"- \[ \] locales/de/short-note\.po:\d+ untranslated: A short note\.",
        "",
    ]
    assert len(lines) == len(expected), lines
    for got, pattern in zip(lines, expected, strict=True):
        assert re.fullmatch(pattern, got), (got, pattern)
    # in file order
    numbers = [int(m.group(1)) for ln in lines if (m := re.match(rf"- \[ \] {po}:(\d+) ", ln))]
    assert numbers == sorted(numbers) and len(numbers) == 3
