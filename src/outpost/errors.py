"""Exceptions that Outpost raises for a user's mistake or an unreachable resource.

Every message names the bad value and states what to do, in one line. The command line
prints it as ``Error: <message>`` and exits non-zero; nothing below the edges formats
errors for people.
"""


class OutpostError(Exception):
    """Base of every error that is the user's input or environment, not a bug."""


class InputFileError(OutpostError):
    """A file to import or classify is missing, unreadable or in the wrong layout."""


class WorkspaceError(OutpostError):
    """A workspace file is invalid. ``problems`` lists each error with its path."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        count = len(problems)
        noun = "error" if count == 1 else "errors"
        super().__init__(
            f"workspace {source} has {count} {noun}, nothing was loaded: "
            + "; ".join(problems)
        )


class QuerySyntaxError(OutpostError):
    """A watch query cannot be parsed. ``column`` counts from 1."""

    def __init__(self, query: str, column: int, reason: str) -> None:
        self.query = query
        self.column = column
        self.reason = reason
        super().__init__(f"{reason} at column {column}")


class StoreError(OutpostError):
    """The database cannot be reached or is not in a usable state."""


class NotFoundError(OutpostError):
    """A named record (post, watch query, signal) does not exist."""
