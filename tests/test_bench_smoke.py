"""The benchmark harness: the corpus generator is deterministic and writes valid catalogs.

No timing is asserted here: `make bench-smoke` and `make bench` measure, tests only check that
what they measure on is well-formed.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import polib
import pytest

from transkit.cli import main
from transkit.core.po.pofile import parse_po

pytestmark = pytest.mark.slow  # real processes, peers or long property searches

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 3
BIG = 40


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "benchmarks" / name)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus_module() -> ModuleType:
    return _load("corpus.py")


@pytest.fixture(scope="module")
def corpus(corpus_module: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "a"
    corpus_module.generate(out, articles=ARTICLES, big_paragraphs=BIG, seed=7)
    return out


def _files(root: Path) -> list[Path]:
    """The generated files, without transkit's own dot-files (lock, caches)."""
    return sorted(
        p.relative_to(root)
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def test_corpus_is_deterministic(
    corpus: Path, corpus_module: ModuleType, tmp_path: Path
) -> None:
    again = tmp_path / "b"
    corpus_module.generate(again, articles=ARTICLES, big_paragraphs=BIG, seed=7)
    files = _files(corpus)
    assert files == _files(again)
    for rel in files:
        assert (corpus / rel).read_bytes() == (again / rel).read_bytes(), rel


def test_another_seed_gives_another_corpus(
    corpus: Path, corpus_module: ModuleType, tmp_path: Path
) -> None:
    other = tmp_path / "c"
    corpus_module.generate(other, articles=1, big_paragraphs=5, seed=8)
    name = Path("base/sources/article-00001.md")
    assert (corpus / name).read_bytes() != (other / name).read_bytes()


def test_corpus_layout_and_catalogs(corpus: Path) -> None:
    base = corpus / "base"
    sources = sorted((base / "sources").glob("*.md"))
    assert len(sources) == ARTICLES
    entries = translated = fuzzy = 0
    for lang in ("hy", "de", "ru"):
        catalogs = sorted((base / "locales" / lang).glob("*.po"))
        assert [c.stem for c in catalogs] == [s.stem for s in sources]
        for path in catalogs:
            catalog = parse_po(path.read_text(encoding="utf-8"), path=str(path))
            for entry in catalog:
                if entry.obsolete:
                    continue
                entries += 1
                translated += bool(entry.translated())
                if "fuzzy" in entry.flags:
                    fuzzy += 1
                    assert entry.msgstr and entry.previous_msgid
    assert entries > ARTICLES * 3 * 30
    assert 0.65 < translated / entries < 0.92
    assert 0 < fuzzy / entries < 0.15
    # the catalogs are in the state a sync leaves: syncing again changes nothing
    assert main(["--root", str(base), "sync", "--dry-run", "--quiet"]) == 0
    assert main(["--root", str(corpus / "bigdoc" / "base"), "sync", "--dry-run", "--quiet"]) == 0


def test_corpus_edits(corpus: Path) -> None:
    one = list((corpus / "edits" / "one-article" / "sources").glob("*.md"))
    assert len(one) == 1
    original = corpus / "base" / "sources" / one[0].name
    assert one[0].read_text(encoding="utf-8") != original.read_text(encoding="utf-8")
    assert list((corpus / "edits" / "ten-percent" / "sources").glob("*.md"))
    big = corpus / "bigdoc"
    old = (big / "base" / "sources" / "big-document.md").read_text(encoding="utf-8")
    new = (big / "edited" / "sources" / "big-document.md").read_text(encoding="utf-8")
    assert old != new
    pot = polib.pofile(str(big / "edited.pot"))
    blocks = [b for b in new.split("\n\n") if b.strip()]
    assert len(pot) == len(blocks) - 1 + 2  # the front matter block holds title and subtitle
    assert all(not e.msgstr for e in pot)
    # a new article of 50 units for the translation memory, reusing paragraphs of the corpus
    (article,) = (corpus / "edits" / "new-article" / "sources").glob("*.md")
    template = polib.pofile(str(corpus / "edits" / "new-article.pot"))
    assert len(template) == 50 and not (corpus / "base" / "sources" / article.name).exists()
    base = "\n".join(p.read_text(encoding="utf-8")
                     for p in (corpus / "base" / "sources").glob("*.md"))
    assert sum(1 for e in template if e.msgid in base) >= 15


@pytest.mark.parametrize("gnu_time", [True, False])
def test_run_once_measures_a_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gnu_time: bool
) -> None:
    run = _load("run.py")
    if not gnu_time:  # the os.wait4 fallback
        monkeypatch.setattr(run, "GNU_TIME", tmp_path / "no-such-time")
    elif not run.GNU_TIME.exists():
        pytest.skip("/usr/bin/time is not installed")
    done = run.run_once([sys.executable, "-c", "x = bytearray(50_000_000)"], cwd=tmp_path,
                        log=tmp_path / "log.txt", timeout=60)
    assert done.code == 0
    assert done.peak_kb is not None and done.peak_kb > 40_000
    killed = run.run_once([sys.executable, "-c", "import time; time.sleep(30)"], cwd=tmp_path,
                          log=tmp_path / "log.txt", timeout=0.5)
    assert killed.code is None


