"""Run the golden sync edits through transkit, gettext's msgmerge and po4a; print a table.

For every case in ``tests/data/sync/`` (``before.md`` + translated ``before.po`` -> ``after.md``):

- **transkit**: ``sync_catalog(before.po, after.md)``;
- **msgmerge**: ``msgmerge --previous before.po after.pot``, where ``after.pot`` holds transkit's
  units of ``after.md`` without translations (so both tools see the same msgids);
- **po4a**: po4a segments Markdown itself (``po4a-updatepo -f text -o markdown``; po4a 0.69 has
  no separate Markdown format). Its catalog of ``before.md`` is filled with the same German
  translations, then updated with ``po4a-updatepo -m after.md``, which runs msgmerge inside.

Each cell says what became of the translations of the units the edit touched: "kept" (on an
active entry, fuzzy or not), "joined" (a merge put both into one entry), "obsolete" (only in a
``#~`` entry, no longer offered for the unit), "lost" (nowhere). Units the edit did not touch
must stay "kept, not fuzzy"; a cell says so when one did not. Usage::

    python benchmarks/compare_sync_peers.py [--data tests/data/sync]

The output is Markdown (docs/sync-vs-peers.md holds a copy with a discussion).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib

from transkit.core.po.catalog import new_catalog
from transkit.core.po.pofile import format_po, parse_po
from transkit.core.source.segment import segment_markdown
from transkit.core.sync.update import fold, sync_catalog

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = "sources/article.md"
PO4A_FORMAT = ["-f", "text", "-o", "markdown", "-o", "yfm_keys=title", "-M", "UTF-8"]
_FOOTNOTE_LABEL = re.compile(r"^\[\^[^\]]+\]:\s*")


@dataclass(frozen=True)
class Focus:
    """What to look at in one case: translations of old units, or a new unit."""

    old: tuple[str, ...] = ()  # starts of the English of old units the edit touched
    new: str = ""  # start of the English of a unit the edit added
    all_old: bool = False  # every old unit is touched (a re-wrap)


FOCUS: dict[str, Focus] = {
    "insert": Focus(new="Until mid-June"),
    "delete": Focus(old=("In February 2021",)),
    "swap": Focus(old=("A month after", "In February 2021")),
    "move-section": Focus(old=("Russia’s collaboration", "In April", "Following the")),
    "edit-sentence": Focus(old=("In April",)),
    "change-date": Focus(old=("Following the",)),
    "flip-negation": Focus(old=("A month after",)),
    "split": Focus(old=("A month after",)),
    "merge": Focus(old=("A month after", "In February 2021")),
    "edit-heading": Focus(old=("Russia’s collaboration",)),
    "edit-footnote": Focus(old=("Interview",)),
    "edit-title": Focus(old=("Russia’s Complicity",)),
    "duplicate-paragraph": Focus(old=("In April",)),
    "rewrite-paragraph": Focus(old=("In April",)),
    "rewrap": Focus(all_old=True),
}


def _active(catalog: polib.POFile) -> list[polib.POEntry]:
    return [e for e in catalog if not e.obsolete and e.msgid]


def _fate(catalog: polib.POFile, msgstr: str, *, severity: Callable[[polib.POEntry], str]) -> str:
    """What became of one old translation in an updated catalog."""
    holders = [e for e in _active(catalog) if msgstr in e.msgstr]
    if holders:
        fuzzy = ["fuzzy" in e.flags for e in holders]
        word = "joined" if any(_plain(e.msgstr) != fold(msgstr) for e in holders) else "kept"
        if len(holders) > 1:
            word += f" ×{len(holders)}"
        if not any(fuzzy):
            return f"{word}, not fuzzy"
        grades = sorted({severity(e) for e in holders if "fuzzy" in e.flags} - {""})
        return f"{word}, fuzzy" + (f" ({', '.join(grades)})" if grades else "")
    if any(e.obsolete and msgstr in e.msgstr for e in catalog):
        return "obsolete"
    return "lost"


def _summary(fates: list[str]) -> str:
    """The fates of the touched translations: one, each of two, or counted."""
    if len(fates) <= 2:
        if len(set(fates)) == 1 and len(fates) == 2:
            return f"both {fates[0]}"
        return " / ".join(fates)
    counts = {fate: fates.count(fate) for fate in fates}
    if len(counts) == 1:
        return f"all {len(fates)} {fates[0]}"
    return "; ".join(f"{n} {fate}" for fate, n in counts.items())


def _severity(entry: polib.POEntry) -> str:
    for line in entry.comment.split("\n"):
        if line.startswith("drift: "):
            return line.split()[1]
    return ""


def _no_severity(entry: polib.POEntry) -> str:
    return ""


def describe(
    name: str,
    before: list[tuple[str, str]],
    result: polib.POFile,
    *,
    severity: Callable[[polib.POEntry], str] = _no_severity,
) -> str:
    """One table cell: the fate of the touched translations, plus any collateral damage."""
    focus = FOCUS[name]
    touched = [
        (en, de) for en, de in before if focus.all_old or en.startswith(focus.old or ("\0",))
    ]
    untouched = [(en, de) for en, de in before if (en, de) not in touched]
    cell = _summary([_fate(result, de, severity=severity) for _, de in touched])
    if focus.new:
        (entry,) = [e for e in _active(result) if _plain(e.msgid).startswith(focus.new)]
        if not entry.msgstr:
            cell = "new entry, untranslated"
        else:
            cell = "new entry, given another unit's translation" + (
                " (fuzzy)" if "fuzzy" in entry.flags else " (NOT fuzzy)"
            )
    disturbed = [
        de for _, de in untouched if _fate(result, de, severity=severity) != "kept, not fuzzy"
    ]
    if disturbed:
        cell += f"; {len(disturbed)} untouched unit(s) disturbed"
    return cell


def _plain(msgid: str) -> str:
    """English of an entry as transkit has it: po4a keeps a footnote's label in the msgid."""
    return fold(_FOOTNOTE_LABEL.sub("", msgid))


