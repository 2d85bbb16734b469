"""Posts to classify, read from a JSON Lines or CSV file or from standard input.

Each record needs an ``id`` and a ``text``; a ``language`` field, when present and
not empty, is the platform's language tag. Errors name the file and the line.
"""

import csv
import json
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from outpost.errors import InputFileError

# Maximum length of a post's text, in characters. Ingest skips a longer post, and
# classify stops at one.
MAX_TEXT_CHARS = 100_000

STDIN = "-"
_BOM = "\ufeff"


class InputFormat(StrEnum):
    """Layout of a file of posts."""

    JSONL = "jsonl"
    CSV = "csv"


_EXTENSIONS = {
    ".jsonl": InputFormat.JSONL,
    ".ndjson": InputFormat.JSONL,
    ".csv": InputFormat.CSV,
}


@dataclass(frozen=True, slots=True)
class PostInput:
    """One post to classify. ``id`` is kept as the file gave it (a JSON value or a
    CSV string) so that the output can repeat it."""

    id: Any
    text: str
    language: str | None


def choose_format(path: str, override: InputFormat | None) -> InputFormat:
    """Return ``override`` if given, else the format that the file extension names.
    Standard input (``-``) is JSON Lines.

    Raises InputFileError when the extension names no known format.
    """
    if override is not None:
        return override
    if path == STDIN:
        return InputFormat.JSONL
    suffix = Path(path).suffix.lower()
    if suffix not in _EXTENSIONS:
        raise InputFileError(
            f"cannot tell the format of {path} from its extension; "
            "pass --format jsonl or --format csv"
        )
    return _EXTENSIONS[suffix]


def read_posts(
    path: str, input_format: InputFormat, stdin: IO[bytes] | None = None
) -> Iterator[PostInput]:
    """Yield the posts of the file at ``path``, or of ``stdin`` when ``path`` is
    ``-``, one at a time.

    Raises InputFileError for a missing or unreadable file, invalid UTF-8, a
    malformed record or a missing field, naming the line.
    """
    source = "standard input" if path == STDIN else path
    with _open_binary(path, stdin) as stream:
        lines = _decode_lines(stream, source)
        if input_format is InputFormat.CSV:
            yield from _read_csv(lines, source)
        else:
            yield from _read_jsonl(lines, source)


@contextmanager
def _open_binary(path: str, stdin: IO[bytes] | None) -> Iterator[IO[bytes]]:
    if path == STDIN:
        if stdin is None:
            raise InputFileError("standard input is not available; pass a file path")
        yield stdin
        return
    with ExitStack() as stack:
        try:
            stream = stack.enter_context(open(path, "rb"))
        except FileNotFoundError:
            raise InputFileError(f"file {path} not found; check the path") from None
        except OSError as error:
            raise InputFileError(f"cannot read {path}: {error.strerror}") from None
        yield stream


def _decode_lines(stream: IO[bytes], source: str) -> Iterator[str]:
    """Yield the lines of ``stream`` as text, keeping their line ends so that the csv
    module can parse line breaks inside quoted fields."""
    for number, raw in enumerate(stream, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputFileError(
                f"{source} line {number}: invalid UTF-8 at byte {error.start + 1}; "
                "save the file as UTF-8"
            ) from None
        if number == 1:
            line = line.removeprefix(_BOM)
        yield line


def _read_jsonl(lines: Iterable[str], source: str) -> Iterator[PostInput]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputFileError(
                f"{source} line {number}: invalid JSON ({error.msg} at column "
                f"{error.colno}); write one JSON object per line"
            ) from None
        if not isinstance(record, dict):
            raise InputFileError(
                f"{source} line {number}: expected a JSON object with id and text, "
                f"got {type(record).__name__}"
            )
        yield _post_from_record(record, f"{source} line {number}")


def _read_csv(lines: Iterable[str], source: str) -> Iterator[PostInput]:
    # Strict, so that a quote left open is an error instead of swallowing the rest
    # of the file into one field.
    reader = csv.DictReader(lines, strict=True)
    try:
        columns = reader.fieldnames
    except csv.Error as error:
        raise InputFileError(f"{source} line 1: invalid CSV ({error})") from None
    if not columns:
        raise InputFileError(f"{source} is empty; expected a header row with id,text")
    for required in ("id", "text"):
        if required not in columns:
            raise InputFileError(
                f"{source} has no {required!r} column (columns: "
                f"{', '.join(columns)}); rename or add it"
            )

    while True:
        # The line where the record starts, which a quote left open makes the
        # useful one to name.
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise InputFileError(
                f"{source} line {start}: invalid CSV ({error}); check the quotes "
                "of that record"
            ) from None
        yield _post_from_record(row, f"{source} line {start}")


def _post_from_record(record: dict[Any, Any], where: str) -> PostInput:
    if record.get("id") is None:
        raise InputFileError(f"{where}: missing id")
    text = record.get("text")
    if text is None:
        raise InputFileError(f"{where}: missing text")
    if not isinstance(text, str):
        raise InputFileError(
            f"{where}: text must be a string, got {type(text).__name__}"
        )
    if len(text) > MAX_TEXT_CHARS:
        raise InputFileError(
            f"{where}: text is {len(text):,} characters; the maximum is "
            f"{MAX_TEXT_CHARS:,}, so shorten or split the post"
        )
    language = record.get("language")
    if language is not None and not isinstance(language, str):
        raise InputFileError(
            f"{where}: language must be a string such as 'en', "
            f"got {type(language).__name__}"
        )
    return PostInput(record["id"], text, language or None)
