"""One verdict per edition — final, draft or skipped, with its reasons — the same in status,
check and build; shown in every status format."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
import yaml

from transkit.core.report.model import BelowThreshold, Edition
from transkit.core.report.verdict import Policy, Tally, judge_edition

from .conftest import SAMPLE_SLUG, Result

Run = Callable[..., Result]
PO = f"{SAMPLE_SLUG}.po"
# about 150 English words, as in the editors' report: a paragraph added after the translation
NEW_PARAGRAPH = " ".join(["The mediators met again in Vienna in the spring of that year, and"
                          " the talks went on for weeks without result."] * 7)


def front(text: str) -> dict[str, object]:
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


def add_paragraph(project: Path) -> None:
    source = project / "sources" / f"{SAMPLE_SLUG}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("\n## ", f"\n{NEW_PARAGRAPH}\n\n## ", 1), encoding="utf-8")


def test_the_verdict_by_default_wants_every_unit_translated() -> None:
    done = Tally(untranslated=0, fuzzy=0, critical=0, source_words=100, translated_words=100)
    assert judge_edition(done, Policy()).edition is Edition.FINAL
    assert judge_edition(done, Policy()).reasons == ()
    one_left = Tally(untranslated=1, fuzzy=2, critical=1, source_words=1000,
                     translated_words=990)
    verdict = judge_edition(one_left, Policy())
    assert verdict.edition is Edition.DRAFT
    assert verdict.reasons == ("1 unit in English", "1 fuzzy unit", "1 critical drift")
    relaxed = judge_edition(one_left, Policy(threshold=95))
    assert relaxed.edition is Edition.FINAL
    below = judge_edition(one_left, Policy(threshold=99.5, below=BelowThreshold.SKIP))
    assert below.edition is Edition.SKIPPED
    assert below.reasons[-1] == "below threshold (99.0% of the words translated, 99.5% needed)"


def test_an_english_paragraph_is_no_final_edition_anywhere(project: Path, run: Run) -> None:
    """The editors' report: after a paragraph was added, build published German as final
    while check failed. Now build, status and check say the same."""
    add_paragraph(project)
    built = run("--root", project, "build")
    assert built.code == 0, built.err
    assert f"de/{SAMPLE_SLUG}: draft" in built.out and "1 unit in English" in built.out
    german = (project / "build" / "de" / f"{SAMPLE_SLUG}.md").read_text(encoding="utf-8")
    assert front(german)["draft"] is True
    assert front(german)["editions"] == ["en"]  # only final editions are listed
    assert run("--root", project, "check").code == 1
    assert run("--root", project, "sync", "-q").code == 0
    status = json.loads(run("--root", project, "status", "--format", "json").out)
    de = next(c for c in status["catalogs"] if c["language"] == "de")
    assert (de["edition"], de["reasons"]) == ("draft", ["1 unit in English"])
    checked = run("--root", project, "check", "--lang", "de")
    assert checked.code == 1
    assert "[completeness] the edition would be draft, not final: 1 unit in English" in checked.out


def test_a_project_may_publish_from_a_share_of_the_words(project: Path, run: Run) -> None:
    config = project / "transkit.toml"
    config.write_text(config.read_text(encoding="utf-8") + "build_thresholds = 90\n",
                      encoding="utf-8")
    add_paragraph(project)
    assert run("--root", project, "sync", "-q").code == 0
    built = run("--root", project, "build", "--lang", "de", "--verbose")
    assert f"de/{SAMPLE_SLUG}: final" in built.out
    german = (project / "build" / "de" / f"{SAMPLE_SLUG}.md").read_text(encoding="utf-8")
    assert "draft" not in front(german) and front(german)["editions"] == ["en", "de", "hy", "ru"]
    status = json.loads(run("--root", project, "status", "--format", "json").out)
    assert {c["edition"] for c in status["catalogs"]} == {"final"}
    assert run("--root", project, "check").code == 0


def drift_a_date(project: Path, run: Run) -> None:
    source = project / "sources" / f"{SAMPLE_SLUG}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("in Moscow on 19\u00a0July", "in Moscow on 20\u00a0July", 1),
                      encoding="utf-8")
    assert run("--root", project, "sync", "-q").code == 0


def test_every_status_format_shows_the_verdict(project: Path, run: Run) -> None:
    drift_a_date(project, run)
    table = run("--root", project, "status").out
    header = next(line for line in table.splitlines() if line.startswith("article"))
    assert "verdict" in header.split()
    assert sum(" draft " in line for line in table.splitlines()) == 3
    markdown = run("--root", project, "status", "--format", "markdown").out
    assert "| draft: 97% (" in markdown
    rows = list(csv.DictReader(io.StringIO(run("--root", project, "status", "--format",
                                               "csv").out)))
    assert {(r["edition"], r["reasons"]) for r in rows} == {("draft", "1 critical drift")}
    data = json.loads(run("--root", project, "status", "--format", "json").out)
    assert data["schema"] == 1 and data["failed"] == []
    assert {(c["edition"], tuple(c["reasons"])) for c in data["catalogs"]} == {
        ("draft", ("1 critical drift",))}


def html_page(project: Path, run: Run, tmp_path: Path) -> Path:
    drift_a_date(project, run)
    po = project / "locales" / "de" / PO
    catalog = polib.pofile(str(po))
    typo = next(e for e in catalog if "Armneians" in e.msgid)  # a minor drift beside it
    typo.previous_msgid = typo.msgid
    typo.msgid = typo.msgid.replace("Armneians", "Armenians")
    typo.flags.append("fuzzy")
    catalog.save(str(po))
    out = tmp_path / "status.html"
    assert run("--root", project, "status", "--format", "html", "--output", out).code == 0
    return out


def test_the_html_page_shows_verdicts_and_each_drift(project: Path, run: Run,
                                                     tmp_path: Path) -> None:
    page = html_page(project, run, tmp_path).read_text(encoding="utf-8")
    assert page.count('<span class="ed ed-draft">draft</span>') == 3
    assert '<span class="why">1 critical drift</span>' in page
    # the critical drift is unfolded, with its reasons and word diff; the minor one is folded
    critical = page.split('<li class="critical"><details open>', 1)[1].split("</li>", 1)[0]
    assert "number changed: 19 → 20" in critical
    assert "<del>19</del><ins>20</ins>" in critical
    minor = page.split('<li class="drift"><details>', 1)[1].split("</li>", 1)[0]
    assert "spelling or punctuation" in minor and "<del>Armneians</del>" in minor


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs chromium (.ci/run has it)")
def test_the_html_page_in_chromium_unfolds_critical_drift(project: Path, run: Run,
                                                          tmp_path: Path) -> None:
    page = html_page(project, run, tmp_path)
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             f"--user-data-dir={tmp_path / 'profile'}"]
    shot = tmp_path / "status.png"
    subprocess.run(["chromium", *flags, f"--screenshot={shot}", "--window-size=1200,1400",
                    page.as_uri()], capture_output=True, timeout=120, check=False)
    assert shot.exists() and shot.stat().st_size > 5000
    dom = subprocess.run(["chromium", *flags, "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120, check=False).stdout
    assert dom.count('class="ed ed-draft"') == 3
    assert '<li class="critical"><details open="">' in dom


def change_a_year(project: Path) -> int:
    """The editors' report: one year changed in the German edition (2023 -> 2024); the line of
    the entry's msgstr, where check points."""
    po = project / "locales" / "de" / PO
    text = po.read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if "im September 2023" in line)
    lines[at] = lines[at].replace("2023", "2024")
    po.write_text("\n".join(lines), encoding="utf-8")
    return next(i + 1 for i in range(at, -1, -1) if lines[i].startswith("msgstr"))


