"""Single sync scenarios that once went wrong (each found by the property tests)."""

from __future__ import annotations

import polib

from transkit.core.po.pofile import format_po, parse_po
from transkit.core.source.segment import segment_markdown
from transkit.core.sync.model import MinorDrift
from transkit.core.sync.update import sync_catalog


def test_english_equal_to_an_obsolete_entry_and_to_an_active_one_up_to_nbsp() -> None:
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog.append(polib.POEntry(msgid="In\u00a0the war.", msgstr="Im Krieg (neu)."))
    old = polib.POEntry(msgid="In the war.", msgstr="Im Krieg (alt).")
    old.obsolete = True
    catalog.append(old)
    result = sync_catalog(catalog, segment_markdown("In the war.\n"), reference="a.md")
    text = format_po(result.catalog)
    again = parse_po(text, path="de.po")  # no duplicate: the file is readable
    active = {e.msgid: e.msgstr for e in again if not e.obsolete and e.msgid}
    obsolete = {e.msgid: e.msgstr for e in again if e.obsolete}
    assert active == {"In the war.": "Im Krieg (alt)."}
    assert obsolete == {"In\u00a0the war.": "Im Krieg (neu)."}


def test_a_drifted_entry_that_goes_obsolete_keeps_what_it_was_translated_from() -> None:
    """As msgmerge does, a fuzzy entry keeps its previous msgid ("#~| msgid") when its
    paragraph is deleted, through any number of syncs, and has it again when revived."""
    first = "The war began in 2005.\n\nIt ended in 2020.\n"
    catalog = sync_catalog(polib.POFile(), segment_markdown(first), reference="a.md").catalog
    for entry in catalog:
        entry.msgstr = "Übersetzt: " + entry.msgid
    edited = first.replace("2005", "2006")
    catalog = sync_catalog(catalog, segment_markdown(edited), reference="a.md").catalog
    gone = sync_catalog(catalog, segment_markdown("It ended in 2020.\n"), reference="a.md")
    text = format_po(gone.catalog)
    assert '#, fuzzy\n#~| msgid "The war began in 2005."\n#~ msgid "The war began in 2006."' in text
    again = format_po(
        sync_catalog(parse_po(text, path="de.po"), segment_markdown("It ended in 2020.\n"),
                     reference="a.md").catalog
    )
    assert again == text
    back = sync_catalog(parse_po(text, path="de.po"), segment_markdown(edited), reference="a.md")
    (revived,) = [e for e in back.catalog if e.msgid == "The war began in 2006."]
    assert not revived.obsolete and "fuzzy" in revived.flags
    assert revived.previous_msgid == "The war began in 2005."
    assert revived.msgstr == "Übersetzt: The war began in 2005."


def _translated(text: str) -> polib.POFile:
    catalog = sync_catalog(polib.POFile(), segment_markdown(text), reference="a.md").catalog
    for entry in catalog:
        entry.msgstr = "Übersetzt: " + entry.msgid
    return catalog


def _resync(catalog: polib.POFile, text: str) -> polib.POFile:
    result = sync_catalog(catalog, segment_markdown(text), reference="a.md")
    return parse_po(format_po(result.catalog), path="de.po")


ORIGINAL = "The war began in 2005.\n\nIt ended in 2020.\n\nPeace did not follow.\n"


def test_an_edit_undone_gives_the_translation_back_not_fuzzy() -> None:
    catalog = _resync(_translated(ORIGINAL), ORIGINAL.replace("2005", "2006"))
    assert [e.msgid for e in catalog if "fuzzy" in e.flags] == ["The war began in 2006."]
    result = sync_catalog(catalog, segment_markdown(ORIGINAL), reference="a.md")
    assert result.stats.restored == 1 and result.stats.drifted == 0
    entry = result.catalog.find("The war began in 2005.")
    assert entry is not None and "fuzzy" not in entry.flags and entry.previous_msgid is None
    assert entry.msgstr == "Übersetzt: The war began in 2005."
    assert not any(c.startswith("drift") for c in entry.comment.split("\n"))


def test_a_drifted_paragraph_deleted_then_restored_as_it_was_comes_back_translated() -> None:
    catalog = _resync(_translated(ORIGINAL), ORIGINAL.replace("2005", "2006"))
    catalog = _resync(catalog, "It ended in 2020.\n\nPeace did not follow.\n")
    assert [e.msgid for e in catalog.obsolete_entries()] == ["The war began in 2006."]
    result = sync_catalog(catalog, segment_markdown(ORIGINAL), reference="a.md")
    entry = result.catalog.find("The war began in 2005.")
    assert entry is not None and not entry.obsolete and "fuzzy" not in entry.flags
    assert entry.msgstr == "Übersetzt: The war began in 2005."
    assert result.catalog.obsolete_entries() == []
    assert result.stats.revived == 1


