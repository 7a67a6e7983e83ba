"""The verdict on one edition: final, draft or skipped, and why — one answer for every command.

`status`, `check` and `build` all ask `judge_edition` and nothing else. The counts come from a
catalog (status, check) or from the edition being built (build, which also sees English paragraphs a
sync has not brought into the catalog yet); the policy comes from the project:

- by default an edition is **final** only when every unit has a translation that is not fuzzy,
  that is, when 100 % of the English words are translated;
- a project may relax that per language with a word threshold (`build_thresholds` in
  transkit.toml): from that share of the English words on, the edition is final even with some
  paragraphs in English;
- a project that asks for review (`review` in transkit.toml) also wants every translated entry
  signed off by a reviewer (`core.review`), its sign-off still holding;
- whatever its counts, an edition with an error-level finding of one of `check`'s checks of its
  catalog (a changed number, a dropped link) is not final: its reasons name each failing check
  and where it is (`numbers: locales/de/x.po:47`). The way to publish anyway is the entry's
  silencing comment (`# transkit-ignore-numbers`), so every exception is written down next to
  the text it excuses;
- an edition that is not final is a **draft**, or **skipped** (`below_threshold = "skip"`).

The reasons say what keeps an edition from being final; a final edition has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..values import share
from .model import BelowThreshold, Edition

COMPLETE = 100.0  # the default: every unit translated


class Counted(Protocol):
    """What the verdict reads: the units and words of one edition."""

    @property
    def untranslated(self) -> int: ...

    @property
    def fuzzy(self) -> int: ...  # with a translation, marked fuzzy (critical drift included)

    @property
    def critical(self) -> int: ...  # fuzzy with a critical drift

    @property
    def source_words(self) -> int: ...

    @property
    def translated_words(self) -> int: ...

    @property
    def unreviewed(self) -> int: ...  # translated, and no sign-off that holds


@dataclass(frozen=True)
class Tally:
    """The counts of an edition that is not a catalog (a build's units)."""

    untranslated: int
    fuzzy: int
    critical: int
    source_words: int
    translated_words: int
    unreviewed: int = 0


@dataclass(frozen=True)
class Policy:
    """When an edition of one language is final, and what happens to one that is not."""

    threshold: float = COMPLETE  # percent of the English words translated (not fuzzy)
    below: BelowThreshold = BelowThreshold.DRAFT
    review: bool = False  # every translated entry must be reviewed


STRICT = Policy()  # final only when every unit is translated


@dataclass(frozen=True)
class Verdict:
    edition: Edition
    reasons: tuple[str, ...] = ()


def _units(count: int, what: str) -> str:
    return f"{count} {what}" if count == 1 else f"{count} {what.replace('unit', 'units')}"


def judge_edition(counts: Counted, policy: Policy, failing: Sequence[str] = ()) -> Verdict:
    """The verdict on one edition from its counts, the project's policy and the errors `check`
    finds in it (`failing`: one reason each, 'numbers: locales/de/x.po:47')."""
    words = share(counts.translated_words, counts.source_words)
    below = words + 1e-9 < policy.threshold
    unreviewed = counts.unreviewed if policy.review else 0
    if not below and not unreviewed and not failing:
        return Verdict(Edition.FINAL)
    reasons: list[str] = []
    if below:
        if counts.untranslated:
            reasons.append(_units(counts.untranslated, "unit in English"))
        fuzzy = counts.fuzzy - counts.critical
        if fuzzy:
            reasons.append(_units(fuzzy, "fuzzy unit"))
        if counts.critical:
            reasons.append(f"{counts.critical} critical drift")
        if policy.threshold < COMPLETE:
            reasons.append(f"below threshold ({words:.1f}% of the words translated, "
                           f"{policy.threshold:g}% needed)")
    if unreviewed:
        reasons.append(f"not reviewed: {unreviewed} {'entry' if unreviewed == 1 else 'entries'}")
    reasons.extend(failing)
    edition = Edition.SKIPPED if policy.below is BelowThreshold.SKIP else Edition.DRAFT
    return Verdict(edition, tuple(reasons))
