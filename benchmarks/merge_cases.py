"""Merges of translated catalogs on real git repositories: the cases, and how to judge a result.

Shared by `tests/test_merge_git.py` (transkit's driver must get every case right) and
`benchmarks/compare_merge_peers.py` (the same cases through a msgcat-based driver and git's own
text merge). Each case starts from the bundled project (its German catalog), makes a branch
`translator` where a translator works, and changes `main` (a translator, or an editor who edits
the English and runs `transkit sync`). Both sides are always in step with their own sources.
Then `main` merges `translator` (or `translator` is rebased onto `main`) with one driver, and
the German catalog that results is judged:

- **conflict**: git stopped (the driver or the text merge could not merge the file);
- **wrong finished translations**: a live entry translated and not fuzzy whose translation no
  version held, finished, for that English (a translation made for other English, unflagged);
- **lost translations**: a translation written on either side that is nowhere in the result,
  neither as a msgstr nor in a comment;
- **case**: what the case itself expects (a clash is fuzzy, a carried translation is fuzzy and
  names the English it was made for, ...);
- **sync clean**: `transkit sync --dry-run` finds nothing to change after the merge.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib

from transkit.cli import main as transkit_main
from transkit.core.po.pofile import format_po, parse_po

ROOT = Path(__file__).resolve().parent.parent
SLUG = "russias-complicity-nagorno-karabakh"
SOURCE = f"sources/{SLUG}.md"
CATALOG = f"locales/de/{SLUG}.po"
TRANSKIT = f"{shlex.quote(sys.executable)} -m transkit"


# --- a repository ------------------------------------------------------------------------------


@dataclass
class Repo:
    """A git repository holding a copy of the bundled project."""

    root: Path
    env: dict[str, str]

    @classmethod
    def create(cls, root: Path, *, copy_of: Path | None = None) -> Repo:
        """A new repository with the bundled project committed on `main`, or a copy of the
        repository `copy_of` (git's own files included)."""
        if copy_of is not None:
            shutil.copytree(copy_of, root, symlinks=True)
        else:
            root.mkdir(parents=True)
            shutil.copy(ROOT / "transkit.toml", root / "transkit.toml")
            shutil.copytree(ROOT / "sources", root / "sources")
            shutil.copytree(ROOT / "locales", root / "locales")
            (root / ".gitignore").write_text(".transkit-cache/\n.transkit.lock\n",
                                             encoding="utf-8")
        home = root.parent / f"{root.name}-home"
        home.mkdir()
        env = {**os.environ, "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1",
               "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
               "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
               "GIT_EDITOR": "true", "PYTHONPATH": str(ROOT / "src")}
        env.pop("GIT_DIR", None)
        env.pop("GIT_WORK_TREE", None)
        repo = cls(root, env)
        if copy_of is None:
            repo.git("init", "-q", "-b", "main")
            repo.git("config", "commit.gpgsign", "false")
        return repo

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(["git", *args], cwd=self.root, env=self.env, capture_output=True,
                              text=True, check=False)
        if check and done.returncode != 0:
            raise RuntimeError(f"git {' '.join(args)}: {done.stdout}{done.stderr}")
        return done

    def transkit(self, *args: str) -> tuple[int, str]:
        """transkit in-process on this project: exit status and what it printed."""
        shutil.rmtree(self.root / ".transkit-cache", ignore_errors=True)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = transkit_main(["--root", str(self.root), *args])
        return code, out.getvalue() + err.getvalue()

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def read(self, path: str = CATALOG) -> str:
        return (self.root / path).read_text(encoding="utf-8")

    def catalog(self, path: str = CATALOG) -> polib.POFile:
        return parse_po(self.read(path), path=path)

    def edit_catalog(self, change: Callable[[polib.POFile], None], path: str = CATALOG) -> None:
        """A translator's edit, saved as a PO editor saves it (gettext's layout)."""
        catalog = self.catalog(path)
        change(catalog)
        (self.root / path).write_text(format_po(catalog), encoding="utf-8")

    def edit_source(self, old: str, new: str) -> None:
        """An editor's change to the English, then `transkit sync`, as the workflow asks."""
        path = self.root / SOURCE
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        code, out = self.transkit("sync")
        assert code == 0, out


def entry(catalog: polib.POFile, start: str, *, obsolete: bool | None = False) -> polib.POEntry:
    """The entry whose English starts with `start` (live ones unless `obsolete` says)."""
    found = [e for e in catalog if e.msgid.startswith(start)
             and (obsolete is None or bool(e.obsolete) is obsolete)]
    assert len(found) == 1, (start, len(found))
    return found[0]


def translate(start: str, text: str, *, fuzzy: bool = False) -> Callable[[polib.POFile], None]:
    def change(catalog: polib.POFile) -> None:
        found = entry(catalog, start)
        found.msgstr = text
        found.flags = [f for f in found.flags if f != "fuzzy"] + (["fuzzy"] if fuzzy else [])
        if not fuzzy:
            found.previous_msgid = None
    return change


def stamp(date: str, translator: str) -> Callable[[polib.POFile], None]:
    """What a PO editor writes into the header on saving."""
    def change(catalog: polib.POFile) -> None:
        catalog.metadata["PO-Revision-Date"] = date
        catalog.metadata["Last-Translator"] = translator
    return change


def both(*changes: Callable[[polib.POFile], None]) -> Callable[[polib.POFile], None]:
    def change(catalog: polib.POFile) -> None:
        for one in changes:
            one(catalog)
    return change


# --- the cases ---------------------------------------------------------------------------------

# Paragraphs of the sample article, by the words they start with.
P_MONTH = "A month after the ceasefire deal"
P_AUGUST = "In August 2022"
P_MIDJUNE = "Until mid-June"
P_NOVEMBER = "In November, 2020"
P_FEBRUARY = "In February 2021"
P_SPITE = "In spite of an order"
P_SUMMER = "In summer 2023"
P_INACTION = "Inaction of Russian peacekeepers"
P_WHILE = "While conducting an aggressive war"
P_FINALLY = "Finally, Russian peacekeepers"
P_INSERTED = "This paragraph was added by the editor on main."


@dataclass(frozen=True)
class Case:
    """A merge scenario: the base, then a translator's branch and main, each committed."""

    name: str
    what: str
    prepare: Callable[[Repo], None]  # the base, before its commit
    branch: Callable[[Repo], None]  # the translator's branch
    main: Callable[[Repo], None]
    expect: Callable[[polib.POFile], list[str]]  # problems with a merged result; [] when right


def _untranslate(*starts: str) -> Callable[[Repo], None]:
    def prepare(repo: Repo) -> None:
        def change(catalog: polib.POFile) -> None:
            for start in starts:
                entry(catalog, start).msgstr = ""
        repo.edit_catalog(change)
    return prepare


def _nothing(repo: Repo) -> None:
    return None


def _steps(*steps: Callable[[Repo], None]) -> Callable[[Repo], None]:
    def run(repo: Repo) -> None:
        for step in steps:
            step(repo)
    return run


def _check(*pairs: tuple[bool, str]) -> list[str]:
    return [message for ok, message in pairs if not ok]


def _expect_translated(start: str, text: str) -> Callable[[polib.POFile], list[str]]:
    def expect(result: polib.POFile) -> list[str]:
        found = entry(result, start)
        return _check((found.msgstr == text and "fuzzy" not in found.flags,
                       f"'{start}' should be translated as '{text}', not fuzzy"))
    return expect


def _expect_all(*expects: Callable[[polib.POFile], list[str]]) -> Callable[[polib.POFile],
                                                                         list[str]]:
    def expect(result: polib.POFile) -> list[str]:
        return [problem for one in expects for problem in one(result)]
    return expect


def _expect_clash(start: str, texts: tuple[str, str]) -> Callable[[polib.POFile], list[str]]:
    def expect(result: polib.POFile) -> list[str]:
        found = entry(result, start)
        return _check(("fuzzy" in found.flags, f"'{start}': two translations, so fuzzy"),
                      (found.msgstr in texts, f"'{start}': one of the two as msgstr"),
                      (all(t in found.msgstr or t in found.tcomment for t in texts),
                       f"'{start}': the other translation in a comment"))
    return expect


def _expect_carried(new_start: str, old_english_start: str,
                    text: str) -> Callable[[polib.POFile], list[str]]:
    def expect(result: polib.POFile) -> list[str]:
        found = entry(result, new_start)
        return _check(
            (found.msgstr == text, f"'{new_start}': the branch's translation carried over"),
            ("fuzzy" in found.flags, f"'{new_start}': carried to new English, so fuzzy"),
            ((found.previous_msgid or "").startswith(old_english_start),
             f"'{new_start}': '#|' names the English the translation was made for"))
    return expect


def _expect_header(date: str, translator: str) -> Callable[[polib.POFile], list[str]]:
    def expect(result: polib.POFile) -> list[str]:
        return _check((result.metadata.get("PO-Revision-Date") == date
                       and result.metadata.get("Last-Translator") == translator,
                       f"header: the later revision ({date}, {translator})"))
    return expect


def _expect_obsolete(start: str, text: str) -> Callable[[polib.POFile], list[str]]:
    def expect(result: polib.POFile) -> list[str]:
        live = [e for e in result if e.msgid.startswith(start) and not e.obsolete]
        gone = [e for e in result if e.msgid.startswith(start) and e.obsolete]
        return _check((not live, f"'{start}': its English is gone, so no live entry"),
                      (len(gone) == 1 and gone[0].msgstr == text,
                       f"'{start}': the branch's translation kept, obsolete"))
    return expect


NEW_MONTH = "Einen Monat nach dem Waffenstillstand (Zweig)"
NEW_AUGUST = "Im August 2022 (Zweig)"
NEW_MIDJUNE_A = "Bis Mitte Juni (Übersetzerin A)"
NEW_MIDJUNE_B = "Bis Mitte Juni (Übersetzer B)"
NEW_NOVEMBER = "Im November 2020 vermittelte Russland (überarbeitet)"
NEW_FEBRUARY = "Im Februar 2021 verboten russische Friedenstruppen (neu)"
NEW_SPITE = "Trotz einer Anordnung des IGH (überarbeitet)"
NEW_SUMMER = "Im Sommer 2023 (neu übersetzt)"
NEW_INACTION = "Die Untätigkeit der russischen Friedenstruppen (main)"

DATE_BRANCH = "2024-03-02 10:00+0100"
DATE_MAIN = "2024-03-01 18:30+0100"
ANNA = "Anna Translator <anna@example.org>"
BORIS = "Boris Translator <boris@example.org>"

CASES: tuple[Case, ...] = (
    Case("independent-edits",
         "each side translates a different entry; main's editor also changes other English",
         _untranslate(P_MONTH, P_AUGUST),
         lambda r: r.edit_catalog(translate(P_AUGUST, NEW_AUGUST)),
         _steps(lambda r: r.edit_catalog(translate(P_MONTH, NEW_MONTH)),
                lambda r: r.edit_source("the ICRC were allowed", "the ICRC were permitted")),
         _expect_all(_expect_translated(P_AUGUST, NEW_AUGUST),
                     _expect_translated(P_MONTH, NEW_MONTH))),
    Case("header-dates",
         "each side translates a different entry and its editor stamps the header",
         _untranslate(P_MONTH, P_AUGUST),
         lambda r: r.edit_catalog(both(translate(P_AUGUST, NEW_AUGUST),
                                       stamp(DATE_BRANCH, ANNA))),
         lambda r: r.edit_catalog(both(translate(P_MONTH, NEW_MONTH), stamp(DATE_MAIN, BORIS))),
         _expect_all(_expect_header(DATE_BRANCH, ANNA),
                     _expect_translated(P_AUGUST, NEW_AUGUST),
                     _expect_translated(P_MONTH, NEW_MONTH))),
    Case("clashing-translations",
         "both sides translate the same untranslated entry differently",
         _untranslate(P_MIDJUNE),
         lambda r: r.edit_catalog(translate(P_MIDJUNE, NEW_MIDJUNE_A)),
         lambda r: r.edit_catalog(translate(P_MIDJUNE, NEW_MIDJUNE_B)),
         _expect_clash(P_MIDJUNE, (NEW_MIDJUNE_A, NEW_MIDJUNE_B))),
    Case("translation-vs-changed-english",
         "the branch revises a translation; main changes that English and syncs (drift)",
         _nothing,
         lambda r: r.edit_catalog(translate(P_NOVEMBER, NEW_NOVEMBER)),
         lambda r: r.edit_source("In November, 2020, Russia mediated",
                                 "In November 2020, Russia brokered"),
         _expect_carried("In November 2020, Russia brokered", P_NOVEMBER, NEW_NOVEMBER)),
    Case("new-translation-vs-changed-english",
         "the branch translates an untranslated entry; main changes that English and syncs",
         _untranslate(P_FEBRUARY),
         lambda r: r.edit_catalog(translate(P_FEBRUARY, NEW_FEBRUARY)),
         # a word of the same length: only the msgid's first line changes, so a text merge
         # joins it cleanly to the branch's msgstr below (python-docs-fr's silent wrong merge)
         lambda r: r.edit_source("In February 2021, Russian peacekeepers banned",
                                 "In February 2021, Russian peacekeepers barred"),
         _expect_carried("In February 2021, Russian peacekeepers barred", P_FEBRUARY,
                         NEW_FEBRUARY)),
    Case("deleted-vs-translated",
         "the branch revises a translation; main deletes that paragraph and syncs (obsolete)",
         _nothing,
         lambda r: r.edit_catalog(translate(P_SPITE, NEW_SPITE)),
         lambda r: _delete_paragraph(r, P_SPITE),
         _expect_obsolete(P_SPITE, NEW_SPITE)),
    Case("deleted-untranslated-vs-translated",
         "the branch translates an untranslated entry; main deletes that paragraph and syncs",
         _untranslate(P_SUMMER),
         lambda r: r.edit_catalog(translate(P_SUMMER, NEW_SUMMER)),
         lambda r: _delete_paragraph(r, P_SUMMER),
         _expect_obsolete(P_SUMMER, NEW_SUMMER)),
    Case("both-sides-synced",
         "each side's editor changes different English and syncs; main's translator works too",
         _untranslate(P_INACTION),
         lambda r: r.edit_source("While conducting an aggressive war of narratives",
                                 "While waging an aggressive war of narratives"),
         _steps(lambda r: r.edit_source("Finally, Russian peacekeepers did not prevent",
                                        "In the end, Russian peacekeepers did not prevent"),
                lambda r: r.edit_catalog(translate(P_INACTION, NEW_INACTION))),
         _expect_all(_expect_translated(P_INACTION, NEW_INACTION),
                     lambda c: _check((bool(entry(c, "While waging").msgstr),
                                       "the branch's drifted entry keeps its translation"),
                                      (bool(entry(c, "In the end").msgstr),
                                       "main's drifted entry keeps its translation")))),
    Case("both-synced-lines-moved",
         "main inserts a paragraph near the top and syncs; the branch's editor changes English "
         "further down and syncs, its translator translates",
         _untranslate(P_INACTION),
         _steps(lambda r: r.edit_source("While conducting an aggressive war of narratives",
                                        "While waging an aggressive war of narratives"),
                lambda r: r.edit_catalog(translate(P_INACTION, NEW_INACTION))),
         lambda r: r.edit_source("\n\nIn the aftermath of the military offensive",
                                 f"\n\n{P_INSERTED}\n\nIn the aftermath of the military "
                                 "offensive"),
         _expect_all(_expect_translated(P_INACTION, NEW_INACTION),
                     lambda c: _check((entry(c, "While waging").occurrences
                                       == [(SOURCE, "58")],
                                       "the branch's new English at its line in the merged "
                                       "source"),
                                      (entry(c, P_INSERTED).msgstr == "",
                                       "main's new paragraph, untranslated")))),
)


def _delete_paragraph(repo: Repo, start: str) -> None:
    path = repo.root / SOURCE
    lines = path.read_text(encoding="utf-8").split("\n")
    (number,) = [n for n, line in enumerate(lines) if line.startswith(start)]
    del lines[number:number + 2]  # the paragraph and the blank line after it
    path.write_text("\n".join(lines), encoding="utf-8")
    code, out = repo.transkit("sync")
    assert code == 0, out


# --- running a case ----------------------------------------------------------------------------


class Driver:
    """How git merges the catalogs: transkit, a msgcat-based driver, or git's text merge."""

    TRANSKIT = "transkit merge-po"
    MSGCAT = "msgcat driver (Weblate's git-merge-gettext-po)"
    TEXT = "git text merge"


def configure(repo: Repo, driver: str) -> None:
    if driver == Driver.TRANSKIT:
        code, out = repo.transkit("setup-git", "--command", TRANSKIT)
        assert code == 0, out
    elif driver == Driver.MSGCAT:
        script = ROOT / "benchmarks" / "msgcat_merge_driver.py"
        # transkit.sum merged as setup-git has it merged: the comparison is of the catalogs
        (repo.root / ".gitattributes").write_text(
            "locales/**/*.po merge=msgcat-po\ntranskit.sum merge=union\n", encoding="utf-8")
        repo.git("config", "merge.msgcat-po.driver",
                 f"{shlex.quote(sys.executable)} {shlex.quote(str(script))} %O %A %B %P")


def prepare_case(repo: Repo, case: Case, driver: str) -> None:
    """The base commit (with the driver's set-up), the translator's branch, then main."""
    configure(repo, driver)
    case.prepare(repo)
    code, out = repo.transkit("sync")
    assert code == 0, out
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "translator")
    case.branch(repo)
    repo.commit("translator's work")
    repo.git("checkout", "-q", "main")
    case.main(repo)
    repo.commit("main's work")


