"""Errors a user can act on: each names the file (and line), what is wrong, how to fix it."""

from __future__ import annotations

from pathlib import Path


class TranskitError(Exception):
    """Bad input or bad usage; the CLI prints the message and exits with status 2."""

    exit_code = 2

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        where = ""
        if self.path is not None:
            where = f"{self.path}:{line}: " if line else f"{self.path}: "
        super().__init__(where + message)

    def __reduce__(self) -> tuple[object, ...]:
        # an error crosses from a worker process pickled: rebuilt with its type, message, file
        # and line whatever a subclass's __init__ takes
        return (_rebuilt, (type(self), self.message, self.path, self.line), self.__dict__)


def _rebuilt(kind: type[TranskitError], message: str, path: str | None,
             line: int | None) -> TranskitError:
    err = kind.__new__(kind)
    TranskitError.__init__(err, message, path=path, line=line)
    return err


class ConfigError(TranskitError):
    """The project configuration is missing or invalid."""


class SourceError(TranskitError):
    """A source article cannot be read or segmented."""


class NotATranslation(SourceError):
    """A translated file that next to nothing of aligns with the English it was matched with."""


class CatalogError(TranskitError):
    """A PO catalog cannot be read."""


class WriteError(TranskitError):
    """A file could not be written (disk full, read-only folder, lock held)."""


class GlossaryError(TranskitError):
    """The glossary (CSV or TBX) cannot be read."""


class ExchangeError(TranskitError):
    """An XLIFF or TMX file for or from a CAT tool cannot be read or does not fit the project."""


class UsageError(TranskitError):
    """A command line that names something the project does not have."""
