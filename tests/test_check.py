"""check: each gate fails with a precise finding, and passes on the clean sample."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import polib
import pytest

from .conftest import SAMPLE_SLUG, Run

PO = f"{SAMPLE_SLUG}.po"


def entry_with(catalog: polib.POFile, needle: str) -> polib.POEntry:
    return next(e for e in catalog if needle in e.msgid)


def edit(project: Path, lang: str, needle: str, msgstr: str, flags: list[str] | None = None) -> int:
    path = project / "locales" / lang / PO
    catalog = polib.pofile(str(path))
    entry = entry_with(catalog, needle)
    entry.msgstr = msgstr
    if flags:
        entry.flags.extend(flags)
    catalog.save(str(path))
    from transkit.core.po.pofile import format_po, parse_po

    text = format_po(parse_po(path.read_text(encoding="utf-8"), path=str(path)))
    path.write_text(text, encoding="utf-8")
    first = int(entry_with(parse_po(text, path="x"), needle).linenum or 0)
    lines = text.split("\n")
    # findings point at the translation: the entry's msgstr line, not its first comment line
    return next(n for n in range(first, len(lines) + 1) if lines[n - 1].startswith("msgstr"))


def test_clean_sample_passes(run: Run, project: Path) -> None:
    result = run("--root", project, "check")
    assert result.code == 0, result.out
    assert "0 errors" in result.out


def test_dropped_footnote_reference(run: Run, project: Path) -> None:
    catalog = polib.pofile(str(project / "locales" / "de" / PO))
    german = entry_with(catalog, "began in 2005").msgstr
    line = edit(project, "de", "began in 2005", german.replace("[^1]", ""))
    result = run("--root", project, "check", "--format", "json")
    assert result.code == 1
    findings = json.loads(result.out)["findings"]
    assert [(f["check"], f["line"], f["language"]) for f in findings] == [
        ("completeness", None, "de"), ("footnote-refs", line, "de")
    ]
    # the verdict reads the error: the edition is a draft, and says why
    assert findings[0]["message"] == ("the edition would be draft, not final: "
                                      f"footnote-refs: locales/de/{PO}:{line}")
    assert "[^1]" in findings[1]["message"] and f"locales/de/{PO}" == findings[1]["path"]


def test_english_pasted_into_russian(run: Run, project: Path) -> None:
    english = "Russia took advantage of its right to veto in the UN Security Council"
    edit(project, "ru", "In April, the protesters", english + ", as everyone in April knew.")
    result = run("--root", project, "check")
    assert result.code == 1
    assert "[wrong-language]" in result.out and "Latin-script, not Russian" in result.out


def test_cyrillic_in_armenian(run: Run, project: Path) -> None:
    russian = polib.pofile(str(project / "locales" / "ru" / PO))
    text = entry_with(russian, "In April, the protesters").msgstr
    edit(project, "hy", "In April, the protesters", text)
    result = run("--root", project, "check", "--lang", "hy")
    assert result.code == 1
    assert "Russian (Cyrillic), not Armenian" in result.out


def test_conflict_marker_is_named_by_line(run: Run, project: Path) -> None:
    path = project / "locales" / "de" / PO
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[40:40] = ["<<<<<<< HEAD"]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run("--root", project, "check", "--format", "github")
    assert result.code == 2  # unreadable input, still reported as a finding
    assert f"::error file=locales/de/{PO},line=41," in result.out
    assert "merge-conflict" in result.out


def test_sources_changed_without_sync(run: Run, project: Path) -> None:
    source = project / "sources" / f"{SAMPLE_SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new closing paragraph.\n",
                      encoding="utf-8")
    result = run("--root", project, "check")
    assert result.code == 1
    assert result.out.count("[freshness]") == 3
    run("--root", project, "sync", "-q")
    after = run("--root", project, "check", "--min-translated", "90")
    assert after.code == 0, after.out


def test_completeness_threshold(run: Run, project: Path) -> None:
    edit(project, "de", "In April, the protesters", "")
    assert run("--root", project, "check", "--lang", "de").code == 1
    assert run("--root", project, "check", "--lang", "de", "--min-translated", "95").code == 0


def test_ignore_flag_silences_one_check_on_one_entry(run: Run, project: Path) -> None:
    catalog = polib.pofile(str(project / "locales" / "de" / PO))
    german = entry_with(catalog, "began in 2005").msgstr
    edit(project, "de", "began in 2005", german.replace("[^1]", ""),
         flags=["transkit-ignore-footnote-refs"])
    assert run("--root", project, "check").code == 0


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="needs gettext's msgcat")
def test_a_translator_comment_silences_a_check_and_survives_msgcat(run: Run, project: Path) -> None:
    path = project / "locales" / "de" / PO
    catalog = polib.pofile(str(path))
    german = entry_with(catalog, "began in 2005").msgstr
    edit(project, "de", "began in 2005", german.replace("[^1]", ""))
    failed = run("--root", project, "check")
    assert failed.code == 1
    assert "silence it on this entry with the translator comment " \
        "'# transkit-ignore-footnote-refs'" in failed.out
    catalog = polib.pofile(str(path))
    entry_with(catalog, "began in 2005").tcomment = "transkit-ignore-footnote-refs"
    catalog.save(str(path))
    # a pass through gettext's own tools, as a translator's workflow may make
    redone = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True)
    path.write_text(redone.stdout, encoding="utf-8")
    assert "# transkit-ignore-footnote-refs" in redone.stdout
    assert run("--root", project, "check").code == 0


def test_a_catalog_whose_article_is_gone_is_reported(run: Run, project: Path) -> None:
    catalog = project / "locales" / "de" / f"{SAMPLE_SLUG}.po"
    shutil.copy(catalog, catalog.with_name("renamed-article.po"))
    result = run("--root", project, "check")
    assert result.code == 0  # a warning: the gates still pass
    assert ("locales/de/renamed-article.po: warning: [orphan] no source article "
            "'renamed-article' in sources") in result.out
    assert "1 warning in" in result.out
    # checking one article says nothing about the others
    assert "orphan" not in run("--root", project, "check", SAMPLE_SLUG).out


def test_sync_after_a_rename_carries_the_translations(run: Run, project: Path) -> None:
    (project / "sources" / PO.replace(".po", ".md")).rename(project / "sources" / "renamed.md")
    result = run("--root", project, "sync")
    assert result.code == 0 and result.err == ""
    assert (f"moved locales/de/{PO} to locales/de/renamed.po\n" in result.out
            and "(its units are those of the vanished article)" in result.out), result.out
    assert not (project / "locales" / "de" / PO).exists()
    again = run("--root", project, "sync")
    assert again.err == "" and "already in step" in again.out
    status = json.loads(run("--root", project, "status", "--format", "json").out)
    assert all(c["percent"] == 100.0 for c in status["catalogs"])


def test_one_enormous_word_does_not_stall_the_checks() -> None:
    """translate-toolkit's e-mail pattern is quadratic in a run without spaces; a 200 KB run
    must not stall check (counted in steps of the e-mail check, not timed)."""
    from transkit.core.checks import pairs as checks
    from transkit.core.checks.model import CheckId
    from transkit.core.checks.run import check_of

    calls: list[str] = []
    original = checks._tt_checker

    def counting(lang: str) -> Any:
        calls.append(lang)
        return original(lang)

    checks._tt_checker = counting  # type: ignore[assignment]
    try:
        run_e_mail = check_of(CheckId.TT_EMAILS).function
        assert list(run_e_mail("x" * 200_000, "y" * 200_000, "de")) == []
        assert calls == []  # not searched at all
        assert list(run_e_mail("Write to a@example.org.", "Schreiben Sie uns.", "de"))
    finally:
        checks._tt_checker = original


def test_a_header_for_another_language_is_reported(run: Run, project: Path) -> None:
    path = project / "locales" / "de" / PO
    text = path.read_text(encoding="utf-8")
    assert '"Language: de\\n"' in text and "nplurals=2;" in text
    path.write_text(text.replace('"Language: de\\n"', '"Language: fr\\n"')
                    .replace("nplurals=2;", "nplurals=3;"), encoding="utf-8")
    result = run("--root", project, "check", "--lang", "de")
    assert result.code == 0  # warnings
    assert "[header] the header says Language: fr, but this is the de catalog" in result.out
    assert "[header] the header's Plural-Forms has nplurals=3; de has 2" in result.out


def test_numbers_are_named_as_written() -> None:
    from transkit.core.checks.model import CheckId
    from transkit.core.checks.run import check_of

    numbers = check_of(CheckId.NUMBERS).function
    found = list(numbers("Growth of 1.5 percent on 22.02.2022, up from 13,000.",
                         "Wachstum von 1,6 Prozent am 22.03.2022, nach 13 000.", "de"))
    assert found == ["numbers differ from the English: missing 1.5, 22.02.2022; "
                     "unexpected 1,6, 22.03.2022"]


def test_wrong_language_judges_sentence_by_sentence() -> None:
    """One German sentence and four English ones: langdetect, asked about the whole entry, is
    unsure of the mixture, so the entry passed."""
    from transkit.core.checks.model import CheckId
    from transkit.core.checks.run import check_of

    wrong = check_of(CheckId.WRONG_LANGUAGE).function
    source = "Russia took advantage of its veto. The talks failed."
    german = ("Nach der Militäroffensive und der ethnischen Säuberung der Armenier in "
              "Berg-Karabach im September 2023 brachte Aserbaidschan die Hauptstadt Stepanakert "
              "unter seine Kontrolle und zerschlug den De-facto-Staat, der in den vergangenen "
              "drei Jahrzehnten bestanden hatte, während die internationale Gemeinschaft "
              "weitgehend tatenlos zusehen musste und keine wirksamen Maßnahmen ergriff. ")
    english = ("The negotiations were postponed again. Nobody from the delegations came. "
               "It was clear that the process had failed. Then the war began once more.")
    found = list(wrong(source, german + english, "de"))
    assert len(found) == 1 and found[0].startswith("sentence 4 of 5 is not in 'de' (English")
    assert list(wrong(source, german, "de")) == []
    armenian = ("Ռուսաստանը օգտվեց իր վետոյի իրավունքից Անվտանգության խորհրդում և "
                "բանակցությունները ձախողվեցին։ ")
    found = list(wrong(source, armenian + "The delegations of both countries never came back "
                       "to the table after that.", "hy"))
    assert len(found) == 1 and "Latin-script letters" in found[0]


def test_a_footnote_without_a_reference_is_offered_and_reported(run: Run, project: Path) -> None:
    source = project / "sources" / f"{SAMPLE_SLUG}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text + "\n[^9]: A note the text never refers to.\n", encoding="utf-8")
    assert run("--root", project, "sync", "-q").code == 0
    catalog = polib.pofile(str(project / "locales" / "de" / PO))
    entry = entry_with(catalog, "A note the text never refers to.")
    assert "footnote 9 (never referenced in the text)" in entry.comment
    result = run("--root", project, "check", "--gate", "commit")
    line = text.count("\n") + 2
    warning = (f"sources/{SAMPLE_SLUG}.md:{line}: warning: [footnote-unreferenced] the footnote "
               "[^9] is defined, but the text never refers to it")
    assert result.out.count(warning) == 1  # the source's finding, once for all languages
    status = json.loads(run("--root", project, "status", "--format", "json").out)
    assert {c["untranslated"] for c in status["catalogs"]} == {1}  # counted as work to do