def test_a_moved_paragraph_is_reported_as_moved_and_keeps_its_translation() -> None:
    catalog = _translated(ORIGINAL)
    moved = "Peace did not follow.\n\nThe war began in 2005.\n\nIt ended in 2020.\n"
    result = sync_catalog(catalog, segment_markdown(moved), reference="a.md")
    assert result.stats.moved == 1 and result.stats.describe() == "1 moved"
    assert [e.msgid for e in result.catalog] == [
        "Peace did not follow.", "The war began in 2005.", "It ended in 2020."
    ]
    assert not any("fuzzy" in e.flags for e in result.catalog)


_KEEP_BEFORE = "# Context and Configuration\n\nIt ended in 2020.\n\nThe acess was closed.\n"
_KEEP_AFTER = "# Context and configuration\n\nIt ended in 2021.\n\nThe access was closed.\n"


def test_minor_drift_keep_carries_a_change_of_case_without_the_fuzzy_flag() -> None:
    """`minor_drift = "keep"`: a heading's case-only change keeps its translation final, its
    comment saying what changed; a changed year and a spelling fix are flagged as ever."""
    result = sync_catalog(_translated(_KEEP_BEFORE), segment_markdown(_KEEP_AFTER),
                          reference="a.md", minor_drift=MinorDrift.KEEP)
    entries = {e.msgid: e for e in result.catalog if e.msgid}
    heading = entries["Context and configuration"]
    assert heading.msgstr == "Übersetzt: Context and Configuration"
    assert "fuzzy" not in heading.flags and heading.previous_msgid is None
    assert heading.comment.split("\n") == [
        "heading 1",
        "drift: minor, kept without the fuzzy flag (spelling or punctuation)",
        "diff: Context and [-Configuration-]{+configuration+}",
    ]
    assert "fuzzy" in entries["It ended in 2021."].flags  # a number: critical
    assert "fuzzy" in entries["The access was closed."].flags  # spelling: minor, not harmless
    assert result.stats.drifted == 3 and result.stats.minor == 2
    # the comment holds as long as the English does; a second sync changes nothing
    text = format_po(result.catalog)
    again = sync_catalog(parse_po(text, path="de.po"), segment_markdown(_KEEP_AFTER),
                         reference="a.md", minor_drift=MinorDrift.KEEP)
    assert format_po(again.catalog) == text and not again.stats.content_changed


def test_minor_drift_fuzzy_is_the_default() -> None:
    result = sync_catalog(_translated(_KEEP_BEFORE), segment_markdown(_KEEP_AFTER),
                          reference="a.md")
    heading = next(e for e in result.catalog if e.msgid == "Context and configuration")
    assert "fuzzy" in heading.flags
    assert heading.previous_msgid == "Context and Configuration"


def test_filling_new_units_after_a_sync_is_a_sync_with_the_memory() -> None:
    """A sync learns what its new units ask before it reads the memory and fills them after
    (`fill_new`): the catalog and stats are those of one sync with that memory, and the
    catalog it filled is left as it was."""
    from transkit.core.sync.model import Recalled
    from transkit.core.sync.update import fill_new

    old = parse_po(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#. paragraph\n#: a.md:1\nmsgid "Kept as it was."\nmsgstr "Gehalten."\n\n'
        '#. paragraph\n#: a.md:3\nmsgid "Edited in 2020 by the board."\nmsgstr "Bearbeitet."\n\n'
        '#. paragraph\n#: a.md:5\nmsgid "Not translated yet."\nmsgstr ""\n',
        path="a.po",
    )
    text = ("# A heading nobody has seen\n\nKept as it was.\n\nEdited in 2021 by the board.\n\n"
            "Not translated yet.\n\nA paragraph the memory has as it is.\n\n"
            "A paragraph the memory has something like.\n\nA paragraph it has nothing for.\n")
    document = segment_markdown(text, path="a.md", front_matter_keys=())

    def recall(english: str) -> Recalled | None:
        if "as it is" in english or english == "Not translated yet.":
            return Recalled(english, f"[{english}]", True, "other")
        if "something like" in english:
            return Recalled("A paragraph the memory has something alike.", "[ähnlich]", False,
                            "other (90% similar)")
        return None

    once = sync_catalog(old, document, reference="a.md", recall=recall)
    first = sync_catalog(old, document, reference="a.md")
    laid_out = format_po(first.catalog)
    later = fill_new(first, recall)
    assert format_po(later.catalog) == format_po(once.catalog)
    # (an untranslated entry the catalog had is not new: the memory is not asked for it)
    assert later.stats == once.stats and (once.stats.memory, once.stats.memory_fuzzy) == (1, 1)
    assert format_po(first.catalog) == laid_out and first.stats.memory == 0
    assert [later.catalog[n].msgid for n in later.asks] == [
        "A heading nobody has seen", "A paragraph it has nothing for."]
    assert later.asks == once.asks
