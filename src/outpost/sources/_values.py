"""Parse the timestamps and tweet ids found in exported post files.

Each parser raises ValueError with a message that can serve as a row problem's reason.
"""

import re
from datetime import UTC, datetime, timedelta, timezone

_EPOCH_SECONDS = re.compile(r"-?\d+(?:\.\d+)?")

# The date format of Twitter's v1.1 API, for example "Tue Oct 31 22:10:47 +0000 2017".
_TWITTER_DATE = re.compile(
    r"(?:[A-Za-z]{3} )?([A-Za-z]{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) "
    r"([+-])(\d{2})(\d{2}) (\d{4})"
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "jan",
            "feb",
            "mar",
            "apr",
            "may",
            "jun",
            "jul",
            "aug",
            "sep",
            "oct",
            "nov",
            "dec",
        ],
        start=1,
    )
}

_DIGITS = re.compile(r"\d+")
_WHOLE_FLOAT = re.compile(r"(\d+)\.0*")
_SCIENTIFIC = re.compile(r"\d+(?:\.\d*)?[eE][+-]?\d+")


def parse_timestamp(value: str, field: str) -> datetime:
    """Parse ISO 8601, epoch seconds or a Twitter API date into an aware UTC datetime.

    A string of digits counts as epoch seconds, not as an ISO 8601 basic date. An
    ISO 8601 value without an offset is taken to be in UTC. ``field`` names the value
    in the ValueError message.
    """
    text = value.strip()
    try:
        if _EPOCH_SECONDS.fullmatch(text):
            return epoch_to_datetime(float(text) if "." in text else int(text))
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            parsed = _parse_twitter_date(text)
    except (ValueError, OverflowError, OSError):
        raise ValueError(
            f"invalid {field} {value!r}: expected ISO 8601, epoch seconds"
            " or a Twitter date such as 'Tue Oct 31 22:10:47 +0000 2017'"
        ) from None

    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def epoch_to_datetime(seconds: float) -> datetime:
    """Convert seconds since 1970-01-01 UTC to an aware datetime.

    Raises OverflowError or OSError when the platform cannot represent the value.
    """
    return datetime.fromtimestamp(seconds, tz=UTC)


def _parse_twitter_date(text: str) -> datetime:
    match = _TWITTER_DATE.fullmatch(text)
    if match is None:
        raise ValueError(text)
    month_name, day, hour, minute, second, sign, offset_hours, offset_minutes, year = (
        match.groups()
    )
    month = _MONTHS.get(month_name.lower())
    if month is None:
        raise ValueError(text)

    offset = timedelta(hours=int(offset_hours), minutes=int(offset_minutes))
    zone = timezone(-offset if sign == "-" else offset)
    moment = datetime(
        int(year), month, int(day), int(hour), int(minute), int(second), tzinfo=zone
    )
    return moment.astimezone(UTC)


def parse_tweet_id(value: str, field: str = "tweet id") -> str:
    """Return a tweet id as a string of digits.

    A whole float such as ``848.0``, which pandas writes for an id column with gaps,
    becomes ``848``. Scientific notation such as ``5.70306E+17`` means a spreadsheet
    rounded the id, so the ValueError message asks the user to export the file
    again.
    """
    text = value.strip()
    if _DIGITS.fullmatch(text):
        return text

    whole = _WHOLE_FLOAT.fullmatch(text)
    if whole is not None:
        return whole.group(1)
    if _SCIENTIFIC.fullmatch(text):
        raise ValueError(
            f"{field} {text} was mangled by a spreadsheet; export the file again"
        )
    raise ValueError(f"invalid {field} {value!r}: expected digits")
