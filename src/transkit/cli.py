"""The command line: options -> store -> core -> render -> exit code.

Exit status: 0 success, 1 a gate failed (check) or an article asked for could not be built,
2 bad usage or bad input. No Python traceback reaches a user: transkit's own errors print one
line; anything unexpected prints one line asking for a bug report.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from . import __version__
from .config import Config, find_root, load_config, overlaps
from .core.model import Fallback
from .errors import ConfigError, TranskitError

if TYPE_CHECKING:
    from .core.model import CatalogSync, ImportRun

# The pipeline's modules are imported by the commands that use them, so that every command
# starts without loading the Markdown parser, translate-toolkit's checks or rich.

T = TypeVar("T")

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Keep translated editions of articles in step with the English, through gettext PO files.",
)

_state: dict[str, Path | None] = {"root": None}


class SegmentFormat(StrEnum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"transkit {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    root: Annotated[
        Path | None,
        typer.Option(
            "--root",
            help="Project root (the folder with transkit.toml). Default: search upward.",
            file_okay=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """transkit: segment, sync, status, check and build translated articles."""
    _state["root"] = root


def _config() -> Config:
    root = _state["root"]
    if root is not None:
        if not root.is_dir():
            raise ConfigError("--root: no such folder", path=root)
        return load_config(root)
    return load_config(find_root(Path.cwd()))


def _langs(config: Config, langs: list[str] | None) -> list[str]:
    if not langs:
        return list(config.languages)
    for lang in langs:
        if lang not in config.languages:
            raise ConfigError(
                f"'{lang}' is not one of the project's languages "
                f"({', '.join(config.languages)})",
                path=config.relative(config.config_file) if config.config_file else None,
            )
    return list(dict.fromkeys(langs))


LangOption = Annotated[
    list[str] | None,
    typer.Option("--lang", "-l", help="Only this language (repeatable). Default: all."),
]


@app.command()
def segments(
    source: Annotated[Path, typer.Argument(help="A Markdown (.md) or plain-text (.txt) article.")],
    fmt: Annotated[SegmentFormat, typer.Option("--format", "-f")] = SegmentFormat.text,
) -> None:
    """Show the translatable units of one source article."""
    from .render.sync import render_segments
    from .store.files import load_document

    keys: tuple[str, ...] | None = None
    try:
        keys = _config().front_matter_keys
    except ConfigError:
        keys = None  # works outside a project too, with the default keys
    from .core.model import DEFAULT_FRONT_MATTER_KEYS

    document = load_document(
        source, shown=str(source), front_matter_keys=keys or DEFAULT_FRONT_MATTER_KEYS
    )
    typer.echo(render_segments(document, fmt.value), nl=False)


@app.command()
def sync(
    articles: Annotated[
        list[str] | None, typer.Argument(help="Article slugs or source paths. Default: all.")
    ] = None,
    lang: LangOption = None,
    prune_obsolete: Annotated[
        bool, typer.Option("--prune-obsolete", help="Drop obsolete (#~) entries.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "--check", help="Write nothing; exit 1 if a sync would.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Create and update the PO catalogs so they follow the English sources."""
    from .render.sync import render_sync
    from .runs.sync import sync_project
    from .store.write import project_lock

    config = _config()
    langs = _langs(config, lang)
    if dry_run:  # reads only: no lock, so it works in a read-only checkout
        report = sync_project(config, langs, articles, prune_obsolete=prune_obsolete, dry_run=True)
    else:
        with project_lock(config):
            report = sync_project(config, langs, articles, prune_obsolete=prune_obsolete)
    stale = dry_run and report.changed
    if not quiet or stale:  # --quiet silences success, never the reason for a failure
        typer.echo(render_sync(report, dry_run=dry_run), nl=False)
    created = [c for c in report.catalogs if c.created]
    if created and not dry_run:
        _note_renames(config, langs, {c.slug for c in report.catalogs}, created)
    if stale:
        raise typer.Exit(1)


def _note_renames(
    config: Config, langs: list[str], slugs: set[str], created: list[CatalogSync]
) -> None:
    """Beside new, empty catalogs, name the catalogs left without an article: after a rename
    (git mv sources/old.md sources/new.md) the translations are in the old ones."""
    from .store.files import find_articles, orphan_catalogs

    every = {a.slug for a in find_articles(config, [])} | slugs
    orphans = orphan_catalogs(config, langs, every)
    if not orphans:
        return
    new = sorted({c.slug for c in created})
    old = sorted({p.stem for p in orphans})
    typer.echo(
        f"note: {', '.join(config.relative(p) for p in orphans)} "
        f"{'has' if len(orphans) == 1 else 'have'} no source article any more. If "
        f"'{old[0]}' was renamed to '{new[0]}', move its catalogs over the new, empty ones "
        f"(mv {config.relative(config.locales)}/LANG/{old[0]}.po "
        f"{config.relative(config.locales)}/LANG/{new[0]}.po) and run 'transkit sync' again.",
        err=True,
    )


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    html = "html"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class BuildFormat(StrEnum):
    markdown = "markdown"
    html = "html"


