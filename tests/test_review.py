"""`transkit review`: sign-offs kept as translator comments, which gettext's tools, PO editors
and sync carry along; an entry changed after its review is no longer reviewed."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from transkit.config import load_config
from transkit.core.po.pofile import format_po, parse_po
from transkit.core.report.model import BelowThreshold, Edition
from transkit.core.report.verdict import Policy, Tally, Verdict, judge_edition
from transkit.core.review.model import ReviewState, Signoff
from transkit.core.review.signoff import digest, review_catalog, review_of, signoffs
from transkit.errors import ConfigError

from .conftest import SAMPLE_SLUG, Result
from .fsutil import changes, snapshot

Run = Callable[..., Result]
PO = f"locales/de/{SAMPLE_SLUG}.po"
MAY_DAY = "1714560000"  # 2024-05-01, as SOURCE_DATE_EPOCH
SIGNOFF = re.compile(r"^# reviewed: Anna Schmidt 2024-05-01 [0-9a-f]{12}$", re.M)
needs_gettext = pytest.mark.skipif(
    shutil.which("msgcat") is None or shutil.which("msgmerge") is None,
    reason="needs gettext's msgcat and msgmerge")


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", MAY_DAY)


def entries(path: Path) -> list[polib.POEntry]:
    catalog = parse_po(path.read_text(encoding="utf-8"), path=str(path))
    return [e for e in catalog if not e.obsolete and e.msgid]


def states(path: Path) -> list[ReviewState | None]:
    return [None if (r := review_of(e)) is None else r.state for e in entries(path)]


def review(run: Run, project: Path, *args: str) -> Result:
    result = run("--root", project, "review", "de", "--by", "Anna Schmidt", *args)
    assert result.code == 0, result.err
    return result


def edit_english(project: Path, old: str, new: str) -> None:
    source = project / "sources" / f"{SAMPLE_SLUG}.md"
    text = source.read_text(encoding="utf-8")
    assert old in text
    source.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the sign-off itself (pure) ------------------------------------------------------------


def entry(msgid: str, msgstr: str, *, fuzzy: bool = False, comment: str = "") -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else [],
                         tcomment=comment)


def test_the_digest_covers_the_english_and_the_translation() -> None:
    one = digest(entry("Nine days.", "Neun Tage."))
    assert re.fullmatch(r"[0-9a-f]{12}", one)
    assert digest(entry("Nine days.", "Neun Tage.")) == one
    assert digest(entry("Ten days.", "Neun Tage.")) != one
    assert digest(entry("Nine days.", "Neun  Tage.")) != one


def test_an_entry_changed_after_its_review_waits_for_review_again() -> None:
    signed = entry("Nine days.", "Neun Tage.")
    mark = Signoff("Anna Schmidt", "2024-05-01", digest(signed))
    signed.tcomment = f"transkit-ignore-numbers\n{mark.comment}"
    assert list(signoffs(signed)) == [mark]
    reviewed = review_of(signed)
    assert reviewed is not None and reviewed.state is ReviewState.REVIEWED
    edited = entry("Nine days.", "Neun Tage!", comment=signed.tcomment)
    changed = review_of(edited)
    assert changed is not None and changed.state is ReviewState.CHANGED
    assert changed.signoff == mark
    never = review_of(entry("Nine days.", "Neun Tage."))
    assert never is not None and never.state is ReviewState.WAITING
    # nothing to review before there is a finished translation
    assert review_of(entry("Nine days.", "")) is None
    assert review_of(entry("Nine days.", "Neun Tage.", fuzzy=True, comment=mark.comment)) is None


def test_a_review_replaces_a_stale_signoff_keeps_others_and_leaves_the_old_catalog() -> None:
    catalog = polib.POFile()
    stale = Signoff("Ben", "2023-01-02", "0123456789ab").comment
    catalog.append(entry("One.", "Eins.", comment=f"# keep me\n{stale}"))
    catalog.append(entry("Two.", "Zwei."))
    catalog.append(entry("Three.", ""))
    catalog.append(entry("Four.", "Vier.", fuzzy=True))
    before = format_po(catalog)
    done = review_catalog(catalog, name="Anna Schmidt", date="2024-05-01")
    assert format_po(catalog) == before  # copy before you change
    assert (done.stats.signed, done.stats.renewed, done.stats.already,
            done.stats.open) == (1, 1, 0, 2)
    one = done.catalog[0]
    assert one.tcomment.split("\n") == [
        "# keep me", f"reviewed: Anna Schmidt 2024-05-01 {digest(one)}"]
    again = review_catalog(done.catalog, name="Carla", date="2024-06-01")
    assert not again.stats.changed and again.stats.already == 2
    assert format_po(again.catalog) == format_po(done.catalog)


# --- the command ---------------------------------------------------------------------------


def test_review_signs_off_each_translated_entry_once(project: Path, run: Run) -> None:
    edit_english(project, "in Moscow on 19\u00a0July", "in Moscow on 20\u00a0July")
    assert run("--root", project, "sync", "-q").code == 0
    total = len(entries(project / PO))
    result = review(run, project)
    assert (f"reviewed {PO}: {total - 1} signed off, 1 not translated or fuzzy"
            in result.out), result.out
    assert f"Anna Schmidt signed off {total - 1} entries in 1 catalog on 2024-05-01" in result.out
    text = (project / PO).read_text(encoding="utf-8")
    assert len(SIGNOFF.findall(text)) == total - 1
    assert states(project / PO).count(ReviewState.REVIEWED) == total - 1
    assert states(project / PO).count(None) == 1  # the drifted entry: fuzzy, not signed
    # the others are untouched
    assert "reviewed:" not in (project / "locales/ru" / f"{SAMPLE_SLUG}.po").read_text(
        encoding="utf-8")
    before = snapshot(project)
    again = review(run, project)
    assert "Nothing to sign off in 1 catalog: every translated entry is reviewed" in again.out
    assert changes(before, snapshot(project)) == []


def test_dry_run_writes_nothing(project: Path, run: Run) -> None:
    before = snapshot(project)
    result = review(run, project, "--dry-run")
    assert f"would review {PO}: 33 signed off" in result.out
    assert "Anna Schmidt would sign off 33 entries" in result.out
    assert changes(before, snapshot(project)) == []


def test_the_reviewer_is_gits_user_name_or_an_error_says_how_to_give_one(
    project: Path, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    before = snapshot(project)
    result = run("--root", project, "review", "de")
    assert result.code == 2
    assert result.err.startswith("transkit: error: no reviewer name: pass --by NAME")
    assert "git config --global user.name" in result.err
    assert changes(before, snapshot(project)) == []
    (home / ".gitconfig").write_text("[user]\n\tname = Björn Berg\n", encoding="utf-8")
    assert run("--root", project, "review", "de").code == 0
    assert "# reviewed: Björn Berg 2024-05-01 " in (project / PO).read_text(encoding="utf-8")
    bad = run("--root", project, "review", "de", "--by", "two\nlines")
    assert bad.code == 2 and "line break" in bad.err


def test_an_entry_edited_after_review_is_signed_again_on_the_next_review(
    project: Path, run: Run
) -> None:
    review(run, project)
    path = project / PO
    text = path.read_text(encoding="utf-8")
    edited = text.replace("Moskau", "Moskwa", 1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    assert states(path).count(ReviewState.CHANGED) == 1
    result = run("--root", project, "review", "de", "--by", "Carla Diaz")
    assert "1 signed off (1 changed since their last review), 32 already reviewed" in result.out
    signed = [list(signoffs(e)) for e in entries(path)]
    assert all(len(s) == 1 for s in signed)  # the stale sign-off was replaced, not kept beside
    assert sum(s[0].name == "Carla Diaz" for s in signed) == 1
    assert states(path).count(ReviewState.REVIEWED) == 33


def test_review_writes_the_layout_sync_writes(project: Path, run: Run) -> None:
    config = project / "transkit.toml"
    config.write_text(config.read_text(encoding="utf-8") + "wrap_width = 0\n", encoding="utf-8")
    assert run("--root", project, "sync", "-q").code == 0
    synced = (project / PO).read_text(encoding="utf-8")
    review(run, project)
    reviewed = (project / PO).read_text(encoding="utf-8")
    without = "\n".join(line for line in reviewed.split("\n") if not SIGNOFF.match(line))
    assert without == synced  # only the sign-offs were added, in the unwrapped layout
    assert max(len(line) for line in reviewed.split("\n")) > 79


# --- sign-offs survive gettext's tools and sync --------------------------------------------


@needs_gettext
def test_signoffs_survive_msgcat_and_msgmerge(project: Path, run: Run, tmp_path: Path) -> None:
    review(run, project)
    path = project / PO
    signed = SIGNOFF.findall(path.read_text(encoding="utf-8"))
    assert len(signed) == 33
    # msgcat re-saves the catalog, as every gettext-based editor and Weblate's tools do
    catted = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True)
    assert SIGNOFF.findall(catted.stdout) == signed
    # msgmerge against a template with one English paragraph edited: the others stay
    # reviewed, the edited one keeps its comment (fuzzy now) and no longer counts as reviewed
    template = polib.pofile(str(path))
    for item in template:
        item.msgstr, item.tcomment, item.flags = "", "", []
    first = next(e for e in template if "Moscow on 19" in e.msgid)
    first.msgid = first.msgid.replace("19\u00a0July", "20\u00a0July")
    pot = tmp_path / "article.pot"
    pot.write_text(format_po(template), encoding="utf-8")
    merged = tmp_path / "merged.po"
    subprocess.run(["msgmerge", "--quiet", "-o", str(merged), str(path), str(pot)], check=True)
    assert SIGNOFF.findall(merged.read_text(encoding="utf-8")) == signed
    found = states(merged)
    assert found.count(ReviewState.REVIEWED) == 32 and found.count(None) == 1
    # the fuzzy flag taken off without touching the text: the English changed since review
    accepted = merged.read_text(encoding="utf-8").replace("#, fuzzy\n", "", 1)
    merged.write_text(accepted, encoding="utf-8")
    assert states(merged).count(ReviewState.CHANGED) == 1


def test_sync_keeps_signoffs_and_a_changed_unit_waits_for_review(
    project: Path, run: Run
) -> None:
    review(run, project)
    path = project / PO
    before = SIGNOFF.findall(path.read_text(encoding="utf-8"))
    edit_english(project, "in Moscow on 19\u00a0July", "in Moscow on 20\u00a0July")
    assert run("--root", project, "sync", "-q").code == 0
    assert SIGNOFF.findall(path.read_text(encoding="utf-8")) == before
    found = states(path)
    assert found.count(ReviewState.REVIEWED) == 32 and found.count(None) == 1
    # the translator fixes the date and accepts it: translated, changed since its review
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    (i,) = [i for i, block in enumerate(blocks) if "#, fuzzy" in block]
    kept = [ln for ln in blocks[i].split("\n") if ln != "#, fuzzy" and not ln.startswith("#|")]
    blocks[i] = "\n".join(kept).replace("19.", "20.", 1)
    path.write_text("\n\n".join(blocks), encoding="utf-8")
    assert states(path).count(ReviewState.CHANGED) == 1
    assert run("--root", project, "sync", "-q").code == 0
    assert states(path).count(ReviewState.CHANGED) == 1  # a sync signs nothing off


# --- review in the verdict -----------------------------------------------------------------


def test_with_review_the_verdict_wants_every_translated_entry_reviewed() -> None:
    done = Tally(untranslated=0, fuzzy=0, critical=0, source_words=100, translated_words=100,
                 unreviewed=12)
    assert judge_edition(done, Policy()).edition is Edition.FINAL  # review not asked for
    verdict = judge_edition(done, Policy(review=True))
    assert verdict == Verdict(Edition.DRAFT, ("not reviewed: 12 entries",))
    skipped = judge_edition(done, Policy(below=BelowThreshold.SKIP, review=True))
    assert skipped.edition is Edition.SKIPPED
    one = Tally(0, 0, 0, 100, 100, unreviewed=1)
    assert judge_edition(one, Policy(review=True)).reasons == ("not reviewed: 1 entry",)
    reviewed = Tally(0, 0, 0, 100, 100, unreviewed=0)
    assert judge_edition(reviewed, Policy(review=True)).edition is Edition.FINAL
    # a relaxed threshold met: only the review is missing, and only it is a reason
    partly = Tally(untranslated=1, fuzzy=0, critical=0, source_words=100, translated_words=95,
                   unreviewed=2)
    assert judge_edition(partly, Policy(threshold=90, review=True)).reasons == (
        "not reviewed: 2 entries",)
    assert judge_edition(partly, Policy(review=True)).reasons == (
        "1 unit in English", "not reviewed: 2 entries")


@pytest.mark.parametrize(("value", "expected"), [
    ("true", {"hy", "de", "ru"}), ("false", set()), ('["de"]', {"de"})])
def test_review_is_configured_for_every_language_or_some(
    tmp_path: Path, value: str, expected: set[str]
) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "transkit.toml").write_text(
        f'languages = ["hy", "de", "ru"]\nreview = {value}\n', encoding="utf-8")
    config = load_config(tmp_path)
    assert config.review == expected
    assert {lang for lang in config.languages if config.policy(lang).review} == expected


@pytest.mark.parametrize(("value", "needle"), [
    ('"yes"', "must be true, false or a list of languages"),
    ('["fr"]', "'fr' is not in 'languages'")])
def test_a_bad_review_setting_names_the_file_line_and_fix(
    tmp_path: Path, value: str, needle: str
) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "transkit.toml").write_text(
        f'languages = ["hy", "de", "ru"]\nreview = {value}\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path)
    assert "transkit.toml:2:" in str(err.value) and needle in str(err.value)


def ask_for_review(project: Path, value: str = '["de", "ru"]') -> None:
    config = project / "transkit.toml"
    config.write_text(config.read_text(encoding="utf-8") + f"review = {value}\n",
                      encoding="utf-8")


def test_status_check_and_build_agree_an_unreviewed_edition_is_a_draft(
    project: Path, run: Run
) -> None:
    ask_for_review(project)
    review(run, project)  # German only: Russian waits
    data = json.loads(run("--root", project, "status", "--format", "json").out)
    verdicts = {c["language"]: (c["edition"], c["reasons"]) for c in data["catalogs"]}
    assert verdicts == {"hy": ("final", []), "de": ("final", []),
                        "ru": ("draft", ["not reviewed: 33 entries"])}
    checked = run("--root", project, "check")
    assert checked.code == 1
    assert ("[completeness] the edition would be draft, not final: not reviewed: 33 entries"
            in checked.out)
    assert run("--root", project, "check", "--gate", "commit").code == 0
    built = run("--root", project, "build")
    assert f"ru/{SAMPLE_SLUG}: draft" in built.out
    russian = (project / "build" / "ru" / f"{SAMPLE_SLUG}.md").read_text(encoding="utf-8")
    assert "\ndraft: true\n" in russian and "editions: [en, de, hy]" in russian
    # one German translation edited after its review: German is a draft until reviewed again
    path = project / PO
    path.write_text(path.read_text(encoding="utf-8").replace("Moskau", "Moskwa", 1),
                    encoding="utf-8")
    data = json.loads(run("--root", project, "status", "--format", "json").out)
    de = next(c for c in data["catalogs"] if c["language"] == "de")
    assert (de["edition"], de["reasons"]) == ("draft", ["not reviewed: 1 entry"])
    assert f"de/{SAMPLE_SLUG}: draft" in run("--root", project, "build").out
    review(run, project)
    assert f"de/{SAMPLE_SLUG}: final" in run("--root", project, "build", "--verbose").out


# --- status shows reviewed words and who reviewed ------------------------------------------


def test_every_status_format_shows_reviewed_words_and_reviewers(
    project: Path, run: Run, tmp_path: Path
) -> None:
    review(run, project)
    path = project / PO
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    i = next(i for i, block in enumerate(blocks) if "Moskau" in block)
    first = blocks[i]
    blocks[i] = first.replace("Moskau", "Moskwa", 1)  # changed since: no longer reviewed
    path.write_text("\n\n".join(blocks), encoding="utf-8")
    changed_words = len(parse_po(first + "\n", path="x")[0].msgid.split())
    data = json.loads(run("--root", project, "status", "--format", "json").out)
    de = next(c for c in data["catalogs"] if c["language"] == "de")
    assert (de["reviewed"], de["reviewers"]) == (32, ["Anna Schmidt"])
    assert de["reviewed_words"] == de["source_words"] - changed_words
    assert data["languages"]["de"]["reviewed_words"] == de["reviewed_words"]
    assert data["languages"]["ru"]["reviewed"] == 0 and data["languages"]["ru"]["reviewers"] == []
    percent = f"{100 * de['reviewed_words'] / de['source_words']:.1f}"
    rows = list(csv.DictReader(io.StringIO(
        run("--root", project, "status", "--format", "csv").out)))
    german = next(r for r in rows if r["language"] == "de")
    assert (german["reviewed"], german["reviewed_percent"], german["reviewers"]) == (
        "32", percent, "Anna Schmidt")
    table = run("--root", project, "status").out
    assert "words reviewed" in table and "reviewed by" in table
    line = next(ln for ln in table.splitlines() if " de " in ln and SAMPLE_SLUG in ln)
    assert f"{de['reviewed_words']}/{de['source_words']} ({percent}%)" in line
    assert "Anna Schmidt" in line
    markdown = run("--root", project, "status", "--format", "markdown").out
    assert f"{float(percent):.0f}% reviewed (Anna Schmidt) |" in markdown
    assert "| words reviewed | reviewed by |" in markdown
    page = tmp_path / "status.html"
    assert run("--root", project, "status", "--format", "html", "--output", page).code == 0
    html = page.read_text(encoding="utf-8")
    assert f'<span class="rev">{float(percent):.0f}% reviewed by Anna Schmidt</span>' in html
    assert "<th>words reviewed</th>" in html


# --- todo --review -------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=t@example.org", *args],
                   cwd=project, check=True, capture_output=True)


def translator_fixes_the_date(path: Path) -> None:
    """After a sync flagged the drifted entry: the date changed in the translation, the fuzzy
    flag and the previous msgid removed, as a PO editor does on accepting it."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    (i,) = [i for i, block in enumerate(blocks) if "#, fuzzy" in block]
    kept = [ln for ln in blocks[i].split("\n") if ln != "#, fuzzy" and not ln.startswith("#|")]
    blocks[i] = "\n".join(kept).replace("19.", "20.", 1)
    path.write_text("\n\n".join(blocks), encoding="utf-8")


