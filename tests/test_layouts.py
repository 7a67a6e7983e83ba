"""Editions where the site reads them: build patterns with {lang} and {id}, editions among the
sources never read back as articles, page bundles' files brought along, drafts as each site
generator hides them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polib
import pytest
import yaml

from transkit.config import load_config
from transkit.core.build.layout import LayoutError, parse_layout
from transkit.errors import ConfigError

from .conftest import Result

Run = Callable[..., Result]

POST = "---\ntitle: The canal\n---\n\nWater came back to the village.\n\nThe fields are green.\n"
TRIP = "---\ntitle: A trip\n---\n\n![The canal](photo.jpg)\n\nWe walked along the canal.\n"
SECTION = "---\ntitle: Blog\n---\n\nEvery post of the blog.\n"
PHOTO = b"\x89PNG\r\n\x1a\n not really a picture, but bytes all the same \x00\xff"


def site(root: Path, sources: str, config: str) -> Path:
    """A small Hugo-like content tree: a post, a section with an `_index` and a leaf bundle
    (`index.md` with a photo and a map in a folder below it)."""
    content = root / sources
    for name, text in (("post.md", POST), ("blog/_index.md", SECTION),
                       ("blog/trip/index.md", TRIP)):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    (content / "blog" / "banner.jpg").write_bytes(PHOTO + b"banner")
    (content / "blog" / "trip" / "photo.jpg").write_bytes(PHOTO)
    (content / "blog" / "trip" / "maps").mkdir()
    (content / "blog" / "trip" / "maps" / "route.gpx").write_text("<gpx/>\n", encoding="utf-8")
    (content / "blog" / "trip" / ".hidden").write_text("x", encoding="utf-8")
    (root / "transkit.toml").write_text(
        f'languages = ["de", "ru"]\nsources = "{sources}"\n{config}', encoding="utf-8")
    return root


def translate(root: Path, lang: str, *, skip: str = "", locales: str = "locales") -> None:
    """Translate every entry of every catalog of `lang` (but those whose English holds
    `skip`), as a translator would."""
    for po in sorted((root / locales / lang).rglob("*.po")):
        catalog = polib.pofile(str(po))
        for entry in catalog:
            if entry.msgid and not (skip and skip in entry.msgid):
                entry.msgstr = f"[{lang}] {entry.msgid}"
        catalog.save()


def front(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    assert isinstance(data, dict)
    return data


# --- the pattern -----------------------------------------------------------------------------


def test_a_folder_means_the_old_layout_and_a_pattern_says_where() -> None:
    assert parse_layout("/p/build").pattern == "/p/build/{lang}/{id}.md"
    by_folder = parse_layout("/p/content/{lang}/{id}.md")
    assert by_folder.path("de", "blog/trip/index") == "/p/content/de/blog/trip/index.md"
    assert by_folder.path("de", "post", ".html") == "/p/content/de/post.html"
    assert by_folder.folder("de") == "/p/content/de" and by_folder.prefix == "/p/content"
    by_name = parse_layout("/p/content/{id}.{lang}.md")
    assert by_name.path("de", "blog/trip/index") == "/p/content/blog/trip/index.de.md"
    assert by_name.folder("de") == "/p/content"
    jekyll = parse_layout("/p/_posts/{lang}/{id}.md")
    assert jekyll.path("ru", "2024-01-02-canal") == "/p/_posts/ru/2024-01-02-canal.md"
    match = by_name.matcher(["en", "de"])
    assert match("/p/content/blog/trip/index.de.md") == ("de", "blog/trip/index")
    assert match("/p/content/v1.2.de.md") == ("de", "v1.2")
    assert match("/p/content/post.fr.md") is None and match("/p/content/post.md") is None


@pytest.mark.parametrize(("pattern", "needle"), [
    ("/p/content/{lang}.md", "needs {id} exactly once"),
    ("/p/{id}/{id}.{lang}.md", "needs {id} exactly once"),
    ("/p/content/{language}/{id}.md", "'{language}' is not a field"),
    ("/p/content/{lang}/post-{id}.md", "{id} must begin a file or folder name"),
    ("/p/content/{lang}/{id}/index.md", "{id} must be in the file name"),
    ("/p/content/{lang}/{id}.html", "end it with '.md'"),
    ("/p/content/{id}{lang}.md", "must stand between dots"),
])
def test_a_pattern_that_cannot_say_where_is_refused_with_the_fix(pattern: str,
                                                                 needle: str) -> None:
    with pytest.raises(LayoutError, match=".") as err:
        parse_layout(pattern)
    assert needle in str(err.value)


@pytest.mark.parametrize(("build", "needle"), [
    ("locales/{lang}/{id}.md", "puts the en editions in locales/en, which holds"),
    ("{id}.{lang}.md", "holds the catalogs or lies inside them"),
    ("../site/{lang}/{id}.md", "leads outside the project root"),
    ("content/{lang}/{slug}.md", "'{slug}' is not a field"),
])
def test_a_build_key_that_would_mix_editions_with_catalogs_is_refused(
        tmp_path: Path, build: str, needle: str) -> None:
    site(tmp_path, "content/en", f'build = "{build}"\n')
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path)
    assert needle in str(err.value)
    assert f"transkit.toml:3: key 'build' = '{build}'" in str(err.value)


def test_editions_may_sit_among_the_sources_now(tmp_path: Path) -> None:
    # refused until now as "overlapping folders": the issue's `build = "content"`
    site(tmp_path, "content/en", 'build = "content"\n')
    config = load_config(tmp_path)
    assert config.build_path("de", "post") == tmp_path.resolve() / "content/de/post.md"


# --- Hugo by folder: content/{lang}/{id}.md --------------------------------------------------


def test_hugo_by_folder_gets_each_language_its_content_folder(tmp_path: Path, run: Run) -> None:
    root = site(tmp_path, "content/en", 'build = "content/{lang}/{id}.md"\nsite = "hugo"\n')
    assert run("--root", root, "sync").code == 0
    translate(root, "de")
    translate(root, "ru", skip="green")
    result = run("--root", root, "build")
    assert result.code == 0, result.err
    de = root / "content" / "de"
    assert "[de] Water came back" in (de / "post.md").read_text(encoding="utf-8")
    assert front(de / "post.md")["title"] == "[de] The canal"
    assert "draft" not in front(de / "post.md")
    assert front(root / "content/ru/post.md")["draft"] is True  # Hugo leaves drafts out
    # the leaf bundle's files go with it, the folder below too; hidden files and Markdown
    # (the articles) do not
    assert (de / "blog/trip/photo.jpg").read_bytes() == PHOTO
    assert (de / "blog/trip/maps/route.gpx").is_file()
    assert not (de / "blog/trip/.hidden").exists()
    # the section's (_index) own files, not its sections' pages
    assert (de / "blog/banner.jpg").read_bytes() == PHOTO + b"banner"
    # 3 pages and 3 bundle files in each of 2 languages
    assert result.out.startswith("built 6 editions in 2 languages: "), result.out
    assert "; 12 files written.\n" in result.out, result.out
    # nothing changed: nothing written, images included
    again = run("--root", root, "build")
    assert again.out.startswith("built 6 editions") and "; 0 files written." in again.out
    # a new picture goes out again, in every language
    (root / "content/en/blog/trip/photo.jpg").write_bytes(PHOTO + b"v2")
    third = run("--root", root, "build")
    assert third.out.startswith("built 6 editions") and "; 2 files written." in third.out
    assert (root / "content/ru/blog/trip/photo.jpg").read_bytes() == PHOTO + b"v2"


def test_the_english_is_not_built_onto_itself(tmp_path: Path, run: Run) -> None:
    root = site(tmp_path, "content/en", 'build = "content/{lang}/{id}.md"\n')
    assert run("--root", root, "sync").code == 0
    before = (root / "content/en/post.md").read_bytes()
    result = run("--root", root, "build", "--lang", "en")
    assert result.code == 2
    assert "--lang en: the build pattern puts the en editions among the sources " in result.err
    assert "(content/en/ID.md)" in result.err
    assert (root / "content/en/post.md").read_bytes() == before


def test_a_skipped_edition_takes_its_bundle_files_away(tmp_path: Path, run: Run) -> None:
    root = site(tmp_path, "content/en", 'build = "content/{lang}/{id}.md"\n')
    assert run("--root", root, "sync").code == 0
    translate(root, "de")
    assert run("--root", root, "build", "--lang", "de").code == 0
    photo = root / "content/de/blog/trip/photo.jpg"
    assert photo.is_file()
    with (root / "transkit.toml").open("a", encoding="utf-8") as config:
        config.write('below_threshold = "skip"\n')
    po = root / "locales/de/blog/trip/index.po"
    catalog = polib.pofile(str(po))
    for entry in catalog:
        if "walked" in entry.msgid:
            entry.msgstr = ""  # untranslated again: the edition is not final
    catalog.save()
    result = run("--root", root, "build", "--lang", "de")
    assert result.code == 0, result.err
    assert not (root / "content/de/blog/trip/index.md").exists() and not photo.exists()
    assert (root / "content/de/post.md").is_file()  # the other editions stay


# --- Hugo by file name: content/{id}.{lang}.md -----------------------------------------------


def test_hugo_by_file_name_writes_beside_the_english_and_never_reads_it_back(
        tmp_path: Path, run: Run) -> None:
    root = site(tmp_path, "content", 'build = "content/{id}.{lang}.md"\nsite = "hugo"\n')
    assert run("--root", root, "sync").code == 0
    translate(root, "de")
    # an English edition beside the English would be a second English page
    english = run("--root", root, "build", "--lang", "de", "--lang", "en")
    assert english.code == 2 and "(content/ID.en.md)" in english.err
    assert run("--root", root, "build", "--lang", "de").code == 0
    content = root / "content"
    assert (content / "post.de.md").is_file() and not (content / "post.en.md").exists()
    assert (content / "blog/trip/index.de.md").is_file()
    # Hugo links editions by their names: a translationKey on them alone would part them
    assert front(content / "post.de.md")["lang"] == "de"
    assert "translationKey" not in front(content / "post.de.md")
    # the bundle's files are shared by its editions: no copies
    assert sorted(p.name for p in (content / "blog/trip").iterdir()) == [
        ".hidden", "index.de.md", "index.md", "maps", "photo.jpg"]
    # no command takes an edition for an article
    synced = run("--root", root, "sync")
    assert synced.code == 0 and "post.de" not in synced.out and "index.de" not in synced.out
    assert sorted(p.relative_to(root / "locales/de").as_posix()
                  for p in (root / "locales/de").rglob("*.po")) == [
        "blog/_index.po", "blog/trip/index.po", "post.po"]
    status = run("--root", root, "status", "--format", "json")
    assert ".de" not in status.out and ".en" not in status.out
    assert run("--root", root, "check", "--gate", "commit").code == 0
    # a second build finds nothing to do
    again = run("--root", root, "build", "--lang", "de")
    assert again.out == "built 3 editions in 1 language: 3 final; 0 files written.\n", again.out


# --- Jekyll: _posts/{lang}/{id}.md -----------------------------------------------------------


def test_jekyll_drafts_are_unpublished_and_say_their_language(tmp_path: Path,
                                                              run: Run) -> None:
    root = tmp_path / "blog"
    posts = root / "_posts"
    posts.mkdir(parents=True)
    (posts / "2024-01-02-canal.md").write_text(POST, encoding="utf-8")
    (root / "transkit.toml").write_text(
        'languages = ["de", "ru"]\nsources = "_posts"\nlocales = "_locales"\n'
        'build = "_posts/{lang}/{id}.md"\nsite = "jekyll"\n', encoding="utf-8")
    assert run("--root", root, "sync").code == 0
    translate(root, "de", locales="_locales")
    assert run("--root", root, "build").code == 0
    final = front(posts / "de/2024-01-02-canal.md")
    draft = front(posts / "ru/2024-01-02-canal.md")
    assert final["lang"] == "de" and "published" not in final
    # Jekyll ignores `draft`; `published: false` keeps the page off the site
    assert draft["lang"] == "ru" and draft["published"] is False and "draft" not in draft
    # the editions among the posts are no posts of their own
    assert run("--root", root, "sync").code == 0
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*.po")) == [
        "_locales/de/2024-01-02-canal.po", "_locales/ru/2024-01-02-canal.po"]


def test_build_out_takes_a_pattern_but_not_among_the_sources(tmp_path: Path, run: Run) -> None:
    root = site(tmp_path, "content/en", "")
    assert run("--root", root, "sync").code == 0
    translate(root, "de")
    preview = tmp_path / "preview"
    done = run("--root", root, "build", "--lang", "de", "--out", f"{preview}/{{id}}.{{lang}}.md")
    assert done.code == 0, done.err
    assert (preview / "post.de.md").is_file() and (preview / "blog/trip/photo.jpg").is_file()
    refused = run("--root", root, "build", "--out", f"{root}/content/en/{{id}}.{{lang}}.md")
    assert refused.code == 2 and "would write among the sources" in refused.err
    bad = run("--root", root, "build", "--out", f"{preview}/{{lang}}/{{name}}.md")
    assert bad.code == 2 and "--out = " in bad.err and "'{name}' is not a field" in bad.err
