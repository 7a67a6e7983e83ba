"""Terminology: the glossary, the `terminology` check on real inflected forms, todo's term lists,
and a glossary's bad input."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from transkit.core.po.pofile import format_po, parse_po
from transkit.core.terms.glossary import parse_glossary_csv, parse_glossary_tbx
from transkit.core.terms.match import contains, forms, missing_terms, terms_in
from transkit.core.terms.model import Glossary, Term
from transkit.errors import GlossaryError

from .conftest import ROOT, SAMPLE_SLUG, Result
from .fsutil import changes, snapshot

Run = Callable[..., Result]
LANGS = ("hy", "de", "ru")
NK = Term("Nagorno-Karabakh",
          (("hy", ("Լեռնային Ղարաբաղ",)), ("de", ("Berg-Karabach",)),
           ("ru", ("Нагорный Карабах", "нагорно-карабахский"))), line=2)
GLOSSARY = Glossary("glossary.csv", (
    NK,
    Term("Karabakh", (("ru", ("Карабах", "карабахский")),), line=3),
    Term("peacekeepers", (("ru", ("миротворцы",)), ("de", ("Friedenstruppen",))), line=4),
    Term("Armenia", (("hy", ("Հայաստան",)), ("ru", ("Армения",))), line=5),
    Term("US", (("de", ("USA",)),), line=6),
))
EN = "The peacekeepers left Nagorno-Karabakh."


def _has(text: str, phrase: str, lang: str) -> bool:
    return contains(forms(text, lang), forms(phrase, lang))


@pytest.mark.parametrize(("lang", "text"), [
    ("ru", "этническая чистка армян Нагорного Карабаха"),
    ("ru", "в Нагорном Карабахе"),
    ("ru", "Нагорный Карабах"),
    ("ru", "с Нагорным Карабахом"),
    ("ru", "власти нагорно-карабахского ополчения"),  # listed as an accepted form
    ("de", "der Armenier Berg-Karabachs"),
    ("de", "in Berg-Karabach"),
    ("hy", "Լեռնային Ղարաբաղում"),
    ("hy", "Լեռնային Ղարաբաղի հայերի"),
    ("hy", "Լեռնային Ղարաբաղը"),
    ("hy", "Լեռնային Ղարաբա՞ղը"),  # a question mark on the stressed vowel is inside the word
])
def test_inflected_forms_of_a_term_are_its_translation(lang: str, text: str) -> None:
    assert list(missing_terms(EN, text + " миротворцы Friedenstruppen", lang, GLOSSARY)) == []


@pytest.mark.parametrize(("lang", "text"), [
    ("ru", "в Арцахе"),  # another name: a different term
    ("ru", "Карабах"),  # half the term
    ("ru", "Карабаха Нагорного"),  # not in order
    ("de", "in Arzach"),
    ("de", "Bergkarabach"),  # one word: not the glossary's spelling
    ("hy", "Արցախում"),
    ("hy", "Ղարաբաղում"),
])
def test_other_words_are_not_the_term(lang: str, text: str) -> None:
    assert NK in list(missing_terms(EN, text, lang, GLOSSARY))


def test_a_compound_adjective_counts_only_when_the_glossary_lists_it() -> None:
    assert _has("нагорно-карабахского конфликта", "нагорно-карабахский", "ru")
    assert not _has("нагорно-карабахского конфликта", "Нагорный Карабах", "ru")


def test_the_stemmers_join_forms_they_cut_differently() -> None:
    # Snowball cuts «Карабах» to «караб» but «Карабаха» to «карабах»; short Armenian words
    # keep their endings («զտումը»): both still match their nominative
    assert _has("Карабаха", "Карабах", "ru")
    assert _has("Азербайджаном", "Азербайджан", "ru")
    assert _has("էթնիկ զտումը", "էթնիկ զտում", "hy")
    assert _has("Waffenstillstands", "Waffenstillstand", "de")
    # derived words and stems that change are forms a glossary lists
    assert not _has("Russlandpolitik", "Russland", "de")
    assert not _has("карабахского", "Карабах", "ru")
    assert not _has("Ուկրաինայում", "Ուկրաինա", "hy")
    assert _has("Ուկրաինայում", "Ուկրաինայի", "hy")


def test_the_english_matches_plurals_possessives_and_no_case() -> None:
    found = [t.source for t in terms_in("Armenia’s peacekeeper and the PEACEKEEPERS’ posts "
                                        "in nagorno karabakh", GLOSSARY)]
    assert found == ["Armenia", "peacekeepers", "Nagorno-Karabakh"]
    assert [t.source for t in terms_in("Let us go to the US.", GLOSSARY)] == ["US"]
    assert terms_in("Armenian peacekeeping", GLOSSARY) == []  # other words


def test_a_longer_term_hides_the_shorter_one_inside_it() -> None:
    assert [t.source for t in terms_in("Nagorno-Karabakh", GLOSSARY)] == ["Nagorno-Karabakh"]
    assert [t.source for t in terms_in("the Karabakh war", GLOSSARY)] == ["Karabakh"]


def test_a_term_without_a_translation_into_the_language_is_not_checked() -> None:
    assert list(missing_terms("Armenia", "Armenien", "de", GLOSSARY)) == []


# --- the format -------------------------------------------------------------------------------


def _csv(text: str) -> Glossary:
    return parse_glossary_csv(text, path="g.csv", source_language="en", languages=LANGS)


def test_a_csv_glossary_reads_columns_in_any_order_alternatives_and_notes() -> None:
    glossary = _csv('\ufeffru,en,note,de\n'
                    '"Нагорный Карабах | нагорно-карабахский",Nagorno-Karabakh,"the region, '
                    'not Artsakh",\n\n'
                    'миротворцы,peacekeepers,,Friedenstruppen\n')
    first, second = glossary.terms
    assert first == Term("Nagorno-Karabakh",
                         (("ru", ("Нагорный Карабах", "нагорно-карабахский")),),
                         "the region, not Artsakh", 2)
    assert second.line == 4 and second.accepted("de") == ("Friedenstruppen",)


def test_a_spreadsheet_may_separate_cells_with_semicolons() -> None:
    glossary = _csv("en;de;ru\r\nNagorno-Karabakh;Berg-Karabach;Нагорный Карабах\r\n")
    assert glossary.terms[0].accepted("de") == ("Berg-Karabach",)


@pytest.mark.parametrize(("text", "line", "words"), [
    ("", 1, "has no header"),
    ("term,hy,de\nArmenia,Հայաստան,Armenien\n", 1, "no 'en' column"),
    ("en,hy,fr\nArmenia,Հայաստան,Arménie\n", 1, "column 'fr' is neither"),
    ("en,de,de\nArmenia,Armenien,Armenien\n", 1, "names column 'de' twice"),
    ("en,hy,\nArmenia,Հայաստան,\n", 1, "empty column name"),
    ("en,de\nArmenia,Armenien\nRussia,Russland,Russia\n", 3, "has 3 cells"),
    ('en,de\nArmenia,Armenien\n"Russia,Russland\n', 3, "is not valid CSV"),
    ('en,de\nArmenia,"Arme"nien\n', 2, "is not valid CSV"),
    ("en,de\nArmenia,Armenien\n,Russland\n", 3, "has no term in column 'en'"),
    ("en,de\nArmenia,Armenien\narmenia,Armenien\n", 3, "already on line 2"),
    ("en,de\nArmenia,Armenien||Armenia\n", 2, "empty translation between '|'"),
])
def test_a_broken_csv_glossary_is_refused_with_its_line(text: str, line: int, words: str) -> None:
    with pytest.raises(GlossaryError) as caught:
        _csv(text)
    assert caught.value.path == "g.csv" and caught.value.line == line
    assert words in caught.value.message


TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en">
<martifHeader><fileDesc><sourceDesc><p>OSTWEST MONITORING</p></sourceDesc></fileDesc>
</martifHeader>
<text><body>
<termEntry id="nk">
  <descrip type="definition">the region</descrip>
  <langSet xml:lang="en"><tig><term>Nagorno-Karabakh</term></tig></langSet>
  <langSet xml:lang="ru-RU"><tig><term>Нагорный Карабах</term></tig>
    <tig><term>нагорно-карабахский</term></tig>
    <tig><term>Арцах</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
  </langSet>
  <langSet xml:lang="de"><tig><term>Berg-Karabach</term></tig></langSet>
  <langSet xml:lang="fr"><tig><term>Haut-Karabakh</term></tig></langSet>
</termEntry>
</body></text>
</martif>
"""


