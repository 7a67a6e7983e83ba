"""The command line: typer options -> one run (`runs/`) -> one renderer (`render/`) -> an exit
code. Policy (languages, the lock, dry runs, what a rename leaves behind) lives in the runs; this
module parses, prints and exits. `--root` travels in typer's context object; nothing here is
module-level state.

Exit status: 0 success, 1 a gate failed (check) or an article asked for could not be built,
2 bad usage or bad input. No Python traceback reaches a user: transkit's own errors print one
line; anything unexpected prints one line asking for a bug report.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core
import typer.main

from . import __version__
from .config import Config
from .core.build.model import Fallback
from .core.checks.model import Gate
from .core.exchange.model import ExchangeFormat
from .core.values import Problem
from .errors import ConfigError, TranskitError, UsageError, WriteError

if TYPE_CHECKING:
    from .runs.changed import Chosen

# The pipeline's modules are imported by the commands that use them, so that every command
# starts without loading the Markdown parser, translate-toolkit's checks or rich.

app = typer.Typer(
    add_completion=True,
    rich_markup_mode=None,  # plain help: option types as TEXT, PATH, not <list[str]>
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Keep translated editions of articles in step with the English, through gettext PO files.",
)

def _argument_type(self: typer.core.TyperArgument, ctx: Any) -> str | None:
    """An argument's type in --help: nothing beside a metavar that says it already.

    typer prints the Python annotation beside every argument ('[ARTICLE]... <list[str]>');
    options follow their metavar, and arguments do here too.
    """
    return None if self.metavar is not None else self.display_type(ctx)


typer.core.TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign,assignment]


class SegmentFormat(StrEnum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"transkit {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    root: Annotated[
        Path | None,
        typer.Option(
            "--root",
            help="Project root (the folder with transkit.toml). Default: search upward.",
            file_okay=False, metavar="DIR",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """transkit: segment, sync, status, check and build translated articles."""
    ctx.obj = root  # the run's own context carries it: no module-wide state outlives a call


def _root(ctx: typer.Context) -> Path | None:
    """The --root given before the command (held by the command line's own context)."""
    root: Path | None = ctx.find_root().obj
    return root


def _config(ctx: typer.Context) -> Config:
    """The project's configuration (`--root`, else found upward); its warnings on stderr."""
    from .runs.project import open_project

    config = open_project(_root(ctx))
    for note in config.notes:
        typer.echo(f"transkit: warning: {note}", err=True)
    return config


def _langs(config: Config, langs: list[str] | None) -> list[str]:
    from .runs.project import languages

    return languages(config, langs)


def _report_failures(problems: Iterable[Problem]) -> int:
    """Each file a run could not read, one line on stderr; 2 when there was one, else 0."""
    from .render.common import render_failures

    text = render_failures(problems)
    if text:
        typer.echo(text, err=True, nl=False)
    return 2 if text else 0


@contextlib.contextmanager
def _progress(*, quiet: bool = False, machine: bool = False) -> Iterator[None]:
    """The run inside shows its progress on stderr when that is a terminal a person watches;
    never with --quiet, nor while machine output (JSON, CSV, ...) goes to stdout."""
    from .render.progress import for_terminal
    from .runs.engine import showing

    display = None if quiet or machine else for_terminal(sys.stderr, os.environ)
    try:
        with showing(display):
            yield
    finally:
        if display is not None:
            display.clear()


def _changed(config: Config, rev: str | None, articles: list[str] | None, doing: str, *,
             quiet: bool = False) -> Chosen | None:
    """`--changed-since REV`: the articles changed since the merge base of REV and HEAD; its
    one-line summary on stderr unless --quiet (JSON reports carry it too)."""
    if rev is None:
        return None
    if articles:
        raise UsageError("name articles or give --changed-since, not both")
    from .runs.changed import choose

    chosen = choose(config, rev)
    if not quiet:
        typer.echo(f"transkit: {chosen.selection.summary(doing)}", err=True)
    return chosen


LangOption = Annotated[
    list[str] | None,
    typer.Option("--lang", "-l", metavar="LANG",
                 help="Only this language (repeatable). Default: all."),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress; print nothing on success (never "
                       "silences the reason for a failure).")]
ChangedOption = Annotated[
    str | None,
    typer.Option("--changed-since", metavar="REV",
                 help="Only the articles whose English or a catalog changed since REV in git's "
                 "view (committed, staged, unstaged and untracked files; renames followed), "
                 "counted from the merge base of REV and HEAD: 'origin/main' means what this "
                 "branch changed, not what main gained since (origin/main...HEAD). A change to "
                 "transkit.toml or the glossary chooses every article."),
]
ArticlesArgument = Annotated[
    list[str] | None,
    typer.Argument(metavar="[ARTICLE]...", help="Article slugs or source paths. Default: all.",
                   show_default=False),
]


@app.command()
def segments(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="A Markdown (.md) or plain-text (.txt) article.",
                                           metavar="SOURCE", show_default=False)],
    fmt: Annotated[SegmentFormat, typer.Option("--format", "-f", metavar="text|json")
                   ] = SegmentFormat.text,
) -> None:
    """Show the translatable units of one source article."""
    from .render.sync import render_segments
    from .runs.project import read_source

    try:
        config: Config | None = _config(ctx)
    except ConfigError:
        config = None  # works outside a project too, with the default keys
    typer.echo(render_segments(read_source(source, config), fmt.value), nl=False)


