"""`transkit review`: a second person's sign-off of the translated entries of one language."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from ..config import Config
from ..core.po.pofile import decode_po, parse_po
from ..core.review.model import (
    CatalogReview,
    CatalogReviewTodo,
    ReviewItem,
    ReviewReport,
    ReviewState,
    ReviewTodo,
)
from ..core.review.signoff import check_name, review_catalog, signed_texts, waiting, with_diffs
from ..errors import CatalogError, ConfigError, UsageError
from ..store import history
from ..store.catalogs import catalog_text
from ..store.files import read_catalog, read_catalog_file, scan_articles
from ..store.git import config_get
from .engine import Done, Output, run_jobs, writes_project
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


def reviewer_name(config: Config, name: str | None) -> str:
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

    doing: ClassVar[str] = "signing off"  # its progress on a terminal

    config: Config
    reviewer: str
    date: str

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
        text = catalog_text(reviewed.catalog, self.config)
        return Done(value, (Output(path, text),))


@writes_project
def review_project(
    config: Config,
    langs: Sequence[str],
    names: Sequence[str] | None = None,
    *,
    reviewer: str | None = None,
    date: str | None = None,
    dry_run: bool = False,
) -> ReviewReport:
    """Sign off the translated, non-fuzzy entries of the chosen catalogs that wait for review,
    as `reviewer` (`--by`; None: git's user.name) on `date` (None: today).

    It holds the project's lock unless `dry_run` (which writes nothing). A catalog
    that cannot be read is reported and left as it is; the others are reviewed.
    """
    reviewer, date = reviewer_name(config, reviewer), date or today()
    sources = scan_articles(config, names)
    jobs = [job for job in catalog_jobs(config, langs, sources.articles) if job.exists]
    ran = run_jobs(config, ReviewTask(config, reviewer, date), jobs, write=not dry_run,
                   isolate=True)
    return ReviewReport(reviewer, date, tuple(r for r in ran.values() if r is not None),
                        tuple(dict.fromkeys([*sources.problems, *ran.failures()])))


HISTORY_DEPTH = 50  # the versions of a catalog searched for the text a sign-off was made for
HISTORY_BATCH = 8  # versions read at a time: the text is usually in the newest few


@dataclass(frozen=True)
class WaitingTask:
    """The entries of one catalog that wait for review; not cached (one read)."""

    doing: ClassVar[str] = "reading catalogs"  # its progress on a terminal

    config: Config

    def inputs(self, job: CatalogJob) -> list[Path]:
        return [self.config.catalog_path(job.lang, job.article.slug)]

    def run(self, job: CatalogJob) -> Done[CatalogReviewTodo | None]:
        path = self.config.catalog_path(job.lang, job.article.slug)
        shown = self.config.relative(path)
        catalog = read_catalog(path, shown=shown)
        if catalog is None:
            return Done(None)
        return Done(CatalogReviewTodo(shown, job.article.slug, job.lang,
                                      tuple(waiting(catalog))))


def review_todo(config: Config, lang: str, names: Sequence[str] | None = None) -> ReviewTodo:
    """What waits for review in one language: each translated entry never signed off, and
    each changed since its sign-off, with the word diffs since the text signed (found in git's
    history of its catalog). A catalog that cannot be read is reported; the rest are listed."""
    sources = scan_articles(config, names)
    jobs = [job for job in catalog_jobs(config, [lang], sources.articles) if job.exists]
    ran = run_jobs(config, WaitingTask(config), jobs, write=False, isolate=True)
    catalogs = [c for c in ran.values() if c is not None]
    wanted = {c.path: {item.signoff.digest for item in c.items
                       if item.state is ReviewState.CHANGED and item.signoff is not None}
              for c in catalogs}
    found = reviewed_texts(config, {path: d for path, d in wanted.items() if d})
    return ReviewTodo(
        tuple(CatalogReviewTodo(c.path, c.article, c.language,
                                tuple(_diffed(item, found.get(c.path, {})) for item in c.items))
              for c in catalogs),
        tuple(dict.fromkeys([*sources.problems, *ran.failures()])))


def _diffed(item: ReviewItem, found: dict[str, tuple[str, str]]) -> ReviewItem:
    if item.signoff is None:
        return item
    return with_diffs(item, found.get(item.signoff.digest))


def reviewed_texts(config: Config, wanted: dict[str, set[str]]
                   ) -> dict[str, dict[str, tuple[str, str]]]:
    """For each catalog (as shown) and sign-off digest, the English and translation it was
    made for, from the newest of the catalog's committed versions that holds them.

    The sign-off keeps only a digest: gettext's tools keep a translator comment, but the text
    itself would double the catalog. The text it signed was committed with it, so git's
    history has it; without git, or beyond HISTORY_DEPTH versions, it is not found."""
    top = history.work_tree(config.root) if wanted else None
    if top is None:
        return {}
    names = {path: history.inside(config.root / path, top) for path in wanted}
    tracked = [name for name in names.values() if name is not None]
    commits = history.commits_of(top, tracked, most=HISTORY_DEPTH) if tracked else {}
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for path, digests in wanted.items():
        name = names[path]
        found: dict[str, tuple[str, str]] = {}
        out[path] = found
        if name is None:
            continue
        versions = commits.get(name, [])
        for start in range(0, len(versions), HISTORY_BATCH):
            batch = versions[start:start + HISTORY_BATCH]
            for commit, data in zip(batch, history.read_at(top, [(c, name) for c in batch]),
                                    strict=True):
                if data is None:
                    continue
                shown = f"{path} at {commit.short}"
                try:
                    old = parse_po(decode_po(data, path=shown), path=shown)
                except CatalogError:
                    continue  # a version that cannot be read holds nothing to compare with
                for key, text in signed_texts(old, digests - found.keys()).items():
                    found[key] = text
            if found.keys() >= digests:
                break
    return out
