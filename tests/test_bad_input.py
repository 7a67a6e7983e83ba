"""Bad input stays where it is: a malformed catalog or source stops only what depends on it.
`sync` leaves that article's files as they were and `build` that edition's (or, for a bad
source, that article's), everything else is synced and built, and the run ends with exit status
2 and one line that names the file (and line) and says how to fix it. A bad configuration, or a
project whose articles cannot even be listed, changes no file at all."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

import polib
import pytest

from .conftest import ROOT, SAMPLE_SLUG, Result
from .fsutil import changes, snapshot

Run = Callable[..., Result]

BAD_LANG = "ru"  # planned last, so a run that wrote as it went would already have written
CATALOG = f"locales/{BAD_LANG}/{SAMPLE_SLUG}.po"
SOURCE = f"sources/{SAMPLE_SLUG}.md"
PO = (ROOT / CATALOG).read_bytes()
MD = (ROOT / SOURCE).read_bytes()
NEW_ARTICLE = "sources/a-new-article.md"  # sorts first: its catalogs would be created first
NEW_ARTICLE_SLUG = "a-new-article"


def line_of(data: bytes, needle: bytes, *, last: bool = False) -> int:
    at = data.rindex(needle) if last else data.index(needle)
    return data.count(b"\n", 0, at) + 1


def replace_once(data: bytes, old: bytes, new: bytes) -> bytes:
    assert data.count(old) >= 1, old
    return data.replace(old, new, 1)


@dataclass(frozen=True)
class Case:
    name: str
    path: str  # the file the error must name, relative to the project root
    data: bytes | None  # its new content (None: the case sets the file up itself)
    line: int | None  # the line the error must name; None for problems of the whole file
    hint: str  # words of the fix the error must suggest
    # the article whose files must stay as they were (None: the articles cannot be listed,
    # so nothing at all may change)
    article: str | None = SAMPLE_SLUG


def _without_first_msgstr(data: bytes) -> tuple[bytes, int]:
    """Delete the msgstr keyword line of the first entry after the header."""
    lines = data.split(b"\n")
    first = [i for i, line in enumerate(lines) if line.startswith(b"msgstr ")][1]
    msgid = max(i for i in range(first) if lines[i].startswith(b"msgid "))
    del lines[first]
    return b"\n".join(lines), msgid + 1


def _with(data: bytes, needle: bytes) -> tuple[bytes, int]:
    return data, line_of(data, needle)


def catalog_cases() -> list[Case]:
    lang = b'"Language: ' + BAD_LANG.encode() + b'\\n"'
    at_lang = line_of(PO, lang)
    entry = PO.split(b"\n\n")[1]
    header = b'msgid ""\nmsgstr ""\n'
    conflict = b'msgid ""\n<<<<<<< HEAD\nmsgstr ""\n=======\nmsgstr ""\n>>>>>>> theirs\n'
    damaged = PO[:2000] + b"\0" * 512
    strings = [line for line in entry.split(b"\n") if line.startswith((b"msg", b'"'))]
    obsolete = b"\n".join(b"#~ " + line for line in strings)
    broken = {
        "unterminated string": (replace_once(PO, lang, lang[:-1]), at_lang, "close the quotes"),
        "bad escape": (replace_once(PO, lang, lang[:-3] + b'\\q\\n"'), at_lang,
                       "remove the backslash"),
        "numeric escape": (replace_once(PO, lang, lang[:-3] + b'\\303\\n"'), at_lang,
                           "msgcat -o"),
        "msgstr without msgid": (*_with(PO + b'\nmsgstr "orphan"\n', b'msgstr "orphan"'),
                                 "add the msgid"),
        "msgid without msgstr": (*_without_first_msgstr(PO), "add a msgstr line"),
        "duplicate entry": (PO + b"\n" + entry + b"\n",
                            line_of(PO + b"\n" + entry, b"\nmsgid ", last=True) + 1,
                            "merge the two entries"),
        "obsolete duplicate of an entry": (*_with(PO + b"\n" + obsolete + b"\n", b"#~ msgid"),
                                           "delete the obsolete"),
        "wrong charset": (replace_once(PO, b"charset=UTF-8", b"charset=ISO-8859-5"),
                          line_of(PO, b"charset=UTF-8"), "msgconv -t UTF-8"),
        "invalid UTF-8": (replace_once(PO, b"FULL NAME", b"FULL \xd0NAME"),
                          line_of(PO, b"FULL NAME"), "re-save it as UTF-8"),
        "BOM": (b"\xef\xbb\xbf" + PO, 1, "without BOM"),
        "a CR inside a line": (replace_once(PO, b"FULL NAME", b"FULL\rNAME"),
                               line_of(PO, b"FULL NAME"), "remove the CR"),
        "old Mac (CR) line endings": (PO.replace(b"\n", b"\r"), 1, "mac2unix"),
        "empty file": (b"", 1, "run 'transkit sync'"),
        "merge-conflict markers": (*_with(replace_once(PO, header, conflict), b"<<<<<<<"),
                                   "resolve the conflict"),
        "NUL bytes of a damaged disk": (*_with(damaged, b"\0"), "restore it"),
    }
    return [Case(name, CATALOG, data, line, hint) for name, (data, line, hint) in broken.items()]


def source_cases() -> list[Case]:
    author = b"author: Sossi Tatikyan"
    role = b"Russia\xe2\x80\x99s role"
    heading = b"\n## The Russian role"
    conflict = b"\n<<<<<<< HEAD\nOurs.\n=======\nTheirs.\n>>>>>>> b\n"
    return [
        Case("invalid UTF-8", SOURCE, replace_once(MD, role, b"Russia\x92s role"),
             line_of(MD, role), "re-save it as UTF-8"),
        Case("broken front matter", SOURCE, replace_once(MD, author, b"\t" + author),
             line_of(MD, author), "fix the YAML"),
        Case("merge-conflict markers", SOURCE, *_with(
            replace_once(MD, heading, conflict + heading), b"<<<<<<<"), "resolve the conflict"),
        Case("file name that is not a slug", "sources/Notes (draft).md", b"Some text.\n",
             None, "rename the file", "Notes (draft)"),
        Case("symlink leading outside the project", "sources/outside.md", None, None,
             "copy the file in", None),
    ]


CONFIG_CASES: dict[str, tuple[Callable[[str, Path], str], str]] = {
    # name: (how the configuration is spoiled, words the error must say)
    "unknown key": (lambda text, _: text + 'colour = "blue"\n', "unknown key 'colour'"),
    "unknown language": (lambda text, _: text.replace('"ru"]', '"xx"]'),
                         "'xx' is not a known language"),
    "locales escaping the root": (
        lambda text, _: text.replace('locales = "locales"', 'locales = "../elsewhere"'),
        "outside the project root",
    ),
    "sources escaping the root": (
        lambda text, outside: text.replace('sources = "sources"', f'sources = "{outside}"'),
        "outside the project root",
    ),
}


def spoil_config(project: Path, name: str, outside: Path) -> None:
    text = (ROOT / "transkit.toml").read_text(encoding="utf-8")
    spoiled = CONFIG_CASES[name][0](text, outside)
    assert spoiled != text
    (project / "transkit.toml").write_text(spoiled, encoding="utf-8")


def commands(run: Run) -> list[str]:
    """sync, and build where this version of transkit has it."""
    found = ["sync"]
    if run("build", "--help").code == 0:
        found.append("build")
    return found


def prepare(project: Path) -> None:
    """Give every command something to write, so refusing to write is a real test."""
    (project / NEW_ARTICLE).write_bytes(b"# A new article\n\nIts first paragraph.\n")


def assert_refused(result: Result, *, where: str, hint: str) -> None:
    output = result.out + result.err
    assert "Traceback" not in output, output
    assert result.code == 2, output
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith(f"transkit: error: {where}"), lines[0]
    assert hint in lines[0], lines[0]


def untouched(case: Case, command: str) -> Callable[[str], bool]:
    """Whether a path (relative to the root) is among the files a case's failure keeps as they
    were: the broken article's catalogs for sync; for build, the broken catalog's edition, or
    every edition of an article whose source is broken."""
    if case.article is None:
        return lambda _: True
    slug = case.article
    lang = case.path.split("/")[1] if case.path.startswith("locales/") else "*"
    if command == "sync":
        return lambda path: fnmatch(path, f"locales/*/{slug}.po")
    return lambda path: fnmatch(path, f"build/{lang}/{slug}.*")


def check_every_command(run: Run, project: Path, case: Case) -> None:
    for command in commands(run):
        before = snapshot(project)
        result = run("--root", project, command)
        where = f"{case.path}:{case.line}: " if case.line else f"{case.path}: "
        assert_refused(result, where=where, hint=case.hint)
        changed = [c.split(" ", 1)[1].removesuffix(" (mtime)") for c in
                   changes(before, snapshot(project))]
        kept = untouched(case, command)
        assert not [path for path in changed if kept(path)], (command, changed)
        if case.article is not None:  # everything else was synced and built
            assert any(NEW_ARTICLE_SLUG in path for path in changed), (command, changed)
        else:
            assert changed == [], command


@pytest.mark.parametrize("case", catalog_cases(), ids=lambda c: c.name)
def test_a_malformed_catalog_stops_only_what_depends_on_it(
    case: Case, project: Path, run: Run
) -> None:
    prepare(project)
    assert case.data is not None
    (project / case.path).write_bytes(case.data)
    check_every_command(run, project, case)


@pytest.mark.parametrize("case", source_cases(), ids=lambda c: c.name)
def test_a_bad_source_stops_only_its_article(
    case: Case, project: Path, run: Run, tmp_path: Path
) -> None:
    prepare(project)
    if case.data is None:  # the symlink
        outside = tmp_path / "outside.md"
        outside.write_text("Text that lives outside the project.\n", encoding="utf-8")
        os.symlink(outside, project / case.path)
    else:
        (project / case.path).write_bytes(case.data)
    check_every_command(run, project, case)


@pytest.mark.parametrize("name", CONFIG_CASES)
def test_a_bad_configuration_changes_no_file(
    name: str, project: Path, run: Run, tmp_path: Path
) -> None:
    prepare(project)
    spoil_config(project, name, tmp_path)
    before = snapshot(project)
    for command in commands(run):
        result = run("--root", project, command)
        assert_refused(result, where=f"{project / 'transkit.toml'}:", hint=CONFIG_CASES[name][1])
        assert changes(before, snapshot(project)) == [], command


@pytest.mark.parametrize("name", CONFIG_CASES)
def test_a_bad_configuration_names_the_line_and_the_fix(
    name: str, project: Path, run: Run, tmp_path: Path
) -> None:
    spoil_config(project, name, tmp_path)
    result = run("--root", project, "sync")
    prefix = f"transkit: error: {project / 'transkit.toml'}:"
    assert result.err.startswith(prefix), result.err
    line, _, message = result.err[len(prefix):].partition(": ")
    assert line.isdigit(), result.err
    assert ";" in message, f"no fix is suggested: {result.err}"


def test_a_control_character_in_the_front_matter_is_one_line(project: Path, run: Run) -> None:
    author = b"author: Sossi Tatikyan"
    (project / SOURCE).write_bytes(replace_once(MD, author, author + b"\x0c"))
    result = run("--root", project, "sync")
    assert_refused(result, where=f"{SOURCE}:{line_of(MD, author)}: ", hint="fix the YAML")


def test_sources_with_any_line_ending_or_a_bom_give_the_same_units(
    project: Path, run: Run
) -> None:
    """CRLF, old Mac CR-only line endings and a BOM are accepted in sources (catalogs take
    CRLF, as gettext does: see the test below)."""
    variants = {
        "unix": MD,
        "windows": MD.replace(b"\n", b"\r\n"),
        "mac": MD.replace(b"\n", b"\r"),
        "bom": b"\xef\xbb\xbf" + MD,
    }
    for name, data in variants.items():
        (project / f"sources/{name}.md").write_bytes(data)
    with (project / "transkit.toml").open("a", encoding="utf-8") as config:
        config.write("memory = false\n")  # the copies would be filled from the sample's catalog
    result = run("--root", project, "sync", "--lang", "de")
    assert result.code == 0, result.err
    assert "Traceback" not in result.out + result.err

    def units(name: str) -> list[tuple[str, str]]:
        catalog = polib.pofile(str(project / f"locales/de/{name}.po"))
        return [(e.msgid, e.comment) for e in catalog]

    assert units("unix") == units(SAMPLE_SLUG)
    for name in variants:
        assert units(name) == units("unix"), name


def test_a_catalog_with_crlf_line_endings_is_read_as_its_lf_twin(
    project: Path, run: Run, tmp_path: Path
) -> None:
    """gettext reads CRLF line endings as LF, and so does every command; sync writes LF."""
    lf_status = run("--root", project, "status", "--format", "json")
    assert lf_status.code == 0, lf_status.err
    assert run("--root", project, "build", "--out", tmp_path / "lf").code == 0
    (project / CATALOG).write_bytes(PO.replace(b"\n", b"\r\n"))
    crlf_status = run("--root", project, "status", "--format", "json")
    assert (crlf_status.code, crlf_status.out) == (0, lf_status.out)
    assert run("--root", project, "build", "--out", tmp_path / "crlf").code == 0

    def built(out: Path) -> dict[Path, bytes]:
        return {p.relative_to(out): p.read_bytes() for p in out.rglob("*.md")}

    assert built(tmp_path / "lf") and built(tmp_path / "lf") == built(tmp_path / "crlf")
    # a layout of its own is no failure: the next sync writes the catalog in gettext's layout
    checked = run("--root", project, "check")
    assert checked.code == 0 and "[freshness]" not in checked.out, checked.out
    assert run("--root", project, "sync").code == 0
    assert (project / CATALOG).read_bytes() == PO
    assert run("--root", project, "check").code == 0


def test_the_sample_project_itself_is_accepted(project: Path, run: Run) -> None:
    """The cases above fail for the reason they name, not because the project is broken."""
    prepare(project)
    before = snapshot(project)
    for command in commands(run):
        result = run("--root", project, command)
        assert result.code == 0, result.err
    assert any(c.startswith("created locales/") for c in changes(before, snapshot(project)))


@pytest.mark.parametrize(
    ("args", "where", "hint"),
    [
        (["status", "--output", "build"], "build: ", "is a folder"),
        (["status", "--format", "html", "--output", "transkit.toml/page.html"],
         "transkit.toml/page.html: ", "a part of its path is a file"),
        (["status", "--output", f"locales/de/{SAMPLE_SLUG}.po"], "",
         "would write among the catalogs"),
        (["build", "--out", "sources"], "", "would write among the sources"),
        (["build", "--lang", "de", "--out", "transkit.toml"],
         f"transkit.toml/de/{SAMPLE_SLUG}.md: ", "a part of its path is a file"),
    ],
    ids=["output-is-a-folder", "output-under-a-file", "output-over-a-catalog",
         "build-out-into-sources", "build-out-is-a-file"],
)
def test_an_output_path_that_cannot_be_a_file_is_a_usage_error(
    args: list[str], where: str, hint: str, project: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "sources" / "x.md").write_text("A paragraph.\n", encoding="utf-8")
    (project / "build").mkdir()
    monkeypatch.chdir(project)
    run("sync")
    before = snapshot(project)
    assert_refused(run(*args), where=where, hint=hint)
    assert changes(before, snapshot(project)) == []


@pytest.mark.parametrize("kind", ["folder", "fifo", "symlink", "dangling-symlink", "device"])
def test_a_catalog_that_is_no_regular_file_is_refused_by_every_command(
    kind: str, project: Path, run: Run, tmp_path: Path
) -> None:
    prepare(project)
    catalog = project / CATALOG
    outside = tmp_path / "elsewhere.po"
    shutil.copy(catalog, outside)
    catalog.unlink()
    if kind == "folder":
        catalog.mkdir()
    elif kind == "fifo":
        os.mkfifo(catalog)  # reading it would wait for ever
    elif kind == "symlink":
        os.symlink(outside, catalog)  # an atomic write would cut the link
    elif kind == "dangling-symlink":
        os.symlink(tmp_path / "nowhere.po", catalog)
    else:
        os.symlink("/dev/zero", catalog)  # endless
    before = snapshot(project)
    for command in commands(run):
        result = run("--root", project, command)
        output = result.out + result.err
        assert result.code == 2, (command, output)
        assert "Traceback" not in output and "internal error" not in output, output
        assert CATALOG in output, output
        changed = [c.split(" ", 1)[1] for c in changes(before, snapshot(project))]
        kept = untouched(Case(kind, CATALOG, None, None, ""), command)
        assert not [path for path in changed if kept(path)], (command, changed)
        before = snapshot(project)
    assert outside.read_bytes() == (tmp_path / "elsewhere.po").read_bytes()


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5"])
def test_a_bad_transkit_jobs_value_is_a_usage_error(
    value: str, project: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRANSKIT_JOBS", value)
    result = run("--root", project, "status")
    assert result.code == 2
    assert result.err == (f"transkit: error: TRANSKIT_JOBS={value!r} is not a whole number of at "
                          "least 1; set it to the number of processes to use, or unset it\n")
