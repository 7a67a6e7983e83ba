"""One catalog writer: every command that writes a catalog lays it out at the project's
`wrap_width`, so no command undoes another's layout.

On a project with `wrap_width = 0` and on one with gettext's default, every writing command runs
in turn (sync, review, an XLIFF import, a TMX fill, an import of a translated article,
merge-po, resolve, mv); after each, every catalog is exactly what the project's own formatter and
gettext's msgcat (`--no-wrap`, or the default width) make of it, and a sync that follows
changes no byte.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from transkit.config import load_config
from transkit.core.po.pofile import format_po, parse_po
from transkit.store.catalogs import catalog_text

from .conftest import SAMPLE_SLUG, Result

Run = Callable[..., Result]
DE = f"locales/de/{SAMPLE_SLUG}.po"
# a short entry: one line in every layout, so a conflict can be written around it by hand
SHORT = 'msgid "Interview based on Chatham House rules."'


def catalogs(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted((root / "locales").rglob("*.po"))}


def assert_in_layout(root: Path, after: str) -> None:
    """Every catalog is laid out at the project's width, by transkit's formatter and msgcat."""
    config = load_config(root)
    width = ["--no-wrap"] if config.wrap_width == 0 else [f"--width={config.wrap_width}"]
    for name, data in catalogs(root).items():
        text = data.decode("utf-8")
        assert catalog_text(parse_po(text, path=name), config) == text, f"{after}: {name}"
        if shutil.which("msgcat"):
            done = subprocess.run(["msgcat", *width, str(root / name)], capture_output=True,
                                  check=True)
            assert done.stdout == data, f"{after}: msgcat lays {name} out otherwise"


def assert_sync_changes_nothing(run: Run, root: Path, after: str) -> None:
    before = catalogs(root)
    done = run("--root", root, "sync", "--lang", "de")
    assert done.code == 0, done.err
    assert catalogs(root) == before, f"a sync after {after} changed a catalog"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(params=[0, None], ids=["wrap_width-0", "default-width"])
def laid_out(request: pytest.FixtureRequest, project: Path, run: Run) -> Path:
    """The sample project with `wrap_width = 0` (or none: gettext's 79), after a first sync."""
    if request.param is not None:
        config = project / "transkit.toml"
        config.write_text(config.read_text(encoding="utf-8") + f"wrap_width = {request.param}\n",
                          encoding="utf-8")
    done = run("--root", project, "sync")
    assert done.code == 0, done.err
    text = (project / DE).read_text(encoding="utf-8")
    # the two layouts differ on this catalog, so each assertion below can fail
    assert (format_po(parse_po(text, path=DE), width=0) == text) is (request.param == 0)
    assert_in_layout(project, "sync")
    return project


@pytest.mark.slow  # every writing command in turn, each followed by msgcat on every catalog
def test_no_writing_command_changes_another_ones_layout(
    laid_out: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = laid_out
    po = root / DE

    def step(name: str, *args: str | Path, code: int = 0) -> None:
        done = run(*args)
        assert done.code == code, f"{name}: {done.out}{done.err}"
        assert_in_layout(root, name)
        assert_sync_changes_nothing(run, root, name)

    step("review", "--root", root, "review", "de", "--by", "Anna Schmidt")

    out = tmp_path / "exported"
    assert run("--root", root, "export", "de", "--out", out).code == 0
    xliff = out / f"{SAMPLE_SLUG}.de.xlf"
    edit(xliff, "Russland nutzte den Karabach-Konflikt", "Russland benutzte den Karabach-Konflikt")
    step("an XLIFF import", "--root", root, "import", "de", xliff)

    assert run("--root", root, "export", "de", "--format", "tmx", "--out", out).code == 0
    config = load_config(root)
    catalog = parse_po(po.read_text(encoding="utf-8"), path=DE)
    emptied = next(e for e in catalog if e.msgid and len(e.msgstr) > 100 and not e.obsolete)
    emptied.msgstr = ""
    po.write_text(catalog_text(catalog, config), encoding="utf-8")
    step("a TMX fill", "--root", root, "import", "de", out / "de.tmx")
    filled = parse_po(po.read_text(encoding="utf-8"), path=DE).find(emptied.msgid)
    assert filled is not None and filled.msgstr  # the fill wrote the catalog

    assert run("--root", root, "build", "--lang", "de").code == 0
    po.unlink()
    step("an import of a translated article", "--root", root, "import", "de",
         root / "build" / "de" / f"{SAMPLE_SLUG}.md", "--article", SAMPLE_SLUG)

    # git's merge driver, run as git runs it: at the top of the work tree, OURS a file there
    monkeypatch.chdir(root)
    base, theirs = tmp_path / "base.po", tmp_path / "theirs.po"
    shutil.copy(po, base)
    shutil.copy(po, theirs)
    edit(theirs, "Russland benutzte den Karabach-Konflikt", "Russland gebrauchte den "
         "Karabach-Konflikt")
    step("merge-po", "merge-po", base, DE, theirs, DE)
    assert "gebrauchte" in po.read_text(encoding="utf-8")  # the driver wrote the catalog

    # a catalog git merged as text: one translation changed on both sides
    lines = po.read_text(encoding="utf-8").split("\n")
    at = lines.index(SHORT) + 1
    assert lines[at].startswith('msgstr "') and lines[at] != 'msgstr ""'
    lines[at:at + 1] = ["<<<<<<< ours", 'msgstr "Interview nach Chatham-House-Regeln."',
                        "=======", 'msgstr "Ein Interview nach den Chatham-House-Regeln."',
                        ">>>>>>> theirs"]
    po.write_text("\n".join(lines), encoding="utf-8")
    step("resolve", "resolve", DE)
    assert "<<<<<<<" not in po.read_text(encoding="utf-8")

    step("mv", "--root", root, "mv", SAMPLE_SLUG, "renamed")
    assert (root / "locales" / "de" / "renamed.po").is_file()  # mv wrote the catalog


def test_catalogs_are_laid_out_in_one_place() -> None:
    """Only `store.catalogs` lays a catalog out for writing (so only it needs the project's
    width); `core.po.pofile` defines the layout."""
    src = Path(__file__).resolve().parents[1] / "src" / "transkit"
    callers = sorted(p.relative_to(src).as_posix() for p in src.rglob("*.py")
                     if "format_po(" in p.read_text(encoding="utf-8")
                     or "generate_po(" in p.read_text(encoding="utf-8"))
    assert callers == ["core/po/pofile.py", "store/catalogs.py"]
