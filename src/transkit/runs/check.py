"""`transkit check`: the CI gates — validity, freshness, quality and completeness.

A catalog (or source) that cannot be read is a finding of the validity gate (exit 2), and the
other catalogs are still checked. `Gate.COMMIT` leaves completeness out: what every commit and
pull request must keep; completeness (every edition final) belongs to the publish job.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, overload

from ..config import Config
from ..core.checks.model import (
    CatalogSubject,
    CheckId,
    CheckReport,
    EditionSubject,
    Finding,
    Gate,
    Level,
    Orphaned,
    ProjectSubject,
    Unreadable,
)
from ..core.report.counts import catalog_status, missing_status, with_verdict
from ..core.report.model import CatalogStatus
from ..core.report.verdict import Policy
from ..core.source.model import Document
from ..core.sync.model import TranslatedUnit
from ..core.terms.model import Glossary
from ..core.values import Problem
from ..errors import CatalogError, TranskitError
from ..store.files import Article, Orphan, orphan_catalogs, read_catalog_file, scan_articles
from ..store.glossary import read_glossary
from .engine import UNKEYED, Done, Failed, run_tasks

if TYPE_CHECKING:
    import polib

    from ..core.checks.registry import Check
    from ..core.checks.run import PairInputs
    from ..store.sums import Sums
    from .changed import Chosen

# The checks themselves (core.checks.run, the glossary's matcher, translate-toolkit's tests),
# sync and the memory are imported by the functions that run them, not with this module:
# status and build import it for CheckTask's inputs and records, and a repeated run that finds
# its records still true runs no check (start-up is most of a repeated status's time).


@dataclass(frozen=True)
class CatalogCheck:
    """What `check` learns from one catalog and its article: its counts (None when it cannot be
    read, or there is none and its article cannot be read), not yet judged (the verdict reads
    them with the findings), and its findings, freshness included."""

    status: CatalogStatus | None
    findings: tuple[Finding, ...]
    # what the consistency check compares across the archive (core.memory.unit_keys)
    units: str = ""
    source: Problem | None = None  # the article's source cannot be read: nothing was checked
    # the digests of the catalog's and its article's bytes, when transkit.sum says they are in
    # step: its line's verdict is compared with what check found (`misrecorded`)
    digests: tuple[str, ...] = ()


@dataclass(frozen=True)
class EditionJob:
    """One article's catalog in one language."""

    article: Article
    lang: str


