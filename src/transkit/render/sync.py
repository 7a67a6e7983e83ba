"""The units of an article, and what a sync did."""

from __future__ import annotations

import json

from ..core.source.model import Document
from ..core.sync.model import Orphans, SyncReport
from .common import plural
from .mv import render_move


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
    return "".join(f"{s.index:>4}  {s.line:>5}  {s.label:<22} {s.text}\n"
                   for s in document.segments)


def render_sync(report: SyncReport, *, dry_run: bool = False) -> str:
    """What moved with a renamed article, one line per catalog that changed (or would), then
    a total."""
    lines = [render_move(move, dry_run=dry_run).rstrip("\n") for move in report.moved]
    for item in report.catalogs:
        if not item.changed:
            continue
        verb = "would create" if dry_run and item.created else (
            "would update" if dry_run else ("created" if item.created else "updated"))
        if dry_run and not item.stale:
            verb = "would tidy"  # comments, references or layout: no unit is out of step
        lines.append(f"{verb} {item.path}: {item.stats.describe()}")
    total = len(report.catalogs)
    changed = len(report.stale if dry_run else report.changed)
    failed = f" {plural(len(report.failed), 'article')} left as it was: a file cannot be read." \
        if report.failed else ""
    if changed:
        done = "out of date" if dry_run else "written"
        lines.append(f"{changed} of {plural(total, 'catalog')} {done}.{failed}")
    else:
        lines.append(f"{plural(total, 'catalog')} already in step with the sources.{failed}")
    if report.empty:
        shown = ", ".join(report.empty[:5]) + (", …" if len(report.empty) > 5 else "")
        lines.append(f"{plural(len(report.empty), 'article')} with nothing to translate, so no "
                     f"catalog: {shown}.")
    return "\n".join(lines) + "\n"


def render_record(path: str) -> str:
    """The note that a sync created the record of catalogs in step (`transkit.sum`)."""
    return (f"note: created {path}, which catalogs are in step with their English, by content; "
            "commit it with them (a fresh clone then syncs only what changed)\n")


def render_orphans(orphans: Orphans) -> str:
    """The note beside new, empty catalogs: the catalogs left without a source article, and the
    command that carries them over after a rename."""
    count = len(orphans.paths)
    return (f"note: {', '.join(orphans.paths)} {'has' if count == 1 else 'have'} no source "
            f"article any more. If '{orphans.old}' was renamed to '{orphans.new}', move its "
            f"catalogs over the new, empty ones: transkit mv {orphans.old} {orphans.new}\n")
