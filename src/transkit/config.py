"""`transkit.toml` (or `[tool.transkit]` in `pyproject.toml`) -> a frozen, validated Config."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .core.build.layout import Layout, LayoutError, parse_layout
from .core.build.model import Site
from .core.languages import gettext_code, language_name, mistaken, normalize, problem
from .core.report.model import BelowThreshold
from .core.report.verdict import COMPLETE, Policy
from .core.source.model import DEFAULT_FRONT_MATTER_KEYS, DEFAULT_SHORTCODE_PARAMETERS
from .core.sync.model import DEFAULT_MEMORY_THRESHOLD, MinorDrift
from .errors import ConfigError

CONFIG_NAME = "transkit.toml"
PAGE_WIDTH = 79  # gettext's (core.pofile.PAGE_WIDTH; not imported, to keep start-up light)

_KEYS = {
    "source_language",
    "languages",
    "sources",
    "exclude",
    "locales",
    "build",
    "site",
    "project",
    "front_matter_keys",
    "shortcode_parameters",
    "code_comments",
    "thresholds",
    "build_thresholds",
    "below_threshold",
    "glossary",
    "wrap_width",
    "memory",
    "memory_threshold",
    "minor_drift",
    "review",
}

GLOSSARY_NAME = "glossary.csv"
GLOSSARY_SUFFIXES = (".csv", ".tbx")


@dataclass(frozen=True)
class Config:
    """A project's settings, with every path absolute and every language checked."""

    root: Path
    source_language: str = "en"  # every code as BCP 47 writes it: de, pt-BR, sr-Latn
    languages: tuple[str, ...] = ()  # required in a configuration file
    sources: Path = Path("sources")
    locales: Path = Path("locales")
    # where `build` writes each edition: a pattern with {lang} and {id}, absolute once parsed
    layout: Layout = Layout("build/{lang}/{id}.md")
    site: Site = Site.PLAIN  # the generator whose front matter the editions speak
    project: str = "transkit"
    # glob patterns of files and folders under `sources` that are not articles
    exclude: tuple[str, ...] = ()
    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS
    shortcode_parameters: tuple[str, ...] = DEFAULT_SHORTCODE_PARAMETERS
    # the comment lines of fenced code blocks of known languages offered as units (opt-in)
    code_comments: bool = False
    # check: an extra gate, minimum percent of translated entries per language (default none)
    thresholds: Mapping[str, float] = field(default_factory=dict)
    # the verdict: percent of English words translated for an edition to be final (default 100)
    build_thresholds: Mapping[str, float] = field(default_factory=dict)
    below_threshold: BelowThreshold = BelowThreshold.DRAFT
    config_file: Path | None = None
    # the terminology of `check` and `todo`: a CSV or TBX file, None for none
    glossary: Path | None = None
    wrap_width: int = PAGE_WIDTH  # the layout sync writes: gettext's page width; 0 never wraps
    # the translation memory: sync fills new units from it, todo suggests, check compares
    memory: bool = True
    memory_threshold: float = DEFAULT_MEMORY_THRESHOLD  # rapidfuzz ratio for a fuzzy fill
    # sync: a drift of case, punctuation or spacing alone flagged fuzzy (default), or kept
    minor_drift: MinorDrift = MinorDrift.FUZZY
    # the languages whose editions are final only when every translated entry is reviewed
    review: frozenset[str] = frozenset()
    # warnings the configuration deserves, each a line naming the file (the CLI prints them)
    notes: tuple[str, ...] = ()

    def article_id(self, source: Path) -> str:
        """The id of the article in `source`: its path under `sources` without the extension,
        with '/' between folders (`docs/concepts/overview/_index`)."""
        return source.relative_to(self.sources).with_suffix("").as_posix()

    def catalog_path(self, lang: str, article_id: str) -> Path:
        """Where the catalog of one article in one language lives; the article's folders are
        kept (`locales/de/docs/concepts/overview/_index.po`)."""
        return self.locales / gettext_code(lang) / f"{article_id}.po"

    def build_path(
        self, lang: str, article_id: str, suffix: str | None = None, *,
        out: Layout | None = None,
    ) -> Path:
        """Where the built edition of an article goes (`build/de/docs/intro.md`, or wherever
        the `build` pattern says), by the layout `out` instead when given; `suffix` replaces
        the pattern's (`.html` for the proofreading page beside the edition)."""
        return self.root / (out or self.layout).path(lang, article_id, suffix)

    def catalog_folder(self, lang: str) -> Path:
        """The folder of a language's catalogs, named as gettext names it (`locales/pt_BR`)."""
        return self.locales / gettext_code(lang)

    def threshold(self, lang: str) -> float:
        return float(self.thresholds.get(lang, 0.0))

    def build_threshold(self, lang: str) -> float:
        return float(self.build_thresholds.get(lang, COMPLETE))

    def policy(self, lang: str, *, threshold: float | None = None) -> Policy:
        """When an edition in `lang` is final (see `core.verdict`); `threshold` overrides the
        configured share of words."""
        words = self.build_threshold(lang) if threshold is None else threshold
        return Policy(words, self.below_threshold, review=lang in self.review)

    def relative(self, path: Path) -> str:
        """A path as shown to users and written into catalogs: relative to the root, with '/'."""
        text, root = str(path), str(self.root)
        if os.sep == "/" and text.startswith(root + "/"):  # the common case, without pathlib
            return text[len(root) + 1:]
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def overlaps(a: Path, b: Path) -> bool:
    """True when two resolved paths are the same, or one lies inside the other."""
    return a == b or b in a.parents or a in b.parents


