"""Sources in a static-site generator's content tree: ids with folders, catalogs and builds that
mirror the tree, names as Hugo and Jekyll write them, and paths that never leave the project."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Result

Run = Callable[..., Result]

PAGES = {
    "docs/concepts/overview/_index.md": "---\ntitle: Overview\n---\n\nWhat the system is.\n",
    "docs/concepts/overview/components.md": "# Components\n\nThe parts of a cluster.\n",
    "blog/v1.2.md": "Release notes for version one point two.\n",
    "_posts/2024-01-02-hello.md": "---\ntitle: Hello\n---\n\nThe first post.\n",
    "index.md": "Welcome to the site.\n",
}
IDS = sorted(p.removesuffix(".md") for p in PAGES)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A Hugo-like project: every page in a folder of `content/en`."""
    root = tmp_path / "site"
    for name, text in PAGES.items():
        path = root / "content" / "en" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "transkit.toml").write_text(
        'source_language = "en"\nlanguages = ["de", "ru"]\nsources = "content/en"\n'
        'locales = "locales"\nbuild = "public"\n', encoding="utf-8")
    return root


def test_catalogs_and_builds_mirror_the_tree(site: Path, run: Run) -> None:
    synced = run("--root", site, "sync")
    assert synced.code == 0, synced.err
    assert "created locales/de/docs/concepts/overview/_index.po: 2 new" in synced.out
    for lang in ("de", "ru"):
        for article_id in IDS:
            assert (site / "locales" / lang / f"{article_id}.po").is_file(), article_id
    built = run("--root", site, "build", "--lang", "de")
    assert built.code == 0, built.err
    page = site / "public/de/docs/concepts/overview/_index.md"
    assert page.read_text(encoding="utf-8").startswith(
        '---\ntitle: Overview\nlang: de\ntranslationKey: "docs/concepts/overview/_index"\n')
    assert (site / "public/de/blog/v1.2.md").is_file()
    assert (site / "public/de/_posts/2024-01-02-hello.md").is_file()
    elsewhere = run("--root", site, "build", "--lang", "de", "--out", site / "out",
                    "--format", "html")
    assert elsewhere.code == 0, elsewhere.err
    assert (site / "out/de/blog/v1.2.md").is_file() and (site / "out/de/blog/v1.2.html").is_file()


def test_every_report_names_the_article_by_its_id(site: Path, run: Run) -> None:
    run("--root", site, "sync")
    status = json.loads(run("--root", site, "status", "--lang", "de", "--format", "json").out)
    assert [c["article"] for c in status["catalogs"]] == [
        "_posts/2024-01-02-hello", "blog/v1.2", "docs/concepts/overview/_index",
        "docs/concepts/overview/components", "index"]
    assert status["catalogs"][2]["path"] == "locales/de/docs/concepts/overview/_index.po"
    check = run("--root", site, "check", "--lang", "de", "docs/concepts/overview/_index")
    assert check.code == 1
    assert "transkit todo de docs/concepts/overview/_index" in check.out
    todo = run("--root", site, "todo", "de", "blog/v1.2")
    assert "locales/de/blog/v1.2.po:" in todo.out and "one point two" in todo.out
    table = run("--root", site, "status", "--lang", "ru", "--article", "blog/v1.2").out
    assert "blog/v1.2" in table and "docs/concepts" not in table