def test_run_once_lets_python_keep_its_bytecode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command measured writes and reuses Python's bytecode as an installed one does, even
    where PYTHONDONTWRITEBYTECODE is set (a pinned source tree would be compiled on every run)."""
    run = _load("run.py")
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setenv("BENCH_SMOKE_KEPT", "yes")
    seen = tmp_path / "seen.txt"
    script = ("import os, sys; open(sys.argv[1], 'w').write("
              "repr((sys.dont_write_bytecode, os.environ.get('BENCH_SMOKE_KEPT'))))")
    done = run.run_once([sys.executable, "-c", script, seen], cwd=tmp_path,
                        log=tmp_path / "log.txt", timeout=60)
    assert done.code == 0
    assert seen.read_text(encoding="utf-8") == "(False, 'yes')"


def test_restore_tree_rewrites_only_what_differs(tmp_path: Path) -> None:
    run = _load("run.py")
    pristine, work = tmp_path / "pristine", tmp_path / "work"
    (pristine / "a").mkdir(parents=True)
    (pristine / "a" / "kept.txt").write_text("kept", encoding="utf-8")
    (pristine / "a" / "changed.txt").write_text("original", encoding="utf-8")
    (pristine / "gone.txt").write_text("gone", encoding="utf-8")
    run.copy_tree(pristine, work)
    inode = (work / "a" / "kept.txt").stat().st_ino
    (work / "a" / "changed.txt").write_text("edited by a run", encoding="utf-8")
    (work / "gone.txt").unlink()
    (work / "extra").mkdir()
    (work / "extra" / "new.txt").write_text("new", encoding="utf-8")
    assert run.restore_tree(pristine, work) == 2
    assert (work / "a" / "changed.txt").read_text(encoding="utf-8") == "original"
    assert (work / "gone.txt").read_text(encoding="utf-8") == "gone"
    assert not (work / "extra").exists()
    assert (work / "a" / "kept.txt").stat().st_ino == inode


def test_restore_tree_leaves_kept_entries_alone(tmp_path: Path) -> None:
    """A fresh clone is restored without the cache; git's repository survives a restore."""
    run = _load("run.py")
    pristine, work = tmp_path / "pristine", tmp_path / "work"
    (pristine / ".transkit-cache").mkdir(parents=True)
    (pristine / ".transkit-cache" / "sync.jsonl").write_text("{}", encoding="utf-8")
    (pristine / "a.txt").write_text("a", encoding="utf-8")
    run.restore_tree(pristine, work, keep=(".transkit-cache", ".git"))
    assert (work / "a.txt").exists() and not (work / ".transkit-cache").exists()
    (work / ".git").mkdir()
    (work / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    (work / "extra.txt").write_text("x", encoding="utf-8")
    run.restore_tree(pristine, work, keep=(".transkit-cache", ".git"))
    assert (work / ".git" / "HEAD").read_text(encoding="utf-8") == "ref"
    assert not (work / "extra.txt").exists() and not (work / ".transkit-cache").exists()
    run.restore_tree(pristine, work)  # nothing kept: the cache comes back, .git goes
    assert (work / ".transkit-cache" / "sync.jsonl").exists() and not (work / ".git").exists()


def test_targets_are_judged_on_the_fresh_clone_unless_marked_warm() -> None:
    run = _load("run.py")
    cold = run.Result("sync", "transkit sync", runs=[run.Run(3.0, None, 0, 2.5)])
    warm = run.Result("sync", "transkit sync", runs=[run.Run(0.5, None, 0, 0.4)])
    row = run.Row(cold, warm=warm, targets=[run.Target("≤ 2 s", run.seconds(2.0)),
                                            run.Target("≤ 1 s", run.seconds(1.0), warm=True)])
    assert row.verdict() == "≤ 2 s: **missed**; ≤ 1 s (warm): met"
    assert cold.cpu_median == 2.5


def test_profile_split_names_the_innermost_stage(tmp_path: Path) -> None:
    split = _load("profile_split.py")
    package = tmp_path / "pkg"
    for rel, body in (("core/source/seg.py", "def cut(f):\n    return f()\n"),
                      ("core/po/pofile.py", "def format_po(f):\n    return f()\n"
                                            "def parse_po(f):\n    return f()\n"),
                      ("cli.py", "def main(f):\n    return f()\n")):
        path = package / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    loaded = {}
    for rel in ("core/source/seg.py", "core/po/pofile.py", "cli.py"):
        spec = importlib.util.spec_from_file_location(f"fake_{rel.replace('/', '_')}",
                                                      package / rel)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        loaded[rel] = module
    here = sys._getframe
    prefix = str(package) + "/"
    seg, po, cli = loaded["core/source/seg.py"], loaded["core/po/pofile.py"], loaded["cli.py"]
    assert split.stage_of(cli.main(lambda: seg.cut(here)), prefix) == "segment"
    assert split.stage_of(seg.cut(lambda: po.format_po(here)), prefix) == "write"
    assert split.stage_of(po.format_po(lambda: po.parse_po(here)), prefix) == "parse"
    assert split.stage_of(cli.main(here), prefix) == "other"


def test_profile_split_floor_reads_every_catalog(tmp_path: Path) -> None:
    split = _load("profile_split.py")
    (tmp_path / "locales" / "de").mkdir(parents=True)
    (tmp_path / "locales" / "de" / "a.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "One"\nmsgstr "Eins"\n',
        encoding="utf-8")
    found = split.floor(tmp_path)
    assert (found["catalogs"], found["strings"]) == (1, 5)
    table = split.split_table([], [("1 article", found)])
    assert "| 1 article | 1 | 0 |" in table
