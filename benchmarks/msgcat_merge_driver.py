"""A msgcat-based git merge driver for PO files, for comparison: the steps of Weblate's
`git-merge-gettext-po` (weblate/examples/git-merge-gettext-po, after git-whistles' merge-po),
written again in Python over the same gettext tools.

    msgcat-merge-driver BASE OURS THEIRS [PATH]     (git's %O %A %B %P)

1. the header of OURS (msggrep -N //);
2. each version made unique (msguniq --unique);
3. unchanged: messages on which base, ours and theirs agree (msgcat, without the
   '#-#-#-#-#' conflicts msgcat writes where versions differ);
4. each side's changes: messages where it differs from the base, with its own translation
   (msgcat SIDE BASE, the conflicts only, msgmerge SIDE onto them, no obsolete ones);
5. conflicts: messages both sides changed differently; then each side's changes but those;
6. all four concatenated, then msgmerge'd onto the union of ours and theirs (so only messages
   one of the sides still has are kept), and the header of OURS put back with --use-first.

Exit 1 (a conflict for git) when msgcat's '#-#-#-#-#' marks are left in the result.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

MARK = "#-#-#-#-#"


def _run(*args: str, stdin: str | None = None) -> str:
    done = subprocess.run(list(args), input=stdin, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{args[0]} failed: {done.stderr.strip()}")
    return done.stdout


def _only_conflicts(po: str) -> str:
    return _run("msggrep", "--force-po", "--msgstr", "-F", "-e", MARK, "-", stdin=po)


def _without_conflicts(po: str) -> str:
    return _run("msggrep", "--force-po", "-v", "--msgstr", "-F", "-e", MARK, "-", stdin=po)


def _changes(side: Path, base: Path, temp: Path) -> str:
    """The messages `side` changed from `base`, with `side`'s translations, none obsolete."""
    both = _run("msgcat", "--force-po", "-o", "-", str(side), str(base))
    reference = temp / f"{side.name}-changed.pot"
    reference.write_text(_only_conflicts(both), encoding="utf-8")
    merged = _run("msgmerge", "--force-po", "--quiet", "--no-fuzzy-matching", "-o", "-",
                  str(side), str(reference))
    return _run("msgattrib", "--force-po", "--no-obsolete", "-", stdin=merged)


def merge(base: Path, ours: Path, theirs: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="msgcat-merge-") as name:
        temp = Path(name)
        header = temp / "header"
        header.write_text(_run("msggrep", "--force-po", "-N", "//", str(ours)), encoding="utf-8")
        unique = {}
        for label, path in (("base", base), ("ours", ours), ("theirs", theirs)):
            unique[label] = temp / label
            _run("msguniq", "--force-po", "--unique", "-o", str(unique[label]), str(path))
        files = {
            "unchanged": _without_conflicts(_run("msgcat", "--force-po", "-o", "-",
                                                 *(str(p) for p in unique.values()))),
            "ours-changes": _changes(unique["ours"], unique["base"], temp),
            "theirs-changes": _changes(unique["theirs"], unique["base"], temp),
        }
        for label, text in files.items():
            (temp / label).write_text(text, encoding="utf-8")
        conflicts = _only_conflicts(_run("msgcat", "--force-po", "-o", "-",
                                         str(temp / "theirs-changes"),
                                         str(temp / "ours-changes")))
        (temp / "conflicts").write_text(conflicts, encoding="utf-8")
        for side in ("ours", "theirs"):
            _run("msgcat", "--force-po", "--unique", "-o", str(temp / f"{side}-only"),
                 str(temp / f"{side}-changes"), str(temp / "conflicts"))
        _run("msgcat", "--force-po", "-o", str(temp / "merge1"), str(temp / "unchanged"),
             str(temp / "conflicts"), str(temp / "ours-only"), str(temp / "theirs-only"))
        union = temp / "union.pot"
        union.write_text(_run("msgcat", "--force-po", "-o", "-", str(unique["ours"]),
                              str(unique["theirs"])), encoding="utf-8")
        _run("msgmerge", "--force-po", "--quiet", "--no-fuzzy-matching", "-o",
             str(temp / "merge2"), str(temp / "merge1"), str(union))
        result = _run("msgcat", "--force-po", "--use-first", "-o", "-", str(header),
                      str(temp / "merge2"))
    ours.write_text(result, encoding="utf-8")
    return 1 if MARK in result else 0


if __name__ == "__main__":
    sys.exit(merge(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])))
