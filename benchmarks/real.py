"""transkit over real pages: the Hugo and Jekyll sites' Markdown in ``tests/data/real``.

    python benchmarks/real.py                    # a Markdown report on standard output
    python benchmarks/real.py --output FILE

For each site (a folder with ``SOURCE.md``, English pages in ``en/`` and their human translation
in the other folder) it reports what the segmenter makes of the English pages (units by kind,
HTML-block texts and attributes, shortcode parameters, pages with nothing to translate, and units
offered without words, which must be none), then runs the commands on a project made of those
pages: ``sync``, ``import`` of every translated page (which succeeds when the translation has the
English page's structure), ``status``, ``check`` and ``build``, each timed once, wall clock, in a
child process. Nothing here asserts anything: ``tests/test_real_pages.py`` does.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from transkit.core.source.markup import has_words
from transkit.core.source.model import SegmentKind
from transkit.store.files import load_document

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "data" / "real"
TRANSKIT = [sys.executable, "-m", "transkit"]


def sites() -> list[tuple[Path, str]]:
    """(site folder, language of a translation) for every translation of every site of the
    corpus."""
    found = []
    for folder in sorted(p for p in CORPUS.iterdir() if (p / "SOURCE.md").is_file()):
        for lang in sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name != "en"):
            found.append((folder, lang))
    return found


def units(folder: Path) -> tuple[int, Counter[str], int, int]:
    """(pages, units by kind, pages with nothing to translate, units offered without words)."""
    kinds: Counter[str] = Counter()
    pages = empty = wordless = 0
    for path in sorted((folder / "en").rglob("*.md")):
        document = load_document(path, shown=str(path), front_matter_keys=(
            "title", "description", "linkTitle"))
        pages += 1
        empty += not document.segments
        for segment in document.segments:
            kinds[segment.kind] += 1
            wordless += segment.kind != SegmentKind.FRONT_MATTER and not has_words(segment.text)
    return pages, kinds, empty, wordless


def timed(*args: str | Path, cwd: Path) -> tuple[float, int, str]:
    started = time.perf_counter()
    done = subprocess.run([*TRANSKIT, *map(str, args)], cwd=cwd, capture_output=True,
                          text=True)
    return time.perf_counter() - started, done.returncode, done.stdout + done.stderr


def run_site(folder: Path, lang: str, work: Path) -> list[str]:
    pages, kinds, empty, wordless = units(folder)
    total = sum(kinds.values())
    lines = [f"## {folder.name} (English and `{lang}`)", "",
             f"- pages: {pages}, of which {empty} with nothing to translate",
             f"- units: {total}; HTML-block texts {kinds[SegmentKind.HTML_TEXT]}, HTML attributes "
             f"{kinds[SegmentKind.HTML_ATTRIBUTE]}, shortcode parameters "
             f"{kinds[SegmentKind.SHORTCODE_PARAMETER]}",
             f"- units offered without words (code, numbers or a shortcode alone): {wordless}",
             "- by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())), ""]
    root = work / f"{folder.name}-{lang}"
    shutil.copytree(folder / "en", root / "content")
    (root / "transkit.toml").write_text(
        f'source_language = "en"\nlanguages = ["{lang}"]\nsources = "content"\n'
        'front_matter_keys = ["title", "description", "linkTitle"]\n', encoding="utf-8")
    rows = ["| command | seconds | exit | result |", "|---|---:|---:|---|"]

    def row(name: str, seconds: float, code: int, result: str) -> None:
        rows.append(f"| `{name}` | {seconds:.2f} | {code} | {result} |")

    seconds, code, out = timed("sync", cwd=root)
    row("sync", seconds, code, out.strip().splitlines()[-1] if out.strip() else "")
    imported = refused = 0
    started = time.perf_counter()
    for page in sorted((folder / lang).rglob("*.md")):
        article = page.relative_to(folder / lang).with_suffix("").as_posix()
        _, code, _ = timed("import", lang, page, "--article", article, cwd=root)
        imported += code == 0
        refused += code != 0
    row("import (each page)", time.perf_counter() - started, 0,
        f"{imported} pages imported, {refused} refused (another structure)")
    for name, args in (("status", ("status", "--format", "csv")), ("check", ("check",)),
                       ("build", ("build",))):
        seconds, code, out = timed(*args, cwd=root)
        last = out.strip().splitlines()[-1] if out.strip() else ""
        row(name, seconds, code, last if name != "status" else
            f"{len(out.strip().splitlines()) - 1} catalogs")
    return [*lines, *rows, ""]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, help="write the report here")
    options = parser.parse_args(argv)
    report = ["# transkit on real pages", ""]
    with tempfile.TemporaryDirectory(prefix="transkit-real-") as work:
        for folder, lang in sites():
            report.extend(run_site(folder, lang, Path(work)))
    text = "\n".join(report)
    if options.output:
        options.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
