"""Caches make repeated runs fast and never change a result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

import transkit.runs.check
import transkit.runs.status
import transkit.runs.sync
import transkit.store.cache
import transkit.store.files
import transkit.store.sums
from transkit.store.cache import CACHE_DIR

from .conftest import SAMPLE_SLUG, Run, age


@pytest.fixture
def no_sums(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache alone: `transkit.sum` (what sync found in step, by content) trusts nothing, so
    what a sync reads again is what the cache does not know."""
    monkeypatch.setattr(transkit.store.sums.Sums, "line", lambda self, *line: None)


def test_unchanged_files_are_not_read_again(run: Run, project: Path, reads: list[str]) -> None:
    age(project)
    for command in ("sync", "status", "check"):
        assert run("--root", project, command).code == 0
    assert len(reads) > 0
    reads.clear()
    outputs = [run("--root", project, command).out for command in ("sync", "status", "check")]
    assert reads == []
    assert "already in step" in outputs[0] and "0 errors" in outputs[2]


def test_status_reads_checks_records(run: Run, project: Path, reads: list[str],
                                     no_sums: None) -> None:
    """The verdict reads check's findings: after check, status takes them from check's records
    instead of checking again, and remembers only what it needs (transkit.sum's verdicts aside:
    tests/test_verdict_record.py)."""
    age(project)
    assert run("--root", project, "check").code == 0
    assert len(reads) == 3
    reads.clear()
    assert run("--root", project, "status").code == 0
    assert reads == []
    assert (project / CACHE_DIR / "status.jsonl").stat().st_size < (
        project / CACHE_DIR / "check.jsonl").stat().st_size
    for name in ("check.jsonl", "status.jsonl"):
        (project / CACHE_DIR / name).unlink()
    assert run("--root", project, "status").code == 0
    assert len(reads) == 3  # each catalog once, for counts and findings together
    reads.clear()
    assert run("--root", project, "status").code == 0
    assert reads == []


# What a repeated status or build that finds its records still true has no use for: the checks
# (their patterns, the glossary's matcher, translate-toolkit's tests), sync and the memory,
# --changed-since, git's history and TBX's XML parser. Importing them was a third of a repeated
# status's CPU time on 1,000 articles.
NOT_AT_START = ("transkit.core.checks.run", "transkit.runs.sync", "transkit.runs.memory",
                "transkit.runs.changed", "transkit.runs.history", "transkit.core.report.history",
                "lxml.etree")
SHOW_MODULES = """
import sys
from transkit.cli import main
code = main(["--root", sys.argv[1], *sys.argv[2:]])
print(code, " ".join(sorted(sys.modules)))
"""


@pytest.mark.parametrize("command", ["status", "build"])
def test_a_repeated_run_imports_no_check(run: Run, project: Path, command: str) -> None:
    age(project)
    assert run("--root", project, command).code == 0
    done = subprocess.run([sys.executable, "-c", SHOW_MODULES, str(project), command, "--quiet"],
                          capture_output=True, text=True, check=True)
    code, modules = done.stdout.splitlines()[-1].split(" ", 1)  # after the report
    assert code == "0" and "transkit.runs.status" in modules.split()
    assert [name for name in NOT_AT_START if name in modules.split()] == []


def test_a_translator_edit_is_seen(run: Run, project: Path, reads: list[str]) -> None:
    age(project)
    run("--root", project, "check")
    po_path = project / "locales" / "de" / f"{SAMPLE_SLUG}.po"
    catalog = polib.pofile(str(po_path))
    next(e for e in catalog if "began in 2005" in e.msgid).msgstr = "Ohne Fußnote."
    catalog.save(str(po_path))
    reads.clear()
    result = run("--root", project, "check")
    assert result.code == 1 and "[footnote-refs]" in result.out
    assert f"locales/de/{SAMPLE_SLUG}.po" in reads


def test_a_source_edit_is_seen(run: Run, project: Path) -> None:
    age(project)
    run("--root", project, "sync")
    source = project / "sources" / f"{SAMPLE_SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more paragraph.\n",
                      encoding="utf-8")
    assert run("--root", project, "check").code == 1
    assert "3 of 3 catalogs written" in run("--root", project, "sync").out


