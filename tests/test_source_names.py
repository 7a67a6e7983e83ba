"""Which files are articles: any letter in a name, a bad name reported and skipped while
every other article goes on, and `exclude`."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from transkit.config import load_config
from transkit.store.files import exclusion, scan_articles

from .conftest import Run

PAGES = {
    "über-uns.md": "# Über uns\n\nWho we are.\n",
    "новости/первый-выпуск.md": "# The first issue\n\nNews of the week.\n",
    "հայերեն/էջ.md": "A page in a folder named in Armenian.\n",
    "2024-01-02-hello.md": "The first post.\n",
    "README.md": "How to edit this site.\n",
    "drafts/unfinished.md": "Not yet.\n",
    "drafts/deeper/notes.md": "Not yet either.\n",
    "notes.txt": "A plain-text article.\n",
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for name, text in PAGES.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "transkit.toml").write_text(
        'source_language = "en"\nlanguages = ["de"]\nsources = "content"\n', encoding="utf-8")
    return root


def ids(root: Path) -> list[str]:
    return [a.slug for a in scan_articles(load_config(root)).articles]


def test_letters_of_any_script_name_articles(site: Path, run: Run) -> None:
    assert ids(site) == sorted(p.rsplit(".", 1)[0] for p in PAGES)
    result = run("--root", site, "sync")
    assert result.code == 0, result.err
    assert (site / "locales/de/über-uns.po").is_file()
    assert (site / "locales/de/новости/первый-выпуск.po").is_file()
    assert run("--root", site, "todo", "de", "über-uns").code == 0
    built = run("--root", site, "build")
    assert built.code == 0, built.err
    assert (site / "build/de/հայերեն/էջ.md").is_file()


def test_a_name_in_decomposed_unicode_is_a_name(site: Path) -> None:
    """macOS may write ü as u and a combining diaeresis."""
    decomposed = unicodedata.normalize("NFD", "müller.md")
    assert len(decomposed) == len("müller.md") + 1
    (site / "content" / decomposed).write_text("Text.\n", encoding="utf-8")
    assert decomposed.removesuffix(".md") in ids(site)


def test_exclude_leaves_files_and_folders_out(site: Path, run: Run) -> None:
    config = site / "transkit.toml"
    config.write_text(config.read_text(encoding="utf-8")
                      + 'exclude = ["README.*", "drafts/**", "*.txt"]\n', encoding="utf-8")
    assert ids(site) == sorted(["2024-01-02-hello", "новости/первый-выпуск", "über-uns",
                               "հայերեն/էջ"])
    result = run("--root", site, "sync")
    assert result.code == 0, result.err
    assert not (site / "locales/de/README.po").exists()
    assert not (site / "locales/de/drafts").exists()


@pytest.mark.parametrize("value", ['"README.md"', '["../x"]', '[""]', "[1]", '["a\\\\b"]'])
def test_a_bad_exclude_is_refused_with_its_line(site: Path, run: Run, value: str) -> None:
    config = site / "transkit.toml"
    config.write_text(config.read_text(encoding="utf-8") + f"exclude = {value}\n",
                      encoding="utf-8")
    result = run("--root", site, "status")
    assert result.code == 2
    assert result.err.startswith("transkit: error: ") and "transkit.toml:4: key 'exclude'" in (
        result.err), result.err


@pytest.mark.parametrize(("path", "folder", "left_out"), [
    ("README.md", False, True), ("docs/README.md", False, True),  # a name, at any depth
    ("READMEs.md", False, False),
    ("drafts", True, True), ("drafts/a/b.md", False, True), ("docs/drafts/a.md", False, False),
    ("old", True, True), ("old", False, False), ("docs/old", True, True),  # old/: folders only
    ("docs/v1/x.md", False, True), ("docs/v1/y/x.md", False, False),  # docs/*/x.md
    ("top.md", False, True), ("docs/top.md", False, False),  # /top.md: anchored
    ("a/b/c/d.draft.md", False, True),  # **/*.draft.md
])
def test_exclude_patterns_read_as_gitignore_reads_them(path: str, folder: bool,
                                                       left_out: bool) -> None:
    excluded = exclusion(["README.*", "drafts/**", "old/", "docs/*/x.md", "/top.md",
                          "**/*.draft.md"])
    assert excluded is not None
    assert excluded(path, folder) is left_out


BAD = "Notes (draft).md"


@pytest.mark.parametrize("command", [["sync"], ["status"], ["check", "--gate", "commit"],
                                     ["build"], ["todo", "de"]])
def test_one_bad_name_stops_nothing_else(site: Path, run: Run, command: list[str]) -> None:
    assert run("--root", site, "sync").code == 0
    (site / "content" / BAD).write_text("Some text.\n", encoding="utf-8")
    (site / "content" / "über-uns.md").write_text("# Über uns\n\nWho we are now.\n",
                                                 encoding="utf-8")
    result = run("--root", site, *command)
    output = result.out + result.err
    assert result.code == 2, output
    if command[0] != "check":
        assert f"transkit: error: content/{BAD}: file name '{BAD}' cannot name an article" in (
            result.err)
        assert output.count(BAD + ":") == 1, output
    if command == ["sync"]:
        assert "updated locales/de/über-uns.po: 1 new" in result.out
    elif command == ["status"]:
        assert "über-uns" in result.out and "новости/первый-выпуск" in result.out
    elif command[0] == "check":
        assert f"content/{BAD}: error: [validity] file name '{BAD}' cannot name an" in (
            result.out)
        assert "[orphan]" not in result.out
    elif command == ["build"]:
        assert (site / "build/de/über-uns.md").is_file()
    else:
        assert "locales/de/über-uns.po" in result.out


def test_two_sources_of_one_article_are_both_left_out(site: Path, run: Run) -> None:
    (site / "content" / "über-uns.markdown").write_text("Other text.\n", encoding="utf-8")
    result = run("--root", site, "sync")
    assert result.code == 2
    assert "two sources are the article 'über-uns' (über-uns.markdown and über-uns.md)" in (
        result.err)
    assert not (site / "locales/de/über-uns.po").exists()
    assert (site / "locales/de/2024-01-02-hello.po").is_file()


def test_a_bad_name_asked_for_is_reported(site: Path, run: Run) -> None:
    (site / "content" / BAD).write_text("Some text.\n", encoding="utf-8")
    result = run("--root", site, "sync", f"content/{BAD}")
    assert result.code == 2 and "cannot name an article" in result.err
    asked = run("--root", site, "sync", "über-uns")  # another article: the bad one is not asked
    assert asked.code == 0, asked.err