def test_a_tbx_termbase_is_read_with_translate_toolkit() -> None:
    glossary = parse_glossary_tbx(TBX.encode(), path="t.tbx", source_language="en",
                                  languages=LANGS)
    (term,) = glossary.terms
    assert term.source == "Nagorno-Karabakh" and term.note == "the region" and term.line == 6
    # deprecated terms are not accepted; languages the project lacks are left out
    assert term.targets == (("de", ("Berg-Karabach",)),
                            ("ru", ("Нагорный Карабах", "нагорно-карабахский")))


@pytest.mark.parametrize(("data", "line", "words"), [
    (TBX.replace("</termEntry>", "</termEntr>"), 16, "not well-formed XML"),
    (TBX.replace('<langSet xml:lang="en"><tig><term>Nagorno-Karabakh</term></tig></langSet>',
                 ""), 6, "has no 'en' term"),
    ('<?xml version="1.0"?>\n<tmx version="1.4"><body/></tmx>\n', 2, "root element is <tmx>"),
])
def test_a_broken_tbx_is_refused_with_its_line(data: str, line: int, words: str) -> None:
    with pytest.raises(GlossaryError) as caught:
        parse_glossary_tbx(data.encode(), path="t.tbx", source_language="en", languages=LANGS)
    assert caught.value.line == line and words in caught.value.message


