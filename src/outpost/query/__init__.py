"""Watch-query language: parser, syntax tree, compiler and matching index."""

from outpost.query.compiler import CompiledQuery, compile_query
from outpost.query.document import Document, DocumentIndex, Span
from outpost.query.matcher import QueryMatcher
from outpost.query.parser import format_syntax_error, parse_query
from outpost.query.syntax import (
    And,
    Field,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Term,
    Wildcard,
    format_query,
)

__all__ = [
    "And",
    "CompiledQuery",
    "Document",
    "DocumentIndex",
    "Field",
    "Near",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "Prefix",
    "QueryMatcher",
    "Span",
    "Term",
    "Wildcard",
    "compile_query",
    "format_query",
    "format_syntax_error",
    "parse_query",
]
