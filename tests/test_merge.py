"""The merge of three catalogs (core.merge) and the splitting of conflict-marked files
(core.conflicts), in memory: each rule of the merge on the smallest catalogs that show it."""

from __future__ import annotations

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transkit.core.merge.conflicts import has_markers, split_conflicts, without_duplicates
from transkit.core.merge.model import MergeAction
from transkit.core.merge.three_way import OTHER_PREFIX, Labels, merge_catalogs, two_way_base
from transkit.core.po.pofile import format_po, parse_po
from transkit.errors import CatalogError

REF = "sources/a.md"
A, B, C, D = ("Alpha paragraph about the war.", "Beta paragraph about peace.",
              "Gamma paragraph about the talks.", "Delta paragraph about the end.")


def entry(msgid: str, msgstr: str = "", *, line: int = 1, fuzzy: bool = False,
          previous: str | None = None, obsolete: bool = False,
          comment: str = "") -> polib.POEntry:
    e = polib.POEntry(msgid=msgid, msgstr=msgstr)
    if not obsolete:
        e.occurrences = [(REF, str(line))]
        e.comment = "paragraph"
    e.obsolete = obsolete
    e.flags = ["fuzzy"] if fuzzy else []
    e.previous_msgid = previous
    e.tcomment = comment
    return e


