"""The values of check: findings and the report they make."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..report.model import CatalogStatus


class Level(StrEnum):
    """How bad a check's finding is: errors fail `check`, warnings are reported."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)  # many of them in a big project's reports
class Finding:
    """One problem found by `check`, located precisely enough to fix it."""

    path: str
    line: int | None
    article: str
    language: str
    check: str
    level: Level
    message: str
    hint: str


class Gate(StrEnum):
    """Which of check's gates a run applies."""

    COMMIT = "commit"  # validity, freshness and quality: what every commit and pull request keeps
    PUBLISH = "publish"  # all of those, and completeness: every edition final


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