def test_an_article_is_named_by_id_or_by_the_path_of_its_source(
    site: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_id = run("--root", site, "sync", "docs/concepts/overview/components")
    assert by_id.out.count("created") == 2
    monkeypatch.chdir(site / "content" / "en" / "blog")
    by_path = run("--root", site, "sync", "--lang", "de", "v1.2.md")
    assert "created locales/de/blog/v1.2.po" in by_path.out
    monkeypatch.chdir(site)
    from_root = run("sync", "--lang", "de", "content/en/index.md")
    assert "created locales/de/index.po" in from_root.out
    by_id_with_suffix = run("sync", "--lang", "ru", "docs/concepts/overview/_index.md")
    assert "created locales/ru/docs/concepts/overview/_index.po" in by_id_with_suffix.out
    outside = run("sync", "../transkit.toml.md")
    assert outside.code == 2 and "no source article '../transkit.toml.md'" in outside.err


def test_an_import_and_an_orphan_in_a_folder(site: Path, run: Run) -> None:
    run("--root", site, "sync", "--lang", "de")
    german = site / "components.de.md"
    german.write_text("# Komponenten\n\nDie Teile eines Clusters.\n", encoding="utf-8")
    imported = run("--root", site, "import", "de", german, "--article",
                   "docs/concepts/overview/components")
    assert imported.code == 0, imported.err
    assert "locales/de/docs/concepts/overview/components.po" in imported.out
    assert "1 article imported: 2 entries translated" in imported.out
    # renamed and rewritten: nothing tells sync that parts.md was components.md
    moved = site / "content/en/docs/concepts/overview/parts.md"
    (site / "content/en/docs/concepts/overview/components.md").unlink()
    moved.write_text("# Parts\n\nWhat a cluster is made of.\n", encoding="utf-8")
    synced = run("--root", site, "sync", "--lang", "de")
    assert ("If 'docs/concepts/overview/components' was renamed to "
            "'docs/concepts/overview/parts', move its catalogs over the new, empty ones: "
            "transkit mv docs/concepts/overview/components docs/concepts/overview/parts"
            ) in synced.err
    check = run("--root", site, "check", "--lang", "de")
    assert ("locales/de/docs/concepts/overview/components.po: warning: [orphan] no source "
            "article 'docs/concepts/overview/components' in content/en") in check.out
    carried = run("--root", site, "mv", "docs/concepts/overview/components",
                  "docs/concepts/overview/parts")
    assert carried.code == 0, carried.err
    assert ("moved locales/de/docs/concepts/overview/components.po to "
            "locales/de/docs/concepts/overview/parts.po, replacing the empty catalog sync "
            "had made") in carried.out
    assert "[orphan]" not in run("--root", site, "check", "--lang", "de").out


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("docs/Notes (draft).md", "content/en/docs/Notes (draft).md: file name 'Notes (draft).md'"),
        ("my docs/page.md", "content/en/my docs/page.md: folder name 'my docs' cannot name an "
         "article (no spaces"),
        ("docs/-page.md", "file name '-page.md' cannot name an article"),
    ],
)
def test_names_that_cannot_be_ids_are_reported_and_skipped(
    site: Path, run: Run, name: str, message: str
) -> None:
    path = site / "content" / "en" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("Some text.\n", encoding="utf-8")
    result = run("--root", site, "sync")
    assert result.code == 2 and message in result.err, result.err
    assert "rename the" in result.err and "exclude" in result.err
    for article_id in IDS:  # every other article is synced
        assert (site / "locales" / "de" / f"{article_id}.po").is_file(), article_id


def test_hidden_folders_and_other_files_are_not_sources(site: Path, run: Run) -> None:
    for name in (".git/notes.md", "docs/.drafts/draft.md", "docs/images/diagram.svg",
                 "docs/Notes (raw).yaml"):
        path = site / "content" / "en" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Not an article.\n", encoding="utf-8")
    result = run("--root", site, "sync", "--lang", "de")
    assert result.code == 0, result.err
    assert "5 of 5 catalogs written." in result.out


def test_links_never_lead_out_of_the_project_or_in_a_loop(
    site: Path, run: Run, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "page.md").write_text("Text from outside.\n", encoding="utf-8")
    link = site / "content/en/docs/linked"
    os.symlink(outside, link)
    result = run("--root", site, "sync")
    assert result.code == 2
    assert "content/en/docs/linked: is a symbolic link to" in result.err
    assert "outside the project" in result.err
    link.unlink()
    os.symlink(site / "content/en/docs", link)
    looped = run("--root", site, "sync")
    assert looped.code == 2 and "already among the sources under another name" in looped.err
    assert not (site / "locales").exists()
