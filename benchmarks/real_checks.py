"""`transkit check` on real human translations: findings per check, and each finding to judge.

    python benchmarks/real_checks.py                       # a Markdown table on standard output
    python benchmarks/real_checks.py --findings FILE       # and every error with its entry
    python benchmarks/real_checks.py --lang de --lang ru   # only these translations (default)

For each site of ``tests/data/real`` with a translation in one of the languages asked for, a
project is made of its English pages (``sources = "content"``), ``sync`` writes the catalogs,
``import`` fills them from the site's own translation (the folder mirrors the English), and
``check --gate commit --format json`` reports. The table counts the findings per check and
level; ``--findings`` writes every error (or every finding of ``--check ID``) with the English
and the translation of its entry, so that a person can judge which are real. The transkit that
runs is the one Python imports (``PYTHONPATH=src`` for a work tree's).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import polib

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "data" / "real"
TRANSKIT = [sys.executable, "-m", "transkit"]


def translations(langs: set[str]) -> list[tuple[Path, str]]:
    """(site folder, language) for every translation of the corpus in `langs`."""
    found = []
    for folder in sorted(p for p in CORPUS.iterdir() if (p / "SOURCE.md").is_file()):
        for lang in sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name in langs):
            found.append((folder, lang))
    return found


def _transkit(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*TRANSKIT, *map(str, args)], cwd=cwd, capture_output=True, text=True)


def check_site(folder: Path, lang: str, work: Path) -> tuple[list[dict[str, Any]], int, Path]:
    """The findings of `check` on one site's translation into `lang`, the number of translated
    entries checked, and the project's folder."""
    root = work / f"{folder.name}-{lang}"
    shutil.copytree(folder / "en", root / "content")
    (root / "transkit.toml").write_text(
        f'source_language = "en"\nlanguages = ["{lang}"]\nsources = "content"\n'
        'front_matter_keys = ["title", "description", "linkTitle"]\nglossary = ""\n'
        "memory = false\n", encoding="utf-8")
    for args in (("sync",), ("import", lang, folder / lang)):
        done = _transkit(*args, cwd=root)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(map(str, args))} failed in {root}:\n{done.stderr}")
    done = _transkit("check", "--gate", "commit", "--format", "json", cwd=root)
    findings = json.loads(done.stdout)["findings"]
    translated = 0
    for po in (root / "locales" / lang).rglob("*.po"):
        catalog = polib.pofile(str(po))
        translated += sum(1 for e in catalog if e.msgid and e.msgstr and not e.obsolete
                          and "fuzzy" not in e.flags)
    return findings, translated, root


def _entry(root: Path, path: str, line: int) -> polib.POEntry | None:
    catalog = polib.pofile(str(root / path))
    found = None
    for entry in catalog:
        if entry.linenum <= line:
            found = entry
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lang", action="append", help="a translation's language (de, ru)")
    parser.add_argument("--findings", type=Path, help="write the findings to judge here")
    parser.add_argument("--check", help="with --findings: this check's findings, warnings too")
    options = parser.parse_args(argv)
    langs = set(options.lang or ("de", "ru"))
    counts: Counter[tuple[str, str]] = Counter()
    entries = 0
    judged: list[str] = []
    with tempfile.TemporaryDirectory(prefix="transkit-real-checks-") as work:
        for folder, lang in translations(langs):
            findings, translated, root = check_site(folder, lang, Path(work))
            entries += translated
            for finding in findings:
                counts[finding["severity"], finding["check"]] += 1
                wanted = (finding["check"] == options.check if options.check
                          else finding["severity"] == "error")
                if not options.findings or not wanted:
                    continue
                entry = _entry(root, finding["path"], finding["line"])
                judged += [f"## [{finding['check']}] {folder.name}/{finding['path']}:"
                           f"{finding['line']}", "", finding["message"], ""]
                if entry is not None:
                    judged += [f"- EN: {entry.msgid}", f"- {lang}: {entry.msgstr}", ""]
    lines = [f"# check on real translations ({', '.join(sorted(langs))}: {entries} translated "
             "entries)", "", "| check | level | findings |", "|---|---|---:|"]
    for (level, check), n in sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0])):
        lines.append(f"| `{check}` | {level} | {n} |")
    errors = sum(n for (level, _), n in counts.items() if level == "error")
    lines += ["", f"{errors} errors."]
    print("\n".join(lines))
    if options.findings:
        options.findings.write_text("\n".join(judged) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
