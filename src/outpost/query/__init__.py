"""Watch-query language: parser, syntax tree, compiler and matching index."""

from outpost.query.compiler import CompiledQuery, compile_query
from outpost.query.document import Document, DocumentIndex, Span
from outpost.query.matcher import QueryMatcher
from outpost.query.parser import format_syntax_error, parse_query
from outpost.query.syntax import (
    And,
    Field,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Term,
    format_query,
)

__all__ = [
    "And",
    "CompiledQuery",
    "Document",
    "DocumentIndex",
    "Field",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "Prefix",
    "QueryMatcher",
    "Span",
    "Term",
    "compile_query",
    "format_query",
    "format_syntax_error",
    "parse_query",
]
