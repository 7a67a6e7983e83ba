"""Profile one transkit command in-process with cProfile and print its hotspots.

    python benchmarks/profile_cli.py -- --root benchmarks/out/work/main sync
    python benchmarks/profile_cli.py --top 40 --sort tottime --save sync.pstats -- --root DIR sync

transkit spreads large runs over worker processes, which cProfile cannot see; the command runs
with TRANSKIT_JOBS=1 (one process) unless --jobs says otherwise. The project is used as it is:
restore or prepare it first (``benchmarks/run.py`` leaves a steady-state copy of the 1,000-article
corpus in ``benchmarks/out/work/main``; delete its ``locales/`` and ``.transkit-cache/`` for a
cold sync).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

from transkit.cli import main as transkit_main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profile one transkit command with cProfile.")
    parser.add_argument("--top", type=int, default=30, help="functions to show (default 30)")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key (default cumulative)")
    parser.add_argument("--save", type=Path, help="also write the raw profile (.pstats)")
    parser.add_argument("--jobs", default="1",
                        help="TRANSKIT_JOBS for the run (default 1: all work in this process)")
    parser.add_argument("command", nargs=argparse.REMAINDER,
                        help="the transkit arguments, after --")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    os.environ["TRANSKIT_JOBS"] = args.jobs
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    code = transkit_main(command)
    profiler.disable()
    seconds = time.perf_counter() - start
    print(f"transkit {' '.join(command)}: exit status {code}, {seconds:.2f} s under cProfile",
          file=sys.stderr)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    if args.save:
        stats.dump_stats(args.save)
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
