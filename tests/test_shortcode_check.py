"""check: shortcodes and template tags are kept, paired, and only their text is translated;
HTML tags in a unit are kept like inline Markdown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from transkit.core.checks.model import Level
from transkit.core.checks.registry import CheckOptions
from transkit.core.checks.run import run_checks

from .conftest import Result

Run = Callable[..., Result]

TOOLTIP = 'The {{< glossary_tooltip text="API server" term_id="kube-apiserver" >}} answers.'
NOTE = "{{< note >}}Keep it short.{{< /note >}} Then {{% param version %}} applies."


def findings(source: str, target: str, **options: tuple[str, ...]) -> list[str]:
    return [message for check, message in run_checks(source, target, "de",
                                                       options=CheckOptions(**options))
            if check.id == "shortcodes"]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ('Der {{< glossary_tooltip text="API-Server" term_id="kube-apiserver" >}} antwortet.',
         []),
        ("Der API-Server antwortet.",
         ["shortcodes differ from the English: missing {{< glossary_tooltip >}}"]),
        ('Der {{< glossar text="API-Server" term_id="kube-apiserver" >}} antwortet.',
         ["shortcodes differ from the English: missing {{< glossary_tooltip >}}; "
          "unexpected {{< glossar >}}"]),
        ('Der {{< glossary_tooltip text="API-Server" term_id="kube-api-server" >}} antwortet.',
         ['a parameter that is not text was changed: {{< glossary_tooltip >}} '
          'term_id="kube-apiserver" became term_id="kube-api-server" (only the quoted values '
          'of alt, caption, text, title are translated)']),
        ('Der {{% glossary_tooltip text="API-Server" term_id="kube-apiserver" %}} antwortet.',
         ["shortcodes differ from the English: missing {{< glossary_tooltip >}}; "
          "unexpected {{% glossary_tooltip %}}"]),
    ],
    ids=["translated text", "dropped", "renamed", "id translated", "other delimiter"],
)
def test_a_shortcode_must_be_kept_with_its_parameters(target: str, expected: list[str]) -> None:
    assert findings(TOOLTIP, target) == expected


def test_pairs_must_stay_pairs() -> None:
    good = "{{< note >}}Kurz fassen.{{< /note >}} Dann gilt {{% param version %}}."
    assert findings(NOTE, good) == []
    swapped = "{{< /note >}}Kurz fassen.{{< note >}} Dann gilt {{% param version %}}."
    assert findings(NOTE, swapped) == [
        "opening and closing shortcodes do not pair up as in the English"]
    dropped = "{{< note >}}Kurz fassen. Dann gilt {{% param version %}}."
    assert findings(NOTE, dropped) == [
        "shortcodes differ from the English: missing {{< /note >}}"]
    # a translator may put inline shortcodes in another order
    two = '{{< t text="a" id="1" >}} and {{< t text="b" id="2" >}}'
    assert findings(two, '{{< t text="B" id="2" >}} und {{< t text="A" id="1" >}}') == []


def test_liquid_tags_and_output() -> None:
    source = "Visit {{ site.url }} or {% include link.html title=\"Home\" url=\"/\" %}."
    assert findings(source, 'Besuche {{ site.url }} oder {% include link.html title="Start" '
                            'url="/" %}.') == []
    assert findings(source, 'Besuche {{ site.uri }} oder {% include link.html title="Start" '
                            'url="/" %}.') == [
        "shortcodes differ from the English: missing {{ site.url }}; unexpected {{ site.uri }}"]


def test_a_liquid_condition_is_not_translated() -> None:
    assert findings('{% if site.lang == "en" %}Hi{% endif %}',
                    '{% if site.lang == "de" %}Hallo{% endif %}') == [
        'a parameter that is not text was changed: {% if %} was {% if site.lang == "en" %}, '
        'is {% if site.lang == "de" %} (only the quoted values of alt, caption, text, title '
        'are translated)']


def test_the_translatable_parameters_are_configured() -> None:
    source = '{{< card heading="Fast" >}}'
    target = '{{< card heading="Schnell" >}}'
    assert findings(source, target) != []
    assert findings(source, target, shortcode_parameters=("heading",)) == []
    # a value that is not quoted is a setting even when its name is text's
    assert findings("{{< tabpane text=true >}}", "{{< tabpane text=false >}}") != []


def test_html_tags_are_kept_like_inline_markup() -> None:
    source = 'Log to standard error (when <a href="#x">-logtostderr</a> is <em>true</em>)'
    messages = [(c.id, c.severity, m) for c, m in run_checks(
        source, "Auf die Standardfehlerausgabe (wenn -logtostderr <em>wahr</em> ist)", "de")]
    assert ("inline-markup", Level.ERROR,
            "HTML tags differ from the English: missing <a> </a>") in messages
    assert not [m for c, m in run_checks(
        source, 'Auf stderr (wenn <a href="#x">-logtostderr</a> <em>wahr</em> ist)', "de")
        if c.id == "inline-markup"]


def test_check_reports_a_dropped_shortcode_as_an_error(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "transkit.toml").write_text(
        'languages = ["de"]\nsources = "content"\nshortcode_parameters = ["text", "label"]\n',
        encoding="utf-8")
    (root / "content" / "page.md").write_text(
        TOOLTIP + '\n\n{{< button label="Download now" href="/dl" >}}\n', encoding="utf-8")
    assert run("--root", root, "sync").code == 0
    po = root / "locales" / "de" / "page.po"
    catalog = polib.pofile(str(po))
    assert [e.msgid for e in catalog] == [TOOLTIP, "Download now"]
    catalog[0].msgstr = "Der API-Server antwortet."
    catalog[1].msgstr = "Jetzt herunterladen"
    catalog.save(str(po))
    result = run("--root", root, "check", "--format", "text")
    assert result.code == 1
    assert ("error: [shortcodes] shortcodes differ from the English: missing "
            "{{< glossary_tooltip >}}") in result.out
    assert "transkit-ignore-shortcodes" in result.out
    built = run("--root", root, "build", "--allow-fuzzy")
    assert built.code == 0, built.err
    page = (root / "build" / "de" / "page.md").read_text(encoding="utf-8")
    assert '{{< button label="Jetzt herunterladen" href="/dl" >}}' in page
