"""`transkit merge-po` (git's merge driver for catalogs) and `transkit resolve` (a catalog git
already merged as text, conflict markers and all).

Both read the versions of a catalog, merge them with `core.merge.merge_catalogs` and write the
result in gettext's layout, atomically. The driver writes into OURS, as git asks (its `%A`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import polib

from ..core.merge.conflicts import SideText, has_markers, split_conflicts, without_duplicates
from ..core.merge.model import MergeFileReport
from ..core.merge.three_way import Labels, MergeResult, Side, merge_catalogs, two_way_base
from ..core.po.catalog import empty_catalog
from ..core.po.pofile import decode_po, parse_po
from ..errors import CatalogError, TranskitError
from ..store.catalogs import catalog_text, project_of, write_catalog
from ..store.files import read_catalog_text
from ..store.git import side_labels, text_merge, unmerged_stages
from ..store.sums import SUM_FILE, union_text
from ..store.write import write_atomic, write_many


def driver_labels(folder: Path) -> Labels:
    """Names for the two sides in the comments a merge writes: the branch or commit each side's
    text comes from (see `store.git.side_labels`: in a merge the branch checked out and the
    branch merged, in a rebase the upstream and the branch being rebased)."""
    ours, theirs = side_labels(folder, os.environ)
    return Labels(ours=ours or "ours", theirs=theirs or "theirs")


def _read_version(path: Path, *, shown: str) -> polib.POFile:
    """One version of a catalog given to the driver. Git gives an empty base when both sides
    added the file, and a base with conflict markers when it had to merge two ancestors first
    (criss-cross merges): that one is resolved as `transkit resolve` would."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CatalogError(f"cannot be read ({err.strerror})", path=shown) from err
    text = decode_po(data, path=shown)
    if not text.strip():
        return empty_catalog()
    if has_markers(text):
        return resolve_text(text, shown=shown).catalog
    return parse_po(text, path=shown)


def merge_po_files(base: Path, ours: Path, theirs: Path, *, shown: str | None = None,
                   labels: Labels | None = None) -> MergeFileReport:
    """Merge three versions of a catalog into `ours`, as a git merge driver does; `shown` is
    the catalog's path (git's %P; default: `ours`), `labels` name the sides (default: as git
    names them in the current folder, `driver_labels`).

    A version that cannot be read as a catalog leaves `ours` with git's own text merge (conflict
    markers, with the base's lines) and the report says why; the merge is then a conflict.
    """
    shown = shown if shown is not None else str(ours)
    labels = labels if labels is not None else driver_labels(Path.cwd())
    for path in (base, ours, theirs):
        if not path.is_file():
            raise CatalogError("no such file; the driver takes three files, as git passes them "
                               "(transkit merge-po %O %A %B %P)", path=str(path))
    try:
        versions = [_read_version(path, shown=f"{shown} ({name})")
                    for path, name in ((base, "base"), (ours, labels.ours),
                                       (theirs, labels.theirs))]
    except TranskitError as err:
        marked = text_merge(base, ours, theirs, labels=(labels.ours, "base", labels.theirs))
        write_atomic(ours, marked, shown=shown)
        return MergeFileReport(shown, conflict=f"{err}; git's text merge with conflict markers "
                               "is left in the file: fix that, then run 'transkit resolve "
                               f"{shown}'")
    result = merge_catalogs(*versions, labels=labels)
    # at the width of the project that holds the catalog (git runs the driver at the top)
    changed = write_catalog(ours, result.catalog, project_of(Path(shown).parent), shown=shown)
    return MergeFileReport(shown, result.notes, changed=changed)


def _parse_side(side: SideText, *, shown: str, name: str) -> polib.POFile:
    """A side of a conflict-marked catalog; an error names the marked file's line."""
    side = without_duplicates(side)
    try:
        return parse_po(side.text, path=shown)
    except CatalogError as err:
        raise CatalogError(f"{err.message} (in the {name} side of the conflicts)",
                           path=shown, line=side.line_of(err.line)) from err


