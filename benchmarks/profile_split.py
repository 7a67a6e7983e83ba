"""Where the time of one transkit command goes, by stage, next to the physical floor.

    python benchmarks/profile_split.py --json sync.json -- --root DIR sync
    python benchmarks/profile_split.py --floor DIR --json floor.json

The first form runs one transkit command in this process (``TRANSKIT_JOBS=1``: every job in
one process, so one stack holds all the work) while a thread samples the main thread's stack
every millisecond. Each sample's time (the CPU time the command's thread used since the
previous sample, so the split holds on a loaded machine) goes to the innermost stage found on
the stack, walking outwards from the running frame:

- ``parse``: reading and parsing catalogs and sources (``core/po`` but its writer,
  ``store/files``);
- ``segment``: cutting an article into units (``core/source``);
- ``sync``: matching units with entries, drift (``core/sync`` but its memory, ``runs/sync``);
- ``checks``: the checks and the glossary (``core/checks``, ``core/terms``, ``runs/check``,
  translate-toolkit);
- ``memory``: the translation memory (``core/sync/memory``, ``runs/memory``, ``runs/recall``,
  ``store/memory``);
- ``write``: laying a catalog out and writing it (``core/po/pofile``'s writer, ``store/write``,
  ``store/catalogs``);
- ``cache & engine``: the job runner and its records (``runs/engine``, ``store/cache``);
- ``report``: counts and rendering (``core/report``, ``render``);
- ``start-up``: importing modules (``importlib`` on the stack), wherever it happens;
- ``other``: the rest (command line, configuration, finding the files, build).

So a catalog the memory reads counts as ``parse``, and a regular expression counts for the
stage that runs it. Module-level helpers every stage uses (``core/po/catalog``,
``core/po/entries``, ``core/values``) count for the stage that calls them.

The second form measures the floor of any command that reads every catalog: reading the
bytes of every ``locales/**/*.po`` file, and one regular-expression pass over them in Python
(every quoted string of every keyword and continuation line), each timed in wall-clock and CPU
seconds. The page cache is whatever the machine holds (not dropped: the machine is shared);
a fresh clone's files were just written, so they are in it too.

Both print one JSON object (``--json FILE`` writes it there instead).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from types import FrameType

STAGES = ("parse", "segment", "sync", "checks", "memory", "write", "cache & engine", "report",
          "start-up", "other")

# core/po/pofile.py holds the writer first, then the reader from `parse_po` on
_READER_HELPERS = frozenset({"unescape", "decode_po"})
_RULES = (  # (path prefix inside the transkit package, stage); the first that matches
    ("core/sync/memory.py", "memory"),
    ("runs/memory.py", "memory"),
    ("runs/recall.py", "memory"),
    ("store/memory", "memory"),
    ("core/po/lines.py", "parse"),
    ("store/files.py", "parse"),
    ("store/write.py", "write"),
    ("store/catalogs.py", "write"),
    ("core/source/", "segment"),
    ("core/sync/", "sync"),
    ("runs/sync.py", "sync"),
    ("core/checks/", "checks"),
    ("core/terms/", "checks"),
    ("runs/check.py", "checks"),
    ("runs/engine.py", "cache & engine"),
    ("store/cache.py", "cache & engine"),
    ("core/report/", "report"),
    ("render/", "report"),
)


def _package_dir() -> str:
    import transkit

    return str(Path(transkit.__file__).resolve().parent) + os.sep


def stage_of(frame: FrameType | None, package: str) -> str:
    """The stage a stack belongs to: the innermost frame that names one, else 'other'."""
    while frame is not None:
        code = frame.f_code
        filename = code.co_filename
        if filename.startswith("<frozen importlib"):
            return "start-up"
        if filename.startswith(package):
            rel = filename[len(package):].replace(os.sep, "/")
            if rel == "core/po/pofile.py":
                return "parse" if _reads(frame) else "write"
            for prefix, stage in _RULES:
                if rel.startswith(prefix):
                    return stage
        elif f"{os.sep}translate{os.sep}" in filename:  # translate-toolkit's checks
            return "checks"
        frame = frame.f_back
    return "other"


def _reads(frame: FrameType) -> bool:
    """Whether a function of core/po/pofile.py belongs to its reader (its module's `parse_po`
    and what follows it), not to its writer."""
    code = frame.f_code
    if code.co_name in _READER_HELPERS:
        return True
    parse_po = frame.f_globals.get("parse_po")
    first = getattr(getattr(parse_po, "__code__", None), "co_firstlineno", None)
    if first is None:
        return code.co_name.startswith(("parse", "_read", "_Reader"))
    return bool(code.co_firstlineno >= first)


class Sampler(threading.Thread):
    """Samples one thread's stack; each sample weighs the CPU time that thread used since the
    sample before (so other load on the machine does not shift the split)."""

    def __init__(self, target: int, package: str, interval: float = 0.001) -> None:
        super().__init__(daemon=True)
        self.target, self.package, self.interval = target, package, interval
        self.seconds: dict[str, float] = defaultdict(float)
        self.samples = 0
        self.done = threading.Event()

    def run(self) -> None:
        clock = time.pthread_getcpuclockid(self.target)  # the sampled thread's CPU time
        last = time.clock_gettime(clock)
        while not self.done.is_set():
            time.sleep(self.interval)
            frame = sys._current_frames().get(self.target)
            now = time.clock_gettime(clock)
            if frame is not None:
                self.seconds[stage_of(frame, self.package)] += now - last
                self.samples += 1
            last = now
            del frame


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def profile_command(argv: list[str]) -> dict[str, object]:
    """Run `transkit ARGV` here, sampled; its output goes to /dev/null."""
    os.environ["TRANSKIT_JOBS"] = "1"
    sys.setswitchinterval(0.001)  # let the sampler in often
    start, cpu = time.perf_counter(), _cpu()
    sampler = Sampler(threading.get_ident(), _package_dir())  # the package's __init__ only
    sampler.start()
    with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stdout(sink):
        from transkit.cli import main as transkit_main

        code = transkit_main(argv)
    sampler.done.set()
    sampler.join()
    wall, cpu = time.perf_counter() - start, _cpu() - cpu
    return {"argv": argv, "exit": code, "wall": wall, "cpu": cpu, "samples": sampler.samples,
            "stages": {stage: sampler.seconds.get(stage, 0.0) for stage in STAGES}}


STRINGS = re.compile(rb'^(?:msgctxt |msgid |msgid_plural |msgstr(?:\[\d+\])? )?"(.*)"$', re.M)


def floor(root: Path) -> dict[str, object]:
    """Reading every catalog's bytes under root/locales, and one regex pass over them."""
    paths = sorted((root / "locales").rglob("*.po"))
    read_wall = read_cpu = scan_wall = scan_cpu = 0.0
    size = strings = 0
    for path in paths:
        w, c = time.perf_counter(), _cpu()
        data = path.read_bytes()
        w2, c2 = time.perf_counter(), _cpu()
        strings += sum(1 for _ in STRINGS.finditer(data))
        read_wall += w2 - w
        read_cpu += c2 - c
        scan_wall += time.perf_counter() - w2
        scan_cpu += _cpu() - c2
        size += len(data)
    return {"catalogs": len(paths), "bytes": size, "strings": strings,
            "read_wall": read_wall, "read_cpu": read_cpu,
            "scan_wall": scan_wall, "scan_cpu": scan_cpu}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Where one transkit command's time goes.")
    parser.add_argument("--json", type=Path, help="write the result here (default: stdout)")
    parser.add_argument("--floor", type=Path, metavar="ROOT",
                        help="measure the floor on ROOT's catalogs instead of a command")
    parser.add_argument("command", nargs=argparse.REMAINDER,
                        help="the transkit arguments, after --")
    args = parser.parse_args(argv)
    if args.floor:
        result = floor(args.floor)
    else:
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        result = profile_command(command)
    text = json.dumps(result, indent=2)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def split_table(profiles: list[tuple[str, dict[str, object]]],
                floors: list[tuple[str, dict[str, object]]]) -> str:
    """A Markdown table: one row per profiled run (seconds per stage), then the floors."""
    head = ("| run | wall s | CPU s | " + " | ".join(STAGES) + " |\n"
            "|---|--:|--:|" + "--:|" * len(STAGES) + "\n")
    rows = []
    for name, prof in profiles:
        stages = prof.get("stages")
        assert isinstance(stages, dict)
        total = sum(float(v) for v in stages.values()) or 1.0
        cells = [f"{float(stages.get(s, 0.0)):.1f} ({float(stages.get(s, 0.0)) / total:.0%})"
                 for s in STAGES]
        rows.append(f"| {name} | {float(str(prof['wall'])):.1f} | {float(str(prof['cpu'])):.1f} | "
                    + " | ".join(cells) + " |")
    text = head + "\n".join(rows) + "\n"
    if floors:
        text += ("\n| physical floor | catalogs | MB | read: wall s | read: CPU s | "
                 "one regex pass: wall s | CPU s |\n|---|--:|--:|--:|--:|--:|--:|\n")
        for name, fl in floors:
            text += (f"| {name} | {int(str(fl['catalogs'])):,} | "
                     f"{int(str(fl['bytes'])) / 1e6:.0f} | {float(str(fl['read_wall'])):.2f} | "
                     f"{float(str(fl['read_cpu'])):.2f} | {float(str(fl['scan_wall'])):.2f} | "
                     f"{float(str(fl['scan_cpu'])):.2f} |\n")
    return text


if __name__ == "__main__":
    sys.exit(main())
