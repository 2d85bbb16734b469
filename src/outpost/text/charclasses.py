"""Regular-expression character classes built from the Unicode database at import.

The standard ``re`` module has no ``\\p{…}`` classes, and its ``\\w`` leaves out
combining marks, so the classes below are built once from ``unicodedata`` (about
40 ms, measured on the development machine). They follow the Unicode version of
the running Python.
"""

import itertools
import unicodedata
from collections.abc import Iterable

# Highest code point scanned: past the CJK extension blocks of Unicode 15.
_SCAN_LIMIT = 0x32400
# Variation selectors supplement, the only marks above the scanned range.
_HIGH_MARKS = range(0xE0100, 0xE01F0)

# Scripts written without spaces between words: each character is one token.
NO_SPACE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0x2FDF),  # CJK and Kangxi radicals
    (0x3005, 0x3007),  # ideographic iteration and number marks
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3038, 0x303B),
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0x1B000, 0x1B16F),  # Kana supplement and extensions
    (0x20000, 0x323AF),  # CJK extensions B to H
)

# Characters that must not split a word and are dropped from normalised forms:
# soft hyphen, zero-width space, ZWNJ, ZWJ, word joiner, BOM, variation selectors.
IGNORABLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff" + "".join(
    chr(cp) for cp in range(0xFE00, 0xFE10)
)


def _class_body(code_points: Iterable[int]) -> str:
    """Return the inside of a ``[...]`` class matching exactly ``code_points``."""
    ranges: list[list[int]] = []
    for cp in sorted(set(code_points)):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    parts = []
    for low, high in ranges:
        part = f"\\U{low:08x}"
        if high > low:
            part += f"-\\U{high:08x}"
        parts.append(part)
    return "".join(parts)


def _scan() -> dict[str, list[int]]:
    """Sort every scanned code point into the classes below, in one pass."""
    found: dict[str, list[int]] = {
        name: []
        for name in ("word", "no_space", "mark", "letter", "upper", "lower", "digit")
    }
    in_no_space_script = bytearray(0x110000)
    for low, high in NO_SPACE_RANGES:
        in_no_space_script[low : high + 1] = b"\x01" * (high + 1 - low)
    category_of = unicodedata.category
    for cp in itertools.chain(range(_SCAN_LIMIT), _HIGH_MARKS):
        category = category_of(chr(cp))
        group = category[0]
        if group not in "LMN":
            continue
        if group == "M":
            found["mark"].append(cp)
        if group != "N":
            found["letter"].append(cp)
        if group != "M" and in_no_space_script[cp]:
            found["no_space"].append(cp)
            continue
        found["word"].append(cp)
        if category in ("Lu", "Lt"):
            found["upper"].append(cp)
        elif group == "N":
            found["digit"].append(cp)
        else:
            found["lower"].append(cp)
    return found


# Code points by class name. "word" is letters and digits outside the no-space
# scripts plus every mark, and "no_space" is letters and digits of those scripts.
# "mark" is every mark, and "letter" is the letters and marks of every script.
# To split camelCase hashtags, the word characters are also sorted by case:
# "upper" (upper- and title-case letters), "digit" (numbers) and "lower" (the
# rest: lower-case and caseless letters, and marks).
_CLASSES = _scan()
_CLASSES["ignorable"] = [ord(char) for char in IGNORABLE_CHARS]


def one_of(*names: str, extra: str = "", run: bool = False) -> str:
    """Return a pattern matching one character of the named classes or of ``extra``.

    With ``run`` the pattern matches one or more such characters, possessively.
    The class is split at U+FFFF behind a guard, because ``re`` tests the part
    below U+FFFF with one table lookup but the part above it range by range.
    Without the split, finding words in tweets was measured six times slower.
    """
    code_points = [ord(char) for char in extra]
    for name in names:
        code_points += _CLASSES[name]
    low = _class_body(cp for cp in code_points if cp <= 0xFFFF)
    high = _class_body(cp for cp in code_points if cp > 0xFFFF)
    repeat = "++" if run else ""
    if not high:
        return f"[{low}]{repeat}"
    return f"(?:[{low}]{repeat}|(?=[\\U00010000-\\U0010ffff])[{high}]{repeat}){repeat}"