# --- the project ------------------------------------------------------------------------------

RU = f"locales/ru/{SAMPLE_SLUG}.po"


@pytest.fixture
def edition(project: Path) -> Path:
    """The sample project with the glossary it ships with."""
    shutil.copy(ROOT / "glossary.csv", project / "glossary.csv")
    return project


def test_the_bundled_edition_passes_with_the_glossary_of_its_key_terms(
    run: Run, edition: Path
) -> None:
    glossary = (edition / "glossary.csv").read_text(encoding="utf-8")
    for term in ("Nagorno-Karabakh", "Armenia", "Azerbaijan", "Russia", "peacekeepers",
                 "OSCE Minsk Group", "ceasefire"):
        assert f"\n{term}," in glossary
    result = run("--root", edition, "check", "--format", "json")
    assert result.code == 0, result.out
    assert '"terminology"' not in result.out and '"warnings": 0' in result.out


def test_every_key_term_is_used_by_the_bundled_article(edition: Path) -> None:
    from transkit.config import load_config
    from transkit.store.glossary import read_glossary

    glossary = read_glossary(load_config(edition))
    assert glossary is not None and len(glossary.terms) >= 15
    english = [e.msgid for e in polib.pofile(str(edition / RU))]
    used = {t for text in english for t in terms_in(text, glossary)}
    assert used == set(glossary.terms)


def _edit(project: Path, edit: Callable[[polib.POFile], None]) -> None:
    """Change the Russian catalog as a translator's editor would, in gettext's layout."""
    path = project / RU
    catalog = parse_po(path.read_text(encoding="utf-8"), path=RU)
    edit(catalog)
    path.write_text(format_po(catalog), encoding="utf-8")


def _retranslate(project: Path, old: str, new: str) -> int:
    """Replace words of the Russian title's translation; the line of its msgstr."""
    def edit(catalog: polib.POFile) -> None:
        assert old in catalog[0].msgstr
        catalog[0].msgstr = catalog[0].msgstr.replace(old, new)

    _edit(project, edit)
    lines = (project / RU).read_text(encoding="utf-8").split("\n")
    start = int(polib.pofile(str(project / RU))[0].linenum or 0)
    return next(i for i in range(start, len(lines) + 1) if lines[i - 1].startswith("msgstr"))


def test_a_translation_with_a_wrong_term_is_flagged(run: Run, edition: Path) -> None:
    line = _retranslate(edition, "Нагорном Карабахе", "Арцахе")
    result = run("--root", edition, "check")
    assert result.code == 0  # a warning: check still passes
    (finding,) = [x for x in result.out.splitlines() if "[terminology]" in x]
    assert finding.startswith(f"{RU}:{line}: warning: [terminology] 'Nagorno-Karabakh' is not "
                              "translated as the glossary says (glossary.csv:2): "
                              "'Нагорный Карабах' or 'нагорно-карабахский'")


