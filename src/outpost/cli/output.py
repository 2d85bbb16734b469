"""Shared output helpers: JSON to standard output, safe Rich tables for people.

Posts are written by strangers, so every stored string is shown through ``safe``:
terminal control sequences and bidirectional overrides are written out as escapes,
and the consoles never interpret Rich markup or emoji codes in what they print.
"""

import json
import re
from typing import Any

from rich.console import Console

console = Console(markup=False, highlight=False, emoji=False)
error_console = Console(stderr=True, markup=False, highlight=False, emoji=False)

# C0 and C1 controls except tab and newline, DEL, and the bidirectional embedding,
# override and isolate controls that can reorder what a terminal shows.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: object) -> str:
    """Return ``text`` with terminal control and bidi characters escaped."""
    return _UNSAFE.sub(_escape, str(text))


def print_json(value: Any) -> None:
    """Write ``value`` as one JSON document to standard output."""
    print(json.dumps(value, ensure_ascii=False, default=str))


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """Return ``count`` with thousands separators and the noun in the right number."""
    word = noun if count == 1 else (plural_noun or noun + "s")
    return f"{count:,} {word}"
