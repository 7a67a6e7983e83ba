"""`transkit history`: every figure of a repository built commit by commit with known work.

The repository (dates through GIT_AUTHOR_DATE and GIT_COMMITTER_DATE, all at noon UTC):

    C1 2024-01-10 Editor  sources/a.txt (P1 3 words, P2 4 words); de/a.po, hy/a.po untranslated
    C2 2024-01-20 Anna    de: P1 translated                                  (Anna new 3)
    C3 2024-02-05 Boris   on branch feature, from C2: hy: P1, P2 translated (Boris new 7)
    C4 2024-02-10 Anna    de: P2 translated, P1 revised                 (Anna new 4, revised 3)
    M1 2024-02-12 Editor  merges feature (no work of its own: Boris is not counted twice)
    C5 2024-03-03 Editor  the English gains P3 (2 words); both catalogs get it untranslated
    C6 2024-03-10 Anna    on branch topic, from C5: de: P3 translated             (Anna new 2)
    C7 2024-03-12 Editor  on main: article a renamed b (source and catalogs; nobody's work)
       topic rebased onto C7 (C6' authored 2024-03-10, committed 2024-03-15), main fast-forwards
    C8 2024-04-02 Editor  a bulk commit of two translators' work, told by Last-Translator:
                          hy/b.po P3 (Boris new 2); new article c (P4, 5 words), de/c.po
                          translated (Clara new 5), hy/c.po untranslated
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from transkit.core.po.pofile import format_po, parse_po
from transkit.core.report.history import (
    Period,
    Work,
    entries_of,
    period_bounds,
    period_of,
    periods_between,
    work_between,
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

P1, P2, P3, P4 = ("one two three", "four five six seven", "eight nine",
                  "ten eleven twelve thirteen fourteen")
PEOPLE = {"Editor": "editor@example.org", "Anna": "anna@example.org",
          "Boris": "boris@example.org", "Clara": "clara@example.org"}


def po(lang: str, entries: list[tuple[str, str]], *, translator: str = "") -> str:
    """A catalog: (English, translation) pairs, '' for untranslated."""
    last = f"{translator} <{PEOPLE[translator]}>" if translator else "FULL NAME <EMAIL@ADDRESS>"
    lines = ['msgid ""', 'msgstr ""', f'"Last-Translator: {last}\\n"', f'"Language: {lang}\\n"',
             '"MIME-Version: 1.0\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"',
             '"Content-Transfer-Encoding: 8bit\\n"', ""]
    for english, target in entries:
        lines += [f'msgid "{english}"', f'msgstr "{target}"', ""]
    return "\n".join(lines)


class Repo:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir()
        self.git("init", "-q", "-b", "main")
        (root / "transkit.toml").write_text('languages = ["de", "hy"]\n', encoding="utf-8")

    def git(self, *args: str, day: str = "2024-01-01", who: str = "Editor") -> str:
        stamp = f"{day}T12:00:00+00:00"
        env = {**os.environ, "GIT_AUTHOR_NAME": who, "GIT_AUTHOR_EMAIL": PEOPLE[who],
               "GIT_COMMITTER_NAME": who, "GIT_COMMITTER_EMAIL": PEOPLE[who],
               "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp,
               "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
        done = subprocess.run(["git", *args], cwd=self.root, env=env, capture_output=True,
                              text=True, check=True)
        return done.stdout

    def write(self, files: dict[str, str | None]) -> None:
        for name, text in files.items():
            path = self.root / name
            if text is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")

    def commit(self, day: str, who: str, files: dict[str, str | None]) -> None:
        self.write(files)
        self.git("add", "-A", day=day, who=who)
        self.git("commit", "-q", "-m", f"{who} on {day}", day=day, who=who)


def build(root: Path) -> Repo:
    repo = Repo(root)
    two = f"{P1}\n\n{P2}\n"
    repo.commit("2024-01-10", "Editor", {
        "sources/a.txt": two,
        "locales/de/a.po": po("de", [(P1, ""), (P2, "")]),
        "locales/hy/a.po": po("hy", [(P1, ""), (P2, "")]),
    })
    repo.commit("2024-01-20", "Anna", {"locales/de/a.po": po("de", [(P1, "eins"), (P2, "")])})
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("2024-02-05", "Boris", {
        "locales/hy/a.po": po("hy", [(P1, "mek"), (P2, "erku")], translator="Boris")})
    repo.git("checkout", "-q", "main")
    repo.commit("2024-02-10", "Anna", {
        "locales/de/a.po": po("de", [(P1, "eins zwei"), (P2, "vier")])})
    repo.git("merge", "-q", "--no-ff", "-m", "merge feature", "feature", day="2024-02-12")
    three = f"{P1}\n\n{P2}\n\n{P3}\n"
    repo.commit("2024-03-03", "Editor", {
        "sources/a.txt": three,
        "locales/de/a.po": po("de", [(P1, "eins zwei"), (P2, "vier"), (P3, "")]),
        "locales/hy/a.po": po("hy", [(P1, "mek"), (P2, "erku"), (P3, "")], translator="Boris"),
    })
    repo.git("checkout", "-q", "-b", "topic")
    repo.commit("2024-03-10", "Anna", {
        "locales/de/a.po": po("de", [(P1, "eins zwei"), (P2, "vier"), (P3, "acht")])})
    repo.git("checkout", "-q", "main")
    repo.git("mv", "sources/a.txt", "sources/b.txt")
    repo.git("mv", "locales/de/a.po", "locales/de/b.po")
    repo.git("mv", "locales/hy/a.po", "locales/hy/b.po")
    repo.git("commit", "-q", "-m", "rename a to b", day="2024-03-12")
    # the rebase: Anna's commit keeps its author date, gets a new committer date
    repo.git("checkout", "-q", "topic")
    env_day = "2024-03-15"
    repo.git("rebase", "-q", "main", day=env_day)
    assert (repo.root / "locales/de/b.po").read_text(encoding="utf-8").count("acht") == 1
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--ff-only", "topic")
    repo.git("branch", "-q", "-D", "topic", "feature")
    repo.commit("2024-04-02", "Editor", {
        "locales/hy/b.po": po("hy", [(P1, "mek"), (P2, "erku"), (P3, "ut")], translator="Boris"),
        "sources/c.txt": f"{P4}\n",
        "locales/de/c.po": po("de", [(P4, "zehn")], translator="Clara"),
        "locales/hy/c.po": po("hy", [(P4, "")]),
    })
    return repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return build(tmp_path_factory.mktemp("history") / "repo")


def report(run: Callable[..., object], root: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = run("--root", root, "history", "--format", "json", *args)
    assert result.code == 0, result.err  # type: ignore[attr-defined]
    return json.loads(result.out)  # type: ignore[attr-defined,no-any-return]


def test_the_rebase_left_one_copy_of_annas_commit(repo: Repo) -> None:
    log = repo.git("log", "--format=%an %ad %cd", "--date=short", "main")
    assert log.count("Anna 2024-03-10 2024-03-15") == 1
    assert "Anna 2024-03-10 2024-03-10" not in log


def test_editions_per_month(run, repo: Repo) -> None:  # type: ignore[no-untyped-def]
    data = report(run, repo.root)
    assert data["first"] == "2024-01-10" and data["last"] == "2024-04-02"
    assert data["english_from"] == "sources"
    rows = {(r["period"], r["language"]): r for r in data["languages"]}
    assert [(r["period"], r["language"]) for r in data["languages"]] == [
        (m, lang) for m in ("2024-01", "2024-02", "2024-03", "2024-04") for lang in ("de", "hy")]
    expected = {
        # (catalogs, final, entries total/translated/fuzzy/untranslated, words: source,
        #  translated, fuzzy, untranslated, change, English added)
        ("2024-01", "de"): (1, 0, 2, 1, 0, 1, 7, 3, 0, 4, 3, 7),
        ("2024-01", "hy"): (1, 0, 2, 0, 0, 2, 7, 0, 0, 7, 0, 7),
        ("2024-02", "de"): (1, 1, 2, 2, 0, 0, 7, 7, 0, 0, 4, 0),
        ("2024-02", "hy"): (1, 1, 2, 2, 0, 0, 7, 7, 0, 0, 7, 0),
        ("2024-03", "de"): (1, 1, 3, 3, 0, 0, 9, 9, 0, 0, 2, 2),
        ("2024-03", "hy"): (1, 0, 3, 2, 0, 1, 9, 7, 0, 2, 0, 2),
        ("2024-04", "de"): (2, 2, 4, 4, 0, 0, 14, 14, 0, 0, 5, 5),
        ("2024-04", "hy"): (2, 1, 4, 3, 0, 1, 14, 9, 0, 5, 2, 5),
    }
    keys = ("catalogs", "final", "total", "translated", "fuzzy", "untranslated", "source_words",
            "translated_words", "fuzzy_words", "untranslated_words", "translated_change",
            "english_added")
    for where, figures in expected.items():
        assert tuple(rows[where][k] for k in keys) == figures, where
    assert rows[("2024-03", "hy")]["words_percent"] == round(100 * 7 / 9, 2)
    assert rows[("2024-04", "hy")]["final_percent"] == 50.0
    assert rows[("2024-02", "de")]["end"] == "2024-02-29"


def test_translators_per_month_and_the_rule_that_credited_them(run, repo: Repo) -> None:  # type: ignore[no-untyped-def]
    data = report(run, repo.root)
    got = {(t["period"], t["translator"]): (t["new_words"], t["new_entries"], t["revised_words"],
                                            t["revised_entries"], t["commits"], t["rules"])
           for t in data["translators"]}
    assert got == {
        ("2024-01", "Anna <anna@example.org>"): (3, 1, 0, 0, 1, ["author"]),
        ("2024-02", "Anna <anna@example.org>"): (4, 1, 3, 1, 1, ["author"]),
        ("2024-02", "Boris <boris@example.org>"): (7, 2, 0, 0, 1, ["author"]),
        ("2024-03", "Anna <anna@example.org>"): (2, 1, 0, 0, 1, ["author"]),
        ("2024-04", "Boris <boris@example.org>"): (2, 1, 0, 0, 1, ["last-translator"]),
        ("2024-04", "Clara <clara@example.org>"): (5, 1, 0, 0, 1, ["last-translator"]),
    }
    # the editor's sync, merge, rename and bulk commit credited nothing to the editor
    assert not any("Editor" in t["translator"] for t in data["translators"])
    bulk = [c for c in data["commits"] if c["day"] == "2024-04-02"]
    assert len(bulk) == 1 and bulk[0]["rule"] == "last-translator"
    assert bulk[0]["author"] == "Editor <editor@example.org>"
    assert len(data["commits"]) == 5  # C2, C3, C4, C6', C8: each once


def test_articles_first_and_last_translation_and_lag(run, repo: Repo) -> None:  # type: ignore[no-untyped-def]
    data = report(run, repo.root)
    got = {(a["article"], a["language"]): (a["first_translated"], a["last_translated"],
                                           a["lag_days"], a["behind_since"])
           for a in data["articles"]}
    assert got == {
        # behind 01-10 to 02-10 (31 days), then 03-03 to the rename on 03-12 (9)
        ("a", "de"): ("2024-01-20", "2024-02-10", 40.0, ""),
        # behind 01-10 to the merge on 02-12 (33), then 03-03 to 03-12 (9)
        ("a", "hy"): ("2024-02-05", "2024-02-05", 42.0, ""),
        # renamed on 03-12 with P3 open; translated in Anna's commit, landed 03-15
        ("b", "de"): ("2024-03-10", "2024-03-10", 3.0, ""),
        ("b", "hy"): ("2024-04-02", "2024-04-02", 21.0, ""),
        ("c", "de"): ("2024-04-02", "2024-04-02", 0.0, ""),
        # open since noon on the report's last day
        ("c", "hy"): ("", "", 0.5, "2024-04-02"),
    }


def test_since_until_and_weeks(run, repo: Repo) -> None:  # type: ignore[no-untyped-def]
    data = report(run, repo.root, "--since", "2024-03-01", "--until", "2024-03-31")
    assert [(r["period"], r["language"], r["translated_change"], r["english_added"])
            for r in data["languages"]] == [("2024-03", "de", 2, 2), ("2024-03", "hy", 0, 2)]
    assert [(t["translator"], t["new_words"]) for t in data["translators"]] == [
        ("Anna <anna@example.org>", 2)]
    lags = {(a["article"], a["language"]): a["lag_days"] for a in data["articles"]}
    assert lags[("a", "de")] == 9.0 and lags[("b", "hy")] == 19.5  # to the end of 03-31
    # a period cut by --until ends on that day: March as of the 11th (before the rename and
    # Anna's rebased commit)
    cut = report(run, repo.root, "--since", "2024-03-01", "--until", "2024-03-11")
    assert [(r["language"], r["translated_words"], r["source_words"], r["catalogs"])
            for r in cut["languages"]] == [("de", 7, 9, 1), ("hy", 7, 9, 1)]
    assert cut["translators"] == [{**cut["translators"][0], "new_words": 2}]  # authored 03-10
    weeks = report(run, repo.root, "--by", "week", "--lang", "de", "--until", "2024-01-31")
    assert [(r["period"], r["translated_words"]) for r in weeks["languages"]] == [
        ("2024-W02", 0), ("2024-W03", 3), ("2024-W04", 3), ("2024-W05", 3)]


def test_a_second_run_reads_no_version_again(run, repo: Repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "copy"
    shutil.copytree(repo.root, copy)
    first = report(run, copy)
    assert first["skipped"] == []
    cache = copy / ".transkit-cache" / "history.jsonl"
    records = cache.read_text(encoding="utf-8").count("\n")
    assert records > 10
    # every version of every file taken away: git still logs (commits and trees are there),
    # and only the cache can tell what the versions held
    listing = subprocess.run(
        ["git", "-C", str(copy), "cat-file", "--batch-all-objects", "--batch-check"],
        capture_output=True, text=True, check=True).stdout.split()
    blobs = [sha for sha, kind in zip(listing[::3], listing[1::3], strict=True) if kind == "blob"]
    assert len(blobs) > 10
    for sha in blobs:
        (copy / ".git" / "objects" / sha[:2] / sha[2:]).unlink()
    assert subprocess.run(["git", "-C", str(copy), "cat-file", "-e", blobs[0]],
                          check=False).returncode != 0
    again = report(run, copy)
    assert again == first
    assert cache.read_text(encoding="utf-8").count("\n") == records


def test_table_csv_and_errors(run, repo: Repo) -> None:  # type: ignore[no-untyped-def]
    table = run("--root", repo.root, "history")
    assert table.code == 0 and "Editions by month" in table.out
    assert "last-translator" in table.out and "Clara <clara@example.org>" in table.out
    csv = run("--root", repo.root, "history", "--format", "csv").out.splitlines()
    assert csv[0].startswith("table,period,end,language")
    assert sum(line.startswith("translator,") for line in csv) == 6
    bad = run("--root", repo.root, "history", "--since", "March")
    assert bad.code == 2 and "YYYY-MM-DD" in bad.err and "Traceback" not in bad.err
    assert run("--root", repo.root, "history", "--by", "year").code == 2


def test_outside_git_is_one_line_error(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "transkit.toml").write_text('languages = ["de"]\n', encoding="utf-8")
    result = run("--root", tmp_path, "history")
    assert result.code == 2 and "git" in result.err and len(result.err.splitlines()) == 1


# --- the pure parts ---------------------------------------------------------------------------


def entries(pairs: list[tuple[str, str]], *, fuzzy: tuple[str, ...] = (),
            obsolete: list[tuple[str, str]] | None = None) -> object:
    text = po("de", pairs)
    for english in fuzzy:
        text = text.replace(f'msgid "{english}"', f'#, fuzzy\nmsgid "{english}"')
    for english, target in obsolete or []:
        text += f'\n#~ msgid "{english}"\n#~ msgstr "{target}"\n'
    return entries_of(parse_po(format_po(parse_po(text, path="t.po")), path="t.po"))


def test_work_new_revised_carried_and_revived() -> None:
    before = entries([(P1, "a"), (P2, "b"), (P3, "")], fuzzy=(P2,), obsolete=[(P4, "old")])
    after = entries([(P1, "a2"), (P2, "b"), (P3, "c"), (P4, "old"), ("moved here", "a")])
    work = work_between([before], after)  # type: ignore[list-item,arg-type]
    # P1 changed and P2's fuzzy translation confirmed: revised; P3 new; P4 revived as it was:
    # nobody's work; "moved here" has P1's old text, but P1 is still there: not carried, new.
    # The English the catalog did not hold (active) before: P4 again, and "moved here".
    assert work == Work(new_entries=2, new_words=2 + 2, revised_entries=2, revised_words=3 + 4,
                        english_words=5 + 2)


def test_work_of_a_carry_and_of_a_merge() -> None:
    old = entries([(P1, "a")])
    reworded = entries([("one two three!", "a")])  # the English reworded, the text carried
    assert work_between([old], reworded).new_words == 0  # type: ignore[list-item,arg-type]
    assert work_between([old], reworded).english_words == 3  # type: ignore[list-item,arg-type]
    ours, theirs = entries([(P1, "a"), (P2, "")]), entries([(P1, ""), (P2, "b")])
    merged = entries([(P1, "a"), (P2, "b"), (P3, "c")])
    # only P3 differs from both parents: the merge's own work
    assert work_between([ours, theirs], merged) == Work(1, 2, 0, 0, 2)  # type: ignore[list-item,arg-type]


def test_periods() -> None:
    from datetime import date

    assert period_of(date(2024, 12, 30), Period.WEEK) == "2025-W01"
    assert period_bounds("2025-W01") == (date(2024, 12, 30), date(2025, 1, 5))
    assert period_bounds("2024-12") == (date(2024, 12, 1), date(2024, 12, 31))
    assert periods_between(date(2024, 11, 30), date(2025, 1, 1), Period.MONTH) == [
        "2024-11", "2024-12", "2025-01"]


# --- the HTML report, as a browser shows it ---------------------------------------------------


def read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB pixels of an 8-bit PNG (what Chromium writes)."""
    import struct
    import zlib

    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat = 8, b""
    width = height = channels = 0
    while at < len(data):
        (size,), kind = struct.unpack(">I", data[at:at + 4]), data[at + 4:at + 8]
        body = data[at + 8:at + 8 + size]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        at += size + 12
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        method, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if method == 1:
                line[i] = (line[i] + left) & 255
            elif method == 2:
                line[i] = (line[i] + up) & 255
            elif method == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif method == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc
                                      else corner)) & 255
        previous = line
        rgb = bytes(line) if channels == 3 else bytes(
            b for x in range(width) for b in line[x * 4:x * 4 + 3])
        rows.append(rgb)
    return width, height, rows


