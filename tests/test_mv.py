"""Moving an article: `transkit mv OLD NEW`, and sync following a `git mv` (or a rename it
recognises by the units), so that the translations go with the article."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from transkit.core.sync.rename import pair_renames, rename_catalog

from .conftest import ROOT, SAMPLE_SLUG, Run
from .fsutil import changes, snapshot

LANGS = ("hy", "de", "ru")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=root, check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture
def repo(project: Path) -> Path:
    """The sample project in a git repository, everything committed."""
    git(project, "init", "-q")
    git(project, "config", "user.email", "editor@example.org")
    git(project, "config", "user.name", "Editor")
    (project / ".gitignore").write_text(".transkit-cache/\n.transkit.lock\n", encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "the sample")
    return project


def percent(run: Run, root: Path) -> dict[str, float]:
    status = json.loads(run("--root", root, "status", "--format", "json").out)
    return {f"{c['language']}/{c['article']}": c["percent"] for c in status["catalogs"]}


def test_mv_moves_the_source_and_every_catalog_with_git(repo: Path, run: Run) -> None:
    before = percent(run, repo)
    result = run("--root", repo, "mv", SAMPLE_SLUG, "reports/2023/russia")
    assert result.code == 0, result.err
    assert f"moved sources/{SAMPLE_SLUG}.md to sources/reports/2023/russia.md (git mv)" in (
        result.out)
    renames = git(repo, "status", "--porcelain").splitlines()
    assert f"R  sources/{SAMPLE_SLUG}.md -> sources/reports/2023/russia.md" in renames
    for lang in LANGS:
        assert any(line.startswith("R") and f"locales/{lang}/{SAMPLE_SLUG}.po -> "
                   f"locales/{lang}/reports/2023/russia.po" in line for line in renames)
        catalog = polib.pofile(str(repo / "locales" / lang / "reports/2023/russia.po"))
        assert catalog.metadata["Project-Id-Version"] == "OSTWEST MONITORING reports/2023/russia"
        assert {path for e in catalog for path, _ in e.occurrences} == {
            "sources/reports/2023/russia.md"}
    # the translations went with it, and nothing is left for sync to do
    assert percent(run, repo) == {k.replace(SAMPLE_SLUG, "reports/2023/russia"): v
                                  for k, v in before.items()}
    assert run("--root", repo, "sync", "--dry-run").code == 0


def test_mv_after_git_mv_moves_the_catalogs(repo: Path, run: Run) -> None:
    git(repo, "mv", f"sources/{SAMPLE_SLUG}.md", "sources/über-russland.md")
    result = run("--root", repo, "mv", f"sources/{SAMPLE_SLUG}.md", "sources/über-russland.md")
    assert result.code == 0, result.err
    assert "moved sources" not in result.out
    assert f"moved locales/de/{SAMPLE_SLUG}.po to locales/de/über-russland.po (git mv)" in (
        result.out)
    assert (repo / "locales" / "ru" / "über-russland.po").is_file()


def test_sync_follows_a_git_mv(repo: Path, run: Run) -> None:
    git(repo, "mv", f"sources/{SAMPLE_SLUG}.md", "sources/russia.md")
    source = repo / "sources" / "russia.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("peacekeepers", "peace-keepers"), encoding="utf-8")
    result = run("--root", repo, "sync")
    assert result.code == 0 and result.err == "", result.err
    assert f"moved locales/de/{SAMPLE_SLUG}.po to locales/de/russia.po (git mv)" in result.out
    assert "(git records the rename)" in result.out
    assert "drifted" in result.out  # then synced with the edit, as any sync
    assert not list((repo / "locales").rglob(f"{SAMPLE_SLUG}.po"))


def test_sync_follows_a_rename_it_recognises_by_its_units(project: Path, run: Run) -> None:
    """No git at all: the units tell which new article the vanished one is."""
    old = project / "sources" / f"{SAMPLE_SLUG}.md"
    (project / "sources" / "2023").mkdir()
    old.rename(project / "sources" / "2023" / "russia.md")
    result = run("--root", project, "sync")
    assert result.code == 0, result.err
    assert (f"moved locales/hy/{SAMPLE_SLUG}.po to locales/hy/2023/russia.po\n" in result.out)
    assert "(its units are those of the vanished article)" in result.out
    assert all(v > 0 for v in percent(run, project).values())


def test_two_candidates_for_one_vanished_article_move_nothing(project: Path, run: Run) -> None:
    old = project / "sources" / f"{SAMPLE_SLUG}.md"
    shutil.copy(old, project / "sources" / "copy-one.md")
    old.rename(project / "sources" / "copy-two.md")
    result = run("--root", project, "sync")
    assert result.code == 0
    assert "moved" not in result.out and "no source article any more" in result.err
    assert (project / "locales" / "de" / f"{SAMPLE_SLUG}.po").is_file()


@pytest.mark.parametrize(("args", "words"), [
    ([SAMPLE_SLUG, SAMPLE_SLUG], "are the same article"),
    (["no-such-article", "x"], "no article 'no-such-article' in sources"),
    ([SAMPLE_SLUG, "Notes (draft)"], "file name 'Notes (draft).md' cannot name an article"),
    ([SAMPLE_SLUG, "taken"], "'taken' is an article already (sources/taken.md)"),
    ([SAMPLE_SLUG, "translated"], "locales/de/translated.po holds translations already"),
])
def test_a_move_that_cannot_be_made_moves_nothing(repo: Path, run: Run, args: list[str],
                                                  words: str) -> None:
    (repo / "sources" / "taken.md").write_text("Taken.\n", encoding="utf-8")
    catalog = repo / "locales" / "de" / f"{SAMPLE_SLUG}.po"
    shutil.copy(catalog, repo / "locales" / "de" / "translated.po")
    before = snapshot(repo)
    result = run("--root", repo, "mv", *args)
    assert result.code == 2 and words in result.err, result.err
    assert len(result.err.splitlines()) == 1
    assert changes(before, snapshot(repo)) == []


def test_a_dry_run_moves_nothing(repo: Path, run: Run) -> None:
    before = snapshot(repo)
    result = run("--root", repo, "mv", SAMPLE_SLUG, "russia", "--dry-run")
    assert result.code == 0
    assert f"would move locales/ru/{SAMPLE_SLUG}.po to locales/ru/russia.po (git mv)" in (
        result.out)
    assert changes(before, snapshot(repo)) == []


def test_without_git_files_are_renamed_and_built_editions_named(project: Path,
                                                                run: Run) -> None:
    assert run("--root", project, "build", "--lang", "de").code in (0, 1)
    result = run("--root", project, "mv", SAMPLE_SLUG, "russia.markdown")
    assert result.code == 0, result.err
    assert f"moved sources/{SAMPLE_SLUG}.md to sources/russia.markdown\n" in result.out
    assert (project / "sources" / "russia.markdown").is_file()
    assert f"note: build/de/{SAMPLE_SLUG}.md is the old name's built edition" in result.out
    catalog = polib.pofile(str(project / "locales" / "de" / "russia.po"))
    assert {path for e in catalog for path, _ in e.occurrences} == {"sources/russia.markdown"}


def test_rename_catalog_changes_the_header_and_references_only() -> None:
    original = polib.pofile(str(ROOT / "locales" / "de" / f"{SAMPLE_SLUG}.po"))
    renamed = rename_catalog(original, old=SAMPLE_SLUG, new="a/b", old_source=(
        f"sources/{SAMPLE_SLUG}.md"), new_source="sources/a/b.md")
    assert renamed.metadata["Project-Id-Version"] == "OSTWEST MONITORING a/b"
    assert original.metadata["Project-Id-Version"].endswith(SAMPLE_SLUG)  # left as it was
    assert [(e.msgid, e.msgstr, e.flags, e.tcomment) for e in renamed] == [
        (e.msgid, e.msgstr, e.flags, e.tcomment) for e in original]


def test_pairs_are_clear_best_matches() -> None:
    a, b, c = frozenset("abcd"), frozenset("wxyz"), frozenset("abcx")
    assert pair_renames({"old": a}, {"new": c, "other": b}) == [("old", "new")]
    assert pair_renames({"old": a}, {"one": a, "two": a}) == []  # a tie: nothing
    assert pair_renames({"old": a}, {"new": b}) == []  # nothing shared


def test_a_move_stopped_half_way_is_finished_by_the_same_command(
        project: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    import transkit.runs.mv as mv
    from transkit.errors import WriteError
    from transkit.store.move import move_file as moving

    def failing(old: Path, new: Path, *, shown: str) -> bool:
        if "locales/de/" in shown:
            raise WriteError("cannot move it here (No space left on device)", path=shown)
        return moving(old, new, shown=shown)

    monkeypatch.setattr(mv, "move_file", failing)
    stopped = run("--root", project, "mv", SAMPLE_SLUG, "russia")
    assert stopped.code == 2 and "locales/de/russia.po: cannot move it here" in stopped.err
    assert (project / "sources" / "russia.md").is_file()
    monkeypatch.setattr(mv, "move_file", moving)
    again = run("--root", project, "mv", SAMPLE_SLUG, "russia")
    assert again.code == 0, again.err
    assert f"moved locales/de/{SAMPLE_SLUG}.po to locales/de/russia.po" in again.out
    assert not list((project / "locales").rglob(f"{SAMPLE_SLUG}.po"))
    assert run("--root", project, "sync", "--dry-run").code == 0