def find_root(start: Path) -> Path:
    """Search upward from `start` for a transkit.toml or a pyproject.toml with [tool.transkit]."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.transkit]" in pyproject.read_text(
            encoding="utf-8", errors="replace"
        ):
            return folder
    raise ConfigError(
        f"no {CONFIG_NAME} here or in any parent folder; create one (see README) "
        "or pass --root DIR",
        path=here,
    )


def load_config(root: Path) -> Config:
    """Read and validate the configuration of the project at `root`."""
    root = root.resolve()
    path = root / CONFIG_NAME
    table: dict[str, Any]
    if path.is_file():
        table = _read_toml(path)
    else:
        pyproject = root / "pyproject.toml"
        if not pyproject.is_file():
            raise ConfigError(
                f"no {CONFIG_NAME} in {root}; pass the project folder (the one with "
                f"{CONFIG_NAME}) as --root, or create one there (see README)", path=path)
        path = pyproject
        tool = _read_toml(pyproject).get("tool", {})
        if "transkit" not in tool:
            raise ConfigError("no [tool.transkit] table; add one or a transkit.toml", path=path)
        table = tool["transkit"]
    try:
        return parse_config(table, root=root, path=path)
    except ConfigError as err:
        if err.line is not None:
            raise
        raise ConfigError(err.message, path=path, line=_key_line(path, err.message)) from err


_KEY_IN_MESSAGE = re.compile(r"key '([A-Za-z0-9_-]+)")


def _key_line(path: Path, message: str) -> int | None:
    """The line where the key a message names is set (inside [tool.transkit] in pyproject)."""
    found = _KEY_IN_MESSAGE.search(message)
    if not found:
        return None
    key = found.group(1)
    in_table = path.name != "pyproject.toml"
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = path.name != "pyproject.toml" or stripped == "[tool.transkit]"
            continue
        if in_table and re.match(rf"{re.escape(key)}\s*=", stripped):
            return number
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ConfigError("is not valid UTF-8; save it as UTF-8", path=path) from err
    except IsADirectoryError as err:
        raise ConfigError("is a folder; the configuration must be a file", path=path) from err
    except OSError as err:
        raise ConfigError(f"cannot be read ({err.strerror}); fix its permissions",
                          path=path) from err
    if text.startswith("\ufeff"):
        raise ConfigError("starts with a byte-order mark; save it as UTF-8 without BOM",
                          path=path, line=1)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err.args[0] if err.args else err)
        at = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(at.group(1)) if at else text.count("\n") + 1  # "at end of document"
        reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        raise ConfigError(f"is not valid TOML ({reason.lower()}); fix the syntax there "
                          "(strings in quotes, lists in [ ], one key = value per line)",
                          path=path, line=line) from err


def parse_config(table: Mapping[str, Any], *, root: Path, path: Path) -> Config:
    """Validate a configuration table; every problem names the file and the key."""
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(
            f"unknown key '{unknown[0]}'; known keys are: {', '.join(sorted(_KEYS))}", path=path
        )
    source_language = normalize(_string(table, "source_language", "en", path))
    _check_language(source_language, "source_language", path)
    if "languages" not in table:
        raise ConfigError(
            "key 'languages' is missing: name the editions, e.g. languages = [\"de\", \"fr\"], "
            "or run 'transkit init --languages de,fr' in a new project", path=path)
    languages = table["languages"]
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise ConfigError("key 'languages' must be a list of language codes", path=path)
    languages = [normalize(code) for code in languages]  # de_DE is de-DE
    if not languages:
        raise ConfigError("key 'languages' is empty; name at least one target language", path=path)
    for code in languages:
        _check_language(code, "languages", path)
    if source_language in languages:
        raise ConfigError(
            f"key 'languages' lists the source language '{source_language}'; the languages "
            "are those of the translations", path=path
        )
    if len(set(languages)) != len(languages):
        twice = next(x for x in languages if languages.count(x) > 1)
        raise ConfigError(f"key 'languages' lists '{twice}' twice; remove one", path=path)

    folders = {}
    for key, default, must_exist in (
        ("sources", "sources", True),
        ("locales", "locales", False),
    ):
        value = _string(table, key, default, path)
        folder = (root / value).resolve()
        if folder != root and root not in folder.parents:
            raise ConfigError(
                f"key '{key}' = '{value}' leads outside the project root {root}; "
                "use a folder inside the project",
                path=path,
            )
        if must_exist and not folder.is_dir():
            raise ConfigError(
                f"key '{key}': folder '{value}' does not exist; create it or fix the key",
                path=path,
            )
        folders[key] = folder
    if overlaps(folders["locales"], folders["sources"]):
        raise ConfigError(
            "keys 'locales' and 'sources' name overlapping folders; transkit writes into "
            "'locales', which would mix its files with the sources: give each its own folder",
            path=path,
        )
    layout = resolve_layout(_string(table, "build", "build", path), root,
                            [source_language, *languages], folders["locales"], key="build",
                            path=path, inside=root)
    site = _string(table, "site", Site.PLAIN.value, path)
    if site not in set(Site):
        raise ConfigError("key 'site' must be \"hugo\", \"jekyll\" or \"plain\" (the generator "
                          "that reads the built editions' front matter)", path=path)
    keys = table.get("front_matter_keys", list(DEFAULT_FRONT_MATTER_KEYS))
    if not isinstance(keys, list) or not all(isinstance(x, str) for x in keys):
        raise ConfigError("key 'front_matter_keys' must be a list of strings", path=path)
    parameters = table.get("shortcode_parameters", list(DEFAULT_SHORTCODE_PARAMETERS))
    if not isinstance(parameters, list) or not all(isinstance(x, str) for x in parameters):
        raise ConfigError("key 'shortcode_parameters' must be a list of strings", path=path)
    code_comments = table.get("code_comments", False)
    if not isinstance(code_comments, bool):
        raise ConfigError("key 'code_comments' must be true or false (without quotes): whether "
                          "the comment lines of fenced code blocks are offered for translation",
                          path=path)
    thresholds = _percentages(table, "thresholds", languages, path)
    build_thresholds = _percentages(table, "build_thresholds", languages, path)
    below = _string(table, "below_threshold", "draft", path)
    if below not in set(BelowThreshold):
        raise ConfigError("key 'below_threshold' must be \"draft\" or \"skip\"", path=path)
    minor_drift = _string(table, "minor_drift", MinorDrift.FUZZY.value, path)
    if minor_drift not in set(MinorDrift):
        raise ConfigError("key 'minor_drift' must be \"fuzzy\" (flag a change of case, "
                          "punctuation or spacing of the English like any drift) or \"keep\" "
                          "(keep the translation, not fuzzy)", path=path)
    return Config(
        root=root,
        source_language=source_language,
        languages=tuple(languages),
        sources=folders["sources"],
        locales=folders["locales"],
        layout=layout,
        site=Site(site),
        project=_string(table, "project", root.name, path),
        exclude=_exclude(table, path),
        front_matter_keys=tuple(keys),
        shortcode_parameters=tuple(parameters),
        code_comments=code_comments,
        thresholds=thresholds,
        build_thresholds=build_thresholds,
        below_threshold=BelowThreshold(below),
        config_file=path,
        glossary=_glossary(table, root, path),
        wrap_width=_wrap_width(table, path),
        minor_drift=MinorDrift(minor_drift),
        **_memory_keys(table, path),
        review=_review(table, languages, path),
        notes=_notes(languages, folders["locales"], path),
    )


def _notes(languages: Sequence[str], locales: Path, path: Path) -> tuple[str, ...]:
    """Warnings about `languages`: a code often typed for another language (am for Armenian),
    as long as it has no catalogs (a project that has them means it)."""
    notes = []
    for code in languages:
        note = mistaken(code)
        if note is not None and not (locales / gettext_code(code)).is_dir():
            line = _key_line(path, "key 'languages'") if path.is_file() else None
            where = f"{path}:{line}: " if line else f"{path}: "
            notes.append(f"{where}{note}; if the editions are not in {language_name(code)}, "
                         f"write the right code in 'languages' (this note goes once there are "
                         f"{code} catalogs)")
    return tuple(notes)


def resolve_layout(value: str, base: Path, langs: Sequence[str], locales: Path, *,
                   key: str, path: Path | None, inside: Path | None = None) -> Layout:
    """A build pattern (or folder), from the configuration or the command line, made absolute
    against `base`; inside the folder `inside` when given, and never among the catalogs.
    Editions may lie among the sources: `find_articles` leaves them out."""
    where = f"key '{key}'" if key == "build" else key
    if "\\" in value:
        raise ConfigError(f"{where} = '{value}': write the path with '/', not '\\'", path=path)
    try:
        layout = parse_layout((base / value).as_posix())
    except LayoutError as err:
        raise ConfigError(f"{where} = '{value}': {err}", path=path) from err
    real = Path(layout.prefix).resolve()
    if inside is not None and real != inside and inside not in real.parents:
        raise ConfigError(f"{where} = '{value}' leads outside the project root {inside}; use a "
                          "folder inside the project", path=path)
    layout = Layout(real.as_posix() + layout.pattern[len(layout.prefix):])
    for lang in langs:
        folder = Path(layout.folder(lang))
        if overlaps(folder, locales):
            shown = folder.relative_to(inside).as_posix() if inside in (folder, *folder.parents) \
                else str(folder)
            raise ConfigError(f"{where} = '{value}' puts the {lang} editions in {shown}, which "
                              "holds the catalogs or lies inside them: give the editions a "
                              "folder of their own", path=path)
    return layout


def _review(table: Mapping[str, Any], languages: list[str], path: Path) -> frozenset[str]:
    """`review`: true (every language), false (none, the default) or a list of languages whose
    editions need every translated entry reviewed to be final."""
    value = table.get("review", False)
    if isinstance(value, bool):
        return frozenset(languages) if value else frozenset()
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ConfigError("key 'review' must be true, false or a list of languages "
                          "(review = [\"de\"])", path=path)
    value = [normalize(lang) for lang in value]
    for lang in value:
        if lang not in languages:
            raise ConfigError(f"key 'review': '{lang}' is not in 'languages'; name languages "
                              f"of the project ({', '.join(languages)})", path=path)
    return frozenset(value)


def _exclude(table: Mapping[str, Any], path: Path) -> tuple[str, ...]:
    """`exclude`: glob patterns, relative to the sources folder, of what is not an article."""
    value = table.get("exclude", [])
    if not isinstance(value, list) or not all(isinstance(x, str) and x.strip("/") for x in value):
        raise ConfigError("key 'exclude' must be a list of glob patterns relative to the "
                          "sources folder, e.g. [\"README.*\", \"drafts/**\"]", path=path)
    for pattern in value:
        if "\\" in pattern or ".." in pattern.split("/"):
            raise ConfigError(f"key 'exclude': '{pattern}' must stay inside the sources folder, "
                              "written with '/' (no '..', no '\\')", path=path)
    return tuple(value)


def _memory_keys(table: Mapping[str, Any], path: Path) -> dict[str, Any]:
    """`memory` (true or false) and `memory_threshold` (a percentage, 50 to 100)."""
    memory = table.get("memory", True)
    if not isinstance(memory, bool):
        raise ConfigError("key 'memory' must be true or false (without quotes)", path=path)
    threshold = table.get("memory_threshold", DEFAULT_MEMORY_THRESHOLD)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not (
            50 <= threshold <= 100):
        raise ConfigError(
            "key 'memory_threshold' must be a number from 50 to 100 (how similar, in percent, "
            "English must be for its translation to be filled in fuzzy; "
            f"{DEFAULT_MEMORY_THRESHOLD:g} by default)", path=path)
    return {"memory": memory, "memory_threshold": float(threshold)}


def _wrap_width(table: Mapping[str, Any], path: Path) -> int:
    """`wrap_width`: gettext's page width for the catalogs sync writes (msgcat --width=N);
    0 (or `false`) for no wrapping at all, as `msgcat --no-wrap` and some editors save."""
    value = table.get("wrap_width", PAGE_WIDTH)
    if value is False:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not (value == 0 or value >= 20):
        raise ConfigError("key 'wrap_width' must be 0 (no wrapping, like 'msgcat --no-wrap') "
                          f"or a page width of at least 20 columns (gettext's is {PAGE_WIDTH})",
                          path=path)
    return value


def _string(table: Mapping[str, Any], key: str, default: str, path: Path) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value:
        raise ConfigError(f"key '{key}' must be a non-empty string", path=path)
    return value


def _check_language(code: str, key: str, path: Path) -> None:
    why = problem(code)
    if why is not None:
        raise ConfigError(f"key '{key}': {why}", path=path)


def _percentages(
    table: Mapping[str, Any], key: str, languages: list[str], path: Path
) -> dict[str, float]:
    value = table.get(key, {})
    if isinstance(value, int | float):
        value = dict.fromkeys(languages, value)
    if not isinstance(value, dict):
        raise ConfigError(f"key '{key}' must be a percentage or a table of them", path=path)
    out: dict[str, float] = {}
    for lang, pct in value.items():
        lang = normalize(lang)
        if lang not in languages:
            raise ConfigError(f"key '{key}.{lang}': '{lang}' is not in 'languages'", path=path)
        if not isinstance(pct, int | float) or not 0 <= pct <= 100:
            raise ConfigError(f"key '{key}.{lang}' must be a number from 0 to 100", path=path)
        out[lang] = float(pct)
    return out


def _glossary(table: Mapping[str, Any], root: Path, path: Path) -> Path | None:
    """The glossary file: the key's (it must exist; "" for none), else glossary.csv at the
    root when there is one."""
    if "glossary" not in table:
        default = root / GLOSSARY_NAME
        return default if default.is_file() else None
    value = table["glossary"]
    if not isinstance(value, str):
        raise ConfigError("key 'glossary' must be a file name (\"\" for no glossary)", path=path)
    if not value:
        return None
    file = (root / value).resolve()
    if file.suffix.lower() not in GLOSSARY_SUFFIXES:
        raise ConfigError(f"key 'glossary': '{value}' is neither a .csv nor a .tbx file; "
                          "name a CSV table or a TBX termbase", path=path)
    if not file.is_file():
        raise ConfigError(f"key 'glossary': file '{value}' does not exist; create it or fix "
                          "the key", path=path)
    return file
