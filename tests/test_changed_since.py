"""`check`, `status` and `build --changed-since REV` on real git repositories: what a branch
committed, staged, left unstaged or untracked, renamed and removed since the merge base; the
files every article depends on; consistency with articles that did not change; and the revisions
git cannot answer for (unknown, no repository, a shallow clone)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from transkit.core.po.pofile import format_po, parse_po

from .conftest import Run

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

CONFIG = """source_language = "en"
languages = ["de"]
sources = "sources"
locales = "locales"
build = "build"
project = "T"
"""
SHARED = "The weather was calm on the coast that morning."
GERMAN = {SHARED: "Das Wetter war an jenem Morgen an der Küste ruhig."}


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True,
                          env={"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
                               "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org",
                               "HOME": str(root), "PATH": "/usr/bin:/bin:/usr/local/bin"})
    return done.stdout


def article(name: str) -> str:
    return f"# About {name}\n\n{SHARED}\n\nA paragraph only {name} has.\n"


def translate(path: Path, change: dict[str, str] | None = None) -> None:
    """Every entry translated (the shared sentence as GERMAN says, unless `change` says
    otherwise), laid out as transkit lays catalogs out."""
    catalog = parse_po(path.read_text(encoding="utf-8"), path=str(path))
    wanted = {**GERMAN, **(change or {})}
    for entry in catalog:
        entry.msgstr = wanted.get(entry.msgid, f"DE: {entry.msgid}")
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    path.write_text(format_po(catalog), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, run: Run) -> Path:
    """Three translated articles sharing one sentence, committed on `main`; `work` checked out,
    made from it."""
    root = tmp_path / "repo"
    (root / "sources").mkdir(parents=True)
    (root / "transkit.toml").write_text(CONFIG, encoding="utf-8")
    (root / ".gitignore").write_text(".transkit-cache/\n.transkit.lock\nbuild/\n",
                                     encoding="utf-8")
    for name in ("a", "b", "c"):
        (root / "sources" / f"{name}.md").write_text(article(name), encoding="utf-8")
    assert run("--root", root, "sync").code == 0
    for name in ("a", "b", "c"):
        translate(root / "locales" / "de" / f"{name}.po")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "three articles")
    git(root, "checkout", "-qb", "work")
    return root


def check_json(run: Run, root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = run("--root", root, "check", "--gate", "commit", "--format", "json", *args)
    assert result.code in (0, 1), result.err
    return result.code, json.loads(result.out)


def findings(report: dict[str, Any], check: str) -> list[tuple[str, str]]:
    return [(f["path"], f["article"]) for f in report["findings"] if f["check"] == check]


def test_a_branch_is_judged_by_its_own_commits_not_by_what_main_gained(repo: Path,
                                                                       run: Run) -> None:
    translate(repo / "locales/de/b.po", {"A paragraph only b has.": "Nur b hat das."})
    git(repo, "commit", "-qam", "b's translation revised")
    git(repo, "checkout", "-q", "main")
    (repo / "sources/c.md").write_text(article("c") + "\nMore on main.\n", encoding="utf-8")
    git(repo, "commit", "-qam", "c grows on main")
    git(repo, "checkout", "-q", "work")
    code, report = check_json(run, repo, "--changed-since", "main")
    assert report["selection"]["articles"] == ["b"]
    assert (report["selection"]["selected"], report["selection"]["total"]) == (1, 3)
    assert {f["article"] for f in report["findings"]} <= {"b"}
    assert code == 0
    text = run("--root", repo, "check", "--gate", "commit", "--changed-since", "main")
    assert text.out.startswith("1 of 3 articles changed since main (merge base ")


def test_staged_unstaged_and_untracked_changes_count(repo: Path, run: Run) -> None:
    (repo / "sources/a.md").write_text(article("a") + "\nA new paragraph.\n", encoding="utf-8")
    git(repo, "add", "sources/a.md")  # staged
    translate(repo / "locales/de/b.po", {"A paragraph only b has.": "Nur b."})  # unstaged
    (repo / "sources/d.md").write_text(article("d"), encoding="utf-8")  # untracked
    code, report = check_json(run, repo, "--changed-since", "HEAD")
    assert report["selection"]["articles"] == ["a", "b", "d"]
    # a's new paragraph and d's catalog wait for a sync: the commit gate fails on them
    assert sorted(findings(report, "freshness")) == [("locales/de/a.po", "a"),
                                                     ("locales/de/d.po", "d")]
    assert code == 1


def test_nothing_changed_checks_no_article(repo: Path, run: Run) -> None:
    code, report = check_json(run, repo, "--changed-since", "HEAD")
    assert report["selection"]["articles"] == [] and report["findings"] == []
    assert code == 0


def test_a_renamed_source_is_its_new_article_and_leaves_orphans(repo: Path, run: Run) -> None:
    git(repo, "mv", "sources/b.md", "sources/bee.md")
    code, report = check_json(run, repo, "--changed-since", "HEAD")
    assert report["selection"]["articles"] == ["bee"]
    assert report["selection"]["removed"] == ["b"]
    assert findings(report, "orphan") == [("locales/de/b.po", "b")]
    assert findings(report, "freshness") == [("locales/de/bee.po", "bee")]
    assert code == 1
    # the catalog moved along: nothing to say
    git(repo, "mv", "locales/de/b.po", "locales/de/bee.po")
    code, report = check_json(run, repo, "--changed-since", "HEAD")
    assert report["findings"] == [] and code == 0


def test_a_removed_article_is_reported_not_checked(repo: Path, run: Run) -> None:
    git(repo, "rm", "-q", "sources/c.md")
    git(repo, "commit", "-qm", "c withdrawn")
    code, report = check_json(run, repo, "--changed-since", "main")
    assert report["selection"]["articles"] == [] and report["selection"]["removed"] == ["c"]
    assert findings(report, "orphan") == [("locales/de/c.po", "c")]
    assert code == 0  # an orphan is a warning
    git(repo, "rm", "-q", "locales/de/c.po")
    code, report = check_json(run, repo, "--changed-since", "main")
    assert report["findings"] == [] and code == 0
    assert "0 of 2 articles changed since main" in run(
        "--root", repo, "check", "--changed-since", "main").out


def test_an_orphan_catalog_added_is_found(repo: Path, run: Run) -> None:
    # one the branch started with is the full check's to report, not this change's
    shutil.copy(repo / "locales/de/a.po", repo / "locales/de/old.po")
    git(repo, "add", "locales/de/old.po")
    git(repo, "commit", "-qm", "an orphan already")
    shutil.copy(repo / "locales/de/a.po", repo / "locales/de/zed.po")
    _code, report = check_json(run, repo, "--changed-since", "HEAD")
    assert report["selection"]["articles"] == []
    assert findings(report, "orphan") == [("locales/de/zed.po", "zed")]
    _code, report = check_json(run, repo)
    assert findings(report, "orphan") == [("locales/de/old.po", "old"),
                                          ("locales/de/zed.po", "zed")]


def test_the_configuration_changed_means_everything(repo: Path, run: Run) -> None:
    with (repo / "transkit.toml").open("a", encoding="utf-8") as handle:
        handle.write("wrap_width = 79\n")
    _code, report = check_json(run, repo, "--changed-since", "HEAD")
    assert report["selection"]["everything"] == "transkit.toml"
    assert report["selection"]["articles"] == ["a", "b", "c"]
    text = run("--root", repo, "check", "--changed-since", "HEAD").out
    assert text.startswith("transkit.toml changed since HEAD (merge base ")
    assert ": checking everything (3 articles)" in text.splitlines()[0]


@pytest.mark.parametrize("grep", ["grep", "git grep"])
def test_consistency_compares_a_changed_article_with_the_unchanged_ones(
        repo: Path, run: Run, grep: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if grep == "git grep":  # a system without grep (Windows): git's own
        which = shutil.which
        monkeypatch.setattr(shutil, "which", lambda name: None if name == "grep" else which(name))
    # a change elsewhere in b: its shared sentence still agrees with a's and c's
    translate(repo / "locales/de/b.po", {"A paragraph only b has.": "Nur b."})
    _code, report = check_json(run, repo, "--changed-since", "HEAD")
    assert findings(report, "consistency") == []
    translate(repo / "locales/de/b.po", {SHARED: "Ruhig war das Wetter an der Küste."})
    _code, report = check_json(run, repo, "--changed-since", "HEAD")
    found = [f for f in report["findings"] if f["check"] == "consistency"]
    assert [(f["path"], f["article"]) for f in found] == [("locales/de/b.po", "b")]
    assert "locales/de/a.po" in found[0]["message"]  # the unchanged article it disagrees with
    # a check of everything reports the other side too
    _code, everything = check_json(run, repo)
    assert sorted(findings(everything, "consistency")) == [
        ("locales/de/a.po", "a"), ("locales/de/b.po", "b"), ("locales/de/c.po", "c")]


@pytest.mark.parametrize("rev", ["nope", "main~5", "--all"])
def test_a_revision_git_does_not_know_is_one_line_and_exit_2(repo: Path, run: Run,
                                                             rev: str) -> None:
    result = run("--root", repo, "check", f"--changed-since={rev}")
    assert result.code == 2
    assert result.err.startswith(f"transkit: error: --changed-since {rev}: ")
    assert len(result.err.splitlines()) == 1 and "Traceback" not in result.err


def test_outside_a_repository(repo: Path, tmp_path: Path, run: Run) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    result = run("--root", plain, "status", "--changed-since", "HEAD")
    assert result.code == 2
    assert "is not inside a git repository" in result.err
    assert len(result.err.splitlines()) == 1


def test_a_shallow_clone_says_to_fetch_the_history(repo: Path, tmp_path: Path, run: Run) -> None:
    (repo / "sources/a.md").write_text(article("a") + "\nMore.\n", encoding="utf-8")
    git(repo, "commit", "-qam", "a grows")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "work", f"file://{repo}", str(clone))
    result = run("--root", clone, "check", "--changed-since", "origin/main")
    assert result.code == 2
    assert "git fetch --unshallow" in result.err and "fetch-depth: 0" in result.err
    # main fetched, but not the history that joins it to the branch
    git(clone, "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main")
    result = run("--root", clone, "check", "--changed-since", "origin/main")
    assert result.code == 2
    assert "no common history" in result.err and "git fetch --unshallow" in result.err
    git(clone, "fetch", "-q", "--unshallow")
    code, report = check_json(run, clone, "--changed-since", "origin/main")
    assert report["selection"]["articles"] == ["a"]


def test_articles_and_changed_since_together_are_refused(repo: Path, run: Run) -> None:
    result = run("--root", repo, "check", "a", "--changed-since", "HEAD")
    assert result.code == 2 and "not both" in result.err
    result = run("--root", repo, "build", "a", "--changed-since", "HEAD")
    assert result.code == 2 and "not both" in result.err
    result = run("--root", repo, "status", repo / "locales", "--changed-since", "HEAD")
    assert result.code == 2 and "not both" in result.err


def test_status_reports_the_same_choice(repo: Path, run: Run) -> None:
    translate(repo / "locales/de/c.po", {"A paragraph only c has.": "Nur c."})
    result = run("--root", repo, "status", "--changed-since", "HEAD", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert [c["article"] for c in data["catalogs"]] == ["c"]
    assert data["selection"]["articles"] == ["c"] and data["selection"]["total"] == 3
    assert "1 of 3 articles changed since HEAD" in result.err


def test_build_writes_only_the_chosen_editions(repo: Path, run: Run) -> None:
    assert run("--root", repo, "build").code == 0
    built = sorted((repo / "build").rglob("*.md"))
    assert [p.name for p in built] == ["a.md", "b.md", "c.md"]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in built}
    # an earlier edition left beside them: a build of some articles leaves it alone
    stray = repo / "build/de/old.md"
    stray.write_text("an edition of another day\n", encoding="utf-8")
    translate(repo / "locales/de/b.po", {"A paragraph only b has.": "Nur b hat diesen Absatz."})
    result = run("--root", repo, "build", "--changed-since", "HEAD")
    assert result.code == 0, result.err
    assert "transkit: 1 of 3 articles changed since HEAD" in result.err
    assert "Nur b hat diesen Absatz." in (repo / "build/de/b.md").read_text(encoding="utf-8")
    for path in (repo / "build/de/a.md", repo / "build/de/c.md"):
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before[path]
    assert stray.read_text(encoding="utf-8") == "an edition of another day\n"


def test_the_readme_ci_example_checks_what_a_pull_request_changed() -> None:
    import yaml

    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### In CI and in hooks", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    workflow = yaml.safe_load(block)
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    runs = {s.get("if"): s["run"] for s in steps if "run" in s}
    assert runs["github.event_name == 'pull_request'"].endswith(
        "--changed-since origin/${{ github.base_ref }}")
    assert "--changed-since" not in runs["github.event_name != 'pull_request'"]


@pytest.mark.parametrize("how", ["added", "edited", "removed"])
def test_the_glossary_changed_means_everything(repo: Path, run: Run, how: str) -> None:
    glossary = repo / "glossary.csv"
    if how != "added":
        glossary.write_text("en,de\nweather,Wetter\n", encoding="utf-8")
        git(repo, "add", "glossary.csv")
        git(repo, "commit", "-qm", "a glossary")
    if how == "removed":
        glossary.unlink()
    else:
        glossary.write_text("en,de\nweather,Wetter\ncoast,Küste\n", encoding="utf-8")
    _code, report = check_json(run, repo, "--changed-since", "HEAD")
    assert report["selection"]["everything"] == "glossary.csv"
    assert report["selection"]["articles"] == ["a", "b", "c"]


def test_a_file_of_a_page_bundle_changes_its_article(repo: Path, run: Run) -> None:
    bundle = repo / "sources/trip"
    bundle.mkdir()
    (bundle / "index.md").write_text(article("trip"), encoding="utf-8")
    assert run("--root", repo, "sync").code == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "a page bundle")
    (bundle / "map.svg").write_text("<svg/>\n", encoding="utf-8")
    _code, report = check_json(run, repo, "--changed-since", "HEAD")
    assert report["selection"]["articles"] == ["trip/index"]


def test_a_project_in_a_folder_of_the_repository(repo: Path, tmp_path: Path, run: Run) -> None:
    top = tmp_path / "top"
    shutil.copytree(repo, top / "site", ignore=shutil.ignore_patterns(".git"))
    (top / "README.md").write_text("The site.\n", encoding="utf-8")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", "-A")
    git(top, "commit", "-qm", "a site in a folder")
    (top / "README.md").write_text("The site, and more.\n", encoding="utf-8")
    (top / "notes.md").write_text("untracked, outside the project\n", encoding="utf-8")
    translate(top / "site/locales/de/b.po", {"A paragraph only b has.": "Nur b."})
    _code, report = check_json(run, top / "site", "--changed-since", "HEAD")
    assert report["selection"]["articles"] == ["b"]


def test_a_changed_catalog_that_cannot_be_read_is_a_finding_not_a_crash(repo: Path,
                                                                       run: Run) -> None:
    broken = repo / "locales/de/b.po"
    broken.write_text(broken.read_text(encoding="utf-8") + '\nmsgid "unterminated\n',
                      encoding="utf-8")
    result = run("--root", repo, "check", "--gate", "commit", "--format", "json",
                 "--changed-since", "HEAD")
    assert result.code == 2, result.err
    report = json.loads(result.out)
    assert report["selection"]["articles"] == ["b"]
    assert [f["path"] for f in report["findings"] if f["check"] == "validity"] == [
        "locales/de/b.po"]


def test_file_names_beyond_ascii(repo: Path, run: Run) -> None:
    (repo / "sources/über-uns.md").write_text(article("ü"), encoding="utf-8")
    assert run("--root", repo, "sync").code == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "über uns")
    translate(repo / "locales/de/über-uns.po", {"A paragraph only ü has.": "Nur ü."})
    _code, report = check_json(run, repo, "--changed-since", "HEAD")
    assert report["selection"]["articles"] == ["über-uns"]


def test_github_output_and_job_summary_say_what_was_chosen(repo: Path, run: Run, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    translate(repo / "locales/de/a.po", {"A paragraph only a has.": "Nur a."})
    result = run("--root", repo, "check", "--gate", "commit", "--format", "github",
                 "--changed-since", "HEAD")
    assert result.code == 0, result.err
    assert result.out.startswith("::notice title=transkit check::1 of 3 articles changed since "
                                 "HEAD (merge base ")
    assert "1 of 3 articles changed since HEAD" in summary.read_text(encoding="utf-8")
