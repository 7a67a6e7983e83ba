"""`transkit init`: a publication's repository set up in one command, new or existing, Hugo,
Jekyll or plain; nothing overwritten without --force; no silent sample languages."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import polib
import pytest
import yaml

from transkit.config import load_config
from transkit.core.build.model import Site
from transkit.runs import init as init_run

from .conftest import Result

Run = Callable[..., Result]
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
PYTHON_DRIVER = f"{shlex.quote(sys.executable)} -m transkit merge-po %O %A %B %P"


def git_env(home: Path) -> dict[str, str]:
    home.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    for key in ("GIT_DIR", "GIT_WORK_TREE"):
        env.pop(key, None)
    return env


def git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                          env=env or git_env(root.parent / "home"), check=False)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def repository(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "commit.gpgsign", "false")
    return root


def everything(root: Path) -> dict[str, bytes]:
    """Every file of the working tree (git's own files apart), by path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.relative_to(root).as_posix().startswith(".git/")}


# --- a new publication ------------------------------------------------------------------------


@needs_git
def test_a_new_repository_is_set_up_in_one_command(tmp_path: Path, run: Run) -> None:
    root = repository(tmp_path / "gazette")
    result = run("--root", root, "init", "--languages", "fr,de")
    assert result.code == 0, result.err
    config = load_config(root)
    assert config.languages == ("fr", "de") and config.source_language == "en"
    assert config.sources == root.resolve() / "sources" and config.sources.is_dir()
    assert config.site is Site.PLAIN and config.project == "gazette"
    assert config.build_path("fr", "a") == root.resolve() / "build/fr/a.md"
    text = (root / "transkit.toml").read_text(encoding="utf-8")
    assert text.startswith("# transkit: the translated editions")  # commented
    assert "# below_threshold" in text and "# glossary" in text
    assert (root / ".gitignore").read_text(encoding="utf-8") == ".transkit-cache/\n.transkit.lock\n"
    assert (root / ".gitattributes").read_text(encoding="utf-8") == (
        "locales/**/*.po merge=transkit-po\ntranskit.sum merge=union\n")
    # git runs the driver by this interpreter's absolute path: no virtual environment needed
    assert git(root, "config", "merge.transkit-po.driver").strip() == PYTHON_DRIVER
    assert (root / ".github/workflows/transkit.yml").is_file()
    assert (root / ".pre-commit-config.yaml").is_file()
    for line in ("created    transkit.toml", "created    sources/", "created    .gitignore",
                 "created    .github/workflows/transkit.yml",
                 "created    .pre-commit-config.yaml",
                 "git: added to .gitattributes: locales/**/*.po merge=transkit-po"):
        assert line in result.out, result.out
    # the project works at once
    (root / "sources" / "hello.md").write_text("# Hello\n\nA first article.\n", encoding="utf-8")
    assert run("--root", root, "sync").code == 0
    assert (root / "locales/fr/hello.po").is_file()
    # again: nothing changes, and it says so
    before = everything(root)
    again = run("--root", root, "init", "--languages", "fr,de")
    assert again.code == 0 and everything(root) == before
    assert "kept       transkit.toml" in again.out and "unchanged  .gitignore" in again.out
    assert "(exists; --force replaces it)" in again.out and "git: already set up" in again.out


def test_languages_are_required_and_checked(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    missing = run("--root", root, "init")
    assert missing.code == 2 and "--languages is required" in missing.err
    wrong = run("--root", root, "init", "--languages", "de,xx")
    assert wrong.code == 2
    assert "--languages: 'xx' is not a known language code" in wrong.err, wrong.err
    source = run("--root", root, "init", "--languages", "en,de")
    assert source.code == 2 and "--languages lists the source language 'en'" in source.err
    assert list(root.iterdir()) == []  # nothing written, no folder left behind
    # an empty transkit.toml is not the sample's Armenian, German and Russian
    (root / "transkit.toml").write_text("", encoding="utf-8")
    (root / "sources").mkdir()
    status = run("--root", root, "status")
    assert status.code == 2 and "key 'languages' is missing" in status.err
    assert "transkit init --languages" in status.err


def test_outside_git_everything_but_the_merge_driver(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    result = run("--root", root, "init", "--languages", "de", "--sources", "articles/")
    assert result.code == 0, result.err
    assert load_config(root).sources == root.resolve() / "articles"
    assert not (root / ".gitattributes").exists() and (root / ".gitignore").is_file()
    assert "not a git repository: after 'git init', run 'transkit init' again" in result.out


# --- existing files -------------------------------------------------------------------------


@needs_git
def test_existing_files_are_listed_and_kept_unless_forced(tmp_path: Path, run: Run) -> None:
    root = repository(tmp_path / "old")
    (root / "sources").mkdir()
    (root / "transkit.toml").write_text('languages = ["ru"]\n', encoding="utf-8")
    (root / ".gitignore").write_text("node_modules/\n/.transkit.lock", encoding="utf-8")
    (root / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    result = run("--root", root, "init", "--languages", "de")
    assert result.code == 0, result.err
    assert (root / "transkit.toml").read_text(encoding="utf-8") == 'languages = ["ru"]\n'
    assert (root / ".pre-commit-config.yaml").read_text(encoding="utf-8") == "repos: []\n"
    assert "kept       transkit.toml" in result.out
    assert "kept       .pre-commit-config.yaml" in result.out
    assert "transkit.toml names the languages ru; edit it, or run 'transkit init --force'" in (
        result.out)
    # .gitignore only gains what it lacks
    assert (root / ".gitignore").read_text(encoding="utf-8") == (
        "node_modules/\n/.transkit.lock\n.transkit-cache/\n")
    assert "extended   .gitignore" in result.out
    # the hooks it writes watch the folders of the configuration that is kept
    forced = run("--root", root, "init", "--languages", "de", "--force")
    assert forced.code == 0, forced.err
    assert load_config(root).languages == ("de",)
    assert "replaced   transkit.toml" in forced.out
    assert "replaced   .pre-commit-config.yaml" in forced.out
    assert "transkit-check" in (root / ".pre-commit-config.yaml").read_text(encoding="utf-8")


# --- site generators --------------------------------------------------------------------------


HUGO_BY_FOLDER = """\
baseURL = "https://example.org/"
defaultContentLanguage = "en"
[languages.en]
contentDir = "content/en"
[languages.de]
contentDir = "content/de"
"""


def test_a_hugo_site_with_a_content_folder_per_language(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "hugo"
    (root / "content/en/posts").mkdir(parents=True)
    (root / "hugo.toml").write_text(HUGO_BY_FOLDER, encoding="utf-8")
    result = run("--root", root, "init", "--languages", "de,ru")
    assert result.code == 0, result.err
    config = load_config(root)
    assert config.site is Site.HUGO and config.sources == root.resolve() / "content/en"
    assert config.layout.pattern == f"{root.resolve().as_posix()}/content/{{lang}}/{{id}}.md"
    assert result.out.startswith("a Hugo site (hugo.toml): the English in content/en/, the "
                                 "editions at content/{lang}/{id}.md\n")
    # what Hugo must still be told: ru has no content folder yet; de has
    assert 'hugo.toml: give ru its content folder: languages.ru.contentDir = "content/ru"' in (
        result.out)
    assert "give de its" not in result.out


def test_a_hugo_site_with_the_language_in_the_file_name(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "hugo"
    (root / "content").mkdir(parents=True)
    (root / "config.yaml").write_text("baseURL: https://example.org/\nlanguages:\n  en: {}\n",
                                      encoding="utf-8")
    result = run("--root", root, "init", "--languages", "de")
    assert result.code == 0, result.err
    config = load_config(root)
    assert config.site is Site.HUGO and config.sources == root.resolve() / "content"
    assert config.build_path("de", "posts/trip/index").name == "index.de.md"
    assert "config.yaml: add the language de (languages.de, with its weight)" in result.out


def test_a_jekyll_site_gets_posts_per_language_and_hidden_catalogs(tmp_path: Path,
                                                                   run: Run) -> None:
    root = tmp_path / "jekyll"
    root.mkdir()
    (root / "_config.yml").write_text("title: Blog\nplugins: [jekyll-feed]\n", encoding="utf-8")
    result = run("--root", root, "init", "--languages", "de")
    assert result.code == 0, result.err
    config = load_config(root)
    assert config.site is Site.JEKYLL and config.sources == root.resolve() / "_posts"
    # Jekyll copies every folder not starting with '_' into the site: the catalogs would be
    # published from 'locales'
    assert config.locales == root.resolve() / "_locales"
    assert config.build_path("de", "2024-01-02-canal") == root.resolve() / (
        "_posts/de/2024-01-02-canal.md")
    for note in ("_config.yml: add jekyll-polyglot to plugins",
                 "_config.yml: languages: [en, de] (jekyll-polyglot's)",
                 "_config.yml: add transkit.toml to exclude"):
        assert note in result.out


def test_a_broken_site_configuration_is_named(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "hugo"
    root.mkdir()
    (root / "hugo.toml").write_text("baseURL = \n", encoding="utf-8")
    result = run("--root", root, "init", "--languages", "de")
    assert result.code == 2 and result.err.startswith("transkit: error: hugo.toml: cannot be "
                                                      "read (")
    assert "--site plain" in result.err and "Traceback" not in result.err
    assert run("--root", root, "init", "--languages", "de", "--site", "plain").code == 0


# --- CI and hooks -----------------------------------------------------------------------------


@needs_git
def test_the_workflow_and_the_hooks_install_transkit_and_watch_the_project(
        tmp_path: Path, run: Run) -> None:
    top = repository(tmp_path / "repo")
    root = top / "site"
    (root / "content/en").mkdir(parents=True)
    (root / "hugo.toml").write_text(HUGO_BY_FOLDER, encoding="utf-8")
    requirement = "transkit @ git+https://git.example/ed/transkit@v0.1.0"
    result = run("--root", root, "init", "--languages", "de", "--install", requirement)
    assert result.code == 0, result.err
    # at the top of the repository, where GitHub and pre-commit look
    workflow = yaml.safe_load((top / ".github/workflows/transkit.yml").read_text("utf-8"))
    # YAML 1.1 reads the key 'on' as true
    assert workflow[True] == {"pull_request": None, "push": {"branches": ["main"]}}
    job = workflow["jobs"]["transkit"]["steps"]
    assert job[0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    steps = [step.get("run") for step in job]
    assert f"python -m pip install {shlex.quote(requirement)}" in steps
    # a pull request: what it changed since its base branch; a push: everything
    assert [(s.get("if"), s["run"]) for s in job[-2:]] == [
        ("github.event_name == 'pull_request'", "transkit --root site check --gate commit "
         "--format github --changed-since origin/${{ github.base_ref }}"),
        ("github.event_name != 'pull_request'",
         "transkit --root site check --gate commit --format github")]
    hooks = yaml.safe_load((top / ".pre-commit-config.yaml").read_text("utf-8"))
    (repo,) = hooks["repos"]
    assert repo["repo"] == "local"
    assert [h["id"] for h in repo["hooks"]] == ["transkit-sync-check", "transkit-check"]
    for hook in repo["hooks"]:
        assert hook["language"] == "python" and hook["additional_dependencies"] == [requirement]
        assert hook["entry"].startswith("transkit --root site ")
        assert hook["pass_filenames"] is False
        files = re.compile(hook["files"])  # pre-commit matches with re.search
        for path in ("site/content/en/post.md", "site/content/en/a/b/index.md",
                     "site/locales/de/post.po", "site/transkit.toml"):
            assert files.search(path), path
        for path in ("site/content/de/post.md", "content/en/post.md", "site/transkit.toml.bak",
                     "site/hugo.toml", "README.md"):
            assert not files.search(path), path
    assert (top / ".gitattributes").read_text(encoding="utf-8") == (
        "site/locales/**/*.po merge=transkit-po\nsite/transkit.sum merge=union\n")


def test_without_a_known_source_ci_fails_with_what_to_do(tmp_path: Path, run: Run,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(init_run, "installed_requirement", lambda: None)
    root = tmp_path / "p"
    root.mkdir()
    result = run("--root", root, "init", "--languages", "de")
    assert result.code == 0
    workflow = yaml.safe_load((root / ".github/workflows/transkit.yml").read_text("utf-8"))
    steps = [step.get("run", "") for step in workflow["jobs"]["transkit"]["steps"]]
    assert any("::error" in s and s.rstrip().endswith("exit 1") for s in steps)
    # never the unrelated PyPI project called transkit
    assert not any("pip install transkit" in s for s in steps)
    hooks = yaml.safe_load((root / ".pre-commit-config.yaml").read_text("utf-8"))
    assert {h["language"] for h in hooks["repos"][0]["hooks"]} == {"system"}
    assert "say where CI gets transkit" in result.out


class FakeDistribution:
    def __init__(self, direct: dict[str, Any] | None) -> None:
        self.direct = direct
        self.version = "0.1.0"

    def read_text(self, name: str) -> str | None:
        return None if self.direct is None else json.dumps(self.direct)


@pytest.mark.parametrize(("direct", "expected"), [
    ({"url": "https://git.example/ed/transkit", "vcs_info": {"vcs": "git", "commit_id": "abc1"}},
     "transkit @ git+https://git.example/ed/transkit@abc1"),
    ({"url": "https://files.example/transkit-0.1.0.tar.gz", "archive_info": {}},
     "transkit @ https://files.example/transkit-0.1.0.tar.gz"),
    (None, "transkit==0.1.0"),  # from a package index
    ({"url": "file:///home/ed/transkit", "dir_info": {"editable": True}}, None),
    ({"url": "file:///tmp/transkit-0.1.0.tar.gz", "archive_info": {}}, None),
])
def test_ci_installs_the_transkit_that_runs_now(monkeypatch: pytest.MonkeyPatch,
                                                direct: dict[str, Any] | None,
                                                expected: str | None) -> None:
    monkeypatch.setattr(metadata, "distribution", lambda name: FakeDistribution(direct))
    assert init_run.installed_requirement() == expected


# --- the merge driver without the virtual environment -----------------------------------------


@needs_git
@pytest.mark.slow
def test_git_merges_catalogs_with_the_driver_init_recorded_without_the_venv_on_path(
        tmp_path: Path, run: Run) -> None:
    root = repository(tmp_path / "pub")
    assert run("--root", root, "init", "--languages", "de").code == 0
    (root / "sources/a.md").write_text("# Title\n\nOne.\n\nTwo.\n", encoding="utf-8")
    assert run("--root", root, "sync").code == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    po = root / "locales/de/a.po"

    def translate(english: str, german: str) -> None:
        catalog = polib.pofile(str(po))
        entry = catalog.find(english)
        assert entry is not None
        entry.msgstr = german
        catalog.save()
        git(root, "commit", "-q", "-am", german)

    git(root, "checkout", "-q", "-b", "other")
    translate("One.", "Eins.")
    translate("Title", "Titel")
    git(root, "checkout", "-q", "main")
    translate("Two.", "Zwei.")
    translate("Title", "Überschrift")  # a clash: the driver keeps both, one in a comment
    bare = "/usr/bin:/bin"
    assert shutil.which("transkit", path=bare) is None  # no transkit outside the venv here
    env = {**git_env(tmp_path / "home"), "PATH": bare}
    merged = subprocess.run(["git", "merge", "-q", "--no-edit", "other"], cwd=root, env=env,
                            capture_output=True, text=True, check=False)
    text = po.read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and "not found" not in merged.stderr, merged.stderr
    catalog = polib.pofile(str(po))
    assert [(e.msgid, e.msgstr) for e in catalog if e.msgid in ("One.", "Two.")] == [
        ("One.", "Eins."), ("Two.", "Zwei.")]
    assert "Titel" in text and "Überschrift" in text  # nothing lost
