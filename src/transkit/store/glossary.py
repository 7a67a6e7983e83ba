"""Reading the project's glossary (`glossary` in transkit.toml; glossary.csv by default)."""

from __future__ import annotations

from ..config import Config
from ..core.terms.glossary import parse_glossary_csv, parse_glossary_tbx
from ..core.terms.model import Glossary
from ..errors import GlossaryError, SourceError
from .files import read_text_file


def read_glossary(config: Config) -> Glossary | None:
    """The project's glossary, None when it has none; bad input is a GlossaryError with the
    file and the line."""
    if config.glossary is None:
        return None
    shown = config.relative(config.glossary)
    languages = config.languages
    if config.glossary.suffix.lower() == ".tbx":
        try:
            data = config.glossary.read_bytes()
        except OSError as err:
            raise GlossaryError(f"cannot be read ({err.strerror}); fix its permissions",
                                path=shown) from err
        return parse_glossary_tbx(data, path=shown, source_language=config.source_language,
                                  languages=languages)
    try:
        text = read_text_file(config.glossary, shown=shown)
    except SourceError as err:
        raise GlossaryError(err.message, path=err.path, line=err.line) from err
    return parse_glossary_csv(text, path=shown, source_language=config.source_language,
                              languages=languages)
