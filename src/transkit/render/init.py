"""What `transkit init` found and did, and what is left to the user."""

from __future__ import annotations

from ..core.build.model import Site
from ..core.init.model import Action, InitReport
from .merge import render_setup_git

_NAMES = {Site.HUGO: "a Hugo site", Site.JEKYLL: "a Jekyll site"}


def render_init(report: InitReport) -> str:
    found = report.site
    lines = []
    written = any(f.path.endswith("transkit.toml") and f.action is not Action.KEPT
                  for f in report.files)
    if found.site is not Site.PLAIN and written:
        by = f" ({found.found_by})" if found.found_by else " (asked for; no configuration found)"
        lines.append(f"{_NAMES[found.site]}{by}: the English in {found.sources}/, the editions "
                     f"at {found.build}")
    width = max(len(f.path) for f in report.files)
    for done in report.files:
        kept = " (exists; --force replaces it)" if done.action is Action.KEPT else ""
        lines.append(f"{done.action.value:<10} {done.path:<{width}}  {done.what}{kept}")
    if report.git is not None:
        lines += ["git: " + line for line in render_setup_git(report.git).splitlines()]
    todo = [*report.site.notes, *report.notes]
    if todo:
        lines.append("to do:")
        lines += [f"  - {note}" for note in todo]
    lines.append("next: 'transkit sync' makes the catalogs (and transkit.sum); commit them with "
                 "the files above")
    return "\n".join(lines) + "\n"
