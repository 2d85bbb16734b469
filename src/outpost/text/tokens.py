"""Split post text into word, hashtag, mention, cashtag and URL tokens.

Offsets index the original text in code points, so a match can be highlighted in
the post as written. Each token carries a normalised form (NFKC, then case folding,
without the #, @ or $ sign) that is computed per token, because normalising the
whole text first would move the offsets wherever a character changes length.
"""

import enum
import re
import unicodedata
from typing import NamedTuple

from outpost.text.charclasses import IGNORABLE_CHARS, one_of


class TokenKind(enum.StrEnum):
    """Kind of a token; each value is the kind's name in lower case."""

    WORD = "word"
    HASHTAG = "hashtag"
    MENTION = "mention"
    CASHTAG = "cashtag"
    URL = "url"


class Token(NamedTuple):
    """One token: ``text[start:end]`` in the original text, and its normalised form.

    A word split out of a camelCase or digit-joined hashtag has ``from_hashtag`` set
    and the span of the whole hashtag, sign included. Tokens are named tuples
    because a post has dozens of them and tuples are the cheapest to create.
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
# The full-width forms (U+FF0D, U+FF07) join like their ASCII forms, which NFKC
# makes of them: "ＨＳ－２００" is one word.
_JOINERS = "-\u2010\u2011\ufe63\uff0d'\u2019\uff07"
_WORD_PATTERN = (
    f"{_WORD_RUN}(?:(?:{one_of('ignorable', run=True)}|[{_JOINERS}]){_WORD_RUN})*+"
)
_NO_SPACE_CHAR = f"{one_of('no_space')}{one_of('mark', 'ignorable')}*"
# Punctuation that ends a sentence rather than a URL. A closing parenthesis is
# kept when the URL opened one, as in Wikipedia links.
_URL_TRAILING = ".,;:!?'"
# Characters that cannot be part of a URL as this tokenizer reads it.
_URL_END = (
    '\\s<>"\u00ab\u00bb\u2018-\u201f\u2026\u2e80-\u9fff\uac00-\ud7af'
    "\uf900-\ufaff\uff00-\uffef"
)

# The alternatives are tried in this order at each position, and the group number
# gives the kind. The signs of hashtags, mentions and cashtags only count after a
# character that cannot end a word, so e-mail addresses and "US$5" stay words.
# Each look-behind comes after its sign, so most positions fail on the sign alone.
_TOKEN_RE = re.compile(
    # 1: URL, without trailing punctuation. A URL also ends before a quotation
    # mark, an ellipsis, or an East Asian character or full-width form, which
    # follow links without a space in Chinese and Japanese posts.
    rf"((?:[hH][tT][tT][pP][sS]?://|[wW][wW][wW]\.)[^{_URL_END}]*"
    rf"[^{_URL_END}{_URL_TRAILING}\]}}])"
    # 2: hashtag, whose name is not digits only.
    rf"|[#\uff03](?<![\w&][#\uff03])(?=(?:{_DIGIT}|_)*{one_of('letter', 'no_space')})"
    rf"({one_of('word', 'no_space', 'ignorable', extra='_', run=True)})"
    # 3: mention, with the server of a Mastodon handle (@name@host.example).
    rf"|[@\uff20](?<![\w@][@\uff20])({one_of('word', extra='_', run=True)}"
    r"(?:@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]*[A-Za-z0-9])+)?)"
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


# Lower-case Cyrillic and Greek letters drawn like a Latin letter in the fonts
# that social networks use. The list is a subset of the Unicode confusables.
_HOMOGLYPHS = {
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i",
    "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ο": "o", "α": "a", "ι": "i",
    "κ": "k", "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
}  # fmt: skip
_HOMOGLYPH_TABLE = str.maketrans(_HOMOGLYPHS)


def normalize(text: str) -> str:
    """Return the form of ``text`` used for matching: NFKC, then case folding.

    Ignorable characters are dropped, and the combining dot that case folding
    leaves after a Turkish dotted capital I is removed, so "İstanbul" and
    "istanbul" compare equal. In text with Latin letters, Cyrillic and Greek
    look-alikes become Latin ("Аcme" with a Cyrillic А gives "acme"), unless
    the text also has a Cyrillic or Greek letter without a Latin look-alike.
    """
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = folded.translate(_NORM_TABLE).replace("i\u0307", "i")
    if not folded.isascii() and _has_latin_letter(folded):
        return _fold_homoglyphs(folded)
    return folded


def _has_latin_letter(text: str) -> bool:
    return any("a" <= char <= "z" for char in text)


def _fold_homoglyphs(word: str) -> str:
    """Replace the Cyrillic and Greek look-alikes in a word that has Latin letters.

    A word that also has a Cyrillic or Greek letter without a Latin look-alike
    is kept as written, because it is more likely real mixed text than a
    disguised brand name.
    """
    for char in word:
        if char not in _HOMOGLYPHS and _is_cyrillic_or_greek(char):
            return word
    return word.translate(_HOMOGLYPH_TABLE)


def _is_cyrillic_or_greek(char: str) -> bool:
    return "\u0370" <= char <= "\u052f" or "\u1f00" <= char <= "\u1fff"


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens ordered by start offset.

    A hashtag made of several words (``#AcmeSupportFail``, ``#Acme2024``) is
    followed by one ``from_hashtag`` word token per part.
    """
    tokens: list[Token] = []
    append = tokens.append
    # Lower-casing ASCII text keeps every offset, so the normalised form of an
    # ASCII word is a slice of the lower-cased text.
    lower = text.lower() if text.isascii() else None
    word = TokenKind.WORD
    for match in _TOKEN_RE.finditer(text):
        group = match.lastindex or 0
        start, end = match.span()
        if group == _WORD_GROUP and lower is not None:
            append(_new_tuple(Token, (word, lower[start:end], start, end, False)))
            continue
        kind = _KIND_BY_GROUP[group]
        value = match.group(group)
        if kind is TokenKind.URL and value.endswith(")"):
            value = _balance_parentheses(value)
            end = start + len(value)
        norm = normalize(value)
        if not norm:
            continue  # only ignorable characters, such as an emoji's selector
        append(Token(kind, norm, start, end))
        if kind is TokenKind.HASHTAG:
            tokens.extend(_hashtag_parts(value, start, end))
    return tokens


# Creates a Token from a tuple of all its fields, skipping the keyword handling
# of Token(...), which is about half the cost of tokenising a word.
_new_tuple = tuple.__new__
_WORD_GROUP = 5


def _balance_parentheses(url: str) -> str:
    """Drop closing parentheses that the URL did not open, and the punctuation
    before them: "(see https://acme.example/a)." gives the URL without ")"."""
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1].rstrip(_URL_TRAILING)
    return url


def _hashtag_parts(name: str, start: int, end: int) -> list[Token]:
    norms = [normalize(part) for part in _HASHTAG_PART_RE.findall(name)]
    norms = [norm for norm in norms if norm]
    if len(norms) < 2:
        return []
    return [Token(TokenKind.WORD, norm, start, end, True) for norm in norms]
