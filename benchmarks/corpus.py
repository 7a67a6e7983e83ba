"""A deterministic benchmark corpus at a publication's scale, and the edits the benchmarks apply.

    python benchmarks/corpus.py --out benchmarks/out/corpus --articles 1000

writes, under OUT:

- ``base/``: a transkit project (``transkit.toml``, ``sources/`` with N articles of about 43 units
  each, so 130,000 catalog entries at 1,000 articles: front-matter title and subtitle, headings,
  paragraphs of 40-120 words, footnotes) and its catalogs for hy, de and ru, created by
  ``transkit sync`` and then filled through polib and ``transkit.pofile.format_po`` so they are in
  transkit's own layout: about 80 % translated, a few per cent fuzzy (flag and previous msgid),
  the rest untranslated; a last ``sync`` adds the drift comments, so a further sync changes
  nothing;
- ``edits/one-article/sources/``: one article edited (3 paragraphs changed, 1 added, 1 removed);
- ``edits/new-article/sources/``: a new article of 50 units, 15 of its paragraphs found as they
  are in other articles and 15 edited copies (for the translation memory), and
  ``edits/new-article.pot``, its template (what ``msgmerge --compendium`` and ``pot2po --tm``
  take); ``--new-article-only`` adds just these to a corpus made before they existed;
- ``edits/ten-percent/sources/``: every article in which some of the 10 % of all paragraphs
  (chosen at random over the whole corpus) were edited;
- ``bigdoc/base/``: a project with one document of M paragraphs (13,000 by default) and its
  German catalog, filled the same way; ``bigdoc/edited/sources/``: that document with 10 % of
  its paragraphs edited, 5 % deleted and 5 % inserted; ``bigdoc/edited.pot``: the template of
  the edited document (what ``msgmerge`` takes);
- ``manifest.json``: the parameters and counts.

Every random choice comes from ``random.Random`` seeded with the seed and a purpose, and the words
come from the sample article in ``sources/``, so two runs with the same parameters write the same
bytes.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import polib

from transkit.cli import main as transkit_main
from transkit.core.po.catalog import new_catalog
from transkit.core.po.pofile import format_po
from transkit.store.files import load_document

REPO = Path(__file__).resolve().parent.parent
VOCABULARY_SOURCE = REPO / "sources" / "russias-complicity-nagorno-karabakh.md"
LANGUAGES = ("hy", "de", "ru")
BIG_SLUG = "big-document"
NEW_SLUG = "article-new"
TRANSLATED_SHARE = 0.80
FUZZY_SHARE = 0.04
GENERATOR_VERSION = 2  # bump when the generated corpus changes for the same parameters

TOML = """\
# transkit configuration of a generated benchmark corpus (benchmarks/corpus.py).
source_language = "en"
languages = [{languages}]
sources = "sources"
locales = "locales"
build = "build"
project = "OSTWEST MONITORING"
"""

_WORD = re.compile(r"[A-Za-z][A-Za-z’]*(?:-[A-Za-z][A-Za-z’]*)*|\d{4}")
_PLAIN_WORD = re.compile(r"([A-Za-z][A-Za-z’-]*)([.,]?)")
_MARKUP_OR_WORD = re.compile(r"\[\^\d+\]|\]\([^)]*\)|[A-Za-z]+")

_RU = dict(zip("abcdefghijklmnopqrstuvwxyz", "абцдефгхийклмнопкрстуввксз", strict=True))
_HY = dict(zip("abcdefghijklmnopqrstuvwxyz", "աբցդեֆգհիջկլմնոպքրստւվվխյզ", strict=True))
_DE = {"c": "k", "y": "ü", "o": "ö", "q": "qu"}
_DE_WORDS_TEXT = """
the:die and:und of:von to:zu a:ein was:war is:ist with:mit for:für on:auf by:durch its:seine
that:dass as:als not:nicht from:aus were:waren it:es their:ihre an:ein has:hat had:hatte
have:haben after:nach between:zwischen which:welche also:auch Russian:russische
Armenian:armenische peacekeepers:Friedenstruppen war:Krieg conflict:Konflikt Russia:Russland
Armenia:Armenien Azerbaijan:Aserbaidschan Azerbaijani:aserbaidschanische military:militärische
security:Sicherheit ceasefire:Waffenstillstand international:internationale corridor:Korridor
region:Region territory:Gebiet people:Menschen peacekeeping:Friedenssicherung policy:Politik
authorities:Behörden Armenians:Armenier
"""
_DE_WORDS = dict(pair.split(":", 1) for pair in _DE_WORDS_TEXT.split())


# --- the articles -------------------------------------------------------------------------------


@dataclass
class Block:
    """One unit of an article's body: a paragraph (p), a heading (h) or a footnote (fn)."""

    kind: str
    text: str
    number: int = 0  # the footnote's label


