"""Single sync scenarios that once went wrong (each found by the property tests)."""

from __future__ import annotations

import polib

from transkit.pofile import format_po, parse_po
from transkit.segment import segment_markdown
from transkit.sync import sync_catalog


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
