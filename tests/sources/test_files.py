"""Tests for reading post files into RawPost and RowProblem records."""

import io
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from outpost.errors import InputFileError
from outpost.sources import (
    ColumnMap,
    PostFormat,
    RawPost,
    RowProblem,
    default_source_name,
    read_posts,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"

TWCS_HEADER = (
    "tweet_id,author_id,inbound,created_at,text,response_tweet_id,"
    "in_response_to_tweet_id"
)
OCT_11_EARLY = "Wed Oct 11 06:55:44 +0000 2017"
OCT_11_LATE = "Wed Oct 11 13:25:49 +0000 2017"
OCT_31 = "Tue Oct 31 23:36:20 +0000 2017"


def read_all(
    path: Path | str,
    fmt: PostFormat | str,
    encoding: str = "utf-8",
    columns: ColumnMap | None = None,
) -> list[RawPost | RowProblem]:
    return list(read_posts(path, fmt, encoding=encoding, columns=columns))


def posts_of(records: list[RawPost | RowProblem]) -> list[RawPost]:
    return [record for record in records if isinstance(record, RawPost)]


def problems_of(records: list[RawPost | RowProblem]) -> list[RowProblem]:
    return [record for record in records if isinstance(record, RowProblem)]


def write_bytes(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def shared_file(*parts: str) -> Path:
    """Return a file under the shared data folder, or skip when it is missing.

    Under CI=true a missing file fails the test instead.
    """
    path = SHARED_DATA.joinpath(*parts)
    if not path.is_file():
        message = f"shared data file {path} is missing"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


# csv


def test_csv_maps_default_columns() -> None:
    records = read_all(FIXTURES / "posts.csv", "csv")

    first = records[0]
    assert isinstance(first, RawPost)
    assert first.external_id == "p1"
    assert first.text == "The widget gaskets leak again"
    assert first.author == "xyz_corp"
    assert first.created_at == datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
    assert first.language == "en"
    assert first.reply_to is None
    assert first.source == "forum"
    assert first.raw["likes"] == "3"
    assert first.line == 2


def test_csv_line_numbers_after_quoted_newlines() -> None:
    records = read_all(FIXTURES / "posts.csv", "csv")

    assert [(type(record).__name__, record.line) for record in records] == [
        ("RawPost", 2),
        ("RowProblem", 3),
        ("RowProblem", 4),
        ("RawPost", 6),
        ("RowProblem", 9),
        ("RawPost", 10),
    ]
    problems = problems_of(records)
    assert problems[0].reason == "text is empty"
    assert problems[1].reason == "missing id"
    assert problems[2].reason == "row has 9 fields but the header has 8"


def test_csv_keeps_quoted_newlines_in_text() -> None:
    posts = posts_of(read_all(FIXTURES / "posts.csv", "csv"))

    assert posts[1].text == "Another\nmulti-line\ntext"
    assert posts[1].reply_to == "p1"
    assert posts[1].created_at == datetime(2024, 3, 1, 9, 30, tzinfo=UTC)


def test_csv_converts_offsets_to_utc() -> None:
    posts = posts_of(read_all(FIXTURES / "posts.csv", "csv"))

    assert posts[2].created_at == datetime(2024, 3, 1, 18, 0, tzinfo=UTC)
    assert posts[2].created_at.tzinfo is UTC


def test_csv_custom_column_map(tmp_path: Path) -> None:
    path = write_bytes(
        tmp_path, "export.csv", b"Post ID,Body,User,Date\n7,Hello there,cy,2024-05-01\n"
    )
    columns = ColumnMap(id="Post ID", text="Body", author="User", created_at="Date")

    [post] = read_all(path, "csv", columns=columns)

    assert isinstance(post, RawPost)
    assert post.external_id == "7"
    assert post.text == "Hello there"
    assert post.author == "cy"
    assert post.created_at == datetime(2024, 5, 1, tzinfo=UTC)
    assert post.raw == {
        "Post ID": "7",
        "Body": "Hello there",
        "User": "cy",
        "Date": "2024-05-01",
    }


def test_csv_crlf_line_ends(tmp_path: Path) -> None:
    data = b'id,text\r\n1,"two\r\nlines"\r\nbad\r\n3,three\r\n'
    path = write_bytes(tmp_path, "crlf.csv", data)

    records = read_all(path, "csv")

    assert [record.line for record in records] == [2, 4, 5]
    assert isinstance(records[0], RawPost)
    assert records[0].text == "two\r\nlines"
    assert isinstance(records[1], RowProblem)
    assert isinstance(records[2], RawPost)
    assert records[2].text == "three"
    assert records[2].raw == {"id": "3", "text": "three"}


def test_csv_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "bom.csv", "\ufeffid,text\n1,café\n".encode())

    [post] = read_all(path, "csv")

    assert isinstance(post, RawPost)
    assert post.external_id == "1"
    assert post.text == "café"
    assert list(post.raw) == ["id", "text"]


def test_csv_latin1_with_encoding(tmp_path: Path) -> None:
    path = write_bytes(
        tmp_path, "latin.csv", "id,text\n1,Muy buen café\n".encode("latin-1")
    )

    [post] = read_all(path, "csv", encoding="latin-1")

    assert isinstance(post, RawPost)
    assert post.text == "Muy buen café"


def test_csv_invalid_utf8_names_line(tmp_path: Path) -> None:
    data = "id,text\n1,plain\n2,also plain\n3,café\n".encode("latin-1")
    path = write_bytes(tmp_path, "latin.csv", data)

    with pytest.raises(InputFileError) as caught:
        read_posts(path, "csv")

    message = str(caught.value)
    assert str(path) in message
    assert "not valid utf-8" in message
    assert "line 4" in message
    assert "--encoding latin-1" in message


def test_csv_missing_text_column(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "notext.csv", b"id,body,user\n1,hello,ana\n")

    with pytest.raises(InputFileError) as caught:
        read_posts(path, "csv")

    message = str(caught.value)
    assert "'text'" in message
    assert "'id', 'body', 'user'" in message
    assert "--text-column" in message
    assert "\n" not in message


def test_csv_missing_id_column(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "noid.csv", b"key,text\n1,hello\n")

    with pytest.raises(InputFileError) as caught:
        read_posts(path, "csv")

    assert "'id'" in str(caught.value)
    assert "--id-column" in str(caught.value)


def test_csv_named_optional_column_missing(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "posts.csv", b"id,text\n1,hello\n")

    with pytest.raises(InputFileError) as caught:
        read_posts(path, "csv", columns=ColumnMap(author="user"))

    assert "'user'" in str(caught.value)
    assert "--author-column" in str(caught.value)


def test_csv_named_created_column_missing(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "posts.csv", b"id,text\n1,hello\n")

    with pytest.raises(InputFileError) as caught:
        read_posts(path, "csv", columns=ColumnMap(created_at="date"))

    assert "'date'" in str(caught.value)
    assert "--created-column" in str(caught.value)


def test_csv_absent_default_columns_are_none(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "posts.csv", b"id,text\n1,hello\n")

    [post] = read_all(path, "csv")

    assert isinstance(post, RawPost)
    assert post.author is None
    assert post.created_at is None
    assert post.language is None
    assert post.reply_to is None
    assert post.source is None


def test_csv_repeated_mapped_column(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "twice.csv", b"id,text,text\n1,a,b\n")

    with pytest.raises(InputFileError, match="more than one column named 'text'"):
        read_posts(path, "csv")


def test_csv_empty_file(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "empty.csv", b"")

    with pytest.raises(InputFileError, match="is empty"):
        read_posts(path, "csv")


def test_csv_whitespace_only_file(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "blank.csv", b"\n  \n\r\n")

    with pytest.raises(InputFileError, match="is empty"):
        read_posts(path, "csv")


def test_csv_header_without_rows(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "header.csv", b"id,text\n\n,\n")

    with pytest.raises(InputFileError, match="has a header but no rows"):
        read_posts(path, "csv")


def test_csv_skips_blank_rows(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "gaps.csv", b"id,text\n\n1,a\n,\n\n2,b\n")

    records = read_all(path, "csv")

    assert [(record.external_id, record.line) for record in posts_of(records)] == [
        ("1", 3),
        ("2", 6),
    ]
    assert problems_of(records) == []


def test_csv_invalid_created_at(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "dates.csv", b"id,text,created_at\n1,a,yesterday\n")

    [problem] = read_all(path, "csv")

    assert isinstance(problem, RowProblem)
    assert problem.line == 2
    assert problem.reason.startswith("invalid created_at 'yesterday'")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-01T09:30:00Z", datetime(2024, 3, 1, 9, 30, tzinfo=UTC)),
        ("2024-03-01T09:30:00", datetime(2024, 3, 1, 9, 30, tzinfo=UTC)),
        ("2024-03-01T11:30:00+02:00", datetime(2024, 3, 1, 9, 30, tzinfo=UTC)),
        ("2015-02-24 11:35:52 -0800", datetime(2015, 2, 24, 19, 35, 52, tzinfo=UTC)),
        (
            "Tue Oct 31 22:10:47 +0000 2017",
            datetime(2017, 10, 31, 22, 10, 47, tzinfo=UTC),
        ),
        (
            "Tue Oct 31 22:10:47 +0130 2017",
            datetime(2017, 10, 31, 20, 40, 47, tzinfo=UTC),
        ),
        ("1709285400", datetime(2024, 3, 1, 9, 30, tzinfo=UTC)),
        ("1709285400.5", datetime(2024, 3, 1, 9, 30, 0, 500000, tzinfo=UTC)),
    ],
)
def test_csv_created_at_formats(tmp_path: Path, value: str, expected: datetime) -> None:
    path = tmp_path / "dates.csv"
    path.write_text(f'id,text,created_at\n1,a,"{value}"\n', encoding="utf-8")

    [post] = read_all(path, "csv")

    assert isinstance(post, RawPost)
    assert post.created_at == expected
    assert post.created_at.utcoffset() == UTC.utcoffset(None)


