"""Project-wide status and the CI gates of `check`: completeness, freshness, validity, quality.

Reading happens here (through `store`); counting is `status`, judging pairs is `checks`.
Where `status` meets a catalog it cannot read, that is bad input (exit 2); where `check` meets one,
it is a finding of the validity gate, and the other catalogs are still checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

import polib

from .checks import REGISTRY, ignored, run_checks
from .config import Config
from .errors import CatalogError, TranskitError
from .model import Finding, Level
from .project import load_articles, plan_sync
from .status import CatalogStatus, catalog_status, missing_status
from .store import read_catalog

T = TypeVar("T")


class Progress(Protocol):
    """Wraps an iteration to show its progress (the CLI's bar); returns the same items."""

    def __call__(self, items: Sequence[T]) -> Iterable[T]: ...


def project_statuses(
    config: Config,
    langs: Sequence[str],
    names: Sequence[str] | None = None,
    *,
    progress: Progress | None = None,
) -> list[CatalogStatus]:
    """The status of every article × language of the project (missing catalogs included)."""
    statuses = []
    articles = load_articles(config, names)
    for article, document in progress(articles) if progress else articles:
        for lang in langs:
            path = config.catalog_path(lang, article.slug)
            shown = config.relative(path)
            catalog = read_catalog(path, shown=shown)
            if catalog is None:
                statuses.append(
                    missing_status(
                        [s.text for s in document.segments],
                        path=shown, article=article.slug, language=lang,
                    )
                )
            else:
                statuses.append(
                    catalog_status(catalog, path=shown, article=article.slug, language=lang)
                )
    return statuses


def path_statuses(paths: Sequence[Path]) -> list[CatalogStatus]:
    """The status of any gettext catalogs: files, or every *.po/*.pot below folders."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.po*") if p.suffix in (".po", ".pot")))
        elif path.exists():
            files.append(path)
        else:
            raise TranskitError("no such file or folder", path=path)
    statuses = []
    for file in files:
        catalog = read_catalog(file, shown=str(file))
        assert catalog is not None
        language = catalog.metadata.get("Language", "") or file.parent.name
        statuses.append(
            catalog_status(catalog, path=str(file), article=file.stem, language=language)
        )
    return statuses


@dataclass(frozen=True)
class CheckReport:
    findings: tuple[Finding, ...]
    statuses: tuple[CatalogStatus, ...]
    catalogs: int

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level is Level.ERROR)

    @property
    def exit_code(self) -> int:
        """0 all gates pass, 1 a gate failed, 2 a catalog could not be read at all."""
        if any(f.check == "validity" for f in self.findings):
            return 2
        return 1 if self.errors else 0


def check_project(
    config: Config,
    langs: Sequence[str],
    names: Sequence[str] | None = None,
    *,
    min_translated: float | None = None,
) -> CheckReport:
    """Run every gate over the chosen articles and languages."""
    articles = load_articles(config, names)
    findings: list[Finding] = []
    statuses: list[CatalogStatus] = []
    readable: list[tuple[str, str, str, polib.POFile]] = []
    for article, document in articles:
        for lang in langs:
            path = config.catalog_path(lang, article.slug)
            shown = config.relative(path)
            try:
                catalog = read_catalog(path, shown=shown)
            except CatalogError as err:
                findings.append(
                    Finding(shown, err.line, article.slug, lang, "validity", Level.ERROR,
                            str(err).removeprefix(f"{shown}:").lstrip("0123456789: "),
                            "fix the catalog; it was not checked further")
                )
                continue
            if catalog is None:
                findings.append(
                    Finding(shown, None, article.slug, lang, "freshness", Level.ERROR,
                            "the catalog does not exist", "run 'transkit sync'")
                )
                statuses.append(missing_status([s.text for s in document.segments], path=shown,
                                               article=article.slug, language=lang))
                continue
            readable.append((article.slug, lang, shown, catalog))
    # freshness: would a sync change a catalog?
    broken = {(f.article, f.language) for f in findings if f.check == "validity"}
    fresh_articles = [(a, d) for a, d in articles]
    for lang in langs:
        ok = [(a, d) for a, d in fresh_articles if (a.slug, lang) not in broken]
        for item, _text in plan_sync(config, [lang], ok):
            if item.changed and not item.created:
                findings.append(
                    Finding(item.path, None, item.slug, lang, "freshness", Level.ERROR,
                            "the catalog is out of step with its source (a sync would change it)",
                            "run 'transkit sync' and commit the catalogs")
                )
    for slug, lang, shown, catalog in readable:
        status = catalog_status(catalog, path=shown, article=slug, language=lang, with_todo=False)
        statuses.append(status)
        threshold = min_translated if min_translated is not None else config.threshold(lang)
        if status.percent + 1e-9 < threshold:
            findings.append(
                Finding(shown, None, slug, lang, "completeness", Level.ERROR,
                        f"{status.percent:.1f}% translated ({status.translated} of "
                        f"{status.total}; {status.fuzzy} fuzzy, {status.untranslated} "
                        f"untranslated), below the {threshold:g}% required",
                        f"translate the open entries ('transkit todo {lang} {slug}')")
            )
        findings.extend(quality_findings(catalog, path=shown, article=slug, lang=lang))
    order = {id_: i for i, id_ in enumerate(["validity", "freshness", "completeness",
                                              *REGISTRY])}
    findings.sort(key=lambda f: (f.path, f.line or 0, order.get(f.check, 99)))
    return CheckReport(tuple(findings), tuple(statuses), len(articles) * len(langs))


def quality_findings(
    catalog: polib.POFile, *, path: str, article: str, lang: str
) -> list[Finding]:
    """Findings of the registered checks on the translated (non-fuzzy) entries of a catalog."""
    out = []
    for entry in catalog:
        if entry.obsolete or not entry.msgid or not entry.msgstr or "fuzzy" in entry.flags:
            continue
        skip = ignored(entry.flags)
        for item, message in run_checks(entry.msgid, entry.msgstr, lang, skip=skip):
            out.append(
                Finding(path, entry.linenum, article, lang, item.id, item.severity, message,
                        f"{item.hint}; or add the flag 'transkit-ignore-{item.id}'")
            )
    return out


def drift_diffs(
    config: Config, lang: str, names: Sequence[str] | None = None
) -> dict[str, str]:
    """English -> word diff for every drifted entry of one language's catalogs."""
    from .drift import classify

    out: dict[str, str] = {}
    for article, _ in load_articles(config, names):
        path = config.catalog_path(lang, article.slug)
        catalog = read_catalog(path, shown=config.relative(path))
        for entry in catalog or []:
            if not entry.obsolete and "fuzzy" in entry.flags and entry.previous_msgid is not None:
                out[entry.msgid] = classify(entry.previous_msgid, entry.msgid).diff
    return out
