"""Calibrate the alignment on real translations whose true alignment is known.

    python benchmarks/calibrate_align.py                       # pairs from the archives' mirrors
    python benchmarks/calibrate_align.py --pairs tests/data/real-archive
    python benchmarks/calibrate_align.py --set PRIOR_SKIP=3.5 --set SURE_RUN=4

Pairs whose translation has exactly the structure of the English it was made from (the same
units, of the same kinds, in the same order) give the truth: unit k translates unit k. Each is
then damaged the way real translations are (seeded, so every run sees the same damage):
English units the translation does not have yet (the English grew), translated paragraphs
the English does not have (a translator's own), two translated paragraphs joined into one,
and one split in two. The alignment of the damaged pair is scored against the truth:

- placed right: translated letters placed (sure or fuzzy) with their true English unit;
- placed wrong: placed with another unit (the error that matters: a wrong translation);
- sure wrong: of the letters in sure links, the share that is wrong (these are not reviewed);
- lost: letters of true pairs left unplaced.

`--set NAME=VALUE` overrides a constant of `transkit.core.align` for the run, to compare.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import random
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from transkit.core.archive import align as aligner
from transkit.core.languages import script_of
from transkit.core.source.model import Segment, SegmentKind
from transkit.core.source.segment import segment_markdown

HERE = Path(__file__).resolve().parent


def _archive_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("real_archive", HERE / "real_archive.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class Score:
    letters: int = 0
    right: int = 0
    wrong: int = 0
    sure: int = 0
    sure_wrong: int = 0
    extra: int = 0  # letters of inserted paragraphs
    extra_placed: int = 0  # of those, placed somewhere (wrongly)

    def line(self) -> str:
        def pct(a: int, b: int) -> str:
            return f"{a / b:6.1%}" if b else "   –  "
        return (f"placed right {pct(self.right, self.letters)}  placed wrong "
                f"{pct(self.wrong, self.letters)}  sure {pct(self.sure, self.letters)}  "
                f"sure wrong {pct(self.sure_wrong, self.sure)}  extra placed "
                f"{pct(self.extra_placed, self.extra)}")


@dataclass(frozen=True)
class Case:
    english: list[Segment]
    translated: list[Segment]
    truth: dict[int, int]  # translated unit -> its English unit (absent: no counterpart)
    script: str


def damage(english: Sequence[Segment], translated: Sequence[Segment], foreign: Sequence[Segment],
           script: str, rng: random.Random) -> Case:
    """A true 1-1 pair, damaged: English units dropped from the translation, foreign paragraphs
    added, two paragraphs joined, one split."""
    e = list(english)
    pairs: list[tuple[int | None, Segment]] = list(enumerate(translated))
    body = [k for k, s in enumerate(e) if s.kind != SegmentKind.FRONT_MATTER]
    for _ in range(rng.choice([0, 1, 1, 2, 3])):  # the English grew: translation lacks units
        if len(pairs) > 2:
            k = rng.choice([k for k, (i, _) in enumerate(pairs) if i in body] or [0])
            del pairs[k]
    for _ in range(rng.choice([0, 0, 1, 2])):  # a translator's own paragraph
        if foreign:
            extra = rng.choice(foreign)
            pairs.insert(rng.randrange(len(pairs) + 1), (None, extra))
    joinable = [k for k in range(len(pairs) - 1) if pairs[k][1].kind == SegmentKind.PARAGRAPH
                and pairs[k + 1][1].kind == SegmentKind.PARAGRAPH and pairs[k][0] is not None
                and pairs[k + 1][0] is not None]
    if joinable and rng.random() < 0.4:  # two paragraphs translated as one
        k = rng.choice(joinable)
        (i, a), (_, b) = pairs[k], pairs[k + 1]
        pairs[k:k + 2] = [(i, Segment(0, SegmentKind.PARAGRAPH, a.line, f"{a.text} {b.text}"))]
    splittable = [k for k, (i, s) in enumerate(pairs)
                  if s.kind == SegmentKind.PARAGRAPH and i is not None
                  and ". " in s.text]
    if splittable and rng.random() < 0.4:  # one paragraph translated as two
        k = rng.choice(splittable)
        i, s = pairs[k]
        cut = s.text.index(". ") + 1
        pairs[k:k + 1] = [(i, Segment(0, SegmentKind.PARAGRAPH, s.line, s.text[:cut])),
                          (i, Segment(0, SegmentKind.PARAGRAPH, s.line, s.text[cut + 1:]))]
    translated_out = [Segment(n + 1, s.kind, s.line, s.text, s.detail)
                      for n, (_, s) in enumerate(pairs)]
    truth = {n: i for n, (i, _) in enumerate(pairs) if i is not None}
    return Case(e, translated_out, truth, script)


def score(case: Case, total: Score) -> None:
    result = aligner.align(case.english, case.translated, script=case.script)
    size = [aligner.letters(s.text, case.script) if case.script != "Latin" else
            len(s.text) for s in case.translated]
    for j, n in enumerate(size):
        if j in case.truth:
            total.letters += n
        else:
            total.extra += n
    for link in result.links:
        for j in link.translated:
            if j not in case.truth:
                total.extra_placed += size[j]
                if link.sure:
                    total.sure += size[j]
                    total.sure_wrong += size[j]
                continue
            right = case.truth[j] in link.english
            total.right += size[j] if right else 0
            total.wrong += 0 if right else size[j]
            if link.sure:
                total.sure += size[j]
                total.sure_wrong += 0 if right else size[j]


def same_structure(pairs: Sequence[object]) -> dict[tuple[str, str],
                                                   list[tuple[list[Segment], list[Segment]]]]:
    """The pairs whose translation has the structure of its English, by archive and language."""
    by_lang: dict[tuple[str, str], list[tuple[list[Segment], list[Segment]]]] = {}
    for pair in pairs:
        english = pair.english_then or pair.english_now  # type: ignore[attr-defined]
        try:
            e = segment_markdown(english).segments
            t = segment_markdown(pair.translation).segments  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - a page transkit refuses is no calibration case
            continue
        if [(s.kind, s.detail) for s in e] != [(s.kind, s.detail) for s in t] or len(e) < 4:
            continue
        key = (pair.archive, pair.lang)  # type: ignore[attr-defined]
        by_lang.setdefault(key, []).append((list(e), list(t)))
    return by_lang


def cases(by_lang: dict[tuple[str, str], list[tuple[list[Segment], list[Segment]]]],
          seed: int) -> list[Case]:
    """Each pair of the same structure, damaged (seeded)."""
    rng = random.Random(seed)
    out = []
    for (_, lang), group in sorted(by_lang.items()):
        foreign = [s for _, t in group for s in t if s.kind == SegmentKind.PARAGRAPH]
        for e, t in group:
            out.append(damage(e, t, foreign, script_of(lang), rng))
    return out


def fit(by_lang: dict[tuple[str, str], list[tuple[list[Segment], list[Segment]]]]) -> list[str]:
    """The length model from the pairs of the same structure: the ratio of translated to English
    characters of prose (RATIO) and the spread of its log (SPREAD_TRANSLATED), over units of 30
    or more English characters."""
    logs: dict[str, list[float]] = {}
    for (_, lang), group in by_lang.items():
        script = script_of(lang)
        for english, translated in group:
            for a, b in zip(english, translated, strict=True):
                e = aligner.english_features(a)
                t = aligner.translated_features(b, script)
                if e.length >= 30 and t.length >= 10 and a.text != b.text:
                    logs.setdefault(script, []).append(math.log(t.length / e.length))
    return [f"{script:9} length ratio {math.exp(statistics.fmean(values)):.2f}, sd of its log "
            f"{statistics.pstdev(values):.2f} ({len(values)} units)"
            for script, values in sorted(logs.items())]


def calibration(pairs: Sequence[object], seed: int = 1) -> list[str]:
    """The length fit and the scores of the alignment on the damaged pairs, as lines."""
    grouped = same_structure(pairs)
    lines = fit(grouped)
    found = cases(grouped, seed)
    by_group: dict[str, Score] = {}
    every = Score()
    for case in found:
        score(case, by_group.setdefault(case.script, Score()))
        score(case, every)
    lines += [f"{name:9} {total.line()}" for name, total in sorted(by_group.items())]
    lines.append(f"{'all':9} {every.line()}  ({len(found)} pages)")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    archive = _archive_module()
    pairs = archive.load(args.pairs) if args.pairs else [
        p for a in archive.ARCHIVES for p in archive.extract(a)]
    for setting in args.set:
        name, value = setting.split("=", 1)
        if name.startswith("PRIOR_"):
            key = {"PRIOR_SKIP": [(1, 0), (0, 1)], "PRIOR_SKIP_EN": [(1, 0)],
                   "PRIOR_SKIP_TR": [(0, 1)], "PRIOR_JOIN": [(2, 1), (1, 2)]}[name]
            for move in key:
                aligner.PRIOR[move] = float(value)
        else:
            setattr(aligner, name, float(value))
    print("\n".join(calibration(pairs, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
