"""What every command asks of the project before its run: the configuration, the languages named
on the command line as the project spells them, and that an output path is not among the inputs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Config, find_root, load_config, overlaps
from ..errors import ConfigError

if TYPE_CHECKING:
    from ..core.source.model import Document


def open_project(root: Path | None) -> Config:
    """The configuration of the project at `root` (`--root`), else of the one found upward from
    the current folder."""
    if root is not None and not root.is_dir():
        raise ConfigError("--root: no such folder", path=root)
    return load_config(root if root is not None else find_root(Path.cwd()))


def languages(config: Config, names: Sequence[str] | None) -> list[str]:
    """The languages named on the command line as the project spells them ('DE' is 'de'), all
    of them when none is named; a usage error that says what to do for one the project does not
    have."""
    from ..core.languages import project_language

    if not names:
        return list(config.languages)
    name = config.config_file.name if config.config_file else "transkit.toml"
    if name == "pyproject.toml":
        name = "[tool.transkit] of pyproject.toml"
    return list(dict.fromkeys(
        project_language(lang, source=config.source_language, languages=config.languages,
                         config_name=name) for lang in names))


def language(config: Config, name: str) -> str:
    """The one language named on the command line, as the project spells it."""
    (code,) = languages(config, [name])
    return code


def not_among_inputs(config: Config, path: Path, option: str) -> None:
    """Refuse an output path among the sources or the catalogs: a report or a built article
    written there would replace or mix with the inputs."""
    target = path.resolve()
    for folder, what in ((config.sources, "sources"), (config.locales, "catalogs")):
        if overlaps(target, folder):
            raise ConfigError(f"{option} {path}: would write among the {what} "
                              f"({config.relative(folder)}); choose a path outside it")


def read_source(source: Path, config: Config | None) -> Document:
    """One source file's units, read as the project reads its articles; outside a project, with
    the default front matter keys and shortcode parameters."""
    from ..core.source.model import DEFAULT_FRONT_MATTER_KEYS, DEFAULT_SHORTCODE_PARAMETERS
    from ..store.files import load_document

    return load_document(
        source, shown=str(source),
        front_matter_keys=config.front_matter_keys if config else DEFAULT_FRONT_MATTER_KEYS,
        shortcode_parameters=(config.shortcode_parameters if config
                              else DEFAULT_SHORTCODE_PARAMETERS),
        code_comments=config.code_comments if config else False,
    )
