"""Catalogs merged by real `git merge` and `git rebase` on temporary repositories, with the driver
`transkit setup-git` installs (run as `python -m transkit` from this interpreter), and catalogs
git merged as text repaired by `transkit resolve`.

The cases are in benchmarks/merge_cases.py, shared with the comparison with other drivers
(benchmarks/compare_merge_peers.py). In every case both sides are in step with their own
sources, so after the merge `transkit sync --dry-run` must find nothing to change, and no
translation either side wrote may be missing from the result (as msgstr or comment).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import Result

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="needs git"), pytest.mark.slow]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("merge_cases", ROOT / "benchmarks" /
                                                  "merge_cases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


mc = _load()
CASES = {case.name: case for case in mc.CASES}
# the cases git's own text merge stops on, which leave conflict markers for `resolve`
MARKED = ["header-dates", "clashing-translations", "translation-vs-changed-english",
          "deleted-vs-translated", "deleted-untranslated-vs-translated",
          "both-synced-lines-moved"]


_PREPARED: dict[tuple[str, str], Path] = {}


@pytest.fixture(scope="session")
def prepared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("prepared")


def _repo(tmp_path: Path, case_name: str, driver: str, *, style: str = "merge") -> Any:
    """A repository with the case's base, branch and main committed: made once per case and
    driver (the syncs take a while), copied for each test."""
    key = (case_name, driver)
    if key not in _PREPARED:
        made = mc.Repo.create(_SESSION["root"] / f"{len(_PREPARED)}" / "repo")
        mc.prepare_case(made, CASES[case_name], driver)
        _PREPARED[key] = made.root
    repo = mc.Repo.create(tmp_path / "repo", copy_of=_PREPARED[key])
    repo.git("config", "merge.conflictStyle", style)
    return repo


_SESSION: dict[str, Path] = {}


@pytest.fixture(autouse=True)
def _session_root(prepared_root: Path) -> None:
    _SESSION["root"] = prepared_root


def _assert_right(outcome: Any) -> None:
    assert not outcome.conflict, outcome.text
    assert outcome.wrong == (), "finished translations made for other English"
    assert outcome.lost == (), "translations lost"
    assert outcome.problems == ()
    assert outcome.sync_clean, "sync --dry-run would still change the catalogs"


@pytest.mark.parametrize("operation", ["merge", "rebase"])
@pytest.mark.parametrize("case_name", list(CASES))
def test_the_driver_merges_every_case(tmp_path: Path, case_name: str, operation: str) -> None:
    repo = _repo(tmp_path, case_name, mc.Driver.TRANSKIT)
    outcome = mc.run_case(repo, CASES[case_name], rebase=operation == "rebase")
    _assert_right(outcome)
    assert "<<<<<<<" not in outcome.text
    for lang in ("hy", "ru"):  # where only main changed a catalog, the result is main's
        path = f"locales/{lang}/{mc.SLUG}.po"
        if not repo.git("diff", "main~1", "translator", "--", path).stdout:
            assert repo.read(path) == repo.git("show", f"main:{path}").stdout


@pytest.mark.parametrize("style", ["merge", "diff3"])
@pytest.mark.parametrize("case_name", MARKED)
def test_resolve_repairs_what_git_merged_as_text(tmp_path: Path, case_name: str,
                                                 style: str) -> None:
    repo = _repo(tmp_path, case_name, mc.Driver.TEXT, style=style)
    stopped = repo.git("merge", "--no-edit", "translator", check=False)
    assert stopped.returncode != 0 and "<<<<<<<" in repo.read()
    repo.git("merge", "--abort")
    _assert_right(mc.run_case(repo, CASES[case_name], resolve=True))


def test_resolve_after_a_rebase_stopped_on_conflicts(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "translation-vs-changed-english", mc.Driver.TEXT)
    _assert_right(mc.run_case(repo, CASES["translation-vs-changed-english"], rebase=True,
                              resolve=True))


def test_text_merge_lands_a_translation_on_changed_english_unflagged(tmp_path: Path) -> None:
    """Why a driver: git merges this case cleanly, and wrongly (python-docs-fr's report)."""
    case = CASES["new-translation-vs-changed-english"]
    text = mc.run_case(_repo(tmp_path / "text", case.name, mc.Driver.TEXT), case)
    assert not text.conflict and text.wrong
    _assert_right(mc.run_case(_repo(tmp_path / "driver", case.name, mc.Driver.TRANSKIT), case))


def test_check_and_status_see_a_carried_translation_as_fuzzy(tmp_path: Path) -> None:
    case = CASES["translation-vs-changed-english"]
    repo = _repo(tmp_path, case.name, mc.Driver.TRANSKIT)
    _assert_right(mc.run_case(repo, case))
    code, out = repo.transkit("status", "--lang", "de", "--format", "json")
    (status,) = json.loads(out)["catalogs"]
    assert code == 0 and (status["fuzzy"], status["untranslated"]) == (1, 0)
    code, out = repo.transkit("check", "--lang", "de")
    assert code == 1 and "1 fuzzy" in out
    code, out = repo.transkit("todo", "de")
    assert "In November 2020, Russia brokered" in out


def test_the_driver_names_the_sides_and_says_what_needs_a_look(tmp_path: Path) -> None:
    case = CASES["clashing-translations"]
    repo = _repo(tmp_path, case.name, mc.Driver.TRANSKIT)
    done = repo.git("merge", "--no-edit", "translator")
    assert "transkit merge-po: locales/de/" in done.stdout + done.stderr
    assert "1 clash of two translations" in done.stdout + done.stderr
    assert f"# other translation (translator): {mc.NEW_MIDJUNE_A}" in repo.read()


# --- setup-git ---------------------------------------------------------------------------------


def test_setup_git_is_idempotent(tmp_path: Path, run: Callable[..., Result]) -> None:
    repo = mc.Repo.create(tmp_path / "repo")
    first = run("--root", repo.root, "setup-git")
    assert first.code == 0, first.err
    assert "added to .gitattributes: locales/**/*.po merge=transkit-po" in first.out
    assert repo.git("config", "merge.transkit-po.driver").stdout.strip() == (
        "transkit merge-po %O %A %B %P")
    assert repo.git("check-attr", "merge", "--", f"locales/de/{mc.SLUG}.po").stdout.strip() \
        .endswith("merge: transkit-po")
    before = ((repo.root / ".gitattributes").read_bytes(),
              (repo.root / ".git" / "config").read_bytes())
    second = run("--root", repo.root, "setup-git")
    assert second.code == 0 and "nothing changed" in second.out
    assert before == ((repo.root / ".gitattributes").read_bytes(),
                      (repo.root / ".git" / "config").read_bytes())


def test_setup_git_derives_the_pattern_from_the_config(tmp_path: Path,
                                                       run: Callable[..., Result]) -> None:
    repo = mc.Repo.create(tmp_path / "repo")
    project = repo.root / "site"
    project.mkdir()
    (project / "sources").mkdir()
    (project / "transkit.toml").write_text('languages = ["de"]\nlocales = "po"\n',
                                               encoding="utf-8")
    (repo.root / ".gitattributes").write_text("*.md text", encoding="utf-8")
    result = run("--root", project, "setup-git", "--command", "tk")
    assert result.code == 0, result.err
    assert (repo.root / ".gitattributes").read_text(encoding="utf-8") == (
        "*.md text\nsite/po/**/*.po merge=transkit-po\n")
    assert repo.git("config", "merge.transkit-po.driver").stdout.strip() == (
        "tk merge-po %O %A %B %P")
    # another command is a change, and said so
    again = run("--root", project, "setup-git")
    assert "set git config merge.transkit-po.driver = transkit merge-po" in again.out
    assert "added to" not in again.out


def test_setup_git_outside_a_repository(tmp_path: Path, run: Callable[..., Result]) -> None:
    root = tmp_path / "project"
    (root / "sources").mkdir(parents=True)
    (root / "transkit.toml").write_text('languages = ["de"]\n', encoding="utf-8")
    result = run("--root", root, "setup-git")
    assert result.code == 2
    assert "is not inside a git repository; run 'git init'" in result.err
    assert "Traceback" not in result.err and not (root / ".gitattributes").exists()


# --- the driver and resolve on their own ---------------------------------------------------------


def _versions(tmp_path: Path) -> tuple[Path, Path, Path]:
    source = ROOT / "locales" / "de" / f"{mc.SLUG}.po"
    paths = []
    for name in ("base", "ours", "theirs"):
        paths.append(tmp_path / f"{name}.po")
        shutil.copy(source, paths[-1])
    return paths[0], paths[1], paths[2]


def test_python_m_transkit_runs_the_driver(tmp_path: Path) -> None:
    base, ours, theirs = _versions(tmp_path)
    theirs.write_text(theirs.read_text(encoding="utf-8").replace(
        '"Russland nutzte den', '"Russland benutzte den'), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "transkit", "merge-po", str(base), str(ours),
                           str(theirs), "locales/de/a.po"], capture_output=True, text=True,
                          check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert ours.read_text(encoding="utf-8") == theirs.read_text(encoding="utf-8")


def test_a_version_that_is_no_catalog_leaves_git_text_merge(tmp_path: Path,
                                                           run: Callable[..., Result]) -> None:
    base, ours, theirs = _versions(tmp_path)
    broken = theirs.read_text(encoding="utf-8").replace('msgstr ""\n"Project', 'msgstr "\n')
    theirs.write_text(broken, encoding="utf-8")
    ours.write_text(ours.read_text(encoding="utf-8").replace("Language-Team: German",
                                                             "Language-Team: Deutsch"),
                    encoding="utf-8")
    result = run("merge-po", base, ours, theirs, "locales/de/a.po")
    assert result.code == 1
    assert result.err.count("\n") == 1 and "locales/de/a.po (theirs):" in result.err
    text = ours.read_text(encoding="utf-8")  # git's own text merge, both changes in it
    assert 'msgstr "\n' in text and "Language-Team: Deutsch" in text


def test_an_empty_base_is_a_file_both_sides_added(tmp_path: Path,
                                                  run: Callable[..., Result]) -> None:
    base, ours, theirs = _versions(tmp_path)
    base.write_text("", encoding="utf-8")
    result = run("merge-po", base, ours, theirs)
    assert result.code == 0 and result.err == ""
    assert ours.read_bytes() == theirs.read_bytes()


def test_resolve_leaves_files_without_markers(tmp_path: Path,
                                              run: Callable[..., Result]) -> None:
    _, ours, _ = _versions(tmp_path)
    before = ours.read_bytes()
    result = run("resolve", ours)
    assert result.code == 0 and "no conflict markers; left as it is" in result.out
    assert ours.read_bytes() == before


def test_resolve_names_file_and_line_and_writes_nothing(tmp_path: Path,
                                                        run: Callable[..., Result]) -> None:
    _, ours, _ = _versions(tmp_path)
    bad = tmp_path / "bad.po"
    text = ours.read_text(encoding="utf-8").split("\n")
    text.insert(20, ">>>>>>> branch")
    bad.write_text("\n".join(text), encoding="utf-8")
    before = bad.read_bytes()
    result = run("resolve", bad)
    assert result.code == 2
    assert result.err.strip() == (
        f"transkit: error: {bad}:21: conflict marker '>>>>>>>' outside a conflict (no "
        "'<<<<<<<' before it); remove it, or restore the file from git")
    assert bad.read_bytes() == before


def test_a_base_with_conflict_markers_is_resolved_first(tmp_path: Path,
                                                         run: Callable[..., Result]) -> None:
    """In a criss-cross merge git first merges the two ancestors, and hands the driver that
    merge as the base, conflict markers and all."""
    base, ours, theirs = _versions(tmp_path)
    lines = base.read_text(encoding="utf-8").split("\n")
    start = lines.index('"Russland nutzte den Karabach-Konflikt als Verhandlungsmasse, um seine "')
    end = lines.index("", start)
    lines[start - 1:end] = ["<<<<<<< ancestor 1", *lines[start - 1:end], "=======",
                            'msgstr "Russland nutzte"', ">>>>>>> ancestor 2"]
    base.write_text("\n".join(lines), encoding="utf-8")
    theirs.write_text(theirs.read_text(encoding="utf-8").replace(
        '"Russland nutzte den', '"Russland benutzte den'), encoding="utf-8")
    result = run("merge-po", base, ours, theirs, "locales/de/a.po")
    assert result.code == 0, result.err
    assert "Russland benutzte den" in ours.read_text(encoding="utf-8")
