"""`transkit import`: built editions, folders that mirror the sources, what is not placed, git
history, and bad input."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .conftest import SAMPLE_SLUG, Run
from .fsutil import changes, snapshot
from .test_pofile import assert_msgcat_reprints

PO = f"locales/de/{SAMPLE_SLUG}.po"


def _status(run: Run, project: Path) -> dict[str, Any]:
    data = json.loads(run("--root", project, "status", "--lang", "de", "--format", "json").out)
    return data["catalogs"][0]  # type: ignore[no-any-return]


def test_a_built_edition_imported_into_an_empty_catalog_fills_it(run: Run, project: Path) -> None:
    assert run("--root", project, "build", "--lang", "de").code == 0
    german = project / "build" / "de" / f"{SAMPLE_SLUG}.md"
    expected = (project / PO).read_bytes()
    (project / PO).unlink()
    created = run("--root", project, "import", "de", german, "--article", SAMPLE_SLUG)
    assert created.code == 0, created.err
    assert created.out.split("\n")[0] == (
        f"created {PO} from {german}: 33 imported, 0 fuzzy, 0 untranslated, 0 not placed")
    assert _status(run, project)["translated"] == 33
    assert (project / PO).read_bytes() == expected  # the very catalog the edition came from
    again = run("--root", project, "import", "de", german, "--article", SAMPLE_SLUG)
    assert again.out.split("\n")[0] == (
        f"unchanged {PO} from {german}: 0 imported, 0 fuzzy, 0 untranslated, 0 not placed, "
        "33 kept")


def test_folders_that_mirror_the_sources_are_imported_article_by_article(
    run: Run, project: Path
) -> None:
    assert run("--root", project, "build").code == 0
    before = {lang: (project / f"locales/{lang}/{SAMPLE_SLUG}.po").read_bytes()
              for lang in ("hy", "de", "ru")}
    for lang in before:
        (project / f"locales/{lang}/{SAMPLE_SLUG}.po").unlink()
        done = run("--root", project, "import", lang, project / "build" / lang)
        assert done.code == 0, done.err
        assert (project / f"locales/{lang}/{SAMPLE_SLUG}.po").read_bytes() == before[lang]


def test_a_dry_run_writes_nothing_and_json_reports_every_count(run: Run, project: Path) -> None:
    assert run("--root", project, "build", "--lang", "ru").code == 0
    (project / f"locales/ru/{SAMPLE_SLUG}.po").unlink()
    before = snapshot(project)
    done = run("--root", project, "import", "ru", project / "build" / "ru", "--dry-run",
               "--format", "json")
    assert done.code == 0 and changes(before, snapshot(project)) == []
    (item,) = json.loads(done.out)["articles"]
    assert (item["imported"], item["fuzzy"], item["untranslated"]) == (33, 0, 0)
    assert item["created"] and item["changed"] and item["not_placed"] == []
    assert item["letters"] == item["letters_placed"] > 10_000
    text = run("--root", project, "import", "ru", project / "build" / "ru", "--dry-run")
    assert text.out.startswith(f"would create locales/ru/{SAMPLE_SLUG}.po")


ENGLISH = """---
title: Checkpoints
---

The road has [12 checkpoints](/road/) between the two towns, all of them new since 2022.

## The bridge

The bridge, [40 metres long](/bridge/), was closed in the first week of the blockade.

<table><tr><td>Opening hours</td></tr></table>

People waited for days at the crossing with their cars, and some of them never got through.
"""

RUSSIAN = """---
title: Блокпосты
category: Репортаж
---

На дороге между двумя городами [12 блокпостов](/road/), все построены после 2022 года.

## Мост

Мост [длиной 40 метров](/bridge/) закрыли в первую же неделю блокады.

<table><tr><td>Часы работы</td></tr></table>

Люди днями ждали на переходе со своими машинами, а некоторые так и не прошли.