@dataclass(frozen=True)
class Outcome:
    conflict: bool
    wrong: tuple[str, ...]  # English of entries with a wrong finished translation
    lost: tuple[str, ...]  # translations written on a side and missing from the result
    problems: tuple[str, ...]  # the case's own expectations not met
    sync_clean: bool | None  # None: not asked (conflict)
    text: str

    @property
    def correct(self) -> bool:
        return not self.conflict and not self.wrong and not self.lost and not self.problems


def run_case(repo: Repo, case: Case, *, rebase: bool = False,
             resolve: bool = False) -> Outcome:
    """Merge `translator` into `main` (or rebase it onto `main`) and judge the catalog. With
    `resolve`, catalogs left with conflict markers are repaired by `transkit resolve` and the
    merge is concluded."""
    sides = {name: parse_po(repo.git("show", f"{name}:{CATALOG}").stdout, path=name)
             for name in ("main", "translator")}
    base_ref = repo.git("merge-base", "main", "translator").stdout.strip()
    base = parse_po(repo.git("show", f"{base_ref}:{CATALOG}").stdout, path="base")
    if rebase:
        repo.git("checkout", "-q", "translator")
        done = repo.git("rebase", "main", check=False)
    else:
        done = repo.git("merge", "--no-edit", "translator", check=False)
    if resolve and done.returncode != 0:
        done = resolve_conflicts(repo, rebase=rebase)
    text = repo.read()
    unmerged = repo.git("ls-files", "-u").stdout.strip()
    if done.returncode != 0 or unmerged or "<<<<<<<" in text:
        return Outcome(True, (), (), (), None, text)
    return judge(repo, case, base, sides, text)


