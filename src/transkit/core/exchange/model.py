"""The values of exchange with CAT tools: files written, units imported or skipped."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ExchangeFormat(StrEnum):
    """The files transkit writes for CAT tools."""

    XLIFF = "xliff"  # XLIFF 1.2, one file per article
    TMX = "tmx"  # TMX 1.4, one memory per language


@dataclass(frozen=True)
class SkippedUnit:
    """A unit of an XLIFF file that was not imported (or not as it was), and why."""

    path: str  # the XLIFF file
    line: int
    unit: str  # its id
    reason: str


@dataclass(frozen=True)
class ExchangeImport:
    """What importing an XLIFF or TMX file did to one catalog."""

    path: str  # the catalog
    imported: int
    unchanged: int
    skipped: int
    changed: bool
    clashed: int = 0  # revised in the catalog and in the file since the export: kept beside
    newer: int = 0  # revised in the catalog since the export, as exported in the file: kept


@dataclass(frozen=True)
class ExchangeReport:
    """An import from a CAT tool: each catalog's outcome and the units left out (with
    `dry_run`, what the import would do; nothing was written)."""

    format: ExchangeFormat
    catalogs: tuple[ExchangeImport, ...]
    skipped: tuple[SkippedUnit, ...] = ()
    dry_run: bool = False
    clashed: tuple[SkippedUnit, ...] = ()  # the catalog's translation kept, the file's beside
    newer: tuple[SkippedUnit, ...] = ()  # the catalog's newer translation kept

    @property
    def exit_code(self) -> int:
        """1 when some units were not imported, or only beside the catalog's translation
        (they are reported), else 0."""
        return 1 if self.skipped or self.clashed else 0


@dataclass(frozen=True)
class Exported:
    """One file written for CAT tools: XLIFF of a catalog, or TMX of a language."""

    path: str
    format: ExchangeFormat
    units: int
    translated: int
    fuzzy: int = 0
    untranslated: int = 0
    catalogs: int = 1
