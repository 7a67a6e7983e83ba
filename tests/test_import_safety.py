"""Imports that cannot surprise: --dry-run writes nothing for every format, a file with nothing
in the language asked for is refused naming the languages it has, and --format json is JSON
for every format."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from transkit.core.po.pofile import format_po, parse_po

from .conftest import SAMPLE_SLUG, Result
from .fsutil import changes, snapshot

Run = Callable[..., Result]
RU = f"locales/ru/{SAMPLE_SLUG}.po"


def _edit(project: Path, edit: Callable[[polib.POFile], None]) -> None:
    catalog = parse_po((project / RU).read_text(encoding="utf-8"), path=RU)
    edit(catalog)
    (project / RU).write_text(format_po(catalog), encoding="utf-8")


def _blank(catalog: polib.POFile) -> None:
    """Entries 1 and 3 lose their translations, so that an import has something to fill."""
    catalog[1].msgstr = ""
    catalog[3].msgstr = ""


def _prepared(run: Run, project: Path, tmp_path: Path, kind: str) -> Path:
    """A file of `kind` that would fill the two entries `_blank` empties."""
    out = tmp_path / "out"
    if kind == "md":
        assert run("--root", project, "build", "--lang", "ru", "--out", out).code == 0
        path = out / "ru" / f"{SAMPLE_SLUG}.md"
    elif kind == "xlf":
        assert run("--root", project, "export", "ru", "--out", out).code == 0
        path = out / f"{SAMPLE_SLUG}.ru.xlf"
    else:
        assert run("--root", project, "export", "ru", "-f", "tmx", "--out", out).code == 0
        path = out / "ru.tmx"
    _edit(project, _blank)
    return path


def _import(run: Run, project: Path, path: Path, *args: str) -> Result:
    extra = ("--article", SAMPLE_SLUG) if path.suffix == ".md" else ()
    return run("--root", project, "import", "ru", path, *extra, *args)


@pytest.mark.parametrize("kind", ["md", "xlf", "tmx"])
def test_dry_run_writes_nothing_for_every_import_format(
    run: Run, project: Path, tmp_path: Path, kind: str
) -> None:
    path = _prepared(run, project, tmp_path, kind)
    before = snapshot(project)
    result = _import(run, project, path, "--dry-run")
    assert result.code == 0, result.err
    assert f"would update {RU}" in result.out, result.out
    assert changes(before, snapshot(project)) == []
    # the same import without --dry-run does write: the dry run was not a no-op by accident
    result = _import(run, project, path)
    assert result.code == 0, result.err
    assert changes(before, snapshot(project)) == [f"changed the content of {RU}"]
    catalog = parse_po((project / RU).read_text(encoding="utf-8"), path=RU)
    assert catalog[1].msgstr and catalog[3].msgstr


@pytest.mark.parametrize("kind", ["md", "xlf", "tmx"])
def test_every_import_format_reports_json(
    run: Run, project: Path, tmp_path: Path, kind: str
) -> None:
    path = _prepared(run, project, tmp_path, kind)
    result = _import(run, project, path, "--dry-run", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["dry_run"] is True
    if kind == "md":
        (article,) = data["articles"]
        assert article["catalog"] == RU and article["changed"] is True
    else:
        assert data["format"] == {"xlf": "xliff", "tmx": "tmx"}[kind]
        (catalog,) = data["catalogs"]
        assert catalog["path"] == RU and catalog["changed"] is True
        assert catalog["imported"] == 2
        assert data["skipped"] == []


def test_a_tmx_with_nothing_in_the_language_is_refused_naming_its_languages(
    run: Run, project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert run("--root", project, "export", "ru", "-f", "tmx", "--out", out).code == 0
    before = snapshot(project)
    result = run("--root", project, "import", "hy", out / "ru.tmx")
    assert result.code == 2, result.out
    assert result.out == ""
    (line,) = result.err.splitlines()
    assert re.fullmatch(
        rf"transkit: error: {re.escape(str(out / 'ru.tmx'))}:\d+: has no text in 'hy' .*; its "
        r"languages are en, ru; import it as one of those \('transkit import ru FILE'\)", line)
    assert changes(before, snapshot(project)) == []


def test_an_xliff_with_nothing_in_the_language_is_refused_naming_its_languages(
    run: Run, project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert run("--root", project, "export", "ru", "--out", out).code == 0
    path = out / f"{SAMPLE_SLUG}.ru.xlf"
    before = snapshot(project)
    result = run("--root", project, "import", "hy", path)
    assert result.code == 2
    assert "is for language 'ru', not 'hy'; import it with 'transkit import ru FILE'" \
        in result.err
    # a file that does not say its target-language, whose targets do (xml:lang)
    text = path.read_text(encoding="utf-8").replace(' target-language="ru"', "")
    text = text.replace("<target ", '<target xml:lang="ru-RU" ')
    path.write_text(text, encoding="utf-8")
    result = run("--root", project, "import", "hy", path)
    assert result.code == 2
    assert "has no text in 'hy': its targets are in ru; import it with 'transkit import ru " \
        "FILE'" in result.err
    assert changes(before, snapshot(project)) == []
    assert run("--root", project, "import", "ru", path).code == 0
