"""Read exported post files (CSV, JSON Lines and two Twitter layouts) into records.

``read_posts`` reads, decodes and checks a file before it returns, so every
InputFileError comes from that call and a caller can store each record it gets. What
remains are per-record problems, yielded as RowProblem with their line numbers.
"""

import codecs
import sys
from collections.abc import Iterator
from pathlib import Path

from outpost.errors import InputFileError
from outpost.sources._csv_posts import (
    TWCS_LAYOUT,
    TWITTER_AIRLINE_LAYOUT,
    CsvLayout,
    layout_for_columns,
    read_csv_posts,
)
from outpost.sources._jsonl_posts import read_jsonl_posts
from outpost.sources.records import ColumnMap, PostFormat, RawPost, RowProblem

__all__ = [
    "ColumnMap",
    "PostFormat",
    "RawPost",
    "RowProblem",
    "default_source_name",
    "read_posts",
]

STDIN_PATH = "-"

_KNOWN_FORMATS = ", ".join(post_format.value for post_format in PostFormat)
_TWITTER_LAYOUTS = {
    PostFormat.TWITTER_AIRLINE: TWITTER_AIRLINE_LAYOUT,
    PostFormat.TWCS: TWCS_LAYOUT,
}


def read_posts(
    path: Path | str,
    fmt: PostFormat | str,
    *,
    encoding: str = "utf-8",
    columns: ColumnMap | None = None,
) -> Iterator[RawPost | RowProblem]:
    """Read a post file and return an iterator of one RawPost or RowProblem per record.

    ``path`` "-" reads standard input as bytes. The whole input is read and decoded
    with ``encoding`` at once, and a leading byte order mark is dropped. ``columns``
    applies to the csv and jsonl formats only.

    Raises InputFileError, before anything is yielded, when the file is missing or
    a directory, the format or encoding is unknown, the bytes are invalid in the
    encoding, a required column is missing, or the file has no records.
    """
    post_format = parse_post_format(fmt)
    layout = _csv_layout(post_format, columns)
    name = _display_name(path)
    text = _decode(_read_bytes(path), encoding, name)

    if layout is None:
        return read_jsonl_posts(text, name, columns or ColumnMap())
    return read_csv_posts(text, name, layout)


def default_source_name(fmt: PostFormat | str, path: Path | str) -> str:
    """Return the source name for posts whose rows name none.

    That is "twitter" for the Twitter layouts, "stdin" for standard input and the file
    name without its suffix otherwise.
    """
    post_format = parse_post_format(fmt)
    if post_format in _TWITTER_LAYOUTS:
        return "twitter"
    if str(path) == STDIN_PATH:
        return "stdin"
    # Source names are at most 200 characters in the store.
    return Path(path).stem[:200]


def parse_post_format(fmt: PostFormat | str) -> PostFormat:
    """Return the PostFormat that ``fmt`` names, or raise InputFileError."""
    try:
        return PostFormat(fmt)
    except ValueError:
        raise InputFileError(
            f"unknown format {fmt!r}; use one of: {_KNOWN_FORMATS}"
        ) from None


def _csv_layout(post_format: PostFormat, columns: ColumnMap | None) -> CsvLayout | None:
    """Return the CSV layout for the format, or None for JSON Lines."""
    if post_format is PostFormat.JSONL:
        return None
    if post_format is PostFormat.CSV:
        return layout_for_columns(columns or ColumnMap())

    if columns is not None and columns != ColumnMap():
        raise InputFileError(
            f"column options do not apply to --format {post_format}, which has"
            " fixed columns; pass --format csv or jsonl to choose columns"
        )
    return _TWITTER_LAYOUTS[post_format]


def _display_name(path: Path | str) -> str:
    return "standard input" if str(path) == STDIN_PATH else str(path)


def _read_bytes(path: Path | str) -> bytes:
    if str(path) == STDIN_PATH:
        return sys.stdin.buffer.read()

    file_path = Path(path)
    if file_path.is_dir():
        raise InputFileError(f"{file_path} is a directory; pass a file to import")
    try:
        return file_path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(
            f"file {file_path} not found; check the path and try again"
        ) from None
    except OSError as error:
        raise InputFileError(
            f"cannot read {file_path}: {error.strerror}; check that the file is"
            " readable"
        ) from None


def _decode(data: bytes, encoding: str, name: str) -> str:
    """Decode the whole input, naming the first line with an invalid byte if any.

    A leading byte order mark is dropped, and a file whose lines all end in a bare
    ``\\r`` (classic Mac OS) gets ``\\n`` line ends so that records split.
    """
    try:
        codecs.lookup(encoding)
        text = data.decode(encoding)
    except LookupError:
        raise InputFileError(
            f"unknown encoding {encoding!r}; pass a text encoding such as utf-8"
            " or latin-1"
        ) from None
    except UnicodeDecodeError as error:
        prefix = data[: error.start].decode(encoding, errors="replace")
        line = prefix.count("\n") + 1
        raise InputFileError(
            f"{name} is not valid {encoding}: the first invalid byte is on line"
            f" {line}; pass --encoding with the file's encoding, for example"
            " --encoding latin-1"
        ) from None

    text = text.removeprefix("\ufeff")
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")
    return text
