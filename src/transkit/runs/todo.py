"""`transkit todo`: what a translator has to do in one language."""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Config
from ..core.model import TodoReport
from .status import project_statuses
from .sync import sync_project


def todo_report(config: Config, lang: str, names: Sequence[str] | None = None) -> TodoReport:
    """The open entries of one language, with each drift's reasons and word diff, and which
    catalogs are out of step; a file that cannot be read is reported and the rest listed."""
    report = project_statuses(config, [lang], names, with_todo=True)
    present = {s.path for s in report.statuses if not s.missing}
    synced = sync_project(config, [lang], names, dry_run=True)
    stale = {c.path for c in synced.stale}
    failed = list(dict.fromkeys([*report.failed, *synced.failed]))
    return TodoReport(tuple(report.statuses), frozenset(stale & present), tuple(failed))
