"""Turn CSV records into posts: plain CSV with a column map, and the Twitter layouts."""

import html
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import datetime
from itertools import chain

from outpost.errors import InputFileError
from outpost.sources._csv_records import CsvRecord, iter_csv_records
from outpost.sources._values import parse_timestamp, parse_tweet_id
from outpost.sources.records import ColumnMap, PostFormat, RawPost, RowProblem

_POST_FIELDS = tuple(field.name for field in fields(ColumnMap))

# Command-line options that set each column, for error messages. The source column
# has no option.
_COLUMN_OPTIONS = {
    "id": "--id-column",
    "text": "--text-column",
    "author": "--author-column",
    "created_at": "--created-column",
    "language": "--language-column",
    "reply_to": "--reply-to-column",
}


@dataclass(frozen=True, slots=True)
class CsvLayout:
    """Column mapping of one CSV layout.

    ``columns`` maps a RawPost field to its column, and ``required`` lists the columns
    that the header must contain. With ``tweet_ids`` the id and reply_to columns must
    contain numeric tweet ids.
    """

    format: PostFormat
    columns: dict[str, str]
    required: tuple[str, ...]
    tweet_ids: bool = False


TWITTER_AIRLINE_LAYOUT = CsvLayout(
    format=PostFormat.TWITTER_AIRLINE,
    columns={
        "id": "tweet_id",
        "text": "text",
        "author": "name",
        "created_at": "tweet_created",
    },
    required=("tweet_id", "text", "name", "tweet_created"),
    tweet_ids=True,
)

TWCS_LAYOUT = CsvLayout(
    format=PostFormat.TWCS,
    columns={
        "id": "tweet_id",
        "text": "text",
        "author": "author_id",
        "created_at": "created_at",
        "reply_to": "in_response_to_tweet_id",
    },
    required=(
        "tweet_id",
        "author_id",
        "inbound",
        "created_at",
        "text",
        "in_response_to_tweet_id",
    ),
    tweet_ids=True,
)


def layout_for_columns(columns: ColumnMap) -> CsvLayout:
    """Build the layout of a plain CSV file.

    The id and text columns are required, and so is every other column that differs
    from its default name, because the caller requested it by name.
    """
    defaults = ColumnMap()
    mapping = {name: getattr(columns, name) for name in _POST_FIELDS}
    required = [columns.id, columns.text]
    for name in _POST_FIELDS[2:]:
        if mapping[name] != getattr(defaults, name):
            required.append(mapping[name])
    return CsvLayout(PostFormat.CSV, mapping, tuple(required))


def read_csv_posts(
    text: str, name: str, layout: CsvLayout
) -> Iterator[RawPost | RowProblem]:
    """Check the header and the first record, then return an iterator of posts.

    ``name`` names the file in errors. Raises InputFileError when the file has no
    header, lacks a required column, repeats a mapped column or has no rows.
    """
    records = iter_csv_records(text)
    header_record = next(records, None)
    if header_record is None:
        raise InputFileError(f"{name} is empty; export it again with a header row")
    if isinstance(header_record, RowProblem):
        raise InputFileError(
            f"{name} has an invalid CSV header on line {header_record.line}"
            f" ({header_record.reason}); export the file again"
        )

    header = [column.strip() for column in header_record[1]]
    indexes = _index_columns(header, name, layout)
    first = next(records, None)
    if first is None:
        raise InputFileError(
            f"{name} has a header but no rows; export it again with at least one post"
        )
    return _iter_posts(chain([first], records), header, indexes, layout)


def _index_columns(header: list[str], name: str, layout: CsvLayout) -> dict[str, int]:
    for column in layout.required:
        if column not in header:
            raise InputFileError(_missing_column_message(column, header, name, layout))

    indexes: dict[str, int] = {}
    for post_field, column in layout.columns.items():
        if header.count(column) > 1:
            raise InputFileError(
                f"{name} has more than one column named {column!r};"
                " rename one of them and import the file again"
            )
        if column in header:
            indexes[post_field] = header.index(column)
    return indexes


def _missing_column_message(
    column: str, header: list[str], name: str, layout: CsvLayout
) -> str:
    found = ", ".join(repr(column) for column in header)
    if layout.format is not PostFormat.CSV:
        return (
            f"{name} has no {column!r} column, so it is not in the"
            f" {layout.format} layout (found columns: {found}); check --format,"
            " or pass --format csv with --text-column"
        )

    post_field = next(key for key, value in layout.columns.items() if value == column)
    option = _COLUMN_OPTIONS.get(post_field)
    action = f"pass {option} with" if option else "give"
    return (
        f"{name} has no {post_field} column {column!r} (found columns: {found});"
        f" {action} the name of the column that contains the {post_field}"
    )


def _iter_posts(
    records: Iterator[CsvRecord | RowProblem],
    header: list[str],
    indexes: dict[str, int],
    layout: CsvLayout,
) -> Iterator[RawPost | RowProblem]:
    for record in records:
        if isinstance(record, RowProblem):
            yield record
        else:
            yield _post_from_record(record, header, indexes, layout)


def _post_from_record(
    record: CsvRecord, header: list[str], indexes: dict[str, int], layout: CsvLayout
) -> RawPost | RowProblem:
    line, row = record
    if len(row) != len(header):
        return RowProblem(
            line, f"row has {len(row)} fields but the header has {len(header)}"
        )

    values = {post_field: row[index] for post_field, index in indexes.items()}
    external_id = values["id"].strip()
    if not external_id:
        return RowProblem(line, "missing id")
    text = values["text"]
    if not text.strip():
        return RowProblem(line, "text is empty")

    try:
        return RawPost(
            external_id=_parse_id(external_id, layout, "tweet id"),
            # Twitter exports keep the API's HTML escapes (&amp; &lt; &gt;).
            text=html.unescape(text) if layout.tweet_ids else text,
            author=_optional(values.get("author")),
            created_at=_parse_created_at(values.get("created_at"), layout),
            language=_optional(values.get("language")),
            reply_to=_parse_reply_to(values.get("reply_to"), layout),
            source=_optional(values.get("source")),
            raw=dict(zip(header, row, strict=True)),
            line=line,
            repost_of=_parse_reply_to(values.get("repost_of"), layout),
        )
    except ValueError as error:
        return RowProblem(line, str(error))


def _optional(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def _parse_id(value: str, layout: CsvLayout, field: str) -> str:
    return parse_tweet_id(value, field) if layout.tweet_ids else value


def _parse_created_at(value: str | None, layout: CsvLayout) -> datetime | None:
    value = _optional(value)
    if value is None:
        return None
    return parse_timestamp(value, layout.columns["created_at"])


def _parse_reply_to(value: str | None, layout: CsvLayout) -> str | None:
    value = _optional(value)
    if value is None:
        return None
    return _parse_id(value, layout, layout.columns["reply_to"])
