"""Posts per second of the default Triager, of the Triager with the optional
transformer, and of VADER alone, in the same run.

Run it pinned to one core, as recorded in docs/benchmarks.md:

    taskset -c 0 env PYTHONPATH=src TOKENIZERS_PARALLELISM=false \\
        .venv/bin/python benchmarks/triage.py --runs 5

It reads ``Tweets.csv`` of Twitter US Airline Sentiment (14,640 tweets) and
reports the median of ``--runs`` timed passes after one warm-up pass each; the
transformer, about twenty times slower, gets ``--transformer-runs`` passes over the
first ``--transformer-posts`` tweets (0 skips it). BLAS, ONNX Runtime
and the tokenizer are limited to one thread, and the run prints the cores it may
use and the load average, because other jobs on the machine slow it down.
"""

import argparse
import csv
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from threadpoolctl import threadpool_limits
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from outpost.triage import Triager

DEFAULT_TWEETS = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "data"
    / "airline-sentiment"
    / "Tweets.csv"
)


def read_texts(path: Path) -> list[str]:
    """Return the text column of ``path``."""
    with path.open(encoding="utf-8", newline="") as stream:
        return [row["text"] for row in csv.DictReader(stream)]


def cpu_model() -> str:
    """Return the CPU model name that Linux reports, or "unknown"."""
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return "unknown"
    names = [line.split(":", 1)[1].strip() for line in lines if "model name" in line]
    return names[0] if names else "unknown"


def rates(
    label: Callable[[list[str]], object], texts: list[str], runs: int
) -> list[float]:
    """Return the posts per second of ``label`` in each of ``runs`` timed passes,
    after one warm-up pass."""
    label(texts)
    measured = []
    for _ in range(runs):
        started = time.perf_counter()
        label(texts)
        measured.append(len(texts) / (time.perf_counter() - started))
    return measured


def report(name: str, measured: list[float]) -> None:
    """Print the median and every run of one labeller."""
    runs = ", ".join(f"{value:,.0f}" for value in measured)
    print(f"{name}: {statistics.median(measured):,.0f} posts/s (runs: {runs})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_TWEETS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--transformer-runs", type=int, default=3)
    parser.add_argument("--transformer-posts", type=int, default=3000)
    arguments = parser.parse_args()
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    threadpool_limits(1)
    texts = read_texts(arguments.data)

    started = time.perf_counter()
    triager = Triager(parallel=False)
    load_seconds = time.perf_counter() - started
    vader = SentimentIntensityAnalyzer()

    def label_with_vader(batch: list[str]) -> object:
        return [vader.polarity_scores(text) for text in batch]

    triager_rates = rates(triager.classify, texts, arguments.runs)
    vader_rates = rates(label_with_vader, texts, arguments.runs)
    print(f"cores usable: {len(os.sched_getaffinity(0))}, CPU: {cpu_model()}")
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(f"posts: {len(texts)}, model: {triager.name}")
    print(f"Triager load: {load_seconds:.2f} s")
    report("Triager (whole, language included)", triager_rates)
    report("VADER polarity_scores alone", vader_rates)
    if arguments.transformer_posts > 0:
        blended = Triager(parallel=False, model="transformer")
        subset = texts[: arguments.transformer_posts]
        measured = rates(blended.classify, subset, arguments.transformer_runs)
        print(f"transformer model: {blended.name}, posts: {len(subset)}")
        report("Triager with the transformer (whole)", measured)


if __name__ == "__main__":
    main()