@app.command()
def sync(
    ctx: typer.Context,
    articles: ArticlesArgument = None,
    lang: LangOption = None,
    prune_obsolete: Annotated[
        bool, typer.Option("--prune-obsolete", help="Drop obsolete (#~) entries.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "--check", help="Write nothing; exit 1 if a sync would.")
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Create and update the PO catalogs so they follow the English sources."""
    from .render.sync import render_orphans, render_record, render_sync
    from .runs.sync import sync_project

    config = _config(ctx)
    with _progress(quiet=quiet):
        report = sync_project(config, _langs(config, lang), articles,
                              prune_obsolete=prune_obsolete, dry_run=dry_run)
    # out of step: a unit would be added, removed, changed or moved; comments, references and
    # layout alone are tidied by the next sync and fail nothing
    stale = dry_run and report.stale
    if not quiet or stale:  # --quiet silences success, never the reason for a failure
        typer.echo(render_sync(report, dry_run=dry_run), nl=False)
    if report.orphans is not None:
        typer.echo(render_orphans(report.orphans), err=True, nl=False)
    if report.record and not (quiet or report.failed):  # an error to fix comes alone
        typer.echo(render_record(report.record), err=True, nl=False)
    failed = _report_failures(report.failed)
    if failed or stale:
        raise typer.Exit(failed or 1)


@app.command("mv")
def mv(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="The article (its id, or its source's path).",
                                       metavar="OLD", show_default=False)],
    new: Annotated[str, typer.Argument(help="Its new id, or its source's new path.",
                                       metavar="NEW", show_default=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Move nothing; say what would move.")
                       ] = False,
) -> None:
    """Move an article: its source (git mv, unless it was moved already) and its catalogs."""
    from .render.mv import render_move
    from .runs.mv import move_article

    report = move_article(_config(ctx), old, new, dry_run=dry_run)
    typer.echo(render_move(report, dry_run=dry_run), nl=False)


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    html = "html"


class TodoFormat(StrEnum):
    text = "text"
    markdown = "markdown"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class BuildFormat(StrEnum):
    markdown = "markdown"
    html = "html"


@app.command()
def status(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="PO files or folders to report on. Default: the project.",
                       metavar="[PATH]...", show_default=False),
    ] = None,
    lang: LangOption = None,
    fmt: Annotated[StatusFormat, typer.Option(
        "--format", "-f", metavar="table|json|markdown|csv|html")] = StatusFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE",
                                  help="Write the report to this file.")
    ] = None,
    article: Annotated[
        list[str] | None, typer.Option("--article", "-a", metavar="ARTICLE",
                                       help="Only this article (repeatable).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no 'wrote FILE' "
                                        "(the report is printed all the same).")] = False,
    changed_since: ChangedOption = None,
) -> None:
    """Report where every edition stands: entries and words translated, fuzzy, drift."""
    from .render import status as render
    from .runs.project import not_among_inputs
    from .runs.status import path_statuses, project_statuses, status_page

    selection = None
    if paths and (changed_since or article):
        raise UsageError("give PO files or folders, or --article/--changed-since, not both")
    if paths:
        report = path_statuses(paths)
        statuses = [s for s in report.statuses if not lang or s.language in lang]
        title = "Translation status"
    else:
        config = _config(ctx)
        if output is not None:
            not_among_inputs(config, output, "--output")
        changed = _changed(config, changed_since, article, "reporting on", quiet=quiet)
        selection = changed.selection if changed else None
        with _progress(quiet=quiet, machine=fmt is not StatusFormat.table and output is None):
            if fmt is StatusFormat.html:
                report = status_page(config, _langs(config, lang), article, changed=changed,
                                     output=output)
            else:
                report = project_statuses(config, _langs(config, lang), article, changed=changed)
        statuses = report.statuses
        title = f"{config.project}: translation status"
    failed = report.failed
    if fmt is StatusFormat.json:
        text = render.render_status_json(statuses, failed=failed, selection=selection)
    elif fmt is StatusFormat.csv:
        text = render.render_status_csv(statuses)
    elif fmt is StatusFormat.markdown:
        text = render.render_status_markdown(statuses)
    elif fmt is StatusFormat.html:
        text = render.render_status_html(statuses, title=title, failed=failed, trend=report.trend)
    else:
        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        text = render.render_status_table(statuses, color=color)
    _emit(text, output, quiet=quiet)
    # the others are reported; the files that could not be read are named, and fail the run
    raise typer.Exit(_report_failures(failed))


def _emit(text: str, output: Path | None, *, quiet: bool = False) -> None:
    from .store.write import write_atomic

    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text, shown=str(output))
        if not quiet:
            typer.echo(f"wrote {output}", err=True)


@app.command()
def check(
    ctx: typer.Context,
    articles: ArticlesArgument = None,
    lang: LangOption = None,
    min_translated: Annotated[
        float | None,
        typer.Option("--min-translated", min=0, max=100, metavar="PCT",
                     help="Percent of the English words an edition needs to count as final "
                     "(overrides build_thresholds and thresholds)."),
    ] = None,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", metavar="text|json|github")
                   ] = CheckFormat.text,
    gate: Annotated[Gate, typer.Option(
        "--gate", metavar="commit|publish",
        help="commit: validity, freshness and quality, for commit hooks and pull requests; "
        "publish: those and completeness (every edition final).")] = Gate.PUBLISH,
    list_checks: Annotated[bool, typer.Option(
        "--list", help="List every check: its id, severity, scope, what it catches and how to "
        "silence it (text or json); checks nothing.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress; print nothing when "
                                        "every gate passes (a failure is reported in full).")
                     ] = False,
    changed_since: ChangedOption = None,
) -> None:
    """Gate CI: validity, freshness, quality and completeness. Exit 1 when a gate fails."""
    from .render.check import check_github, check_json, check_text, render_check_summary
    from .runs.check import check_project

    if list_checks:
        _list_checks(fmt)
        return
    config = _config(ctx)
    changed = None
    if changed_since is not None:
        from .runs.changed import choose

        if articles:
            raise UsageError("name articles or give --changed-since, not both")
        changed = choose(config, changed_since)  # the report says what it chose
    with _progress(quiet=quiet, machine=fmt is not CheckFormat.text):
        report = check_project(config, _langs(config, lang), articles,
                               min_translated=min_translated, gate=gate, changed=changed)
    render = {CheckFormat.text: check_text, CheckFormat.json: check_json,
              CheckFormat.github: check_github}[fmt]
    if not quiet or report.exit_code:
        _echo_all(render(report))
    summary = os.environ.get("GITHUB_STEP_SUMMARY", "")
    if fmt is CheckFormat.github and summary:
        _append(Path(summary), render_check_summary(report, gate=gate.value))
    raise typer.Exit(report.exit_code)


def _list_checks(fmt: CheckFormat) -> None:
    from .render.check import render_check_list, render_check_list_json
    from .runs.check import list_checks

    if fmt is CheckFormat.github:
        raise UsageError("'check --list' prints text or json, not github")
    render = render_check_list_json if fmt is CheckFormat.json else render_check_list
    typer.echo(render(list_checks()), nl=False)


def _echo_all(pieces: Iterable[str], batch: int = 1024) -> None:
    """Print a report made piece by piece, a batch of pieces at a time: a big report is never
    held whole (at 10,000 articles check's findings are hundreds of megabytes of text)."""
    iterator = iter(pieces)
    while chunk := list(itertools.islice(iterator, batch)):
        typer.echo("".join(chunk), nl=False)


def _append(path: Path, text: str) -> None:
    """Add to a file someone else owns (GitHub's job summary): appended, as GitHub asks."""
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as err:
        raise WriteError(f"cannot add the job summary ({err.strerror}); check "
                         "GITHUB_STEP_SUMMARY", path=str(path)) from err


@app.command()
def build(
    ctx: typer.Context,
    articles: ArticlesArgument = None,
    lang: Annotated[
        list[str] | None,
        typer.Option("--lang", "-l", metavar="LANG",
                     help="Only this language (repeatable; the source language "
                     "rebuilds the English). Default: all translations."),
    ] = None,
    out: Annotated[
        str | None, typer.Option("--out", "-o", metavar="DIR|PATTERN",
                                 help="Where the editions go: a folder (DIR/LANG/ID.md) or a "
                                 "pattern with {lang} and {id}. Default: config 'build'.")
    ] = None,
    allow_fuzzy: Annotated[
        bool, typer.Option("--allow-fuzzy", help="Use fuzzy translations (never critical drift).")
    ] = False,
    fallback: Annotated[
        Fallback, typer.Option("--fallback", metavar="english|omit",
                               help="For units without a translation.")
    ] = Fallback.ENGLISH,
    fmt: Annotated[
        BuildFormat, typer.Option("--format", "-f", metavar="markdown|html",
                                  help="html adds a proofreading page.")
    ] = BuildFormat.markdown,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every edition, not "
                                          "only the drafts and skipped ones.")] = False,
    quiet: QuietOption = False,
    changed_since: ChangedOption = None,
) -> None:
    """Reassemble the localized articles from the catalogs."""
    from .render.article import render_article_html
    from .render.build import render_build
    from .runs.build import build_editions

    config = _config(ctx)
    changed = _changed(config, changed_since, articles, "building", quiet=quiet)
    with _progress(quiet=quiet):
        report = build_editions(config, lang, articles, out=out, allow_fuzzy=allow_fuzzy,
                                fallback=fallback,
                                page=render_article_html if fmt is BuildFormat.html else None,
                                changed=changed)
    if not quiet or report.exit_code:
        typer.echo(render_build(report, verbose=verbose), nl=False)
    _report_failures(report.failed)
    raise typer.Exit(report.exit_code)


@app.command()
def todo(
    ctx: typer.Context,
    lang: Annotated[str, typer.Argument(help="The language to list work for.", metavar="LANG")],
    articles: ArticlesArgument = None,
    review: Annotated[
        bool, typer.Option("--review", help="List what waits for review instead: entries "
                           "never signed off, and those changed since, with the word diff.")
    ] = False,
    fmt: Annotated[
        TodoFormat, typer.Option("--format", "-f", metavar="text|markdown",
                                 help="markdown: a checklist per article, for an issue.")
    ] = TodoFormat.text,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress (the list is "
                                        "printed all the same).")] = False,
) -> None:
    """List what a translator has to do: untranslated and drifted entries, with word diffs."""
    from .render import todo as render
    from .runs.project import language

    config = _config(ctx)
    code = language(config, lang)
    markdown = fmt is TodoFormat.markdown
    if review:
        from .runs.review import review_todo

        with _progress(quiet=quiet, machine=markdown):
            waiting = review_todo(config, code, articles)
        typer.echo(render.render_review_todo_markdown(waiting) if markdown
                   else render.render_review_todo(waiting), nl=False)
        raise typer.Exit(_report_failures(waiting.failed))
    from .runs.todo import todo_report

    with _progress(quiet=quiet, machine=markdown):
        report = todo_report(config, code, articles)
    typer.echo(render.render_todo_markdown(report) if markdown else render.render_todo(report),
               nl=False)
    raise typer.Exit(_report_failures(report.failed))


@app.command()
def review(
    ctx: typer.Context,
    lang: Annotated[str, typer.Argument(help="The language whose translations were reviewed.",
                                        metavar="LANG")],
    articles: ArticlesArgument = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="NAME",
                     help="Who reviewed. Default: git's user.name."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write nothing; say what would be signed off.")
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Sign off the translated entries of LANG as reviewed (a '# reviewed:' comment each)."""
    from .render.review import render_review
    from .runs.project import language
    from .runs.review import review_project

    config = _config(ctx)
    with _progress(quiet=quiet):
        report = review_project(config, [language(config, lang)], articles, reviewer=by,
                                dry_run=dry_run)
    if not quiet or report.failed:
        typer.echo(render_review(report, dry_run=dry_run), nl=False)
    raise typer.Exit(_report_failures(report.failed))


class HistoryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


@app.command()
def history(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Folders of any gettext catalogs in a git repository. Default: the project.",
        metavar="[FOLDER]...", show_default=False)] = None,
    lang: LangOption = None,
    since: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD")] = None,
    by: Annotated[str, typer.Option(metavar="week|month")] = "month",
    fmt: Annotated[HistoryFormat, typer.Option(
        "--format", "-f", metavar="table|json|csv|html")] = HistoryFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no 'wrote FILE' "
                                        "(the report is printed all the same).")] = False,
) -> None:
    """Progress per edition, words per translator and each article's lag, from git's history."""
    from .render import history as render
    from .runs.history import history_options, paths_history, project_history
    from .runs.project import not_among_inputs

    period, first, last = history_options(by, since, until)
    machine = fmt is not HistoryFormat.table and output is None
    if paths:
        with _progress(quiet=quiet, machine=machine):
            report = paths_history(paths, lang, by=period, since=first, until=last)
        title = "Translation history"
    else:
        config = _config(ctx)
        if output is not None:
            not_among_inputs(config, output, "--output")
        with _progress(quiet=quiet, machine=machine):
            report = project_history(config, _langs(config, lang), by=period, since=first,
                                     until=last)
        title = f"{config.project}: translation history"
    if fmt is HistoryFormat.html:
        text = render.render_history_html(report, title=title)
    else:
        text = {HistoryFormat.json: render.render_history_json, HistoryFormat.csv:
                render.render_history_csv}.get(fmt, render.render_history_table)(report)
    _emit(text, output, quiet=quiet)
    for problem in report.skipped:
        typer.echo(f"transkit: warning: {problem}", err=True)


class ImportFormat(StrEnum):
    text = "text"
    json = "json"


@app.command("import")
def import_(
    ctx: typer.Context,
    lang: Annotated[str, typer.Argument(help="The language of the translations.",
                                        metavar="LANG")],
    paths: Annotated[
        list[Path],
        typer.Argument(help="Translated articles, or folders that mirror the sources (a file's "
                       "article is its path in the folder, without the extension); or one "
                       "XLIFF (.xlf, .xliff) or TMX (.tmx) file from a CAT tool.",
                       metavar="PATH..."),
    ],
    article: Annotated[
        str | None,
        typer.Option("--article", "-a", metavar="ARTICLE",
                     help="The article of the one translated file given (for XLIFF, instead "
                     "of the article the file names)."),
    ] = None,
    english_at: Annotated[
        str | None,
        typer.Option("--english-at", metavar="REV|auto",
                     help="Align with the English as of this git revision; 'auto': as of each "
                     "translation's last commit that changed its text. Then carry the catalog "
                     "to today's English."),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Markdown: replace translations already in "
                           "the catalog.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write nothing; report what would be imported.")
    ] = False,
    fmt: Annotated[ImportFormat, typer.Option("--format", "-f")] = ImportFormat.text,
    quiet: QuietOption = False,
) -> None:
    """Fill catalogs from existing translations (aligned with the English unit by unit), or
    bring back work from a CAT tool (XLIFF, TMX)."""
    from .core.archive.model import ImportRun
    from .render import exchange, imports
    from .runs.imports import import_files
    from .runs.project import language

    config = _config(ctx)
    json = fmt is ImportFormat.json
    with _progress(quiet=quiet, machine=json):
        report = import_files(config, language(config, lang), paths, article=article,
                              english_at=english_at, overwrite=overwrite, dry_run=dry_run)
    say = not quiet or report.exit_code != 0
    if isinstance(report, ImportRun):  # translated articles; exit 2 when a file was refused
        if say:
            typer.echo((imports.render_import_json if json else imports.render_import_text)(
                report), nl=False)
        _report_failures(Problem(f.path, f.line, f.message) for f in report.failures)
    elif say:  # XLIFF or TMX; exit 1 when units were left out (they are listed)
        typer.echo((exchange.render_import_json if json else exchange.render_import)(report),
                   nl=False)
    raise typer.Exit(report.exit_code)


@app.command("merge-po")
def merge_po(
    base: Annotated[Path, typer.Argument(help="The common ancestor (git's %O).")],
    ours: Annotated[Path, typer.Argument(help="Our version; the result goes here (%A).")],
    theirs: Annotated[Path, typer.Argument(help="Their version (%B).")],
    path: Annotated[
        str | None, typer.Argument(help="The catalog's path, for messages (%P).")
    ] = None,
) -> None:
    """git's merge driver for catalogs: merge entry by entry into OURS; exit 1 if it cannot."""
    from .render.merge import render_merge
    from .runs.merge import merge_po_files

    report = merge_po_files(base, ours, theirs, shown=path)
    typer.echo(render_merge(report), nl=False, err=True)
    raise typer.Exit(report.exit_code)


@app.command()
def export(
    ctx: typer.Context,
    lang: Annotated[str, typer.Argument(help="The language to export.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder to write to.")],
    articles: Annotated[
        list[str] | None, typer.Argument(help="Article slugs or source paths. Default: all.")
    ] = None,
    fmt: Annotated[
        ExchangeFormat,
        typer.Option("--format", "-f", help="xliff: one XLIFF 1.2 file per article; tmx: the "
                     "language's translation memory."),
    ] = ExchangeFormat.XLIFF,
    quiet: QuietOption = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Name every file written, "
                                          "not only how many.")] = False,
) -> None:
    """Write XLIFF or TMX for translators who work in CAT tools (OmegaT, Trados, memoQ)."""
    from .render.exchange import render_export
    from .runs.exchange import export_files
    from .runs.project import language

    config = _config(ctx)
    with _progress(quiet=quiet):
        files = export_files(config, language(config, lang), articles, out, fmt)
    if not quiet:
        typer.echo(render_export(files, verbose=verbose), nl=False)


