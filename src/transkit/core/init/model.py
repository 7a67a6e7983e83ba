"""The values of `transkit init`: the settings it chose, the site it found, what it did."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..build.model import Site
from ..merge.model import GitSetupReport


@dataclass(frozen=True)
class Settings:
    """What a new transkit.toml says; every path relative to the project root, with '/'."""

    source_language: str
    languages: tuple[str, ...]
    sources: str
    locales: str
    build: str
    site: Site
    project: str


@dataclass(frozen=True)
class SiteFound:
    """The site generator found in a folder, and where its English content is."""

    site: Site
    found_by: str | None  # the generator's configuration file ("hugo.toml"), None if none
    sources: str  # the English content, relative to the root ("content/en", "_posts")
    build: str  # the build pattern that puts editions where the generator reads them
    locales: str  # a catalogs folder the generator leaves alone ("_locales" for Jekyll)
    source_language: str
    notes: tuple[str, ...] = ()  # what to set on the generator's side


class Action(StrEnum):
    """What `init` did with one file."""

    CREATED = "created"
    REPLACED = "replaced"  # --force
    KEPT = "kept"  # it exists; --force would replace it
    EXTENDED = "extended"  # lines added (.gitignore, .gitattributes)
    UNCHANGED = "unchanged"  # it already says all that is needed


@dataclass(frozen=True)
class FileDone:
    path: str  # as shown: relative to the current folder's project root
    action: Action
    what: str  # what the file is for


@dataclass(frozen=True)
class InitReport:
    site: SiteFound
    files: tuple[FileDone, ...]
    git: GitSetupReport | None  # None: not a git repository (yet)
    install: str | None  # the requirement CI installs transkit with; None: not known
    notes: tuple[str, ...] = ()