def _translations(catalog: polib.POFile) -> list[tuple[str, str]]:
    return [(e.msgid, e.msgstr) for e in catalog if e.msgid and e.msgstr and not e.obsolete]


def run_transkit(folder: Path) -> polib.POFile:
    before = parse_po((folder / "before.po").read_text(encoding="utf-8"), path="before.po")
    document = segment_markdown((folder / "after.md").read_text(encoding="utf-8"))
    return sync_catalog(before, document, reference=REFERENCE).catalog


def run_msgmerge(folder: Path, work: Path) -> polib.POFile:
    document = segment_markdown((folder / "after.md").read_text(encoding="utf-8"))
    template = new_catalog(lang="de", project="P", slug="article", title="Article")
    pot = work / "after.pot"
    pot.write_text(
        format_po(sync_catalog(template, document, reference=REFERENCE).catalog),
        encoding="utf-8",
    )
    out = work / "msgmerge.po"
    subprocess.run(
        ["msgmerge", "--previous", "--quiet", "-o", str(out), str(folder / "before.po"),
         str(pot)],
        check=True,
    )
    return polib.pofile(str(out))


def run_po4a(folder: Path, work: Path, before: polib.POFile) -> polib.POFile:
    """po4a's own catalog of before.md, translated as before.po is, updated for after.md."""
    german = {fold(e.msgid): e.msgstr for e in before if e.msgid}
    shutil.copy(folder / "before.md", work / "doc.md")
    catalog_path = work / "po4a.po"
    _po4a_update(work / "doc.md", catalog_path)
    catalog = polib.pofile(str(catalog_path))
    for entry in catalog:
        label = _FOOTNOTE_LABEL.match(entry.msgid)
        translation = german.get(_plain(entry.msgid), "")
        entry.msgstr = (label.group() if label and translation else "") + translation
    catalog.save(str(catalog_path))
    shutil.copy(folder / "after.md", work / "doc.md")  # same name: po4a keeps references
    _po4a_update(work / "doc.md", catalog_path)
    return polib.pofile(str(catalog_path))


def _po4a_update(master: Path, catalog: Path) -> None:
    subprocess.run(
        ["po4a-updatepo", *PO4A_FORMAT, "-m", str(master), "-p", str(catalog)],
        check=True,
        capture_output=True,
    )


def table(data: Path) -> str:
    cases = [p for p in sorted(data.iterdir()) if p.name in FOCUS and (p / "after.md").exists()]
    has_msgmerge = shutil.which("msgmerge") is not None
    has_po4a = shutil.which("po4a-updatepo") is not None
    rows = [
        "| case | transkit | msgmerge --previous | po4a-updatepo (text, markdown) |",
        "|---|---|---|---|",
    ]
    for folder in cases:
        before = parse_po((folder / "before.po").read_text(encoding="utf-8"), path="before.po")
        translations = _translations(before)
        cells = [describe(folder.name, translations, run_transkit(folder), severity=_severity)]
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            cells.append(
                describe(folder.name, translations, run_msgmerge(folder, work))
                if has_msgmerge
                else "msgmerge not installed"
            )
            cells.append(
                describe(folder.name, translations, run_po4a(folder, work, before))
                if has_po4a
                else "po4a not installed"
            )
        rows.append(f"| {folder.name} | " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "tests" / "data" / "sync")
    args = parser.parse_args(argv)
    sys.stdout.write(table(args.data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
