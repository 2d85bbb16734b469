"""Validity rules for terms, phrases, wildcards and field values, shared by the
parser and the syntax tree.

Each ``*_problem`` function returns the reason a value is invalid, or None. The
parser adds the column and raises QuerySyntaxError; a tree node raises ValueError.
"""

import re

from outpost.text import TokenKind, normalize, tokenize

KEYWORDS = frozenset({"AND", "OR", "NOT"})
# Field names that a query may use before a colon.
FIELD_NAMES = ("author", "hashtag", "mention")
# Minimum number of letters or digits before a trailing "*", so that a wildcard
# cannot match a large part of the vocabulary.
MIN_PREFIX_LETTERS = 3

# Text that the lexer reads as one bare word: no space, quote or parenthesis.
_BARE_RE = re.compile(r'[^\s()"]+')
# A bare word of this shape is read as a field filter.
FIELD_PREFIX_RE = re.compile(r"([A-Za-z]+):")


def is_bare(text: str) -> bool:
    """Return whether the lexer reads ``text`` as one word, with no quotes."""
    return bool(_BARE_RE.fullmatch(text)) and text not in KEYWORDS


def term_words(text: str) -> list[str]:
    """Return the normalised words that ``text`` must match, side by side.

    Hashtag, mention and cashtag signs are dropped (``$acme`` gives ``acme``), and
    URLs give no words.
    """
    return [
        token.norm
        for token in tokenize(text)
        if token.kind is not TokenKind.URL and not token.from_hashtag
    ]


def term_problem(text: str) -> str | None:
    """Return why ``text`` cannot be a bare term, or None."""
    problem = _bare_problem(text)
    if problem:
        return problem
    if not term_words(text):
        return f"term '{text}' has no letters or digits to match"
    return None


def prefix_problem(stem: str) -> str | None:
    """Return why ``stem`` followed by ``*`` cannot be a wildcard, or None."""
    problem = _bare_problem(stem) if stem else None
    if problem:
        return problem
    letters = sum(char.isalnum() for char in normalize(stem))
    if letters < MIN_PREFIX_LETTERS:
        return f"wildcard needs at least {MIN_PREFIX_LETTERS} letters before '*'"
    if len(term_words(stem)) != 1:
        return f"wildcard '{stem}*' must be a single word"
    return None


def phrase_problem(text: str) -> str | None:
    """Return why ``text`` cannot be the inside of a quoted phrase, or None."""
    if '"' in text:
        return "a phrase cannot contain a double quote"
    if not text.strip():
        return "empty phrase"
    if not term_words(text):
        return f'phrase "{text}" has no letters or digits to match'
    return None


def field_problem(name: str, value: str) -> str | None:
    """Return why ``name:value`` is not a valid field filter, or None.

    ``value`` is expected without the sign that the parser removes (``#`` for
    hashtag, ``@`` for mention and author).
    """
    if name not in FIELD_NAMES:
        expected = ", ".join(FIELD_NAMES)
        return f"unknown field '{name}', expected one of {expected}"
    if not value.strip():
        return f"missing value after '{name}:'"
    if '"' in value:
        return f"value of '{name}:' cannot contain a double quote"
    if "*" in value:
        return f"wildcards are not supported in '{name}:' values"
    if value[0] in "#@":
        return f"value '{value}' of '{name}:' has more than one leading sign"
    if name == "hashtag" and not _is_single(f"#{value}", TokenKind.HASHTAG):
        return f"'{value}' is not a valid hashtag name"
    if name == "mention" and not _is_single(f"@{value}", TokenKind.MENTION):
        return f"'{value}' is not a valid user name"
    return None


def field_norm(name: str, value: str) -> str:
    """Return the normalised form of a valid field value, as matching compares it."""
    if name == "author":
        return normalize_author(value)
    return tokenize(("#" if name == "hashtag" else "@") + value)[0].norm


def normalize_author(author: str) -> str:
    """Return ``author`` case-folded and without one leading ``@``."""
    folded = normalize(author.strip())
    return folded.removeprefix("@")


def _bare_problem(text: str) -> str | None:
    if not is_bare(text):
        return f"'{text}' is not a single word"
    if text[0] in "#@" or FIELD_PREFIX_RE.match(text):
        return f"'{text}' would be read as a field filter"
    if "*" in text:
        return "wildcard '*' is only allowed at the end of a word"
    return None


def _is_single(text: str, kind: TokenKind) -> bool:
    tokens = [token for token in tokenize(text) if not token.from_hashtag]
    return (
        len(tokens) == 1
        and tokens[0].kind is kind
        and (tokens[0].start, tokens[0].end) == (0, len(text))
    )
