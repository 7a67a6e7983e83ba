"""Run the merge cases (benchmarks/merge_cases.py) through transkit's driver, a msgcat-based
driver (Weblate's git-merge-gettext-po, see msgcat_merge_driver.py) and git's own text merge,
with `git merge` and with `git rebase`; print a Markdown report.

A case is *resolved correctly* when git does not stop (no conflict) and the result holds no
wrong finished translation (a translation not fuzzy on English it was not made for) - the
issue's measure - and *fully right* when, besides, no translation either side wrote is lost,
the case's own expectation holds (a clash is fuzzy and keeps both translations, a carried
translation is fuzzy and names the English it was made for, the later header wins, ...) and
`transkit sync --dry-run` finds nothing to change. A last column runs `transkit resolve` on
what git's text merge left with conflict markers.

    python benchmarks/compare_merge_peers.py [--output docs/merge-vs-peers.md]

Needs git, and msgcat, msggrep, msgmerge, msguniq and msgattrib (gettext) on the PATH.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import merge_cases as mc  # noqa: E402 - beside this script, not a package

TOOLS = (
    ("transkit merge-po", mc.Driver.TRANSKIT, False),
    ("msgcat driver (Weblate)", mc.Driver.MSGCAT, False),
    ("git text merge", mc.Driver.TEXT, False),
    ("git text merge, then transkit resolve", mc.Driver.TEXT, True),
)


@dataclass(frozen=True)
class Row:
    case: str
    operation: str
    cells: tuple[mc.Outcome, ...]


def describe(outcome: mc.Outcome) -> str:
    """One table cell: 'right', or what went wrong."""
    if outcome.conflict:
        return "conflict"
    parts = []
    if outcome.wrong:
        parts.append(f"**wrong finished translation** ×{len(outcome.wrong)}")
    if outcome.lost:
        parts.append(f"lost ×{len(outcome.lost)}")
    parts += [p.split(": ", 1)[-1] if ": " in p else p for p in outcome.problems]
    if not outcome.sync_clean:
        parts.append("sync would change it")
    return "; ".join(parts) or "right"


def run_all(operations: tuple[str, ...]) -> list[Row]:
    rows = []
    for case in mc.CASES:
        for operation in operations:
            cells = []
            for _, driver, resolve in TOOLS:
                with tempfile.TemporaryDirectory(prefix="merge-peers-") as name:
                    repo = mc.Repo.create(Path(name) / "repo")
                    mc.prepare_case(repo, case, driver)
                    cells.append(mc.run_case(repo, case, rebase=operation == "rebase",
                                             resolve=resolve))
            rows.append(Row(case.name, operation, tuple(cells)))
            print(f"{case.name} ({operation}): " + " | ".join(describe(c) for c in cells),
                  file=sys.stderr)
    return rows


def report(rows: list[Row]) -> str:
    head = ["case", "git", *(name for name, _, _ in TOOLS)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        lines.append(f"| {row.case} | {row.operation} | "
                     + " | ".join(describe(c) for c in row.cells) + " |")
    total = len(rows)
    lines += ["", "| | " + " | ".join(name for name, _, _ in TOOLS) + " |",
              "|---|" + "---|" * len(TOOLS)]
    measures = (
        ("resolved correctly (no conflict, no wrong finished translation)",
         lambda c: not c.conflict and not c.wrong),
        ("conflicts", lambda c: c.conflict),
        ("wrong finished translations (merges with one)", lambda c: bool(c.wrong)),
        ("fully right (also nothing lost, the case's expectation, sync clean)",
         lambda c: c.correct and bool(c.sync_clean)),
    )
    for label, test in measures:
        counts = [sum(1 for row in rows if test(row.cells[i])) for i in range(len(TOOLS))]
        lines.append(f"| {label} | " + " | ".join(f"{n} of {total}" for n in counts) + " |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    parser.add_argument("--merge-only", action="store_true", help="skip the rebases")
    args = parser.parse_args()
    missing = [tool for tool in ("git", "msgcat", "msggrep", "msgmerge", "msguniq",
                                 "msgattrib") if shutil.which(tool) is None]
    if missing:
        print(f"needs {', '.join(missing)} on the PATH", file=sys.stderr)
        return 2
    rows = run_all(("merge",) if args.merge_only else ("merge", "rebase"))
    text = report(rows)
    print(text, end="")
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
