"""The audit log: who did what, to whom, when and why. Append-only and tamper-evident.

Each entry stores the hash of the entry before it and its own hash over its fields and that
link, so editing an entry breaks its own hash, deleting one breaks the next entry's link (and
leaves a gap in the ids), and inserting one breaks the link after it. The newest hash is also
kept in the `audit_head` setting, so deleting the last entries shows too. `verify` walks the
chain (`flask --app board audit verify`) and names the first entry that does not fit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from . import csv_export
from .extensions import db
from .models import AuditEntry, Setting, User, utcnow

HEAD = "audit_head"


def entry_hash(entry: AuditEntry) -> str:
    fields = [
        entry.id,
        entry.actor_id,
        entry.actor_name,
        entry.action,
        entry.subject,
        entry.reason,
        entry.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        entry.prev_hash,
    ]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()


def record(actor: User | None, action: str, subject: str, reason: str | None = None) -> AuditEntry:
    """Add an entry in the current transaction; the action that calls this commits.
    `actor` None means the board itself (e.g. reports hiding a post automatically)."""
    # The head row is locked (PostgreSQL) so that concurrent actions chain one after another;
    # SQLite serialises writers anyway.
    head = db.session.get(Setting, HEAD, with_for_update=True)
    if head is None:
        head = Setting(key=HEAD, value=json.dumps({"id": 0, "hash": ""}))
        db.session.add(head)
    previous = json.loads(head.value)
    entry = AuditEntry(
        actor_id=actor.id if actor else None,
        actor_name=actor.username if actor else "board",
        action=action,
        subject=subject[:200],
        reason=(reason or "")[:500] or None,
        created_at=utcnow(),
        prev_hash=previous["hash"],
    )
    db.session.add(entry)
    db.session.flush()
    entry.hash = entry_hash(entry)
    head.value = json.dumps({"id": entry.id, "hash": entry.hash})
    head.updated_at = entry.created_at
    return entry


@dataclass
class Problem:
    entry_id: int
    what: str

    def __str__(self) -> str:
        return f"entry #{self.entry_id}: {self.what}"


def verify() -> Problem | None:
    """The first entry that breaks the chain, or None when the log is intact."""
    previous_hash, previous_id = "", 0
    # Streamed in batches; closed explicitly because we may stop early (a server-side cursor
    # left open on PostgreSQL would otherwise be closed after its transaction ended).
    result = db.session.scalars(
        select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=1000)
    )
    with result:
        for entry in result:
            if entry.id != previous_id + 1:
                return Problem(previous_id + 1, "missing: it was deleted")
            if entry.prev_hash != previous_hash:
                return Problem(
                    entry.id, "does not follow the entry before it: inserted or reordered"
                )
            if entry_hash(entry) != entry.hash:
                return Problem(entry.id, "its contents were changed after it was written")
            previous_hash, previous_id = entry.hash, entry.id
    head = db.session.get(Setting, HEAD)
    expected = json.loads(head.value) if head else {"id": 0, "hash": ""}
    if expected["id"] != previous_id or expected["hash"] != previous_hash:
        return Problem(previous_id + 1, "missing: the newest entries were deleted")
    return None


def entries(action: str | None = None, actor: str | None = None, text: str | None = None):
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc())
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    if actor:
        stmt = stmt.where(AuditEntry.actor_name == actor.lower())
    if text:
        like = f"%{text.lower()}%"
        stmt = stmt.where(AuditEntry.subject.ilike(like) | AuditEntry.reason.ilike(like))
    return stmt


def to_csv(rows: Iterable[AuditEntry]) -> str:
    return csv_export.to_csv(
        ["id", "when", "who", "action", "subject", "why", "prev_hash", "hash"],
        (
            [
                e.id,
                e.created_at.isoformat(),
                e.actor_name,
                e.action,
                e.subject,
                e.reason or "",
                e.prev_hash,
                e.hash,
            ]
            for e in rows
        ),
    )


audit_cli = AppGroup("audit", help="The tamper-evident audit log.")


@audit_cli.command("verify")
def verify_command():
    """Check every entry's hash and link; exit 1 and name the entry if one does not fit."""
    problem = verify()
    if problem is None:
        count = db.session.scalar(select(db.func.count()).select_from(AuditEntry))
        click.echo(f"Audit log intact: {count} entries.")
        return
    click.echo(f"Audit log TAMPERED: {problem}", err=True)
    raise SystemExit(1)


def init_app(app: Flask) -> None:
    app.cli.add_command(audit_cli)