def resolve_text(text: str, *, shown: str, sides: Labels | None = None) -> MergeResult:
    """Merge the sides of a conflict-marked catalog by the driver's rules. Without the base's
    lines (diff3 style), a stand-in base (`two_way_base`) takes their place. `sides` names
    the sides where the markers say only `HEAD`."""
    conflicted = split_conflicts(text, path=shown)
    named = [sides.of(side) if sides is not None and label in ("HEAD", "ours", "theirs")
             else label for side, label in zip((Side.OURS, Side.THEIRS), conflicted.labels,
                                               strict=True)]
    ours = _parse_side(conflicted.ours, shown=shown, name=f"ours ({conflicted.labels[0]})")
    theirs = _parse_side(conflicted.theirs, shown=shown,
                         name=f"theirs ({conflicted.labels[1]})")
    if conflicted.base is not None:
        base = _parse_side(conflicted.base, shown=shown, name="base") if conflicted.base.text \
            else empty_catalog()
    else:
        base = two_way_base(ours, theirs)
    return merge_catalogs(base, ours, theirs, labels=Labels(named[0], named[1]))


def resolve_files(paths: Sequence[Path]) -> list[MergeFileReport]:
    """Repair conflicted catalogs in place: from their conflict markers, or, for a file git
    reports unmerged without markers (a merge driver that failed, as one not found on the PATH
    does, leaves ours as it was), from the versions in git's index (stages 1, 2 and 3). Other
    files are left as they are.

    Every file is read and merged before any is written: one that cannot be (a marker out of
    place, a side that is no catalog) stops the command and nothing is written.
    """
    reports: list[MergeFileReport] = []
    writes: list[tuple[Path, str, str]] = []
    for path in dict.fromkeys(paths):
        shown = str(path)
        if path.name == SUM_FILE:
            reports.append(_resolve_sums(path, shown, writes))
            continue
        text = read_catalog_text(path, shown=shown)
        stages = unmerged_stages(path) if text is None or not has_markers(text) else None
        if text is None and stages is None:
            raise CatalogError("no such file; check the path", path=shown)
        labels = _labels(path) if stages is not None or text is None or "HEAD" in text else None
        if stages is not None:
            result = _from_stages(stages, shown=shown, labels=labels or Labels())
        elif text is not None and has_markers(text):
            result = resolve_text(text, shown=shown, sides=labels)
        else:
            reports.append(MergeFileReport(shown, changed=False))
            continue
        # at the width of the project that holds it
        writes.append((path, catalog_text(result.catalog, project_of(path.parent)), shown))
        reports.append(MergeFileReport(shown, result.notes,
                                       from_index=stages is not None))
    write_many(writes)
    return reports


def _resolve_sums(path: Path, shown: str, writes: list[tuple[Path, str, str]]) -> MergeFileReport:
    """`transkit.sum` with conflict markers: both sides' lines kept (`store.sums.union_text`)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogError("no such file; check the path", path=shown) from None
    except (OSError, UnicodeDecodeError) as err:
        raise CatalogError(f"cannot be read ({err}); delete it: the next sync writes it again",
                           path=shown) from err
    if not has_markers(text):
        return MergeFileReport(shown, changed=False)
    writes.append((path, union_text(text), shown))
    return MergeFileReport(shown)


def _labels(path: Path) -> Labels:
    ours, theirs = side_labels(path.parent if path.parent.is_dir() else Path.cwd(), {})
    return Labels(ours or "ours", theirs or "theirs")


def _from_stages(stages: dict[int, bytes], *, shown: str, labels: Labels) -> MergeResult:
    """A three-way merge of the versions git's index holds of an unmerged catalog (a side that
    deleted the file, or a missing ancestor, is an empty catalog)."""
    versions = []
    for stage, name in ((1, "base"), (2, labels.ours), (3, labels.theirs)):
        data = stages.get(stage)
        where = f"{shown} (git's stage {stage}, {name})"
        if data is None or not decode_po(data, path=where).strip():
            versions.append(empty_catalog())
            continue
        text = decode_po(data, path=where)
        versions.append(resolve_text(text, shown=where).catalog if has_markers(text)
                        else parse_po(text, path=where))
    return merge_catalogs(*versions, labels=labels)
