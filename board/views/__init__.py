"""Blueprints: thin views that parse a form, call one action or query, then redirect or render."""

from flask import request

from ..models import row_id

# Deeper than any list a person pages through; also keeps OFFSET within what databases take.
MAX_PAGE = 10_000


def page_number() -> int:
    """?page= of an offset-paged list, from 1 to MAX_PAGE whatever the link says."""
    return min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)


def id_arg(name: str) -> int | None:
    """An id from the query string, or None unless a row could have it (models.row_id)."""
    try:
        return row_id(request.args.get(name) or "")
    except ValueError:
        return None
