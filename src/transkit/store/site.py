"""Finding the site generator of a folder (Hugo or Jekyll) and where it keeps the English.

`transkit init` asks: a Hugo site has `hugo.toml` (or `hugo.yaml`, `hugo.json`, the older
`config.toml`, or `config/_default/`), with the English in `contentDir` (`content`) or in a
content folder of its own (`languages.en.contentDir = "content/en"`); a Jekyll site has
`_config.yml`, its posts in `_posts`. What the generator must be told for the editions transkit
builds (a content folder per language, jekyll-polyglot's `languages`) comes back as notes.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from ..core.build.model import Site
from ..core.init.model import SiteFound
from ..errors import ConfigError

_HUGO_NAMES = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")
_OLD_NAMES = ("config.toml", "config.yaml", "config.yml", "config.json")
_JEKYLL_NAMES = ("_config.yml", "_config.yaml", "_config.toml")


def _read(path: Path, shown: str) -> dict[str, Any]:
    """A generator's configuration file as a table with lower-case keys (Hugo's are not
    case-sensitive)."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            data: Any = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as err:
        reason = str(err).split("\n")[0]
        raise ConfigError(f"cannot be read ({reason}); fix it, or run 'transkit init' with "
                          "--site plain to set transkit up without it", path=shown) from err
    return _lower(data) if isinstance(data, dict) else {}


def _lower(data: Mapping[str, Any]) -> dict[str, Any]:
    return {str(k).lower(): _lower(v) if isinstance(v, Mapping) else v for k, v in data.items()}


def _table(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return dict(value) if isinstance(value, Mapping) else {}


def _hugo_config(root: Path) -> tuple[str, dict[str, Any]] | None:
    """(file name, its table) of a Hugo site's configuration, or None."""
    for name in _HUGO_NAMES:
        if (root / name).is_file():
            return name, _read(root / name, name)
    folder = root / "config" / "_default"
    for name in (*_HUGO_NAMES, *_OLD_NAMES):
        if (folder / name).is_file():
            shown = f"config/_default/{name}"
            table = _read(folder / name, shown)
            for languages in ("languages.toml", "languages.yaml", "languages.yml"):
                if (folder / languages).is_file() and "languages" not in table:
                    table["languages"] = _read(folder / languages, f"config/_default/{languages}")
            return shown, table
    for name in _OLD_NAMES:
        if (root / name).is_file():
            table = _read(root / name, name)
            content = str(table.get("contentdir", "content"))
            if "baseurl" in table or (root / content).is_dir():
                return name, table
    return None


def _jekyll_config(root: Path) -> tuple[str, dict[str, Any]] | None:
    for name in _JEKYLL_NAMES:
        if (root / name).is_file():
            return name, _read(root / name, name)
    return None


def find_site(root: Path, *, site: Site | None, sources: str | None,
              source_language: str | None, languages: tuple[str, ...]) -> SiteFound:
    """The site generator at `root` (the one asked for, or the one found) and the settings
    that put the editions where it reads them; `sources` and `source_language` as given on
    the command line win over what the generator says."""
    hugo = _hugo_config(root) if site in (None, Site.HUGO) else None
    jekyll = _jekyll_config(root) if site in (None, Site.JEKYLL) and hugo is None else None
    if site is Site.HUGO or hugo is not None:
        return _hugo(root, hugo, sources, source_language, languages)
    if site is Site.JEKYLL or jekyll is not None:
        return _jekyll(jekyll, sources, source_language, languages)
    return SiteFound(Site.PLAIN, None, sources or "sources", "build", "locales",
                     source_language or "en")


def _hugo(root: Path, found: tuple[str, dict[str, Any]] | None, sources: str | None,
          source_language: str | None, languages: tuple[str, ...]) -> SiteFound:
    name, table = found or ("hugo.toml", {})
    lang = source_language or str(table.get("defaultcontentlanguage", "en")).lower()
    configured = _table(table, "languages")
    content = str(table.get("contentdir", "content")).strip("/")
    own = str(_table(configured, lang).get("contentdir", "")).strip("/")
    if sources is None:
        sources = own or (f"{content}/{lang}" if (root / content / lang).is_dir() else content)
    notes: list[str] = []
    if found is None:
        notes.append("no Hugo configuration here (hugo.toml); set its languages up as the "
                     "README's \"Editions where the site reads them\" shows")
    parent, _, last = sources.rpartition("/")
    if last == lang and parent:
        build = f"{parent}/{{lang}}/{{id}}.md"
        for code in (lang, *languages):
            folder = f"{parent}/{code}"
            if found is not None and str(_table(configured, code).get("contentdir", "")
                                         ).strip("/") != folder:
                notes.append(f"{name}: give {code} its content folder: languages.{code}."
                             f"contentDir = \"{folder}\"")
    else:
        build = f"{sources}/{{id}}.{{lang}}.md"
        notes += [f"{name}: add the language {code} (languages.{code}, with its weight)"
                  for code in languages if found is not None and code not in configured]
    return SiteFound(Site.HUGO, name if found else None, sources, build, "locales", lang,
                     tuple(notes))


def _jekyll(found: tuple[str, dict[str, Any]] | None, sources: str | None,
            source_language: str | None, languages: tuple[str, ...]) -> SiteFound:
    name, table = found or ("_config.yml", {})
    lang = source_language or str(table.get("default_lang", "en"))
    sources = sources or "_posts"
    notes = []
    plugins = table.get("plugins", table.get("gems", [])) or []
    if "jekyll-polyglot" not in plugins:
        notes.append(f"{name}: add jekyll-polyglot to plugins (it reads each edition's lang:)")
    wanted = [lang, *languages]
    have = table.get("languages") or []
    if not isinstance(have, list) or any(code not in have for code in wanted):
        notes.append(f"{name}: languages: [{', '.join(wanted)}] (jekyll-polyglot's)")
    if table.get("default_lang", "en") != lang:
        notes.append(f"{name}: default_lang: {lang}")
    if "transkit.toml" not in (table.get("exclude") or []):
        notes.append(f"{name}: add transkit.toml to exclude (or Jekyll publishes it)")
    # _posts/de/…: a folder above _posts (de/_posts/…) would be a category, in every
    # post's address (/de/2024/…), where polyglot adds the language once more (/de/de/2024/…)
    return SiteFound(Site.JEKYLL, name if found else None, sources,
                     f"{sources}/{{lang}}/{{id}}.md", "_locales", lang, tuple(notes))
