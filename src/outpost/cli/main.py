"""The ``outpost`` Typer application, its global options and error handling."""

import logging
from dataclasses import dataclass, field
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from outpost.cli.output import safe
from outpost.errors import OutpostError
from outpost.settings import get_settings
from outpost.store import Store, open_store


class OutpostGroup(TyperGroup):
    """Print an ``OutpostError`` as one ``Error:`` line and exit 1, no traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except OutpostError as error:
            typer.echo(f"Error: {safe(error)}", err=True)
            raise typer.Exit(1) from None


@dataclass
class CliState:
    """Options shared by every command; the store opens on first use."""

    database_url: str
    _store: Store | None = field(default=None, repr=False)

    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.database_url)
        return self._store


app = typer.Typer(
    cls=OutpostGroup,
    help="Listen to customers on public social networks and turn posts into work.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database URL (default: OUTPOST_DATABASE_URL, else sqlite:///outpost.db).",
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log progress to standard error.")
    ] = False,
) -> None:
    """Outpost: listening posts for customer service and B2B sales."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    ctx.obj = CliState(db or get_settings().database_url)
    ctx.call_on_close(lambda: ctx.obj._store and ctx.obj._store.dispose())


def state(ctx: typer.Context) -> CliState:
    """Return the shared CLI state from any sub-command's context."""
    root = ctx.find_root()
    assert isinstance(root.obj, CliState)
    return root.obj


def _register_commands() -> None:
    from outpost.cli import feedback, inbox, ingest, triage, watch, workspace

    workspace.register(app)
    ingest.register(app)
    inbox.register(app)
    watch.register(app)
    triage.register(app)
    feedback.register(app)


_register_commands()


def main() -> None:
    """Run the command line."""
    app()
