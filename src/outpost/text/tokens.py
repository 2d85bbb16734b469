"""Split post text into word, hashtag, mention, cashtag and URL tokens.

Offsets index the original text in code points, so a match can be highlighted in
the post as written. Each token carries a normalised form (NFKC, then case folding,
without the #, @ or $ sign) that is computed per token, because normalising the
whole text first would move the offsets wherever a character changes length.
"""

import enum
import re
import unicodedata
from dataclasses import dataclass

from outpost.text.charclasses import IGNORABLE_CHARS, one_of


class TokenKind(enum.StrEnum):
    """Kind of a token; each value is the kind's name in lower case."""

    WORD = "word"
    HASHTAG = "hashtag"
    MENTION = "mention"
    CASHTAG = "cashtag"
    URL = "url"


@dataclass(frozen=True, slots=True)
class Token:
    """One token: ``text[start:end]`` in the original text, and its normalised form.

    A word split out of a camelCase or digit-joined hashtag has ``from_hashtag`` set
    and the span of the whole hashtag, sign included.
    """

    kind: TokenKind
    norm: str
    start: int
    end: int
    from_hashtag: bool = False


_WORD_RUN = one_of("word", run=True)
_UPPER = one_of("upper")
_LOWER = one_of("lower", "ignorable")
_DIGIT = one_of("digit")
# Hyphens and apostrophes join runs of word characters into one word
# (state-of-the-art, don't), and ignorable characters may sit inside a word.
_WORD_PATTERN = (
    f"{_WORD_RUN}(?:(?:{one_of('ignorable', run=True)}|[-\u2010\u2011'\u2019])"
    f"{_WORD_RUN})*+"
)
_NO_SPACE_CHAR = f"{one_of('no_space')}{one_of('mark', 'ignorable')}*"

# The alternatives are tried in this order at each position, and the group number
# gives the kind. The signs of hashtags, mentions and cashtags only count after a
# character that cannot end a word, so e-mail addresses and "US$5" stay words.
# Each look-behind comes after its sign, so most positions fail on the sign alone.
_TOKEN_RE = re.compile(
    # 1: URL, without trailing punctuation.
    r"((?:[hH][tT][tT][pP][sS]?://|[wW][wW][wW]\.)[^\s<>\"]*"
    r"[^\s<>\".,;:!?'\")\]}\u2026\u2019\u201d])"
    # 2: hashtag, whose name is not digits only.
    rf"|[#\uff03](?<![\w&][#\uff03])(?=(?:{_DIGIT}|_)*{one_of('letter', 'no_space')})"
    rf"({one_of('word', 'no_space', 'ignorable', extra='_', run=True)})"
    # 3: mention.
    rf"|[@\uff20](?<![\w@][@\uff20])({one_of('word', extra='_', run=True)})"
    # 4: cashtag, letters only.
    r"|\$(?<!\w\$)([^\W\d_]+)(?!\w)"
    # 5: word.
    rf"|({_WORD_PATTERN})"
    # 6: one character of a script written without spaces.
    rf"|({_NO_SPACE_CHAR})"
)
_KIND_BY_GROUP = {
    1: TokenKind.URL,
    2: TokenKind.HASHTAG,
    3: TokenKind.MENTION,
    4: TokenKind.CASHTAG,
    5: TokenKind.WORD,
    6: TokenKind.WORD,
}

# Parts of a hashtag name: "NASAFail" gives NASA and Fail, "Acme2024" Acme and 2024.
_HASHTAG_PART_RE = re.compile(
    f"{_UPPER}+(?={_UPPER}{_LOWER})"
    f"|{_UPPER}?{_LOWER}+"
    f"|{_UPPER}+"
    f"|{_DIGIT}+"
    f"|{_NO_SPACE_CHAR}"
)

# Characters dropped or replaced after case folding: ignorable characters go, the
# right single quote and Unicode hyphens become their ASCII forms.
_NORM_TABLE = str.maketrans(
    {**dict.fromkeys(IGNORABLE_CHARS), "\u2019": "'", "\u2010": "-", "\u2011": "-"}
)


def normalize(text: str) -> str:
    """Return the form of ``text`` used for matching: NFKC, then case folding.

    Ignorable characters are dropped, and the combining dot that case folding
    leaves after a Turkish dotted capital I is removed, so "İstanbul" and
    "istanbul" compare equal.
    """
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFKC", text).casefold()
    return folded.translate(_NORM_TABLE).replace("i\u0307", "i")


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens ordered by start offset.

    A hashtag made of several words (``#AcmeSupportFail``, ``#Acme2024``) is
    followed by one ``from_hashtag`` word token per part.
    """
    tokens: list[Token] = []
    append = tokens.append
    for match in _TOKEN_RE.finditer(text):
        group = match.lastindex or 0
        kind = _KIND_BY_GROUP[group]
        start, end = match.span()
        append(Token(kind, normalize(match.group(group)), start, end))
        if kind is TokenKind.HASHTAG:
            tokens.extend(_hashtag_parts(match.group(group), start, end))
    return tokens


def _hashtag_parts(name: str, start: int, end: int) -> list[Token]:
    parts = _HASHTAG_PART_RE.findall(name)
    if len(parts) < 2:
        return []
    return [Token(TokenKind.WORD, normalize(part), start, end, True) for part in parts]