@app.command()
def resolve(
    files: Annotated[list[Path], typer.Argument(
        help="Catalogs with git conflict markers, or that git reports unmerged.",
        metavar="FILE")],
) -> None:
    """Repair catalogs git could not merge (conflict markers, or a merge driver that did not
    run) by the merge driver's rules."""
    from .render.merge import render_resolve
    from .runs.merge import resolve_files

    typer.echo(render_resolve(resolve_files(files)), nl=False)


class InitSite(StrEnum):
    hugo = "hugo"
    jekyll = "jekyll"
    plain = "plain"


@app.command()
def init(
    ctx: typer.Context,
    languages: Annotated[
        str | None,
        typer.Option("--languages", metavar="LANG,LANG",
                     help="The editions, e.g. 'de,fr' (required for a new configuration)."),
    ] = None,
    sources: Annotated[
        str | None, typer.Option("--sources", metavar="DIR",
                                 help="The English articles. Default: the site's content "
                                 "folder (content/en, content, _posts) or 'sources'.")
    ] = None,
    site: Annotated[
        InitSite | None, typer.Option("--site", metavar="hugo|jekyll|plain",
                                      help="The site generator. Default: the one found here.")
    ] = None,
    source_language: Annotated[
        str | None, typer.Option("--source-language", metavar="LANG",
                                 help="Default: the site's default language, or 'en'.")
    ] = None,
    install: Annotated[
        str | None, typer.Option("--install", metavar="REQUIREMENT",
                                 help="How CI and pre-commit install transkit (a pip "
                                 "requirement). Default: where this transkit came from.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace files that exist.")] = False,
) -> None:
    """Set a publication's repository up: transkit.toml, .gitignore, the merge driver, a
    GitHub workflow and pre-commit hooks. Never replaces a file without --force."""
    from .core.build.model import Site
    from .render.init import render_init
    from .runs.init import init_project

    root = _root(ctx) or Path.cwd()
    if not root.is_dir():
        raise ConfigError("--root: no such folder", path=root)
    codes = [code.strip() for code in (languages or "").replace(" ", ",").split(",")
             if code.strip()]
    report = init_project(root, languages=codes, sources=sources.strip("/") if sources else None,
                          site=Site(site.value) if site else None,
                          source_language=source_language, install=install, force=force)
    typer.echo(render_init(report), nl=False)