def resolve_conflicts(repo: Repo, *, rebase: bool) -> subprocess.CompletedProcess[str]:
    """`transkit resolve` on every conflicted catalog, then conclude the merge (or rebase)."""
    conflicted = repo.git("diff", "--name-only", "--diff-filter=U").stdout.split()
    # the catalogs, and transkit.sum (sync's record of catalogs in step: both sides' lines)
    catalogs = [name for name in conflicted if name.endswith(".po") or name == "transkit.sum"]
    if not catalogs or len(catalogs) != len(conflicted):
        return subprocess.CompletedProcess([], 1, "", "other files in conflict")
    code, out = repo.transkit("resolve", *(str(repo.root / name) for name in catalogs))
    if code != 0:
        return subprocess.CompletedProcess([], code, out, "")
    repo.git("add", *catalogs)
    if rebase:
        return repo.git("-c", "core.editor=true", "rebase", "--continue", check=False)
    return repo.git("commit", "-q", "--no-edit", check=False)


def lost_translations(base: polib.POFile, sides: list[polib.POFile],
                      result: polib.POFile) -> list[str]:
    """Every translation of either side that is in the result neither as a msgstr nor in a
    comment; a base translation that a side replaced (a translator's own change) is not lost."""
    kept = [e.msgstr for e in result] + [e.tcomment for e in result]
    theirs = {(e.msgctxt, e.msgid): e.msgstr for side in sides for e in side}
    replaced = {e.msgstr for e in base
                if any(side_entry.msgstr != e.msgstr
                       for side in sides for side_entry in side
                       if (side_entry.msgctxt, side_entry.msgid) == (e.msgctxt, e.msgid))
                or (e.msgctxt, e.msgid) not in theirs}
    return sorted({e.msgstr for side in sides for e in side
                   if e.msgstr and e.msgstr not in replaced
                   and not any(e.msgstr in k for k in kept)})


def judge(repo: Repo, case: Case, base: polib.POFile, sides: dict[str, polib.POFile],
          text: str) -> Outcome:
    """A merged catalog against the versions it came from and the case's expectations."""
    result = parse_po(text, path=CATALOG)
    versions = [base, *sides.values()]
    finished = {(e.msgid, e.msgstr) for v in versions for e in v
                if e.msgstr and "fuzzy" not in e.flags and not e.obsolete}
    wrong = tuple(e.msgid[:40] for e in result if e.msgid and e.msgstr and not e.obsolete
                  and "fuzzy" not in e.flags and (e.msgid, e.msgstr) not in finished)
    lost = tuple(lost_translations(base, list(sides.values()), result))
    code, _ = repo.transkit("sync", "--dry-run")
    return Outcome(False, wrong, lost, tuple(case.expect(result)), code == 0, text)