Этот абзац переводчица дописала сама: о том, что было в 2024 году, английский текст молчит.
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A project with one English article, 'checkpoints', and a Russian translation beside it."""
    root = tmp_path / "small"
    (root / "sources").mkdir(parents=True)
    (root / "transkit.toml").write_text('languages = ["ru", "de"]\nproject = "t"\n')
    (root / "sources" / "checkpoints.md").write_text(ENGLISH, encoding="utf-8")
    (root / "ru").mkdir()
    (root / "ru" / "checkpoints.md").write_text(RUSSIAN, encoding="utf-8")
    return root


def test_nothing_is_lost_without_a_word(run: Run, small: Path, tmp_path: Path) -> None:
    done = run("--root", small, "import", "ru", small / "ru")
    assert done.code == 0, done.err
    shown = small / "ru" / "checkpoints.md"
    listed = [line for line in done.out.split("\n") if "not placed:" in line]
    assert listed == [
        f"  not placed: {shown}:3: front matter, outside the translatable text: "
        "category: Репортаж",
        f"  not placed: {shown}:16: paragraph, no English counterpart: Этот абзац "
        "переводчица дописала сама: о том, что было в 2024 году, ан…",
    ]
    # the HTML table's text is a unit of its own now (issue 13), and is placed
    assert done.out.endswith("1 article imported: 6 entries translated, 0 fuzzy (70.8% of the "
                             "translated letters), 0 untranslated; 2 pieces not placed.\n")
    again = run("--root", small, "import", "ru", small / "ru", "--format", "json", "--dry-run")
    (item,) = json.loads(again.out)["articles"]
    assert item["letters_placed"] + sum(p["letters"] for p in item["not_placed"]) == (
        item["letters"])  # every translated letter: in the catalog, or listed
    catalog = (small / "locales" / "ru" / "checkpoints.po").read_text(encoding="utf-8")
    # the catalog names the file from the project's root, never by this machine's path
    assert "# not placed (ru/checkpoints.md:3): category: Репортаж\n" in catalog
    assert "# not placed (ru/checkpoints.md:16): Этот абзац переводчица" in catalog
    assert str(tmp_path) not in catalog
    assert_msgcat_reprints(catalog, tmp_path)


@pytest.mark.parametrize("given", ["folder", "file"])
def test_a_file_outside_the_project_is_named_without_this_machines_path(  # type: ignore[no-untyped-def]
    run, small: Path, tmp_path: Path, given: str
) -> None:
    outside = tmp_path / "old-site" / "ru"
    outside.mkdir(parents=True)
    (small / "ru" / "checkpoints.md").rename(outside / "checkpoints.md")
    args = [outside] if given == "folder" else [outside / "checkpoints.md", "--article",
                                                 "checkpoints"]
    done = run("--root", small, "import", "ru", *args)
    assert done.code == 0, done.err
    catalog = (small / "locales" / "ru" / "checkpoints.po").read_text(encoding="utf-8")
    name = "ru/checkpoints.md" if given == "folder" else "checkpoints.md"
    assert f"# not placed ({name}:3): category: Репортаж\n" in catalog
    assert str(tmp_path) not in catalog
    # the report, which is for this user on this machine, names the file as it was given
    assert f"not placed: {outside / 'checkpoints.md'}:3:" in done.out


def _git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example"}
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          env=env, check=True)
    return done.stdout.strip()


CHANGED = ENGLISH.replace("was closed in the first week of the blockade",
                          "was closed in the first week of the blockade and stayed closed") + (
    "\nA paragraph the English gained after the translation was made, about the winter.\n")


@pytest.fixture
def history(small: Path) -> tuple[Path, str]:
    """The small project in git: the translation made from the English, then the English
    changed (a paragraph edited, one added); and the first commit."""
    _git(small, "init", "-q")
    _git(small, "add", "-A")
    _git(small, "commit", "-q", "-m", "English and its translation")
    first = _git(small, "rev-parse", "HEAD")
    (small / "sources" / "checkpoints.md").write_text(CHANGED, encoding="utf-8")
    _git(small, "commit", "-q", "-am", "the English moves on")
    return small, first


def _entry(catalog: str, msgid_start: str) -> str:
    return next(block for block in catalog.split("\n\n") if f'msgid "{msgid_start}' in block
                or f'msgid ""\n"{msgid_start}' in block)


@pytest.mark.parametrize("how", ["auto", "first"])
def test_aligned_with_the_english_it_was_made_from_then_carried_to_todays(
    run: Run, history: tuple[Path, str], how: str
) -> None:
    root, first = history
    revision = first if how == "first" else "auto"
    done = run("--root", root, "import", "ru", root / "ru", "--english-at", revision)
    assert done.code == 0, done.err
    assert f"aligned with the English as of {first[:10]}" in done.out
    catalog = (root / "locales" / "ru" / "checkpoints.po").read_text(encoding="utf-8")
    bridge = _entry(catalog, "The bridge, [40")
    assert "#, fuzzy" in bridge
    assert '#| "The bridge, [40 metres long](/bridge/), was closed in the first week of "\n' \
        '#| "the blockade."\n' in bridge
    assert "#. drift: substantive" in bridge and "#. diff: " in bridge
    assert 'msgstr "Мост [длиной 40 метров](/bridge/)' in bridge
    assert 'msgstr ""\n' in _entry(catalog, "A paragraph the English gained")
    assert "#, fuzzy" not in _entry(catalog, "People waited")
    assert run("--root", root, "sync", "--dry-run", "--lang", "ru").code == 0  # already in step


def test_without_history_it_says_so_and_aligns_with_todays_english(
    run: Run, history: tuple[Path, str]
) -> None:
    root, _ = history
    (root / "de").mkdir()
    (root / "de" / "checkpoints.md").write_text(RUSSIAN, encoding="utf-8")  # not committed
    done = run("--root", root, "import", "de", root / "de", "--english-at", "auto")
    assert done.code == 0, done.err
    assert f"  note: git does not track {root / 'de' / 'checkpoints.md'} (not committed yet?): " \
        "no history; aligned with today's English" in done.out


def test_a_reformatting_commit_is_not_taken_for_the_translations_last_change(
    run: Run, history: tuple[Path, str]
) -> None:
    root, first = history
    rewrapped = RUSSIAN.replace("все построены ", "все построены\n")
    (root / "ru" / "checkpoints.md").write_text(rewrapped, encoding="utf-8")
    _git(root, "commit", "-q", "-am", "a formatter re-wraps every file")
    done = run("--root", root, "import", "ru", root / "ru", "--english-at", "auto")
    assert f"aligned with the English as of {first[:10]}" in done.out


def test_a_revision_git_does_not_know_is_refused(run: Run, history: tuple[Path, str]) -> None:
    root, _ = history
    before = snapshot(root)
    done = run("--root", root, "import", "ru", root / "ru", "--english-at", "no-such-rev")
    assert done.code == 2
    assert done.err == ("transkit: error: sources: git knows no revision 'no-such-rev' here; "
                        "give a commit, tag or branch of this repository (git log --oneline "
                        "shows them), or --english-at auto\n")
    assert changes(before, snapshot(root)) == []


def test_bad_files_are_refused_one_by_one_and_the_others_imported(run: Run, small: Path) -> None:
    (small / "sources" / "other.md").write_text(ENGLISH.replace("Checkpoints", "Other"))
    (small / "sources" / "third.md").write_text(ENGLISH.replace("Checkpoints", "Third"))
    (small / "ru" / "other.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (small / "ru" / "third.md").write_bytes("Мост закрыт.\n".encode("cp1251"))
    (small / "ru" / "nowhere.md").write_text(RUSSIAN)
    done = run("--root", small, "import", "ru", small / "ru")
    assert done.code == 2
    ru = small / "ru"
    assert done.err.split("\n") == [
        f"transkit: error: {ru / 'nowhere.md'}: no English article 'nowhere' (sources/nowhere.md)"
        "; nothing imported from this file (give --article ID for a file whose name is not its "
        "article's)",
        f"transkit: error: {ru / 'other.md'}:3: is a binary file, not UTF-8 text",
        f"transkit: error: {ru / 'third.md'}:1: is not valid UTF-8 (byte 0xcc); re-save it as "
        "UTF-8",
        "",
    ]
    assert sorted(p.name for p in (small / "locales" / "ru").iterdir()) == ["checkpoints.po"]


def test_a_translation_of_another_article_is_refused_and_nothing_written(
    run: Run, project: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.md"
    other.write_text("\n\n".join(
        f"Абзац {n} рассказывает о другом, {'совсем ' * (n % 5)}другой длины, с числом {n * 7}."
        for n in range(1, 30)) + "\n", encoding="utf-8")
    before = snapshot(project)
    done = run("--root", project, "import", "ru", other, "--article", SAMPLE_SLUG)
    assert done.code == 2
    assert done.err.startswith(f"transkit: error: {other}: does not look like a translation of "
                               "this article: only ")
    assert changes(before, snapshot(project)) == []


REWRITTEN = """---
title: Checkpoints
---

