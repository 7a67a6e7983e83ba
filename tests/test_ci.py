"""CI and hooks: the commit gates leave completeness to the publish job; GitHub gets
annotations on the lines to fix and a job summary."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from transkit.render.check import _gh_escape

from .conftest import SAMPLE_SLUG, Result
from .test_editor_work import hook

Run = Callable[..., Result]
PO = f"locales/de/{SAMPLE_SLUG}.po"


def test_commit_hooks_leave_completeness_to_the_publish_job(project: Path, run: Run) -> None:
    source = project / "sources" / f"{SAMPLE_SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new closing paragraph.\n",
                      encoding="utf-8")
    # an editor's commit: synced, not translated yet
    assert run("--root", project, "sync", "-q").code == 0
    for name in ("transkit-sync-check", "transkit-check"):
        result = run("--root", project, *hook(name))
        assert result.code == 0, (name, result.out)
    commit = run("--root", project, "check", "--gate", "commit")
    assert commit.code == 0 and "[completeness]" not in commit.out
    publish = run("--root", project, "check", "--gate", "publish")
    assert publish.code == 1 and publish.out.count("[completeness]") == 3
    assert run("--root", project, "check").code == 1  # publish is the default


def finding_lines(out: str) -> list[tuple[str, int]]:
    found = []
    for line in out.splitlines():
        if line.startswith("::"):
            props = dict(p.split("=", 1) for p in line.split(" ", 1)[1].split("::")[0].split(","))
            found.append((props["title"], int(props.get("line", 0))))
    return found


def test_github_annotations_point_at_the_msgstr_and_the_header_field(
    project: Path, run: Run
) -> None:
    path = project / PO
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    entry = next(i for i, line in enumerate(lines) if "began in 2005" in line)  # inside a msgid
    msgstr = next(i for i in range(entry, len(lines)) if lines[i].startswith("msgstr")) + 1
    first = max(i for i in range(entry) if lines[i] == "") + 2  # the entry's '#.' line
    german = lines[msgstr - 1:]
    end = german.index("")
    fixed = "\n".join(german[:end]).replace("[^1]", "")
    text = "\n".join(lines[:msgstr - 1]) + "\n" + fixed + "\n" + "\n".join(german[end:])
    text = text.replace('"Language: de\\n"', '"Language: fr\\n"')
    path.write_text(text, encoding="utf-8")
    language = text.split("\n").index('"Language: fr\\n"') + 1
    result = run("--root", project, "check", "--lang", "de", "--format", "github")
    found = finding_lines(result.out)
    assert (_gh_escape("footnote-refs (de)", prop=True), msgstr) in found, result.out
    assert (_gh_escape("header (de)", prop=True), language) in found, result.out
    assert first < msgstr and all(line != first for _, line in found)


def test_github_format_writes_a_job_summary(project: Path, run: Run, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("## an earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    source = project / "sources" / f"{SAMPLE_SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new closing paragraph.\n",
                      encoding="utf-8")
    result = run("--root", project, "check", "--format", "github")
    assert result.code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## an earlier step\n")  # appended, as GitHub asks
    assert "## transkit check (publish): FAILED" in text
    assert "| freshness | 3 | 0 |" in text
    # the verdict reads every finding: a catalog out of step with its English is not final
    assert f"| {SAMPLE_SLUG} | draft (freshness: locales/hy/{SAMPLE_SLUG}.po) | " in text
    assert f"- `{PO}` **error** [freshness]" in text
    # other formats leave the summary alone
    before = summary.read_text(encoding="utf-8")
    run("--root", project, "check", "--format", "json")
    assert summary.read_text(encoding="utf-8") == before
    # freshness and completeness (the editions are drafts) in each language
    assert json.loads(run("--root", project, "check", "--format", "json").out)["errors"] == 6
