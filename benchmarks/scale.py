"""How transkit's commands grow from a 1,000-article to a 10,000-article archive.

    python benchmarks/scale.py --articles 1000 10000 --output docs/scale.md

For each size, a generated corpus (``benchmarks/corpus.py``, 3 languages) is copied to a working
folder and every command runs on it, timed as a whole process with its peak memory (GNU time).
Every run has its open-file limit lowered to ``--nofile`` (default 1,024; the machine allows
20,000): a command that held a file open per catalog would fail there, so a clean run shows that
open files stay bounded whatever the archive's size. Measures, never asserts.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate  # noqa: E402
from run import find_tool, progress, run_once  # noqa: E402

HERE = Path(__file__).resolve().parent

OPERATIONS = (
    # (name, command, what to do untimed before it)
    ("sync, nothing changed", ("sync",), "warm"),
    ("status, cold", ("status",), "no-cache"),
    ("status, repeated", ("status",), ""),
    ("check, cold (no cache, as in CI)", ("check",), "no-cache"),
    ("check, repeated", ("check",), ""),
    ("build", ("build",), "no-build"),
    ("build, repeated", ("build",), ""),
    ("sync, cold (no catalogs)", ("sync",), "no-catalogs"),  # last: it drops the catalogs
)


def prepare(work: Path, what: str) -> None:
    if what == "no-catalogs":
        shutil.rmtree(work / "locales", ignore_errors=True)
        shutil.rmtree(work / ".transkit-cache", ignore_errors=True)
    elif what == "no-cache":
        shutil.rmtree(work / ".transkit-cache", ignore_errors=True)
    elif what == "no-build":
        shutil.rmtree(work / "build", ignore_errors=True)


def measure(articles: int, out: Path, transkit: str, nofile: int, timeout: float,
            ) -> list[tuple[str, float | None, float | None, int | None]]:
    corpus = out / f"corpus-{articles}a-200p-s1"
    if not (corpus / "base").is_dir():
        progress(f"generating {articles} articles (untimed)")
        generate(corpus, articles=articles, big_paragraphs=200, seed=1)
    work = out / f"scale-work-{articles}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(corpus / "base", work)
    rows = []
    for name, args, what in OPERATIONS:
        prepare(work, what)
        if what == "warm":
            run_once([transkit, "--root", work, "sync", "-q"], cwd=work,
                     log=out / "logs" / "scale-warm.log", timeout=timeout)
        cmd = ["bash", "-c", f'ulimit -n {nofile} && exec "$0" "$@"', transkit, "--root",
               str(work), *args]
        run = run_once(cmd, cwd=work, log=out / "logs" / f"scale-{articles}-{args[0]}.log",
                       timeout=timeout)
        peak = run.peak_kb / 1024 if run.peak_kb else None
        progress(f"{articles} articles: {name}: {run.seconds:.1f} s, "
                 f"{peak or 0:.0f} MB, exit {run.code}")
        rows.append((name, run.seconds if run.code in (0, 1) else None, peak, run.code))
    shutil.rmtree(work, ignore_errors=True)
    return rows


def report(results: dict[int, list[tuple[str, float | None, float | None, int | None]]],
           nofile: int) -> str:
    sizes = sorted(results)
    lines = [
        "# transkit at 1,000 and 10,000 articles",
        "",
        f"`benchmarks/scale.py`, {datetime.now():%Y-%m-%d}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}. Each command is one "
        f"process, timed once, with its open-file limit at {nofile}; peak memory is the largest "
        "process's (GNU time). Generated corpus: 3 languages, about 43 units per article.",
        "",
        "| operation | " + " | ".join(f"{n:,} articles" for n in sizes)
        + " | growth (time) | exit |",
        "|---|" + "---:|" * len(sizes) + "---:|---|",
    ]
    names = [name for name, *_ in results[sizes[0]]]
    for i, name in enumerate(names):
        cells, times, codes = [], [], []
        for n in sizes:
            _, seconds, peak, code = results[n][i]
            times.append(seconds)
            codes.append(str(code))
            cells.append("failed" if seconds is None else f"{seconds:.1f} s, {peak or 0:.0f} MB")
        growth = (f"{times[-1] / times[0]:.1f}×" if len(times) > 1 and times[0] and times[-1]
                  else "")
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {growth} | {'/'.join(codes)} |")
    lines += ["", "Exit 1 is a gate that failed on the generated content (its catalogs are "
              "about 80 % translated), not an error."]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--out-dir", type=Path, default=HERE / "out")
    parser.add_argument("--output", "-o", type=Path)
    parser.add_argument("--nofile", type=int, default=1024)
    parser.add_argument("--timeout", type=float, default=3600.0)
    args = parser.parse_args()
    transkit = find_tool("transkit") or "transkit"
    results = {n: measure(n, args.out_dir, transkit, args.nofile, args.timeout)
               for n in args.articles}
    text = report(results, args.nofile)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