@dataclass
class Article:
    slug: str
    title: str
    subtitle: str
    author: str
    date: str
    blocks: list[Block] = field(default_factory=list)


def vocabulary(path: Path = VOCABULARY_SOURCE) -> list[str]:
    """The words of the sample article's body, in order and with repetitions (so Zipf-like)."""
    text = path.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    return [word for word in _WORD.findall(body) if word.lower() != "http"]


class Writer:
    """Random English-looking text from the sample article's vocabulary."""

    def __init__(self, rng_seed: str, words: list[str]) -> None:
        self.rng = random.Random(rng_seed)
        self.words = words

    def words_(self, n: int) -> list[str]:
        """`n` words, never the same word twice in a row (real prose rarely doubles a word)."""
        out: list[str] = []
        while len(out) < n:
            word = self.rng.choice(self.words)
            if not out or word.lower() != out[-1].lower():
                out.append(word)
        return out

    def sentence(self, n: int) -> str:
        words = self.words_(n)
        words[0] = words[0][:1].upper() + words[0][1:]
        if n > 8 and self.rng.random() < 0.3:
            at = self.rng.randrange(3, n - 3)
            words[at] += ","
        return " ".join(words) + "."

    def paragraph(self, footnotes: list[int] | None = None) -> str:
        """40-120 words in sentences of 6-24, with some emphasis, links and footnote refs."""
        total = self.rng.randint(40, 120)
        sentences: list[str] = []
        left = total
        while left > 0:
            n = min(left, self.rng.randint(6, 24))
            if left - n < 4:
                n = left
            sentences.append(self.sentence(n))
            left -= n
        for number in footnotes or []:
            at = self.rng.randrange(len(sentences))
            sentences[at] += f" [^{number}]"
        text = " ".join(sentences)
        words = text.split(" ")
        if self.rng.random() < 0.15:
            self._wrap(words, "*{}*")
        if self.rng.random() < 0.10:
            target = f"https://example.org/{self.rng.choice(self.words).lower()}"
            self._wrap(words, "[{}](" + target.replace("’", "") + ")")
        return " ".join(words)

    def _wrap(self, words: list[str], template: str) -> None:
        """Wrap a run of 1-3 plain words in inline markup (emphasis or a link), in place."""
        length = self.rng.randint(1, 3)
        for _ in range(10):
            at = self.rng.randrange(max(1, len(words) - length))
            run = words[at : at + length]
            if all(re.fullmatch(r"[A-Za-z’-]+", w) for w in run):
                words[at : at + length] = [template.format(" ".join(run))]
                return

    def heading(self) -> str:
        words = self.words_(self.rng.randint(4, 12))
        return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])

    def title(self, low: int, high: int) -> str:
        return " ".join(w[:1].upper() + w[1:] for w in self.words_(self.rng.randint(low, high)))

    def footnote(self) -> str:
        author = " ".join(self.title(2, 2).split())
        return (
            f"{author}. {self.sentence(self.rng.randint(5, 12))} "
            f"{self.title(2, 4)}, {self.rng.randint(1990, 2023)}."
        )

    def edit(self, text: str) -> str:
        """A plausible revision: change 1-3 words (60 %), add a sentence, or drop one."""
        roll = self.rng.random()
        sentences = re.split(r"(?<=\.) (?=[A-Z])", text)
        if roll < 0.6 or (roll >= 0.8 and len(sentences) < 2):
            tokens = text.split(" ")
            plain = [i for i, t in enumerate(tokens) if _PLAIN_WORD.fullmatch(t)]
            for i in self.rng.sample(plain, min(len(plain), self.rng.randint(1, 3))):
                match = _PLAIN_WORD.fullmatch(tokens[i])
                assert match is not None
                word = self.rng.choice(self.words)
                if match.group(1)[:1].isupper():
                    word = word[:1].upper() + word[1:]
                tokens[i] = word + match.group(2)
            return " ".join(tokens)
        if roll < 0.8:
            return f"{text} {self.sentence(self.rng.randint(6, 20))}"
        del sentences[self.rng.randrange(len(sentences))]
        return " ".join(sentences)