@pytest.fixture(params=["read at once", "read record by record"])
def cache_reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both ways a cache file is read: small ones at once, big ones record by record."""
    if request.param == "read record by record":
        monkeypatch.setattr(transkit.store.cache, "WHOLE_FILE_BYTES", 0)


@pytest.mark.usefixtures("cache_reading")
def test_corrupt_or_foreign_caches_are_rebuilt(run: Run, project: Path, reads: list[str],
                                               no_sums: None) -> None:
    age(project)
    run("--root", project, "sync")
    cache = project / CACHE_DIR / "sync.jsonl"
    lines = cache.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["stamp"] and len(lines) == 2  # the stamp, the article's record
    cache.write_text("{not json", encoding="utf-8")
    reads.clear()
    assert run("--root", project, "sync").code == 0
    assert len(reads) == 3  # read again, and the cache rewritten
    assert cache.read_text(encoding="utf-8").splitlines() == lines
    cache.write_text(lines[0] + "\n" + lines[1][:-20], encoding="utf-8")  # cut short
    reads.clear()
    assert run("--root", project, "sync").code == 0
    assert len(reads) == 3
    key, _, record = lines[1].partition("\t")
    cache.write_text(f"{lines[0]}\n{key}\t{record[:-1]}\n", encoding="utf-8")  # a bad record
    reads.clear()
    assert run("--root", project, "sync").code == 0
    assert len(reads) == 3 and cache.read_text(encoding="utf-8").splitlines() == lines
    cache.write_text(json.dumps({"stamp": "another transkit version"}) + "\n" + lines[1] + "\n",
                     encoding="utf-8")
    reads.clear()
    run("--root", project, "sync")
    assert len(reads) == 3


def test_fresh_files_are_not_trusted(
    run: Run, project: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch, no_sums: None
) -> None:
    # sync's own cache only: the translation memory's cache does not trust them either, and
    # would read them once more (tests/test_memory.py)
    with (project / "transkit.toml").open("a", encoding="utf-8") as config:
        config.write("memory = false\n")
    # "fresh" for the whole test, however long a run takes on a busy machine
    monkeypatch.setattr(transkit.store.cache, "_RACY_SECONDS", 3600.0)
    for path in project.rglob("*.po"):
        os.utime(path)  # written just now: too fresh to record
    run("--root", project, "sync")
    reads.clear()
    run("--root", project, "sync")
    assert len(reads) == 3


def test_files_transkit_just_wrote_are_trusted_by_content(
    run: Run, empty_project: Path, reads: list[str]
) -> None:
    age(empty_project)
    assert "3 of 3 catalogs written" in run("--root", empty_project, "sync").out
    reads.clear()
    run("--root", empty_project, "sync")  # the catalogs are seconds old, but their bytes known
    assert reads == []
    # an edit that keeps the size and the time stamp is still seen, by the content
    po_path = empty_project / "locales" / "de" / f"{SAMPLE_SLUG}.po"
    stat = po_path.stat()
    text = po_path.read_text(encoding="utf-8")
    po_path.write_text(text.replace("msgstr \"\"\n", "msgstr \"x\"\n", 1)[:-2] + "\n",
                       encoding="utf-8")
    assert po_path.stat().st_size == stat.st_size
    os.utime(po_path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    run("--root", empty_project, "sync")
    assert f"locales/de/{SAMPLE_SLUG}.po" in reads


def test_an_unchanged_build_is_not_redone_but_reported_the_same(
    run: Run, project: Path
) -> None:
    age(project)
    first = run("--root", project, "build", "--format", "html")
    assert first.code == 0 and "6 files written" in first.out
    again = run("--root", project, "build", "--format", "html")
    def report(out: str) -> list[str]:
        return [line for line in out.splitlines() if "files written" not in line]
    assert report(again.out) == report(first.out) and "0 files written" in again.out
    built = project / "build" / "de" / f"{SAMPLE_SLUG}.md"
    built.write_text("edited by hand\n", encoding="utf-8")  # the cache checks the outputs too
    third = run("--root", project, "build", "--format", "html")
    assert "1 file written" in third.out
    assert built.read_text(encoding="utf-8") != "edited by hand\n"
    # and a translation changed since is built
    po_path = project / "locales" / "de" / f"{SAMPLE_SLUG}.po"
    catalog = polib.pofile(str(po_path))
    next(e for e in catalog if e.msgid.startswith("Russia’s role")).msgstr = "Neu übersetzt."
    catalog.save(str(po_path))
    run("--root", project, "build", "--format", "html")
    assert "Neu übersetzt." in built.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["sync", "status", "check", "build"])
def test_temporary_files_a_killed_run_left_in_the_cache_are_removed(
    run: Run, project: Path, command: str
) -> None:
    age(project)
    assert run("--root", project, command).code == 0
    folder = project / CACHE_DIR
    caches = sorted(folder.glob("*.jsonl"))
    assert caches
    left = [folder / f".{cache.name}.k1ll3d_x.tmp" for cache in caches]
    for path in left:
        path.write_text('{"half":', encoding="utf-8")
    unrelated = folder / "notes.tmp"
    unrelated.write_text("mine", encoding="utf-8")
    assert run("--root", project, command).code == 0  # nothing changed: no cache to rewrite
    assert [p for p in left if p.exists()] == []
    assert unrelated.read_text(encoding="utf-8") == "mine"


@pytest.mark.usefixtures("cache_reading")
def test_records_a_run_does_not_ask_for_are_kept_as_they_were(
    run: Run, project: Path, reads: list[str]
) -> None:
    (project / "sources" / "second.md").write_text("# Second\n\nIts one paragraph.\n",
                                                   encoding="utf-8")
    with (project / "transkit.toml").open("a", encoding="utf-8") as config:
        config.write("memory = false\n")  # a check of one article reads no other catalog
    age(project)
    assert run("--root", project, "sync").code == 0
    age(project)
    assert run("--root", project, "check").code == 1  # the second article is not translated
    cache = project / CACHE_DIR / "check.jsonl"
    second = [ln for ln in cache.read_text(encoding="utf-8").splitlines() if "second" in ln]
    # a check of the sample alone, after an edit of its German: the second article's record is
    # neither read nor recomputed, and is written back byte for byte
    po = project / "locales" / "de" / f"{SAMPLE_SLUG}.po"
    po.write_text(po.read_text(encoding="utf-8").replace("# transkit", "# transkit note", 1)
                  + "\n", encoding="utf-8")
    os.utime(po, (time.time() - 30, time.time() - 30))
    reads.clear()
    assert run("--root", project, "check", SAMPLE_SLUG).code == 0
    assert all(SAMPLE_SLUG in r for r in reads) and reads
    assert [ln for ln in cache.read_text(encoding="utf-8").splitlines() if "second" in ln] == second
    reads.clear()
    assert run("--root", project, "check").code == 1
    assert reads == []  # every record, the second's included, still holds


def test_an_older_transkits_cache_is_removed(run: Run, project: Path) -> None:
    (project / CACHE_DIR).mkdir()
    old = project / CACHE_DIR / "status.json"
    old.write_text('{"records": {}, "stamp": "0.1"}', encoding="utf-8")
    assert run("--root", project, "status").code == 0
    assert not old.exists() and (project / CACHE_DIR / "status.jsonl").is_file()
