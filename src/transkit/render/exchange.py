"""What `export` wrote and what an import from a CAT tool did."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import PurePath

from ..core.exchange.model import ExchangeFormat, ExchangeReport, Exported
from .common import plural


def render_export(files: Sequence[Exported], *, verbose: bool = False) -> str:
    """A TMX or a single XLIFF file: one line, its units and their states. Many XLIFF files:
    one line for them all (their count, folder and units), each file's line with `verbose`."""
    if not files:
        return "nothing to export\n"
    lines = [_exported(f) for f in files] if verbose or len(files) == 1 else []
    if len(files) > 1:
        folders = sorted({str(PurePath(f.path).parent) for f in files})
        where = folders[0] if len(folders) == 1 else f"{len(folders)} folders"
        units = sum(f.units for f in files)
        lines.append(f"wrote {plural(len(files), 'XLIFF file')} in {where}: "
                     f"{plural(units, 'unit')} ({sum(f.translated for f in files)} translated, "
                     f"{sum(f.fuzzy for f in files)} fuzzy, "
                     f"{sum(f.untranslated for f in files)} untranslated)"
                     + ("" if verbose else " (--verbose names each file)"))
    return "\n".join(lines) + "\n"


def _exported(f: Exported) -> str:
    if f.format is ExchangeFormat.TMX:
        return (f"wrote {f.path}: {plural(f.units, 'translation unit')} from "
                f"{plural(f.catalogs, 'catalog')}")
    return (f"wrote {f.path}: {plural(f.units, 'unit')} ({f.translated} translated, "
            f"{f.fuzzy} fuzzy, {f.untranslated} untranslated)")


def render_import(report: ExchangeReport) -> str:
    """Each catalog's outcome, then each unit that was not imported, with its place and why."""
    lines = []
    for c in report.catalogs:
        verb = ("would update" if report.dry_run else "updated") if c.changed else "unchanged"
        counts = f"{c.imported} imported, {c.unchanged} already so"
        if c.clashed:
            counts += f", {c.clashed} kept beside the catalog's"
        if c.skipped:
            counts += f", {c.skipped} not imported"
        lines.append(f"{verb} {c.path}: {counts}")
    for what, units in (("kept beside", report.clashed), ("not imported", report.skipped),
                        ("catalog newer", report.newer)):
        for s in sorted(units, key=lambda u: u.line):
            unit = f" unit {s.unit}" if s.unit else ""
            lines.append(f"{s.path}:{s.line}:{unit} {what}: {s.reason}")
    return "\n".join(lines) + "\n"


def render_import_json(report: ExchangeReport) -> str:
    """The import as JSON: each catalog's outcome and every unit not imported."""
    data = {
        "format": report.format.value,
        "dry_run": report.dry_run,
        "catalogs": [asdict(c) for c in report.catalogs],
        "skipped": [asdict(s) for s in report.skipped],
        "kept_beside": [asdict(s) for s in report.clashed],
        "catalog_newer": [asdict(s) for s in report.newer],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