def silence(project: Path, check: str, line: int) -> None:
    """The translator comment '# transkit-ignore-<check>' on the entry whose msgstr is at
    `line`."""
    po = project / "locales" / "de" / PO
    lines = po.read_text(encoding="utf-8").split("\n")
    start = next(i for i in range(line - 1, -1, -1) if lines[i].startswith("msgid"))
    while start > 0 and lines[start - 1].startswith("#"):
        start -= 1
    lines.insert(start, f"# transkit-ignore-{check}")
    po.write_text("\n".join(lines), encoding="utf-8")


def test_a_changed_year_is_no_final_edition_anywhere(project: Path, run: Run,
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """check fails with [numbers]; status, build, the HTML page and the GitHub summary said
    final. Now every one says draft, naming the check and its line."""
    assert run("--root", project, "check").code == 0  # the sample passes: every edition final
    line = change_a_year(project)
    reason = f"numbers: locales/de/{PO}:{line}"
    checked = run("--root", project, "check", "--format", "json")
    assert checked.code == 1
    found = json.loads(checked.out)["findings"]
    assert [(f["check"], f["line"]) for f in found] == [("completeness", None),
                                                        ("numbers", line)]
    assert found[0]["message"] == f"the edition would be draft, not final: {reason}"
    assert "missing 2023; unexpected 2024" in found[1]["message"]
    # status, every format
    data = json.loads(run("--root", project, "status", "--format", "json").out)
    assert {c["language"]: (c["edition"], c["reasons"]) for c in data["catalogs"]} == {
        "hy": ("final", []), "de": ("draft", [reason]), "ru": ("final", [])}
    table = run("--root", project, "status").out
    assert [line.split()[1] for line in table.splitlines() if " draft " in line] == ["de"]
    rows = list(csv.DictReader(io.StringIO(run("--root", project, "status", "--format",
                                               "csv").out)))
    assert [(r["language"], r["edition"], r["reasons"]) for r in rows
            if r["edition"] != "final"] == [("de", "draft", reason)]
    markdown = run("--root", project, "status", "--format", "markdown").out
    assert f"| {SAMPLE_SLUG} | final: 100% (100% words) | draft: 100% (100% words) |" in markdown
    page = tmp_path / "status.html"
    assert run("--root", project, "status", "--format", "html", "--output", page).code == 0
    html = page.read_text(encoding="utf-8")
    assert html.count('<span class="ed ed-draft">draft</span>') == 1
    assert f'<span class="why">{reason}</span>' in html
    # GitHub's job summary
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert run("--root", project, "check", "--format", "github").code == 1
    assert (f"| {SAMPLE_SLUG} | final | draft ({reason}) | final |"
            in summary.read_text(encoding="utf-8"))
    # build: a draft, and not among the editions of the others
    built = run("--root", project, "build")
    assert built.code == 0 and f"de/{SAMPLE_SLUG}: draft" in built.out and reason in built.out
    german = front((project / "build" / "de" / f"{SAMPLE_SLUG}.md").read_text(encoding="utf-8"))
    russian = front((project / "build" / "ru" / f"{SAMPLE_SLUG}.md").read_text(encoding="utf-8"))
    assert german["draft"] is True and "de" not in german["editions"]  # type: ignore[operator]
    assert "draft" not in russian and russian["editions"] == ["en", "hy", "ru"]

    # the translator's written exception publishes it again, everywhere
    silence(project, "numbers", line)
    assert run("--root", project, "check").code == 0
    data = json.loads(run("--root", project, "status", "--format", "json").out)
    assert {c["edition"] for c in data["catalogs"]} == {"final"}
    assert run("--root", project, "build").code == 0
    german = front((project / "build" / "de" / f"{SAMPLE_SLUG}.md").read_text(encoding="utf-8"))
    assert "draft" not in german and german["editions"] == ["en", "de", "hy", "ru"]


def test_a_changed_year_skips_the_edition_where_the_project_skips_drafts(
        project: Path, run: Run) -> None:
    config = project / "transkit.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'below_threshold = "skip"\n',
                      encoding="utf-8")
    assert run("--root", project, "build").code == 0
    assert (project / "build" / "de" / f"{SAMPLE_SLUG}.md").exists()
    line = change_a_year(project)
    built = run("--root", project, "build")
    assert f"de/{SAMPLE_SLUG}: skipped" in built.out
    assert f"numbers: locales/de/{PO}:{line}" in built.out
    assert not (project / "build" / "de" / f"{SAMPLE_SLUG}.md").exists()
    data = json.loads(run("--root", project, "status", "--format", "json").out)
    assert [c["edition"] for c in data["catalogs"] if c["language"] == "de"] == ["skipped"]


def test_an_error_keeps_an_edition_from_final_whatever_its_counts() -> None:
    done = Tally(untranslated=0, fuzzy=0, critical=0, source_words=100, translated_words=100)
    failing = ("numbers: locales/de/x.po:47", "links: locales/de/x.po:90")
    verdict = judge_edition(done, Policy(), failing)
    assert (verdict.edition, verdict.reasons) == (Edition.DRAFT, failing)
    assert judge_edition(done, Policy(below=BelowThreshold.SKIP), failing).edition is (
        Edition.SKIPPED)
    one_left = Tally(untranslated=1, fuzzy=0, critical=0, source_words=100, translated_words=90)
    assert judge_edition(one_left, Policy(), failing[:1]).reasons == (
        "1 unit in English", "numbers: locales/de/x.po:47")
    # a relaxed threshold excuses English paragraphs, never an error
    assert judge_edition(one_left, Policy(threshold=80), failing[:1]).reasons == failing[:1]
