"""build says what it built in one line and lists only what needs attention (drafts, skipped
editions, with their reasons, a few per language); --verbose lists every edition; --quiet
prints nothing on success, and every command that prints a success summary takes --quiet."""

from __future__ import annotations

from pathlib import Path

from transkit.core.build.model import BuildReport, BuiltArticle
from transkit.render.build import render_build

from .conftest import SAMPLE_SLUG, Run
from .test_build import half_translate


def edition(lang: str, slug: str, *, draft: bool = False, skipped: bool = False) -> BuiltArticle:
    reasons = ("3 units in English",) if draft or skipped else ()
    return BuiltArticle(slug, lang, "", (), 100, 90 if reasons else 100, draft=draft,
                        skipped=skipped, reasons=reasons)


def test_the_summary_counts_and_lists_only_what_needs_attention() -> None:
    articles = (
        [edition("de", f"a{i:03}") for i in range(2950)]
        + [edition("hy", f"d{i:03}", draft=True) for i in range(30)]
        + [edition("ru", f"d{i:03}", draft=True) for i in range(8)]
        + [edition("ru", f"s{i}", skipped=True) for i in range(3)]
    )
    report = BuildReport(tuple(articles), tuple(f"f{i}" for i in range(2988)))
    text = render_build(report)
    lines = text.splitlines()
    assert lines[0] == ("built 2,991 editions in 3 languages: 2,950 final, 38 drafts, "
                        "3 skipped; 2,988 files written.")
    assert lines[1] == "hy: 30 drafts"
    assert lines[2] == "  hy/d000: draft, 90% of words translated (3 units in English)"
    assert lines[11] == "  hy/d009: draft, 90% of words translated (3 units in English)"
    assert lines[12] == "  … and 20 more (--verbose)"
    assert lines[13] == "ru: 8 drafts" and lines[22] == "ru: 3 editions skipped"
    assert lines[23] == "  ru/s0: skipped, 90% of words translated (3 units in English)"
    assert len(lines) == 26 and "final," not in "".join(lines[1:])  # no final edition listed
    verbose = render_build(report, verbose=True).splitlines()
    assert len(verbose) == 2991 + 1 and verbose[-1] == lines[0]
    assert verbose[0] == "de/a000: final, 100% of words translated"


def test_a_build_with_a_draft_names_it_and_its_reason(project: Path, run: Run) -> None:
    half_translate(project, "hy")
    result = run("--root", project, "build")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "built 3 editions in 3 languages: 2 final, 1 draft; 3 files written."
    assert lines[1] == "hy: 1 draft"
    assert lines[2].startswith(f"  hy/{SAMPLE_SLUG}: draft, ")
    assert "units in English)" in lines[2] and len(lines) == 3
    verbose = run("--root", project, "build", "--verbose")
    assert f"de/{SAMPLE_SLUG}: final" in verbose.out and len(verbose.out.splitlines()) == 4
    assert run("--root", project, "build", "--quiet").out == ""


def test_a_skipped_edition_asked_for_is_reported_even_with_quiet(project: Path,
                                                                 run: Run) -> None:
    half_translate(project, "hy")
    config = project / "transkit.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'below_threshold = "skip"\n',
                      encoding="utf-8")
    result = run("--root", project, "build", "--quiet", SAMPLE_SLUG)
    assert result.code == 1
    assert "hy: 1 edition skipped" in result.out
    assert f"  hy/{SAMPLE_SLUG}: skipped, " in result.out


def test_quiet_silences_success_never_a_failure(project: Path, run: Run, tmp_path: Path) -> None:
    assert run("--root", project, "sync", "--quiet").out == ""
    checked = run("--root", project, "check", "--gate", "commit", "--quiet")
    assert checked.code == 0 and checked.out == ""
    assert run("--root", project, "export", "de", "--out", tmp_path / "x", "--quiet").out == ""
    built = run("--root", project, "build", "--lang", "de", "--out", tmp_path / "b")
    assert built.code == 0
    imported = run("--root", project, "import", "de", tmp_path / "b" / "de" / f"{SAMPLE_SLUG}.md",
                   "--article", SAMPLE_SLUG, "--quiet")
    assert imported.code == 0 and imported.out == ""
    assert run("--root", project, "review", "de", "--by", "Anna", "--dry-run", "-q").out == ""
    report = tmp_path / "status.json"
    status = run("--root", project, "status", "-q", "-f", "json", "-o", report)
    assert status.code == 0 and status.err == "" and report.read_text(encoding="utf-8")
    # a failing gate is reported in full
    half_translate(project, "hy")
    failed = run("--root", project, "check", "--quiet")
    assert failed.code == 1 and "check FAILED" in failed.out and "[completeness]" in failed.out
