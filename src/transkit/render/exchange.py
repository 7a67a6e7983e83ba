"""What `export` wrote and what an import from a CAT tool did."""

from __future__ import annotations

from collections.abc import Sequence

from ..core.exchange.model import ExchangeFormat, ExchangeReport, Exported
from .common import plural


def render_export(files: Sequence[Exported]) -> str:
    """One line per file written: its units, and for XLIFF their states."""
    lines = []
    for f in files:
        if f.format is ExchangeFormat.TMX:
            lines.append(f"wrote {f.path}: {plural(f.units, 'translation unit')} from "
                         f"{plural(f.catalogs, 'catalog')}")
        else:
            lines.append(f"wrote {f.path}: {plural(f.units, 'unit')} ({f.translated} "
                         f"translated, {f.fuzzy} fuzzy, {f.untranslated} untranslated)")
    return "\n".join(lines or ["nothing to export"]) + "\n"


def render_import(report: ExchangeReport) -> str:
    """Each catalog's outcome, then each unit that was not imported, with its place and why."""
    lines = []
    for c in report.catalogs:
        verb = "updated" if c.changed else "unchanged"
        counts = f"{c.imported} imported, {c.unchanged} already so"
        if c.skipped:
            counts += f", {c.skipped} not imported"
        lines.append(f"{verb} {c.path}: {counts}")
    for s in report.skipped:
        unit = f" unit {s.unit}" if s.unit else ""
        lines.append(f"{s.path}:{s.line}:{unit} not imported: {s.reason}")
    return "\n".join(lines) + "\n"
