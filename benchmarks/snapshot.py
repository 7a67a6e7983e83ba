"""Every output of every command, on the bundled sample and on a generated corpus, in one folder.

A restructuring that promises "outputs stay byte for byte" is held to it by running this before
and after and comparing the two folders (`diff -r`): every catalog, built edition, report and
exchange file, and each command's standard output and exit status.

    python benchmarks/snapshot.py OUT [--articles 200] [--transkit PATH]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

# (name, arguments); each runs twice where the second pass must change nothing
COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sync", ("sync",)),
    ("sync-again", ("sync",)),
    ("status-table", ("status",)),
    ("status-json", ("status", "--format", "json")),
    ("status-markdown", ("status", "--format", "markdown")),
    ("status-csv", ("status", "--format", "csv")),
    ("status-html", ("status", "--format", "html", "--output", "status.html")),
    ("check-text", ("check",)),
    ("check-json", ("check", "--format", "json")),
    ("check-github", ("check", "--format", "github")),
    ("check-commit", ("check", "--gate", "commit")),
    ("build-md", ("build",)),
    ("build-html", ("build", "--format", "html", "--out", "build-html")),
    ("build-omit", ("build", "--fallback", "omit", "--allow-fuzzy", "--out", "build-omit")),
    ("todo-hy", ("todo", "hy")),
    ("todo-de", ("todo", "de")),
    ("todo-ru", ("todo", "ru")),
    ("export-xliff", ("export", "de", "--format", "xliff", "--out", "exported")),
    ("export-tmx", ("export", "ru", "--format", "tmx", "--out", "exported")),
    ("sync-dry", ("sync", "--dry-run")),
)


def run_all(project: Path, out: Path, transkit: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, args in COMMANDS:
        done = subprocess.run([transkit, *args], cwd=project, capture_output=True, text=True,
                              env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "dumb",
                                   "COLUMNS": "120"})
        text = (f"exit {done.returncode}\n--- stdout\n{done.stdout}\n--- stderr\n"
                f"{done.stderr.replace(str(project), '<project>')}")
        (out / f"{name}.txt").write_text(text, encoding="utf-8")
    for folder in ("locales", "build", "build-html", "build-omit", "exported"):
        if (project / folder).exists():
            shutil.copytree(project / folder, out / "files" / folder)
    if (project / "status.html").exists():
        shutil.copy(project / "status.html", out / "files" / "status.html")


def sample(work: Path) -> Path:
    project = work / "sample"
    project.mkdir(parents=True)
    for name in ("sources", "locales"):
        shutil.copytree(REPO / name, project / name)
    for name in ("transkit.toml", "glossary.csv"):
        shutil.copy(REPO / name, project / name)
    return project


def corpus(work: Path, articles: int) -> Path:
    sys.path.insert(0, str(HERE))
    import corpus as generator  # noqa: PLC0415 - a script beside this one

    made = work / "corpus"
    generator.generate(made, articles=articles, big_paragraphs=50, seed=7)
    project = made / "base"
    for edited in (made / "edits" / "ten-percent" / "sources").glob("*.md"):
        shutil.copy(edited, project / "sources" / edited.name)
    return project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--transkit", default=str(REPO / ".venv" / "bin" / "transkit"))
    args = parser.parse_args(argv)
    if args.out.exists():
        shutil.rmtree(args.out)
    work = args.out / "work"
    for name, project in (("sample", sample(work)), ("corpus", corpus(work, args.articles))):
        run_all(project, args.out / name, args.transkit)
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
