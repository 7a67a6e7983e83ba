"""`transkit import` on real archives of human translations, side by side with po4a-gettextize.

    python benchmarks/real_archive.py                      # every archive in ARCHIVES, from
                                                           # the mirrors under /work/.mirror
    python benchmarks/real_archive.py --output docs/import-vs-po4a.md
    python benchmarks/real_archive.py --pairs tests/data/real-archive    # the stored sample
    python benchmarks/real_archive.py --save-sample tests/data/real-archive --sample 4

An archive is a public site kept in git whose pages have human translations that lag the English
(`ARCHIVES`; bring one with `git clone --mirror URL`). For every translated page the script takes
the translation as of the archive's snapshot, the English as of the translation's last change
(the last commit that changed its text: what it was made from) and the English as of the
snapshot ("today"). It then rebuilds that
history in a project of its own, one commit per translation in time order and a last commit with
today's English, so that `transkit import LANG translations/LANG --english-at auto` runs exactly
as it would in the site's own repository (ids are flattened: `docs/setup` -> `docs__setup`).

Measured, per archive and language, in letters of translated text: letters of the translation's
script (Cyrillic for Russian); for a language written, like English, in the Latin alphabet
(German), the letters of the words of three or more letters that the English does not have. A
letter *reaches the catalog* when it is in the msgstr of a translated or fuzzy entry of the
catalog for today's English. Every letter that does not must be listed by transkit (a piece not
placed, or a refused file); the script checks that and reports what is not ("unlisted").

po4a-gettextize is run on the same pairs as its manual says
(`po4a-gettextize -f text -o markdown -m EN -l TRANSLATED -p out.po`), once with today's English,
and once with the English the translation was made from, its catalog then merged into today's
template with `msgmerge --previous` (as a po4a user would carry it over).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import polib

from transkit.core.archive.place import Translated, import_catalog, translated_letters, vocabulary
from transkit.core.languages import script_of
from transkit.core.po.catalog import new_catalog
from transkit.core.source.segment import segment_markdown
from transkit.core.sync.update import fold
from transkit.errors import SourceError, TranskitError

HERE = Path(__file__).resolve().parent
MIRRORS = Path(os.environ.get("TRANSKIT_MIRRORS", "/work/.mirror"))
PAIRS_FILE = "PAIRS.json"


@dataclass(frozen=True)
class Archive:
    """A site in git with translated pages: where its English and translations are."""

    name: str
    mirror: str  # folder under MIRRORS holding the bare repository (repo/)
    url: str
    licence: str
    snapshot: str  # the revision taken as "today"
    english: str  # the English pages' folder
    langs: dict[str, str]  # language -> its pages' folder
    include: Callable[[str], bool] = lambda rel: True  # which pages (path in the folder)


ARCHIVES = (
    Archive("cncf-glossary", "cncf+glossary", "https://github.com/cncf/glossary",
            "CC BY 4.0 (documentation), Apache 2.0 (code)", "HEAD", "content/en",
            {"ru": "content/ru", "de": "content/de"}),
    # the last state before translations came from Crowdin (2024-07): every change by hand
    Archive("hexo-site", "hexojs+site", "https://github.com/hexojs/site", "MIT", "3e2c8502",
            "source", {"ru": "source/ru"},
            include=lambda rel: rel.startswith(("docs/", "api/"))),
    Archive("ruby-lang", "ruby+www.ruby-lang.org", "https://github.com/ruby/www.ruby-lang.org",
            "not stated (measured here, not stored)", "HEAD", "en", {"ru": "ru", "de": "de"}),
)


@dataclass(frozen=True)
class Pair:
    """One translated page, the English it was made from, and today's English."""

    archive: str
    lang: str
    page: str  # its path in the language folder, without .md
    translation_path: str
    english_path: str
    commit: str  # the translation's last commit
    time: int
    snapshot: str
    snapshot_time: int
    translation: str
    english_then: str | None  # None: the English did not exist at that commit
    english_now: str

    @property
    def slug(self) -> str:
        return slug_of(self.page)


def slug_of(page: str) -> str:
    """A page's path as a flat transkit slug: docs/setup -> docs__setup, _index -> p_index."""
    slug = re.sub(r"[^A-Za-z0-9_-]", "-", page.replace("/", "__"))
    return slug if slug[:1].isalnum() else f"p{slug}"


