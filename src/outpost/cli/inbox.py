"""``outpost inbox`` and ``outpost stats``: what needs people, and the totals."""

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from outpost.cli.main import state
from outpost.cli.output import console, print_json, safe
from outpost.insights.stats import get_stats
from outpost.signals.inbox import list_open_signals


def inbox_command(
    ctx: typer.Context,
    limit: Annotated[
        int, typer.Option(help="Maximum number of signals to list.", min=1)
    ] = 20,
    kind: Annotated[
        str | None, typer.Option(help="Only this kind: case, opportunity or alert.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List open signals with their post, labels and explanation."""
    with state(ctx).store().transaction() as session:
        items = list_open_signals(session, limit=limit, kind=kind)
    if as_json:
        print_json([item.to_dict() for item in items])
        return
    if not items:
        console.print("The inbox is empty: no open signals.")
        return
    table = Table(title="Inbox: open signals (! marks high priority)", show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("kind")
    table.add_column("post")
    table.add_column("why")
    table.add_column("assignee")
    for item in items:
        kind_text = Text(item.kind)
        if item.priority == "high":
            kind_text.append(" !", style="red")
        author = f"@{item.post['author']}" if item.post["author"] else "?"
        post_text = Text(safe(author), style="bold")
        post_text.append(": " + safe(item.post["text"]), style="")
        if item.labels:
            intents = ", ".join(item.labels["intents"]) or "no intent"
            summary = f"{item.labels['sentiment']}; {intents}"
            post_text.append("\n" + safe(summary), style="dim")
        table.add_row(
            str(item.id),
            kind_text,
            post_text,
            Text(safe(item.explanation)),
            Text(safe(item.assignee or "-")),
        )
    console.print(table)


def stats_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print how many posts, mentions and signals of each kind are stored."""
    with state(ctx).store().transaction() as session:
        stats = get_stats(session)
    if as_json:
        print_json(stats)
        return
    table = Table(title="Outpost totals")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("posts", f"{stats['posts']:,}")
    table.add_row("mentions", f"{stats['mentions']:,}")
    for kind, count in stats["signals"].items():
        table.add_row(f"signals: {kind}", f"{count:,}")
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("inbox")(inbox_command)
    app.command("stats")(stats_command)