@needs_git
def test_todo_review_shows_the_word_diff_since_the_text_signed_off(
    project: Path, run: Run
) -> None:
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "the edition")
    review(run, project)
    git(project, "commit", "-qam", "reviewed")
    assert run("--root", project, "todo", "de", "--review").out == (
        "Nothing waits for review: every translated entry is reviewed.\n")
    edit_english(project, "in Moscow on 19\u00a0July", "in Moscow on 20\u00a0July")
    assert run("--root", project, "sync", "-q").code == 0
    translator_fixes_the_date(project / PO)
    git(project, "commit", "-qam", "the date fixed")  # history after the review is fine too
    result = run("--root", project, "todo", "de", "--review")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"{PO}: 1 to review"
    assert re.fullmatch(rf"  {PO}:\d+: changed since review \(signed off by Anna Schmidt on "
                        r"2024-05-01\): Following the trilateral meeting .*…", lines[1])
    assert lines[2].startswith("      English since review: … ")
    assert "Azerbaijan in Moscow on [-19-]{+20+} July, Lavrov" in lines[2]
    assert "Aserbaidschans am [-19.-]{+20.+} Juli in Moskau" in lines[3]
    assert lines[3].startswith("      translation since review: … ")
    assert len(lines) == 4
    markdown = run("--root", project, "todo", "de", "--review", "--format", "markdown").out
    assert markdown.startswith(f"### {SAMPLE_SLUG} (de): 1 to review\n\n- [ ] {PO}:")
    assert "  - English since review: … of Russia, Armenia and Azerbaijan in Moscow on ~~19~~ " \
        "**20** July" in markdown
    # a language nobody reviewed: every translated entry waits
    russian = run("--root", project, "todo", "ru", "--review").out.splitlines()
    assert russian[0] == f"locales/ru/{SAMPLE_SLUG}.po: 32 to review"  # one is fuzzy
    assert all(": waiting for review: " in line for line in russian[1:])
    review(run, project)
    assert run("--root", project, "todo", "de", "--review").out.startswith("Nothing waits")


