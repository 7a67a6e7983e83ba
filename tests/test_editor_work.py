"""Normal PO-editor work leaves the project green: freshness is about units, not comments or
layout, and sync can write the layout a team's editor writes."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from transkit.core.po.pofile import format_po, parse_po

from .conftest import ROOT, SAMPLE_SLUG, Result
from .fsutil import changes, snapshot

Run = Callable[..., Result]
PO = f"locales/de/{SAMPLE_SLUG}.po"
needs_msgcat = pytest.mark.skipif(shutil.which("msgcat") is None, reason="needs gettext's msgcat")


def hook(name: str) -> list[str]:
    """The arguments of a pre-commit hook of this repository, after 'transkit'."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entry = next(h["entry"] for h in hooks if h["id"] == name)
    words = shlex.split(entry)
    assert words[0] == "transkit"
    return words[1:]


def drift_a_date(project: Path, run: Run) -> None:
    source = project / "sources" / f"{SAMPLE_SLUG}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("in Moscow on 19\u00a0July", "in Moscow on 20\u00a0July", 1),
                      encoding="utf-8")
    result = run("--root", project, "sync")
    assert result.code == 0, result.err
    # sync says how each catalog drifted, and how badly
    assert "1 drifted (1 critical: number changed)" in result.out


def accept_in_poedit(path: Path) -> None:
    """What Poedit does when a translator fixes and accepts a drifted entry: the translation
    changes (19 -> 20), the fuzzy flag and the previous msgid ('#|') go; the extracted comments
    ('#. drift: …') stay as they were."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    (drifted,) = [i for i, block in enumerate(blocks) if "#. drift: critical" in block]
    head, _, translation = blocks[drifted].partition("\nmsgstr ")
    kept = [line for line in head.split("\n") if line != "#, fuzzy" and not line.startswith("#|")]
    blocks[drifted] = "\n".join(kept) + "\nmsgstr " + translation.replace("19", "20", 1)
    path.write_text("\n\n".join(blocks), encoding="utf-8")


def test_accepting_a_drifted_entry_in_a_po_editor_keeps_every_gate_green(
    project: Path, run: Run
) -> None:
    drift_a_date(project, run)
    for lang in ("hy", "de", "ru"):
        accept_in_poedit(project / "locales" / lang / f"{SAMPLE_SLUG}.po")
    before = snapshot(project)
    checked = run("--root", project, "check")
    assert checked.code == 0, checked.out
    dry = run("--root", project, "sync", "--dry-run")
    assert dry.code == 0, dry.out
    assert f"would tidy {PO}: references, comments or layout only" in dry.out
    for name in ("transkit-sync-check", "transkit-check"):  # the pre-commit hooks
        result = run("--root", project, *hook(name))
        assert result.code == 0, (name, result.out, result.err)
    assert changes(before, snapshot(project)) == []
    # the next real sync tidies the comments away
    assert run("--root", project, "sync", "-q").code == 0
    assert "#. drift:" not in (project / PO).read_text(encoding="utf-8")


def test_a_changed_unit_still_fails_freshness(project: Path, run: Run) -> None:
    source = project / "sources" / f"{SAMPLE_SLUG}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("in Moscow on 19\u00a0July", "in Moscow on 20\u00a0July", 1),
                      encoding="utf-8")
    dry = run("--root", project, "sync", "--dry-run", "--quiet")
    assert dry.code == 1 and "1 drifted (1 critical: number changed)" in dry.out
    checked = run("--root", project, "check", "--gate", "commit")
    assert checked.code == 1 and checked.out.count("[freshness]") == 3


@needs_msgcat
@pytest.mark.parametrize("layout", [["--no-wrap"], ["--width=60"], ["--width=120"]])
def test_catalogs_as_other_editors_save_them_keep_check_green(
    layout: list[str], project: Path, run: Run
) -> None:
    for lang in ("hy", "de", "ru"):
        path = project / "locales" / lang / f"{SAMPLE_SLUG}.po"
        subprocess.run(["msgcat", *layout, "-o", str(path), str(path)], check=True)
    assert "\n\n" in (project / PO).read_text(encoding="utf-8")
    before = snapshot(project)
    assert run("--root", project, "check").code == 0
    assert run("--root", project, *hook("transkit-sync-check")).code == 0
    assert changes(before, snapshot(project)) == []


SAMPLES = sorted((ROOT / "locales").rglob("*.po"))


@needs_msgcat
@pytest.mark.parametrize("width", [0, 30, 60, 79, 100])
def test_the_writer_lays_out_as_msgcat_at_any_width(width: int) -> None:
    option = "--no-wrap" if width == 0 else f"--width={width}"
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        ours = format_po(parse_po(text, path=str(path)), width=width)
        theirs = subprocess.run(["msgcat", option, str(path)], capture_output=True, text=True,
                                check=True).stdout
        assert ours == theirs, (path, width)


@needs_msgcat
@pytest.mark.parametrize(("setting", "option"), [("wrap_width = 0", "--no-wrap"),
                                                 ("wrap_width = false", "--no-wrap"),
                                                 ("wrap_width = 100", "--width=100")])
def test_a_project_chooses_the_layout_sync_writes(
    setting: str, option: str, project: Path, run: Run
) -> None:
    config = project / "transkit.toml"
    config.write_text(config.read_text(encoding="utf-8") + setting + "\n", encoding="utf-8")
    result = run("--root", project, "sync")
    assert result.code == 0, result.err
    for lang in ("hy", "de", "ru"):
        path = project / "locales" / lang / f"{SAMPLE_SLUG}.po"
        written = path.read_text(encoding="utf-8")
        expected = subprocess.run(["msgcat", option, str(path)], capture_output=True, text=True,
                                  check=True).stdout
        assert written == expected
    assert max(len(line) for line in (project / PO).read_text(encoding="utf-8").split("\n")) > 79
    before = snapshot(project)
    again = run("--root", project, "sync")  # no churn: the layout is stable
    assert again.code == 0 and "already in step" in again.out
    assert changes(before, snapshot(project)) == []


@pytest.mark.parametrize("value", ["-1", "5", '"wide"', "true"])
def test_a_bad_wrap_width_is_named(value: str, project: Path, run: Run) -> None:
    config = project / "transkit.toml"
    config.write_text(config.read_text(encoding="utf-8") + f"wrap_width = {value}\n",
                      encoding="utf-8")
    result = run("--root", project, "sync")
    assert result.code == 2
    assert re.search(r"transkit\.toml:\d+: key 'wrap_width' must be 0", result.err), result.err


def test_minor_drift_keep_leaves_a_case_fix_final_and_says_what_changed(
    project: Path, run: Run
) -> None:
    """With `minor_drift = "keep"`, an editor's case-only fix of a heading leaves every edition
    final (no fuzzy flag); the comment still shows the change. A changed date is flagged."""
    config = project / "transkit.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'minor_drift = "keep"\n',
                      encoding="utf-8")
    source = project / "sources" / f"{SAMPLE_SLUG}.md"
    text = source.read_text(encoding="utf-8")
    heading = "## Russia’s collaboration with Azerbaijan to carry out creeping ethnic cleansing"
    assert heading in text
    source.write_text(text.replace(heading, heading.replace("creeping", "Creeping")),
                      encoding="utf-8")
    synced = run("--root", project, "sync")
    assert synced.code == 0, synced.err
    assert "1 drifted (1 minor)" in synced.out
    catalog = (project / PO).read_text(encoding="utf-8")
    assert "#. drift: minor, kept without the fuzzy flag (spelling or punctuation)\n" \
           "#. diff: Russia’s collaboration with Azerbaijan to carry out [-creeping-]{+Creeping+} "\
           "ethnic cleansing\n" in catalog
    assert "#, fuzzy" not in catalog
    assert run("--root", project, "check").code == 0
    source.write_text(text.replace("In February 2021,", "In March 2021,"), encoding="utf-8")
    assert "1 critical: date changed" in run("--root", project, "sync").out
