"""Turn JSON Lines text into posts, one JSON object per line."""

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from outpost.errors import InputFileError
from outpost.sources._values import epoch_to_datetime, parse_timestamp
from outpost.sources.networks import bluesky_links, is_mastodon_status, mastodon_fields
from outpost.sources.records import ColumnMap, RawPost, RowProblem

_JSON_TYPE_NAMES = {
    dict: "object",
    list: "array",
    str: "string",
    bool: "boolean",
    int: "number",
    float: "number",
    type(None): "null",
}


def read_jsonl_posts(
    text: str, name: str, columns: ColumnMap
) -> Iterator[RawPost | RowProblem]:
    """Return an iterator of posts, one per non-blank line.

    Raises InputFileError when no line contains anything but whitespace.
    """
    if not text.strip():
        raise InputFileError(
            f"{name} is empty; export it again with one JSON object per line"
        )
    return _iter_posts(text.split("\n"), columns)


def _iter_posts(lines: list[str], columns: ColumnMap) -> Iterator[RawPost | RowProblem]:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield _post_from_line(line, number, columns)


def _post_from_line(line: str, number: int, columns: ColumnMap) -> RawPost | RowProblem:
    try:
        record = json.loads(line, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        return RowProblem(number, f"invalid JSON at column {error.colno}: {error.msg}")
    except ValueError as error:
        return RowProblem(number, f"invalid JSON: {error}")
    except RecursionError:
        return RowProblem(number, "invalid JSON: nested too deeply")

    if not isinstance(record, dict):
        return RowProblem(number, f"expected a JSON object, found {_type_name(record)}")
    try:
        return _post_from_object(record, number, columns)
    except ValueError as error:
        return RowProblem(number, str(error))


def _reject_constant(name: str) -> float:
    # NaN and Infinity are not JSON, so a raw record containing them could not be
    # stored as JSON again.
    raise ValueError(f"{name} is not a valid JSON value")


def _post_from_object(
    record: dict[str, Any], number: int, columns: ColumnMap
) -> RawPost | RowProblem:
    external_id = _parse_id(_lookup(record, columns.id), columns.id)
    if external_id is None:
        return RowProblem(number, "missing id")

    network = mastodon_fields(record) if is_mastodon_status(record) else {}
    text = network.get("text", _lookup(record, columns.text))
    if text is None:
        return RowProblem(number, "missing text")
    if not isinstance(text, str):
        raise ValueError(f"{columns.text} must be a string, found {_type_name(text)}")
    if not text.strip():
        return RowProblem(number, "text is empty")

    def field(key: str, column: str) -> Any:
        value = _lookup(record, column)
        return network.get(key) if value is None else value

    return RawPost(
        external_id=external_id,
        text=text,
        author=_parse_id(field("author", columns.author), columns.author),
        created_at=_parse_created_at(_created_value(record, columns), columns),
        language=_parse_string(_language_value(record, columns), columns.language),
        reply_to=_parse_id(field("reply_to", columns.reply_to), columns.reply_to),
        source=_parse_string(_lookup(record, columns.source), columns.source),
        raw=record,
        line=number,
        repost_of=_parse_id(field("repost_of", columns.repost_of), columns.repost_of),
        links=network.get("links") or bluesky_links(record, text),
    )


def _created_value(record: dict[str, Any], columns: ColumnMap) -> Any:
    value = _lookup(record, columns.created_at)
    # Bluesky records name the time createdAt.
    return record.get("createdAt") if value is None else value


def _language_value(record: dict[str, Any], columns: ColumnMap) -> Any:
    value = _lookup(record, columns.language)
    langs = record.get("langs")
    if value is None and isinstance(langs, list) and langs:
        return langs[0]
    return value


def _lookup(record: dict[str, Any], key: str) -> Any:
    """Return the value at ``key``, or at the dotted path ``key`` names, or None."""
    if key in record or "." not in key:
        return record.get(key)

    value: Any = record
    for part in key.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _parse_id(value: Any, key: str) -> str | None:
    """Return a string or number as a stripped string, and blank values as None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"{key} must be a string or number, found {_type_name(value)}")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() or None


def _parse_string(value: Any, key: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string, found {_type_name(value)}")
    return value.strip() or None


def _parse_created_at(value: Any, columns: ColumnMap) -> datetime | None:
    key = columns.created_at
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(
            f"{key} must be a string or epoch seconds, found {_type_name(value)}"
        )
    if isinstance(value, str):
        return parse_timestamp(value, key) if value.strip() else None

    try:
        return epoch_to_datetime(value)
    except (OverflowError, OSError):
        raise ValueError(f"invalid {key} {value!r}: out of range") from None


def _type_name(value: Any) -> str:
    return _JSON_TYPE_NAMES.get(type(value), type(value).__name__)