def test_todo_review_without_the_signed_text_in_git_says_so(project: Path, run: Run) -> None:
    review(run, project)  # not a git repository: nothing to look the text up in
    path = project / PO
    path.write_text(path.read_text(encoding="utf-8").replace("Moskau", "Moskwa", 1),
                    encoding="utf-8")
    lines = run("--root", project, "todo", "de", "--review").out.splitlines()
    assert lines[0] == f"{PO}: 1 to review"
    assert ": changed since review (signed off by Anna Schmidt on 2024-05-01): " in lines[1]
    assert lines[2:] == ["      the text signed off is not in the catalog's git history; "
                         "review the entry as it is"]


def test_a_catalog_that_cannot_be_read_is_named_and_the_others_are_reviewed(
    project: Path, run: Run
) -> None:
    (project / "sources" / "note.md").write_text("A short note.\n", encoding="utf-8")
    assert run("--root", project, "sync", "-q").code == 0
    broken = project / "locales" / "de" / "note.po"
    broken.write_text(broken.read_text(encoding="utf-8") + 'msgid "unterminated\n',
                      encoding="utf-8")
    before = broken.read_bytes()
    result = run("--root", project, "review", "de", "--by", "Anna Schmidt")
    assert result.code == 2
    assert "locales/de/note.po:" in result.err and result.err.count("\n") == 1
    assert f"reviewed {PO}: 33 signed off" in result.out
    assert "1 file left as it was: it cannot be read." in result.out
    assert broken.read_bytes() == before
    waiting = run("--root", project, "todo", "de", "--review")
    assert waiting.code == 2 and "locales/de/note.po:" in waiting.err
    assert waiting.out.startswith("Nothing waits for review")
