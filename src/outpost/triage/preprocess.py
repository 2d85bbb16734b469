"""Text preparation for triage: drop @mentions and URLs, fold case, count words,
and spell out hashtags and emoji as words.

Triage scores what the author wrote, so handles and links, which carry no sentiment
or intent and mislead both VADER and language detection, are removed first.
"""

import html
import re
import unicodedata

# A handle such as @united, or a fediverse handle such as @alice@example.social.
_MENTION = re.compile(r"(?<![\w@])@\w+(?:@[\w.-]+\w)?")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# Placeholders that data sets put in place of every handle; they identify no account.
_ANONYMISED_HANDLES = frozenset({"user", "username", "mention"})
_LETTER_RUN = re.compile(r"[^\W\d_]+")
# Scripts written without spaces between words: Han, kana, Thai, Lao, Myanmar, Khmer.
_UNSPACED_CHAR = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]"
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_HASHTAG = re.compile(r"#(\w+)")
# Boundaries inside a camelCase or digit-joined hashtag: NeverAgain, Fail2Day.
_CAMEL_BOUNDARY = re.compile(
    r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])"
)
# Pictographs, dingbats, symbols and flags; skin-tone modifiers and joiners are
# dropped because their names carry no meaning.
_EMOJI = re.compile("[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]")
_EMOJI_NOISE = re.compile("[\ufe0f\u200d\U0001f3fb-\U0001f3ff]")


def strip_mentions_and_urls(text: str) -> str:
    """Return ``text`` without @mentions and URLs, with HTML entities decoded.

    Runs of whitespace become one space. Case is kept because VADER reads words in
    capitals as emphasis.
    """
    if "&" in text:
        text = html.unescape(text)
    text = _URL.sub(" ", text)
    text = _MENTION.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def handles_and_links(text: str) -> str:
    """Return the @mention handles of ``text`` case-folded, without the ``@``, and
    the word ``url`` once per link, separated by spaces.

    Whom a post addresses is evidence of its kind: complaints and praise go to
    service accounts, and each account draws its own mix of them. The handles
    become feature columns of their own, apart from the words of the post.
    """
    if "@" not in text and "http" not in text and "www" not in text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    links = len(_URL.findall(text))
    text = _URL.sub(" ", text)
    found = [match.group(0)[1:].casefold() for match in _MENTION.finditer(text)]
    found = [handle for handle in found if handle not in _ANONYMISED_HANDLES]
    return " ".join([*found, *["url"] * links])


def fold(text: str) -> str:
    """Return the NFKC, case-folded form of ``text`` with typographic apostrophes
    replaced by ``'``, for matching rules written in lower case."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)


def count_words(text: str) -> int:
    """Count the words in ``text``: runs of letters, where each character of a script
    written without spaces (Chinese, Japanese, Thai and others) counts as one word.
    """
    unspaced = len(_UNSPACED_CHAR.findall(text))
    if unspaced == 0:
        return len(_LETTER_RUN.findall(text))
    spaced = _LETTER_RUN.findall(_UNSPACED_CHAR.sub(" ", text))
    return len(spaced) + unspaced


def _split_hashtag(match: re.Match[str]) -> str:
    return " " + _CAMEL_BOUNDARY.sub(" ", match.group(1)) + " "


def _emoji_name(match: re.Match[str]) -> str:
    name = unicodedata.name(match.group(0), "")
    return f" {name.lower()} " if name else " "


def spell_out(stripped: str) -> str:
    """Return ``stripped`` with each hashtag split into its words (#NeverAgain
    becomes "Never Again") and each emoji replaced by its Unicode name in lower case,
    with spaces around it, so that an emoji glued to a word or repeated in a run
    still reads as separate words."""
    text = _HASHTAG.sub(_split_hashtag, stripped) if "#" in stripped else stripped
    if _EMOJI.search(text):
        text = _EMOJI_NOISE.sub("", text)
        text = _EMOJI.sub(_emoji_name, text)
    return _SPACES.sub(" ", text).strip()
