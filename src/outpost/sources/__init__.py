"""Sources that bring posts in, starting with exported post files."""

from outpost.sources.files import default_source_name, read_posts
from outpost.sources.records import ColumnMap, PostFormat, RawPost, RowProblem

__all__ = [
    "ColumnMap",
    "PostFormat",
    "RawPost",
    "RowProblem",
    "default_source_name",
    "read_posts",
]
