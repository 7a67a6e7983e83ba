"""`check` on a fresh clone with `transkit.sum`: a catalog a line vouches for (a sync made its
bytes from its article's bytes) is known in step, so its article is read only when a check asks
for it (the anchors check, for the headings), and the findings are those of a check that trusts
no line, byte for byte."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import polib
import pytest

import transkit.runs.sync
from transkit.store.cache import CACHE_DIR
from transkit.store.sums import SUM_FILE

from .conftest import SAMPLE_SLUG, Run

SECOND = "second-article"
THIRD = "third-article"


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The articles check reads and segments."""
    seen: list[str] = []
    original = transkit.runs.sync.load_article

    def counting(config: Any, article: Any, data: bytes | None = None) -> Any:
        seen.append(article.slug)
        return original(config, article, data)

    monkeypatch.setattr(transkit.runs.sync, "load_article", counting)
    return seen


def fresh_check(run: Run, root: Path) -> tuple[str, list[dict[str, Any]]]:
    """`check --format json` as a fresh clone runs it: no cache."""
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    result = run("--root", root, "check", "--format", "json")
    assert result.code == 1, result.err
    return result.out, json.loads(result.out)["findings"]


def test_a_catalog_known_in_step_is_checked_as_one_that_is_not(project: Path, run: Run,
                                                               loads: list[str]) -> None:
    (project / "sources" / f"{SECOND}.md").write_text(
        "# A second article\n\n## Where it starts\n\nIts first paragraph, which nobody has "
        "translated.\n", encoding="utf-8")
    (project / "sources" / f"{THIRD}.md").write_text(
        "# A third article\n\nNothing in it asks for its headings.\n", encoding="utf-8")
    assert run("--root", project, "sync").code == 0
    # a translation that links to a heading the German page does not have: the anchors check
    # reads the article's headings; the next sync vouches for the catalog as edited
    path = project / "locales" / "de" / f"{SECOND}.po"
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgid.startswith("Its first paragraph"))
    entry.msgstr = "Sein erster Absatz, siehe [unten](#nirgends)."
    catalog.save(str(path))
    assert run("--root", project, "sync").code == 0
    vouched = (project / SUM_FILE).read_text(encoding="utf-8")
    assert f"locales/de/{SECOND}.po" in vouched
    # an English edited after the sync: its catalogs are stale, and no line vouches for them
    sample = project / "sources" / f"{SAMPLE_SLUG}.md"
    sample.write_text(sample.read_text(encoding="utf-8") + "\nA paragraph added later.\n",
                      encoding="utf-8")

    loads.clear()
    trusted, findings = fresh_check(run, project)
    read_trusting = sorted(set(loads))
    (project / SUM_FILE).unlink()
    loads.clear()
    untrusted, _ = fresh_check(run, project)

    assert trusted == untrusted
    assert [f["message"] for f in findings if f["check"] == "anchors"] == [
        "the anchor #nirgends is no heading of the translated page (nor an id set in HTML)"]
    assert {f["path"] for f in findings if f["check"] == "freshness"} == {
        f"locales/{lang}/{SAMPLE_SLUG}.po" for lang in ("de", "hy", "ru")}
    # read: the stale article, and the second for the German anchors; without lines, all
    assert read_trusting == [SAMPLE_SLUG, SECOND]
    assert sorted(set(loads)) == [SAMPLE_SLUG, SECOND, THIRD]
