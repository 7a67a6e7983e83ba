"""`transkit review`: a second person's sign-off of the translated entries of one language."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Config
from ..core.po.pofile import format_po
from ..core.review.model import CatalogReview, ReviewReport
from ..core.review.signoff import check_name, review_catalog
from ..errors import ConfigError, UsageError
from ..store.files import read_catalog_file, scan_articles
from ..store.git import config_get
from .engine import Done, Output, run_tasks
from .status import CatalogJob, catalog_jobs


def today() -> str:
    """Today's date as a sign-off writes it; SOURCE_DATE_EPOCH (the reproducible-builds
    convention) fixes it, for reproducible runs and tests."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise ConfigError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since "
                              "1970; set it to one (date +%s) or unset it")
        return time.strftime("%Y-%m-%d", time.gmtime(int(epoch)))
    return time.strftime("%Y-%m-%d")


def reviewer(config: Config, name: str | None) -> str:
    """The reviewer's name: `--by`, else git's user.name; an error saying how to give one."""
    if name is None:
        name = config_get(config.root, "user.name") or ""
        if not name.strip():
            raise UsageError("no reviewer name: pass --by NAME, or set git's "
                             "(git config --global user.name \"Your Name\")")
    why = check_name(name)
    if why is not None:
        raise UsageError(f"--by {name!r}: {why}; give the name as one line of text")
    return name.strip()


@dataclass(frozen=True)
class ReviewTask:
    """One catalog: its translated entries signed off as `name` on `date`; written only when a
    sign-off was added or renewed, in the layout sync writes (`wrap_width`). Not cached: the
    work is one read, and what it writes depends on who signs."""

    config: Config
    reviewer: str
    date: str
    name: str = ""
    record_type: Any = None

    def key(self, job: CatalogJob) -> str:
        return ""

    def inputs(self, job: CatalogJob) -> list[Path]:
        return [self.config.catalog_path(job.lang, job.article.slug)]

    def run(self, job: CatalogJob) -> Done[CatalogReview | None]:
        path = self.config.catalog_path(job.lang, job.article.slug)
        shown = self.config.relative(path)
        read = read_catalog_file(path, shown=shown)
        if read is None:  # no catalog (yet): nothing translated to review
            return Done(None)
        reviewed = review_catalog(read[0], name=self.reviewer, date=self.date)
        value = CatalogReview(shown, job.article.slug, job.lang, reviewed.stats)
        if not reviewed.stats.changed:
            return Done(value)
        text = format_po(reviewed.catalog, width=self.config.wrap_width)
        return Done(value, (Output(path, text),))


def review_project(
    config: Config,
    langs: Sequence[str],
    names: Sequence[str] | None = None,
    *,
    reviewer: str,
    date: str,
    dry_run: bool = False,
) -> ReviewReport:
    """Sign off the translated, non-fuzzy entries of the chosen catalogs that wait for review.

    Run it under `store.write.project_lock` unless `dry_run` (which writes nothing). A catalog
    that cannot be read is reported and left as it is; the others are reviewed.
    """
    sources = scan_articles(config, names)
    jobs = [job for job in catalog_jobs(config, langs, sources.articles) if job.exists]
    ran = run_tasks(config, ReviewTask(config, reviewer, date), jobs, write=not dry_run,
                    isolate=True)
    return ReviewReport(reviewer, date, tuple(r for r in ran.values() if r is not None),
                        tuple(dict.fromkeys([*sources.problems, *ran.failures()])))
