"""The files `transkit init` writes, as text: a commented transkit.toml, a GitHub Actions
workflow and a pre-commit configuration, each made from the project's settings."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Sequence

from ..build.model import Site
from .model import Settings

GITIGNORE_LINES = (".transkit-cache/", ".transkit.lock")
WORKFLOW = ".github/workflows/transkit.yml"
PRECOMMIT = ".pre-commit-config.yaml"
_COMMENT_AT = 34  # the column the settings' comments start at

_SITE_NOTE = {
    Site.HUGO: "drafts as Hugo hides them (draft: true)",
    Site.JEKYLL: "drafts as Jekyll hides them (published: false), lang: for polyglot",
    Site.PLAIN: "or \"hugo\", \"jekyll\": how drafts are kept off the site",
}


def _toml(value: str | Sequence[str]) -> str:
    """A TOML string (or array of strings): JSON's escapes are TOML's."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return "[" + ", ".join(_toml(v) for v in value) + "]"


def _setting(key: str, value: str | Sequence[str], comment: str) -> str:
    line = f"{key} = {_toml(value)}"
    return f"{line.ljust(_COMMENT_AT - 1)} # {comment}" if comment else line


def _commented(key: str, value: str, comment: str) -> str:
    """An optional setting, commented out, its comment in the settings' column."""
    line = f"# {key} = {value}" if key else "#"
    return f"{line.ljust(_COMMENT_AT - 1)} # {comment}".rstrip(" #") if comment else line


def config_text(settings: Settings) -> str:
    """A transkit.toml with every chosen setting explained, and the common optional ones."""
    lines = [
        "# transkit: the translated editions of this publication, kept in step with the English.",
        "# Written by 'transkit init'; every key is described in transkit's README",
        "# (\"Configuration\").",
        "",
        _setting("source_language", settings.source_language, ""),
        _setting("languages", settings.languages,
                 "the editions; add a code, then run 'transkit sync'"),
        _setting("sources", settings.sources, "the English articles, in folders or not"),
        _setting("locales", settings.locales, "catalogs: <locales>/<lang>/<article>.po"),
        _setting("build", settings.build, "where 'transkit build' writes each edition"),
        _setting("site", settings.site.value, _SITE_NOTE[settings.site]),
        _setting("project", settings.project, "the name on reports"),
        "",
        *(_commented(key, value, comment) for key, value, comment in (
            ("below_threshold", '"draft"', "or \"skip\": an edition that is not final"),
            ("build_thresholds", f"{{ {settings.languages[0]} = 90 }}",
             "% of the English words for a final edition"),
            ("", "", "(default 100: every unit translated, none fuzzy)"),
            ("front_matter_keys", '["title", "description", "summary"]', ""),
            ("glossary", '"glossary.csv"', "terms and their translations (or .tbx)"),
            ("wrap_width", "79", "the catalogs' page width; 0: no wrapping"),
        )),
    ]
    return "\n".join(lines) + "\n"


def files_regex(paths: Sequence[str]) -> str:
    """pre-commit's `files:` for the given folders (ending in '/') and files, relative to the
    repository: a commit that changes none of them runs no transkit hook."""
    alternatives = [re.escape(p[:-1]) + "/" if p.endswith("/") else re.escape(p) + "$"
                    for p in paths]
    return "^(" + "|".join(alternatives) + ")"


def _yaml(text: str) -> str:
    """A YAML single-quoted scalar (no escapes but the doubled quote)."""
    return "'" + text.replace("'", "''") + "'"


def workflow_text(*, install: str | None, root: str) -> str:
    """A GitHub Actions workflow that runs the commit gates on every pull request (over the
    articles it changed) and every push to main (over all), with findings as annotations on
    the lines to fix. `root`: the project's folder in the repository ("." at the top)."""
    where = "" if root == "." else f" --root {shlex.quote(root)}"
    lines = [
        "# transkit's gates: the catalogs are valid, in step with the English and well",
        "# translated; findings appear on the lines to fix. A pull request is checked over",
        "# the articles it changed, a push to main over every article. Written by",
        "# 'transkit init' (see transkit's README, \"In CI and in hooks\").",
        "name: translations",
        "on:",
        "  pull_request:",
        "  push:",
        "    branches: [main]",
        "jobs:",
        "  transkit:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "        with:",
        "          fetch-depth: 0  # --changed-since reads the history back to the merge base",
        "      - uses: actions/setup-python@v5",
        "        with:",
        "          python-version: \"3.12\"",
    ]
    if install is not None:
        lines += [
            "      # the transkit this publication uses, pinned: change it here to upgrade",
            f"      - run: {_run('python -m pip install ' + shlex.quote(install))}",
        ]
    else:
        lines += [
            "      # Say where this publication gets transkit, pinned, and remove the 'exit 1':",
            "      #   python -m pip install \"transkit @ git+https://HOST/OWNER/transkit@TAG\"",
            "      # or run 'transkit init --install REQUIREMENT --force'. (\"pip install",
            "      # transkit\" alone would install an unrelated PyPI project of that name.)",
            "      - run: |",
            "          echo \"::error file=.github/workflows/transkit.yml::say where to install "
            "transkit from (see the comment above this step)\"",
            "          exit 1",
        ]
    check = f"transkit{where} check --gate commit --format github"
    lines += [
        "      # a pull request: the articles it changed since it left its base branch",
        "      - if: github.event_name == 'pull_request'",
        "        run: " + _run(check + " --changed-since origin/${{ github.base_ref }}"),
        "      # a push: every article",
        "      - if: github.event_name != 'pull_request'",
        f"        run: {_run(check)}",
    ]
    return "\n".join(lines) + "\n"


def precommit_text(*, install: str | None, root: str, files: str) -> str:
    """A pre-commit configuration with transkit's two commit hooks, run when a file they read
    changes (`files`, a regular expression over paths in the repository)."""
    where = "" if root == "." else f" --root {shlex.quote(root)}"
    if install is not None:
        how = ["        language: python",
               f"        additional_dependencies: [{_yaml(install)}]"]
        note = "# pre-commit installs transkit for them (the requirement below)."
    else:
        how = ["        language: system"]
        note = ("# They run the transkit on the PATH (activate its environment first); with\n"
                "# 'transkit init --install REQUIREMENT --force', pre-commit installs it itself.")
    lines = [
        "# transkit's commit gates (written by 'transkit init'); 'pre-commit install' turns",
        "# them on. They run when the English, the catalogs or the configuration change.",
        note,
        "repos:",
        "  - repo: local",
        "    hooks:",
    ]
    for hook, name, entry in (
        ("transkit-sync-check", "transkit catalogs in step with the sources",
         "sync --dry-run --quiet"),
        ("transkit-check", "transkit translation gates (validity, freshness, quality)",
         "check --gate commit"),
    ):
        lines += [
            f"      - id: {hook}",
            f"        name: {name}",
            f"        entry: {_run(f'transkit{where} {entry}')}",
            *how,
            "        pass_filenames: false",
            f"        files: {_yaml(files)}",
        ]
    return "\n".join(lines) + "\n"


def _run(command: str) -> str:
    """A workflow step's command as a YAML scalar: plain when YAML reads it as written."""
    plain = re.fullmatch(r"[A-Za-z0-9_./=@+,' -]+", command) and not command.startswith("'")
    return command if plain else _yaml(command)
