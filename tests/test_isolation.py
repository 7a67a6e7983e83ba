"""Failures stay where they are: one unreadable catalog (an unterminated string in `de`) does
not stop status, build, check or sync for the others. Everything else is reported, built or
synced, the broken file is named with its line, and the run ends with exit status 2."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import SAMPLE_SLUG, Result
from .fsutil import changes, snapshot

Run = Callable[..., Result]
BROKEN = f"locales/de/{SAMPLE_SLUG}.po"


@pytest.fixture
def broken(project: Path) -> tuple[Path, int]:
    """The project with an unterminated string in the German catalog, and its line; plus a
    second article with nothing broken."""
    path = project / BROKEN
    text = path.read_text(encoding="utf-8")
    needle = '"Language: de\\n"'
    path.write_text(text.replace(needle, needle[:-1], 1), encoding="utf-8")
    (project / "sources" / "second-article.md").write_text(
        "# A second article\n\nIts only paragraph.\n", encoding="utf-8")
    return project, text.split("\n").index(needle) + 1


def one_error(result: Result, line: int) -> None:
    assert result.code == 2, result.out + result.err
    assert "Traceback" not in result.out + result.err
    assert result.err.splitlines() == [
        f"transkit: error: {BROKEN}:{line}: unterminated string: "
        + result.err.split("unterminated string: ", 1)[1].splitlines()[0]
    ], result.err


def test_status_reports_every_other_catalog(broken: tuple[Path, int], run: Run) -> None:
    project, line = broken
    table = run("--root", project, "status")
    one_error(table, line)
    rows = [r.split()[:2] for r in table.out.splitlines() if r.startswith((SAMPLE_SLUG, "second"))]
    assert sorted(rows) == sorted([[SAMPLE_SLUG, "hy"], [SAMPLE_SLUG, "ru"], ["second-article",
                                   "hy"], ["second-article", "de"], ["second-article", "ru"]])
    data = json.loads(run("--root", project, "status", "--format", "json").out)
    assert len(data["catalogs"]) == 5
    assert data["failed"] == [{"path": BROKEN, "line": line,
                               "message": data["failed"][0]["message"]}]
    assert "unterminated string" in data["failed"][0]["message"]


def test_build_builds_every_other_edition(broken: tuple[Path, int], run: Run) -> None:
    project, line = broken
    result = run("--root", project, "build")
    one_error(result, line)
    built = sorted(p.relative_to(project / "build").as_posix()
                   for p in (project / "build").rglob("*.md"))
    assert built == sorted([f"hy/{SAMPLE_SLUG}.md", f"ru/{SAMPLE_SLUG}.md",
                            "de/second-article.md", "hy/second-article.md",
                            "ru/second-article.md"])
    assert "1 not built (a file cannot be read)" in result.out


def test_check_checks_every_other_catalog(broken: tuple[Path, int], run: Run) -> None:
    project, line = broken
    result = run("--root", project, "check", "--format", "json")
    assert result.code == 2
    findings = json.loads(result.out)["findings"]
    assert {(f["path"], f["line"], f["check"]) for f in findings if f["check"] == "validity"} == {
        (BROKEN, line, "validity")}
    # the new article's catalogs are missing: the others were checked all the same
    assert {f["path"] for f in findings if f["check"] == "freshness"} == {
        f"locales/{lang}/second-article.po" for lang in ("hy", "de", "ru")}


def test_sync_syncs_every_other_article(broken: tuple[Path, int], run: Run) -> None:
    project, line = broken
    before = snapshot(project)
    result = run("--root", project, "sync")
    one_error(result, line)
    assert sorted(changes(before, snapshot(project))) == [
        "changed the content of transkit.sum",
        *(f"created locales/{lang}/second-article.po" for lang in ("de", "hy", "ru"))]
    # the record of catalogs in step names the article synced, not the one left as it was
    sums = (project / "transkit.sum").read_text(encoding="utf-8")
    assert "locales/de/second-article.po" in sums and BROKEN not in sums
    assert "1 article left as it was: a file cannot be read." in result.out
    dry = run("--root", project, "sync", "--dry-run")
    assert dry.code == 2


def test_todo_lists_every_other_catalog(broken: tuple[Path, int], run: Run) -> None:
    project, line = broken
    result = run("--root", project, "todo", "de")
    one_error(result, line)
    assert "locales/de/second-article.po: missing, 2 units to translate" in result.out


def test_a_broken_new_article_is_named_once(project: Path, run: Run) -> None:
    (project / "sources" / "broken.md").write_bytes(b"---\ntitle: [x\n---\n\nText.\n")
    status = run("--root", project, "status")
    assert status.code == 2 and len(status.err.splitlines()) == 1, status.err
    assert status.err.startswith("transkit: error: sources/broken.md:2: front matter")
    assert status.out.count(SAMPLE_SLUG) == 3  # the other article, in every language
    checked = json.loads(run("--root", project, "check", "--format", "json").out)
    assert [f["path"] for f in checked["findings"] if f["check"] == "validity"] == [
        "sources/broken.md"]
