"""``outpost triage correct`` and ``outpost triage train``: learn from agents."""

from typing import Annotated

import typer

from outpost.cli.main import state
from outpost.cli.output import console, plural, print_json, safe
from outpost.feedback.service import Correction, correct_post, train_workspace_heads
from outpost.triage.heads import MIN_CLASS_EXAMPLES, MIN_NEW_INTENT_NEGATIVES

triage_app = typer.Typer(help="Correct triage labels and learn from the corrections.")


@triage_app.command("correct")
def correct_command(
    ctx: typer.Context,
    post: Annotated[
        str, typer.Argument(help="Post id from the inbox, or SOURCE:EXTERNAL_ID.")
    ],
    sentiment: Annotated[
        str | None, typer.Option(help="positive, neutral or negative.")
    ] = None,
    intent: Annotated[
        list[str] | None, typer.Option(help="An intent the post has; repeatable.")
    ] = None,
    not_intent: Annotated[
        list[str] | None,
        typer.Option(help="An intent the post does not have; repeatable."),
    ] = None,
    urgency: Annotated[str | None, typer.Option(help="low, normal or high.")] = None,
    reason: Annotated[
        str | None, typer.Option(help="Complaint reason defined in the workspace.")
    ] = None,
    by: Annotated[str | None, typer.Option(help="Who made the correction.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Correct the labels of one post; `outpost triage train` learns from them."""
    correction = Correction(
        sentiment=sentiment,
        intents=tuple(intent or ()),
        not_intents=tuple(not_intent or ()),
        urgency=urgency,
        reason=reason,
    )
    with state(ctx).store().transaction() as session:
        labels = correct_post(session, post, correction, by=by)
    if as_json:
        print_json(labels)
        return
    intents = ", ".join(labels["intents"]) or "none"
    console.print(
        f"Post {labels['post_id']} now reads: {labels['sentiment']}, intents "
        f"{intents}, urgency {labels['urgency']}"
        + (f", reason {labels['reason']}" if labels["reason"] else "")
        + "."
    )


@triage_app.command("train")
def train_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Fit the workspace's own triage heads from corrections and workspace examples."""
    with state(ctx).store().transaction() as session:
        summary = train_workspace_heads(session)
    if as_json:
        print_json(summary)
        return
    trained = [name for name, head in summary["heads"].items() if head["trained"]]
    if trained:
        console.print(
            f"Trained {plural(len(trained), 'workspace head')} "
            f"({', '.join(trained)}) on {plural(summary['examples'], 'example')}; "
            "new posts are labelled with them from now on."
        )
    else:
        console.print(
            f"No head could be trained from {plural(summary['examples'], 'example')}"
            "; new posts keep the shipped labels, and corrected posts their "
            "corrections."
        )
    for name, head in summary["heads"].items():
        if head["trained"] or not name.startswith("intent:"):
            continue
        intent = name.removeprefix("intent:")
        new = intent in summary["new_intents"]
        counts = head["examples"]
        console.print(
            safe(
                f"Not trained: intent {intent} has "
                f"{plural(counts.get('1', 0), 'example')} with it and "
                f"{counts.get('0', 0)} without; it needs "
                f"{MIN_CLASS_EXAMPLES} with and "
                f"{MIN_NEW_INTENT_NEGATIVES if new else MIN_CLASS_EXAMPLES} without. "
                "Correct more posts, or add examples to the workspace."
            )
        )


def register(app: typer.Typer) -> None:
    app.add_typer(triage_app, name="triage")