@dataclass(frozen=True)
class CheckTask:
    """One catalog and its article, read once for its counts, the findings of every check of a
    catalog (quality, header, freshness: would a sync change its units?) and the keys of its
    units. `check`, `status` and `build` share its records (`.transkit-cache/check.json`): the
    verdict on an edition reads its findings."""

    doing: ClassVar[str] = "checking catalogs"  # its progress on a terminal

    config: Config
    glossary: Glossary | None = None
    name: ClassVar[str] = "check"
    record_type: ClassVar[Any] = CatalogCheck | None
    # the jobs of one article's languages follow each other (mostly in one process): its
    # source is read and segmented once for all of them (a memo, not part of the task)
    _documents: dict[Path, Document] = field(default_factory=dict, compare=False, repr=False,
                                             metadata=UNKEYED)
    # transkit.sum as this process read it (a memo)
    _sums: list[Sums] = field(default_factory=list, compare=False, repr=False, metadata=UNKEYED)

    def inputs(self, job: EditionJob) -> list[Path]:
        inputs = [job.article.path, self.config.catalog_path(job.lang, job.article.slug)]
        if self.glossary is not None and self.config.glossary is not None:
            inputs.append(self.config.glossary)  # its terms are checked in every catalog
        return inputs

    def _document(self, article: Article) -> Document:
        known = self._documents.get(article.path)
        if known is None:
            from .sync import load_article

            known = load_article(self.config, article)
            self._documents.clear()
            self._documents[article.path] = known
        return known

    def _known_in_step(self, article: Article, shown: str, data: bytes) -> tuple[str, ...]:
        """The digests of the catalog's bytes `data` and of its article's, if `transkit.sum`
        says a sync made the one from the other, with this transkit and configuration
        (`store.sums`): then a sync would change nothing (a second sync changes nothing), and
        the article was read and segmented without error (the same bytes, code and
        configuration). () when it does not say so."""
        from ..store.sums import Sums, content_digest

        if not self._sums:
            self._sums.append(Sums(self.config))
        sums = self._sums[0]
        if shown not in sums.lines:
            return ()
        line = sums.line_of(shown, self.config.root / shown, self.config.relative(article.path),
                            article.path, content_digest(data))
        return () if line is None else (line.catalog_digest, line.source_digest)

    def run(self, job: EditionJob) -> Done[CatalogCheck | None]:
        return Done(self._check(job, verdict_only=False))

    def verdict(self, job: EditionJob) -> CatalogCheck | None:
        """What the verdict on the job's edition reads (`status`, `build`): its record with only
        the findings of the checks the verdict reads (`core.checks.run.judges`) and no unit
        keys, found without running the warnings' checks. Never remembered as check's record,
        which holds every finding."""
        return self._check(job, verdict_only=True)

    def _check(self, job: EditionJob, *, verdict_only: bool) -> CatalogCheck | None:
        from ..core.checks.registry import CheckOptions
        from ..core.checks.run import catalog_findings
        from ..core.sync.memory import unit_keys
        from .sync import synced

        article, lang, slug = job.article, job.lang, job.article.slug
        path = self.config.catalog_path(lang, slug)
        shown = self.config.relative(path)
        try:
            read = read_catalog_file(path, shown=shown)
        except CatalogError as err:
            return CatalogCheck(None, tuple(unreadable(Problem(shown, err.line, err.message), slug,
                                                    lang)))
        digests = self._known_in_step(article, shown, read[1]) if read is not None else ()
        if read is not None and digests:
            catalog, data = read
            counts, findings = in_step_findings(
                self.config, job, catalog, data, lambda: self._document(article),
                glossary=self.glossary, verdict_only=verdict_only)
            return CatalogCheck(counts, findings, "" if verdict_only else unit_keys(catalog),
                                digests=digests)
        try:
            document = self._document(article)
        except TranskitError as err:  # nothing is checked; the catalog is still counted
            status = None if read is None else catalog_status(read[0], path=shown,
                                                              article=slug, language=lang)
            return CatalogCheck(status, (), source=Problem(err.path, err.line, err.message))
        if read is None:
            if not document.segments:
                return None  # nothing to translate: no catalog is wanted
            status = missing_status([s.text for s in document.segments], path=shown,
                                    article=slug, language=lang)
            absent = CatalogSubject(shown, slug, lang, None, document=document)
            return CatalogCheck(status, tuple(catalog_findings(absent,
                                                                 verdict_only=verdict_only)))
        catalog, data = read
        status = catalog_status(catalog, path=shown, article=slug, language=lang)
        subject = CatalogSubject(
            shown, slug, lang, catalog, CatalogLines(data), document,
            resync=lambda: synced(self.config, article, document, lang, catalog).stats,
            glossary=self.glossary, options=CheckOptions(self.config.shortcode_parameters))
        findings = tuple(catalog_findings(subject, verdict_only=verdict_only))
        return CatalogCheck(status, findings, "" if verdict_only else unit_keys(catalog))


def in_step_findings(config: Config, job: EditionJob, catalog: polib.POFile, data: bytes,
                     document: Callable[[], Document], *, glossary: Glossary | None = None,
                     verdict_only: bool = False, known: Container[PairInputs] = (),
                     ) -> tuple[CatalogStatus, tuple[Finding, ...]]:
    """The counts and findings of a catalog known to be in step with its article (a sync
    made `data`, which `catalog` was read from, from the article as it is): its freshness is
    known, and its article is read (`document`) only if a check asks (anchors). `known`: the
    inputs of pairs whose findings the caller knows (`core.checks.run.pair_findings`)."""
    from ..core.checks.registry import CheckOptions
    from ..core.checks.run import catalog_findings

    shown = config.relative(config.catalog_path(job.lang, job.article.slug))
    counts = catalog_status(catalog, path=shown, article=job.article.slug, language=job.lang)
    subject = CatalogSubject(shown, job.article.slug, job.lang, catalog, CatalogLines(data),
                             glossary=glossary, options=CheckOptions(config.shortcode_parameters),
                             known_in_step=document)
    return counts, tuple(catalog_findings(subject, verdict_only=verdict_only, known=known))


