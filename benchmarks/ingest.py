"""Time ingest plus the whole pipeline on Tweets.csv into SQLite and PostgreSQL.

Usage: python benchmarks/ingest.py [--data PATH] [--postgres URL] [--runs N]

For each store it loads examples/airline/workspace.toml into a fresh database, then
times ``ingest_file`` on the airline tweets with processing on: reading, storing,
matching, triage, linking and signals. The triage models are loaded before the
clock starts, as a long-running worker would have them. A second figure, "cli",
times the whole ``outpost ingest`` command in a new process, start-up and model
loading included. Prints one JSON line per measurement with posts per second.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

from outpost.config.workspace import read_workspace
from outpost.crm.load import load_workspace
from outpost.insights.stats import get_stats
from outpost.sources.ingest import ingest_file
from outpost.store import open_store
from outpost.triage import Triager

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "airline-sentiment" / "Tweets.csv"
WORKSPACE = ROOT / "examples" / "airline" / "workspace.toml"


def run_once(url: str, data: Path, triager: Triager) -> dict[str, object]:
    store = open_store(url)
    with store.transaction() as session:
        load_workspace(session, read_workspace(WORKSPACE))
    start = time.perf_counter()
    summary = ingest_file(store, data, "twitter-airline", triager=triager)
    elapsed = time.perf_counter() - start
    with store.transaction() as session:
        stats = get_stats(session)
    store.dispose()
    return {
        "seconds": round(elapsed, 3),
        "posts_read": summary.read,
        "posts_stored": summary.stored,
        "posts_per_second": round(summary.read / elapsed),
        "stats": stats,
    }


def run_cli(url: str, data: Path) -> dict[str, object]:
    command = [sys.executable, "-m", "outpost", "--db", url]
    load = [*command, "workspace", "load", str(WORKSPACE)]
    subprocess.run(load, check=True, capture_output=True)
    ingest = [*command, "ingest", str(data), "--format", "twitter-airline", "--json"]
    start = time.perf_counter()
    finished = subprocess.run(ingest, check=True, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    summary = json.loads(finished.stdout)
    return {
        "seconds": round(elapsed, 3),
        "posts_read": summary["read"],
        "posts_stored": summary["stored"],
        "posts_per_second": round(summary["read"] / elapsed),
    }


def postgres_schema(base_url: str) -> tuple[str, str]:
    plain = base_url.replace("postgresql+psycopg://", "postgresql://")
    schema = f"outpost_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    return f"{base_url}?options=-csearch_path%3D{schema}", schema


def drop_schema(base_url: str, schema: str) -> None:
    plain = base_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "OUTPOST_TEST_DATABASE_URL",
            "postgresql+psycopg://postgres@127.0.0.1:5432/test",
        ),
        help="PostgreSQL URL to benchmark; empty to skip PostgreSQL.",
    )
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()

    triager = Triager()
    triager.classify(["warm up the models"], [None])
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    for run in range(1, options.runs + 1):
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.db"
            report(
                "sqlite",
                "in-process",
                run,
                machine,
                run_once(url, options.data, triager),
            )
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.db"
            report("sqlite", "cli", run, machine, run_cli(url, options.data))
        if not options.postgres:
            continue
        url, schema = postgres_schema(options.postgres)
        try:
            result = run_once(url, options.data, triager)
        finally:
            drop_schema(options.postgres, schema)
        report("postgresql", "in-process", run, machine, result)


def report(
    store: str, mode: str, run: int, machine: str, result: dict[str, object]
) -> None:
    line = {"store": store, "mode": mode, "run": run, "machine": machine, **result}
    print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