In 1999 the ministry published a report of 314 pages on the customs service of the region.

## The bridge

Its authors counted 57 posts, 19 of which were staffed by fewer than three officers in winter.

The report recommended merging the posts into 11 larger stations by the year 2004.

None of its recommendations were carried out, and the report was withdrawn in March 2001.

A second edition, of 128 pages, followed in 2006 with maps of every station and its road.
"""


def test_a_page_is_tried_against_every_version_of_its_english_before_it_is_refused(
    run: Run, history: tuple[Path, str]
) -> None:
    """A lagging translation that next to nothing of aligns with today's English (rewritten
    since) is aligned with the version it was made from, not refused."""
    root, _ = history
    # the English moved on (a paragraph edited, one added: the translation still fits), then
    # was rewritten
    moved_on = _git(root, "rev-parse", "HEAD")
    (root / "sources" / "checkpoints.md").write_text(REWRITTEN, encoding="utf-8")
    _git(root, "commit", "-q", "-am", "the English rewritten")
    done = run("--root", root, "import", "ru", root / "ru")
    assert done.code == 0, done.err
    # of the versions that fit equally well, the newest: the least drift to carry
    assert re.search(rf"note: next to nothing of it aligns with today's English; aligned with "
                     rf"the English as of {moved_on[:10]} \(\d{{4}}-\d\d-\d\d\) instead, which "
                     r"\d+% of its text aligns with \(of 3 versions tried\)", done.out), done.out
    catalog = (root / "locales" / "ru" / "checkpoints.po").read_text(encoding="utf-8")
    assert 'msgstr "Мост"' in catalog  # the heading the English kept
    # the translations of paragraphs the English rewrote are kept (fuzzy, or obsolete)
    assert '"Люди днями ждали на переходе' in catalog
    assert '#~ msgstr "Часы работы"' in catalog


def test_a_page_that_fits_no_version_of_its_english_is_refused(
    run: Run, history: tuple[Path, str], tmp_path: Path
) -> None:
    root, _ = history
    other = tmp_path / "other.md"
    other.write_text("\n\n".join(
        f"Абзац {n} рассказывает о другом, {'совсем ' * (n % 5)}другой длины, с числом {n * 7}."
        for n in range(1, 30)) + "\n", encoding="utf-8")
    before = snapshot(root)
    done = run("--root", root, "import", "ru", other, "--article", "checkpoints")
    assert done.code == 2
    assert done.err.startswith(f"transkit: error: {other}: does not look like a translation of "
                               "this article: only ")
    assert "(nor with any of the 1 other versions of the English in git)" in done.err
    assert changes(before, snapshot(root)) == []


def test_usage_errors(run: Run, project: Path, tmp_path: Path) -> None:
    translated = tmp_path / "de.md"
    translated.write_text("# Ein Titel\n\nNur ein Absatz.\n", encoding="utf-8")
    wrong = run("--root", project, "import", "xx", translated, "--article", SAMPLE_SLUG)
    assert wrong.code == 2 and "'xx' is not one of the project's languages" in wrong.err
    folder = run("--root", project, "import", "de", tmp_path, "--article", SAMPLE_SLUG)
    assert folder.code == 2 and "--article names the article of one translated file" in folder.err
    inside = run("--root", project, "import", "de", project / "sources")
    assert inside.code == 2 and "overlaps the English sources" in inside.err


def test_an_english_that_did_not_exist_at_the_revision_is_today_s(
    run: Run, history: tuple[Path, str]
) -> None:
    root, first = history
    (root / "sources" / "later.md").write_text(ENGLISH.replace("Checkpoints", "Later"))
    (root / "ru" / "later.md").write_text(RUSSIAN)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "an article written later")
    done = run("--root", root, "import", "ru", root / "ru" / "later.md", "--english-at", first)
    assert done.code == 0, done.err
    assert f"  note: the English did not exist as of {first[:10]} (" in done.out
    assert "aligned with today's English" in done.out


def test_a_translation_whose_english_was_removed_since_is_listed_with_its_line(
    run: Run, small: Path
) -> None:
    _git(small, "init", "-q")
    _git(small, "add", "-A")
    _git(small, "commit", "-q", "-m", "English and its translation")
    shorter = ENGLISH.replace(
        "People waited for days at the crossing with their cars, and some of them never got "
        "through.\n", "")
    (small / "sources" / "checkpoints.md").write_text(shorter, encoding="utf-8")
    _git(small, "commit", "-q", "-am", "a paragraph removed")
    done = run("--root", small, "import", "ru", small / "ru", "--english-at", "auto")
    assert done.code == 0, done.err
    (removed,) = [line for line in done.out.split("\n") if "obsolete entry" in line]
    assert removed.startswith(f"  not placed: {small / 'ru' / 'checkpoints.md'}:14: obsolete "
                              "entry, its English has been removed since ")
    assert removed.endswith(": Люди днями ждали на переходе со своими машинами, а некоторые так "
                            "и не…")
    catalog = (small / "locales" / "ru" / "checkpoints.po").read_text(encoding="utf-8")
    assert '#~ msgstr ""\n#~ "Люди днями ждали' in catalog  # kept, as an obsolete entry


CHEAT_SHEET = """# Cheat sheet