@dataclass(frozen=True)
class Judged:
    """A catalog as a sync found it, with the errors its recorded verdict names (`failing`):
    what the sync that rewrites it knows of its pairs."""

    catalog: polib.POFile
    data: bytes
    failing: tuple[str, ...]

    def pairs(self, shown: str) -> dict[PairInputs, frozenset[CheckId]]:
        """The inputs of each translated pair (`core.checks.run.pair_inputs`) and the pair
        checks the verdict names at its msgstr line: what those checks find in any pair with
        the same inputs, in any catalog of the language (they read nothing else)."""
        from ..core.checks.registry import Scope
        from ..core.checks.run import every_check, pair_inputs
        from ..core.po.lines import msgstr_line

        of_pairs = {c.id for c in every_check() if c.scope is Scope.PAIR}
        at: dict[int, set[CheckId]] = {}  # msgstr line -> the pair checks failing there
        for reason in self.failing:
            check, _, place = reason.partition(": ")
            where, _, number = place.rpartition(":")
            if check in of_pairs and where == shown and number.isdigit():
                at.setdefault(int(number), set()).add(CheckId(check))
        # the entry of each such line: the last to begin at or before it
        failing_at: dict[int, frozenset[CheckId]] = {}  # id(entry) -> its pair checks failing
        if at:
            lines = CatalogLines(self.data)
            located = sorted((e.linenum, id(e)) for e in self.catalog if e.linenum)
            starts = [start for start, _ in located]
            for line, checks in at.items():
                index = bisect.bisect_right(starts, line) - 1
                if index >= 0 and msgstr_line(lines, starts[index]) == line:
                    failing_at[located[index][1]] = frozenset(checks)
        out: dict[PairInputs, frozenset[CheckId]] = {}
        for entry in self.catalog:
            inputs = pair_inputs(entry)
            if inputs is not None:
                out[inputs] = out.get(inputs, frozenset()) | failing_at.get(id(entry), frozenset())
        return out


def recorded_verdict(config: Config, job: EditionJob, catalog: polib.POFile, data: bytes,
                     document: Callable[[], Document], *, read: bool = False,
                     before: Judged | None = None) -> str:
    """What `transkit.sum` records of a catalog a sync left in step (`store.sums`): its counts
    and the errors that keep its edition from being final, as `status` finds them reading the
    file. `catalog` is the catalog the bytes `data` lay out; unless `read` (it was read from
    them), its entries are given the lines the text holds them on (`located`), or else (a text
    that does not tile as the writer lays out) it is read from `data`. `before`: the catalog
    as the sync found it, with its recorded verdict: the pair checks run only on the pairs it
    did not hold (a pair's errors follow from its inputs), so a sync that changes a tenth of a
    long catalog checks that tenth. No check the verdict reads takes the glossary
    (tests/test_verdict_record.py), so none is given."""
    from ..core.checks.run import failing
    from ..core.po.pofile import decode_po, parse_po
    from ..store.sums import verdict_text

    shown = config.relative(config.catalog_path(job.lang, job.article.slug))
    if not (read or located(catalog, data)):
        catalog = parse_po(decode_po(data, path=shown), path=shown)
    known = before.pairs(shown) if before is not None else {}
    counts, findings = _judged(config, job, catalog, data, document, known)
    return verdict_text(counts, failing(findings))


def located(catalog: polib.POFile, data: bytes) -> bool:
    """Give each entry of a catalog the line it begins on in `data`, the text the writer laid
    it out as (`core.po.pofile.generate_po`: the header, then each written entry after a blank
    line, none inside one), as the reader would: an entry's findings then point where they
    would in the file read back, without reading it. False, and nothing changed, when the text
    does not hold one block per written entry (then read it)."""
    from ..core.po.pofile import written_entries

    written = written_entries(catalog)
    lines = data.split(b"\n")
    starts = [number + 2 for number, line in enumerate(lines[:-1]) if not line]
    if len(starts) != len(written) or lines[-1] or b"\r" in data:
        return False
    # and each block one entry: one msgid line in each (a blank line in an entry would shift
    # every entry after it)
    ids = [number + 1 for number, line in enumerate(lines)
           if line.startswith((b"msgid ", b"#~ msgid "))]
    ends = [*starts[1:], len(lines) + 1]
    if len(ids) != len(starts) + 1 or not all(
            start <= at < end for start, at, end in zip(starts, ids[1:], ends, strict=True)):
        return False
    for entry, start in zip(written, starts, strict=True):
        entry.linenum = start
    return True


