"""How transkit's commands grow from a 1,000-article to a 10,000-article archive.

    python benchmarks/scale.py --articles 1000 10000 --output docs/scale.md
    python benchmarks/scale.py --articles 10000 --corpus 10000=/tmp/corp10k --output docs/scale.md

For each size, a generated corpus (``benchmarks/corpus.py``, 3 languages; ``--corpus N=DIR``
takes one made beforehand, which is only read) is first settled as a project maintained with
transkit is committed: one untimed ``transkit sync`` writes the ``transkit.sum`` that sync keeps
beside the configuration (the row "first sync ever" removes it again). That copy is restored
into a working folder before every run, and every command runs on it twice, the fresh clone
first:

- *fresh clone*: the settled files and no ``.transkit-cache`` at all (no engine records, no
  translation memory index), as CI and a user meet the project after ``git clone``;
- *warm cache*: the cache the run before left (the row's fresh-clone run, first), the files
  restored and the row's change made again.

Each run is one process, timed once (``--repeat`` for more), with its wall and CPU seconds
(user + system, its worker processes included) and its peak memory (GNU time). Every run has
its open-file limit lowered to ``--nofile`` (default 1,024; the machine allows 20,000): a
command that held a file open per catalog would fail there, so a clean run shows that open
files stay bounded whatever the archive's size. ``pocount`` on the same catalogs is the
yardstick of the first sync. ``check --changed-since REV`` runs in a git repository made of
the working folder (untimed), one article edited and committed after REV; it is "n/a" while
transkit has no such option. ``--profile`` adds where the time of a fresh clone's first sync
and check goes (``benchmarks/profile_split.py``), next to the floor of reading the catalogs.
Measures, never asserts.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate  # noqa: E402
from profile_split import split_table  # noqa: E402
from run import (  # noqa: E402
    CACHE,
    Run,
    find_tool,
    overlay,
    profile_run,
    progress,
    remove,
    restore_tree,
    run_once,
)

HERE = Path(__file__).resolve().parent
PEAK_LIMIT_MB = 1024.0
KEEP = (".git", CACHE)  # left alone by a restore: git's repository, transkit's cache


@dataclass(frozen=True)
class Operation:
    name: str
    args: tuple[str, ...]  # transkit's arguments; "{rev}" is the commit before the edit
    change: str = ""  # what to do, untimed, before the run: see Scale.change
    target: str = ""  # the target, judged on the fresh clone at the largest size
    git: bool = False  # needs the working folder to be a git repository
    option: str = ""  # the transkit option the row needs ("n/a" while it does not exist)


OPERATIONS = (  # the rows first: a run stopped early keeps them
    Operation("sync, first run over existing catalogs", ("sync",), target="≤ 1 × pocount"),
    Operation("check --changed-since REV, one article edited",
              ("check", "--changed-since", "{rev}"), "commit-one", target="≤ 5 s", git=True,
              option="--changed-since"),
    Operation("check, every catalog", ("check",)),
    Operation("status, every catalog", ("status",)),
    Operation("sync, one article edited", ("sync",), "edit-one"),
    Operation("build, every edition", ("build",), "no-build"),
    Operation("sync, cold (no catalogs)", ("sync",), "no-catalogs"),
    Operation("sync, first run ever (no transkit.sum yet)", ("sync",), "no-record"),
)


@dataclass
class Measured:
    runs: list[Run] = field(default_factory=list)
    status: str = "ok"  # ok, n/a, failed

    def median(self, attribute: str) -> float | None:
        values = [getattr(run, attribute) for run in self.runs
                  if getattr(run, attribute) is not None]
        return statistics.median(values) if values and self.status == "ok" else None

    @property
    def peak_mb(self) -> float | None:
        peaks = [run.peak_kb for run in self.runs if run.peak_kb]
        return max(peaks) / 1024 if peaks else None

    @property
    def codes(self) -> str:
        return "/".join(sorted({str(run.code) for run in self.runs}))


@dataclass
class SizeResult:
    articles: int
    catalogs: int = 0
    catalog_mb: float = 0.0
    rows: dict[str, tuple[Measured, Measured]] = field(default_factory=dict)
    pocount: Measured | None = None
    profiles: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    floor: dict[str, object] | None = None


class Scale:
    def __init__(self, args: argparse.Namespace, transkit: str) -> None:
        self.args = args
        self.transkit = transkit
        self.logs: Path = args.out_dir / "logs"
        self.base = Path()
        self.work = Path()
        self.edit = Path()
        self.rev = ""

    def corpus(self, articles: int) -> Path:
        given = dict(self.args.corpus or [])
        if articles in given:
            return Path(given[articles])
        corpus: Path = self.args.out_dir / f"corpus-{articles}a-200p-s1"
        if not (corpus / "base").is_dir():
            progress(f"generating {articles} articles (untimed)")
            generate(corpus, articles=articles, big_paragraphs=200, seed=1)
        return corpus

    def settle(self, articles: int) -> None:
        """The corpus as a project maintained with transkit is committed: synced, with the
        `transkit.sum` that sync keeps beside the configuration (untimed). It becomes the
        pristine copy every row restores; the row "first sync ever" takes the record away
        again. A settled copy made before (same corpus) is used as it is."""
        settled = self.args.out_dir / f"scale-settled-{articles}"
        stamp = settled.with_name(f"{settled.name}.from")  # which corpus it was made from
        origin = str(self.base.resolve())
        if not (stamp.is_file() and stamp.read_text(encoding="utf-8") == origin):
            progress(f"{articles} articles: one sync to settle the corpus (untimed)")
            subprocess.run(self.tk("sync", "--quiet"), check=True, stdout=subprocess.DEVNULL)
            remove(settled)
            restore_tree(self.work, settled, keep=KEEP)
            stamp.write_text(origin, encoding="utf-8")
        self.base = settled
        self.restore(cache=False)

    def tk(self, *args: str) -> list[str | Path]:
        return [self.transkit, "--root", self.work, *args]

    def restore(self, *, cache: bool) -> None:
        copied = restore_tree(self.base, self.work, keep=KEEP)
        if not cache:
            remove(self.work / CACHE)
        elif copied:  # files the run before rewrote: new inodes, the cache misses them
            progress(f"restored {copied} file(s) the run before changed")

    def change(self, what: str) -> None:
        if what == "no-record":
            remove(self.work / "transkit.sum")
        elif what == "no-catalogs":
            remove(self.work / "locales")
        elif what == "no-build":
            remove(self.work / "build")
        elif what == "edit-one":
            overlay(self.edit, self.work / "sources")
        elif what == "commit-one":
            overlay(self.edit, self.work / "sources")
            git(self.work, "add", "-A", "sources")
            git(self.work, "commit", "-q", "-m", "one article edited")

    def has_option(self, command: str, option: str) -> bool:
        done = subprocess.run([self.transkit, command, "--help"], capture_output=True,
                              text=True)
        return done.returncode == 0 and re.search(
            rf"(?<![\w-]){re.escape(option)}(?![\w-])", done.stdout) is not None

    def make_git(self) -> None:
        """The working folder as a git repository, its corpus as one commit (`self.rev`)."""
        if not (self.work / ".git").is_dir():
            progress("git: committing the working folder (untimed)")
            git(self.work, "init", "-q")
            (self.work / ".git" / "info" / "exclude").write_text(
                f"{CACHE}/\n.transkit.lock\nbuild/\n", encoding="utf-8")
            git(self.work, "config", "user.name", "bench")
            git(self.work, "config", "user.email", "bench@localhost")
            git(self.work, "add", "-A")
            git(self.work, "commit", "-q", "-m", "corpus")
        self.rev = git(self.work, "rev-list", "--max-parents=0", "HEAD").strip()

    def timed(self, op: Operation, articles: int, variant: str) -> Run:
        args = [part.replace("{rev}", self.rev) for part in op.args]
        cmd = ["bash", "-c", f'ulimit -n {self.args.nofile} && exec "$0" "$@"', self.transkit,
               "--root", str(self.work), *args]
        slug = re.sub(r"[^a-z0-9]+", "-", f"{articles} {op.name} {variant}".lower()).strip("-")
        run = run_once(cmd, cwd=self.work, log=self.logs / f"scale-{slug}.log",
                       timeout=self.args.timeout)
        peak = run.peak_kb / 1024 if run.peak_kb else 0
        cpu = f"{run.cpu:.1f}" if run.cpu is not None else "?"
        progress(f"{articles} articles: {op.name} [{variant}]: {run.seconds:.1f} s, {cpu} s "
                 f"CPU, {peak:.0f} MB, exit {run.code}")
        return run

    def measure(self, articles: int, save: Callable[[SizeResult], None]) -> SizeResult:
        """Every operation at this size; `save` gets the result so far after each row."""
        corpus = self.corpus(articles)
        self.base = corpus / "base"
        self.edit = corpus / "edits" / "one-article" / "sources"
        self.work = self.args.out_dir / f"scale-work-{articles}"
        progress(f"{articles} articles: copying the corpus, or bringing a copy made before "
                 "back to it (untimed)")
        self.restore(cache=False)
        self.settle(articles)
        catalogs = list((self.base / "locales").rglob("*.po"))
        result = SizeResult(articles, len(catalogs),
                            sum(p.stat().st_size for p in catalogs) / 1e6)
        pocount = find_tool("pocount")
        if pocount:
            measured = Measured()
            for _ in range(self.args.repeat):
                self.restore(cache=False)
                run = run_once([pocount, "locales"], cwd=self.work,
                               log=self.logs / f"scale-{articles}-pocount.log",
                               timeout=self.args.timeout)
                progress(f"{articles} articles: pocount: {run.seconds:.1f} s, "
                         f"{run.cpu or 0:.1f} s CPU")
                measured.runs.append(run)
            result.pocount = measured
            save(result)
        for op in chosen_rows(self.args):
            if op.option and not self.has_option(op.args[0], op.option):
                progress(f"{articles} articles: {op.name}: n/a (transkit {op.args[0]} has no "
                         f"{op.option})")
                result.rows[op.name] = (Measured(status="n/a"), Measured(status="n/a"))
                continue
            if op.git:
                self.restore(cache=False)
                self.make_git()
            cold, warm = Measured(), Measured()
            for measured, cached in ((cold, False), (warm, True)):
                for _ in range(self.args.repeat):
                    self.restore(cache=cached)
                    if op.git:
                        git(self.work, "reset", "-q", self.rev)  # the edit is made again
                    # warm: the cache the run before left (this row's fresh-clone run first)
                    self.change(op.change)
                    run = self.timed(op, articles, "warm cache" if cached else "fresh clone")
                    measured.runs.append(run)
                    if run.code not in (0, 1):
                        measured.status = "failed"
                        break
            result.rows[op.name] = (cold, warm)
            save(result)
            if op.git:
                remove(self.work / ".git")  # the other rows run on the corpus as it is
        if self.args.profile:
            self.profile(result)
            save(result)
        shutil.rmtree(self.work, ignore_errors=True)
        return result

    def profile(self, result: SizeResult) -> None:
        script = HERE / "profile_split.py"
        runs = (("first sync after a fresh clone, one article edited", "sync", True),
                ("check on a fresh clone", "check", False))
        for name, command, edited in runs:
            self.restore(cache=False)
            if edited:
                self.change("edit-one")
            found = profile_run(script, ["--", "--root", str(self.work), command],
                                cwd=self.work,
                                log=self.logs / f"scale-{result.articles}-profile-{command}.log",
                                timeout=self.args.timeout)
            if found is not None:
                result.profiles.append((f"{name} ({result.articles:,} articles)", found))
        self.restore(cache=False)
        result.floor = profile_run(script, ["--floor", str(self.work)], cwd=self.work,
                                   log=self.logs / f"scale-{result.articles}-floor.log",
                                   timeout=self.args.timeout)


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                          text=True)
    return done.stdout


def _seconds(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _cells(measured: Measured) -> list[str]:
    if measured.status != "ok":
        return [measured.status, "", ""]
    peak = measured.peak_mb
    return [_seconds(measured.median("seconds")), _seconds(measured.median("cpu")),
            "" if peak is None else f"{peak:.0f}"]


def verdict(op: Operation, result: SizeResult, cold: Measured) -> str:
    if not op.target:
        return ""
    wall = cold.median("seconds")
    if op.target == "≤ 1 × pocount":
        pocount = result.pocount.median("seconds") if result.pocount else None
        limit = pocount
    else:
        limit = float(op.target.split()[1])
    if wall is None or limit is None:
        return op.target
    return f"{op.target}: {'met' if wall <= limit else '**missed**'}"


def report(results: list[SizeResult], args: argparse.Namespace, load: Sequence[float],
           load_after: Sequence[float]) -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    sizes = ", ".join(f"{r.articles:,}" for r in results)
    commit = subprocess.run(["git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "?"
    lines = [
        f"# transkit at {sizes} articles",
        "",
        f"`benchmarks/scale.py` (`make bench-scale`), {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"harness checkout at {commit} (the transkit measured is the one "
        f"`{args.transkit or 'transkit'}` imports), {platform.machine()}, {cores} cores, Python "
        f"{platform.python_version()}; load average (1, 5, 15 min) "
        f"{', '.join(f'{x:.2f}' for x in load)} before the run and "
        f"{', '.join(f'{x:.2f}' for x in load_after)} after it (anything else running on the "
        "machine shows there and in the wall seconds; the CPU seconds are the run's own). "
        "Generated corpus: 3 languages, about 43 units per article; "
        + "; ".join(f"{r.articles:,} articles: {r.catalogs:,} catalogs, {r.catalog_mb:,.0f} MB "
                    "of PO" for r in results) + ".",
        "",
        "Each command is one process with its open-file limit at "
        f"{args.nofile}, measured first on a fresh clone (no `.transkit-cache`: no engine "
        "records, no memory index), then with the cache the run before left (the row's "
        "fresh-clone run: the files restored, the row's change made again, the cache kept); "
        f"median of {args.repeat} run(s). Wall and CPU seconds (user + "
        f"system, worker processes included: with {cores} cores CPU can exceed wall); peak MB "
        "is the largest single process's maximum resident set size (GNU time). Targets are "
        "the issue's, judged on the fresh clone's wall seconds.",
        "",
        "| operation | articles | fresh clone: wall s | CPU s | peak MB | warm cache: wall s "
        "| CPU s | peak MB | growth (fresh wall) | exit | target |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    peaks: list[float] = []
    for op in OPERATIONS:
        first_wall: float | None = None
        for i, result in enumerate(results):
            if op.name not in result.rows:
                lines.append(f"| {op.name} | {result.articles:,} | not measured (left out, "
                             "or the run was stopped before it) | | | | | | | | |")
                continue
            cold, warm = result.rows[op.name]
            wall = cold.median("seconds")
            growth = ""
            if i == 0:
                first_wall = wall
            elif wall and first_wall:
                growth = f"{wall / first_wall:.1f}×"
            peaks += [p for p in (cold.peak_mb, warm.peak_mb) if p]
            codes = "/".join(c for c in (cold.codes, warm.codes) if c)
            lines.append(f"| {op.name} | {result.articles:,} | "
                         + " | ".join(_cells(cold) + _cells(warm))
                         + f" | {growth} | {codes} | {verdict(op, result, cold)} |")
    for result in results:
        if result.pocount is not None:
            cells = _cells(result.pocount)
            lines.append(f"| pocount, every catalog (the yardstick) | {result.articles:,} | "
                         f"{' | '.join(cells)} | — | — | — | | "
                         f"{result.pocount.codes} | |")
    peak = max(peaks) if peaks else None
    lines += [
        "",
        "Peak memory of any transkit process above: "
        + ("?" if peak is None else f"{peak:.0f} MB (target ≤ 1 GB: "
           f"{'met' if peak <= PEAK_LIMIT_MB else '**missed**'})")
        + f". Every transkit run had its open-file limit at {args.nofile}: a run that "
        "completed (exit 0 or 1) held fewer files open at any time. Exit 1 is a gate that "
        "failed on the generated content (its catalogs are about 80 % translated), not an "
        "error. `check --changed-since REV`: the working folder made a git repository (the "
        "corpus as one commit, REV), one article edited and committed after it; the other "
        "rows run on the folder as settled (the corpus synced once, untimed, with the "
        "`transkit.sum` it wrote), without `.git`.",
    ]
    lines += [f"\n{note}" for note in args.note]
    profiles = [p for r in results for p in r.profiles]
    floors = [(f"{r.articles:,} articles", r.floor) for r in results if r.floor]
    if profiles or floors:
        lines += [
            "",
            "## Where the time goes",
            "",
            split_table(profiles, floors).rstrip("\n"),
            "",
            "Each profiled command ran once on a fresh clone, in one process "
            "(`TRANSKIT_JOBS=1`: its wall time is not the table's), sampled every millisecond "
            "by `benchmarks/profile_split.py`: seconds of the command's CPU time by stage (the "
            "innermost stage on the stack; a catalog the memory reads counts as parse; "
            "start-up is importing modules). The physical floor, measured in the same run on "
            "the same catalogs: reading every catalog's bytes, and one regular-expression pass "
            "over them in Python (every quoted string); the page cache was not dropped.",
        ]
    return "\n".join(lines) + "\n"


def parse_corpus(text: str) -> tuple[int, Path]:
    articles, _, folder = text.partition("=")
    if not articles.isdigit() or not folder:
        raise argparse.ArgumentTypeError(f"{text!r}: write ARTICLES=DIR, e.g. 10000=/tmp/corp10k")
    return int(articles), Path(folder)


def chosen_rows(args: argparse.Namespace) -> list[Operation]:
    """The operations to measure: the first `--rows`, those `--only` names if it is given."""
    first = OPERATIONS[:args.rows]
    return [op for op in first if not args.only or any(text in op.name for text in args.only)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--corpus", type=parse_corpus, action="append", metavar="N=DIR",
                        help="the corpus of N articles made beforehand by corpus.py (only read)")
    parser.add_argument("--out-dir", type=Path, default=HERE / "out")
    parser.add_argument("--output", "-o", type=Path)
    parser.add_argument("--nofile", type=int, default=1024)
    parser.add_argument("--timeout", type=float, default=3600.0)
    parser.add_argument("--repeat", "-k", type=int, default=1, help="runs per figure")
    parser.add_argument("--rows", type=int, default=len(OPERATIONS),
                        help="measure only the first ROWS operations (the issue's come first; "
                        "default: all)")
    parser.add_argument("--only", action="append", default=[], metavar="TEXT",
                        help="measure only the operations whose name holds TEXT (repeatable; "
                        "with --rows, among the first ROWS)")
    parser.add_argument("--profile", action="store_true",
                        help="also profile a fresh clone's first sync and check, and measure "
                        "the floor of reading the catalogs")
    parser.add_argument("--transkit", help="the transkit executable (default: next to Python)")
    parser.add_argument("--note", action="append", default=[],
                        help="a sentence for the report (repeatable): the machine's load, ...")
    args = parser.parse_args(argv)
    args.out_dir = args.out_dir.resolve()
    transkit = find_tool("transkit", args.transkit) or "transkit"
    load = os.getloadavg()
    scale = Scale(args, transkit)
    done: list[SizeResult] = []
    text = ""

    def save(current: SizeResult) -> None:
        """The report so far, written after each row: a run stopped early leaves one."""
        nonlocal text
        text = report(sorted([*done, current], key=lambda r: r.articles), args, load,
                      os.getloadavg())
        if args.output:
            args.output.write_text(text, encoding="utf-8")

    for n in args.articles:
        done.append(scale.measure(n, save))
        progress(f"{n} articles: done" + (f", {args.output} written" if args.output else ""))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
