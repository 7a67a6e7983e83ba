"""Results -> text for people and machines (table, JSON, Markdown, CSV, HTML). Never prints."""

from __future__ import annotations

import json

from .model import Document
from .project import SyncReport


def render_segments(document: Document, fmt: str) -> str:
    """The units of one article as text lines or a JSON list."""
    if fmt == "json":
        return json.dumps(
            [
                {
                    "id": s.index,
                    "kind": s.kind,
                    "label": s.label,
                    "line": s.line,
                    "text": s.text,
                }
                for s in document.segments
            ],
            ensure_ascii=False,
            indent=2,
        ) + "\n"
    lines = []
    for s in document.segments:
        lines.append(f"{s.index:>4}  {s.line:>5}  {s.label:<22} {s.text}")
    return "\n".join(lines) + "\n"


def render_sync(report: SyncReport, *, dry_run: bool = False) -> str:
    """One line per catalog that changed (or would), then a total."""
    lines = []
    for item in report.catalogs:
        if not item.changed:
            continue
        st = item.stats
        parts = []
        for name, value in (
            ("new", st.new),
            ("drifted", st.drifted),
            ("re-wrapped", st.reflowed),
            ("revived", st.revived),
            ("obsolete", st.obsoleted),
            ("pruned", st.pruned),
        ):
            if value:
                parts.append(f"{value} {name}")
        verb = "would create" if dry_run and item.created else (
            "would update" if dry_run else ("created" if item.created else "updated"))
        lines.append(f"{verb} {item.path}: {', '.join(parts) or 'header or layout only'}")
    changed = len(report.changed)
    total = len(report.catalogs)
    if changed:
        lines.append(f"{changed} of {total} catalogs {'out of date' if dry_run else 'written'}.")
    else:
        lines.append(f"{total} catalogs already in step with the sources.")
    return "\n".join(lines) + "\n"
