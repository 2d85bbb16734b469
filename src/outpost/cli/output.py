"""Shared output helpers: JSON to standard output, Rich tables for people."""

import json
from typing import Any

from rich.console import Console

console = Console()
error_console = Console(stderr=True)


def print_json(value: Any) -> None:
    """Write ``value`` as one JSON document to standard output."""
    print(json.dumps(value, ensure_ascii=False, default=str))