def make_article(index: int, seed: int, words: list[str]) -> Article:
    """Article `index`: ~43 units (title, subtitle, 3-5 headings, 2-4 footnotes, paragraphs)."""
    w = Writer(f"{seed}:article:{index}", words)
    units = w.rng.randint(39, 47)
    headings = w.rng.randint(3, 5)
    notes = w.rng.randint(2, 4)
    paragraphs = units - 2 - headings - notes
    refs: dict[int, list[int]] = {}
    for number in range(1, notes + 1):
        refs.setdefault(w.rng.randrange(paragraphs), []).append(number)
    heading_at = set(w.rng.sample(range(2, paragraphs), headings))
    blocks: list[Block] = []
    for p in range(paragraphs):
        if p in heading_at:
            blocks.append(Block("h", w.heading()))
        blocks.append(Block("p", w.paragraph(refs.get(p))))
    blocks.extend(Block("fn", w.footnote(), n) for n in range(1, notes + 1))
    return Article(
        slug=f"article-{index:05d}",
        title=w.title(6, 12),
        subtitle=w.sentence(w.rng.randint(8, 16)).rstrip("."),
        author=w.title(2, 2),
        date=f"20{w.rng.randint(18, 24)}-{w.rng.randint(1, 12):02d}-{w.rng.randint(1, 28):02d}",
        blocks=blocks,
    )


def make_big(paragraphs: int, seed: int, words: list[str]) -> Article:
    """One long document: a title, a subtitle and `paragraphs` paragraphs."""
    w = Writer(f"{seed}:big", words)
    return Article(
        slug=BIG_SLUG,
        title=w.title(6, 12),
        subtitle=w.sentence(12).rstrip("."),
        author=w.title(2, 2),
        date="2024-01-01",
        blocks=[Block("p", w.paragraph()) for _ in range(paragraphs)],
    )


def render(article: Article) -> str:
    """The article as Markdown with YAML front matter."""
    out = [
        "---",
        f'title: "{article.title}"',
        f'subtitle: "{article.subtitle}"',
        f"author: {article.author}",
        f"date: {article.date}",
        "---",
        "",
    ]
    for block in article.blocks:
        if block.kind == "h":
            out.append(f"## {block.text}")
        elif block.kind == "fn":
            out.append(f"[^{block.number}]: {block.text}")
        else:
            out.append(block.text)
        out.append("")
    return "\n".join(out)


# --- the edits ----------------------------------------------------------------------------------


def edit_one_article(articles: list[Article], seed: int, words: list[str]) -> Article:
    """One article revised: 3 paragraphs changed, 1 paragraph added, 1 removed."""
    w = Writer(f"{seed}:edit-one", words)
    article = copy.deepcopy(articles[w.rng.randrange(len(articles))])
    paras = [i for i, b in enumerate(article.blocks) if b.kind == "p" and "[^" not in b.text]
    chosen = w.rng.sample(paras, 4)
    for i in chosen[:3]:
        article.blocks[i].text = w.edit(article.blocks[i].text)
    del article.blocks[chosen[3]]
    at = w.rng.randrange(len(article.blocks) - 1)
    article.blocks.insert(at, Block("p", w.paragraph()))
    return article


def new_article(articles: list[Article], seed: int, words: list[str]) -> Article:
    """A new article of 50 units that reuses the archive, for the translation memory: a title,
    a subtitle, 2 headings and 46 paragraphs, of which 15 stand elsewhere as they are, 15 are
    edited copies (as `Writer.edit` edits) and 16 are new."""
    w = Writer(f"{seed}:new-article", words)
    pool = [b.text for a in articles for b in a.blocks if b.kind == "p" and "[^" not in b.text]
    reused = min(15, len(pool) // 2)  # (a corpus of one article has fewer to offer)
    picked = w.rng.sample(pool, 2 * reused)
    blocks = [Block("p", text) for text in picked[:reused]]
    blocks += [Block("p", w.edit(text)) for text in picked[reused:]]
    blocks += [Block("p", w.paragraph()) for _ in range(46 - 2 * reused)]
    w.rng.shuffle(blocks)
    blocks.insert(10, Block("h", w.heading()))
    blocks.insert(30, Block("h", w.heading()))
    return Article(
        slug=NEW_SLUG,
        title=w.title(6, 12),
        subtitle=w.sentence(w.rng.randint(8, 16)).rstrip("."),
        author=w.title(2, 2),
        date="2024-12-01",
        blocks=blocks,
    )


def write_new_article(out: Path, corpus: list[Article], seed: int, words: list[str]) -> Article:
    """`edits/new-article/sources/` and its template `edits/new-article.pot`."""
    new = new_article(corpus, seed, words)
    folder = out / "edits" / "new-article" / "sources"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / f"{new.slug}.md").write_text(render(new), encoding="utf-8")
    write_pot(folder / f"{new.slug}.md", folder.parent, out / "edits" / "new-article.pot")
    return new


