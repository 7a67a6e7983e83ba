"""One registry for every finding: `check --list` shows every registered check, a check of a
catalog is one decorated function (silenced like any other), and every finding a run produces
comes from a registered check."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import polib
import pytest

from transkit.core.checks.model import CatalogSubject, CheckId, Level
from transkit.core.checks.registry import REGISTRY, Flag, Scope, Silence, check
from transkit.core.checks.run import every_check

from .conftest import SAMPLE_SLUG, Run

PO = f"{SAMPLE_SLUG}.po"


def test_every_check_id_is_registered_once_with_a_real_function() -> None:
    checks = every_check()
    assert [c.id for c in checks] == list(CheckId)  # no id without a check, in CheckId's order
    assert {c.scope for c in checks} == set(Scope)
    for item in checks:
        assert callable(item.function) and item.description and item.hint


def test_list_names_every_check_in_text_and_json(run: Run) -> None:
    text = run("check", "--list")
    assert text.code == 0
    listed = [line.split()[0] for line in text.out.splitlines() if line and line[0] != " "]
    assert listed[:-1] == [str(c) for c in CheckId] and listed[-1] == f"{len(CheckId)}"
    assert "numbers                error    pair" in text.out
    assert "silence: the translator comment '# transkit-ignore-numbers' on the entry" in text.out
    as_json = run("check", "--list", "--format", "json")
    rows = json.loads(as_json.out)
    assert [r["id"] for r in rows] == [str(c) for c in CheckId]
    by_id = {r["id"]: r for r in rows}
    assert by_id["completeness"]["gates"] == ["publish"]
    assert by_id["header"]["scope"] == "catalog" and by_id["header"]["silence"] == "header"
    assert by_id["freshness"]["silence"] == "none"
    assert by_id["armenian-punctuation"]["languages"] == ["hy"]
    assert run("check", "--list", "--format", "github").code == 2


@pytest.fixture
def shouting() -> Iterator[str]:
    """A catalog check registered by one decorated function (and removed again)."""
    check_id = cast(CheckId, "shouting")  # a project would add a member to CheckId

    @check(check_id, scope=Scope.CATALOG, severity=Level.ERROR,
           description="no translation is written in capitals", hint="write it in lower case")
    def shouting_check(subject: CatalogSubject) -> Iterator[Flag]:
        assert subject.catalog is not None
        for entry in subject.catalog:
            if entry.msgstr and not entry.obsolete and entry.msgstr.isupper():
                yield Flag(f"'{entry.msgstr}' is all capitals", entry=entry)

    try:
        yield check_id
    finally:
        del REGISTRY[check_id]
        from transkit.core.checks import registry

        registry._SCOPED.clear()


def _shout(project: Path, tcomment: str = "") -> tuple[Path, int]:
    from transkit.core.po.pofile import format_po, parse_po

    path = project / "locales" / "de" / PO
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgstr and not e.obsolete and "\n" not in e.msgstr
                 and not any(c.isdigit() for c in e.msgid) and len(e.msgid) < 60)
    entry.msgstr = entry.msgstr.upper()
    entry.tcomment = tcomment
    text = format_po(catalog)
    path.write_text(text, encoding="utf-8")
    reread = next(e for e in parse_po(text, path="x") if e.msgid == entry.msgid)
    lines = text.split("\n")
    line = next(n for n in range(reread.linenum or 1, len(lines) + 1)
                if lines[n - 1].startswith("msgstr"))
    return path, line


def test_a_catalog_check_is_one_decorated_function(
        run: Run, project: Path, shouting: str) -> None:
    assert REGISTRY[cast(CheckId, shouting)].silence is Silence.HEADER
    _, line = _shout(project)
    result = run("--root", project, "check", "--lang", "de", "--format", "json",
                 "--gate", "commit")
    found = [f for f in json.loads(result.out)["findings"] if f["check"] == "shouting"]
    assert [(f["path"], f["line"], f["severity"]) for f in found] == [
        (f"locales/de/{PO}", line, "error")]
    assert result.code == 1
    listed = run("check", "--list")
    assert "shouting" in listed.out and "no translation is written in capitals" in listed.out


def test_a_catalog_checks_finding_is_silenced_on_its_entry(
        run: Run, project: Path, shouting: str) -> None:
    _shout(project, tcomment="transkit-ignore-shouting")
    result = run("--root", project, "check", "--lang", "de", "--gate", "commit")
    assert result.code == 0 and "shouting" not in result.out


def test_a_header_finding_is_silenced_above_the_header(run: Run, project: Path) -> None:
    path = project / "locales" / "de" / PO
    text = path.read_text(encoding="utf-8").replace('"Language: de\\n"', '"Language: fr\\n"')
    path.write_text(text, encoding="utf-8")
    assert "[header]" in run("--root", project, "check", "--lang", "de").out
    path.write_text("# transkit-ignore-header\n" + text, encoding="utf-8")
    assert "[header]" not in run("--root", project, "check", "--lang", "de").out


def test_every_finding_of_a_run_has_a_registered_id(run: Run, project: Path) -> None:
    """A project broken in every way a check can see: each finding names a registered check,
    with the registry's severity."""
    de = project / "locales" / "de" / PO
    text = de.read_text(encoding="utf-8").replace('"Language: de\\n"', '"Language: fr\\n"')
    de.write_text(text, encoding="utf-8")
    ru = project / "locales" / "ru" / PO
    catalog = polib.pofile(str(ru))
    for entry in catalog:
        if entry.msgstr and "2005" in entry.msgid:
            entry.msgstr = entry.msgstr.replace("2005", "2006").replace("[^1]", "")
        elif entry.msgstr and "2005" not in entry.msgid and not entry.tcomment:
            entry.msgstr = ""  # the rest untranslated: the edition is a draft
    catalog.save(str(ru))
    (project / "locales" / "hy" / "gone.po").write_text(
        (project / "locales" / "hy" / PO).read_text(encoding="utf-8"), encoding="utf-8")
    (project / "sources" / "broken.md").write_bytes(b"# Title\n\n\xff\xfe text\n")
    source = project / "sources" / f"{SAMPLE_SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new paragraph.\n",
                      encoding="utf-8")
    result = run("--root", project, "check", "--format", "json")
    findings = json.loads(result.out)["findings"]
    seen = {f["check"] for f in findings}
    assert {"header", "numbers", "footnote-refs", "orphan", "freshness", "completeness",
            "validity"} <= seen
    for f in findings:
        item = REGISTRY[CheckId(f["check"])]
        assert f["severity"] == item.severity.value, f
