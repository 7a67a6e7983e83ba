"""Benchmarks at a publication's scale: transkit side by side with gettext, po4a, translate-toolkit.

    python benchmarks/run.py                       # 1,000 articles x hy/de/ru, 13,000-paragraph doc
    python benchmarks/run.py --quick               # a smoke run: 20 articles, 500 paragraphs
    python benchmarks/run.py --output docs/benchmarks.md --repeat 5

Everything runs on one generated corpus (``benchmarks/corpus.py``, cached under
``benchmarks/out/``). Every transkit operation is measured twice, the fresh clone first:

- *fresh clone*: before each run the working copy is restored to its pristine files with no
  ``.transkit-cache`` at all (no engine records, no translation memory index), as a user or CI
  meets the project after ``git clone``;
- *warm cache*: before each run the working copy is restored to its pristine state, cache
  included (only the files that differ are rewritten, so whatever transkit caches stays valid for
  the files a run did not touch), then an untimed ``transkit sync`` and ``todo`` refresh the cache
  as the user's own last commands would have; status, check and build run once, untimed, first.

The warm figure is reported next to the fresh clone's, never instead of it; targets are judged
on the fresh clone's. Each run is a child process, timed with ``time.perf_counter`` around the
call, its CPU seconds (user + system, its worker processes included) read from its resource
usage; the table gives the median of k runs. Peak memory is the child's maximum resident set
size, read from ``/usr/bin/time -v`` when present, otherwise from ``os.wait4``'s resource usage of
the child. ``--only profile`` adds where the time of a fresh clone's first sync and check goes
(``benchmarks/profile_split.py``), next to the floor of reading the catalogs.

Commands transkit does not have (yet) are reported as "n/a"; peers that are not installed are
left out. Nothing here asserts a timing: the targets column only says whether a target was met.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from profile_split import split_table  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GNU_TIME = Path("/usr/bin/time")
TARGET_PEAK_MB = 1024.0
GROUPS = ("project", "statistics", "po4a", "big", "memory", "profile")
CACHE = ".transkit-cache"  # everything transkit keeps between runs (its records, the memory)
OK = (0,)
GATE = (0, 1)  # status, check and build exit 1 when a gate fails: a result, not an error


# --- running and measuring ----------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_kb: int | None
    code: int | None  # None: killed at the timeout
    cpu: float | None = None  # user + system seconds of the process and its waited-for children


@dataclass
class Result:
    """The runs of one operation by one tool."""

    operation: str
    tool: str
    runs: list[Run] = field(default_factory=list)
    status: str = "ok"  # ok, n/a, failed, timeout, skipped
    note: str = ""
    log: Path | None = None
    timeout: float | None = None

    @property
    def median(self) -> float | None:
        if self.status != "ok" or not self.runs:
            return None
        return statistics.median(run.seconds for run in self.runs)

    @property
    def cpu_median(self) -> float | None:
        cpus = [run.cpu for run in self.runs if run.cpu is not None]
        if self.status != "ok" or not cpus:
            return None
        return statistics.median(cpus)

    @property
    def peak_mb(self) -> float | None:
        peaks = [run.peak_kb for run in self.runs if run.peak_kb is not None]
        return max(peaks) / 1024 if peaks else None


def _rusage_from_gnu_time(path: Path) -> tuple[int | None, int | None, float | None]:
    """(max RSS in KiB, exit status, user + system seconds) from the file `/usr/bin/time -v -o
    FILE` wrote. GNU time reads the child's rusage from wait4, which includes the children the
    child waited for (transkit's worker processes)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None, None, None
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    code = re.search(r"Exit status: (\d+)", text)
    user = re.search(r"User time \(seconds\): ([\d.]+)", text)
    system = re.search(r"System time \(seconds\): ([\d.]+)", text)
    cpu = float(user.group(1)) + float(system.group(1)) if user and system else None
    return (int(rss.group(1)) if rss else None), (int(code.group(1)) if code else None), cpu


# Set, Python compiles every module a command imports on every run when the source has no
# __pycache__ yet (a src/ pinned by `git archive` for --transkit): 0.1-0.15 s of a repeated
# status's 1 s at 1,000 articles, which no installed transkit pays (pip compiles it).
NO_BYTECODE = "PYTHONDONTWRITEBYTECODE"


def bytecode_kept(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a measured command: `env` (default: ours) with Python allowed to
    write and reuse its bytecode, as an installed transkit, pocount or po4a runs."""
    return {k: v for k, v in (os.environ if env is None else env).items() if k != NO_BYTECODE}


def run_once(cmd: Sequence[str | Path], *, cwd: Path, log: Path, timeout: float,
             env: dict[str, str] | None = None) -> Run:
    """Run `cmd` once as a child process: wall-clock seconds, CPU seconds (user + system, its
    children included), peak RSS and exit status. Python's bytecode is written and reused
    (`bytecode_kept`)."""
    argv = [str(part) for part in cmd]
    env = bytecode_kept(env)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        out.write(f"$ {' '.join(argv)}\n".encode())
        out.flush()
        if GNU_TIME.exists():
            usage = log.with_suffix(".rusage")
            usage.unlink(missing_ok=True)
            start = time.perf_counter()
            proc = subprocess.Popen(
                [str(GNU_TIME), "-v", "-o", str(usage), *argv],
                cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, env=env,
            )
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                return Run(time.perf_counter() - start, None, None)
            seconds = time.perf_counter() - start
            peak, code, cpu = _rusage_from_gnu_time(usage)
            return Run(seconds, peak, code if code is not None else proc.returncode, cpu)
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env=env,
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage_ = os.wait4(proc.pid, 0)  # the child's own resource usage
        seconds = time.perf_counter() - start
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if killed.is_set():
            return Run(seconds, None, None)
        return Run(seconds, int(usage_.ru_maxrss), proc.returncode,
                   usage_.ru_utime + usage_.ru_stime)


def progress(message: str) -> None:
    print(f"[{datetime.now().strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the corpus and its working copies ----------------------------------------------------------


def copy_tree(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, symlinks=True, copy_function=shutil.copy2)


def restore_tree(pristine: Path, work: Path, *, keep: Sequence[str] = ()) -> int:
    """Make `work` a copy of `pristine` again, rewriting only the files that differ.

    A file whose size and modification time (in ns) are those of its pristine copy is left as it
    is, inode included, as after a real run that did not touch it: a cache keyed like git's index
    (size, mtime, inode) stays valid for it. Others are replaced (copy2: pristine content and
    mtime, a new inode); files that are not in `pristine` are removed. The top-level entries
    named in `keep` (`.git`, `.transkit-cache`) are left alone on both sides: neither copied
    from `pristine` nor removed from `work`. Returns the files copied.
    """
    if not work.exists():
        shutil.copytree(pristine, work, symlinks=True, copy_function=shutil.copy2,
                        ignore=lambda folder, names: [n for n in names if n in keep and Path(
                            folder) == pristine])
        return sum(len(files) for _, _, files in os.walk(work))
    copied = 0
    wanted: set[Path] = set()
    for folder, dirs, files in os.walk(pristine):
        rel = Path(folder).relative_to(pristine)
        if rel == Path("."):
            dirs[:] = [d for d in dirs if d not in keep]
            files = [f for f in files if f not in keep]
        target = work / rel
        if target.exists() and not target.is_dir():
            target.unlink()
        target.mkdir(exist_ok=True)
        for name in files:
            wanted.add(rel / name)
            src, dst = pristine / rel / name, target / name
            mine = src.stat()
            try:
                theirs = dst.lstat()
                if dst.is_file() and not dst.is_symlink() and (
                    theirs.st_size, theirs.st_mtime_ns) == (mine.st_size, mine.st_mtime_ns):
                    continue
                remove(dst)
            except FileNotFoundError:
                pass
            shutil.copy2(src, dst)
            copied += 1
    for folder, dirs, files in os.walk(work):
        rel = Path(folder).relative_to(work)
        if rel != Path(".") and not (pristine / rel).is_dir():
            shutil.rmtree(work / rel)
            dirs[:] = []
            continue
        if rel == Path("."):
            dirs[:] = [d for d in dirs if d not in keep]
            files = [f for f in files if f not in keep]
        for name in files:
            if rel / name not in wanted:
                (work / rel / name).unlink()
    return copied


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def overlay(files: Path, target: Path) -> None:
    """Copy every file under `files` into `target` (an edit: new content, a new mtime)."""
    for path in sorted(files.rglob("*")):
        if path.is_file():
            dest = target / path.relative_to(files)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)


def ensure_corpus(out: Path, *, articles: int, big: int, seed: int,
                  reuse: bool = False) -> dict[str, object]:
    """The corpus for these parameters, generated unless a matching one is cached (with
    `reuse`, one made by an older generator will do; the new article is added if missing)."""
    generator = HERE / "corpus.py"
    digest = hashlib.sha256(generator.read_bytes()).hexdigest()
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        manifest: dict[str, object] = json.loads(manifest_path.read_text(encoding="utf-8"))
        if (manifest.get("articles"), manifest.get("big_paragraphs"), manifest.get("seed")) == (
                articles, big, seed) and (reuse or manifest.get("generator_sha256") == digest):
            progress(f"corpus: reusing {out}")
            if not (out / "edits" / "new-article.pot").exists():
                progress("corpus: adding the new article of the memory's rows")
                subprocess.run(
                    [sys.executable, str(generator), "--out", str(out), "--articles",
                     str(articles), "--seed", str(seed), "--new-article-only"],
                    check=True, stdout=subprocess.DEVNULL)
            return manifest
    progress(f"corpus: generating {articles} articles and a {big}-paragraph document in {out}")
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(generator), "--out", str(out), "--articles", str(articles),
         "--big-paragraphs", str(big), "--seed", str(seed)],
        check=True, stdout=subprocess.DEVNULL,
    )
    progress(f"corpus: generated in {time.perf_counter() - start:.0f} s")
    generated: dict[str, object] = json.loads(manifest_path.read_text(encoding="utf-8"))
    return generated


def find_tool(name: str, explicit: str | None = None) -> str | None:
    """A tool next to this interpreter (the venv), else on PATH."""
    if explicit:
        return explicit
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    return shutil.which(name)


def tool_version(cmd: Sequence[str]) -> str:
    try:
        done = subprocess.run(list(cmd), capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0].strip() if lines else "unknown"


def source_digest() -> str:
    """A short digest of the transkit package being measured (it changes with every edit)."""
    try:
        import transkit
    except ImportError:
        return "unknown"
    digest = hashlib.sha256()
    for path in sorted(Path(transkit.__file__).parent.rglob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


# --- the benchmark ------------------------------------------------------------------------------


@dataclass
class Target:
    """A target of the issue: a limit in seconds, or a test of another kind (`holds`). It is
    judged on the fresh-clone figure unless `warm` (an older target, set for a warm cache)."""

    text: str
    limit: Callable[[], float | None] | None = None
    holds: Callable[[], bool | None] | None = None
    warm: bool = False


@dataclass
class Row:
    result: Result  # a fresh clone's figure (a peer's only one: peers keep no cache)
    reference: Result | None = None  # the transkit result a peer is compared with
    targets: list[Target] = field(default_factory=list)
    warm: Result | None = None  # the same operation with the cache a previous run left
    cells: str | None = None  # a row that is no timing (peak memory, sizes): its figure
    verdict_text: str | None = None

    def ratio(self) -> str:
        if self.reference is None:
            return "1" if self.result.tool.startswith("transkit") and self.result.median else ""
        mine, theirs = self.result.median, self.reference.median
        if self.result.status == "timeout" and theirs:
            return f"> {self.result.timeout / theirs:.0f}" if self.result.timeout else ""
        if mine is None or not theirs:
            return "n/a"
        return f"{mine / theirs:.1f}" if mine / theirs >= 1 else f"{mine / theirs:.2f}"

    def verdict(self) -> str:
        if self.verdict_text is not None:
            return self.verdict_text
        return "; ".join(self._judge(target) for target in self.targets)

    def _judge(self, target: Target) -> str:
        text = target.text + (" (warm)" if target.warm else "")
        if target.holds is not None:
            held = target.holds()
            return text if held is None else f"{text}: {'met' if held else '**missed**'}"
        limit = target.limit() if target.limit else None
        figure = self.warm if target.warm else self.result
        median = figure.median if figure is not None else None
        if limit is None or median is None:
            return text
        return f"{text}: {'met' if median <= limit else '**missed**'}"


def seconds(limit: float) -> Callable[[], float | None]:
    return lambda: limit


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.out: Path = args.out_dir
        name = f"corpus-{args.articles}a-{args.big_paragraphs}p-s{args.seed}"
        self.corpus = self.out / name
        self.work: Path = self.out / "work"
        self.pristine = self.out / "pristine"
        self.bytecode_was_off = False  # PYTHONDONTWRITEBYTECODE was set (and cleared)
        self.logs = self.out / "logs"
        self.transkit = find_tool("transkit", args.transkit) or "transkit"
        self.rows: list[Row] = []
        self.notes: list[str] = list(args.note)
        self.manifest: dict[str, object] = {}
        self.transkit_results: list[Result] = []
        self.profiles: list[tuple[str, dict[str, object]]] = []
        self.floors: list[tuple[str, dict[str, object]]] = []
        self.status_cold: Result | None = None
        self.check_cold: Result | None = None
        self.cold_sync: Result | None = None
        self.same_sync: Result | None = None
        self.pocount_result: Result | None = None
        self.shown = "python benchmarks/run.py"
        self.finished = False
        self.load_before = self.load_after = os.getloadavg()
        self.digest_before = source_digest()

    # running

    def measure(
        self,
        operation: str,
        tool: str,
        cmd: Sequence[str | Path],
        *,
        cwd: Path,
        setup: Callable[[], None] | None = None,
        warmup: Callable[[], None] | None = None,
        repeat: int | None = None,
        timeout: float | None = None,
        codes: Sequence[int] = OK,
        variant: str = "",
    ) -> Result:
        """Median of `repeat` runs; `setup` runs (untimed) before each, `warmup` once before all."""
        repeat = repeat or self.args.repeat
        timeout = timeout or self.args.timeout
        slug = re.sub(r"[^a-z0-9]+", "-", f"{tool} {operation} {variant}".lower()).strip("-")
        log = self.logs / f"{slug}.log"
        log.unlink(missing_ok=True)
        result = Result(operation, tool, log=log, timeout=timeout)
        shown = f"{tool}: {operation}" + (f" [{variant}]" if variant else "")
        if warmup:
            warmup()
        for i in range(repeat):
            if setup:
                setup()
            run = run_once(cmd, cwd=cwd, log=log, timeout=timeout)
            if run.code is None:
                result.status = "timeout"
                progress(f"{shown}: killed after {timeout:.0f} s")
                break
            if run.code not in codes:
                result.status = "failed"
                result.note = f"exit status {run.code}, see {log}"
                progress(f"{shown}: FAILED (exit status {run.code}), see {log}")
                break
            result.runs.append(run)
            peak = f"{run.peak_kb / 1024:.0f} MB" if run.peak_kb else "?"
            cpu = f"{run.cpu:.2f} s CPU" if run.cpu is not None else "? CPU"
            progress(f"{shown}: run {i + 1}/{repeat}: {run.seconds:.2f} s, {cpu}, {peak}")
        if tool.startswith("transkit"):
            self.transkit_results.append(result)
        return result

    def pair(
        self,
        operation: str,
        tool: str,
        cmd: Sequence[str | Path],
        *,
        cwd: Path,
        cold: Callable[[], None],
        warm: Callable[[], None] | None = None,
        warm_first: Callable[[], None] | None = None,
        codes: Sequence[int] = OK,
        repeat: int | None = None,
    ) -> tuple[Result, Result]:
        """The operation first as a fresh clone meets it (`cold` before each run: a copy with no
        `.transkit-cache`), then with the cache a previous run left (`warm` before each run,
        `warm_first` once before all)."""
        first = self.measure(operation, tool, cmd, cwd=cwd, setup=cold, codes=codes,
                             repeat=repeat, variant="fresh clone")
        again = self.measure(operation, tool, cmd, cwd=cwd, setup=warm, warmup=warm_first,
                             codes=codes, repeat=repeat, variant="warm cache")
        return first, again

    def transkit_has(self, command: str, option: str | None = None) -> bool:
        """Whether transkit has this command (and this option of it), from its --help."""
        done = subprocess.run([self.transkit, command, "--help"], capture_output=True,
                              text=True)
        if done.returncode != 0:
            return False
        return option is None or re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])",
                                           done.stdout) is not None

    def add(self, result: Result, reference: Result | None = None,
            targets: Sequence[Target] = (), warm: Result | None = None) -> Row:
        row = Row(result, reference, list(targets), warm)
        self.rows.append(row)
        self.save()
        return row

    def save(self, *, finished: bool = False) -> None:
        """Write the report so far (after every row: a run stopped early leaves one)."""
        if not self.args.output:
            return
        self.load_after = os.getloadavg()
        self.finished = finished
        self.args.output.parent.mkdir(parents=True, exist_ok=True)
        self.args.output.write_text(self.report(self.shown), encoding="utf-8")

    def missing(self, operation: str, tool: str, targets: Sequence[Target] = ()) -> None:
        """A row for a command or option transkit does not have (yet): "n/a"."""
        self.add(Result(operation, tool, status="n/a", note="command not available"),
                 targets=targets)

    def tk(self, root: Path, *args: str | Path) -> list[str | Path]:
        return [self.transkit, "--root", root, *args]

    def restore(self, name: str, *, warm: bool = False) -> Path:
        """Bring the working copy `name` back to its pristine state (files, transkit's cache).

        With `warm`, an untimed `transkit sync` (and `todo`, for the translation memory's
        index) then refreshes the caches for the files the restore had to rewrite, as after the
        user's previous commands: the next timed run starts from a steady state with valid
        caches, the way a real second run does."""
        root = self.work / name
        restore_tree(self.pristine / name, root)
        if warm:
            subprocess.run(self.tk(root, "sync", "--quiet"), check=True,
                           stdout=subprocess.DEVNULL)
            # files the restore rewrote have new inodes: the memory's cache takes them in again
            # here, as a user's earlier sync or todo did, not in the timed run
            self.warm_memory(root)
        return root

    def fresh(self, name: str) -> Path:
        """The working copy `name` as a fresh clone has it: the pristine files, and no
        `.transkit-cache` at all (no engine records, no memory index)."""
        root = self.work / name
        restore_tree(self.pristine / name, root, keep=(CACHE,))
        remove(root / CACHE)
        return root

    def prepare(self, name: str, source: Path, warm: Callable[[Path], None]) -> None:
        """Make the pristine state `name`: copy `source`, bring it to a steady state, keep it.

        The steady state is reached in the working folder itself, so anything transkit caches
        under the project root refers to the paths the timed runs use."""
        target = self.work / name
        copy_tree(source, target)
        remove(target / CACHE)  # the corpus generator's own cache, made in another folder
        warm(target)
        copy_tree(target, self.pristine / name)

    def warm_sync(self, root: Path) -> None:
        for _ in range(2):
            subprocess.run(self.tk(root, "sync", "--quiet"), check=True)
        done = subprocess.run(self.tk(root, "sync", "--dry-run", "--quiet"))
        if done.returncode != 0:
            self.notes.append(
                f"A second `transkit sync` on `{root.name}` still changed catalogs: a sync is "
                "not idempotent there."
            )
        self.warm_memory(root)

    def warm_memory(self, root: Path) -> None:
        """The translation memory's index as a user's earlier syncs leave it: `todo` brings
        each language's in step (one article's list: the memory is the whole language's all
        the same). Building it from nothing is a row of its own (the memory's rows)."""
        langs = sorted(p.name for p in (root / "locales").iterdir() if p.is_dir())
        first = min((p.stem for p in (root / "sources").glob("*.md")), default=None)
        if first is None or not langs:
            return
        for lang in langs:
            subprocess.run(self.tk(root, "todo", lang, first), stdout=subprocess.DEVNULL)

    # the operations

    def run(self) -> None:
        args = self.args
        self.manifest = ensure_corpus(
            self.corpus, articles=args.articles, big=args.big_paragraphs, seed=args.seed,
            reuse=args.reuse_corpus,
        )
        if self.logs.exists():
            shutil.rmtree(self.logs)
        progress("preparing the working copies (untimed)")
        self.prepare("main", self.corpus / "base", self.warm_sync)
        only = set(args.only or GROUPS)
        if "project" in only:
            self.transkit_project()
        if "statistics" in only:
            self.statistics_peers()
        if "po4a" not in only:
            pass
        elif args.quick or args.po4a_articles == 0:
            self.notes.append("po4a was skipped (--quick, or --po4a-articles 0).")
        elif shutil.which("po4a"):
            self.po4a()
        else:
            self.notes.append("po4a is not installed; its rows are left out.")
        if "big" in only:
            self.big_document()
        if "memory" in only:
            self.memory()
        if "profile" in only:
            self.profile()
        peaks = [r.peak_mb for r in self.transkit_results if r.peak_mb is not None]
        peak = max(peaks) if peaks else None
        verdict = f"≤ {TARGET_PEAK_MB / 1024:.0f} GB"
        if peak is not None:
            verdict += f": {'met' if peak <= TARGET_PEAK_MB else '**missed**'}"
        self.rows.append(Row(Result("peak memory, any transkit run above", "transkit"),
                             cells="" if peak is None else f"{peak:.0f} MB",
                             verdict_text=verdict))
        self.load_after = os.getloadavg()

    def transkit_project(self) -> None:
        main = self.work / "main"
        edits = self.corpus / "edits"

        def fresh(*changes: Callable[[], None]) -> Callable[[], None]:
            def setup() -> None:
                self.fresh("main")
                for change in changes:
                    change()

            return setup

        def warm(*changes: Callable[[], None]) -> Callable[[], None]:
            def setup() -> None:
                self.restore("main", warm=True)
                for change in changes:
                    change()

            return setup

        def no_catalogs() -> None:
            remove(main / "locales")

        def edit(name: str) -> Callable[[], None]:
            return lambda: overlay(edits / name / "sources", main / "sources")

        sync = self.tk(main, "sync")
        self.cold_sync, again = self.pair(
            "sync, cold (no catalogs)", "transkit sync", sync, cwd=main,
            cold=fresh(no_catalogs), warm=warm(no_catalogs))
        self.add(self.cold_sync, warm=again, targets=[Target("≤ 3 s", seconds(3.0))])
        one = self.manifest.get("one_article", "?")
        first, again = self.pair("sync, one article edited", "transkit sync", sync, cwd=main,
                                 cold=fresh(edit("one-article")),
                                 warm=warm(edit("one-article")))
        self.add(first, warm=again, targets=[Target("≤ 2 s", seconds(2.0)),
                                             Target("≤ 1 s", seconds(1.0), warm=True)])
        self.notes.append(
            f"One article edited: `{one}`, 3 paragraphs changed, 1 added, 1 removed. 10 % "
            f"edited: {self.manifest.get('ten_percent_paragraphs')} paragraphs chosen at random "
            f"over the corpus, touching {self.manifest.get('ten_percent_articles')} articles "
            "(60 % of the edits change 1-3 words, 20 % add a sentence, 20 % drop one)."
        )

        status_targets = [Target("≤ 0.1 × pocount", self._pocount_times(0.1)),
                          Target("≤ 0.5 s", seconds(0.5), warm=True)]
        check_targets = [Target("≤ 0.5 × pocount", self._pocount_times(0.5)),
                         Target("≤ 5 s", seconds(5.0), warm=True)]
        for command, targets in (("status", status_targets), ("check", check_targets)):
            operation = f"{command}, every catalog"
            if not self.transkit_has(command):
                self.missing(operation, f"transkit {command}", targets)
                continue

            def run_before(command: str = command) -> None:
                # the warm figure: the command ran once before, on a steady state
                self.restore("main", warm=True)
                run_once(self.tk(main, command), cwd=main,
                         log=self.logs / f"warmup-{command}.log", timeout=self.args.timeout)

            first, again = self.pair(operation, f"transkit {command}", self.tk(main, command),
                                     cwd=main, cold=fresh(), warm_first=run_before, codes=GATE)
            self.add(first, warm=again, targets=targets)
            if command == "status":
                self.status_cold = first
            else:
                self.check_cold = first

        # the rows first: a run stopped early keeps them
        self.same_sync, again = self.pair("sync, nothing changed", "transkit sync", sync,
                                          cwd=main, cold=fresh(), warm=warm())
        self.add(self.same_sync, warm=again, targets=[Target("≤ 1 s", seconds(1.0), warm=True)])
        first, again = self.pair("sync, 10 % of paragraphs edited", "transkit sync", sync,
                                 cwd=main, cold=fresh(edit("ten-percent")),
                                 warm=warm(edit("ten-percent")))
        self.add(first, warm=again, targets=[Target("≤ 20 s", seconds(20.0), warm=True)])
        if not self.transkit_has("build"):
            self.missing("build", "transkit build", [Target("≤ 10 s")])
        else:
            def no_build() -> None:
                remove(main / "build")

            def built_before() -> None:
                self.restore("main", warm=True)
                remove(main / "build")
                run_once(self.tk(main, "build"), cwd=main, log=self.logs / "warmup-build.log",
                         timeout=self.args.timeout)

            first, again = self.pair("build, every edition", "transkit build",
                                     self.tk(main, "build"), cwd=main, cold=fresh(no_build),
                                     warm_first=built_before, codes=GATE)
            self.add(first, warm=again, targets=[Target("≤ 10 s", seconds(10.0))])
            self.notes.append(
                "build, warm: `transkit build` ran once before (untimed) and its editions are "
                "still there, as when a user builds again.")
        self.memory_index()
        self.import_editions()

    def import_editions(self) -> None:
        """`transkit import` of every built edition (1,000 articles x 3 languages) into a
        project without catalogs, the way a publication adopts transkit with its archive."""
        main = self.work / "main"
        operation = "import, every built edition into empty catalogs"
        if not self.transkit_has("import"):
            self.missing(operation, "transkit import", [Target("≤ 30 s")])
            return
        editions = self.out / "editions"
        self.restore("main", warm=True)
        remove(main / "build")
        remove(editions)
        subprocess.run(self.tk(main, "build", "--out", editions), check=False,
                       stdout=subprocess.DEVNULL)
        langs = sorted(p.name for p in editions.iterdir() if p.is_dir() and p.name != "en")
        count = sum(1 for lang in langs for _ in (editions / lang).glob("*.md"))

        def cold() -> None:
            self.fresh("main")
            remove(main / "locales")

        def warm() -> None:
            self.restore("main", warm=True)
            remove(main / "locales")

        script = " && ".join(f'"$0" --root "$1" import {lang} "$2/{lang}"'
                             for lang in langs)
        first, again = self.pair(operation, "transkit import",
                                 ["sh", "-c", script, self.transkit, main, editions], cwd=main,
                                 cold=cold, warm=warm)
        self.add(first, warm=again, targets=[Target("≤ 30 s", seconds(30.0))])
        self.notes.append(
            f"Import: `transkit import LANG build/LANG` for {', '.join(langs)} in a row, "
            f"{count:,} editions built by `transkit build` from the corpus, into a project "
            "whose catalogs were removed (every edition is aligned, placed and written).")

    def _pocount_times(self, share: float) -> Callable[[], float | None]:
        def limit() -> float | None:
            pocount = self.pocount_result
            if pocount is None or pocount.median is None:
                return None
            return float(pocount.median) * share

        return limit

    def statistics_peers(self) -> None:
        main = self.work / "main"
        reference = self.status_cold or Result("status, every catalog", "transkit status",
                                               status="n/a")
        self.restore("main")
        pocount = find_tool("pocount")
        if pocount:
            self.pocount_result = self.measure("statistics of every catalog", "pocount",
                                               [pocount, "locales"], cwd=main)
            self.add(self.pocount_result, reference=reference)
            if self.check_cold is not None:  # the same catalogs, against a fresh-clone check
                self.add(self.pocount_result, reference=self.check_cold)
        else:
            self.notes.append("pocount (translate-toolkit) is not installed; its row is left out.")
        msgfmt = shutil.which("msgfmt")
        if msgfmt:
            result = self.measure(
                "statistics of every catalog", "msgfmt --statistics",
                ["find", "locales", "-name", "*.po", "-exec", msgfmt, "--statistics", "-o",
                 "/dev/null", "{}", ";"],
                cwd=main,
            )
            self.add(result, reference=reference)
            self.notes.append(
                "`msgfmt --statistics` takes one catalog per call: it runs once per catalog "
                "(`find locales -name '*.po' -exec msgfmt --statistics -o /dev/null {} ;`)."
            )
        else:
            self.notes.append("msgfmt (gettext) is not installed; its row is left out.")

    def po4a(self) -> None:
        """po4a updating the catalogs, on a subset of the articles, against transkit on the same."""
        count = min(self.args.po4a_articles, int(str(self.manifest["articles"])))
        base = self.pristine / "main"
        slugs = sorted(p.stem for p in (base / "sources").glob("*.md"))[:count]
        subset = self.out / "subset"
        remove(subset)
        (subset / "sources").mkdir(parents=True)
        shutil.copy2(base / "transkit.toml", subset / "transkit.toml")
        for slug in slugs:
            shutil.copy2(base / "sources" / f"{slug}.md", subset / "sources" / f"{slug}.md")
            for lang_dir in sorted((base / "locales").iterdir()):
                (subset / "locales" / lang_dir.name).mkdir(parents=True, exist_ok=True)
                shutil.copy2(lang_dir / f"{slug}.po", subset / "locales" / lang_dir.name)
        edits = self.corpus / "edits" / "ten-percent" / "sources"
        subset_edits = self.out / "subset-edits"
        remove(subset_edits)
        subset_edits.mkdir(parents=True)
        for slug in slugs:
            if (edits / f"{slug}.md").exists():
                shutil.copy2(edits / f"{slug}.md", subset_edits / f"{slug}.md")
        langs = sorted(p.name for p in (subset / "locales").iterdir())
        config = [f"[po4a_langs] {' '.join(langs)}",
                  "[po4a_paths] pot/$master.pot $lang:locales/$lang/$master.po",
                  "[options] --master-charset UTF-8 --localized-charset UTF-8"]
        config += [
            f"[type: text] sources/{slug}.md $lang:build/$lang/{slug}.md pot={slug} "
            'opt:"-o markdown -o yfm_keys=title,subtitle"'
            for slug in slugs
        ]
        po4a_cmd = ["po4a", "--no-translations", "po4a.cfg"]

        def warm_po4a(root: Path) -> None:
            (root / "po4a.cfg").write_text("\n".join(config) + "\n", encoding="utf-8")
            progress(f"po4a: first run on {count} articles (untimed, writes the POT files)")
            subprocess.run(po4a_cmd, cwd=root, check=True, stdout=subprocess.DEVNULL)

        progress(f"preparing a {count}-article subset for po4a (untimed)")
        self.prepare("subset-transkit", subset, self.warm_sync)
        self.prepare("subset-po4a", subset, warm_po4a)
        tk_root, po_root = self.work / "subset-transkit", self.work / "subset-po4a"
        label = f"({count}-article subset)"
        slow = min(self.args.repeat, self.args.slow_repeat)
        for what, files in (("nothing changed", None), ("10 % of paragraphs edited", subset_edits)):
            def cold_tk(files: Path | None = files) -> None:
                self.fresh("subset-transkit")
                if files:
                    overlay(files, tk_root / "sources")

            def warm_tk(files: Path | None = files) -> None:
                self.restore("subset-transkit", warm=True)
                if files:
                    overlay(files, tk_root / "sources")

            def setup_po(files: Path | None = files) -> None:
                self.restore("subset-po4a")
                if files:
                    overlay(files, po_root / "sources")

            ours, again = self.pair(f"update catalogs, {what} {label}", "transkit sync",
                                    self.tk(tk_root, "sync"), cwd=tk_root, cold=cold_tk,
                                    warm=warm_tk)
            theirs = self.measure(f"update catalogs, {what} {label}", "po4a", po4a_cmd,
                                  cwd=po_root, setup=setup_po, repeat=slow)
            self.add(ours, warm=again)
            self.add(theirs, reference=ours)
            articles = int(str(self.manifest["articles"]))
            if theirs.median is not None and count < articles:
                self.notes.append(
                    f"po4a, {what}: {theirs.median:.1f} s for {count} articles; scaled linearly "
                    f"to {articles} articles that is about "
                    f"{theirs.median * articles / count:.0f} s (a linear extrapolation, not a "
                    "measurement)."
                )
        self.notes.append(
            f"po4a runs in split mode (one POT and one PO per article and language, the "
            f"catalogs transkit wrote) with `-o markdown -o yfm_keys=title,subtitle`; it always "
            f"re-extracts and `msgmerge`s every catalog. po4a rows are the median of {slow} "
            f"run(s)."
        )

    def big_document(self) -> None:
        big = self.corpus / "bigdoc"
        paragraphs = self.manifest.get("big_paragraphs")
        self.prepare("big", big / "base", self.warm_sync)
        root = self.work / "big"

        def cold() -> None:
            self.fresh("big")
            overlay(big / "edited" / "sources", root / "sources")

        def warm() -> None:
            self.restore("big", warm=True)
            overlay(big / "edited" / "sources", root / "sources")

        operation = f"{paragraphs:,}-paragraph document, 10 % edited"
        ours, again = self.pair(operation, "transkit sync", self.tk(root, "sync"), cwd=root,
                                cold=cold, warm=warm)
        self.add(ours, warm=again, targets=[Target("≤ 4 s", seconds(4.0)),
                                            Target("≤ 5 s", seconds(5.0), warm=True)])
        msgmerge = shutil.which("msgmerge")
        if not msgmerge:
            self.notes.append("msgmerge (gettext) is not installed; its row is left out.")
            return
        catalog = next((self.pristine / "big" / "locales").rglob("*.po"))
        merged = self.out / "msgmerge-result.po"
        theirs = self.measure(
            operation, "msgmerge --previous",
            [msgmerge, "--previous", "--quiet", "-o", merged, catalog, big / "edited.pot"],
            cwd=self.out, repeat=min(self.args.repeat, self.args.slow_repeat),
            timeout=self.args.msgmerge_timeout,
        )
        self.add(theirs, reference=ours)
        self.notes.append(
            f"The long document: {paragraphs:,} paragraphs and its German catalog (80 % "
            "translated); the new version has 10 % of the paragraphs edited, 5 % deleted and 5 % "
            "inserted. Fresh clone: no cache and no memory index (the memory cold). "
            "`msgmerge --previous` merges the old catalog with the new version's POT "
            "(extracted beforehand, untimed), with its fuzzy matching on."
        )

    # the translation memory

    def memory(self) -> None:
        """The translation memory: a cold sync and a sync over catalogs in step, each with it
        and without; a new article filled from it (fresh clone: no index; warm: the index a
        previous run left); the index's size on disk; msgmerge --compendium and pot2po --tm on
        the same article."""
        main = self.work / "main"
        new = self.corpus / "edits" / "new-article"

        def switch_off() -> None:
            with (main / "transkit.toml").open("a", encoding="utf-8") as config:
                config.write("memory = false\n")

        def setup(warm: bool, *changes: Callable[[], None]) -> Callable[[], None]:
            def run() -> None:
                if warm:
                    self.restore("main", warm=True)
                else:
                    self.fresh("main")
                for change in changes:
                    change()

            return run

        def no_catalogs() -> None:
            remove(main / "locales")

        sync = self.tk(main, "sync")
        on = self.cold_sync
        if on is None:
            on, again = self.pair("sync, cold (no catalogs)", "transkit sync", sync, cwd=main,
                                  cold=setup(False, no_catalogs), warm=setup(True, no_catalogs))
            self.add(on, warm=again, targets=[Target("≤ 3 s", seconds(3.0))])
        off, again = self.pair("sync, cold (no catalogs), memory off", "transkit sync", sync,
                               cwd=main, cold=setup(False, no_catalogs, switch_off),
                               warm=setup(True, no_catalogs, switch_off))
        self.add(off, on, warm=again, targets=[
            Target("memory on ≤ 2 × off", holds=lambda: _at_most_double(on, off))])
        same = self.same_sync
        if same is None:
            same, again = self.pair("sync, nothing changed", "transkit sync", sync, cwd=main,
                                    cold=setup(False), warm=setup(True))
            self.add(same, warm=again, targets=[Target("≤ 1 s", seconds(1.0), warm=True)])
        same_off, again = self.pair("sync, nothing changed, memory off", "transkit sync", sync,
                                    cwd=main, cold=setup(False, switch_off),
                                    warm=setup(True, switch_off))
        self.add(same_off, same, warm=again, targets=[
            Target("memory on ≤ 2 × off", holds=lambda: _at_most_double(same, same_off))])

        def add_new() -> None:
            overlay(new / "sources", main / "sources")

        filled, again = self.pair("a new 50-unit article, filled from the memory",
                                  "transkit sync", sync, cwd=main, cold=setup(False, add_new),
                                  warm=setup(True, add_new))
        self.add(filled, warm=again, targets=[Target("≤ 1 s", seconds(1.0), warm=True)])
        self.memory_notes(again)
        if "project" not in set(self.args.only or GROUPS):
            self.memory_index()
        self.memory_peers(new, filled)

    def memory_index(self) -> None:
        """The memory index's size on disk against the catalogs': the index `todo` built in
        each language on the pristine copy from nothing (no cache before it)."""
        cache = self.pristine / "main" / CACHE
        index = sum(p.stat().st_size for p in cache.glob("memory.sqlite*")) if cache.is_dir() \
            else 0
        everything = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) \
            if cache.is_dir() else 0
        catalogs = sum(p.stat().st_size for p in (self.pristine / "main" / "locales").rglob("*.po"))
        share = index / catalogs if catalogs else 0.0
        row = Row(Result("memory index on disk (`.transkit-cache/memory.sqlite`)", "transkit"))
        if index:
            row.cells = (f"{index / 1e6:.0f} MB = {share:.2f} × the catalogs "
                         f"({catalogs / 1e6:.0f} MB)")
            row.verdict_text = ("≤ 0.25 × the catalogs: "
                                + ("met" if share <= 0.25 else "**missed**"))
        else:
            row.cells = "no index"
            row.verdict_text = "≤ 0.25 × the catalogs"
        self.rows.append(row)
        self.save()
        self.notes.append(
            f"Memory index: `transkit todo LANG {{first article}}` in each language, on the "
            f"project after its syncs, with no index before, wrote {index / 1e6:.0f} MB "
            f"(`memory.sqlite*`); the whole `.transkit-cache` then held {everything / 1e6:.0f} "
            f"MB, the catalogs {catalogs / 1e6:.0f} MB.")

    def memory_peers(self, new: Path, filled: Result) -> None:
        """msgmerge --compendium and pot2po --tm fill the same new article from one compendium
        per language (every catalog of the language, msgcat --use-first, made untimed)."""
        msgmerge, msgcat = shutil.which("msgmerge"), shutil.which("msgcat")
        if not (msgmerge and msgcat):
            self.notes.append("gettext is not installed; the peers' memory rows are left out.")
            return
        langs = sorted(p.name for p in (self.pristine / "main" / "locales").iterdir())
        progress("msgcat: one compendium per language (untimed)")
        for lang in langs:
            catalogs = sorted((self.pristine / "main" / "locales" / lang).rglob("*.po"))
            subprocess.run([msgcat, "--use-first", "-o", self.out / f"compendium-{lang}.po",
                            *catalogs], check=True)
        loop = (f"for l in {' '.join(langs)}; do {msgmerge} --quiet --previous "
                f"-C compendium-$l.po -o new-$l.po /dev/null {new}.pot || exit 1; done")
        theirs = self.measure("a new 50-unit article, filled from the memory",
                              "msgmerge --compendium", ["sh", "-c", loop], cwd=self.out,
                              repeat=self.args.slow_repeat)
        self.add(theirs, reference=filled)
        counts = [_gettext_counts(self.out / f"new-{lang}.po") for lang in langs]
        notes = [
            "`msgmerge --compendium`: the new article's template merged with one compendium "
            "per language (all of the language's catalogs, `msgcat --use-first`, made "
            "beforehand, untimed), `--previous`, its fuzzy matching on; it filled "
            + ", ".join(f"{lang}: {t} translated, {f} fuzzy"
                        for lang, (t, f) in zip(langs, counts, strict=True)) + "."]
        pot2po = find_tool("pot2po")
        if pot2po:
            # an empty catalog as the template: without one, pot2po --tm fills nothing
            (self.out / "empty.po").write_text(
                'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n',
                encoding="utf-8")
            loop = (f"for l in {' '.join(langs)}; do {pot2po} --progress=none -s 80 "
                    f"--tm compendium-$l.po -t empty.po -i {new}.pot -o tm-$l.po || exit 1; "
                    "done")
            tm = self.measure("a new 50-unit article, filled from the memory", "pot2po --tm",
                              ["sh", "-c", loop], cwd=self.out, repeat=self.args.slow_repeat)
            self.add(tm, reference=filled)
            counts = [_gettext_counts(self.out / f"tm-{lang}.po") for lang in langs]
            notes.append(
                "`pot2po --tm` (translate-toolkit): the same template and compendia, an empty "
                "catalog as its template (`-t`), similarity 80 (transkit's threshold); it filled "
                + ", ".join(f"{lang}: {t} translated, {f} fuzzy"
                            for lang, (t, f) in zip(langs, counts, strict=True)) + ".")
        self.notes.extend(notes)

    def memory_notes(self, result: Result) -> None:
        """What the memory filled in the new article, from transkit's own log of the run."""
        log = result.log
        filled = re.findall(r"created locales/(\w+)/[\w-]+\.po: (.+)", log.read_text(
            encoding="utf-8")) if log and log.exists() else []
        self.notes.append(
            "The new article (`edits/new-article`): 50 units, 15 paragraphs found as they are "
            "in other articles (about 80 % of them translated there), 15 edited copies, 16 new "
            "paragraphs, 2 headings, a title and a subtitle. transkit filled "
            + ("; ".join(f"{lang}: {what}" for lang, what in dict(filled).items()) or "?")
            + " (memory threshold 80; the warm run's log). Fresh clone: no memory index, so the "
            "sync reads what it asks of the memory from the catalogs; warm: the index `todo` "
            "left. The cold syncs start with no catalogs, so with an empty memory: the sync "
            "does not ask it. A sync over catalogs in step creates no unit and does not ask it "
            "either.")

    # where the time goes

    def profile(self) -> None:
        """The stages of a fresh clone's first sync (one article edited) and check, sampled in
        one process, next to the floor: reading the catalogs' bytes, one regex pass."""
        main = self.work / "main"
        edits = self.corpus / "edits" / "one-article" / "sources"
        script = HERE / "profile_split.py"
        runs = (("first sync after a fresh clone, one article edited", ("sync",), edits),
                ("check on a fresh clone", ("check",), None))
        articles = int(str(self.manifest.get("articles", 0)))
        for name, command, files in runs:
            self.fresh("main")
            if files:
                overlay(files, main / "sources")
            found = profile_run(script, ["--", "--root", str(main), *command], cwd=main,
                                log=self.logs / f"profile-{command[0]}.log",
                                timeout=self.args.timeout)
            if found is not None:
                self.profiles.append((f"{name} ({articles:,} articles)", found))
        self.fresh("main")
        found = profile_run(script, ["--floor", str(main)], cwd=main,
                            log=self.logs / "profile-floor.log", timeout=self.args.timeout)
        if found is not None:
            self.floors.append((f"{articles:,} articles", found))
        self.save()

    # the report

    def table(self) -> str:
        lines = [
            "| operation | tool | fresh clone: wall s | CPU s | warm cache: wall s | CPU s | "
            "peak MB | ratio vs transkit | target |",
            "|---|---|--:|--:|--:|--:|--:|--:|---|",
        ]
        for row in self.rows:
            result = row.result
            if row.cells is not None:
                lines.append(f"| {result.operation} | {result.tool} | {row.cells} | | | | | | "
                             f"{row.verdict()} |")
                continue
            peaks = [r.peak_mb for r in (result, row.warm) if r is not None and r.peak_mb]
            peak = f"{max(peaks):.0f}" if peaks else ""
            # a peer compared with more than one transkit operation says which one
            against = (f" (vs {row.reference.operation})" if row.reference is not None and sum(
                r.result is result for r in self.rows) > 1 else "")
            warm = row.warm
            warm_cells = (f"{_figure(warm)} | {_cpu(warm)}" if warm is not None else
                          ("— | —" if row.reference is not None or
                           not result.tool.startswith("transkit") else " | "))
            lines.append(f"| {result.operation}{against} | {result.tool} | {_figure(result)} | "
                         f"{_cpu(result)} | {warm_cells} | {peak} | {row.ratio()} | "
                         f"{row.verdict()} |")
        return "\n".join(lines) + "\n"

    def where_the_time_goes(self) -> str:
        if not self.profiles and not self.floors:
            return ""
        return (
            "## Where the time goes\n\n"
            + split_table(self.profiles, self.floors) + "\n"
            "Each profiled command ran once on a fresh clone (no `.transkit-cache`), in one "
            "process (`TRANSKIT_JOBS=1`, so its wall time is not the table's), sampled every "
            "millisecond by `benchmarks/profile_split.py`: seconds of the command's CPU time by "
            "stage (the innermost stage on the stack; a catalog the memory reads counts as "
            "parse; start-up is importing modules), and their share. The physical floor, "
            "measured in the same run on the same catalogs: reading every catalog's bytes, and "
            "one regular-expression pass over them in Python (every quoted string); the page "
            "cache was not dropped (shared machine), as for the timed runs.\n\n"
        )

    def machine(self) -> list[str]:
        cpu = "unknown"
        try:
            found = re.search(r"^model name\s*:\s*(.+)$",
                              Path("/proc/cpuinfo").read_text(encoding="utf-8"), re.MULTILINE)
            cpu = found.group(1).strip() if found else cpu
        except OSError:
            pass
        memory = "unknown"
        try:
            found = re.search(r"^MemTotal:\s*(\d+) kB",
                              Path("/proc/meminfo").read_text(encoding="utf-8"), re.MULTILINE)
            if found:
                memory = f"{int(found.group(1)) / 1024 / 1024:.1f} GiB"
        except OSError:
            pass
        nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        pocount = find_tool("pocount")
        return [
            f"- date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
            f"- nproc: {nproc}",
            f"- CPU: {cpu}",
            f"- memory: {memory}",
            "- load average (1, 5, 15 min) before the run: "
            f"{', '.join(f'{x:.2f}' for x in self.load_before)}; after: "
            f"{', '.join(f'{x:.2f}' for x in self.load_after)} (anything else running on the "
            "machine shows here and in the timings)",
            f"- OS: {platform.platform()}",
            f"- Python: {platform.python_version()} ({sys.executable}); bytecode written and "
            "reused by the commands measured, as by an installed package"
            + (f" ({NO_BYTECODE} was set: cleared for them)" if self.bytecode_was_off else ""),
            f"- transkit: {tool_version([self.transkit, '--version'])}, source "
            f"{self.digest_before} (sha256 of the package's .py files: which code was measured)"
            + ("" if source_digest() == self.digest_before
               else f"; **the source changed during the run** (now {source_digest()})"),
            f"- msgfmt / msgmerge: {tool_version(['msgmerge', '--version'])}",
            f"- po4a: {tool_version(['po4a', '--version'])}",
            f"- pocount: translate-toolkit {package_version('translate-toolkit')}"
            + ("" if pocount else " (pocount not found)"),
            f"- polib {package_version('polib')}, rapidfuzz {package_version('rapidfuzz')}, "
            f"markdown-it-py {package_version('markdown-it-py')}, typer {package_version('typer')} "
            f"(pydantic {package_version('pydantic')}: the command line's start-up)",
            "- peak memory from: "
            + ("`/usr/bin/time -v` (maximum resident set size)" if GNU_TIME.exists()
               else "`os.wait4` resource usage of the child (ru_maxrss)"),
        ]

    def corpus_facts(self) -> list[str]:
        m = self.manifest
        entries = m.get("entries", {})
        translated = m.get("translated", {})
        fuzzy = m.get("fuzzy", {})
        assert isinstance(entries, dict) and isinstance(translated, dict)
        assert isinstance(fuzzy, dict)
        total = sum(int(v) for v in entries.values())
        share = sum(int(v) for v in translated.values()) / total if total else 0
        fuzzy_share = sum(int(v) for v in fuzzy.values()) / total if total else 0
        def megabytes(folder: Path) -> float:
            return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6

        base = self.corpus / "base"
        return [
            f"- {m.get('articles'):,} articles, {m.get('units'):,} units "
            f"({m.get('paragraphs'):,} paragraphs of 40-120 words, plus titles, subtitles, "
            "headings and footnotes), words from the bundled sample article",
            f"- catalogs for {', '.join(entries)}: {total:,} entries, {share:.0%} translated, "
            f"{fuzzy_share:.1%} fuzzy (in transkit's own layout)",
            f"- on disk: sources {megabytes(base / 'sources'):.1f} MB, catalogs "
            f"{megabytes(base / 'locales'):.1f} MB",
            f"- one document of {m.get('big_paragraphs'):,} paragraphs with a German catalog",
            f"- seed {m.get('seed')}; each timing is the median of {self.args.repeat} run(s), "
            "each on the corpus restored to its pristine state (untimed): for a fresh clone "
            "with no `.transkit-cache`; for a warm cache with the cache of the steady state "
            "(files a run did not touch keep their inode and time stamps, so transkit's cache "
            "stays valid for them) and after an untimed `transkit sync`",
        ]

    def report(self, command: str) -> str:
        notes = "\n".join(f"- {note}" for note in self.notes)
        if not self.finished:
            notes += ("\n- **A partial report**: written while the run went on; the run stopped "
                      "(or was stopped) after the last row above.")
        return (
            "# Benchmarks\n\n"
            "transkit at a publication's scale, side by side with gettext, po4a and "
            "translate-toolkit on the same data. Generated by `benchmarks/run.py` "
            "(`make bench`); do not edit by hand.\n\n"
            f"Command: `{command}`\n\n"
            "## Machine\n\n" + "\n".join(self.machine()) + "\n\n"
            "## Corpus\n\n" + "\n".join(self.corpus_facts()) + "\n\n"
            "## Results\n\n" + self.table() + "\n"
            "Every transkit row is measured first as a fresh clone meets it (*fresh clone*: "
            "before each run the project is restored with no `.transkit-cache` at all, so no "
            "engine records and no translation memory index, as in CI and after `git clone`; "
            "it has what a clone has: the catalogs and `transkit.sum`, sync's committed record "
            "of the catalogs in step, as the steady state's sync left them), "
            "then with the cache a previous run left (*warm cache*: the project restored to its "
            "steady state, then an untimed `transkit sync` and `todo` in each language, and for "
            "status, check and build one untimed run of the same command). The warm figure is "
            "reported next to the fresh one, never instead of it. Peers keep no cache: their "
            "one figure is in the first columns. "
            "Wall: median of the runs' wall-clock seconds (each run a separate process). "
            f"CPU: median of the runs' user + system seconds, the process and its worker "
            f"processes together; the machine has {_cores()} cores, so a run's CPU seconds can "
            "exceed its wall seconds, and on a loaded machine its wall seconds exceed what the "
            "CPU seconds would give. Peak MB is the maximum resident set size of the largest "
            "single process of any run of the row (transkit forks one worker per core for large "
            "runs: each worker counts on its own, they are not added up). "
            "*ratio vs transkit* is the tool's median wall seconds divided by transkit's fresh "
            "clone's for the same operation (above 1: transkit is faster); a peer's statistics "
            "are compared with `transkit status` on a fresh clone. Targets are the issue's, for "
            "a 2-core machine and 1,000 articles x 3 languages, judged on the fresh clone's wall "
            "seconds; a target marked *(warm)* is an older one, set for a warm cache, and "
            "judged on the warm figure.\n\n"
            + self.where_the_time_goes()
            + "## Notes\n\n" + notes + "\n\n"
            "## Every run\n\n" + self.every_run() + "\n"
        )

    def every_run(self) -> str:
        """Each run's seconds, for the spread the median hides (other load on the machine)."""
        lines = []
        for row in self.rows:
            for result, variant in ((row.result, "fresh clone"), (row.warm, "warm cache")):
                if result is None or not result.runs:
                    continue
                label = variant if result.tool.startswith("transkit") else "no cache"
                times = ", ".join(f"{run.seconds:.2f}" + (f" ({run.cpu:.2f} CPU)"
                                                          if run.cpu is not None else "")
                                  for run in result.runs)
                lines.append(f"- {result.operation}, {result.tool}, {label}: {times} s")
        return "\n".join(lines)


def profile_run(script: Path, args: Sequence[str], *, cwd: Path, log: Path,
                timeout: float) -> dict[str, object] | None:
    """Run `benchmarks/profile_split.py ARGS` as a child; its JSON, or None (see the log)."""
    found = log.with_suffix(".json")
    found.unlink(missing_ok=True)
    run = run_once([sys.executable, script, "--json", found, *args], cwd=cwd, log=log,
                   timeout=timeout)
    if run.code != 0 or not found.exists():
        progress(f"profile {' '.join(args)}: failed (exit status {run.code}), see {log}")
        return None
    result: dict[str, object] = json.loads(found.read_text(encoding="utf-8"))
    progress(f"profile {' '.join(args)}: done in {run.seconds:.1f} s")
    return result


def _figure(result: Result) -> str:
    """A result's median wall-clock seconds, or what became of it."""
    if result.status == "ok" and result.median is not None:
        return f"{result.median:.2f}" if result.median < 100 else f"{result.median:.0f}"
    if result.status == "timeout":
        return f"> {result.timeout:.0f} (timeout)"
    if result.status == "failed":
        return f"failed ({result.note.split(',')[0]})"
    return result.status


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _cpu(result: Result) -> str:
    cpu = result.cpu_median
    return "" if cpu is None else (f"{cpu:.2f}" if cpu < 100 else f"{cpu:.0f}")


def _at_most_double(on: Result, off: Result) -> bool | None:
    """Whether a run with the memory took at most twice the run without."""
    a, b = on.median, off.median
    return None if a is None or b is None else a <= 2 * b


def _gettext_counts(path: Path) -> tuple[int, int]:
    """(translated, fuzzy) of a catalog, as msgfmt --statistics counts them."""
    done = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)
    found = {kind: int(n) for n, kind in re.findall(r"(\d+) (translated|fuzzy)", done.stderr)}
    return found.get("translated", 0), found.get("fuzzy", 0)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark transkit at a publication's scale against gettext, po4a and "
        "translate-toolkit.",
    )
    parser.add_argument("--articles", type=int, help="articles in the corpus (default 1000)")
    parser.add_argument("--big-paragraphs", type=int,
                        help="paragraphs of the long document (default 13000)")
    parser.add_argument("--repeat", "-k", type=int, help="runs per operation (default 3)")
    parser.add_argument("--slow-repeat", type=int, default=1,
                        help="runs of the slow peers, po4a and msgmerge (default 1)")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 20 articles, a 500-paragraph document, one run each, "
                        "no po4a")
    parser.add_argument("--output", "-o", type=Path,
                        help="write the table, notes and machine facts to this Markdown file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--po4a-articles", type=int, default=100,
                        help="articles in po4a's subset (default 100; 0 skips po4a)")
    parser.add_argument("--timeout", type=float, default=1800.0,
                        help="seconds before any one run is killed (default 1800)")
    parser.add_argument("--msgmerge-timeout", type=float, default=900.0,
                        help="seconds before msgmerge is killed (default 900)")
    parser.add_argument("--out-dir", type=Path, default=HERE / "out",
                        help="corpus and working copies (default benchmarks/out, git-ignored)")
    parser.add_argument("--transkit", help="the transkit executable (default: next to Python)")
    parser.add_argument("--only", action="append", choices=GROUPS,
                        help="run only this group of rows (repeatable; default: all)")
    parser.add_argument("--note", action="append", default=[],
                        help="a sentence for the report's notes (repeatable): the machine's "
                        "load, what was left out and why")
    parser.add_argument("--reuse-corpus", action="store_true",
                        help="take a corpus of these parameters made by an older generator as "
                        "it is (adding the new article of the memory's rows if it lacks it)")
    args = parser.parse_args(argv)
    if args.quick:
        args.articles = args.articles or 20
        args.big_paragraphs = args.big_paragraphs or 500
        args.repeat = args.repeat or 1
    args.articles = args.articles or 1000
    args.big_paragraphs = args.big_paragraphs or 13000
    args.repeat = args.repeat or 3
    args.out_dir = args.out_dir.resolve()
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    # the untimed steps too: the timed runs then find the bytecode written, as after an install
    bytecode_was_off = os.environ.pop(NO_BYTECODE, None) is not None
    bench = Bench(args)
    bench.bytecode_was_off = bytecode_was_off
    bench.shown = " ".join(["python benchmarks/run.py", *(argv if argv is not None
                                                          else sys.argv[1:])])
    bench.run()
    table = bench.table()
    print(table)
    for note in bench.notes:
        print(f"- {note}")
    if args.output:
        bench.save(finished=True)
        progress(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