def test_csv_bare_cr_inside_text(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "cr.csv", b"id,text\n1,first\rsecond\n2,next\n")

    records = read_all(path, "csv")

    assert [record.line for record in records] == [2, 3]
    assert isinstance(records[0], RawPost)
    assert records[0].text == "first\rsecond"


def test_csv_classic_mac_line_ends(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "mac.csv", b"id,text\r1,a\r2,b\r")

    posts = posts_of(read_all(path, "csv"))

    assert [(post.external_id, post.text, post.line) for post in posts] == [
        ("1", "a", 2),
        ("2", "b", 3),
    ]


def test_csv_unterminated_quote_is_problem(tmp_path: Path) -> None:
    path = write_bytes(
        tmp_path, "quote.csv", b'id,text\n1,fine\n2,"never closed\n3,x\n'
    )

    records = read_all(path, "csv")

    assert len(records) == 2
    assert isinstance(records[0], RawPost)
    assert records[1] == RowProblem(3, "invalid CSV: unexpected end of data")


def test_csv_text_after_closing_quote(tmp_path: Path) -> None:
    data = b'id,text\n1,"quoted"tail\n2,fine\n'
    path = write_bytes(tmp_path, "quote.csv", data)

    records = read_all(path, "csv")

    assert records[0] == RowProblem(2, "invalid CSV: ',' expected after '\"'")
    assert isinstance(records[1], RawPost)
    assert records[1].line == 3