def _git(repo: Path, *args: str) -> bytes:
    done = subprocess.run(["git", "--git-dir", str(repo), *args], capture_output=True,
                          check=False)
    return done.stdout if done.returncode == 0 else b""


def _text(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def extract(archive: Archive, mirrors: Path = MIRRORS) -> list[Pair]:
    """The archive's translated pages with their English, from its mirror."""
    repo = mirrors / archive.mirror / "repo"
    snap = _git(repo, "rev-parse", archive.snapshot).decode().strip()
    snap_time = int(_git(repo, "show", "-s", "--format=%ct", snap).decode().strip())
    pairs = []
    for lang, folder in archive.langs.items():
        listing = _git(repo, "ls-tree", "-r", "--name-only", snap, folder).decode().split("\n")
        for path in listing:
            rel = path[len(folder) + 1:]
            if not path.endswith(".md") or not archive.include(rel):
                continue
            english = f"{archive.english}/{rel}"
            now = _text(_git(repo, "show", f"{snap}:{english}"))
            translation = _text(_git(repo, "show", f"{snap}:{path}"))
            if not now or translation is None:
                continue
            sha, when = last_text_change(repo, snap, path)
            old = _git(repo, "show", f"{sha}:{english}")  # b"": it did not exist then
            then = _text(old) if old else None
            pairs.append(Pair(archive.name, lang, rel[:-3], path, english, sha, int(when), snap,
                              snap_time, translation, then, now))
    return pairs


def last_text_change(repo: Path, snapshot: str, path: str, *, most: int = 6) -> tuple[str, int]:
    """The translation's last commit that changed the text of its units (a commit that only
    re-laid it out, a formatter's, is passed over), as `transkit import --english-at auto`
    chooses it; (sha, time)."""
    log = _git(repo, "log", f"-{most}", "--format=%H %ct", snapshot, "--", path).decode().split()
    commits = [(log[k], int(log[k + 1])) for k in range(0, len(log), 2)]
    units = [_units(_text(_git(repo, "show", f"{sha}:{path}"))) for sha, _ in commits]
    for k in range(len(commits) - 1):
        if units[k] is None or units[k] != units[k + 1]:
            return commits[k]
    return commits[-1]


def _units(text: str | None) -> tuple[str, ...] | None:
    try:
        return tuple(fold(s.text) for s in segment_markdown(text or "").segments)
    except TranskitError:
        return None


# --- stored samples -------------------------------------------------------------------------


def save(pairs: Sequence[Pair], folder: Path) -> None:
    """Write pairs as files (translation.md, english-then.md, english-now.md) and PAIRS.json."""
    meta = []
    for pair in pairs:
        where = folder / pair.archive / pair.lang / pair.slug
        where.mkdir(parents=True, exist_ok=True)
        (where / "translation.md").write_text(pair.translation, encoding="utf-8")
        (where / "english-now.md").write_text(pair.english_now, encoding="utf-8")
        if pair.english_then is not None:
            (where / "english-then.md").write_text(pair.english_then, encoding="utf-8")
        meta.append({k: v for k, v in pair.__dict__.items()
                     if k not in ("translation", "english_then", "english_now")})
    (folder / PAIRS_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def load(folder: Path) -> list[Pair]:
    """The pairs `save` wrote."""
    pairs = []
    for item in json.loads((folder / PAIRS_FILE).read_text(encoding="utf-8")):
        where = folder / item["archive"] / item["lang"] / slug_of(item["page"])
        then = where / "english-then.md"
        pairs.append(Pair(**item, translation=(where / "translation.md").read_text("utf-8"),
                          english_then=then.read_text("utf-8") if then.exists() else None,
                          english_now=(where / "english-now.md").read_text("utf-8")))
    return pairs


# --- the project that replays the history -------------------------------------------------


def _commit(root: Path, when: int, message: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE":
           f"@{when} +0000", "GIT_AUTHOR_NAME": "replay", "GIT_AUTHOR_EMAIL": "replay@example",
           "GIT_COMMITTER_NAME": "replay", "GIT_COMMITTER_EMAIL": "replay@example"}
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "--allow-empty", "-m", message],
                   check=True, env=env)


