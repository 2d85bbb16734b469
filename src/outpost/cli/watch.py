"""``outpost watch``: list the stored watch queries and try a query on a text."""

from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import func, select

from outpost.cli.main import state
from outpost.cli.output import console, print_json
from outpost.query import Document, compile_query
from outpost.store.models import Mention, WatchQuery

watch_app = typer.Typer(help="Watch queries: what to listen for.")


@watch_app.command("list")
def list_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the watch queries with how many posts each has matched."""
    with state(ctx).store().transaction() as session:
        counts = dict(
            session.execute(
                select(Mention.query_id, func.count()).group_by(Mention.query_id)
            ).all()
        )
        rows = [
            {
                "name": query.name,
                "query": query.query,
                "route": query.route,
                "active": query.active,
                "mentions": counts.get(query.id, 0),
            }
            for query in session.scalars(select(WatchQuery).order_by(WatchQuery.name))
        ]
    if as_json:
        print_json(rows)
        return
    table = Table(title="Watch queries")
    for column in ("name", "query", "route", "mentions"):
        table.add_column(column, justify="right" if column == "mentions" else "left")
    for row in rows:
        table.add_row(
            str(row["name"]),
            str(row["query"]),
            str(row["route"] or "-"),
            str(row["mentions"]),
        )
    console.print(table)


@watch_app.command("test")
def test_command(
    query: Annotated[str, typer.Argument(help="Watch query to try.")],
    text: Annotated[str, typer.Argument(help="Post text to match against.")],
    author: Annotated[str | None, typer.Option(help="Author handle.")] = None,
    lang: Annotated[str | None, typer.Option(help="Language code.")] = None,
    source: Annotated[str | None, typer.Option(help="Source name.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Match one query against one text and show the matched spans."""
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
