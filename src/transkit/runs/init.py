"""`transkit init`: set a publication's repository up for transkit, new or existing.

It writes a commented `transkit.toml` (the site generator's content folder and the layout
that puts each edition where the generator reads it), adds `.transkit-cache/` and
`.transkit.lock` to `.gitignore`, sets the merge driver up (`setup-git`, recorded with this
interpreter's absolute path so that git runs it without the virtual environment on the PATH),
and writes a GitHub Actions workflow and a pre-commit configuration whose `files:` are the
project's folders. A file that exists is listed and left as it is, unless `force`; the two
ignore and attribute files only gain the lines they lack. Running it again changes nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from ..config import CONFIG_NAME, Config, load_config, parse_config
from ..core.build.model import Site
from ..core.init.model import Action, FileDone, InitReport, Settings
from ..core.init.templates import (
    GITIGNORE_LINES,
    PRECOMMIT,
    WORKFLOW,
    config_text,
    files_regex,
    precommit_text,
    workflow_text,
)
from ..core.languages import normalize
from ..errors import ConfigError, UsageError
from ..store.git import repository_root
from ..store.site import find_site
from ..store.write import write_atomic
from .setup_git import interpreter_command, setup_git

_OPTIONS = {"languages": "--languages", "source_language": "--source-language",
            "sources": "--sources"}


def init_project(
    root: Path,
    *,
    languages: Sequence[str],
    sources: str | None = None,
    site: Site | None = None,
    source_language: str | None = None,
    install: str | None = None,
    force: bool = False,
) -> InitReport:
    """Set the project at `root` up (see the module's description)."""
    root = root.resolve()
    langs = tuple(normalize(code) for code in languages)  # pt_br is pt-BR, as config reads it
    found = find_site(root, site=site, sources=sources, source_language=source_language,
                      languages=langs)
    files: list[FileDone] = []
    notes: list[str] = []
    config_file = root / CONFIG_NAME
    if _configured(root) and not force:
        config = load_config(root)
        shown = CONFIG_NAME if config_file.is_file() else "pyproject.toml"
        files.append(FileDone(shown, Action.KEPT, "the configuration"))
        if langs and tuple(langs) != config.languages:
            notes.append(f"{shown} names the languages {', '.join(config.languages)}; "
                         "edit it, or run 'transkit init --force' to write it anew")
    else:
        if not langs:
            raise UsageError("--languages is required: name the editions, e.g. "
                             "'transkit init --languages de,fr'")
        settings = Settings(found.source_language, langs, found.sources, found.locales,
                            found.build, found.site, root.name)
        config = _write_config(root, settings, files)
    notes.extend(config.notes)  # a code often typed for another (am for Armenian)
    repository = _repository(root)
    top = repository or root
    relative = Path(os.path.relpath(root, top)).as_posix()
    files.append(_ignore(top, root))
    git = None
    if repository is not None:
        git = setup_git(config, command=interpreter_command())
    else:
        notes.append("not a git repository: after 'git init', run 'transkit init' again to "
                     "set the catalogs' merge driver up (.gitattributes, git config)")
    requirement = install or installed_requirement()
    watched = [*(_inside(top, folder) + "/" for folder in (config.sources, config.locales)),
               _inside(top, config_file)]
    if config.glossary is not None:
        watched.append(_inside(top, config.glossary))
    for name, text, what in (
        (WORKFLOW, workflow_text(install=requirement, root=relative),
         "GitHub Actions: the commit gates on every pull request"),
        (PRECOMMIT, precommit_text(install=requirement, root=relative,
                                   files=files_regex(watched)),
         "pre-commit: the commit gates when sources, catalogs or settings change"),
    ):
        files.append(_write_new(top / name, text, what, root=root, force=force))
    if requirement is None:
        notes.append(f"say where CI gets transkit: {WORKFLOW} fails until you do (see the "
                     "comment there), or run 'transkit init --install REQUIREMENT --force'")
    return InitReport(found, tuple(files), git, requirement, tuple(notes))


def _configured(root: Path) -> bool:
    """Whether the project has a configuration already (transkit.toml or [tool.transkit])."""
    if (root / CONFIG_NAME).exists():
        return True
    pyproject = root / "pyproject.toml"
    try:
        return pyproject.is_file() and "[tool.transkit]" in pyproject.read_text(
            encoding="utf-8", errors="replace")
    except OSError:
        return False


def _write_config(root: Path, settings: Settings, files: list[FileDone]) -> Config:
    """Check the settings as transkit will read them, then write transkit.toml; the sources
    folder is made when there is none yet (a new publication)."""
    path = root / CONFIG_NAME
    table = {"source_language": settings.source_language, "languages": list(settings.languages),
             "sources": settings.sources, "locales": settings.locales, "build": settings.build,
             "site": settings.site.value, "project": settings.project}
    sources = root / settings.sources
    made = not sources.exists()
    if made:
        sources.mkdir(parents=True)
    try:
        parse_config(table, root=root, path=path)
    except ConfigError as err:
        if made:
            _remove_made(sources, root)
        message = err.message
        for key, option in _OPTIONS.items():
            message = message.replace(f"key '{key}'", option)
        raise UsageError(message) from err
    if made:
        files.append(FileDone(settings.sources + "/", Action.CREATED, "the English articles"))
    existed = path.exists()
    write_atomic(path, config_text(settings), shown=CONFIG_NAME)
    files.insert(0, FileDone(CONFIG_NAME, Action.REPLACED if existed else Action.CREATED,
                             "the configuration"))
    return load_config(root)


def _remove_made(folder: Path, root: Path) -> None:
    """Remove the empty folders made for a configuration that was then refused."""
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _repository(root: Path) -> Path | None:
    try:
        return repository_root(root)
    except ConfigError:  # not a repository, or no git at all
        return None


def _inside(top: Path, path: Path) -> str:
    return Path(os.path.relpath(path, top)).as_posix()


def _shown(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


def _ignore(top: Path, root: Path) -> FileDone:
    """Add the lines for transkit's cache and lock to .gitignore, where they are missing."""
    path = top / ".gitignore"
    shown = _shown(path, root)
    try:
        old = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"cannot be read ({err}); fix or remove it", path=shown) from err
    have = {line.strip().lstrip("/") for line in old.split("\n")}
    missing = [line for line in GITIGNORE_LINES if line not in have]
    what = "transkit's cache and lock are not committed"
    if not missing:
        return FileDone(shown, Action.UNCHANGED, what)
    text = old + ("\n" if old and not old.endswith("\n") else "") + "\n".join(missing) + "\n"
    write_atomic(path, text, shown=shown)
    return FileDone(shown, Action.EXTENDED if old else Action.CREATED, what)


def _write_new(path: Path, text: str, what: str, *, root: Path, force: bool) -> FileDone:
    """Write a file that does not exist yet; an existing one only with `force`."""
    shown = _shown(path, root)
    if path.exists() and not force:
        return FileDone(shown, Action.KEPT, what)
    existed = path.exists()
    write_atomic(path, text, shown=shown)
    return FileDone(shown, Action.REPLACED if existed else Action.CREATED, what)


def installed_requirement() -> str | None:
    """How CI can install the transkit that runs now: from the repository and commit it was
    installed from (pip records them, PEP 610), from its archive's address, or by its version
    from the package index it came from; None for a local or editable copy."""
    try:
        dist = metadata.distribution("transkit")
    except metadata.PackageNotFoundError:
        return None
    recorded = dist.read_text("direct_url.json")
    if recorded is None:
        return f"transkit=={dist.version}"
    try:
        direct = json.loads(recorded)
    except ValueError:
        return None
    url = str(direct.get("url", ""))
    vcs = direct.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("commit_id") and not url.startswith("file:"):
        return f"transkit @ {vcs.get('vcs', 'git')}+{url}@{vcs['commit_id']}"
    if "archive_info" in direct and url.startswith(("https:", "http:")):
        return f"transkit @ {url}"
    return None
