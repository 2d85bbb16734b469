"""``outpost ingest`` and ``outpost process``: bring posts in and run the pipeline."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from outpost.cli.main import state
from outpost.cli.output import console, error_console, plural, print_json, safe
from outpost.errors import InputFileError
from outpost.pipeline import ProcessSummary
from outpost.settings import get_settings
from outpost.sources.files import ColumnMap, PostFormat
from outpost.sources.ingest import MAX_PROBLEMS_SHOWN, ingest_file, process_pending

FORMATS = ", ".join(f.value for f in PostFormat)


@contextmanager
def progress_bar(description: str) -> Iterator[Any]:
    """Yield a callback that advances a Rich progress display on standard error."""
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=error_console,
        transient=True,
    )
    with progress:
        task = progress.add_task(description, total=None)
        yield lambda count: progress.advance(task, count)


def ingest_command(
    ctx: typer.Context,
    path: Annotated[
        str, typer.Argument(help="File of posts, or - for standard input.")
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"File layout: {FORMATS}.")
    ] = "jsonl",
    encoding: Annotated[
        str, typer.Option(help="Text encoding of the file, such as latin-1.")
    ] = "utf-8",
    source: Annotated[
        str | None,
        typer.Option(
            help="Source name for the posts (default: twitter for the Twitter "
            "layouts, else each row's source field or the file name)."
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option(help="Reject the whole file if any row is malformed.")
    ] = False,
    process: Annotated[
        bool, typer.Option(help="Run the pipeline on the new posts after storing.")
    ] = True,
    id_column: Annotated[str, typer.Option(help="Column or key of the id.")] = "id",
    text_column: Annotated[
        str, typer.Option(help="Column or key of the text.")
    ] = "text",
    author_column: Annotated[
        str, typer.Option(help="Column or key of the author handle.")
    ] = "author",
    created_column: Annotated[
        str, typer.Option(help="Column or key of the creation time.")
    ] = "created_at",
    language_column: Annotated[
        str, typer.Option(help="Column or key of the language code.")
    ] = "language",
    reply_to_column: Annotated[
        str, typer.Option(help="Column or key of the id replied to.")
    ] = "reply_to",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Import posts from a file, store each once, and process the new ones."""
    if fmt not in {f.value for f in PostFormat}:
        raise InputFileError(f"unknown format {fmt!r}; use one of {FORMATS}")
    columns = ColumnMap(
        id=id_column,
        text=text_column,
        author=author_column,
        created_at=created_column,
        language=language_column,
        reply_to=reply_to_column,
    )
    batch_size = get_settings().batch_size
    store = state(ctx).store()
    with progress_bar(f"Importing {path}") as advance:
        summary = ingest_file(
            store,
            Path(path) if path != "-" else path,
            fmt,
            encoding=encoding,
            columns=columns,
            source=source,
            strict=strict,
            process=process,
            batch_size=batch_size,
            on_progress=advance,
        )
    problems = [{"line": p.line, "reason": p.reason} for p in summary.problems]
    if as_json:
        print_json(
            {
                "read": summary.read,
                "stored": summary.stored,
                "duplicates": summary.duplicates,
                "malformed": len(problems),
                "problems": problems,
                "processed": _processed_dict(summary.processed),
            }
        )
        return
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        error_console.print(
            safe(f"Skipped line {problem['line']}: {problem['reason']}")
        )
    if len(problems) > MAX_PROBLEMS_SHOWN:
        hidden = len(problems) - MAX_PROBLEMS_SHOWN
        error_console.print(
            f"… and {plural(hidden, 'more row')}; --json lists them all"
        )
    origin = "standard input" if path == "-" else path
    console.print(
        safe(
            f"Read {plural(summary.read, 'post')} from {origin}: "
            f"{summary.stored:,} new, {plural(summary.duplicates, 'duplicate')} "
            f"skipped, {plural(len(problems), 'malformed row')} skipped."
        )
    )
    if process:
        _print_processed(summary.processed)


def process_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Run the pipeline on every stored post that has not been processed yet."""
    batch_size = get_settings().batch_size
    store = state(ctx).store()
    with progress_bar("Processing") as advance:
        summary = process_pending(store, batch_size=batch_size, on_progress=advance)
    if as_json:
        print_json(_processed_dict(summary))
    else:
        _print_processed(summary)


def _processed_dict(summary: ProcessSummary) -> dict[str, Any]:
    return {
        "posts": summary.posts,
        "mentions": summary.mentions,
        "signals": summary.signals,
    }


def _print_processed(summary: ProcessSummary) -> None:
    signals = ", ".join(
        plural(n, kind, "opportunities" if kind == "opportunity" else None)
        for kind, n in sorted(summary.signals.items())
    )
    console.print(
        f"Processed {plural(summary.posts, 'post')}: "
        f"{plural(summary.mentions, 'mention')}, signals: {signals or 'none'}."
    )


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
    app.command("process")(process_command)
