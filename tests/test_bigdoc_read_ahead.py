"""A sync of fewer articles than cores reads the translation memory while its first round syncs
(`runs.sync._reading_ahead`), for the questions its new units may ask, a superset of those
they ask, and looks up the answers to a catalog's many new units on two cores; the catalogs it
writes are those it writes reading the memory after the round, in one process.

What makes that exact: the units read for a superset of the questions answer each question as
those read for it alone (the same candidates, counted alike, answers ordered by what is
remembered); a superset it is (`core.sync.update.may_ask`); and the memory read ahead is not
used when the first round rewrote a catalog (the memory read after it would see the change).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import transkit.runs.recall
import transkit.runs.sync
from transkit.config import load_config
from transkit.core.po.catalog import new_catalog
from transkit.core.po.entries import fold
from transkit.core.source.segment import segment_markdown
from transkit.core.sync.memory import Asked, Kind, best, length_bounds, sketch, text_key
from transkit.core.sync.update import may_ask, sync_catalog
from transkit.runs.engine import Background
from transkit.runs.recall import units_memories

from .conftest import Run
from .test_memory_units import generated, write_catalogs
from .test_sync_properties import REFERENCE


def test_units_read_for_more_questions_answer_each_alike(tmp_path: Path) -> None:
    questions = generated(tmp_path)
    config = load_config(tmp_path)
    some = questions[::2]
    # the superset: the other questions and English the memory holds, in another order
    more = [*reversed(questions), "An English nobody asks about.", *questions[:40:3]]
    for threshold in (60.0, 80.0):
        alone = units_memories(config, [Asked("de", tuple(some), threshold)])["de"]
        read = units_memories(config, [Asked("de", tuple(more), threshold)])["de"]
        assert len(read) > len(alone)  # more was read: the comparison is not of equals
        for text in some:
            key = text_key("de", text)
            assert sorted(map(repr, read.exact(key, units=True))) == sorted(
                map(repr, alone.exact(key, units=True)))
            shortest, longest = length_bounds(len(fold(text)), threshold)
            hashes = sketch("de", text, Kind.UNIT)
            assert sorted(e for _, e in read.candidates(hashes, shortest, longest, units=True)) \
                == sorted(e for _, e in alone.candidates(hashes, shortest, longest, units=True))
            for limit in (1, 3):
                assert best("de", text, read, threshold=threshold, limit=limit) == best(
                    "de", text, alone, threshold=threshold, limit=limit), text


WORDS = ["talks", "Moscow", "ceasefire", "not", "held", "in", "2021", "the", "mission", "of"]
PARAGRAPHS = st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join),
                      min_size=0, max_size=12)


@settings(max_examples=200, deadline=None)
@given(PARAGRAPHS, PARAGRAPHS, st.lists(st.booleans(), min_size=12, max_size=12))
def test_what_a_sync_asks_is_among_what_it_may_ask(
    before: list[str], after: list[str], translated: list[bool]
) -> None:
    old = new_catalog(lang="de", project="P", slug="a", title="T")
    if before:
        first = sync_catalog(old, segment_markdown("\n\n".join(before) + "\n"),
                             reference=REFERENCE).catalog
        for entry, done in zip(first, translated, strict=False):
            entry.msgstr = f"Ü {entry.msgid}" if done else ""
        old = first
    document = segment_markdown("\n\n".join(after) + "\n")
    asked: list[str] = []
    result = sync_catalog(old, document, reference=REFERENCE, recall=asked.append)
    may = may_ask(old, document)
    assert set(asked) <= set(may)
    # (the recall answered none: what it was asked is what the result still asks)
    assert {result.catalog[n].msgid for n in result.asks} == set(asked)
    assert set(may) <= {s.text for s in document.segments}


def test_a_unit_with_a_live_entry_is_not_among_them() -> None:
    old = sync_catalog(new_catalog(lang="de", project="P", slug="a", title="T"),
                       segment_markdown("Kept.\n\nGone.\n"), reference=REFERENCE).catalog
    assert may_ask(old, segment_markdown("Kept.\n\nNew.\n")) == ["New."]
    assert may_ask(None, segment_markdown("Kept.\n\nNew.\n")) == ["Kept.", "New."]


# --- a sync -----------------------------------------------------------------------------------


def _spying(calls: list[str], parent: int) -> Callable[..., Any]:
    """units_memories, noting each call made in this process (not in a child it forks)."""
    def spy(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() == parent:
            calls.append("read")
        return units_memories(*args, **kwargs)

    return spy


def _synced(run: Run, root: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> list[str]:
    """Sync `root` with `jobs` workers, every question asked of the units (no scan), the
    answers to a catalog's new units looked up on two cores from 10 on; what the sync read of
    the memory in this process after its first round ("read"), and each process it forked to
    read or look up ("forked")."""
    calls: list[str] = []
    monkeypatch.setenv("TRANSKIT_JOBS", str(jobs))
    monkeypatch.setattr(transkit.runs.recall, "SCAN_BUDGET", 0)
    monkeypatch.setattr(transkit.runs.sync, "SCAN_BUDGET", 0)
    monkeypatch.setattr(transkit.runs.sync, "SHARED_ASKS", 10)
    monkeypatch.setattr(transkit.runs.sync, "units_memories", _spying(calls, os.getpid()))

    class Forked(Background[Any]):
        def __init__(self, function: Callable[[], Any]) -> None:
            calls.append("forked")
            super().__init__(function)

    monkeypatch.setattr(transkit.runs.sync, "Background", Forked)
    result = run("--root", root, "sync")
    monkeypatch.undo()
    assert result.code == 0, result.err
    return calls


def _catalogs(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "locales" / "de").glob("*.po"))}


def test_a_long_new_article_is_filled_from_the_memory_read_ahead(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ahead, after = tmp_path / "ahead" / "p", tmp_path / "after" / "p"  # the same project
    questions = generated(ahead)
    paragraphs = [q for q in questions if re.search(r"\w", q)]
    (ahead / "sources" / "new.md").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    shutil.copytree(ahead, after)
    # read ahead, not after the round; the answers looked up in two processes
    assert _synced(run, ahead, monkeypatch, jobs=2) == ["forked", "forked"]
    assert _synced(run, after, monkeypatch, jobs=1) == ["read"]
    assert _catalogs(ahead) == _catalogs(after)
    filled = _catalogs(ahead)["new.po"]
    assert filled.count(b"#. memory: ") > 60 and b"% similar)" in filled


def test_not_read_ahead_when_the_first_round_rewrote_a_catalog(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """b's paragraph goes, and its translation with it becomes obsolete when the first round
    rewrites b's catalog: the new article then takes c's translation of that English (a live
    one before an obsolete one), which the memory read before the round would not give."""
    ahead, after = tmp_path / "ahead" / "p", tmp_path / "after" / "p"
    shared = "The talks in Moscow were held in 2021."
    write_catalogs(ahead, "de", {"b": [(shared, "B-Übersetzung", False),
                                       ("Stays in b.", "Bleibt in b.", False)],
                                 "c": [(shared, "C-Übersetzung", False)]})
    (ahead / "sources" / "b.md").write_text("Stays in b.\n", encoding="utf-8")
    (ahead / "sources" / "c.md").write_text(f"{shared}\n", encoding="utf-8")
    (ahead / "sources" / "new.md").write_text(f"{shared}\n\nNothing like it.\n",
                                              encoding="utf-8")
    shutil.copytree(ahead, after)
    assert _synced(run, ahead, monkeypatch, jobs=4) == ["forked", "read"]  # read again after
    _synced(run, after, monkeypatch, jobs=1)
    assert _catalogs(ahead) == _catalogs(after)
    assert b'msgstr "C-\\303\\234bersetzung"' in _catalogs(ahead)["new.po"] or \
        "C-Übersetzung" in _catalogs(ahead)["new.po"].decode()


def test_a_sync_of_as_many_articles_as_cores_reads_nothing_ahead(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "p"
    write_catalogs(root, "de", {"b": [("Old.", "Alt.", False)]})
    (root / "sources" / "b.md").write_text("Old.\n\nNew in b.\n", encoding="utf-8")
    (root / "sources" / "c.md").write_text("New in c.\n", encoding="utf-8")
    assert _synced(run, root, monkeypatch, jobs=2) == ["read"]  # nothing forked


# --- the engine's Background ------------------------------------------------------------------


def _sleeping() -> None:
    import time

    time.sleep(600)


def _failing() -> None:
    raise ValueError("no")


def test_background_gives_its_result_none_on_failure_and_stops_unasked() -> None:
    import time

    assert Background(lambda: {"de": (1, "x")}).result() == {"de": (1, "x")}
    assert Background(_failing).result() is None
    asleep = Background(_sleeping)
    started = time.monotonic()
    asleep.stop()
    asleep.stop()  # twice is once
    assert time.monotonic() - started < 30
    assert not asleep._process.is_alive()


def test_the_read_ahead_stops_when_a_scan_answers(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync that asks what a scan answers does not leave the read ahead working beside the
    scan's pool: it is stopped before the scan reads."""
    root = tmp_path / "p"
    write_catalogs(root, "de", {"b": [("Old.", "Alt.", False)]})
    (root / "sources" / "b.md").write_text("Old.\n\nNew in b.\n", encoding="utf-8")
    events: list[str] = []

    class Watched(Background[Any]):
        def stop(self) -> None:
            events.append("stopped")
            super().stop()

    def recollections(*args: Any) -> Any:
        events.append("scanned")
        return real(*args)

    real = transkit.runs.recall.recollections
    monkeypatch.setenv("TRANSKIT_JOBS", "2")
    monkeypatch.setattr(transkit.runs.sync, "Background", Watched)
    monkeypatch.setattr(transkit.runs.sync, "recollections", recollections)
    result = run("--root", root, "sync")
    assert result.code == 0, result.err
    assert events[:2] == ["stopped", "scanned"]
