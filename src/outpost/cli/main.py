"""The ``outpost`` Typer application, its global options and error handling."""

import logging
from dataclasses import dataclass, field
from typing import Annotated, Any, NoReturn

import typer
from typer import TyperException
from typer.core import TyperGroup

from outpost.cli.output import safe
from outpost.errors import OutpostError
from outpost.settings import get_settings
from outpost.store import Store, open_store

# Click's exit status for a misused command or option.
USAGE_EXIT_STATUS = 2


class OutpostGroup(TyperGroup):
    """Print an ``OutpostError`` as one ``Error:`` line and exit 1, and a misused
    command or option as one ``Error:`` line and exit 2, with no traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except OutpostError as error:
            typer.echo(f"Error: {safe(error)}", err=True)
            raise typer.Exit(1) from None
        except TyperException as error:
            _usage_error(error, ctx)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except TyperException as error:
            _usage_error(error, None)


def _usage_error(error: TyperException, ctx: Any) -> NoReturn:
    """Print a usage error (exit status 2) as one line and exit; raise any other
    error on."""
    if getattr(error, "exit_code", None) != USAGE_EXIT_STATUS:
        raise error
    where = getattr(error, "ctx", None) or ctx
    path = where.command_path if where is not None else "outpost"
    format_message = getattr(error, "format_message", None)
    message = format_message() if format_message else str(error)
    message = message.rstrip(".")
    typer.echo(f"Error: {safe(message)}; see {path} --help", err=True)
    raise typer.Exit(USAGE_EXIT_STATUS) from None


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
