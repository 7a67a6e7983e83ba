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
import os
import shlex
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
    # this interpreter by its absolute path: the driver runs where the venv is not on the PATH
    assert repo.git("config", "merge.transkit-po.driver").stdout.strip() == (
        f"{shlex.quote(sys.executable)} -m transkit merge-po %O %A %B %P")
    assert repo.git("check-attr", "merge", "--", f"locales/de/{mc.SLUG}.po").stdout.strip() \
        .endswith("merge: transkit-po")
    # sync's record of catalogs in step, merged by git's own union driver (no config needed)
    assert "added to .gitattributes: transkit.sum merge=union" in first.out
    assert repo.git("check-attr", "merge", "--", "transkit.sum").stdout.strip() \
        .endswith("merge: union")
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
        "*.md text\nsite/po/**/*.po merge=transkit-po\nsite/transkit.sum merge=union\n")
    assert repo.git("config", "merge.transkit-po.driver").stdout.strip() == (
        "tk merge-po %O %A %B %P")
    # another command is a change, and said so
    again = run("--root", project, "setup-git")
    assert (f"set git config merge.transkit-po.driver = {shlex.quote(sys.executable)} -m "
            "transkit merge-po") in again.out
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


# --- merges outside the virtual environment ------------------------------------------------------

# a PATH as a git GUI or a plain shell has it: git, but neither the venv nor a `transkit`
BARE_PATH = os.pathsep.join(sorted({str(Path(shutil.which("git") or "/usr/bin/git").parent),
                                    "/usr/bin", "/bin"}))


def _bare(repo: Any) -> None:
    repo.env["PATH"] = BARE_PATH
    assert shutil.which("transkit", path=BARE_PATH) is None
    assert str(Path(sys.executable).parent) not in BARE_PATH.split(os.pathsep)


@pytest.mark.parametrize("operation", ["merge", "rebase"])
def test_the_driver_setup_git_records_runs_without_the_venv_on_the_path(
    tmp_path: Path, operation: str
) -> None:
    case = CASES["clashing-translations"]
    repo = mc.Repo.create(tmp_path / "repo")
    code, out = repo.transkit("setup-git")  # its default command, as a user runs it
    assert code == 0, out
    mc.prepare_case(repo, case, mc.Driver.TEXT)  # configures nothing more
    _bare(repo)
    outcome = mc.run_case(repo, case, rebase=operation == "rebase")
    _assert_right(outcome)
    # the clash names the branch the other translation came from: in a rebase, the branch
    # being rebased onto main, not "theirs"
    assert f"# other translation (translator): {mc.NEW_MIDJUNE_A}" in outcome.text


@pytest.mark.parametrize("operation", ["merge", "rebase"])
@pytest.mark.parametrize("case_name", ["clashing-translations", "translation-vs-changed-english",
                                       "deleted-vs-translated"])
def test_resolve_repairs_a_catalog_a_driver_that_did_not_run_left_unmerged(
    tmp_path: Path, case_name: str, operation: str
) -> None:
    """A driver git cannot run (`transkit` not on the PATH) leaves ours as it was, without
    conflict markers: resolve merges the versions in git's index."""
    case = CASES[case_name]
    repo = _repo(tmp_path, case_name, mc.Driver.TEXT)
    (repo.root / ".git" / "info" / "attributes").write_text(
        "locales/**/*.po merge=transkit-po\n", encoding="utf-8")
    repo.git("config", "merge.transkit-po.driver", "transkit merge-po %O %A %B %P")
    _bare(repo)
    ours = repo.read()
    stopped = repo.git("merge", "--no-edit", "translator", check=False)
    assert stopped.returncode != 0
    assert repo.read() == ours and "<<<<<<<" not in ours  # main's side, nothing marked
    assert repo.git("ls-files", "-u").stdout.strip()
    code, out = repo.transkit("resolve", str(repo.root / mc.CATALOG))
    assert code == 0, out
    assert f"resolved {repo.root / mc.CATALOG} from the versions in git's index" in out
    repo.git("merge", "--abort")
    _assert_right(mc.run_case(repo, case, rebase=operation == "rebase", resolve=True))


def test_a_pulled_branch_is_named_by_its_branch_not_its_commit(tmp_path: Path) -> None:
    """`git pull` hands the driver a bare commit (GITHEAD_<sha>=<sha>): the clash names the
    branch that points at it."""
    case = CASES["clashing-translations"]
    origin = _repo(tmp_path / "origin", case.name, mc.Driver.TRANSKIT)
    clone = mc.Repo.create(tmp_path / "clone", copy_of=origin.root)
    clone.git("remote", "add", "origin", str(origin.root))
    clone.git("fetch", "-q", "origin")
    clone.git("branch", "-q", "-D", "translator")  # a clone has only the remote's branch
    done = clone.git("pull", "--no-rebase", "--no-edit", "origin", "translator", check=False)
    assert done.returncode == 0, done.stderr
    text = clone.read()
    assert f"# other translation (origin/translator): {mc.NEW_MIDJUNE_A}" in text
    assert origin.git("rev-parse", "translator").stdout.strip() not in text


@pytest.mark.parametrize("style", ["merge", "diff3"])
def test_resolve_names_the_sides_where_the_markers_say_head(tmp_path: Path, style: str) -> None:
    """A rebase's markers call the upstream `HEAD`: the clash comment names its branch."""
    case = CASES["clashing-translations"]
    repo = _repo(tmp_path, case.name, mc.Driver.TEXT, style=style)
    # the translator saved later: their translation wins the clash, main's goes to a comment
    repo.edit_catalog(mc.stamp("2030-01-01 00:00+0000", "Übersetzer B"))
    repo.git("commit", "-q", "-a", "--amend", "--no-edit")
    repo.git("checkout", "-q", "translator")
    repo.edit_catalog(mc.stamp("2031-01-01 00:00+0000", "Übersetzerin A"))
    repo.git("commit", "-q", "-a", "--amend", "--no-edit")
    stopped = repo.git("rebase", "main", check=False)
    assert stopped.returncode != 0 and "<<<<<<< HEAD" in repo.read()
    code, out = repo.transkit("resolve", str(repo.root / mc.CATALOG))
    assert code == 0, out
    text = repo.read()
    assert f"# other translation (main): {mc.NEW_MIDJUNE_B}" in text
    assert f"msgstr \"{mc.NEW_MIDJUNE_A}\"" in text