def replay(pairs: Sequence[Pair], root: Path) -> None:
    """A transkit project in git whose history holds each translation with the English it was
    made from (one commit each, in time order), then today's English."""
    if root.exists():
        shutil.rmtree(root)
    (root / "sources").mkdir(parents=True)
    langs = sorted({p.lang for p in pairs})
    (root / "transkit.toml").write_text(
        f'languages = {json.dumps(langs)}\nsources = "sources"\nlocales = "locales"\n'
        f'project = "replay"\n', encoding="utf-8")
    (root / ".gitignore").write_text("/locales/\n/.transkit-cache/\n/.transkit.lock\n")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    first = min((p.time for p in pairs), default=0)
    _commit(root, first - 1, "the project")
    for pair in sorted(pairs, key=lambda p: (p.time, p.lang, p.page)):
        english = root / "sources" / f"{pair.slug}.md"
        if pair.english_then is None:
            english.unlink(missing_ok=True)
        else:
            english.write_text(pair.english_then, encoding="utf-8")
        target = root / "translations" / pair.lang / f"{pair.slug}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(pair.translation, encoding="utf-8")
        _commit(root, pair.time, f"{pair.lang}: {pair.page} as of {pair.commit[:10]}")
    for pair in pairs:
        (root / "sources" / f"{pair.slug}.md").write_text(pair.english_now, encoding="utf-8")
    _commit(root, max(p.snapshot_time for p in pairs), "today's English")


def run_import(root: Path, lang: str, *, history: bool) -> dict[str, object]:
    """`transkit import` of every translation of `lang` into fresh catalogs; its JSON report."""
    shutil.rmtree(root / "locales", ignore_errors=True)
    cmd = [sys.executable, "-m", "transkit", "--root", str(root), "import", lang,
           str(root / "translations" / lang), "--format", "json"]
    if history:
        cmd += ["--english-at", "auto"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 2) or not done.stdout.strip():
        raise RuntimeError(f"transkit import crashed ({done.returncode}): {done.stderr}")
    report: dict[str, object] = json.loads(done.stdout)
    report["stderr"] = done.stderr
    return report


def reached(po: Path, script: str, words: frozenset[str], *, fuzzy: bool = True) -> int:
    """Translated letters in the msgstr of translated (and, with `fuzzy`, fuzzy) entries of a
    catalog, once for each place of the English the entry stands for (its references)."""
    if not po.exists():
        return 0
    catalog = polib.pofile(str(po))
    return sum(translated_letters(e.msgstr, script, words) * max(1, len(e.occurrences))
               for e in catalog if not e.obsolete and e.msgstr and e.msgid
               and (fuzzy or "fuzzy" not in e.flags))


# --- po4a-gettextize ---------------------------------------------------------------------------


def _po4a(folder: Path, *args: str) -> bool:
    """Run a po4a tool in `folder` (po4a-gettextize leaves gettextization.failed.po in the
    working folder when it fails)."""
    done = subprocess.run(list(args), cwd=folder, capture_output=True, check=False, timeout=300)
    return done.returncode == 0


