"""An article's move: the files carried to its new name."""

from __future__ import annotations

from ..core.sync.model import ArticleMove


def render_move(move: ArticleMove, *, dry_run: bool = False) -> str:
    """One line per file moved (or, with `dry_run`, to move), then what was left behind."""
    verb = "would move" if dry_run else "moved"
    lines = []
    if move.source is not None:
        how = " (git mv)" if move.source.git else ""
        lines.append(f"{verb} {move.source.old} to {move.source.new}{how}")
    for catalog in move.catalogs:
        how = " (git mv)" if catalog.git else ""
        replaced = ", replacing the empty catalog sync had made" if catalog.replaced else ""
        lines.append(f"{verb} {catalog.old} to {catalog.new}{how}{replaced}")
    why = f" ({move.why})" if move.why else ""
    done = "would now be" if dry_run else "is now"
    lines.append(f"'{move.old}' {done} '{move.new}'{why}: "
                 f"{len(move.catalogs)} catalog{'' if len(move.catalogs) == 1 else 's'}, "
                 "headers and references rewritten.")
    if move.left:
        lines.append(f"note: {', '.join(move.left)} {'is' if len(move.left) == 1 else 'are'} "
                     "the old name's built edition; 'transkit build' writes the new one, and "
                     "the old can be removed.")
    return "\n".join(lines) + "\n"
