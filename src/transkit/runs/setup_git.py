"""`transkit setup-git`: make git merge the project's catalogs with `transkit merge-po`.

Two things are needed: a `.gitattributes` line that gives the catalogs the merge driver (it is
committed, so every clone has it) and the driver itself in the repository's git config (which
git never shares, so every clone runs setup-git once). A second line has git merge
`transkit.sum` (what sync found in step, `store.sums`) line by line, keeping both sides' lines:
git's own `union` driver, which needs no configuration. Running it again changes nothing.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from ..config import Config
from ..core.merge.model import GitSetupReport
from ..errors import ConfigError
from ..store.git import config_get, config_set, repository_root
from ..store.sums import SUM_FILE
from ..store.write import write_atomic

DRIVER = "transkit-po"
DRIVER_NAME = "transkit: gettext catalogs merged entry by entry"


def interpreter_command() -> str:
    """transkit run by this interpreter's absolute path: git runs the merge driver from any
    shell or GUI, with or without the virtual environment on the PATH. (A driver git cannot
    run leaves ours as it was, with no conflict markers; see `transkit resolve`.)"""
    if not sys.executable:  # an embedded interpreter that does not know its own path
        return "transkit"
    return f"{shlex.quote(sys.executable)} -m transkit"


def attributes_line(config: Config, repository: Path) -> str:
    """The .gitattributes line for the project's catalogs, relative to the repository."""
    try:
        folder = config.locales.resolve().relative_to(repository).as_posix()
    except ValueError as err:
        raise ConfigError(f"the catalogs folder {config.locales} is outside the git repository "
                          f"{repository}; run setup-git in the repository that holds it",
                          path=config.config_file) from err
    pattern = "**/*.po" if folder == "." else f"{folder}/**/*.po"
    return f"{_quoted(pattern)} merge={DRIVER}"


def sum_line(config: Config, repository: Path) -> str:
    """The .gitattributes line that merges `transkit.sum` keeping both sides' lines (each is a
    fact about contents, true on either side; the next sync writes the file anew)."""
    try:
        folder = config.root.resolve().relative_to(repository).as_posix()
    except ValueError:  # checked by `attributes_line` already
        folder = "."
    pattern = SUM_FILE if folder == "." else f"{folder}/{SUM_FILE}"
    return f"{_quoted(pattern)} merge=union"


def _quoted(pattern: str) -> str:
    """A .gitattributes pattern, quoted as git reads it when it holds a blank."""
    if any(ch.isspace() for ch in pattern):
        return '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return pattern


def setup_git(config: Config, *, command: str | None = None) -> GitSetupReport:
    """Add the catalogs' line to .gitattributes and the driver to the repository's config, where
    they are missing; `command` is how git runs transkit (the driver runs in the top folder of
    the working tree; default `interpreter_command()`)."""
    command = command or interpreter_command()
    repository = repository_root(config.root)
    attributes = repository / ".gitattributes"
    line = attributes_line(config, repository)
    sums = sum_line(config, repository)
    try:
        old = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"cannot be read ({err}); fix or remove it", path=attributes) from err
    shown = config.relative(attributes)
    present = {ln.strip() for ln in old.split("\n")}
    new = [ln for ln in (line, sums) if ln not in present]
    if new:
        write_atomic(attributes, old + ("\n" if old and not old.endswith("\n") else "")
                     + "".join(ln + "\n" for ln in new), shown=shown)
    wanted = ((f"merge.{DRIVER}.name", DRIVER_NAME),
              (f"merge.{DRIVER}.driver", f"{command} merge-po %O %A %B %P"))
    changed = tuple((key, value) for key, value in wanted
                    if config_get(repository, key) != value)
    for key, value in changed:
        config_set(repository, key, value)
    unchanged = tuple(key for key, _ in wanted if key not in dict(changed))
    return GitSetupReport(shown, line, line in new, changed, unchanged, sums, sums in new)
