"""A page with nothing to translate (a page bundle's front matter, a list page, only code) is
part of the site, not an error: it gets no catalog, and the sync summary says so."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .conftest import SAMPLE_SLUG, Result

Run = Callable[..., Result]

ONLY_CODE = "---\nauthor: Nobody\ndate: 2024-01-01\n---\n\n```\nprint('hi')\n```\n"


def test_no_catalog_and_a_note_in_the_summary(project: Path, run: Run) -> None:
    (project / "sources" / "list").mkdir()
    (project / "sources" / "list" / "_index.md").write_text(ONLY_CODE, encoding="utf-8")
    for _ in range(2):  # the second run answers from the cache
        synced = run("--root", project, "sync")
        assert synced.code == 0, synced.err
        assert synced.out.endswith(
            "3 catalogs already in step with the sources.\n"
            "1 article with nothing to translate, so no catalog: list/_index.\n")
    assert not (project / "locales" / "de" / "list").exists()
    assert run("--root", project, "sync", "--dry-run").code == 0
    status = json.loads(run("--root", project, "status", "--format", "json").out)
    assert {c["article"] for c in status["catalogs"]} == {SAMPLE_SLUG}
    check = run("--root", project, "check")
    assert check.code == 0 and check.out.endswith("in 3 catalogs.\n"), check.out
    built = run("--root", project, "build", "--lang", "de")
    assert built.code == 0, built.err
    page = (project / "build" / "de" / "list" / "_index.md").read_text(encoding="utf-8")
    assert page.startswith("---\nauthor: Nobody\ndate: 2024-01-01\nlang: de\n")
    assert "print('hi')" in page


def test_segments_prints_nothing(tmp_path: Path, run: Run) -> None:
    page = tmp_path / "page.md"
    page.write_text(ONLY_CODE, encoding="utf-8")
    text = run("segments", page)
    assert (text.code, text.out, text.err) == (0, "", "")
    assert run("segments", "--format", "json", page).out == "[]\n"


def test_a_page_that_loses_all_its_text_keeps_its_translations(
    empty_project: Path, run: Run
) -> None:
    source = empty_project / "sources" / "page.md"
    source.write_text("# A heading\n\nA paragraph.\n", encoding="utf-8")
    german = empty_project / "page.de.md"
    german.write_text("# Eine Überschrift\n\nEin Absatz.\n", encoding="utf-8")
    assert run("--root", empty_project, "import", "de", german, "--article", "page").code == 0
    source.write_text(ONLY_CODE, encoding="utf-8")
    synced = run("--root", empty_project, "sync", "--lang", "de", "page")
    assert "updated locales/de/page.po: 2 obsolete" in synced.out, synced.out
    catalog = (empty_project / "locales" / "de" / "page.po").read_text(encoding="utf-8")
    assert '#~ msgid "A heading"\n#~ msgstr "Eine Überschrift"' in catalog
    imported = run("--root", empty_project, "import", "de", source, "--article", "page")
    assert imported.code == 2 and "nothing to import" in imported.err