@app.command()
def status(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="PO files or folders to report on. Default: the project."),
    ] = None,
    lang: LangOption = None,
    fmt: Annotated[StatusFormat, typer.Option("--format", "-f")] = StatusFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    article: Annotated[
        list[str] | None, typer.Option("--article", "-a", help="Only this article (repeatable).")
    ] = None,
) -> None:
    """Report where every edition stands: entries and words translated, fuzzy, drift."""
    from .render import status as render
    from .runs.status import path_statuses, project_statuses

    if paths:
        statuses = path_statuses(paths)
        if lang:
            statuses = [s for s in statuses if s.language in lang]
        title = "Translation status"
    else:
        config = _config()
        if output is not None:
            _not_into_inputs(config, output, "--output")
        statuses = project_statuses(config, _langs(config, lang), article, progress=_progress,
                                    with_todo=fmt is StatusFormat.html)
        title = f"{config.project}: translation status"
    if fmt is StatusFormat.json:
        text = render.render_status_json(statuses)
    elif fmt is StatusFormat.csv:
        text = render.render_status_csv(statuses)
    elif fmt is StatusFormat.markdown:
        text = render.render_status_markdown(statuses)
    elif fmt is StatusFormat.html:
        text = render.render_status_html(statuses, title=title)
    else:
        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        text = render.render_status_table(statuses, color=color)
    _emit(text, output)


def _progress(items: Iterable[T], total: int) -> Iterable[T]:
    """A progress bar on a terminal for long runs; nothing at all in pipes and CI logs."""
    if total < 50 or not sys.stderr.isatty():
        return items
    from rich.progress import track

    return track(items, total=total, description="reading catalogs", transient=True)


def _not_into_inputs(config: Config, path: Path, option: str) -> None:
    """Refuse an output path among the sources or the catalogs: a report or a built article
    written there would replace or mix with the inputs."""
    target = path.resolve()
    for folder, what in ((config.sources, "sources"), (config.locales, "catalogs")):
        if overlaps(target, folder):
            raise ConfigError(f"{option} {path}: would write among the {what} "
                              f"({config.relative(folder)}); choose a path outside it")


def _emit(text: str, output: Path | None) -> None:
    from .store.write import write_atomic

    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text, shown=str(output))
        typer.echo(f"wrote {output}", err=True)


@app.command()
def check(
    articles: Annotated[
        list[str] | None, typer.Argument(help="Article slugs or source paths. Default: all.")
    ] = None,
    lang: LangOption = None,
    min_translated: Annotated[
        float | None,
        typer.Option("--min-translated", min=0, max=100,
                     help="Percent of entries that must be translated (overrides config)."),
    ] = None,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f")] = CheckFormat.text,
) -> None:
    """Gate CI: completeness, freshness, validity and quality. Exit 1 when a gate fails."""
    from .render.check import render_check_github, render_check_json, render_check_text
    from .runs.check import check_project

    config = _config()
    report = check_project(config, _langs(config, lang), articles, min_translated=min_translated)
    render = {CheckFormat.text: render_check_text, CheckFormat.json: render_check_json,
              CheckFormat.github: render_check_github}[fmt]
    typer.echo(render(report), nl=False)
    raise typer.Exit(report.exit_code)


