"""A git repository with a long, realistic translation history over the benchmark corpus.

    python benchmarks/history_repo.py --out /tmp/history-repo --articles 1000 --commits 300

makes (replacing OUT) a transkit project under git: the corpus of ``corpus.py`` (its ``base/``,
generated under OUT/corpus unless ``--corpus`` names one) as the first commit, then COMMITS
more, one or a few each day, by a team of translators and an editor:

- a translator's commit translates a few untranslated or fuzzy entries in one to four catalogs
  of their language (through polib and ``format_po``, so the files stay in transkit's layout);
- every tenth is the editor's: one article's English edited (a paragraph changed, one added)
  and ``transkit sync`` run for it, so every language drifts;
- every fifteenth is a small branch: two translators' commits on it, merged with ``--no-ff``;
- every twenty-fifth is a bulk commit by the editor carrying two translators' work, each
  catalog's ``Last-Translator`` naming who did it.

Dates come from GIT_AUTHOR_DATE and GIT_COMMITTER_DATE (from 2023-01-02, noon), names from a
fixed team; every random choice is seeded, so two runs make the same history (not the same
commit ids: those also hash git's version of its objects, which does not change, so in practice
they are the same too).

``--measure`` then times ``transkit history`` on it: a first run (no cache), a repeated run, and
a run after ten more commits, and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import LANGUAGES, generate, pseudo_translate  # noqa: E402

from transkit.core.po.pofile import format_po  # noqa: E402

TEAM = {
    "hy": ["Anahit Sargsyan", "Tigran Petrosyan", "Lilit Hakobyan"],
    "de": ["Jonas Becker", "Mia Wagner"],
    "ru": ["Olga Ivanova", "Dmitri Sokolov", "Irina Volkova"],
}
EDITOR = "Eva Editor"


def email(name: str) -> str:
    return name.lower().replace(" ", ".") + "@example.org"


class Repo:
    def __init__(self, root: Path, start: date) -> None:
        self.root = root
        self.day = start
        self.commits = 0

    def git(self, *args: str, who: str = EDITOR, committer: str | None = None) -> None:
        stamp = f"{self.day.isoformat()}T12:00:00+00:00"
        committer = committer or who
        env = {**os.environ, "GIT_AUTHOR_NAME": who, "GIT_AUTHOR_EMAIL": email(who),
               "GIT_COMMITTER_NAME": committer, "GIT_COMMITTER_EMAIL": email(committer),
               "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp,
               "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
        done = subprocess.run(["git", *args], cwd=self.root, env=env, check=False,
                              capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"git {' '.join(args)}: {done.stderr.strip()}")

    def commit(self, message: str, *, who: str) -> None:
        """Commit what changed (nothing, once a small corpus is all translated: no commit)."""
        self.git("add", "-A", who=who)
        if subprocess.run(["git", "diff", "--cached", "--quiet"], cwd=self.root,
                          check=False).returncode == 0:
            return
        self.git("commit", "-q", "-m", message, who=who)
        self.commits += 1


def translate_some(path: Path, lang: str, rng: random.Random, *, most: int,
                   translator: str | None = None) -> int:
    """Translate (or confirm) up to `most` open entries of one catalog; returns how many."""
    catalog = polib.pofile(str(path), wrapwidth=79, check_for_duplicates=False)
    open_entries = [e for e in catalog if not e.obsolete and e.msgid
                    and (not e.msgstr or "fuzzy" in e.flags)]
    done = 0
    for entry in rng.sample(open_entries, min(most, len(open_entries))):
        entry.msgstr = pseudo_translate(entry.msgid, lang)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
        done += 1
    if translator is not None:
        catalog.metadata["Last-Translator"] = f"{translator} <{email(translator)}>"
    path.write_text(format_po(catalog), encoding="utf-8")
    return done


def edit_english(root: Path, rng: random.Random) -> str:
    """Change one paragraph of one article and add another; returns the article's slug."""
    sources = sorted((root / "sources").glob("*.md"))
    source = rng.choice(sources)
    text = source.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    body = [i for i, p in enumerate(paragraphs) if p and p[0].isalpha() and len(p) > 80]
    if body:
        i = rng.choice(body)
        words = paragraphs[i].split(" ")
        words[rng.randrange(len(words))] = rng.choice(["notably", "reportedly", "again"])
        paragraphs[i] = " ".join(words)
        paragraphs.insert(i + 1, " ".join(rng.choice(words) for _ in range(30)).capitalize()
                          + ".")
    source.write_text("\n\n".join(paragraphs), encoding="utf-8")
    return source.stem


def catalogs_of(root: Path, lang: str) -> list[Path]:
    return sorted((root / "locales" / lang).glob("*.po"))


def translator_commit(repo: Repo, rng: random.Random, lang: str, who: str) -> None:
    for path in rng.sample(catalogs_of(repo.root, lang), rng.randint(1, 4)):
        translate_some(path, lang, rng, most=rng.randint(2, 8), translator=who)
    repo.commit(f"{lang}: translations", who=who)