def _judged(config: Config, job: EditionJob, catalog: polib.POFile, data: bytes,
            document: Callable[[], Document], known: dict[PairInputs, frozenset[CheckId]],
            ) -> tuple[CatalogStatus, list[Finding]]:
    """The counts and the verdict's findings of a catalog in step, the pairs' of `known`
    inputs taken as known (at their lines in `catalog`: a finding of each without a message,
    which the verdict does not read)."""
    from ..core.checks.registry import REGISTRY
    from ..core.checks.run import pair_inputs
    from ..core.po.lines import msgstr_line

    counts, found = in_step_findings(config, job, catalog, data, document, verdict_only=True,
                                     known=known)
    findings = list(found)
    if any(known.values()):
        lines = CatalogLines(data)
        for entry in catalog:
            inputs = pair_inputs(entry)
            for check in sorted(known.get(inputs, ())) if inputs is not None else ():
                line = msgstr_line(lines, entry.linenum) if entry.linenum else None
                findings.append(Finding(counts.path, line, job.article.slug, job.lang, check,
                                        REGISTRY[check].severity, "", ""))
    return counts, findings


class CatalogLines(Sequence[str]):
    """A catalog's text as lines, for the lines findings point at (the reader gives an entry's
    first line): split from the catalog's bytes when a finding first asks, since most catalogs
    of an edition that a verdict reads have none."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._lines: list[str] | None = None

    def _split(self) -> list[str]:
        if self._lines is None:
            self._lines = self._data.decode("utf-8", errors="replace").split("\n")
        return self._lines

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        return self._split()[index]

    def __len__(self) -> int:
        return len(self._split())


def unreadable(problem: Problem, article: str, lang: str) -> list[Finding]:
    """A file that cannot be read, as findings of the validity gate."""
    from ..core.checks.run import file_findings

    return file_findings(Unreadable(problem, article, lang))


@dataclass(frozen=True)
class Checked:
    """Each chosen catalog's record (None: its article wants none), in job order."""

    jobs: list[EditionJob]
    records: list[CatalogCheck | None]


def check_catalogs(config: Config, langs: Sequence[str], articles: Sequence[Article],
                   *, glossary: Glossary | None = None) -> Checked:
    """`CheckTask` over every chosen article × language (from the cache where nothing
    changed); an article's source that cannot be read is a record with its problem."""
    jobs = [EditionJob(article, lang) for article in articles for lang in langs]
    ran = run_tasks(config, CheckTask(config, glossary), jobs, write=False, isolate=True)
    records: list[CatalogCheck | None] = []
    for result in ran.results:
        if isinstance(result, Failed):
            records.append(CatalogCheck(None, (), source=result.problem()))
        else:
            records.append(result)
    return Checked(jobs, records)


def readable_glossary(config: Config) -> Glossary | None:
    """The project's glossary as `check` reads it, for the commands that share its records
    (status, build); one that cannot be read stops `check`, not them: only `terminology`
    reads it, and its warnings change no verdict."""
    try:
        return read_glossary(config)
    except TranskitError:
        return None


def judged(status: CatalogStatus, policy: Policy, findings: Sequence[Finding]
           ) -> CatalogStatus:
    """A catalog's status with the verdict on its edition, which reads the errors `check`
    finds in it (none for a catalog not written yet: all its units are in English anyway)."""
    from ..core.checks.run import failing

    return with_verdict(status, policy, () if status.missing else failing(findings))