def edit_share(articles: list[Article], share: float, seed: int, words: list[str]) -> list[Article]:
    """The articles touched when `share` of all paragraphs of the corpus are revised."""
    w = Writer(f"{seed}:edit-share:{share}", words)
    every = [(a, b) for a, art in enumerate(articles) for b, blk in enumerate(art.blocks)
             if blk.kind == "p"]
    chosen = sorted(w.rng.sample(every, round(share * len(every))))
    edited: dict[int, Article] = {}
    for a, b in chosen:
        article = edited.setdefault(a, copy.deepcopy(articles[a]))
        article.blocks[b].text = w.edit(article.blocks[b].text)
    return [edited[a] for a in sorted(edited)]


def edit_big(big: Article, seed: int, words: list[str]) -> Article:
    """The long document with 10 % of its paragraphs edited, 5 % deleted and 5 % inserted."""
    w = Writer(f"{seed}:edit-big", words)
    n = len(big.blocks)
    picked = w.rng.sample(range(n), round(0.10 * n) + round(0.05 * n))
    edits, deletions = set(picked[: round(0.10 * n)]), set(picked[round(0.10 * n) :])
    blocks: list[Block] = []
    for i, block in enumerate(big.blocks):
        if i in deletions:
            continue
        blocks.append(Block(block.kind, w.edit(block.text) if i in edits else block.text))
    for _ in range(round(0.05 * n)):
        blocks.insert(w.rng.randrange(len(blocks) + 1), Block("p", w.paragraph()))
    return Article(big.slug, big.title, big.subtitle, big.author, big.date, blocks)


# --- catalogs -----------------------------------------------------------------------------------


def pseudo_translate(text: str, lang: str) -> str:
    """A stand-in translation of the same length in the language's script; markup is kept."""
    table = {"ru": _RU, "hy": _HY, "de": _DE}[lang]

    def word(match: re.Match[str]) -> str:
        token = match.group()
        if token.startswith(("[^", "](")):
            return token
        if lang == "de" and token in _DE_WORDS:
            return _DE_WORDS[token]
        out = []
        for ch in token:
            mapped = table.get(ch.lower(), ch)
            out.append(mapped.upper() if ch.isupper() else mapped)
        return "".join(out)

    return _MARKUP_OR_WORD.sub(word, text)


def fill_catalog(path: Path, lang: str, seed: int) -> tuple[int, int, int]:
    """Translate about 80 % of a catalog's entries and mark a few per cent fuzzy, in place.

    Returns (entries, translated, fuzzy)."""
    rng = random.Random(f"{seed}:fill:{lang}:{path.stem}")
    catalog = polib.pofile(str(path), wrapwidth=79, check_for_duplicates=False)
    entries = translated = fuzzy = 0
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        entries += 1
        roll = rng.random()
        if roll >= TRANSLATED_SHARE + FUZZY_SHARE:
            continue
        entry.msgstr = pseudo_translate(entry.msgid, lang)
        if roll < TRANSLATED_SHARE:
            translated += 1
            continue
        fuzzy += 1
        words = entry.msgid.split(" ")
        if len(words) > 3:
            del words[rng.randrange(len(words))]
            entry.previous_msgid = " ".join(words)
        else:
            entry.previous_msgid = entry.msgid + " (draft)"
        entry.flags.insert(0, "fuzzy")
    path.write_text(format_po(catalog), encoding="utf-8")
    return entries, translated, fuzzy


def sync(root: Path) -> None:
    """`transkit sync` on a project (in-process: the catalogs come from transkit itself)."""
    code = transkit_main(["--root", str(root), "sync", "--quiet"])
    if code != 0:
        raise SystemExit(f"transkit sync failed in {root} (exit status {code})")


