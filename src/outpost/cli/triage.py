"""``outpost classify`` and ``outpost evaluate``: triage posts from a file, and
measure triage on a public data set."""

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from outpost.errors import OutpostError
from outpost.settings import get_settings
from outpost.triage import Triager
from outpost.triage.inputs import InputFormat, PostInput, choose_format, read_posts

# Posts classified per call to Triager.classify: large enough for lingua's batch
# API to pay off, small enough that output starts at once on a pipe.
BATCH_SIZE = 1000


class Dataset(StrEnum):
    """Evaluations that ``outpost evaluate`` runs, named after their data set."""

    AIRLINE = "airline-sentiment"
    # The short name that the first version of the command used.
    AIRLINE_SHORT = "airline"
    COMPLAINTS = "tweet-complaints"
    TWEETEVAL = "tweeteval"
    LEAVE_ONE_DOMAIN_OUT = "leave-one-domain-out"
    ADIDAS = "adidas-purchase-intent"
    BANKING77 = "banking77"
    CLINC150 = "clinc150"
    LEARNING_CURVE = "learning-curve"


class TriageModel(StrEnum):
    """Triage models that ``--model`` chooses from."""

    STATIC = "static"
    TRANSFORMER = "transformer"


MODEL_HELP = (
    "Triage model: static (the default linear heads) or transformer (blended with "
    "the fine-tuned transformer; needs the transformer extra: pip install -e "
    "'.\\[transformer]' in the Outpost folder). "
    "Default: the OUTPOST_TRIAGE_MODEL setting, else static."
)
AIRLINE_NAMES = (Dataset.AIRLINE, Dataset.AIRLINE_SHORT)
# Evaluations that re-train the linear heads, so cannot measure the transformer.
TRANSFORMER_EVALUATIONS = (*AIRLINE_NAMES, Dataset.TWEETEVAL)
DEFAULT_DATA = Path("..") / "shared" / "data"


@contextmanager
def exit_on_user_error() -> Iterator[None]:
    """Print an ``OutpostError`` as one ``Error: <message>`` line on standard error
    and exit with status 1."""
    try:
        yield
    except OutpostError as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(1) from None


def classify_command(
    file: Annotated[
        str,
        typer.Argument(
            help="JSON Lines or CSV file of posts with id and text, or - for "
            "standard input."
        ),
    ],
    input_format: Annotated[
        InputFormat | None,
        typer.Option(
            "--format",
            help="Layout of FILE (default: from the extension; JSON Lines for -).",
        ),
    ] = None,
    model: Annotated[
        TriageModel | None, typer.Option("--model", help=MODEL_HELP)
    ] = None,
) -> None:
    """Label each post with sentiment, intents, urgency and language, and write one
    JSON line per post."""
    with exit_on_user_error():
        chosen = choose_format(file, input_format)
        triager = Triager(model=model)
        posts = read_posts(file, chosen, stdin=typer.get_binary_stream("stdin"))
        for batch in _batches(posts, BATCH_SIZE):
            labels = triager.classify(
                [post.text for post in batch], [post.language for post in batch]
            )
            for post, label in zip(batch, labels, strict=True):
                line = {"id": post.id, **label.to_dict()}
                typer.echo(json.dumps(line, ensure_ascii=False))


