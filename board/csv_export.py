"""CSV files the board hands out (the audit log). The one place that writes them, so that no cell
reaches a spreadsheet as a formula.

Staff-written text goes into these files (a suspension reason, a watched word), and a cell that
starts with "=", "+", "-" or "@" (or a tab or line break before one) is run as a formula when the
file is opened in Excel or LibreOffice: =HYPERLINK(...) can send the log's contents elsewhere.
Such cells get a leading single quote, which spreadsheets show as text (OWASP, CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def cell(value: object) -> object:
    """A value as a CSV cell that no spreadsheet reads as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([cell(value) for value in row] for row in rows)
    return out.getvalue()