def po4a(pair: Pair, script: str, words: frozenset[str]) -> tuple[int, int]:
    """Letters po4a-gettextize gets into a catalog for today's English: (with today's English,
    with the English the translation was made from, then carried to today's English with
    po4a-updatepo, which msgmerges)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, text in (("translated.md", pair.translation), ("now.md", pair.english_now),
                           ("then.md", pair.english_then)):
            if text is not None:
                (folder / name).write_text(text, encoding="utf-8")
        common = ("-f", "text", "-o", "markdown", "-M", "UTF-8")
        naive = reached(folder / "naive.po", script, words) if _po4a(
            folder, "po4a-gettextize", *common, "-L", "UTF-8", "-m", "now.md",
            "-l", "translated.md", "-p", "naive.po") else 0
        if pair.english_then is None or pair.english_then == pair.english_now:
            return naive, naive
        if not _po4a(folder, "po4a-gettextize", *common, "-L", "UTF-8", "-m", "then.md",
                     "-l", "translated.md", "-p", "then.po"):
            return naive, 0
        if not _po4a(folder, "po4a-updatepo", *common, "-m", "now.md", "-p", "then.po"):
            return naive, 0
        return naive, reached(folder / "then.po", script, words)


# --- the measurement ---------------------------------------------------------------------------


@dataclass
class Tally:
    """Letters over the pairs of one archive and language."""

    pairs: int = 0
    letters: int = 0
    history: int = 0  # reached with --english-at auto
    sure: int = 0  # of those, in entries imported as translated (not fuzzy)
    today: int = 0  # reached against today's English
    listed: int = 0  # listed by transkit as not placed (or in a refused file)
    unlisted: int = 0  # neither reached nor listed
    refused: int = 0
    lagging: int = 0  # pairs whose English changed since the translation's last commit
    po4a_today: int = 0
    po4a_history: int = 0
    po4a_failed: int = 0
    notes: list[str] = field(default_factory=list)


def measure(pairs: Sequence[Pair], work: Path, *, with_po4a: bool = True) -> dict[
        tuple[str, str], Tally]:
    """Run transkit (and po4a-gettextize) on the pairs; the tallies per archive and language."""
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    by_archive: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        by_archive[pair.archive].append(pair)
    for name, group in by_archive.items():
        root = work / name
        _progress(f"{name}: replaying {len(group)} translations in {root}")
        replay(group, root)
        for lang in sorted({p.lang for p in group}):
            mine = [p for p in group if p.lang == lang]
            script = script_of(lang)
            run_import(root, lang, history=False)
            today_reached = {p.slug: reached(root / "locales" / lang / f"{p.slug}.po", script,
                                             _words(p)) for p in mine}
            _progress(f"{name} {lang}: import against today's English done")
            started = time.perf_counter()
            report = run_import(root, lang, history=True)
            seconds = time.perf_counter() - started
            _progress(f"{name} {lang}: import --english-at auto: {seconds:.1f} s")
            tally = tallies[(name, lang)]
            _tally(tally, mine, report, today_reached, root, lang, script)
            tally.notes.append(f"`transkit import {lang} --english-at auto` over "
                               f"{len(mine)} files: {seconds:.1f} s")
            if with_po4a and shutil.which("po4a-gettextize"):
                with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                    results = list(pool.map(partial(_po4a_pair, script=script), mine))
                for pair, (naive, merged) in zip(mine, results, strict=True):
                    total = translated_letters(pair.translation, script, _words(pair))
                    tally.po4a_today += min(naive, total)
                    tally.po4a_history += min(merged, total)
                    tally.po4a_failed += naive == 0 and total > 0
                _progress(f"{name} {lang}: po4a-gettextize done")
    return tallies


def _po4a_pair(pair: Pair, *, script: str) -> tuple[int, int]:
    return po4a(pair, script, _words(pair))


def _words(pair: Pair) -> frozenset[str]:
    return vocabulary(pair.english_now, pair.english_then or "")


def _tally(tally: Tally, pairs: Sequence[Pair], report: dict[str, object],
           today: dict[str, int], root: Path, lang: str, script: str) -> None:
    articles = {a["slug"]: a for a in report["articles"]}  # type: ignore[attr-defined]
    refused = {Path(f["path"]).stem for f in report["failures"]}  # type: ignore[attr-defined]
    for pair in pairs:
        words = _words(pair)
        total = translated_letters(pair.translation, script, words)
        tally.pairs += 1
        tally.letters += total
        tally.lagging += pair.english_then != pair.english_now
        catalog = root / "locales" / lang / f"{pair.slug}.po"
        got = min(reached(catalog, script, words), total)
        tally.history += got
        tally.sure += min(reached(catalog, script, words, fuzzy=False), total)
        tally.today += min(today.get(pair.slug, 0), total)
        if pair.slug in refused:
            tally.refused += 1
            tally.listed += total - got
            continue
        item = articles.get(pair.slug)
        listed = sum(p["letters"] for p in item["not_placed"]) if item else 0
        tally.listed += min(listed, total - got)
        tally.unlisted += max(0, total - got - listed)


def _progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "–"


def table(tallies: dict[tuple[str, str], Tally]) -> str:
    """The figures as a Markdown table, a row per archive and language and one for all."""
    rows = ["| archive | lang | pages (lagging) | translated letters | **transkit**, history-aware "
            "| of which translated (not fuzzy) | transkit, today's English | po4a-gettextize, "
            "today's English | po4a-gettextize + po4a-updatepo, history-aware | listed as not "
            "placed | unlisted | refused |", "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    total = Tally()
    for (name, lang), t in sorted(tallies.items()):
        rows.append(_row(name, lang, t))
        for key in ("pairs", "letters", "history", "sure", "today", "listed", "unlisted",
                    "refused", "lagging", "po4a_today", "po4a_history", "po4a_failed"):
            setattr(total, key, getattr(total, key) + getattr(t, key))
    rows.append(_row("**all**", "", total))
    return "\n".join(rows) + "\n"


def _row(name: str, lang: str, t: Tally) -> str:
    return (f"| {name} | {lang} | {t.pairs} ({t.lagging}) | {t.letters:,} | "
            f"**{_share(t.history, t.letters)}** | {_share(t.sure, t.letters)} | "
            f"{_share(t.today, t.letters)} | {_share(t.po4a_today, t.letters)} | "
            f"{_share(t.po4a_history, t.letters)} | {_share(t.listed, t.letters)} | "
            f"{t.unlisted:,} | {t.refused} |")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path, help="measure stored pairs (PAIRS.json) instead")
    parser.add_argument("--archive", action="append", help="only this archive (repeatable)")
    parser.add_argument("--work", type=Path, default=HERE / "out" / "real-archive")
    parser.add_argument("--output", type=Path, help="write the results to this Markdown file")
    parser.add_argument("--no-po4a", action="store_true")
    parser.add_argument("--save-sample", type=Path, help="store a sample of pairs here")
    parser.add_argument("--sample", type=int, default=4, help="pairs per archive and language")
    args = parser.parse_args(argv)
    if args.pairs:
        pairs = load(args.pairs)
    else:
        chosen = [a for a in ARCHIVES if not args.archive or a.name in args.archive]
        pairs = [p for archive in chosen for p in extract(archive)]
    if args.save_sample:
        save(sample(pairs, args.sample), args.save_sample)
        return 0
    tallies = measure(pairs, args.work.resolve(), with_po4a=not args.no_po4a)
    text = table(tallies)
    print(text)
    for (name, lang), t in sorted(tallies.items()):
        for note in t.notes:
            print(f"- {name} {lang}: {note}")
    if args.output:
        command = " ".join(["python benchmarks/real_archive.py", *(argv if argv is not None
                                                                   else sys.argv[1:])])
        calibrate = _load_beside("calibrate_align.py")
        args.output.write_text(report(tallies, pairs, command, calibrate.calibration(pairs),
                                      another_article(pairs)), encoding="utf-8")
    return 0


def another_article(pairs: Sequence[Pair], seed: int = 3) -> list[str]:
    """How often a translation is refused as another article's: aligned with its own English
    (should never be), and with another page of its site (should mostly be)."""
    rng = random.Random(seed)
    own = other = counted = 0
    for pair in pairs:
        others = [p for p in pairs if p.archive == pair.archive and p.page != pair.page]
        mine = _refused(pair.english_then or pair.english_now, pair)
        theirs = _refused(rng.choice(others).english_now, pair) if others else None
        if mine is None or theirs is None:
            continue
        counted += 1
        own += mine
        other += theirs
    return [f"aligned with its own English: {own} of {counted} refused",
            f"aligned with another page of its site: {other} of {counted} refused "
            f"({_share(other, counted)})"]


def _refused(english: str, pair: Pair) -> bool | None:
    base = new_catalog(lang=pair.lang, project="p", slug="a", title="t")
    try:
        document = segment_markdown(english)
        translation = Translated(segment_markdown(pair.translation), pair.translation, "t.md")
        import_catalog(base, document, document, translation, english_text=english,
                       reference="a.md", script=script_of(pair.lang))
    except SourceError as err:
        return "does not look like a translation" in err.message or None
    return False


def _load_beside(name: str):  # type: ignore[no-untyped-def]
    """A script of this folder as a module (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location(name.removesuffix(".py"), HERE / name)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def report(tallies: dict[tuple[str, str], Tally], pairs: Sequence[Pair], command: str,
           calibration: Sequence[str], refusals: Sequence[str]) -> str:
    """docs/import-vs-po4a.md: how it was measured, the figures, and the archives."""
    archives = {a.name: a for a in ARCHIVES}
    used = sorted({p.archive for p in pairs})
    sources = "\n".join(
        f"- **{name}**: {archives[name].url}, snapshot `{_snapshot(pairs, name)}`, English in "
        f"`{archives[name].english}`, translations in "
        f"{', '.join(f'`{f}`' for f in archives[name].langs.values())}; licence: "
        f"{archives[name].licence}" for name in used if name in archives)
    notes = "\n".join(f"- {name} {lang}: {note}" for (name, lang), t in sorted(tallies.items())
                      for note in t.notes)
    po4a = subprocess.run(["po4a", "--version"], capture_output=True, text=True, check=False)
    version = (po4a.stdout or po4a.stderr).strip().split("\n")[0].rstrip(".") if (
        po4a.returncode == 0) else "po4a not installed"
    return f"""# Importing real translated archives: transkit and po4a-gettextize

Generated by `benchmarks/real_archive.py` (do not edit by hand): `{command}`, on
{time.strftime('%Y-%m-%d', time.gmtime())}, {version}.

A publication that adopts transkit imports years of human translations, and those lag the
English. Here every translated page of the archives below (Russian and German) is imported
into a project of its own whose git history replays the archive's: each translation committed
with the English it was made from (the English as of the translation's last change of text),
then today's English. transkit runs as a user would run it, once per language:
`transkit import LANG translations/LANG --english-at auto` ("history-aware"), and without
`--english-at` ("today's English"). po4a-gettextize runs on the same pairs as its manual says,
`po4a-gettextize -f text -o markdown -m EN -l TRANSLATED -p out.po`: with today's English, and
history-aware with the English the translation was made from, its catalog then carried to
today's English with `po4a-updatepo` (msgmerge), as a po4a user would. A gettextize that fails
(the structures differ) counts as nothing.

**What is counted.** Letters of translated text: for Russian, the Cyrillic letters of the
translated file; for German, written in the Latin alphabet like the English, the letters of the
words (three letters or more) that the English does not have. A letter *reaches the catalog*
when it is in the msgstr of a translated or fuzzy entry of the catalog for today's English
(an entry counts once for each place of the English it stands for). *Listed* letters are those
transkit names in its report (a piece not placed, with file and line, or a refused file);
*unlisted* would be letters neither in the catalog nor listed: lost without a word.

## Results

{table(tallies)}
Pages (lagging): the translated pages, and how many of them were made from an English that
has changed since.

## Timings

{notes}

## Calibration

The alignment's costs and thresholds (`transkit.core.align`) were chosen with
`benchmarks/calibrate_align.py` on these pairs: the pages whose translation has the structure
of the English it was made from give the truth (unit k translates unit k); each is then damaged
the way real translations are (English units the translation lacks, a translator's own
paragraphs, two paragraphs joined, one split), and the alignment of the damaged page is scored
against the truth, in letters: placed with the right English unit, placed with a wrong one, in
sure links (imported as translated, not fuzzy) and of those wrong, and a translator's own
paragraphs placed somewhere all the same.

```
{chr(10).join(calibration)}
```

## A translation of another article

transkit refuses a translation next to nothing of which aligns with the English (less than a
fifth of its text in links with evidence for them, and little evidence in all), so that a file
named after the wrong article is not imported as fuzzy nonsense. On the same pairs, each
translation aligned with its own English, and with the English of another page of its site
chosen at random:

{chr(10).join(f"- {line}" for line in refusals)}

## Archives

{sources}

ruby-lang.org states no licence for its pages: they are measured here from the public
repository, never stored in this one. The stored sample (`tests/data/real-archive`, see its
SOURCE.md) comes from the two licensed archives, and `tests/test_real_archive.py` checks the
same property on it.
"""


def _snapshot(pairs: Sequence[Pair], archive: str) -> str:
    return next(p.snapshot for p in pairs if p.archive == archive)


def sample(pairs: Iterable[Pair], count: int) -> list[Pair]:
    """A few lagging pairs per archive and language (from archives whose licence allows
    keeping them), the smallest first so the sample stays small."""
    licensed = {a.name for a in ARCHIVES if not a.licence.startswith("not stated")}
    out: list[Pair] = []
    groups: dict[tuple[str, str], list[Pair]] = defaultdict(list)
    for pair in pairs:
        if pair.archive in licensed and pair.english_then not in (None, pair.english_now):
            groups[(pair.archive, pair.lang)].append(pair)
    for _, group in sorted(groups.items()):
        group.sort(key=lambda p: (len(p.translation), p.page))
        step = max(1, len(group) // count)
        out.extend(group[::step][:count])
    return out


if __name__ == "__main__":
    sys.exit(main())