@app.command()
def build(
    articles: Annotated[
        list[str] | None, typer.Argument(help="Article slugs or source paths. Default: all.")
    ] = None,
    lang: Annotated[
        list[str] | None,
        typer.Option("--lang", "-l", help="Only this language (repeatable; the source language "
                     "rebuilds the English). Default: all translations."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output folder. Default: config 'build'.")
    ] = None,
    allow_fuzzy: Annotated[
        bool, typer.Option("--allow-fuzzy", help="Use fuzzy translations (never critical drift).")
    ] = False,
    fallback: Annotated[
        Fallback, typer.Option("--fallback", help="For units without a translation.")
    ] = Fallback.ENGLISH,
    fmt: Annotated[
        BuildFormat, typer.Option("--format", "-f", help="html adds a proofreading page.")
    ] = BuildFormat.markdown,
) -> None:
    """Reassemble the localized articles from the catalogs."""
    from .core.model import BuildOptions
    from .render.build import render_build
    from .runs.build import build_project
    from .store.write import project_lock

    config = _config()
    if lang:
        targets = [code for code in lang if code != config.source_language]
        langs = [config.source_language] if config.source_language in lang else []
        langs += _langs(config, targets) if targets else []
    else:
        langs = list(config.languages)
    if out:
        _not_into_inputs(config, out, "--out")
    options = BuildOptions(allow_fuzzy=allow_fuzzy, fallback=fallback,
                           below_threshold=config.below_threshold)
    with project_lock(config):
        report = build_project(config, langs, articles, options=options,
                               out=out.resolve() if out else None,
                               html=fmt is BuildFormat.html)
    typer.echo(render_build(report), nl=False)
    raise typer.Exit(report.exit_code)


@app.command()
def todo(
    lang: Annotated[str, typer.Argument(help="The language to list work for.")],
    articles: Annotated[
        list[str] | None, typer.Argument(help="Article slugs or source paths. Default: all.")
    ] = None,
) -> None:
    """List what a translator has to do: untranslated and drifted entries, with word diffs."""
    from .render.todo import render_todo
    from .runs.todo import todo_report

    config = _config()
    (code,) = _langs(config, [lang])
    typer.echo(render_todo(todo_report(config, code, articles)), nl=False)


class ImportFormat(StrEnum):
    text = "text"
    json = "json"


@app.command("import")
def import_(
    lang: Annotated[str, typer.Argument(help="The language of the translations.")],
    paths: Annotated[
        list[Path],
        typer.Argument(help="Translated articles, or folders that mirror the sources (a file's "
                       "article is its path in the folder, without the extension)."),
    ],
    article: Annotated[
        str | None,
        typer.Option("--article", "-a", help="The article of the one translated file given."),
    ] = None,
    english_at: Annotated[
        str | None,
        typer.Option("--english-at", metavar="REV|auto",
                     help="Align with the English as of this git revision; 'auto': as of each "
                     "translation's last commit that changed its text. Then carry the catalog "
                     "to today's English."),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace translations already in the catalog.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write nothing; report what would be imported.")
    ] = False,
    fmt: Annotated[ImportFormat, typer.Option("--format", "-f")] = ImportFormat.text,
) -> None:
    """Fill catalogs from existing translations, aligned with the English unit by unit."""
    config = _config()
    (lang,) = _langs(config, [lang])
    _import_markdown(config, lang, paths, article=article, english_at=english_at,
                     overwrite=overwrite, dry_run=dry_run, fmt=fmt)


def _import_markdown(config: Config, lang: str, paths: list[Path], *, article: str | None,
                     english_at: str | None, overwrite: bool, dry_run: bool,
                     fmt: ImportFormat) -> None:
    """Import translated Markdown (or plain-text) articles; exit 2 when a file was refused."""
    from .render.imports import render_import_json, render_import_text
    from .runs.imports import import_project
    from .store.write import project_lock

    def run() -> ImportRun:
        return import_project(config, lang, paths, article=article, english_at=english_at,
                              overwrite=overwrite, dry_run=dry_run)

    if dry_run:
        report = run()
    else:
        with project_lock(config):
            report = run()
    render = render_import_json if fmt is ImportFormat.json else render_import_text
    typer.echo(render(report), nl=False)
    for failure in report.failures:
        where = f"{failure.path}:{failure.line}: " if failure.line else (
            f"{failure.path}: " if failure.path else "")
        typer.echo(f"transkit: error: {where}{failure.message}", err=True)
    raise typer.Exit(report.exit_code)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; the console script's entry point. Returns the exit status."""
    try:
        result = app(args=argv, prog_name="transkit", standalone_mode=False)
        if isinstance(result, int):
            return result
    except typer.Exit as done:
        return int(done.exit_code)
    except TranskitError as err:
        typer.echo(f"transkit: error: {err}", err=True)
        return err.exit_code
    except KeyboardInterrupt:
        typer.echo("transkit: interrupted; no file was left half-written", err=True)
        return 130
    except BrokenPipeError:
        return 0
    except typer.Abort:  # click's form of Ctrl-C
        typer.echo("transkit: interrupted; no file was left half-written", err=True)
        return 130
    except Exception as err:  # noqa: BLE001 - the last line of defence: never a traceback
        show = getattr(err, "show", None)
        if callable(show) and isinstance(getattr(err, "exit_code", None), int):
            show()  # a usage error from the option parser: its own message, exit status 2
            return int(err.exit_code)  # type: ignore[attr-defined]
        typer.echo(
            f"transkit: internal error: {type(err).__name__}: {err}. No file was changed by the "
            "failing step; please report this with the command you ran.",
            err=True,
        )
        return 3
    return 0


def entry() -> None:
    sys.exit(main())