def _colour(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def where(rows: list[bytes], colour: str, top: int = 0, bottom: int | None = None,
          slack: int = 6) -> list[tuple[int, int]]:
    """The (x, y) of the pixels of one colour between two rows."""
    r, g, b = _colour(colour)
    found = []
    for y in range(top, len(rows) if bottom is None else bottom):
        row = rows[y]
        for x in range(len(row) // 3):
            if (abs(row[3 * x] - r) <= slack and abs(row[3 * x + 1] - g) <= slack
                    and abs(row[3 * x + 2] - b) <= slack):
                found.append((x, y))
    return found


@pytest.mark.skipif(shutil.which("chromium") is None,
                    reason="Debian's chromium is not installed here (apt-get install chromium); "
                           ".ci/run has it")
@pytest.mark.slow
def test_the_html_report_draws_its_charts_in_chromium(run, repo: Repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from transkit.render.history import PALETTE

    page = tmp_path / "history.html"
    result = run("--root", repo.root, "history", "--format", "html", "--output", page)
    assert result.code == 0, result.err
    text = page.read_text(encoding="utf-8")
    assert text.count("<svg") == 3 and "<script" not in text
    assert not __import__("re").search(r"(src|href)=\"(https?:)?//", text)
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", "--force-device-scale-factor=1",
             f"--user-data-dir={tmp_path / 'profile'}"]
    shot = tmp_path / "history.png"
    subprocess.run(["chromium", *flags, f"--screenshot={shot}", "--window-size=1000,1700",
                    page.as_uri()], capture_output=True, timeout=120, check=False)
    assert shot.exists(), "chromium wrote no screenshot"
    width, height, rows = read_png(shot)
    assert (width, height) == (1000, 1700)
    # the two charts with axes: five grid lines each, rows of #e4e4e4 wider than 300 pixels (a
    # line drawn over one may hide it), 55 pixels apart
    grid_rows = sorted({y for y in range(height)
                        if len(where(rows, "#e4e4e4", y, y + 1, slack=2)) > 300})
    charts: list[list[int]] = []
    for y in grid_rows:
        if charts and y - charts[-1][-1] <= 60:
            charts[-1].append(y)
        else:
            charts.append([y])
    assert len(charts) == 2 and all(len(c) >= 4 for c in charts), grid_rows
    progress = (charts[0][-1] - 4 * 55 - 5, charts[0][-1] + 5)
    people = (charts[1][-1] - 4 * 55 - 5, charts[1][-1] + 5)
    de, hy, third = PALETTE[0], PALETTE[1], PALETTE[2]
    # progress: a line per language across the four months, de from 43% up, hy from 0%
    for colour in (de, hy):
        points = where(rows, colour, *progress)
        xs = [x for x, _ in points]
        # lines, not only the dots at each month: three segments of a 3-pixel stroke
        assert len(points) > 1000 and max(xs) - min(xs) > 400, (colour, len(points))
    # de stays at 100% from February to April: one straight row of its colour
    assert max(len(where(rows, de, y, y + 1)) for y in range(*progress)) > 300
    hy_points = where(rows, hy, *progress)
    assert max(y for _, y in hy_points) >= progress[1] - 10  # January's 0% on the axis
    # translators: Anna (most words, first colour), Boris, and Clara's bar in the third colour
    clara = where(rows, third, *people)
    assert len(clara) > 2000, len(clara)
    assert len(where(rows, de, *people)) > 2000 and len(where(rows, hy, *people)) > 2000
    # the lag chart below: its longest bar (a in hy, 42 days) in hy's colour, a in de (40) in de's
    lag = (people[1] + 40, height)

    def longest_run(colour: str) -> int:
        best = 0
        for y in {y for _, y in where(rows, colour, *lag)}:
            best = max(best, len(where(rows, colour, y, y + 1)))
        return best

    assert longest_run(hy) > 400
    assert 0.9 * 40 / 42 * longest_run(hy) < longest_run(de) < longest_run(hy)


def test_status_html_links_the_history_and_shows_the_trend(run, repo: Repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "copy"
    shutil.copytree(repo.root, copy)
    shutil.rmtree(copy / ".transkit-cache", ignore_errors=True)
    out = tmp_path / "reports"
    out.mkdir()
    before = run("--root", copy, "status", "--format", "html", "--output", out / "status.html")
    assert before.code == 0, before.err
    page = (out / "status.html").read_text(encoding="utf-8")
    assert "transkit history --format html --output history.html" in page
    assert "since 2024" not in page and not (copy / ".transkit-cache" / "history.jsonl").exists()
    made = run("--root", copy, "history", "--format", "html", "--output", out / "history.html")
    assert made.code == 0, made.err
    assert run("--root", copy, "status", "--format", "html", "--output",
               out / "status.html").code == 0
    page = (out / "status.html").read_text(encoding="utf-8")
    assert '<a href="history.html">' in page and "<th>since 2024-03</th>" in page
    # now (the work tree) against the end of March: de 14/14 as 9/9; hy 9/14 against 7/9
    rows = {line.split("</th>")[0].rsplit(">", 1)[1]: line for line in page.splitlines()
            if line.startswith('<tr><th scope="row">') and "points" in line}
    assert "= +0.0 points" in rows["de"]
    assert f"▼ {100 * 9 / 14 - 100 * 7 / 9:+.1f} points" in rows["hy"]


def test_a_version_git_does_not_have_is_named_once_and_read_when_it_comes_back(run, repo: Repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: E501
    copy = tmp_path / "copy"
    shutil.copytree(repo.root, copy)
    shutil.rmtree(copy / ".transkit-cache", ignore_errors=True)
    full = report(run, repo.root)
    # the version of the Armenian catalog that C1 added: a partial clone's missing blob
    first = repo.git("rev-list", "--max-parents=0", "HEAD").strip()
    blob = repo.git("rev-parse", f"{first}:locales/hy/a.po").strip()
    loose = copy / ".git" / "objects" / blob[:2] / blob[2:]
    kept = tmp_path / "kept"
    shutil.move(loose, kept)
    for _ in range(2):  # the second run from the cache says the same
        partial = report(run, copy)
        assert [p["path"] for p in partial["skipped"]] == [
            f"locales/hy/a.po (version {blob[:10]})"]
        # Boris's work was on that version: what he changed cannot be told, and is left out
        assert partial["translators"] == [t for t in full["translators"]
                                          if (t["period"], t["translator"][:5]) != ("2024-02",
                                                                                   "Boris")]
    january = {r["language"]: r for r in partial["languages"] if r["period"] == "2024-01"}
    # the version left out, the article counts from its source, as a catalog not written yet
    assert (january["hy"]["catalogs"], january["hy"]["translated_words"]) == (1, 0)
    shutil.move(kept, loose)
    assert report(run, copy) == full


def test_any_catalogs_in_a_folder_without_a_project(run, repo: Repo) -> None:  # type: ignore[no-untyped-def]
    from transkit.runs.history import _tag

    result = run("history", repo.root / "locales", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["english_from"] == "catalogs"
    april = {r["language"]: r for r in data["languages"] if r["period"] == "2024-04"}
    # the languages from the headers; the English from the msgids (no source: hy/c is counted
    # from its catalog, as before)
    assert {k: (v["translated_words"], v["source_words"]) for k, v in april.items()} == {
        "de": (14, 14), "hy": (9, 14)}
    project = report(run, repo.root)
    assert data["translators"] == project["translators"]
    assert (repo.root / ".git" / ".transkit-cache" / "history.jsonl").is_file()
    assert not (repo.root / "locales" / ".transkit-cache").exists()
    assert [_tag(t) for t in ("FR", "fr_fr", "pt-br", "de")] == ["fr", "fr_FR", "pt_BR", "de"]