# jsonl


def test_jsonl_reads_objects() -> None:
    records = read_all(FIXTURES / "posts.jsonl", "jsonl")

    first = records[0]
    assert isinstance(first, RawPost)
    assert first.external_id == "101"
    assert first.text == "My order never arrived"
    assert first.author == "ana"
    assert first.created_at == datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
    assert first.language == "en"
    assert first.raw["id"] == 101
    assert first.line == 1


def test_jsonl_lines_skip_blanks() -> None:
    records = read_all(FIXTURES / "posts.jsonl", "jsonl")

    assert [(type(record).__name__, record.line) for record in records] == [
        ("RawPost", 1),
        ("RawPost", 3),
        ("RowProblem", 4),
        ("RawPost", 6),
    ]


def test_jsonl_malformed_line_is_problem() -> None:
    problems = problems_of(read_all(FIXTURES / "posts.jsonl", "jsonl"))

    assert problems == [
        RowProblem(4, "invalid JSON at column 39: Expecting ',' delimiter")
    ]


def test_jsonl_numbers_and_epoch() -> None:
    posts = posts_of(read_all(FIXTURES / "posts.jsonl", "jsonl"))

    second, third = posts[1], posts[2]
    assert second.created_at == datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
    assert second.reply_to == "101"
    assert second.source == "mastodon"
    assert third.external_id == "104"
    assert third.created_at == datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def test_jsonl_crlf_and_bom(tmp_path: Path) -> None:
    data = '\ufeff{"id": 1, "text": "a"}\r\n\r\n{"id": 2, "text": "b\\r"}\r\n'
    path = write_bytes(tmp_path, "windows.jsonl", data.encode())

    records = read_all(path, "jsonl")

    assert [(record.external_id, record.line) for record in posts_of(records)] == [
        ("1", 1),
        ("2", 3),
    ]
    assert problems_of(records) == []
    assert posts_of(records)[1].text == "b\r"