def check_project(
    config: Config,
    langs: Sequence[str],
    names: Sequence[str] | None = None,
    *,
    min_translated: float | None = None,
    gate: Gate = Gate.PUBLISH,
    changed: Chosen | None = None,
) -> CheckReport:
    """Run the gates of `gate` over the chosen articles and languages.

    What `check` found for an article whose source and catalogs are unchanged since an earlier
    run comes from the cache. Consistency across articles compares what each article's check
    kept of its units; a check of some articles compares them with the translation memory
    (which has its own cache) when the project keeps one. A file that cannot be read is a
    finding of the validity gate; everything else is checked all the same. `changed`
    (`--changed-since`, `runs.changed`): the articles it chose, their consistency with the
    whole archive, and the orphans their changes name.
    """
    from ..core.checks.run import edition_findings, in_gate, project_findings
    from ..core.sync.memory import disagreeing
    from .changed import disagreements
    from .memory import archive_disagreements

    sources = scan_articles(config, names) if changed is None else changed.sources
    articles = sources.articles
    checked = check_catalogs(config, langs, articles, glossary=read_glossary(config))
    findings: list[Finding] = [f for skipped in sources.skipped
                               for f in unreadable(skipped.problem, skipped.article, "")]
    statuses: list[CatalogStatus] = []
    catalogs = 0  # the catalogs checked: an article with nothing to translate wants none
    units: list[tuple[str, str, str, str]] = []  # (language, path, article, unit_keys)
    for job, result in zip(checked.jobs, checked.records, strict=True):
        if result is None:
            continue
        catalogs += 1
        if result.source is not None:  # the article's source: one finding for all languages
            findings.extend(unreadable(result.source, job.article.slug, ""))
            continue
        findings.extend(result.findings)
        if result.status is None:
            continue
        status = judged(result.status, config.policy(job.lang, threshold=min_translated),
                        result.findings)
        statuses.append(status)
        units.append((status.language, status.path, status.article, result.units))
        entries = (min_translated if min_translated is not None
                   else config.threshold(status.language))
        findings.extend(edition_findings(EditionSubject(status, entries)))
    findings.extend(misrecorded(config, checked))
    disagree: list[TranslatedUnit]
    shown: set[str] | None = None  # the catalogs whose findings of the project are reported
    if changed is not None and not changed.whole:  # the rest of the archive: by grep
        shown = {s.path for s in statuses if not s.missing}
        disagree = disagreements(config, langs, [u for u in units if u[1] in shown])
    elif names and config.memory:  # the rest of the archive is in the memory
        shown = {s.path for s in statuses if not s.missing}
        disagree = archive_disagreements(config, langs)
    else:
        disagree = disagreeing(units)
    # the catalogs whose article is gone, when the whole project is checked
    if changed is not None and not changed.whole:  # those whose id a changed file names
        orphans = shown_orphans(config, changed.orphans(config, langs))
    else:
        orphans = () if names else orphaned(
            config, langs, {a.slug for a in articles} | {s.article for s in sources.skipped})
    findings.extend(f for f in project_findings(ProjectSubject(disagree, orphans))
                    if shown is None or f.path in shown or f.check == CheckId.ORPHAN)
    return CheckReport(tuple(in_gate(findings, gate)), tuple(statuses), catalogs,
                       None if changed is None else changed.selection)


def misrecorded(config: Config, checked: Checked) -> list[Finding]:
    """A finding for each line of `transkit.sum` whose verdict on a catalog (what `status`
    reads there instead of checking) is not what check found in it: the same bytes, code and
    configuration make the same verdict, so such a line was edited by hand or damaged, and
    status would report an edition as it is not."""
    from ..core.checks.run import failing
    from ..store.sums import SUM_FILE, Sums, verdict_text

    sums = Sums(config)
    out = []
    for job, result in zip(checked.jobs, checked.records, strict=True):
        if result is None or result.status is None:
            continue
        source = config.relative(job.article.path)
        if result.digests:
            line = sums.line(result.status.path, result.digests[0], source, result.digests[1])
        else:  # a record made before the line was (the cache's): the files are read now
            line = sums.line_of(result.status.path, config.root / result.status.path, source,
                                job.article.path)
        if line is None or not line.verdict:
            continue
        found = json.loads(verdict_text(result.status, failing(result.findings)))
        try:
            recorded = json.loads(line.verdict)
        except (ValueError, RecursionError):
            recorded = None
        if recorded == found:
            continue
        differ = ("it cannot be read" if not isinstance(recorded, dict) else "; ".join(
            f"{name}: {_shown(recorded.get(name))} recorded, {_shown(found.get(name))} found"
            for name in sorted({*recorded, *found}) if recorded.get(name) != found.get(name)))
        out.append(Finding(
            SUM_FILE, sums.number(line), job.article.slug, job.lang, CheckId.FRESHNESS,
            Level.ERROR, f"its verdict on {result.status.path} is not what check finds in the "
            f"catalog ({differ}): edited by hand or damaged, it would have status report the "
            "edition wrongly",
            f"remove the line (or {SUM_FILE}) and run 'transkit sync': it records the verdict "
            "anew"))
    return out


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return str(value)


def orphaned(config: Config, langs: Sequence[str], ids: set[str]) -> tuple[Orphaned, ...]:
    """The catalogs of `langs` whose English article is gone: no sync or build uses them."""
    return shown_orphans(config, orphan_catalogs(config, langs, ids))


def shown_orphans(config: Config, orphans: Sequence[Orphan]) -> tuple[Orphaned, ...]:
    """Orphaned catalogs as the orphan check sees them (paths as shown)."""
    sources = config.relative(config.sources)
    return tuple(Orphaned(config.relative(orphan.path), orphan.article, orphan.lang, sources)
                 for orphan in orphans)


def list_checks() -> tuple[Check, ...]:
    """Every registered check, in report order (`check --list`)."""
    from ..core.checks.run import every_check

    return every_check()
