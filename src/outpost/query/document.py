"""A post prepared for matching: its tokens and the lookup tables built from them."""

from dataclasses import dataclass, field

from outpost.query.rules import normalize_author
from outpost.text import Token, TokenKind, tokenize

# (start, end) offsets in code points into the post text, end excluded.
Span = tuple[int, int]
# One occurrence of a matchable word: (first position, last position, start, end).
# Positions count words in order, so a phrase matches occurrences whose positions
# follow each other. The name of a hashtag split into parts covers the positions
# of all its parts.
Occurrence = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class DocumentIndex:
    """Lookup tables of one document, keyed by normalised form.

    ``words`` contains what a plain term matches: words, the part of a word before
    an apostrophe, the parts of a split hashtag, and the names of hashtags,
    mentions and cashtags.
    """

    words: dict[str, list[Occurrence]]
    hashtags: dict[str, list[Span]]
    mentions: dict[str, list[Span]]
    author: str | None

    @classmethod
    def build(cls, tokens: tuple[Token, ...], author: str | None) -> "DocumentIndex":
        words: dict[str, list[Occurrence]] = {}
        hashtags: dict[str, list[Span]] = {}
        mentions: dict[str, list[Span]] = {}
        position = 0
        for index, token in enumerate(tokens):
            kind = token.kind
            if token.from_hashtag:
                continue  # added with the hashtag that precedes it
            if kind is TokenKind.URL:
                position += 1  # a URL separates the words of a phrase
                continue
            last = position
            if kind is TokenKind.HASHTAG:
                hashtags.setdefault(token.norm, []).append((token.start, token.end))
                last = _add_hashtag_parts(words, tokens, index + 1, position)
            elif kind is TokenKind.MENTION:
                mentions.setdefault(token.norm, []).append((token.start, token.end))
            occurrence = (position, last, token.start, token.end)
            words.setdefault(token.norm, []).append(occurrence)
            if kind is TokenKind.WORD and "'" in token.norm:
                # The part before an apostrophe matches too: acme in "Acme's".
                stem = token.norm.partition("'")[0]
                words.setdefault(stem, []).append(occurrence)
            position = last + 1
        author_norm = normalize_author(author) if author else None
        return cls(words, hashtags, mentions, author_norm)


def _add_hashtag_parts(
    words: dict[str, list[Occurrence]],
    tokens: tuple[Token, ...],
    index: int,
    position: int,
) -> int:
    """Add the ``from_hashtag`` tokens from ``index`` on, one position each, and
    return the last position used (``position`` itself when there are none)."""
    last = position - 1
    while index < len(tokens) and tokens[index].from_hashtag:
        part = tokens[index]
        last += 1
        words.setdefault(part.norm, []).append((last, last, part.start, part.end))
        index += 1
    return max(last, position)


@dataclass(frozen=True, slots=True)
class Document:
    """A post to match: its text, its tokens and where it came from.

    ``index`` is built from the tokens when the document is created, so a post is
    prepared once and then matched against any number of queries.
    """

    text: str
    tokens: tuple[Token, ...]
    author: str | None = None
    language: str | None = None
    source: str | None = None
    index: DocumentIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        tokens = tuple(self.tokens)
        object.__setattr__(self, "tokens", tokens)
        object.__setattr__(self, "index", DocumentIndex.build(tokens, self.author))

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        author: str | None = None,
        language: str | None = None,
        source: str | None = None,
    ) -> "Document":
        """Tokenise ``text`` and return it as a document."""
        return cls(text, tuple(tokenize(text)), author, language, source)