def test_jsonl_dotted_keys(tmp_path: Path) -> None:
    line = b'{"id_str": "9", "full_text": "hi", "user": {"screen_name": "ana"}}\n'
    path = write_bytes(tmp_path, "tweets.jsonl", line)
    columns = ColumnMap(id="id_str", text="full_text", author="user.screen_name")

    [post] = read_all(path, "jsonl", columns=columns)

    assert isinstance(post, RawPost)
    assert post.external_id == "9"
    assert post.author == "ana"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('["id", "text"]', "expected a JSON object, found array"),
        ('{"text": "no id"}', "missing id"),
        ('{"id": 1}', "missing text"),
        ('{"id": 1, "text": "  "}', "text is empty"),
        ('{"id": true, "text": "a"}', "id must be a string or number, found boolean"),
        ('{"id": 1, "text": 5}', "text must be a string, found number"),
        (
            '{"id": 1, "text": "a", "created_at": NaN}',
            "invalid JSON: NaN is not a valid JSON value",
        ),
        ('{"id": 1, "text": "a", "created_at": "soon"}', "invalid created_at 'soon'"),
        (
            '{"id": 1, "text": "a", "language": ["en"]}',
            "language must be a string, found array",
        ),
    ],
)
def test_jsonl_bad_records(tmp_path: Path, line: str, reason: str) -> None:
    path = write_bytes(tmp_path, "bad.jsonl", (line + "\n").encode())

    [problem] = read_all(path, "jsonl")

    assert isinstance(problem, RowProblem)
    assert problem.line == 1
    assert problem.reason.startswith(reason)


def test_jsonl_empty_file(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "empty.jsonl", b"\n \n")

    with pytest.raises(InputFileError, match="is empty"):
        read_posts(path, "jsonl")


def test_jsonl_invalid_utf8_names_line(tmp_path: Path) -> None:
    data = b'{"id": 1, "text": "a"}\n\n{"id": 2, "text": "caf\xe9"}\n'
    path = write_bytes(tmp_path, "bad.jsonl", data)

    with pytest.raises(InputFileError, match="line 3"):
        read_posts(path, "jsonl")


