"""`transkit import`: fill a catalog from an existing translation of an article."""

from __future__ import annotations

from ..config import Config
from ..core.model import Document, ImportReport
from ..core.pofile import format_po, parse_po
from ..errors import SourceError
from ..store.files import find_articles
from ..store.write import write_atomic
from .sync import load_article, plan_catalogs


def import_translation(
    config: Config, lang: str, slug: str, translated: Document, *, overwrite: bool = False,
    shown: str | None = None,
) -> ImportReport:
    """Fill a catalog from an already translated copy of an article, aligned unit by unit.

    Like po4a-gettextize, the translated article must have the English one's structure: the same
    number of units of the same kinds in the same order. Translations already in the catalog are
    kept unless `overwrite`.
    """
    (article,) = find_articles(config, [slug])
    document = load_article(config, article)
    if not document.segments:
        raise SourceError("has nothing to translate, so there is nothing to import",
                          path=config.relative(article.path))
    ((item, text),) = plan_catalogs(config, article, document, [lang])
    catalog = parse_po(text, path=item.path)
    ours, theirs = document.segments, translated.segments
    if len(ours) != len(theirs) or any(
        a.kind != b.kind or a.detail != b.detail for a, b in zip(ours, theirs, strict=False)
    ):
        for a, b in zip(ours, theirs, strict=False):
            if a.kind != b.kind or a.detail != b.detail:
                raise SourceError(
                    f"unit {b.index} is a {b.label}, where the English has a {a.label} (at "
                    f"{config.relative(article.path)}:{a.line}); give both the same structure",
                    path=shown, line=b.line,
                )
        raise SourceError(
            f"has {len(theirs)} units, the English {config.relative(article.path)} has "
            f"{len(ours)}; give both the same structure",
            path=shown,
        )
    by_id = {e.msgid: e for e in catalog if not e.obsolete}
    filled = kept = 0
    for a, b in zip(ours, theirs, strict=True):
        entry = by_id[a.text]
        if entry.msgstr == b.text and "fuzzy" not in entry.flags:
            kept += 1  # already this translation
            continue
        if entry.msgstr and not overwrite:
            kept += 1
            continue
        if entry.msgstr != b.text or "fuzzy" in entry.flags:
            entry.msgstr = b.text
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.comment = "\n".join(
                line
                for line in entry.comment.split("\n")
                if not line.startswith(("drift:", "diff:"))
            )
        filled += 1
    new_text = format_po(catalog, width=config.wrap_width)
    created = not (config.root / item.path).exists()
    changed = write_atomic(config.root / item.path, new_text, shown=item.path)
    return ImportReport(item.path, filled, kept, changed, created)