def evaluate_command(
    dataset: Annotated[Dataset, typer.Argument(help="Evaluation to run.")],
    data: Annotated[
        Path,
        typer.Option(
            "--data",
            help="Folder with one sub-folder per public data set (for "
            "airline-sentiment also the path of Tweets.csv).",
        ),
    ] = DEFAULT_DATA,
    as_json: Annotated[
        bool, typer.Option("--json", help="Write the report as JSON.")
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=1,
            help="Use only the first N rows of each set, for a "
            "quick check; the figures are then not comparable. Not for "
            "airline-sentiment, whose split is fixed.",
        ),
    ] = None,
    model: Annotated[
        TriageModel | None, typer.Option("--model", help=MODEL_HELP)
    ] = None,
) -> None:
    """Measure triage on a labelled public data set and print the report. The
    evaluations that re-train take a few minutes."""
    # Imported here because scikit-learn takes about a second to import.
    from outpost.triage import evaluations
    from outpost.triage.evaluate import evaluate_airline

    runners = {
        Dataset.COMPLAINTS: evaluations.evaluate_complaints,
        Dataset.TWEETEVAL: evaluations.evaluate_tweeteval,
        Dataset.LEAVE_ONE_DOMAIN_OUT: evaluations.evaluate_leave_one_domain_out,
        Dataset.ADIDAS: evaluations.evaluate_adidas,
        Dataset.BANKING77: evaluations.evaluate_banking77,
        Dataset.CLINC150: evaluations.evaluate_clinc150,
        Dataset.LEARNING_CURVE: evaluations.evaluate_learning_curve,
    }
    with exit_on_user_error():
        chosen = model or get_settings().triage_model
        if chosen == TriageModel.TRANSFORMER and dataset not in TRANSFORMER_EVALUATIONS:
            raise OutpostError(
                f"{dataset} re-trains the linear heads and cannot measure the "
                "transformer; use airline-sentiment or tweeteval, or run "
                "python -m outpost.triage.finetune complaints for complaints"
            )
        if dataset in AIRLINE_NAMES and limit is not None:
            raise OutpostError(
                f"--limit {limit} does not apply to {dataset}, whose test split is "
                "fixed; drop --limit"
            )
        if dataset in AIRLINE_NAMES:
            tweets = (
                data
                if data.suffix == ".csv"
                else data / "airline-sentiment" / "Tweets.csv"
            )
            report = evaluate_airline(tweets, Triager(parallel=False, model=chosen))
        elif dataset == Dataset.TWEETEVAL:
            report = evaluations.evaluate_tweeteval(data, limit, str(chosen))
        else:
            report = runners[dataset](data, limit)
    if as_json or dataset not in AIRLINE_NAMES:
        typer.echo(json.dumps(report, indent=2))
    else:
        _print_report(report)


def register(app: typer.Typer) -> None:
    """Add the ``classify`` and ``evaluate`` commands to ``app``."""
    app.command("classify")(classify_command)
    app.command("evaluate")(evaluate_command)


def _batches(posts: Iterable[PostInput], size: int) -> Iterator[list[PostInput]]:
    iterator = iter(posts)
    while batch := list(islice(iterator, size)):
        yield batch


def _print_report(report: dict[str, Any]) -> None:
    console = Console()
    split = report["split"]
    console.print(
        f"[bold]{report['dataset']}[/bold]: {split['test']} test tweets of "
        f"{split['unique_tweets']} distinct, stratified "
        f"{split['test_size']:.0%} split, seed {split['seed']}"
    )

    table = Table(title="Sentiment on the test split")
    table.add_column("Class")
    for column in ("Precision", "Recall", "F1", "Support"):
        table.add_column(column, justify="right")
    for label, scores in report["per_class"].items():
        table.add_row(
            label,
            f"{scores['precision']:.3f}",
            f"{scores['recall']:.3f}",
            f"{scores['f1']:.3f}",
            str(scores["support"]),
        )
    console.print(table)

    console.print(_confusion_table(report["confusion_matrix"]))
    console.print(f"Macro-F1: [bold]{report['macro_f1']:.4f}[/bold]")
    console.print(f"Accuracy: {report['accuracy']:.4f}")
    for name, baseline in report["baselines"].items():
        console.print(f"Baseline {name}: macro-F1 {baseline['macro_f1']:.4f}")


def _confusion_table(confusion: dict[str, Any]) -> Table:
    table = Table(title="Confusion matrix (rows: true, columns: predicted)")
    table.add_column("")
    for label in confusion["labels"]:
        table.add_column(label, justify="right")
    for label, row in zip(confusion["labels"], confusion["matrix"], strict=True):
        table.add_row(label, *(str(count) for count in row))
    return table