@app.command("setup-git")
def setup_git(
    ctx: typer.Context,
    command: Annotated[
        str | None, typer.Option(
            "--command", help="How git runs transkit. Default: this Python by its absolute "
            "path with '-m transkit', which works where the virtual environment is not on "
            "the PATH (git GUIs, IDEs).")
    ] = None,
) -> None:
    """Make git merge the project's catalogs with 'transkit merge-po' (.gitattributes, config)."""
    from .render.merge import render_setup_git
    from .runs.setup_git import setup_git as run_setup

    typer.echo(render_setup_git(run_setup(_config(ctx), command=command)), nl=False)


@functools.cache
def _command() -> Callable[..., Any]:
    """The click command typer makes of `app`, made once per process: making it reads the
    signature and type hints of every command, which costs more than most runs in a process
    that runs many (the tests, an editor's plugin)."""
    command = typer.main.get_command(app)
    invoke = command.invoke

    def invoke_telling_ctrl_c(ctx: Any) -> Any:
        try:
            return invoke(ctx)
        except KeyboardInterrupt as err:  # typer would turn it into a silent exit 130
            raise _Interrupted from err

    command.invoke = invoke_telling_ctrl_c  # type: ignore[method-assign]
    return command


class _Interrupted(Exception):
    """Ctrl-C during a command, past typer (which ends it silently with exit status 130)."""


INTERRUPTED = "transkit: interrupted; no file was left half-written"


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; the console script's entry point. Returns the exit status."""
    try:
        result = _command()(args=argv, prog_name="transkit", standalone_mode=False)
        if isinstance(result, int):
            return result
    except typer.Exit as done:
        return int(done.exit_code)
    except SystemExit as done:  # typer's --show-completion and --install-completion end so
        return done.code if isinstance(done.code, int) else 0 if done.code is None else 1
    except TranskitError as err:
        typer.echo(f"transkit: error: {err}", err=True)
        return err.exit_code
    except (KeyboardInterrupt, _Interrupted):
        typer.echo(INTERRUPTED, err=True)
        return 130
    except BrokenPipeError:
        return 0
    except typer.Abort:  # click's form of Ctrl-C
        typer.echo(INTERRUPTED, err=True)
        return 130
    except sqlite3.Error as err:  # the translation memory's index, changed under this run
        typer.echo(
            f"transkit: error: .transkit-cache/memory.sqlite, the translation memory's index, "
            f"could not be used ({err}); if another transkit run or a copy of the project "
            "changed it meanwhile, run the command again; if not, delete it (the next run "
            "rebuilds it). No file was changed by the failing step.",
            err=True,
        )
        return 2
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
