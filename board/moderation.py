"""Moderation decisions: what status new and edited content gets, given the screener's verdict.

The moderation mode (review everything / review new members and flagged / publish at once) is
applied here, at the posting seam, so views never decide.
"""

from __future__ import annotations

from .models import Status, User
from .screening import Verdict


def initial_status(author: User, verdict: Verdict) -> Status:
    """Publish clean content at once; anything the screener flags waits for staff."""
    return Status.PUBLISHED if verdict.clean else Status.PENDING