def make(out: Path, *, corpus: Path | None, articles: int, commits: int, seed: int) -> Repo:
    if out.exists():
        shutil.rmtree(out)
    if corpus is None:
        corpus = out.parent / f"{out.name}-corpus"
        if not (corpus / "base").is_dir():
            generate(corpus, articles=articles, big_paragraphs=10, seed=seed)
    shutil.copytree(corpus / "base", out)
    (out / ".gitignore").write_text(".transkit-cache/\n.transkit.lock\nbuild/\n",
                                    encoding="utf-8")
    repo = Repo(out, date(2023, 1, 2))
    repo.git("init", "-q", "-b", "main")
    repo.commit("the publication and its catalogs", who=EDITOR)
    rng = random.Random(f"{seed}:history")
    for _ in range(commits * 4):  # a small corpus may run out of work
        if repo.commits >= commits + 1:
            break
        repo.day += timedelta(days=rng.choice([0, 1, 1, 1, 2, 3]))
        n = repo.commits
        lang = rng.choice(LANGUAGES)
        if n % 10 == 0:
            slug = edit_english(out, rng)
            sync_article(out, slug)
            repo.commit(f"English: {slug} revised", who=EDITOR)
        elif n % 15 == 0:
            branch = f"work-{n}"
            repo.git("checkout", "-q", "-b", branch)
            for who in rng.sample(TEAM[lang], 2):
                translator_commit(repo, rng, lang, who)
            repo.git("checkout", "-q", "main")
            repo.day += timedelta(days=1)
            repo.git("merge", "-q", "--no-ff", "-m", f"merge {branch}", branch)
            repo.git("branch", "-q", "-D", branch)
            repo.commits += 1
        elif n % 25 == 0:
            for who in rng.sample(TEAM[lang], 2):
                for path in rng.sample(catalogs_of(out, lang), 2):
                    translate_some(path, lang, rng, most=5, translator=who)
            repo.commit(f"{lang}: the team's work of the week", who=EDITOR)
        else:
            translator_commit(repo, rng, lang, rng.choice(TEAM[lang]))
    return repo


def sync_article(root: Path, slug: str) -> None:
    from transkit.cli import main as transkit_main

    code = transkit_main(["--root", str(root), "sync", "--quiet", slug])
    if code != 0:
        raise SystemExit(f"transkit sync {slug} failed (exit status {code})")


def timed(root: Path, *args: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds (this process's children) of one `transkit history`."""
    before = os.times()
    start = time.perf_counter()
    # the report goes beside the repository (never to /dev/null: --output replaces a file
    # atomically, and would replace the device with a file)
    report = root.parent / f"{root.name}-history.json"
    subprocess.run([sys.executable, "-m", "transkit", "--root", str(root), "history",
                    "--format", "json", "--output", str(report), *args], check=True,
                   stderr=subprocess.DEVNULL)
    after = os.times()
    return (time.perf_counter() - start,
            after.children_user - before.children_user
            + after.children_system - before.children_system)


def measure(repo: Repo, *, more: int, seed: int) -> str:
    root = repo.root
    shutil.rmtree(root / ".transkit-cache", ignore_errors=True)
    rows = [("first run (no cache)", *timed(root)), ("repeated run", *timed(root))]
    rng = random.Random(f"{seed}:more")
    for _ in range(more):
        repo.day += timedelta(days=1)
        lang = rng.choice(LANGUAGES)
        translator_commit(repo, rng, lang, rng.choice(TEAM[lang]))
    rows.append((f"after {more} more commits", *timed(root)))
    rows.append(("repeated run, by week", *timed(root, "--by", "week")))
    count = subprocess.run(["git", "-C", str(root), "rev-list", "--count", "HEAD"],
                           capture_output=True, text=True, check=True).stdout.strip()
    lines = [f"`transkit history` on {count} commits ({root}):", "",
             "| run | wall s | CPU s |", "|---|---:|---:|"]
    lines += [f"| {name} | {wall:.2f} | {cpu:.2f} |" for name, wall, cpu in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, default=None,
                        help="a corpus.py output to start from (default: made beside OUT)")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--measure", action="store_true")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the repository OUT made before (ten commits are added)")
    args = parser.parse_args(argv)
    if args.reuse:
        last = subprocess.run(["git", "-C", str(args.out), "log", "-1", "--format=%ad",
                               "--date=short"], capture_output=True, text=True, check=True)
        repo = Repo(args.out, date.fromisoformat(last.stdout.strip()))
    else:
        repo = make(args.out, corpus=args.corpus, articles=args.articles,
                    commits=args.commits, seed=args.seed)
    print(f"{args.out}: {repo.commits} commits, up to {repo.day.isoformat()}")
    if args.measure:
        print(measure(repo, more=10, seed=args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