def catalog(*entries: polib.POEntry, date: str = "", translator: str = "",
            team: str = "German") -> polib.POFile:
    out = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    out.metadata = {"Project-Id-Version": "test", "Language-Team": team, "Language": "de",
                    "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                    "Content-Transfer-Encoding": "8bit"}
    if date:
        out.metadata["PO-Revision-Date"] = date
    if translator:
        out.metadata["Last-Translator"] = translator
    for e in entries:
        out.append(e)
    return out


def merged(base: polib.POFile, ours: polib.POFile, theirs: polib.POFile) -> polib.POFile:
    """The merge, read back from the text it writes (what git would get)."""
    result = merge_catalogs(base, ours, theirs, labels=Labels("main", "branch"))
    return parse_po(format_po(result.catalog), path="merged.po")


def find(cat: polib.POFile, msgid: str) -> polib.POEntry:
    (found,) = [e for e in cat if e.msgid == msgid]
    return found


def test_a_change_on_one_side_wins_and_the_same_change_on_both_is_one() -> None:
    base = catalog(entry(A, "a", line=1), entry(B, "", line=3), entry(C, "c", line=5))
    ours = catalog(entry(A, "a2", line=1), entry(B, "b", line=3), entry(C, "c", line=5))
    theirs = catalog(entry(A, "a", line=1), entry(B, "b", line=3), entry(C, "c3", line=5))
    result = merged(base, ours, theirs)
    assert [(e.msgid, e.msgstr, e.flags) for e in result] == [
        (A, "a2", []), (B, "b", []), (C, "c3", [])]


def test_clashing_translations_keep_one_fuzzy_and_the_other_in_a_comment() -> None:
    base = catalog(entry(A, ""))
    result = merge_catalogs(base, catalog(entry(A, "ours")), catalog(entry(A, "theirs")),
                            labels=Labels("main", "branch"))
    (e,) = result.catalog
    assert e.msgstr == "ours" and "fuzzy" in e.flags  # a tie on dates: ours
    assert e.tcomment == f"{OTHER_PREFIX} (branch): theirs"
    assert [n.action for n in result.notes] == [MergeAction.CLASH]


def test_a_clash_prefers_a_finished_translation_then_the_later_revision() -> None:
    base = catalog(entry(A, "old"))
    finished = merged(base, catalog(entry(A, "ours", fuzzy=True)), catalog(entry(A, "theirs")))
    assert find(finished, A).msgstr == "theirs"
    later = merged(base, catalog(entry(A, "ours"), date="2024-01-01 10:00+0000"),
                   catalog(entry(A, "theirs"), date="2024-01-02 10:00+0000"))
    assert find(later, A).msgstr == "theirs"
    assert "ours" in find(later, A).tcomment and "fuzzy" in find(later, A).flags


def test_a_fuzzy_flag_removed_on_one_side_is_no_clash() -> None:
    base = catalog(entry(A, ""))
    result = merged(base, catalog(entry(A, "same", fuzzy=True)), catalog(entry(A, "same")))
    assert find(result, A).msgstr == "same" and "fuzzy" not in find(result, A).flags
    assert not find(result, A).tcomment


def test_a_translation_for_english_the_other_side_changed_is_carried_as_fuzzy() -> None:
    base = catalog(entry(A, "a"), entry(B, "b", line=3))
    # main changed A's English and synced: the new entry names the old English as '#|'
    main = catalog(entry(A + " Now edited.", "a", fuzzy=True, previous=A),
                   entry(B, "b", line=3))
    branch = catalog(entry(A, "a, revised"), entry(B, "b", line=3))
    result = merge_catalogs(base, main, branch, labels=Labels("main", "branch"))
    text = format_po(result.catalog)
    back = parse_po(text, path="x.po")
    new = find(back, A + " Now edited.")
    assert new.msgstr == "a, revised"
    assert "fuzzy" in new.flags and new.previous_msgid == A
    assert not [e for e in back if e.msgid == A]  # no entry left for English that is gone
    assert "#. drift: " in text  # the drift comments sync would write
    assert [n.action for n in result.notes] == [MergeAction.CARRIED]


def test_a_drift_approved_on_one_side_follows_english_changed_again_on_the_other() -> None:
    base = catalog(entry(B, "b", fuzzy=True, previous=A))  # A was edited into B before
    branch = catalog(entry(B, "b, approved"))  # the translator approves the drift
    main = catalog(entry(C, "b", fuzzy=True, previous=A))  # the editor edits B into C
    new = find(merged(base, main, branch), C)
    assert (new.msgstr, "fuzzy" in new.flags, new.previous_msgid) == ("b, approved", True, B)


def test_a_new_translation_of_english_changed_untranslated_is_found_by_similarity() -> None:
    base = catalog(entry(A, ""), entry(B, "b", line=3))
    # sync keeps no '#|' without a translation: the new entry says nothing of the old
    main = catalog(entry(A.replace("war", "wars"), ""), entry(B, "b", line=3))
    branch = catalog(entry(A, "krieg"), entry(B, "b", line=3))
    result = merged(base, main, branch)
    new = find(result, A.replace("war", "wars"))
    assert (new.msgstr, new.previous_msgid, "fuzzy" in new.flags) == ("krieg", A, True)


def test_a_carried_translation_meets_one_made_for_the_new_english() -> None:
    base = catalog(entry(A, "a"))
    branch = catalog(entry(A, "a, revised"))
    # main's translator started on the drifted entry and left it fuzzy
    main = catalog(entry(A + " Edited.", "a, for the new English", fuzzy=True, previous=A))
    new = find(merged(base, main, branch), A + " Edited.")
    assert new.msgstr == "a, for the new English" and "fuzzy" in new.flags
    assert "a, revised" in new.tcomment and A in new.tcomment
    # ... or finished it, which drops the '#|': the branch's revision stays, obsolete
    main = catalog(entry(A + " Edited.", "a, for the new English"))
    result = merged(base, main, branch)
    assert find(result, A + " Edited.").flags == []
    assert find(result, A).obsolete and find(result, A).msgstr == "a, revised"


def test_an_entry_made_obsolete_on_one_side_keeps_the_other_sides_translation() -> None:
    base = catalog(entry(A, "a"), entry(B, "b", line=3))
    main = catalog(entry(B, "b", line=1), entry(A, "a", obsolete=True))
    branch = catalog(entry(A, "a, revised"), entry(B, "b", line=3))
    result = merge_catalogs(base, main, branch)
    gone = find(result.catalog, A)
    assert gone.obsolete and gone.msgstr == "a, revised"
    assert [n.action for n in result.notes] == [MergeAction.KEPT_OBSOLETE]


def test_an_entry_deleted_on_one_side_and_translated_on_the_other_is_kept() -> None:
    base = catalog(entry(A, ""), entry(B, "b", line=3))
    # main removed A's English; sync drops an untranslated entry outright
    main = catalog(entry(B, "b", line=1))
    branch = catalog(entry(A, "a"), entry(B, "b", line=3))
    gone = find(merged(base, main, branch), A)
    assert gone.obsolete and gone.msgstr == "a"
    # an obsolete entry pruned on one side and back to life on the other stays live
    base = catalog(entry(B, "b", line=1), entry(A, "a", obsolete=True))
    back = catalog(entry(A, "a", line=1), entry(B, "b", line=3))
    live = find(merged(base, back, catalog(entry(B, "b", line=1))), A)
    assert not live.obsolete and live.msgstr == "a"


def test_an_entry_deleted_on_one_side_and_untouched_on_the_other_is_deleted() -> None:
    base = catalog(entry(A, "a"), entry(B, "b", line=3))
    result = merged(base, catalog(entry(B, "b", line=1)), base)
    assert [e.msgid for e in result] == [B]


def test_the_header_takes_the_later_revision_and_merges_the_other_fields() -> None:
    base = catalog(entry(A, "a"), date="2024-01-01 10:00+0000", translator="Base <b@x>")
    ours = catalog(entry(A, "a"), date="2024-02-01 10:00+0100", translator="Ours <o@x>",
                   team="Deutsch")
    theirs = catalog(entry(A, "a"), date="2024-02-01 10:30+0100", translator="Theirs <t@x>")
    theirs.metadata["X-Generator"] = "Poedit 3.4"
    result = merged(base, ours, theirs)
    assert result.metadata["PO-Revision-Date"] == "2024-02-01 10:30+0100"
    assert result.metadata["Last-Translator"] == "Theirs <t@x>"
    assert result.metadata["Language-Team"] == "Deutsch"
    assert result.metadata["X-Generator"] == "Poedit 3.4"


def test_a_placeholder_date_is_older_than_any_date() -> None:
    base = catalog(entry(A, "a"), date="YEAR-MO-DA HO:MI+ZONE", translator="FULL NAME")
    theirs = catalog(entry(A, "a"), date="2020-01-01 00:00+0000", translator="T <t@x>")
    result = merged(base, base, theirs)
    assert result.metadata["Last-Translator"] == "T <t@x>"


def test_entries_follow_the_side_that_synced() -> None:
    base = catalog(entry(A, "a", line=1), entry(B, "b", line=3), entry(C, "c", line=5))
    # main inserted D after A and moved C before B
    main = catalog(entry(A, "a", line=1), entry(D, "", line=3), entry(C, "c", line=5),
                   entry(B, "b", line=7))
    branch = catalog(entry(A, "a", line=1), entry(B, "b2", line=3), entry(C, "c", line=5))
    assert [(e.msgid, e.msgstr) for e in merged(base, main, branch)] == [
        (A, "a"), (D, ""), (C, "c"), (B, "b2")]
    assert [e.msgid for e in merged(base, branch, main)] == [A, D, C, B]


def test_references_both_sides_moved_add_up() -> None:
    base = catalog(entry(A, "a", line=10))
    ours = catalog(entry(A, "a", line=12))  # two lines inserted above on our side
    theirs = catalog(entry(A, "a", line=9))  # one line removed above on theirs
    assert find(merged(base, ours, theirs), A).occurrences == [(REF, "11")]


def test_obsolete_entries_are_merged_too() -> None:
    base = catalog(entry(A, "a"), entry(B, "b", obsolete=True))
    ours = catalog(entry(A, "a"), entry(B, "b2", obsolete=True))
    result = merged(base, ours, base)
    assert find(result, B).obsolete and find(result, B).msgstr == "b2"


def test_the_catalogs_given_are_left_as_they_were() -> None:
    base = catalog(entry(A, "a"), entry(B, ""))
    ours = catalog(entry(A + " Edited.", "a", fuzzy=True, previous=A), entry(B, "x"))
    theirs = catalog(entry(A, "a2"), entry(B, "y"))
    before = [format_po(c) for c in (base, ours, theirs)]
    merge_catalogs(base, ours, theirs)
    assert [format_po(c) for c in (base, ours, theirs)] == before


# --- properties --------------------------------------------------------------------------------

TEXTS = (A, B, C, D)
edits = st.lists(st.sampled_from(["", "x", "y", "z"]), min_size=4, max_size=4)


def _version(msgstrs: list[str]) -> polib.POFile:
    return catalog(*(entry(text, msgstr, line=2 * n + 1)
                     for n, (text, msgstr) in enumerate(zip(TEXTS, msgstrs, strict=True))))


@settings(max_examples=60, deadline=None)
@given(edits, edits, edits)
def test_no_translation_is_ever_lost(base_s: list[str], ours_s: list[str],
                                     theirs_s: list[str]) -> None:
    base, ours, theirs = _version(base_s), _version(ours_s), _version(theirs_s)
    result = merged(base, ours, theirs)
    for n, text in enumerate(TEXTS):
        found = find(result, text)
        for side, other in ((ours_s, theirs_s), (theirs_s, ours_s)):
            # the base's translation, replaced by the other side, is a translator's own change
            replaced = side[n] == base_s[n] and other[n] != base_s[n]
            if side[n] and not replaced:
                assert side[n] == found.msgstr or f": {side[n]}" in found.tcomment


@settings(max_examples=40, deadline=None)
@given(edits, edits)
def test_a_side_that_changed_nothing_gives_the_other_side(base_s: list[str],
                                                          ours_s: list[str]) -> None:
    base, ours = _version(base_s), _version(ours_s)
    assert format_po(merge_catalogs(base, ours, base).catalog) == format_po(ours)
    assert format_po(merge_catalogs(base, base, ours).catalog) == format_po(ours)
    assert format_po(merge_catalogs(base, ours, ours).catalog) == format_po(ours)


# --- conflict-marked files ---------------------------------------------------------------------

MARKED = """\
msgid ""
msgstr "Language: de\\n"

msgid "a"
<<<<<<< HEAD
msgstr "ours"
=======
msgstr "theirs"
>>>>>>> branch
"""

MARKED_DIFF3 = MARKED.replace("=======", "||||||| base\nmsgstr \"\"\n=======")


def test_a_conflict_marked_text_splits_into_its_sides() -> None:
    split = split_conflicts(MARKED, path="x.po")
    assert split.base is None and split.conflicts == 1 and split.labels == ("HEAD", "branch")
    assert split.ours.text.endswith('msgid "a"\nmsgstr "ours"\n')
    assert split.theirs.text.endswith('msgid "a"\nmsgstr "theirs"\n')
    assert split.theirs.line_of(5) == 8  # its msgstr is line 8 of the marked file
    diff3 = split_conflicts(MARKED_DIFF3, path="x.po")
    assert diff3.base is not None and diff3.base.text.endswith('msgid "a"\nmsgstr ""\n')
    assert has_markers(MARKED) and not has_markers(diff3.ours.text)


@pytest.mark.parametrize(("text", "line", "says"), [
    (MARKED.replace("=======\n", ""), 8, "inside the conflict opened at line 5"),
    (MARKED.replace(">>>>>>> branch\n", ""), 5, "never closed"),
    ('msgid "a"\n=======\n', 2, "outside a conflict"),
])
def test_markers_out_of_place_name_their_line(text: str, line: int, says: str) -> None:
    with pytest.raises(CatalogError) as caught:
        split_conflicts(text, path="x.po")
    assert caught.value.line == line and says in caught.value.message


def test_a_side_keeps_its_own_entry_over_the_cleanly_merged_duplicate() -> None:
    text = ('msgid ""\nmsgstr ""\n\n<<<<<<< HEAD\n=======\nmsgid "a"\nmsgstr "mine"\n'
            '>>>>>>> b\n\n#~ msgid "a"\n#~ msgstr "old"\n')
    theirs = without_duplicates(split_conflicts(text, path="x.po").theirs)
    assert [(e.msgid, e.msgstr, e.obsolete) for e in parse_po(theirs.text, path="x")] == [
        ("a", "mine", 0)]


def test_without_a_base_the_newer_english_wins_and_translations_clash() -> None:
    # main changed A's English and synced; the branch revised A's translation and B's
    main = catalog(entry(A + " Edited.", "a", fuzzy=True, previous=A), entry(B, "b", line=3))
    branch = catalog(entry(A, "a, revised"), entry(B, "b2", line=3))
    result = merged(two_way_base(main, branch), main, branch)
    new = find(result, A + " Edited.")
    assert (new.msgstr, "fuzzy" in new.flags, new.previous_msgid) == ("a, revised", True, A)
    clash = find(result, B)  # no base: which side changed it is unknown
    assert "fuzzy" in clash.flags and {clash.msgstr, clash.tcomment.split(": ")[-1]} == {
        "b", "b2"}


def test_without_a_base_a_fuzzy_flag_on_either_side_stays() -> None:
    # a side of a text merge can pair new English with the old translation, unflagged
    ours = catalog(entry(A + " Edited.", "a"))
    theirs = catalog(entry(A + " Edited.", "a", fuzzy=True, previous=A))
    for sides in ((ours, theirs), (theirs, ours)):
        result = find(merged(two_way_base(*sides), *sides), A + " Edited.")
        assert "fuzzy" in result.flags and result.previous_msgid == A


# --- with sync: English edited and synced on one side, translations on the other ---------------

PARAGRAPHS = ("The ceasefire held for a month in the north.",
              "Peacekeepers escorted the convoy to the bridge.",
              "The talks in Moscow ended without a statement.",
              "Observers reported the shelling of the village.",
              "The blockade lasted until the autumn of that year.")
english_edits = st.lists(
    st.tuples(st.integers(0, len(PARAGRAPHS) - 1),
              st.sampled_from(["word", "delete", "insert-after"])),
    max_size=3, unique_by=lambda edit: edit[0])
translator_edits = st.lists(
    st.tuples(st.integers(0, len(PARAGRAPHS) - 1), st.sampled_from(["new", "clear", "fuzzy"])),
    max_size=4, unique_by=lambda edit: edit[0])


def _synced(paragraphs: list[str], old: polib.POFile) -> polib.POFile:
    from transkit.core.source.segment import segment_markdown
    from transkit.core.sync.update import sync_catalog

    document = segment_markdown("\n\n".join(paragraphs) + "\n", path=REF)
    return sync_catalog(old, document, reference=REF).catalog


def _base_catalog() -> polib.POFile:
    from transkit.core.po.catalog import new_catalog

    start = _synced(list(PARAGRAPHS), new_catalog(lang="de", project="p", slug="a", title="a"))
    for n, e in enumerate(start):
        e.msgstr = "" if n == 3 else f"Übersetzung {n}"
    return parse_po(format_po(start), path="base.po")


def _edit_english(edits: list[tuple[int, str]]) -> list[str]:
    out = []
    for n, text in enumerate(PARAGRAPHS):
        kind = dict(edits).get(n)
        if kind != "delete":
            out.append(text.replace("the", "this", 1) if kind == "word" else text)
        if kind == "insert-after":
            out.append(f"A new paragraph, number {n}, inserted by the editor.")
    return out


@settings(max_examples=60, deadline=None)
@given(english_edits, translator_edits, st.booleans())
def test_after_a_merge_sync_has_nothing_to_change_and_nothing_is_lost(
        english: list[tuple[int, str]], translations: list[tuple[int, str]],
        editor_is_ours: bool) -> None:
    base = _base_catalog()
    paragraphs = _edit_english(english)
    edited = parse_po(format_po(_synced(paragraphs, base)), path="editor.po")
    translated = parse_po(format_po(base), path="translator.po")
    for n, kind in translations:
        e = find(translated, PARAGRAPHS[n])
        e.msgstr = {"new": f"Neu {n}", "clear": "", "fuzzy": e.msgstr}[kind]
        e.flags = ["fuzzy"] if kind == "fuzzy" and e.msgstr else []
    sides = (edited, translated) if editor_is_ours else (translated, edited)
    result = parse_po(format_po(merge_catalogs(base, *sides).catalog), path="merged.po")
    # sync of the merged catalog with the merged source (the editor's) changes nothing
    assert format_po(_synced(paragraphs, result)) == format_po(result)
    # every translation the translator wrote is in the result
    kept = [e.msgstr for e in result] + [e.tcomment for e in result]
    for n, kind in translations:
        if kind == "new":
            assert any(f"Neu {n}" in k for k in kept)
    # a finished translation is one made for its English
    finished = {(e.msgid, e.msgstr) for c in (base, edited, translated) for e in c
                if e.msgstr and "fuzzy" not in e.flags}
    for e in result:
        if e.msgstr and "fuzzy" not in e.flags and not e.obsolete:
            assert (e.msgid, e.msgstr) in finished


@settings(max_examples=60, deadline=None)
@given(english_edits, english_edits)
def test_when_both_sides_synced_sync_has_nothing_to_change(
        ours_edits: list[tuple[int, str]], theirs_edits: list[tuple[int, str]]) -> None:
    # git merges the sources cleanly only when the edits are apart
    theirs_edits = [(n, kind) for n, kind in theirs_edits
                    if all(abs(n - m) >= 2 for m, _ in ours_edits)]
    base = _base_catalog()
    ours = parse_po(format_po(_synced(_edit_english(ours_edits), base)), path="ours.po")
    theirs = parse_po(format_po(_synced(_edit_english(theirs_edits), base)), path="theirs.po")
    result = parse_po(format_po(merge_catalogs(base, ours, theirs).catalog), path="merged.po")
    paragraphs = _edit_english(ours_edits + theirs_edits)
    assert format_po(_synced(paragraphs, result)) == format_po(result)
