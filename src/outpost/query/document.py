"""A post prepared for matching: its tokens and the lookup tables built from them."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from outpost.query.rules import normalize_author, normalize_language, url_parts
from outpost.text import Token, TokenKind, normalize, tokenize

# (start, end) offsets in code points into the post text, end excluded.
Span = tuple[int, int]
# One occurrence of a matchable word: (first position, last position, start, end).
# Positions count words in order, so a phrase matches occurrences whose positions
# follow each other. The name of a hashtag split into parts covers the positions
# of all its parts.
Occurrence = tuple[int, int, int, int]

# Index keys are strings. A word's key is its normalised form, and every other
# key starts with a character that cannot start a word.
HASHTAG_KEY = "#"
MENTION_KEY = "@"
CASHTAG_KEY = "$"
URL_KEY = "/"
AUTHOR_KEY = "="
LANGUAGE_KEY = "!"
SOURCE_KEY = "%"
PREFIX_KEY = "~"
RAW_KEY = "^"
# A wildcard's key is the first PREFIX_LENGTH characters of its normalised stem.
PREFIX_LENGTH = 3


class DocumentIndex:
    """Lookup tables of one document, keyed by normalised form.

    ``words`` contains what a plain term matches: words, the part of a word before
    an apostrophe, the parts of a split hashtag, and the names of hashtags,
    mentions and cashtags. ``urls`` contains the letter-and-digit runs of each
    URL with its span, or with None for a link target given apart from the text.
    ``keys`` contains the index keys that QueryMatcher selects candidates by.
    """

    __slots__ = (
        "author",
        "cashtags",
        "hashtags",
        "keys",
        "language",
        "mentions",
        "source",
        "text",
        "urls",
        "words",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: dict[str, list[Occurrence]] = {}
        self.hashtags: dict[str, list[Occurrence]] = {}
        self.mentions: dict[str, list[Occurrence]] = {}
        self.cashtags: dict[str, list[Occurrence]] = {}
        self.urls: list[tuple[tuple[str, ...], Span | None]] = []
        self.author: tuple[str, ...] = ()
        self.language: str | None = None
        self.source: str | None = None
        self.keys: set[str] = set()

    @classmethod
    def build(
        cls,
        text: str,
        tokens: tuple[Token, ...],
        *,
        author: str | None = None,
        language: str | None = None,
        source: str | None = None,
        links: Iterable[str] = (),
    ) -> "DocumentIndex":
        index = cls(text)
        index._add_tokens(tokens)
        for link in links:
            index.urls.append((url_parts(link), None))
        if author:
            index.author = handle_names(normalize_author(author))
        if language:
            index.language = normalize_language(language)
        if source:
            index.source = normalize(source.strip())
        index._collect_keys()
        return index

    def _add_tokens(self, tokens: tuple[Token, ...]) -> None:
        # Plain words are most tokens, so they take the short path of the loop.
        words = self.words
        find = words.get
        word = TokenKind.WORD
        position = 0
        for number, (kind, norm, start, end, from_hashtag) in enumerate(tokens):
            if kind is word and "'" not in norm:
                if from_hashtag:
                    continue  # added with the hashtag that precedes it
                occurrence = (position, position, start, end)
                found = find(norm)
                if found is None:
                    words[norm] = [occurrence]
                else:
                    found.append(occurrence)
                position += 1
            else:
                position = self._add_token(tokens, number, position)

    def _add_token(self, tokens: tuple[Token, ...], number: int, position: int) -> int:
        """Add a token other than a plain word and return the next position."""
        kind, norm, start, end, from_hashtag = tokens[number]
        words = self.words
        if from_hashtag:
            return position
        if kind is TokenKind.URL:
            self.urls.append((url_parts(norm), (start, end)))
            return position + 1  # a URL separates the words of a phrase
        last = position
        occurrence = (position, last, start, end)
        if kind is TokenKind.WORD:
            # The part before an apostrophe matches too: acme in "Acme's".
            words.setdefault(norm.partition("'")[0], []).append(occurrence)
        elif kind is TokenKind.HASHTAG:
            last = _add_hashtag_parts(words, tokens, number + 1, position)
            occurrence = (position, last, start, end)
            self.hashtags.setdefault(norm, []).append(occurrence)
        elif kind is TokenKind.MENTION:
            for name in handle_names(norm):
                self.mentions.setdefault(name, []).append(occurrence)
            norm = norm.partition("@")[0]
        else:
            self.cashtags.setdefault(norm, []).append(occurrence)
        words.setdefault(norm, []).append(occurrence)
        return last + 1

    def _collect_keys(self) -> None:
        keys = self.keys = set(self.words)
        for sign, table in (
            (HASHTAG_KEY, self.hashtags),
            (MENTION_KEY, self.mentions),
            (CASHTAG_KEY, self.cashtags),
        ):
            if table:
                keys.update([sign + name for name in table])
        for parts, _ in self.urls:
            keys.update([URL_KEY + part for part in parts])
        keys.update(AUTHOR_KEY + name for name in self.author)
        if self.language:
            keys.add(LANGUAGE_KEY + self.language.partition("-")[0])
        if self.source:
            keys.add(SOURCE_KEY + self.source)

    def prefix_keys(self) -> set[str]:
        """Return the wildcard keys of the words: their first characters."""
        return {PREFIX_KEY + word[:PREFIX_LENGTH] for word in self.words}


def handle_names(handle: str) -> tuple[str, ...]:
    """Return the names a handle is matched by: a Mastodon handle
    ``name@host`` gives itself and ``name``, any other handle only itself."""
    name, at, _ = handle.partition("@")
    if at and name:
        return (handle, name)
    return (handle,)


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

    ``links`` contains link targets that are not in the text, such as the
    targets of HTML links, which only ``url:`` terms match. ``index`` is built
    when the document is created, so a post is prepared once and then matched
    against any number of queries.
    """

    text: str
    tokens: tuple[Token, ...]
    author: str | None = None
    language: str | None = None
    source: str | None = None
    links: tuple[str, ...] = ()
    index: DocumentIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        tokens = tuple(self.tokens)
        object.__setattr__(self, "tokens", tokens)
        object.__setattr__(self, "links", tuple(self.links))
        index = DocumentIndex.build(
            self.text,
            tokens,
            author=self.author,
            language=self.language,
            source=self.source,
            links=self.links,
        )
        object.__setattr__(self, "index", index)

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        author: str | None = None,
        language: str | None = None,
        source: str | None = None,
        links: Iterable[str] = (),
    ) -> "Document":
        """Tokenise ``text`` and return it as a document."""
        return cls(text, tuple(tokenize(text)), author, language, source, tuple(links))
