"""The values of terminology: a glossary and its terms."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One glossary entry: the English term and, per language, the accepted translations."""

    source: str
    targets: tuple[tuple[str, tuple[str, ...]], ...]  # (lang, accepted translations)
    note: str = ""
    line: int = 0  # where the glossary defines it (0: not known)

    def accepted(self, lang: str) -> tuple[str, ...]:
        """The accepted translations into `lang`, in the glossary's order; () for none."""
        for code, forms in self.targets:
            if code == lang:
                return forms
        return ()


@dataclass(frozen=True, eq=False)
class Glossary:
    """A project's terminology, read from `path` (as shown to users).

    Compared by identity: the matcher keeps an index per glossary, and hashing every term for
    each entry checked would cost more than the check.
    """

    path: str
    terms: tuple[Term, ...]
