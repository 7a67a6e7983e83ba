"""Benchmarks at a publication's scale: transkit side by side with gettext, po4a, translate-toolkit.

    python benchmarks/run.py                       # 1,000 articles x hy/de/ru, 13,000-paragraph doc
    python benchmarks/run.py --quick               # a smoke run: 20 articles, 500 paragraphs
    python benchmarks/run.py --output docs/benchmarks.md --repeat 5

Everything runs on one generated corpus (``benchmarks/corpus.py``, cached under
``benchmarks/out/``). Before each run the working copy is restored to its pristine state,
untimed: only the files that differ are rewritten, so whatever transkit caches stays valid for
the files a run did not touch; an operation that follows an earlier sync (all but the cold ones)
also gets an untimed ``transkit sync`` first, which refreshes the cache as the user's own last sync
would have. Each run is a child process, timed with ``time.perf_counter`` around the call; the
table gives the median of k runs. Peak memory is the child's maximum resident set size, read from
``/usr/bin/time -v`` when present, otherwise from ``os.wait4``'s resource usage of the child.

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GNU_TIME = Path("/usr/bin/time")
TARGET_PEAK_MB = 1024.0
GROUPS = ("project", "statistics", "po4a", "big", "memory")
OK = (0,)
GATE = (0, 1)  # status, check and build exit 1 when a gate fails: a result, not an error


# --- running and measuring ----------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_kb: int | None
    code: int | None  # None: killed at the timeout


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
    def peak_mb(self) -> float | None:
        peaks = [run.peak_kb for run in self.runs if run.peak_kb is not None]
        return max(peaks) / 1024 if peaks else None


def _rusage_from_gnu_time(path: Path) -> tuple[int | None, int | None]:
    """(max RSS in KiB, exit status) from the file `/usr/bin/time -v -o FILE` wrote."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None, None
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    code = re.search(r"Exit status: (\d+)", text)
    return (int(rss.group(1)) if rss else None), (int(code.group(1)) if code else None)


def run_once(cmd: Sequence[str | Path], *, cwd: Path, log: Path, timeout: float) -> Run:
    """Run `cmd` once as a child process: wall-clock seconds, peak RSS and exit status."""
    argv = [str(part) for part in cmd]
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
                cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                return Run(time.perf_counter() - start, None, None)
            seconds = time.perf_counter() - start
            peak, code = _rusage_from_gnu_time(usage)
            return Run(seconds, peak, code if code is not None else proc.returncode)
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
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
        return Run(seconds, int(usage_.ru_maxrss), proc.returncode)