def write_pot(source: Path, root: Path, out: Path) -> int:
    """The template of one source, as xgettext would extract it (transkit's units); returns size."""
    document = load_document(source, shown=str(source.relative_to(root)),
                             front_matter_keys=("title", "subtitle"))
    catalog = new_catalog(lang="de", project="OSTWEST MONITORING", slug=source.stem,
                          title=source.stem)
    catalog.metadata["Language"] = ""
    catalog.metadata["Language-Team"] = "LANGUAGE <LL@li.org>"
    reference = str(source.relative_to(root))
    by_text: dict[str, polib.POEntry] = {}
    for segment in document.segments:
        entry = by_text.get(segment.text)
        if entry is None:
            entry = polib.POEntry(msgid=segment.text, msgstr="", comment=segment.label)
            by_text[segment.text] = entry
            catalog.append(entry)
        entry.occurrences.append((reference, str(segment.line)))
    out.write_text(format_po(catalog), encoding="utf-8")
    return len(by_text)


def write_project(root: Path, articles: list[Article], languages: tuple[str, ...]) -> None:
    (root / "sources").mkdir(parents=True)
    (root / "transkit.toml").write_text(
        TOML.format(languages=", ".join(f'"{lang}"' for lang in languages)), encoding="utf-8"
    )
    for article in articles:
        (root / "sources" / f"{article.slug}.md").write_text(render(article), encoding="utf-8")


def make_catalogs(root: Path, languages: tuple[str, ...], seed: int) -> dict[str, list[int]]:
    """Create the catalogs with transkit, fill them, and sync once more (drift comments)."""
    sync(root)
    counts: dict[str, list[int]] = {}
    for lang in languages:
        totals = [0, 0, 0]
        for path in sorted((root / "locales" / lang).glob("*.po")):
            for i, n in enumerate(fill_catalog(path, lang, seed)):
                totals[i] += n
        counts[lang] = totals
    sync(root)
    return counts


def generate(out: Path, *, articles: int, big_paragraphs: int, seed: int) -> dict[str, object]:
    """Write the whole corpus to `out` (replacing what is there); returns the manifest."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    words = vocabulary()
    corpus = [make_article(i, seed, words) for i in range(1, articles + 1)]
    write_project(out / "base", corpus, LANGUAGES)
    counts = make_catalogs(out / "base", LANGUAGES, seed)

    one = edit_one_article(corpus, seed, words)
    share = edit_share(corpus, 0.10, seed, words)
    for name, edited in (("one-article", [one]), ("ten-percent", share)):
        folder = out / "edits" / name / "sources"
        folder.mkdir(parents=True)
        for article in edited:
            (folder / f"{article.slug}.md").write_text(render(article), encoding="utf-8")
    new = write_new_article(out, corpus, seed, words)

    big = make_big(big_paragraphs, seed, words)
    write_project(out / "bigdoc" / "base", [big], ("de",))
    big_counts = make_catalogs(out / "bigdoc" / "base", ("de",), seed)
    edited_big = edit_big(big, seed, words)
    write_project(out / "bigdoc" / "edited", [edited_big], ("de",))
    (out / "bigdoc" / "edited" / "transkit.toml").unlink()
    pot_entries = write_pot(out / "bigdoc" / "edited" / "sources" / f"{BIG_SLUG}.md",
                            out / "bigdoc" / "edited", out / "bigdoc" / "edited.pot")

    paragraphs = sum(1 for a in corpus for b in a.blocks if b.kind == "p")
    manifest: dict[str, object] = {
        "generator_version": GENERATOR_VERSION,
        "generator_sha256": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        "articles": articles,
        "big_paragraphs": big_paragraphs,
        "seed": seed,
        "units": sum(2 + len(a.blocks) for a in corpus),
        "paragraphs": paragraphs,
        "entries": {lang: c[0] for lang, c in counts.items()},
        "translated": {lang: c[1] for lang, c in counts.items()},
        "fuzzy": {lang: c[2] for lang, c in counts.items()},
        "one_article": one.slug,
        "new_article": new.slug,
        "ten_percent_articles": len(share),
        "ten_percent_paragraphs": round(0.10 * paragraphs),
        "big_entries": big_counts["de"][0],
        "big_edited_entries": pot_entries,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "corpus")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--big-paragraphs", type=int, default=13000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--new-article-only", action="store_true",
                        help="add edits/new-article to the corpus in --out (made with these "
                             "parameters), leaving the rest as it is")
    args = parser.parse_args(argv)
    if args.new_article_only:
        words = vocabulary()
        corpus = [make_article(i, args.seed, words) for i in range(1, args.articles + 1)]
        new = write_new_article(args.out, corpus, args.seed, words)
        print(json.dumps({"new_article": new.slug}))
        return 0
    manifest = generate(
        args.out, articles=args.articles, big_paragraphs=args.big_paragraphs, seed=args.seed
    )
    print(json.dumps(manifest, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