# twitter-airline


def test_airline_layout_fields() -> None:
    first = read_all(FIXTURES / "airline.csv", PostFormat.TWITTER_AIRLINE)[0]

    assert isinstance(first, RawPost)
    assert first.external_id == "900000000000000001"
    assert first.text == "@VirginAmerica Is the lounge open today?"
    assert first.author == "flyer_one"
    assert first.created_at == datetime(2015, 2, 24, 19, 35, 52, tzinfo=UTC)
    assert first.source is None
    assert first.raw["airline_sentiment"] == "neutral"
    assert first.raw["airline"] == "Virgin America"


def test_airline_mangled_id_and_duplicates() -> None:
    records = read_all(FIXTURES / "airline.csv", "twitter-airline")

    assert [record.line for record in records] == [2, 3, 5, 6]
    assert records[2] == RowProblem(
        5, "tweet id 9.00000E+17 was mangled by a spreadsheet; export the file again"
    )
    ids = [post.external_id for post in posts_of(records)]
    assert ids == ["900000000000000001", "900000000000000002", "900000000000000001"]


def test_airline_rejects_other_layout(tmp_path: Path) -> None:
    path = write_bytes(
        tmp_path, "twcs.csv", (TWCS_HEADER + "\n1,2,True,x,hi,,\n").encode()
    )

    with pytest.raises(InputFileError) as caught:
        read_posts(path, "twitter-airline")

    assert "'name'" in str(caught.value)
    assert "twitter-airline" in str(caught.value)


def test_layout_rejects_column_map() -> None:
    with pytest.raises(InputFileError, match="column options"):
        read_posts(
            FIXTURES / "airline.csv", "twitter-airline", columns=ColumnMap(text="body")
        )


# twcs


def test_twcs_standard_layout(tmp_path: Path) -> None:
    data = (
        f"{TWCS_HEADER}\r\n"
        f"119237,105834,True,{OCT_11_EARLY},@AppleSupport help,119236,\r\n"
        f'119238,ChaseSupport,False,{OCT_11_LATE},"@105835 Sorry\nDM us",,119237\r\n'
    ).encode()
    path = write_bytes(tmp_path, "twcs.csv", data)

    records = read_all(path, "twcs")

    assert [record.line for record in records] == [2, 3]
    customer, brand = posts_of(records)
    assert customer.external_id == "119237"
    assert customer.author == "105834"
    assert customer.reply_to is None
    assert customer.created_at == datetime(2017, 10, 11, 6, 55, 44, tzinfo=UTC)
    assert customer.raw["inbound"] == "True"
    assert customer.raw["response_tweet_id"] == "119236"
    assert brand.text == "@105835 Sorry\nDM us"
    assert brand.reply_to == "119237"
    assert brand.author == "ChaseSupport"


def test_twcs_pandas_extract(tmp_path: Path) -> None:
    data = (
        f",index,{TWCS_HEADER}\n"
        f"0,541,849,115887,True,{OCT_31},@SpotifyCares no luck,851,848.0\n"
        f'1,543,850,115887,True,{OCT_31},"@SpotifyCares a \r\rb",,852.0\n'
        f"2,545,853,115887,True,{OCT_31},@SpotifyCares x\ry,852,854.0\n"
        f"3,546,854,115887,True,{OCT_31},@SpotifyCares z,,8.5E+2\n"
    ).encode()
    path = write_bytes(tmp_path, "extract.csv", data)

    records = read_all(path, "twcs")

    assert [record.line for record in records] == [2, 3, 4, 5]
    first, second, third = posts_of(records)
    assert first.external_id == "849"
    assert first.reply_to == "848"
    assert first.raw[""] == "0"
    assert first.raw["index"] == "541"
    assert second.text == "@SpotifyCares a \r\rb"
    assert third.text == "@SpotifyCares x\ry"
    assert third.reply_to == "854"
    assert records[3] == RowProblem(
        5,
        "in_response_to_tweet_id 8.5E+2 was mangled by a spreadsheet;"
        " export the file again",
    )


