"""Split CSV text into records, each with the line number where it starts."""

import csv
import io
import re
from collections.abc import Iterable, Iterator

from outpost.sources.records import RowProblem

CsvRecord = tuple[int, list[str]]

_BARE_CR = re.compile(r"\r(?!\n)")

# Stand-ins for a bare carriage return while the csv module parses a line. These are
# Unicode noncharacters, which exported text should not contain, and the first one
# absent from the text is used.
_CR_STAND_INS = ("\uffff", "\ufffe", "\U0010ffff", "\U0010fffe")


def iter_csv_records(text: str) -> Iterator[CsvRecord | RowProblem]:
    """Yield each non-blank record with its first line, or a RowProblem.

    Records end only at ``\\n`` (after an optional ``\\r``), so a bare ``\\r`` inside
    an unquoted text stays in the text. The csv module alone would end the record
    there or reject the line. Records whose fields are all blank are skipped. A
    record that the csv module rejects, such as one with a quote that is never
    closed, becomes a RowProblem, and reading resumes at the next line.
    """
    lines: Iterable[str] = io.StringIO(text, newline="\n")
    stand_in = _choose_cr_stand_in(text)
    if stand_in is not None:
        lines = _hide_bare_cr(lines, stand_in)

    # Strict mode reports a quote that is never closed instead of reading the rest of
    # the file into one field.
    reader = csv.reader(lines, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield RowProblem(start, f"invalid CSV: {error}")
            continue

        if stand_in is not None:
            fields = [field.replace(stand_in, "\r") for field in fields]
        if any(field.strip() for field in fields):
            yield start, fields


def _choose_cr_stand_in(text: str) -> str | None:
    if "\r" not in text or _BARE_CR.search(text) is None:
        return None
    for stand_in in _CR_STAND_INS:
        if stand_in not in text:
            return stand_in
    # NOTE: when the text contains every stand-in, bare carriage returns reach the
    # csv module unchanged, and it rejects the records that contain them.
    return None


def _hide_bare_cr(lines: Iterable[str], stand_in: str) -> Iterator[str]:
    for line in lines:
        if line.endswith("\r\n"):
            yield line[:-2].replace("\r", stand_in) + "\r\n"
        else:
            yield line.replace("\r", stand_in)
