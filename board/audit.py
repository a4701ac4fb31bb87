"""The audit log: who did what, to whom, when and why. Append-only: entries are only ever added."""

from __future__ import annotations

from .extensions import db
from .models import AuditEntry, User


def record(actor: User, action: str, subject: str, reason: str | None = None) -> None:
    """Add an entry in the current transaction; the action that calls this commits."""
    db.session.add(
        AuditEntry(
            actor_id=actor.id,
            actor_name=actor.username,
            action=action,
            subject=subject[:200],
            reason=(reason or "")[:500] or None,
        )
    )