def test_twcs_missing_text_column(tmp_path: Path) -> None:
    header = TWCS_HEADER.replace(",text,", ",body,")
    path = write_bytes(tmp_path, "twcs.csv", (header + "\n1,2,True,x,hi,,\n").encode())

    with pytest.raises(InputFileError) as caught:
        read_posts(path, "twcs")

    assert "'text'" in str(caught.value)
    assert "'body'" in str(caught.value)
    assert "--text-column" in str(caught.value)


# inputs


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.csv"

    with pytest.raises(InputFileError) as caught:
        read_posts(path, "csv")

    assert str(path) in str(caught.value)
    assert "not found" in str(caught.value)


def test_directory_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="is a directory"):
        read_posts(tmp_path, "csv")


def test_unknown_format_lists_known(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "posts.xml", b"<posts/>")

    with pytest.raises(InputFileError) as caught:
        read_posts(path, "xml")

    message = str(caught.value)
    assert "'xml'" in message
    assert "csv, jsonl, twitter-airline, twcs" in message


def test_unknown_encoding(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "posts.csv", b"id,text\n1,a\n")

    with pytest.raises(InputFileError, match="unknown encoding 'klingon'"):
        read_posts(path, "csv", encoding="klingon")


def test_stdin_reads_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    data = "id,text\n1,Grüße\n".encode("latin-1")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))

    [post] = read_all("-", "csv", encoding="latin-1")

    assert isinstance(post, RawPost)
    assert post.text == "Grüße"


def test_stdin_invalid_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(b"id,text\n1,\xff\n"))
    )

    with pytest.raises(InputFileError) as caught:
        read_posts("-", "csv")

    assert "standard input" in str(caught.value)
    assert "line 2" in str(caught.value)


def test_default_source_name() -> None:
    assert default_source_name("twitter-airline", "Tweets.csv") == "twitter"
    assert default_source_name(PostFormat.TWCS, "/data/twcs.csv") == "twitter"
    assert default_source_name("csv", "/exports/forum-posts.csv") == "forum-posts"
    assert default_source_name("jsonl", Path("mastodon.jsonl")) == "mastodon"
    assert default_source_name("csv", "-") == "stdin"


# shared data sets


@pytest.mark.data
def test_airline_data_set() -> None:
    path = shared_file("airline-sentiment", "Tweets.csv")

    records = read_all(path, "twitter-airline")

    posts = posts_of(records)
    assert len(records) == 14_640
    assert len(posts) == 14_640
    assert len({post.external_id for post in posts}) == 14_485
    assert all(post.created_at is not None for post in posts)
    assert min(post.created_at for post in posts if post.created_at) == datetime(
        2015, 2, 17, 7, 36, 5, tzinfo=UTC
    )


@pytest.mark.data
def test_twcs_sample_data_set() -> None:
    path = shared_file("twcs", "sample.csv")

    records = read_all(path, "twcs")

    posts = posts_of(records)
    assert len(records) == 93
    assert len(posts) == 93
    assert sum(post.raw["inbound"] == "True" for post in posts) == 49
    assert sum(post.author == "AppleSupport" for post in posts) == 13


@pytest.mark.data
def test_spotify_extract_data_set() -> None:
    path = shared_file("twcs", "spotifycares_support_requests.csv")

    records = read_all(path, "twcs")

    posts = posts_of(records)
    assert problems_of(records) == []
    assert len(posts) == 15_096
    assert len({post.external_id for post in posts}) == 15_096
    assert len({post.author for post in posts}) == 8_723
    assert all(post.raw["inbound"] == "True" for post in posts)
    assert sum("\r" in post.text for post in posts) == 8