List the pods of every namespace:

```bash
# Show every pod, in every namespace
kubectl get pods --all-namespaces
# Watch them change
kubectl get pods -w
```
"""

CHEAT_SHEET_RU = """# Шпаргалка

Список подов во всех пространствах имён:

```bash
# Показать все поды во всех пространствах имён
kubectl get pods --all-namespaces
# Следить за их изменениями
kubectl get pods -w
```
"""


@pytest.mark.parametrize("comments", [True, False])
def test_comments_in_code_blocks_translated_in_an_archive_are_kept_when_opted_in(
    run: Run, tmp_path: Path, comments: bool
) -> None:
    root = tmp_path / "sheet"
    (root / "sources").mkdir(parents=True)
    setting = "code_comments = true\n" if comments else ""
    (root / "transkit.toml").write_text(f'languages = ["ru"]\nproject = "t"\n{setting}',
                                        encoding="utf-8")
    (root / "sources" / "pods.md").write_text(CHEAT_SHEET, encoding="utf-8")
    (root / "ru").mkdir()
    (root / "ru" / "pods.md").write_text(CHEAT_SHEET_RU, encoding="utf-8")
    done = run("--root", root, "import", "ru", root / "ru")
    assert done.code == 0, done.err
    catalog = (root / "locales" / "ru" / "pods.po").read_text(encoding="utf-8")
    if not comments:  # the code is not offered, so its comments are listed, not lost
        assert "Show every pod" not in catalog
        assert "code, outside the translatable text" in done.out
        return
    assert "#. code comment (bash)\n" in catalog
    assert 'msgid "Show every pod, in every namespace"\n' \
           'msgstr "Показать все поды во всех пространствах имён"\n' in catalog
    assert 'msgstr "Следить за их изменениями"' in catalog
    assert "0 not placed" in done.out
    # the build puts each comment back in its place; the code is the English's
    assert run("--root", root, "build").code == 0
    built = (root / "build" / "ru" / "pods.md").read_text(encoding="utf-8")
    assert built.split("---\n\n", 1)[1] == CHEAT_SHEET_RU
