"""Text normalisation and tokenisation shared by query matching and triage."""

from outpost.text.markup import html_to_text
from outpost.text.sources import (
    Facet,
    FacetError,
    find_retweet,
    map_facet_offsets,
    retweet_text,
)
from outpost.text.tokens import Token, TokenKind, normalize, tokenize

__all__ = [
    "Facet",
    "FacetError",
    "Token",
    "TokenKind",
    "find_retweet",
    "html_to_text",
    "map_facet_offsets",
    "normalize",
    "retweet_text",
    "tokenize",
]
