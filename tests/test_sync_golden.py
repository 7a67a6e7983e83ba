"""Golden sync cases: one folder per kind of editorial edit, in ``tests/data/sync/<case>/``.

Each folder holds ``before.md``, ``before.po`` (the catalog synced from it and translated into
German), ``after.md`` (the edit) and ``after.po``, what syncing ``after.md`` against ``before.po``
must give, byte for byte. The expected files are written by ``tests/data/sync/regenerate.py``
and reviewed by hand; the per-case assertions below pin down what each one must say (which
entries are fuzzy, with what severity, what became obsolete), so a careless regeneration
cannot turn a golden file into nonsense and still pass.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from transkit.core.po.pofile import format_po, parse_po
from transkit.core.source.segment import segment_markdown
from transkit.core.sync.update import sync_catalog

DATA = Path(__file__).resolve().parent / "data" / "sync"
REFERENCE = "sources/article.md"  # as in regenerate.py
CASES = sorted(p.name for p in DATA.iterdir() if (p / "after.md").is_file())


@dataclass
class Case:
    name: str
    before: polib.POFile
    after: polib.POFile
    after_text: str
    before_units: list[str]
    after_units: list[str]

    def active(self) -> list[polib.POEntry]:
        return [e for e in self.after if not e.obsolete and e.msgid]

    def obsolete(self) -> list[polib.POEntry]:
        return [e for e in self.after if e.obsolete]

    def fuzzy(self) -> list[polib.POEntry]:
        return [e for e in self.active() if "fuzzy" in e.flags]

    def entry(self, start: str) -> polib.POEntry:
        """The one active entry whose English starts with `start`."""
        (found,) = [e for e in self.active() if e.msgid.startswith(start)]
        return found

    def old(self, start: str) -> polib.POEntry:
        """The one entry of before.po whose English starts with `start`."""
        (found,) = [e for e in self.before if e.msgid.startswith(start)]
        return found


def units(path: Path) -> list[str]:
    return [s.text for s in segment_markdown(path.read_text(encoding="utf-8")).segments]


def read_po(path: Path) -> polib.POFile:
    return parse_po(path.read_text(encoding="utf-8"), path=str(path))


def synced(folder: Path, catalog_name: str, source_name: str) -> str:
    catalog = read_po(folder / catalog_name)
    document = segment_markdown((folder / source_name).read_text(encoding="utf-8"))
    return format_po(sync_catalog(catalog, document, reference=REFERENCE).catalog)


def load(name: str) -> Case:
    folder = DATA / name
    text = (folder / "after.po").read_text(encoding="utf-8")
    return Case(
        name,
        read_po(folder / "before.po"),
        parse_po(text, path="after.po"),
        text,
        units(folder / "before.md"),
        units(folder / "after.md"),
    )


def drift_line(entry: polib.POEntry) -> str:
    (line,) = [c for c in entry.comment.split("\n") if c.startswith("drift: ")]
    return line


def diff_line(entry: polib.POEntry) -> str:
    (line,) = [c for c in entry.comment.split("\n") if c.startswith("diff: ")]
    return line


def assert_untouched(case: Case, entry: polib.POEntry) -> None:
    """The entry kept the translation of the same English in before.po, and is not fuzzy."""
    old = case.old(entry.msgid)
    assert entry.msgstr == old.msgstr
    assert "fuzzy" not in entry.flags and entry.previous_msgid is None


def assert_drifted(case: Case, entry: polib.POEntry, old_start: str, severity: str) -> None:
    """The entry carries the old translation, fuzzy, with the old English as previous msgid."""
    old = case.old(old_start)
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid == old.msgid != entry.msgid
    assert entry.msgstr == old.msgstr
    assert drift_line(entry).startswith(f"drift: {severity} (")


# --- what each case must show ---------------------------------------------------------------


def check_insert(case: Case) -> None:
    new = case.entry("Until mid-June")
    assert new.msgstr == "" and not new.flags and new.previous_msgid is None
    assert not case.fuzzy() and not case.obsolete()
    for entry in case.active():
        if entry is not new:
            assert_untouched(case, entry)


def check_delete(case: Case) -> None:
    (gone,) = case.obsolete()
    assert gone.msgid.startswith("In February 2021")
    assert gone.msgstr == case.old("In February 2021").msgstr
    assert not case.fuzzy()
    footnote = case.entry("Interview")  # untranslated before, still open, never obsolete
    assert footnote.msgstr == ""
    assert '#~ msgid ""\n#~ "In February 2021, ' in case.after_text  # written as gettext does


def check_reorder(case: Case) -> None:
    assert not case.fuzzy() and not case.obsolete()
    assert [e.msgid for e in case.active()] == case.after_units != case.before_units
    for entry in case.active():
        assert_untouched(case, entry)


def check_edit_sentence(case: Case) -> None:
    (entry,) = case.fuzzy()
    assert_drifted(case, entry, "In April", "substantive")
    assert "[-remained-]{+stayed in place+}" in diff_line(entry)
    assert not case.obsolete()


def check_change_date(case: Case) -> None:
    (entry,) = case.fuzzy()
    assert_drifted(case, entry, "Following the trilateral", "critical")
    assert "number changed: 19 → 21" in drift_line(entry)
    assert "on [-19-]{+21+} July" in diff_line(entry)


def check_flip_negation(case: Case) -> None:
    (entry,) = case.fuzzy()
    assert_drifted(case, entry, "A month after", "critical")
    assert "negation changed" in drift_line(entry)
    assert "did [-not-] prevent" in diff_line(entry)


def check_split(case: Case) -> None:
    old = case.old("A month after")
    first, second = case.fuzzy()
    assert old.msgid == first.msgid + " " + second.msgid
    for part in (first, second):
        assert_drifted(case, part, "A month after", "critical")  # each lost the other's facts
        assert "part of the old text" in drift_line(part)
    assert not case.obsolete()


def check_merge(case: Case) -> None:
    (entry,) = case.fuzzy()
    one, two = case.old("A month after"), case.old("In February 2021")
    assert entry.msgid == one.msgid + " " + two.msgid
    assert entry.msgstr == one.msgstr + " " + two.msgstr
    assert entry.previous_msgid == one.msgid + " " + two.msgid
    assert drift_line(entry) == "drift: minor (no word changed)"
    assert not case.obsolete()


def check_edit_heading(case: Case) -> None:
    (entry,) = case.fuzzy()
    assert_drifted(case, entry, "Russia’s collaboration", "substantive")
    assert entry.comment.split("\n")[0] == "heading 2"


def check_edit_footnote(case: Case) -> None:
    (entry,) = case.fuzzy()
    assert_drifted(case, entry, "Interview", "substantive")
    assert entry.comment.split("\n")[0] == "footnote 1"
    assert "Interview {+with a diplomat,+} based" in diff_line(entry)


def check_edit_title(case: Case) -> None:
    (entry,) = case.fuzzy()
    # Title Case: the capitals of "Peacebuilding" do not make it a name
    assert_drifted(case, entry, "Russia’s Complicity", "substantive")
    assert entry.comment.split("\n")[0] == "front matter: title"
    assert entry.occurrences == [(REFERENCE, "2")]


def check_duplicate_paragraph(case: Case) -> None:
    assert not case.fuzzy() and not case.obsolete()
    entry = case.entry("In April")
    assert [line for _, line in entry.occurrences] == ["26", "34"]
    assert len(case.active()) == len(set(case.after_units)) == len(case.after_units) - 1
    for entry in case.active():
        assert_untouched(case, entry)


def check_rewrite_paragraph(case: Case) -> None:
    (entry,) = case.fuzzy()
    assert_drifted(case, entry, "In April", "substantive")
    assert not case.obsolete()


def check_rewrap(case: Case) -> None:
    assert not case.fuzzy() and not case.obsolete()
    assert "previous" not in case.after_text and "#|" not in case.after_text
    july = case.entry("Following the trilateral")
    assert "19\u00a0July" in july.msgid  # the non-breaking space is the new English...
    assert july.msgstr == case.old("Following the trilateral").msgstr  # ...not drift
    for entry in case.active():
        if entry is not july:
            assert_untouched(case, entry)


CHECKS: dict[str, Callable[[Case], None]] = {
    "insert": check_insert,
    "delete": check_delete,
    "swap": check_reorder,
    "move-section": check_reorder,
    "edit-sentence": check_edit_sentence,
    "change-date": check_change_date,
    "flip-negation": check_flip_negation,
    "split": check_split,
    "merge": check_merge,
    "edit-heading": check_edit_heading,
    "edit-footnote": check_edit_footnote,
    "edit-title": check_edit_title,
    "duplicate-paragraph": check_duplicate_paragraph,
    "rewrite-paragraph": check_rewrite_paragraph,
    "rewrap": check_rewrap,
}


def test_every_case_folder_has_its_assertions() -> None:
    assert sorted(CHECKS) == CASES


@pytest.mark.parametrize("name", CASES)
def test_sync_gives_the_golden_catalog(name: str) -> None:
    folder = DATA / name
    expected = (folder / "after.po").read_text(encoding="utf-8")
    assert synced(folder, "before.po", "after.md") == expected


@pytest.mark.parametrize("name", CASES)
def test_a_second_sync_changes_nothing(name: str) -> None:
    folder = DATA / name
    assert synced(folder, "after.po", "after.md") == (folder / "after.po").read_text("utf-8")


@pytest.mark.parametrize("name", CASES)
def test_golden_catalog_says_what_the_edit_means(name: str) -> None:
    case = load(name)
    assert [e.msgid for e in case.active()] == list(dict.fromkeys(case.after_units))
    before_translations = [e.msgstr for e in case.before if e.msgid and e.msgstr]
    kept = [e.msgstr for e in case.after if e.msgid]
    for msgstr in before_translations:  # no translation is lost, whatever the edit
        assert any(msgstr in text for text in kept), msgstr
    for entry in case.fuzzy():  # drift is explained from the previous msgid alone
        assert entry.previous_msgid is not None
        assert drift_line(entry) and diff_line(entry)
    for entry in case.active():
        if "fuzzy" not in entry.flags:
            assert entry.previous_msgid is None
            assert not any(c.startswith(("drift: ", "diff: ")) for c in entry.comment.split("\n"))
    CHECKS[name](case)


@pytest.mark.parametrize("name", CASES)
def test_undoing_the_edit_restores_every_translation_once(name: str) -> None:
    folder = DATA / name
    undone = parse_po(synced(folder, "after.po", "before.md"), path="undone.po")
    active = {e.msgid: e for e in undone if not e.obsolete and e.msgid}
    for old in read_po(folder / "before.po"):
        if not (old.msgid and old.msgstr):
            continue
        entry = active[old.msgid]
        assert entry.msgstr.count(old.msgstr) == 1
        if entry.msgstr != old.msgstr:
            # undoing a merge is a split: each part carries the joined translation, fuzzy
            assert name == "merge"
            assert "fuzzy" in entry.flags and "part of the old text" in drift_line(entry)
            continue
        # untouched, or fuzzy only because it went through an edit and back
        if "fuzzy" in entry.flags:
            assert entry.previous_msgid == entry.msgid
            assert drift_line(entry) == "drift: minor (no word changed)"


@pytest.mark.skipif(
    shutil.which("msgfmt") is None,
    reason="gettext's msgfmt is not installed (apt-get install gettext)",
)
@pytest.mark.parametrize("name", CASES)
def test_gettext_accepts_the_golden_catalog(name: str) -> None:
    path = DATA / name / "after.po"
    checked = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr == ""  # not even a warning