def progress(message: str) -> None:
    print(f"[{datetime.now().strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the corpus and its working copies ----------------------------------------------------------


def copy_tree(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, symlinks=True, copy_function=shutil.copy2)


def restore_tree(pristine: Path, work: Path) -> int:
    """Make `work` a copy of `pristine` again, rewriting only the files that differ.

    A file whose size and modification time (in ns) are those of its pristine copy is left as it
    is, inode included, as after a real run that did not touch it: a cache keyed like git's index
    (size, mtime, inode) stays valid for it. Others are replaced (copy2: pristine content and
    mtime, a new inode); files that are not in `pristine` are removed. Returns the files copied.
    """
    if not work.exists():
        copy_tree(pristine, work)
        return sum(len(files) for _, _, files in os.walk(pristine))
    copied = 0
    wanted: set[Path] = set()
    for folder, _, files in os.walk(pristine):
        rel = Path(folder).relative_to(pristine)
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
    for folder, _, files in os.walk(work, topdown=False):
        rel = Path(folder).relative_to(work)
        for name in files:
            if rel / name not in wanted:
                (work / rel / name).unlink()
        if rel != Path(".") and not (pristine / rel).is_dir():
            shutil.rmtree(work / rel)
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
class Row:
    result: Result
    reference: Result | None = None  # the transkit result a peer is compared with
    target: str = ""
    limit: Callable[[], float | None] | None = None  # the target in seconds, when it is one
    holds: Callable[[], bool | None] | None = None  # or whether a target of another kind holds

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
        if not self.target:
            return ""
        if self.holds is not None:
            held = self.holds()
            return self.target if held is None else (
                f"{self.target}: {'met' if held else '**missed**'}")
        limit = self.limit() if self.limit else None
        median = self.result.median
        if limit is None or median is None:
            return self.target
        return f"{self.target}: {'met' if median <= limit else '**missed**'}"


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.out: Path = args.out_dir
        name = f"corpus-{args.articles}a-{args.big_paragraphs}p-s{args.seed}"
        self.corpus = self.out / name
        self.work = self.out / "work"
        self.pristine = self.out / "pristine"
        self.logs = self.out / "logs"
        self.transkit = find_tool("transkit", args.transkit) or "transkit"
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.manifest: dict[str, object] = {}
        self.transkit_results: list[Result] = []

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
    ) -> Result:
        """Median of `repeat` runs; `setup` runs (untimed) before each, `warmup` once before all."""
        repeat = repeat or self.args.repeat
        timeout = timeout or self.args.timeout
        slug = re.sub(r"[^a-z0-9]+", "-", f"{tool} {operation}".lower()).strip("-")
        log = self.logs / f"{slug}.log"
        log.unlink(missing_ok=True)
        result = Result(operation, tool, log=log, timeout=timeout)
        if warmup:
            warmup()
        for i in range(repeat):
            if setup:
                setup()
            run = run_once(cmd, cwd=cwd, log=log, timeout=timeout)
            if run.code is None:
                result.status = "timeout"
                progress(f"{tool}: {operation}: killed after {timeout:.0f} s")
                break
            if run.code not in codes:
                result.status = "failed"
                result.note = f"exit status {run.code}, see {log}"
                progress(f"{tool}: {operation}: FAILED (exit status {run.code}), see {log}")
                break
            result.runs.append(run)
            peak = f"{run.peak_kb / 1024:.0f} MB" if run.peak_kb else "?"
            progress(f"{tool}: {operation}: run {i + 1}/{repeat}: {run.seconds:.2f} s, {peak}")
        if tool.startswith("transkit"):
            self.transkit_results.append(result)
        return result

    def transkit_has(self, command: str) -> bool:
        done = subprocess.run([self.transkit, command, "--help"], capture_output=True)
        return done.returncode == 0

    def add(self, result: Result, reference: Result | None = None, target: str = "",
            limit: Callable[[], float | None] | None = None) -> None:
        self.rows.append(Row(result, reference, target, limit))

    def tk(self, root: Path, *args: str) -> list[str | Path]:
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

    def prepare(self, name: str, source: Path, warm: Callable[[Path], None]) -> None:
        """Make the pristine state `name`: copy `source`, bring it to a steady state, keep it.

        The steady state is reached in the working folder itself, so anything transkit caches
        under the project root refers to the paths the timed runs use."""
        target = self.work / name
        copy_tree(source, target)
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
        self.load_before = os.getloadavg()
        self.digest_before = source_digest()
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
        peaks = [r.peak_mb for r in self.transkit_results if r.peak_mb is not None]
        peak = Result("peak memory, any transkit run above", "transkit")
        self.rows.append(Row(peak, target=f"≤ {TARGET_PEAK_MB / 1024:.0f} GB"))
        self._peak = max(peaks) if peaks else None
        self.load_after = os.getloadavg()

    def transkit_project(self) -> None:
        main = self.work / "main"
        edits = self.corpus / "edits"

        def cold() -> None:
            self.restore("main")
            remove(main / "locales")
            remove(main / ".transkit-cache")

        def edited(name: str) -> Callable[[], None]:
            def setup() -> None:
                self.restore("main", warm=True)
                overlay(edits / name / "sources", main / "sources")

            return setup

        def restore() -> None:
            self.restore("main", warm=True)

        results: dict[str, Result] = {}
        results["cold"] = self.cold_sync = self.measure(
            "sync, cold (no catalogs)", "transkit sync", self.tk(main, "sync"), cwd=main,
            setup=cold)
        self.add(results["cold"], target="≤ 20 s", limit=lambda: 20.0)
        results["same"] = self.measure("sync, nothing changed", "transkit sync",
                                       self.tk(main, "sync"), cwd=main, setup=restore)
        self.add(results["same"], target="≤ 1 s", limit=lambda: 1.0)
        one = self.manifest.get("one_article", "?")
        results["one"] = self.measure(
            "sync, one article edited", "transkit sync", self.tk(main, "sync"), cwd=main,
            setup=edited("one-article"),
        )
        self.add(results["one"], target="≤ 1 s", limit=lambda: 1.0)
        self.notes.append(
            f"One article edited: `{one}`, 3 paragraphs changed, 1 added, 1 removed. 10 % "
            f"edited: {self.manifest.get('ten_percent_paragraphs')} paragraphs chosen at random "
            f"over the corpus, touching {self.manifest.get('ten_percent_articles')} articles "
            "(60 % of the edits change 1-3 words, 20 % add a sentence, 20 % drop one)."
        )
        results["ten"] = self.measure(
            "sync, 10 % of paragraphs edited", "transkit sync", self.tk(main, "sync"), cwd=main,
            setup=edited("ten-percent"),
        )
        self.add(results["ten"], target="≤ 20 s", limit=lambda: 20.0)

        self.status_results: dict[str, Result] = {}
        for command in ("status", "check", "build"):
            if not self.transkit_has(command):
                for what in {"status": ("cold", "repeated"), "check": ("cold", "repeated"),
                             "build": ("",)}[command]:
                    operation = f"{command}, {what}" if what else command
                    if (command, what) == ("check", "cold"):
                        operation += " (no cache, as in CI)"
                    self.add(Result(operation, f"transkit {command}", status="n/a",
                                    note="command not available"),
                             target=self._target(command, what))
                continue
            if command == "status":
                def status_cold() -> None:
                    self.restore("main")
                    remove(main / ".transkit-cache")

                cold_status = self.measure("status, cold", "transkit status",
                                           self.tk(main, "status"), cwd=main, setup=status_cold,
                                           codes=GATE)
                self.status_results["cold"] = cold_status
                self.add(cold_status, target="≤ 1/5 of pocount",
                         limit=lambda: self._pocount_fifth())

            def warm_once(command: str = command) -> None:
                self.restore("main", warm=True)
                run_once(self.tk(main, command), cwd=main,
                         log=self.logs / f"warmup-{command}.log", timeout=self.args.timeout)

            if command == "check":
                def check_cold() -> None:
                    self.restore("main")
                    remove(main / ".transkit-cache")

                self.check_cold = self.measure("check, cold (no cache, as in CI)",
                                               "transkit check", self.tk(main, "check"),
                                               cwd=main, setup=check_cold, codes=GATE)
                self.add(self.check_cold, target="≤ pocount", limit=lambda: self._pocount())
            if command in ("status", "check"):
                repeated = self.measure(f"{command}, repeated", f"transkit {command}",
                                        self.tk(main, command), cwd=main, warmup=warm_once,
                                        codes=GATE)
                self.add(repeated, target=self._target(command, "repeated"),
                         limit=(lambda: 0.5) if command == "status" else (lambda: 5.0))
            else:
                def clean_build() -> None:
                    self.restore("main", warm=True)
                    remove(main / "build")

                built = self.measure("build", "transkit build", self.tk(main, "build"),
                                     cwd=main, setup=clean_build, codes=GATE)
                self.add(built, target="≤ 10 s", limit=lambda: 10.0)
                self.import_editions()

    def import_editions(self) -> None:
        """`transkit import` of every built edition (1,000 articles x 3 languages) into a
        project without catalogs, the way a publication adopts transkit with its archive."""
        main = self.work / "main"
        operation = "import, every built edition into empty catalogs"
        if not self.transkit_has("import"):
            self.add(Result(operation, "transkit import", status="n/a",
                            note="command not available"), target="≤ 30 s")
            return
        editions = self.out / "editions"
        self.restore("main", warm=True)
        remove(main / "build")
        subprocess.run(self.tk(main, "build", "--out", editions), check=False,
                       stdout=subprocess.DEVNULL)
        langs = sorted(p.name for p in editions.iterdir() if p.is_dir() and p.name != "en")
        count = sum(1 for lang in langs for _ in (editions / lang).glob("*.md"))

        def empty() -> None:
            self.restore("main", warm=True)
            remove(main / "locales")

        script = " && ".join(f'"$0" --root "$1" import {lang} "$2/{lang}"'
                             for lang in langs)
        result = self.measure(operation, "transkit import",
                              ["sh", "-c", script, self.transkit, main, editions], cwd=main,
                              setup=empty)
        self.add(result, target="≤ 30 s", limit=lambda: 30.0)
        self.notes.append(
            f"Import: `transkit import LANG build/LANG` for {', '.join(langs)} in a row, "
            f"{count:,} editions built by `transkit build` from the corpus, into a project "
            "whose catalogs were removed (every edition is aligned, placed and written).")

    @staticmethod
    def _target(command: str, what: str) -> str:
        return {
            ("status", "cold"): "≤ 1/5 of pocount",
            ("status", "repeated"): "≤ 0.5 s",
            ("check", "cold"): "≤ pocount",
            ("check", "repeated"): "≤ 5 s",
            ("build", ""): "≤ 10 s",
        }[(command, what)]

    def _pocount(self) -> float | None:
        pocount = getattr(self, "pocount_result", None)
        if pocount is None or pocount.median is None:
            return None
        return float(pocount.median)

    def _pocount_fifth(self) -> float | None:
        pocount = getattr(self, "pocount_result", None)
        if pocount is None or pocount.median is None:
            return None
        return float(pocount.median) / 5

    def statistics_peers(self) -> None:
        main = self.work / "main"
        reference = getattr(self, "status_results", {}).get("cold") or Result(
            "status, cold", "transkit status", status="n/a"
        )
        self.restore("main")
        pocount = find_tool("pocount")
        if pocount:
            self.pocount_result = self.measure("statistics of every catalog", "pocount",
                                               [pocount, "locales"], cwd=main)
            self.add(self.pocount_result, reference=reference)
            check_cold = getattr(self, "check_cold", None)
            if check_cold is not None:  # the same catalogs, against a fresh-clone check
                self.add(self.pocount_result, reference=check_cold)
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
            def setup_tk(files: Path | None = files) -> None:
                self.restore("subset-transkit", warm=True)
                if files:
                    overlay(files, tk_root / "sources")

            def setup_po(files: Path | None = files) -> None:
                self.restore("subset-po4a")
                if files:
                    overlay(files, po_root / "sources")

            ours = self.measure(f"update catalogs, {what} {label}", "transkit sync",
                                self.tk(tk_root, "sync"), cwd=tk_root, setup=setup_tk)
            theirs = self.measure(f"update catalogs, {what} {label}", "po4a", po4a_cmd,
                                  cwd=po_root, setup=setup_po, repeat=slow)
            self.add(ours)
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

        def edited() -> None:
            self.restore("big", warm=True)
            overlay(big / "edited" / "sources", root / "sources")

        operation = f"{paragraphs:,}-paragraph document: update after edits"
        ours = self.measure(operation, "transkit sync", self.tk(root, "sync"), cwd=root,
                            setup=edited)
        self.add(ours, target="≤ 5 s", limit=lambda: 5.0)
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
            "inserted. `msgmerge --previous` merges the old catalog with the new version's POT "
            "(extracted beforehand, untimed), with its fuzzy matching on."
        )

    # the translation memory

    def memory(self) -> None:
        """The translation memory: a cold sync and a sync with no cache, each with it and
        without; a new article filled from it (with its index cached, and built from
        nothing); msgmerge --compendium and pot2po --tm on the same article."""
        main = self.work / "main"
        new = self.corpus / "edits" / "new-article"

        def switch_off() -> None:
            with (main / "transkit.toml").open("a", encoding="utf-8") as config:
                config.write("memory = false\n")

        def cold(memory: bool) -> Callable[[], None]:
            def setup() -> None:
                self.restore("main")
                remove(main / "locales")
                remove(main / ".transkit-cache")
                if not memory:
                    switch_off()

            return setup

        def no_cache(memory: bool) -> Callable[[], None]:
            def setup() -> None:
                self.restore("main")
                remove(main / ".transkit-cache")
                if not memory:
                    switch_off()

            return setup

        on = getattr(self, "cold_sync", None)
        if on is None:
            on = self.measure("sync, cold (no catalogs)", "transkit sync",
                              self.tk(main, "sync"), cwd=main, setup=cold(True))
            self.add(on, target="≤ 20 s", limit=lambda: 20.0)
        off = self.measure("sync, cold (no catalogs), memory off", "transkit sync",
                           self.tk(main, "sync"), cwd=main, setup=cold(False))
        self.rows.append(Row(off, on, target="memory on ≤ 2 × off",
                             holds=lambda: _at_most_double(on, off)))
        ci_on = self.measure("sync, no cache, catalogs in step (CI)", "transkit sync",
                             self.tk(main, "sync"), cwd=main, setup=no_cache(True))
        self.add(ci_on)
        ci_off = self.measure("sync, no cache, catalogs in step (CI), memory off",
                              "transkit sync", self.tk(main, "sync"), cwd=main,
                              setup=no_cache(False))
        self.rows.append(Row(ci_off, ci_on, target="memory on ≤ 2 × off",
                             holds=lambda: _at_most_double(ci_on, ci_off)))

        # the pristine copy holds the memory index as a user's earlier syncs leave it
        # (warm_memory)

        def new_article(index: bool) -> Callable[[], None]:
            def setup() -> None:
                self.restore("main", warm=True)
                overlay(new / "sources", main / "sources")
                if not index:
                    for path in (main / ".transkit-cache").glob("memory.*"):
                        path.unlink()

            return setup

        filled = self.measure("a new 50-unit article, filled from the memory", "transkit sync",
                              self.tk(main, "sync"), cwd=main, setup=new_article(True))
        self.add(filled, target="≤ 1 s", limit=lambda: 1.0)
        self.memory_notes(main, filled)
        self.add(self.measure("a new 50-unit article, the memory index built from nothing",
                              "transkit sync", self.tk(main, "sync"), cwd=main,
                              setup=new_article(False), repeat=self.args.slow_repeat))
        self.memory_peers(new, filled)

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

    def memory_notes(self, main: Path, result: Result) -> None:
        """What the memory filled in the new article, from transkit's own log of the run."""
        log = result.log
        filled = re.findall(r"created locales/(\w+)/[\w-]+\.po: (.+)", log.read_text(
            encoding="utf-8")) if log and log.exists() else []
        index = main / ".transkit-cache" / "memory.sqlite"
        size = f"{index.stat().st_size / 1e6:.0f} MB" if index.exists() else "?"
        self.notes.append(
            "The new article (`edits/new-article`): 50 units, 15 paragraphs found as they are "
            "in other articles (about 80 % of them translated there), 15 edited copies, 16 new "
            "paragraphs, 2 headings, a title and a subtitle. transkit filled "
            + ("; ".join(f"{lang}: {what}" for lang, what in dict(filled).items()) or "?")
            + f" (memory threshold 80). The memory index of the corpus takes {size} on disk. "
            "The cold syncs start with no catalogs, so with an empty memory: the sync does not "
            "ask it. A sync with no cache over catalogs in step creates no unit and does not "
            "ask it either.")

    # the report

    def table(self) -> str:
        lines = [
            "| operation | tool | median s | peak MB | ratio vs transkit | target |",
            "|---|---|--:|--:|--:|---|",
        ]
        for row in self.rows:
            result = row.result
            if result.operation.startswith("peak memory"):
                peak = self._peak
                verdict = row.target
                if peak is not None:
                    verdict += f": {'met' if peak <= TARGET_PEAK_MB else '**missed**'}"
                lines.append(f"| {result.operation} | transkit | | "
                             f"{'' if peak is None else f'{peak:.0f}'} | | {verdict} |")
                continue
            if result.status == "ok" and result.median is not None:
                median = f"{result.median:.2f}" if result.median < 100 else f"{result.median:.0f}"
            elif result.status == "timeout":
                median = f"> {result.timeout:.0f} (timeout)"
            elif result.status == "failed":
                median = f"failed ({result.note.split(',')[0]})"
            else:
                median = result.status
            peak = "" if result.peak_mb is None else f"{result.peak_mb:.0f}"
            # a peer compared with more than one transkit operation says which one
            against = (f" (vs {row.reference.operation})" if row.reference is not None and sum(
                r.result is result for r in self.rows) > 1 else "")
            lines.append(f"| {result.operation}{against} | {result.tool} | {median} | {peak} | "
                         f"{row.ratio()} | {row.verdict()} |")
        return "\n".join(lines) + "\n"

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
            f"- Python: {platform.python_version()} ({sys.executable})",
            f"- transkit: {tool_version([self.transkit, '--version'])}, source "
            f"{self.digest_before} (sha256 of the package's .py files: which code was measured)"
            + ("" if source_digest() == self.digest_before
               else f"; **the source changed during the run** (now {source_digest()})"),
            f"- msgfmt / msgmerge: {tool_version(['msgmerge', '--version'])}",
            f"- po4a: {tool_version(['po4a', '--version'])}",
            f"- pocount: translate-toolkit {package_version('translate-toolkit')}"
            + ("" if pocount else " (pocount not found)"),
            f"- polib {package_version('polib')}, rapidfuzz {package_version('rapidfuzz')}, "
            f"markdown-it-py {package_version('markdown-it-py')}",
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
            "each on the corpus restored to its pristine state (untimed; files a run did not "
            "touch keep their inode and time stamps, so transkit's cache stays valid for them), "
            "after an untimed `transkit sync` unless the operation is a cold one",
        ]

    def report(self, command: str) -> str:
        notes = "\n".join(f"- {note}" for note in self.notes)
        return (
            "# Benchmarks\n\n"
            "transkit at a publication's scale, side by side with gettext, po4a and "
            "translate-toolkit on the same data. Generated by `benchmarks/run.py` "
            "(`make bench`); do not edit by hand.\n\n"
            f"Command: `{command}`\n\n"
            "## Machine\n\n" + "\n".join(self.machine()) + "\n\n"
            "## Corpus\n\n" + "\n".join(self.corpus_facts()) + "\n\n"
            "## Results\n\n" + self.table() + "\n"
            "Median of wall-clock seconds (each run a separate process); peak MB is the maximum "
            "resident set size of the largest single process of a run (transkit forks one worker "
            "per core for large runs: each worker counts on its own, they are not added up). "
            "*ratio vs transkit* is the tool's median divided by transkit's "
            "for the same operation (above 1: transkit is faster); a peer's statistics are "
            "compared with `transkit status, cold`. Targets are the issue's, for a 2-core "
            "machine and 1,000 articles x 3 languages.\n\n"
            "## Notes\n\n" + notes + "\n\n"
            "## Every run\n\n" + self.every_run() + "\n"
        )

    def every_run(self) -> str:
        """Each run's seconds, for the spread the median hides (other load on the machine)."""
        lines = []
        for row in self.rows:
            runs = row.result.runs
            if runs:
                times = ", ".join(f"{run.seconds:.2f}" for run in runs)
                lines.append(f"- {row.result.operation}, {row.result.tool}: {times} s")
        return "\n".join(lines)


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
    bench = Bench(args)
    bench.run()
    table = bench.table()
    print(table)
    for note in bench.notes:
        print(f"- {note}")
    if args.output:
        shown = " ".join(["python benchmarks/run.py", *(argv if argv is not None
                                                          else sys.argv[1:])])
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(bench.report(shown), encoding="utf-8")
        progress(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
