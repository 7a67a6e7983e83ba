"""Real human translations that lag their English (tests/data/real-archive, see SOURCE.md):
`transkit import --english-at auto` gets at least 90 % of the translated text into the
catalogs, lists every letter that it does not, and never crashes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .test_bench_smoke import _load

pytestmark = pytest.mark.slow  # real processes, peers or long property searches

DATA = Path(__file__).resolve().parent / "data" / "real-archive"


@pytest.fixture(scope="module")
def tallies(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Any]:
    archive = _load("real_archive.py")
    pairs = archive.load(DATA)
    assert pairs and all(p.english_then not in (None, p.english_now) for p in pairs)  # lagging
    tallies: dict[tuple[str, str], Any] = archive.measure(
        pairs, tmp_path_factory.mktemp("replay"), with_po4a=False)
    return tallies


def test_nine_in_ten_translated_letters_reach_the_catalogs(
    tallies: dict[tuple[str, str], Any]
) -> None:
    assert {key for key in tallies} == {("cncf-glossary", "de"), ("cncf-glossary", "ru"),
                                        ("hexo-site", "ru")}
    for key, tally in tallies.items():
        assert tally.letters > 1000, key
        assert tally.history / tally.letters >= 0.9, (key, tally.history, tally.letters)
        assert tally.refused == 0, key


def test_every_letter_that_does_not_is_listed(tallies: dict[tuple[str, str], Any]) -> None:
    for key, tally in tallies.items():
        assert tally.unlisted == 0, key
        assert tally.history + tally.listed == tally.letters, key
