"""import: fill a catalog from an existing translated article with the English structure."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import SAMPLE_SLUG

PO = f"locales/de/{SAMPLE_SLUG}.po"


def _status(run, project: Path) -> dict:  # type: ignore[no-untyped-def,type-arg]
    data = json.loads(run("--root", project, "status", "--lang", "de", "--format", "json").out)
    return data["catalogs"][0]  # type: ignore[no-any-return]


def test_a_built_edition_imported_into_an_empty_catalog_fills_it(run, project: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("--root", project, "build", "--lang", "de").code == 0
    german = project / "build" / "de" / f"{SAMPLE_SLUG}.md"
    expected = (project / PO).read_bytes()
    (project / PO).unlink()
    created = run("--root", project, "import", "de", german, "--article", SAMPLE_SLUG)
    assert created.code == 0, created.err
    assert created.out == f"created {PO}: 33 filled, 0 already translated\n"
    assert _status(run, project)["translated"] == 33
    assert (project / PO).read_bytes() == expected  # the very catalog the edition came from
    again = run("--root", project, "import", "de", german, "--article", SAMPLE_SLUG)
    assert again.out == f"unchanged {PO}: 0 filled, 33 already translated\n"


def test_a_translation_of_another_structure_is_refused_with_its_file_and_line(  # type: ignore[no-untyped-def]
    run, project: Path, tmp_path: Path
) -> None:
    translated = tmp_path / "de.md"
    translated.write_text("# Ein Titel\n\nNur ein Absatz.\n", encoding="utf-8")
    before = (project / PO).read_bytes()
    result = run("--root", project, "import", "de", translated, "--article", SAMPLE_SLUG)
    assert result.code == 2
    assert result.err.startswith(f"transkit: error: {translated}")
    assert "give both the same structure" in result.err
    assert (project / PO).read_bytes() == before
    wrong = run("--root", project, "import", "xx", translated, "--article", SAMPLE_SLUG)
    assert wrong.code == 2 and "'xx' is not one of the project's languages" in wrong.err