def test_an_inflected_or_listed_form_passes_and_a_comment_silences_the_check(
    run: Run, edition: Path
) -> None:
    _retranslate(edition, "в Нагорном Карабахе", "нагорно-карабахского урегулирования")
    assert "[terminology]" not in run("--root", edition, "check").out
    _retranslate(edition, "нагорно-карабахского", "арцахского")
    assert "[terminology]" in run("--root", edition, "check").out  # the cache follows the edit
    _edit(edition, lambda c: setattr(c[0], "tcomment", "transkit-ignore-terminology: a title"))
    assert "[terminology]" not in run("--root", edition, "check").out


def test_a_changed_glossary_is_checked_again(run: Run, edition: Path) -> None:
    assert "[terminology]" not in run("--root", edition, "check").out
    glossary = edition / "glossary.csv"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(
        "Степанакерт,", "Ханкенди,"), encoding="utf-8")
    out = run("--root", edition, "check").out
    assert out.count("[terminology] 'Stepanakert'") == 3


def test_no_glossary_no_terminology(run: Run, project: Path) -> None:
    _retranslate(project, "Нагорном Карабахе", "Арцахе")
    assert "[terminology]" not in run("--root", project, "check").out


def test_todo_lists_the_glossary_terms_of_each_open_entry(run: Run, edition: Path) -> None:
    _edit(edition, lambda c: setattr(c[1], "msgstr", ""))
    out = run("--root", edition, "todo", "ru").out
    assert ("untranslated: Russia used the Karabakh conflict as a bargaining chip to advance its "
            "geopolitical interests\n"
            "      term: Russia = Россия (the country)\n"
            "      term: Karabakh = Карабах | карабахский (as in \"the Karabakh conflict\")\n"
            ) in out
    german = run("--root", edition, "todo", "de").out
    assert "term:" not in german  # nothing open in German


def test_a_tbx_glossary_named_in_the_configuration_is_used(run: Run, project: Path) -> None:
    (project / "terms.tbx").write_text(TBX, encoding="utf-8")
    config = project / "transkit.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'glossary = "terms.tbx"\n',
                      encoding="utf-8")
    assert "[terminology]" not in run("--root", project, "check").out
    _retranslate(project, "Нагорном Карабахе", "Арцахе")  # deprecated in the termbase
    assert "(terms.tbx:6): 'Нагорный Карабах' or" in run("--root", project, "check").out


@pytest.mark.parametrize(("text", "line", "words"), [
    ("en,hy,de,ru,note,comment\nArmenia,Հայաստան,Armenien,Армения,,\n", 1,
     "column 'comment' is neither 'en', a language of the project (hy, de, ru) nor 'note'"),
    ("en,hy,de,ru,note\nArmenia,Հայաստան,Armenien,Армения\n", 2, "has 4 cells where"),
    ("Armenia,Հայաստան,Armenien,Армения\n", 1, "the header has no 'en' column"),
])
@pytest.mark.parametrize("command", [["check"], ["todo", "ru"]])
def test_a_bad_glossary_stops_check_and_todo_and_writes_nothing(
    run: Run, edition: Path, text: str, line: int, words: str, command: list[str]
) -> None:
    (edition / "glossary.csv").write_text(text, encoding="utf-8")
    before = snapshot(edition)
    result = run("--root", edition, *command)
    assert result.code == 2 and result.out == ""
    (message,) = result.err.strip().splitlines()
    assert message.startswith(f"transkit: error: glossary.csv:{line}: {words}"), message
    assert changes(before, snapshot(edition)) == []


@pytest.mark.parametrize(("value", "words"), [
    ('"missing.csv"', "key 'glossary': file 'missing.csv' does not exist"),
    ('"terms.txt"', "is neither a .csv nor a .tbx file"),
    ("3", "key 'glossary' must be a file name"),
])
def test_a_bad_glossary_key_is_refused(run: Run, project: Path, value: str, words: str) -> None:
    (project / "terms.txt").write_text("", encoding="utf-8")
    config = project / "transkit.toml"
    config.write_text(config.read_text(encoding="utf-8") + f"glossary = {value}\n",
                      encoding="utf-8")
    result = run("--root", project, "check")
    assert result.code == 2 and words in result.err and "transkit.toml:" in result.err


def test_an_empty_glossary_key_switches_the_glossary_off(run: Run, edition: Path) -> None:
    _retranslate(edition, "Нагорном Карабахе", "Арцахе")
    config = edition / "transkit.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'glossary = ""\n', encoding="utf-8")
    assert "[terminology]" not in run("--root", edition, "check").out
