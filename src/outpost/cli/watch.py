"""``outpost watch``: add, edit, list, remove, backfill and try watch queries."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.table import Table

from outpost.cli.ingest import progress_bar
from outpost.cli.main import state
from outpost.cli.output import console, print_json, safe
from outpost.errors import OutpostError, QuerySyntaxError
from outpost.query import Document, compile_query, format_syntax_error
from outpost.watch.service import (
    backfill_watch_query,
    list_versions,
    list_watch_queries,
    remove_watch_query,
    save_watch_query,
)

watch_app = typer.Typer(help="Watch queries: what to listen for.")

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@contextmanager
def caret_on_syntax_error() -> Iterator[None]:
    """Print a query syntax error with a caret under its column, then exit 1."""
    try:
        yield
    except QuerySyntaxError as error:
        typer.echo(f"Error: invalid query: {safe(error)}", err=True)
        # The caret display repeats the reason after the caret; the line above has it.
        query_line, caret_line = format_syntax_error(error).rsplit("\n", 1)
        typer.echo(safe(query_line), err=True)
        typer.echo(caret_line[: caret_line.index("^") + 1], err=True)
        raise typer.Exit(1) from None


@watch_app.command("add")
def add_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name of the watch query.")],
    query: Annotated[str, typer.Argument(help="The query text.")],
    entity: Annotated[
        str | None, typer.Option(help="Key of the entity the query listens for.")
    ] = None,
    route: Annotated[
        str | None, typer.Option(help="Skill or team key that its cases go to.")
    ] = None,
    priority: Annotated[
        int, typer.Option(help="Higher wins when several matching queries route.")
    ] = 0,
    as_json: JsonOption = False,
) -> None:
    """Add a watch query, or make QUERY the new version of an existing one.

    A query that the workspace file defines is set back to the file's text by the
    next `outpost workspace load`.
    """
    with caret_on_syntax_error(), state(ctx).store().transaction() as session:
        result = save_watch_query(
            session, name, query, entity_key=entity, route=route, priority=priority
        )
        version = result.query.version
    if as_json:
        print_json({"name": name, "outcome": result.outcome, "version": version})
        return
    messages = {
        "created": f"Added watch query {name!r}.",
        "updated": f"Saved version {version} of watch query {name!r}.",
        "unchanged": f"Watch query {name!r} is unchanged (version {version}).",
    }
    console.print(safe(messages[result.outcome]))
    if result.outcome != "unchanged":
        console.print(
            f"It matches new posts from now on; `outpost watch backfill {name}` "
            "runs it over the posts already stored."
        )


@watch_app.command("list")
def list_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the active watch queries with how many posts each has matched."""
    with state(ctx).store().transaction() as session:
        rows = list_watch_queries(session)
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print("No watch queries yet: load a workspace or use `watch add`.")
        return
    table = Table(title="Watch queries")
    for column in ("name", "query", "route", "version", "mentions"):
        table.add_column(column, justify="right" if column == "mentions" else "left")
    for row in rows:
        table.add_row(
            safe(row["name"]),
            safe(row["query"]),
            safe(row["route"] or "-"),
            str(row["version"]),
            f"{row['mentions']:,}",
        )
    console.print(table)


@watch_app.command("versions")
def versions_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name of the watch query.")],
    as_json: JsonOption = False,
) -> None:
    """Show every version of a watch query, oldest first."""
    with state(ctx).store().transaction() as session:
        versions = list_versions(session, name)
    if as_json:
        print_json(versions)
        return
    for version in versions:
        route = f"  (route {version['route']})" if version["route"] else ""
        line = f"v{version['version']}  {version['created_at']}  {version['query']}"
        console.print(safe(line + route))


@watch_app.command("remove")
def remove_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name of the watch query.")],
    as_json: JsonOption = False,
) -> None:
    """Stop listening with a watch query; its past mentions are kept."""
    with state(ctx).store().transaction() as session:
        remove_watch_query(session, name)
    if as_json:
        print_json({"name": name, "removed": True})
    else:
        console.print(
            safe(f"Removed watch query {name!r}; its past mentions are kept.")
        )


def parse_since(value: str | None) -> datetime | None:
    """Parse ``--since`` as an ISO 8601 date or time; naive values are UTC."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise OutpostError(
            f"invalid --since {value!r}; use a date such as 2026-11-01"
        ) from None
    # Stored times are UTC, and SQLite compares them as text, so convert first.
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


@watch_app.command("backfill")
def backfill_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name of the watch query.")],
    since: Annotated[
        str | None, typer.Option(help="Only posts created on or after this date.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Run a new or edited watch query over the posts already stored."""
    start = parse_since(since)
    with (
        progress_bar(f"Backfilling {name}") as advance,
        state(ctx).store().transaction() as session,
    ):
        result = backfill_watch_query(session, name, since=start, on_progress=advance)
    if as_json:
        print_json({"name": name, **result})
        return
    console.print(
        f"Scanned {result['scanned']:,} posts: {result['matched']:,} match "
        f"{name!r}, {result['new_mentions']:,} of them new mentions."
    )


@watch_app.command("test")
def test_command(
    query: Annotated[str, typer.Argument(help="Watch query to try.")],
    text: Annotated[str, typer.Argument(help="Post text to match against.")],
    author: Annotated[str | None, typer.Option(help="Author handle.")] = None,
    lang: Annotated[str | None, typer.Option(help="Language code.")] = None,
    source: Annotated[str | None, typer.Option(help="Source name.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Match one query against one text and show the matched spans."""
    with caret_on_syntax_error():
        compiled = compile_query(query)
    document = Document.from_text(text, author=author, language=lang, source=source)
    spans = compiled.match(document)
    result = {"matched": spans is not None, "spans": [list(s) for s in spans or []]}
    if as_json:
        print_json(result)
        return
    if spans is None:
        console.print("No match.")
        return
    console.print("Matched: " + ", ".join(repr(text[a:b]) for a, b in spans))


def register(app: typer.Typer) -> None:
    app.add_typer(watch_app, name="watch")
