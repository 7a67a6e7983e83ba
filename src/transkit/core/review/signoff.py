"""Sign-offs of reviewed entries, kept where every gettext tool keeps them.

A reviewer's sign-off of one entry is a translator comment, ``# reviewed: NAME DATE DIGEST``.
Translator comments are the one part of an entry that msgmerge, msgcat, msgattrib, Poedit,
Lokalize and Weblate all carry along untouched (flags they do not know are dropped, extracted
comments are the extractor's). DIGEST is the start of the SHA-256 of the entry's English and
translation as they were signed: while they still give it, the entry is reviewed; once either
changed (a sync carried new English, a translator edited the text), the sign-off no longer
holds and the entry waits for review again, its old sign-off kept until the next review
replaces it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace

import polib

from ..po.catalog import empty_like, is_translated
from ..po.entries import clone
from ..sync.drift import DIFF_CONTEXT, word_diff
from .model import Review, ReviewItem, ReviewState, ReviewStats, Signoff

PREFIX = "reviewed: "
DIGEST_LENGTH = 12  # hex digits: 48 bits, no accidental match among an archive's entries
_SIGNOFF = re.compile(r"reviewed: (?P<name>\S.*?) (?P<date>\d{4}-\d{2}-\d{2}) "
                      r"(?P<digest>[0-9a-f]{8,64})")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def digest(entry: polib.POEntry) -> str:
    """The digest a sign-off of the entry keeps: its context, English and translation (every
    plural form), as they are now."""
    if entry.msgid_plural:
        forms = [str(entry.msgstr_plural[k]) for k in sorted(entry.msgstr_plural)]
    else:
        forms = [entry.msgstr]
    parts = [entry.msgctxt or "", entry.msgid, entry.msgid_plural or "", *forms]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def check_name(name: str) -> str | None:
    """Why `name` cannot sign a review (None when it can): it must fit on one comment line."""
    if not name.strip():
        return "the reviewer's name is empty"
    if any(ch in name for ch in "\n\r\t") or not name.isprintable():
        return "the reviewer's name holds a line break or a control character"
    return None


def check_date(date: str) -> bool:
    """True for a date as a sign-off writes it (YYYY-MM-DD)."""
    return _DATE.fullmatch(date) is not None


def signoffs(entry: polib.POEntry) -> Iterator[Signoff]:
    """The sign-offs among an entry's translator comments, in the order they stand."""
    comment = entry.tcomment
    if not comment or PREFIX not in comment:
        return
    for line in comment.split("\n"):
        found = _SIGNOFF.fullmatch(line.strip())
        if found:
            yield Signoff(found["name"], found["date"], found["digest"])


def same_digest(signed: str, now: str) -> bool:
    """True when a sign-off's digest (8 to 64 hex digits) is that of the text now."""
    return now.startswith(signed) or signed.startswith(now)


def review_of(entry: polib.POEntry) -> Review | None:
    """The review of a translated entry (None for one that is not translated, or fuzzy: it
    has nothing to review yet)."""
    if not is_translated(entry) or (entry.msgid == "" and entry.msgctxt is None):
        return None
    signed = list(signoffs(entry))
    if not signed:
        return Review(ReviewState.WAITING)
    now = digest(entry)
    for signoff in signed:
        if same_digest(signoff.digest, now):
            return Review(ReviewState.REVIEWED, signoff)
    latest = max(signed, key=lambda s: s.date)
    return Review(ReviewState.CHANGED, latest)


def signed(entry: polib.POEntry, signoff: Signoff) -> polib.POEntry:
    """A copy of the entry with `signoff` as its only sign-off, after its other translator
    comments; the entry given is left as it was."""
    kept = [line for line in (entry.tcomment.split("\n") if entry.tcomment else [])
            if not _SIGNOFF.fullmatch(line.strip())]
    copy = clone(entry)
    copy.tcomment = "\n".join([*kept, signoff.comment])
    return copy


@dataclass(frozen=True)
class Reviewed:
    """A catalog after a review: a new catalog (the old one is left as it was) and what the
    review did."""

    catalog: polib.POFile
    stats: ReviewStats


def review_catalog(catalog: polib.POFile, *, name: str, date: str) -> Reviewed:
    """Sign off every translated, non-fuzzy entry of `catalog` that is not reviewed yet (never
    signed, or changed since its sign-off) as `name` on `date`; an entry already reviewed keeps
    its sign-off as it is, so a second review changes nothing."""
    out = empty_like(catalog)
    counts = {"signed": 0, "renewed": 0, "already": 0, "open": 0}
    for entry in catalog:
        if entry.obsolete or (entry.msgid == "" and entry.msgctxt is None):
            out.append(entry)
            continue
        review = review_of(entry)
        if review is None:
            counts["open"] += 1
        elif review.state is ReviewState.REVIEWED:
            counts["already"] += 1
        else:
            counts["signed" if review.state is ReviewState.WAITING else "renewed"] += 1
            entry = signed(entry, Signoff(name, date, digest(entry)))
        out.append(entry)
    return Reviewed(out, ReviewStats(**counts))


def waiting(catalog: polib.POFile) -> list[ReviewItem]:
    """The translated entries of a catalog that wait for review (never signed off, or changed
    since), in catalog order, without diffs (`with_diffs` adds them)."""
    out = []
    for entry in catalog:
        if entry.obsolete:
            continue
        review = review_of(entry)
        if review is None or review.state is ReviewState.REVIEWED:
            continue
        forms = ([str(entry.msgstr_plural[k]) for k in sorted(entry.msgstr_plural)]
                 if entry.msgid_plural else [entry.msgstr])
        out.append(ReviewItem(entry.linenum or 0, review.state, entry.msgid, "\n".join(forms),
                              review.signoff))
    return out


def signed_texts(catalog: polib.POFile, digests: Collection[str]) -> dict[str, tuple[str, str]]:
    """Of the sign-off digests given, those that an entry of `catalog` (an earlier version)
    has: digest -> that entry's English and translation."""
    found: dict[str, tuple[str, str]] = {}
    for entry in catalog:
        if entry.msgid == "" and entry.msgctxt is None:
            continue
        now = digest(entry)
        for signed in digests:
            if signed not in found and same_digest(signed, now):
                forms = ([str(entry.msgstr_plural[k]) for k in sorted(entry.msgstr_plural)]
                         if entry.msgid_plural else [entry.msgstr])
                found[signed] = (entry.msgid, "\n".join(forms))
    return found


def with_diffs(item: ReviewItem, reviewed: tuple[str, str] | None, *,
               context: int = DIFF_CONTEXT) -> ReviewItem:
    """The item with the word diffs of its English and translation since `reviewed`, the text
    its sign-off was made for (None: not found; the item is returned as it is)."""
    if reviewed is None:
        return item
    english, translation = reviewed
    return replace(
        item, found=True,
        english_diff="" if english == item.msgid else word_diff(english, item.msgid,
                                                               context=context),
        translation_diff="" if translation == item.msgstr else word_diff(
            translation, item.msgstr, context=context))
