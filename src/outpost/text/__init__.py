"""Text normalisation and tokenisation shared by query matching and triage."""

from outpost.text.tokens import Token, TokenKind, normalize, tokenize

__all__ = ["Token", "TokenKind", "normalize", "tokenize"]
