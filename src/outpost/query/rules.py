"""Validity rules for terms, phrases, wildcards and field values, shared by the
parser and the syntax tree.

Each ``*_problem`` function returns the reason a value is invalid, or None. The
parser adds the column and raises QuerySyntaxError; a tree node raises ValueError.
"""

import re

from outpost.text import TokenKind, normalize, tokenize

KEYWORDS = frozenset({"AND", "OR", "NOT"})
# Field names that a query may use before a colon.
FIELD_NAMES = (
    "author",
    "cashtag",
    "hashtag",
    "lang",
    "mention",
    "raw",
    "source",
    "url",
)
# Fields whose terms have a position among the words, so NEAR/n can use them.
POSITIONAL_FIELDS = frozenset({"cashtag", "hashtag", "mention"})
# Minimum number of letters or digits before the first wildcard, so that a
# wildcard cannot match a large part of the vocabulary.
MIN_PREFIX_LETTERS = 3
# Largest n of NEAR/n and ONEAR/n.
MAX_NEAR_DISTANCE = 100
# A NEAR/n or ONEAR/n operator as the lexer reads it.
NEAR_RE = re.compile(r"(O?NEAR)/([0-9]+)")
WILDCARD_CHARS = "*?"

# Text that the lexer reads as one bare word: no space, quote or parenthesis.
_BARE_RE = re.compile(r'[^\s()"]+')
# A bare word of this shape is read as a field filter.
FIELD_PREFIX_RE = re.compile(r"([A-Za-z]+):")


def is_bare(text: str) -> bool:
    """Return whether the lexer reads ``text`` as one word, with no quotes."""
    return (
        bool(_BARE_RE.fullmatch(text))
        and text not in KEYWORDS
        and not NEAR_RE.fullmatch(text)
    )


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
    if "*" in text or "?" in text:
        return f"term '{text}' contains a wildcard"
    if not term_words(text):
        return f"term '{text}' has no letters or digits to match"
    return None


def prefix_problem(stem: str) -> str | None:
    """Return why ``stem`` followed by ``*`` cannot be a wildcard, or None."""
    return wildcard_problem(stem + "*")


def wildcard_problem(pattern: str) -> str | None:
    """Return why ``pattern`` cannot be a wildcard word, or None.

    ``?`` stands for one character and ``*`` for any number, inside one word.
    """
    stem = pattern[: _first_wildcard(pattern)]
    problem = _bare_problem(pattern) if stem else None
    if problem:
        return problem
    letters = sum(char.isalnum() for char in normalize(stem))
    if letters < MIN_PREFIX_LETTERS:
        return (
            f"wildcard '{pattern}' needs at least {MIN_PREFIX_LETTERS} letters"
            " before the first '*' or '?'"
        )
    pieces = wildcard_pieces(pattern)
    if pieces is None:
        return f"wildcard '{pattern}' must be a single word"
    return None


def wildcard_pieces(pattern: str) -> list[str] | None:
    """Return the normalised literal pieces and wildcards of ``pattern`` in order
    (``"Colo?r"`` gives ``["colo", "?", "r"]``), or None if the pattern is not
    one word when each wildcard stands for a letter."""
    as_word = re.sub(r"[*?]", "x", pattern)
    tokens = tokenize(as_word)
    if len(tokens) != 1 or tokens[0].kind is not TokenKind.WORD:
        return None
    if (tokens[0].start, tokens[0].end) != (0, len(as_word)):
        return None
    pieces = [piece for piece in re.split(r"([*?])", pattern) if piece]
    return [piece if piece in WILDCARD_CHARS else normalize(piece) for piece in pieces]


def _first_wildcard(pattern: str) -> int:
    positions = [pattern.find(char) for char in WILDCARD_CHARS if char in pattern]
    return min(positions, default=len(pattern))


def near_problem(distance: int) -> str | None:
    """Return why ``distance`` cannot be the n of NEAR/n, or None."""
    if not 0 <= distance <= MAX_NEAR_DISTANCE:
        return f"NEAR distance {distance} must be between 0 and {MAX_NEAR_DISTANCE}"
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
    if name == "raw":
        return None
    if "*" in value or "?" in value:
        return f"wildcards are not supported in '{name}:' values"
    if value[0] in "#@$":
        return f"value '{value}' of '{name}:' has more than one leading sign"
    return _field_value_problem(name, value)


def _field_value_problem(name: str, value: str) -> str | None:
    sign = _SIGN_OF_FIELD.get(name)
    if sign and not _is_single(sign + value, _KIND_OF_FIELD[name]):
        return f"'{value}' is not a valid {_FIELD_NOUN[name]}"
    if name == "lang" and not _LANGUAGE_RE.fullmatch(value):
        return f"'{value}' is not a language code such as en or pt-BR"
    if name == "url" and not url_parts(value):
        return f"url value '{value}' has no letters or digits to match"
    return None


_SIGN_OF_FIELD = {"cashtag": "$", "hashtag": "#", "mention": "@"}
_KIND_OF_FIELD = {
    "cashtag": TokenKind.CASHTAG,
    "hashtag": TokenKind.HASHTAG,
    "mention": TokenKind.MENTION,
}
_FIELD_NOUN = {"cashtag": "cashtag", "hashtag": "hashtag name", "mention": "user name"}
_LANGUAGE_RE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
_URL_PART_RE = re.compile(r"[^\W_]+")


def field_norm(name: str, value: str) -> str:
    """Return the normalised form of a valid field value, as matching compares it.

    ``raw`` values are returned as written, because they match case-sensitively.
    """
    if name == "raw":
        return value
    if name == "author":
        return normalize_author(value)
    if name == "lang":
        return normalize_language(value)
    if name in ("source", "url"):
        return normalize(value.strip())
    return tokenize(_SIGN_OF_FIELD[name] + value)[0].norm


def normalize_author(author: str) -> str:
    """Return ``author`` case-folded and without one leading ``@``."""
    folded = normalize(author.strip())
    return folded.removeprefix("@")


def normalize_language(code: str) -> str:
    """Return a language tag in lower case with ``-`` between subtags."""
    return code.strip().lower().replace("_", "-")


def url_parts(url: str) -> tuple[str, ...]:
    """Return the runs of letters and digits of a normalised URL, in order.

    ``url:`` values match a URL whose parts contain theirs side by side, so
    ``acme.example`` matches ``https://www.acme.example/x`` but not
    ``https://notacme.example``.
    """
    return tuple(_URL_PART_RE.findall(normalize(url)))


def _bare_problem(text: str) -> str | None:
    if not is_bare(text):
        return f"'{text}' is not a single word"
    if is_field_sign(text) or FIELD_PREFIX_RE.match(text):
        return f"'{text}' would be read as a field filter"
    return None


def is_field_sign(word: str) -> bool:
    """Return whether ``word`` starts with the sign of a hashtag, mention or
    cashtag field: ``#``, ``@``, or ``$`` before a letter."""
    return word[0] in "#@" or (word[0] == "$" and word[1:2].isalpha())


def _is_single(text: str, kind: TokenKind) -> bool:
    tokens = [token for token in tokenize(text) if not token.from_hashtag]
    return (
        len(tokens) == 1
        and tokens[0].kind is kind
        and (tokens[0].start, tokens[0].end) == (0, len(text))
    )
