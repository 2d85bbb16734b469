"""Tests for parsing watch queries, printing them back, and syntax errors."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outpost.errors import QuerySyntaxError
from outpost.query import (
    And,
    Field,
    Near,
    Not,
    Or,
    Phrase,
    Prefix,
    Term,
    Wildcard,
    format_query,
    format_syntax_error,
    parse_query,
)

A, B, C = Term("a1"), Term("b1"), Term("c1")


def test_single_term() -> None:
    assert parse_query("acme") == Term("acme")


def test_implicit_and() -> None:
    assert parse_query("a1 b1 c1") == And((A, B, C))
    assert parse_query("a1 b1 AND c1") == And((A, B, C))


def test_and_binds_tighter_than_or() -> None:
    assert parse_query("a1 OR b1 c1") == Or((A, And((B, C))))
    assert parse_query("a1 b1 OR c1") == Or((And((A, B)), C))


def test_not_binds_tighter_than_and() -> None:
    assert parse_query("NOT a1 b1") == And((Not(A), B))
    assert parse_query("a1 NOT b1 OR c1") == Or((And((A, Not(B))), C))


def test_parentheses_group() -> None:
    assert parse_query("(a1 OR b1) c1") == And((Or((A, B)), C))
    assert parse_query("a1 AND (b1 AND c1)") == And((A, And((B, C))))


def test_lower_case_operators_are_words() -> None:
    assert parse_query("rock and roll") == And(
        (Term("rock"), Term("and"), Term("roll"))
    )
    assert parse_query("not or") == And((Term("not"), Term("or")))


def test_phrase_and_prefix() -> None:
    tree = parse_query('"gasket leak" leak*')
    assert tree == And((Phrase("gasket leak"), Prefix("leak")))


def test_fields_and_shorthands() -> None:
    assert parse_query("#Acme") == Field("hashtag", "Acme")
    assert parse_query("hashtag:#Acme") == Field("hashtag", "Acme")
    assert parse_query("@acme_help") == Field("mention", "acme_help")
    assert parse_query("mention:acme_help") == Field("mention", "acme_help")
    assert parse_query("author:@Bob") == Field("author", "Bob")
    assert parse_query('author:"Bob Smith"') == Field("author", "Bob Smith")


def test_term_may_hold_several_words() -> None:
    assert parse_query("acme.com") == Term("acme.com")


@pytest.mark.parametrize(
    "query",
    [
        "acme",
        "a1 b1 OR c1",
        "a1 OR (b1 OR c1)",
        "a1 AND (b1 AND c1)",
        "NOT (a1 OR b1) c1",
        "a1 NOT NOT b1",
        '"gasket leak" leak* #acme @acme author:"Bob Smith" author:AND',
        "(a1 OR b1) (c1 OR a1) NOT (b1 c1)",
        "東京 state-of-the-art don't",
    ],
)
def test_format_round_trip(query: str) -> None:
    tree = parse_query(query)
    assert parse_query(format_query(tree)) == tree


def test_format_writes_operators() -> None:
    assert format_query(parse_query("a1 b1 OR NOT (c1 OR a1) b1")) == (
        "a1 AND b1 OR NOT (c1 OR a1) AND b1"
    )


def test_format_keeps_nested_grouping() -> None:
    tree = And((A, And((B, C))))
    assert format_query(tree) == "a1 AND (b1 AND c1)"


SHORT_WILDCARD = "wildcard '{}' needs at least 3 letters before the first '*' or '?'"
NEAR_OPERAND = (
    "NEAR needs a term, phrase, wildcard, hashtag, mention, cashtag"
    " or an OR group of them on each side"
)


@pytest.mark.parametrize(
    ("query", "column", "reason"),
    [
        ("", 1, "empty query"),
        ("   ", 1, "empty query"),
        ("acme (beta OR gamma", 6, "unbalanced parenthesis"),
        ("acme OR gamma) beta", 14, "unbalanced parenthesis"),
        ('ab"leak', 3, "unterminated quote"),
        ("le* acme", 1, SHORT_WILDCARD.format("le*")),
        ("acme e-m*", 6, SHORT_WILDCARD.format("e-m*")),
        ("acme le*ak", 6, SHORT_WILDCARD.format("le*ak")),
        ("acme le?k", 6, SHORT_WILDCARD.format("le?k")),
        ("ab* OR cd*", 1, SHORT_WILDCARD.format("ab*")),
        ("NOT acme", 1, "query has no positive term"),
        ("acme OR NOT beta", 1, "query has no positive term"),
        ("AND acme", 1, "expected a term before 'AND'"),
        ("acme AND", 6, "expected a term after 'AND'"),
        ("acme OR OR beta", 6, "expected a term after 'OR'"),
        ("acme ()", 6, "empty parentheses"),
        ('acme ""', 6, "empty phrase"),
        (
            "acme color:red",
            6,
            "unknown field 'color', expected one of author, cashtag, hashtag,"
            " lang, mention, raw, source, url",
        ),
        (
            "acme lang:english1",
            6,
            "'english1' is not a language code such as en or pt-BR",
        ),
        (
            "acme NEAR/x beta",
            6,
            "invalid operator 'NEAR/x', expected NEAR/n with a number n",
        ),
        ("acme NEAR/101 beta", 6, "NEAR distance 101 must be between 0 and 100"),
        ("acme NEAR/3", 6, "expected a term after 'NEAR/3'"),
        ("ONEAR/2 acme", 1, "expected a term before 'ONEAR/2'"),
        ("acme NEAR/3 NOT beta", 6, "expected a term after 'NEAR/3'"),
        ("(a AND b) NEAR/3 c", 11, NEAR_OPERAND),
        ("acme NEAR/3 author:bob", 6, NEAR_OPERAND),
        ('acme NEAR/3 raw:"X"', 6, NEAR_OPERAND),
        ("url:...", 1, "url value '...' has no letters or digits to match"),
        ("$ACME*", 1, "wildcards are not supported in 'cashtag:' values"),
        ("raw:", 1, "missing value after 'raw:'"),
        ("author:", 1, "missing value after 'author:'"),
        ("hashtag:a-b", 1, "'a-b' is not a valid hashtag name"),
        ("#acme*", 1, "wildcards are not supported in 'hashtag:' values"),
        ("acme !!!", 6, "term '!!!' has no letters or digits to match"),
        ("東京都*", 1, "wildcard '東京都*' must be a single word"),
    ],
)
def test_syntax_error_column(query: str, column: int, reason: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(query)
    assert caught.value.reason == reason
    assert caught.value.column == column
    assert str(caught.value) == f"{reason} at column {column}"


def test_deep_nesting_is_rejected() -> None:
    with pytest.raises(QuerySyntaxError, match="nested more than 100 levels"):
        parse_query("(" * 150 + "acme" + ")" * 150)


def test_format_syntax_error_puts_caret_under_column() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query("acme (beta OR gamma")
    assert format_syntax_error(caught.value) == (
        "acme (beta OR gamma\n     ^ unbalanced parenthesis at column 6"
    )


def test_format_syntax_error_counts_wide_characters() -> None:
    error = QuerySyntaxError("東京 (acme", 4, "unbalanced parenthesis")
    caret_line = format_syntax_error(error).splitlines()[1]
    assert caret_line.startswith("     ^")


def test_syntax_error_shows_error_line() -> None:
    error = QuerySyntaxError("acme\nbeta )", 11, "unbalanced parenthesis")
    assert (
        format_syntax_error(error)
        == "beta )\n     ^ unbalanced parenthesis at column 11"
    )


@pytest.mark.parametrize(
    "build",
    [
        lambda: Term("a b"),
        lambda: Term("AND"),
        lambda: Term("#acme"),
        lambda: Prefix("ab"),
        lambda: Phrase('a "b"'),
        lambda: Field("color", "red"),
        lambda: Field("lang", "1"),
        lambda: Term("acme?"),
        lambda: Wildcard("acme*"),
        lambda: Wildcard("ac?me"),
        lambda: Near(A, Not(A), 3),
        lambda: Near(A, And((A, A)), 3),
        lambda: Near(A, A, -1),
        lambda: Field("hashtag", "#acme"),
        lambda: And((A,)),
        lambda: Or(()),
    ],
)
def test_invalid_nodes_raise(build) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        build()


# Characters and keywords that random queries are made of.
QUERY_PIECES = [
    *"ab ()\"*#@:-'\u2019東京İ\u200b\t.$_",
    "AND",
    "OR",
    "NOT",
    "author",
    "hashtag",
    "mention",
    "cashtag",
    "url",
    "raw",
    "lang",
    "source",
    "NEAR/2",
    "ONEAR/0",
    "NEAR/",
    "?",
    "acme",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(QUERY_PIECES), max_size=12).map("".join))
def test_parse_random_text(query: str) -> None:
    try:
        tree = parse_query(query)
    except QuerySyntaxError as error:
        assert 1 <= error.column <= len(query) + 1
        return
    assert parse_query(format_query(tree)) == tree
