"""``outpost workspace``: load the workspace file that describes the company."""

from pathlib import Path
from typing import Annotated

import typer

from outpost.cli.main import state
from outpost.cli.output import console, print_json, safe
from outpost.config.workspace import read_workspace
from outpost.crm.load import load_workspace

workspace_app = typer.Typer(help="Describe the company: entities, team, queries.")


@workspace_app.command("load")
def load_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Workspace TOML file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Validate a workspace file and load it; on any error load nothing."""
    workspace = read_workspace(path)
    with state(ctx).store().transaction() as session:
        summary = load_workspace(session, workspace)
    if as_json:
        print_json(
            {
                "workspace": str(path),
                "company": workspace.company.name,
                "created": summary.created,
                "updated": summary.updated,
            }
        )
        return
    if not summary.changed:
        console.print(safe(f"Workspace {path} is already loaded; nothing changed."))
        return
    console.print(safe(f"Loaded workspace of {workspace.company.name} from {path}."))
    for label, counts in (("created", summary.created), ("updated", summary.updated)):
        if counts:
            parts = ", ".join(f"{n} {table}" for table, n in sorted(counts.items()))
            console.print(f"  {label}: {parts}")


def register(app: typer.Typer) -> None:
    app.add_typer(workspace_app, name="workspace")
