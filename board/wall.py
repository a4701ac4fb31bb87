"""The celebration wall: recent shout-outs for a hallway screen or an assembly, and the kiosk
links that open it without logging in."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from . import audit
from .extensions import db
from .models import KioskLink, Post, PostKind, User, utcnow
from .queries import public_posts, with_cards

WALL_SIZE = 30


def recent_shoutouts(limit: int = WALL_SIZE) -> list[Post]:
    stmt = (
        select(Post)
        .where(public_posts(), Post.kind == PostKind.SHOUTOUT)
        .order_by(Post.created_at.desc(), Post.id.desc())
        .limit(limit)
    )
    return db.session.scalars(with_cards(stmt)).unique().all()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_kiosk_link(creator: User, label: str) -> str:
    """Returns the token, shown once; only its hash is kept."""
    token = secrets.token_urlsafe(24)
    label = " ".join(label.split())[:60] or "Hallway screen"
    db.session.add(KioskLink(token_hash=_hash(token), label=label, created_by_id=creator.id))
    audit.record(creator, "create_kiosk_link", label)
    db.session.commit()
    return token


def find_kiosk_link(token: str) -> KioskLink | None:
    link = db.session.scalar(select(KioskLink).where(KioskLink.token_hash == _hash(token)))
    return link if link is not None and link.revoked_at is None else None


def revoke_kiosk_link(actor: User, link: KioskLink) -> None:
    if link.revoked_at is None:
        link.revoked_at = utcnow()
        audit.record(actor, "revoke_kiosk_link", link.label)
        db.session.commit()
