"""`transkit.sum`: a fresh clone (no cache, new time stamps) syncs only what changed, and the
catalogs come out byte for byte as a sync that trusts nothing writes them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from transkit.store.cache import CACHE_DIR
from transkit.store.sums import SUM_FILE, read_digest

from .conftest import SAMPLE_SLUG, Run

LANGS = ("de", "hy", "ru")
SECOND = "second-article"


@pytest.fixture
def synced(project: Path, run: Run) -> Path:
    """The sample publication with a second article, synced once (its record written)."""
    sample = project / "sources" / f"{SAMPLE_SLUG}.md"
    text = sample.read_text(encoding="utf-8")
    (project / "sources" / f"{SECOND}.md").write_text(
        "# A second article\n\nIts first paragraph, which nobody has translated.\n\n"
        "Its second paragraph, which nobody has translated either.\n",
        encoding="utf-8")
    assert run("--root", project, "sync").code == 0
    assert text == sample.read_text(encoding="utf-8")
    return project


def clone(project: Path, where: Path) -> Path:
    """What a fresh clone holds: the tracked files, no cache, every time stamp new."""
    copy = where / "clone"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(CACHE_DIR, ".transkit.lock"))
    for path in copy.rglob("*"):
        if path.is_file():
            path.write_bytes(path.read_bytes())  # new time stamps, as a checkout writes
    return copy


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and CACHE_DIR not in p.parts and p.name != ".transkit.lock"}


def test_the_first_sync_says_it_created_the_record_and_the_next_do_not(
    project: Path, run: Run,
) -> None:
    (project / SUM_FILE).unlink()  # a project from before transkit kept the record
    first = run("--root", project, "sync")
    assert f"note: created {SUM_FILE}, which catalogs are in step" in first.err
    (project / "sources" / f"{SAMPLE_SLUG}.md").open("a", encoding="utf-8").write("\nMore.\n")
    again = run("--root", project, "sync")
    assert "updated" in again.out and SUM_FILE not in again.out + again.err


def test_a_fresh_clone_syncs_nothing_that_is_in_step(synced: Path, run: Run, tmp_path: Path,
                                                     reads: list[str]) -> None:
    lines = (synced / SUM_FILE).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# transkit.sum")
    records = [line.split(" ") for line in lines if not line.startswith("#")]
    assert sorted(r[1] for r in records) == sorted(
        f"locales/{lang}/{slug}.po" for lang in LANGS for slug in (SAMPLE_SLUG, SECOND))
    assert {r[3] for r in records} == {f"sources/{SAMPLE_SLUG}.md", f"sources/{SECOND}.md"}
    copy = clone(synced, tmp_path)
    before = tree(copy)
    reads.clear()
    result = run("--root", copy, "sync")
    assert result.code == 0, result.err
    assert reads == []  # not one catalog parsed: the record vouches for every one
    assert tree(copy) == before  # the record too: a second sync changes nothing


def test_an_edited_article_is_synced_alone_and_as_without_the_record(
    synced: Path, run: Run, tmp_path: Path, reads: list[str],
) -> None:
    source = synced / "sources" / f"{SECOND}.md"  # a paragraph cut: nothing asks the memory
    source.write_text(source.read_text(encoding="utf-8").split("\n\nIts second")[0] + "\n",
                      encoding="utf-8")
    trusting = clone(synced, tmp_path / "a")
    distrusting = clone(synced, tmp_path / "b")
    (distrusting / SUM_FILE).unlink()
    reads.clear()
    assert run("--root", trusting, "sync").code == 0
    assert sorted(reads) == [f"locales/{lang}/{SECOND}.po" for lang in LANGS]
    assert run("--root", distrusting, "sync").code == 0
    assert tree(trusting) == tree(distrusting)  # the catalogs, and the record written anew


def test_a_catalog_edited_by_hand_is_synced_again(synced: Path, run: Run, tmp_path: Path,
                                                  reads: list[str]) -> None:
    """A translator's editor saved it in its own layout: the record no longer vouches for it,
    and sync lays it out as it would without the record."""
    catalog = synced / "locales" / "de" / f"{SECOND}.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgstr ""\n\n', 'msgstr ""\n\n\n'), encoding="utf-8")
    expected = clone(synced, tmp_path / "b")
    (expected / SUM_FILE).unlink()
    assert run("--root", expected, "sync").code == 0
    copy = clone(synced, tmp_path / "a")
    reads.clear()
    assert run("--root", copy, "sync").code == 0
    # its article's catalogs (a sync's job is an article), no other
    assert sorted(reads) == [f"locales/{lang}/{SECOND}.po" for lang in LANGS]
    assert tree(copy) == tree(expected)


@pytest.mark.parametrize("damage", ["another transkit", "another digest", "garbage", "empty"])
def test_a_record_it_cannot_trust_costs_time_never_a_result(
    synced: Path, run: Run, tmp_path: Path, reads: list[str], damage: str,
) -> None:
    path = synced / SUM_FILE
    good = path.read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    if damage == "another transkit":
        lines = [line if line.startswith("#") else "0" * 16 + line[16:] for line in lines]
    elif damage == "another digest":  # every catalog's digest one digit off
        lines = [line if line.startswith("#") else
                 " ".join(f[:-1] + ("0" if f[-1] != "0" else "1") if i == 2 else f
                          for i, f in enumerate(line.split(" "))) for line in lines]
    elif damage == "garbage":
        lines = ["\x00\xff not a record\n", *lines[len(lines) // 2:]]
    else:
        lines = []
    path.write_text("".join(lines), encoding="utf-8")
    copy = clone(synced, tmp_path)
    reads.clear()
    assert run("--root", copy, "sync").code == 0
    # at least the catalogs it could not vouch for were read again
    assert len(reads) >= (3 if damage == "garbage" else 6)
    assert (copy / SUM_FILE).read_text(encoding="utf-8") == good
    assert {k: v for k, v in tree(copy).items() if k != SUM_FILE} == {
        k: v for k, v in tree(synced).items() if k != SUM_FILE}


def test_a_sync_of_one_article_keeps_the_others_lines_and_a_full_one_drops_the_gone(
    synced: Path, run: Run,
) -> None:
    path = synced / SUM_FILE
    good = path.read_text(encoding="utf-8")
    (synced / "sources" / f"{SECOND}.md").unlink()
    assert run("--root", synced, "sync", SAMPLE_SLUG).code == 0
    assert path.read_text(encoding="utf-8") == good  # only the sample spoke: nothing new
    assert run("--root", synced, "sync").code == 0
    text = path.read_text(encoding="utf-8")
    assert SECOND not in text and text.count(f"{SAMPLE_SLUG}.po") == 3


def test_dry_runs_and_pruning_runs_leave_the_record_alone(synced: Path, run: Run) -> None:
    path = synced / SUM_FILE
    path.unlink()
    assert run("--root", synced, "sync", "--dry-run").code == 0
    assert not path.exists()
    assert run("--root", synced, "sync", "--prune-obsolete").code == 0
    assert not path.exists()


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("attributes", ["union", "none"])
def test_two_branches_that_synced_merge_their_records(
    synced: Path, run: Run, attributes: str, reads: list[str],
) -> None:
    """With setup-git's line, git's union driver merges the record; without, `transkit
    resolve` repairs the conflict. Either way the merged record vouches for both sides."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(synced), *args], capture_output=True,
                              text=True, check=False,
                              env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e",
                                   "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e",
                                   "PATH": "/usr/bin:/bin", "HOME": str(synced)})
        return done.stdout + done.stderr

    git("init", "-q", "-b", "main")
    if attributes == "union":
        (synced / ".gitattributes").write_text(f"{SUM_FILE} merge=union\n", encoding="utf-8")
    git("add", "-A")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "other")
    for name, paragraph in ((SECOND, "Another paragraph."), (SAMPLE_SLUG, "A last word.")):
        source = synced / "sources" / f"{name}.md"
        source.write_text(source.read_text(encoding="utf-8") + f"\n{paragraph}\n",
                          encoding="utf-8")
        assert run("--root", synced, "sync", name).code == 0
        git("commit", "-qam", name)
        if name == SECOND:
            git("checkout", "-q", "main")
    merged = git("merge", "--no-edit", "other")
    if attributes == "union":
        assert "CONFLICT" not in merged, merged
    else:
        assert f"CONFLICT (content): Merge conflict in {SUM_FILE}" in merged
        result = run("--root", synced, "resolve", str(synced / SUM_FILE))
        assert result.code == 0, result.err
        assert "<<<<<<<" not in (synced / SUM_FILE).read_text(encoding="utf-8")
        git("commit", "-qam", "merged")
    shutil.rmtree(synced / CACHE_DIR)
    reads.clear()
    result = run("--root", synced, "sync", "--dry-run")
    assert result.code == 0 and reads == [], result.out


def test_a_pipe_where_a_catalog_was_is_refused_not_waited_on(synced: Path, run: Run) -> None:
    """Its line is in the record, so the record's check looks at it first: a read would wait
    for a writer for ever, so it is not read; sync then names it, as without the record."""
    catalog = synced / "locales" / "de" / f"{SECOND}.po"
    catalog.unlink()
    os.mkfifo(catalog)
    assert read_digest(catalog, follow=False) is None
    result = run("--root", synced, "sync")
    assert result.code == 2 and "not a regular file" in result.err, result.err
