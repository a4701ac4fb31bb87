"""Site settings that admins change on /admin/settings: their defaults, meaning and storage.

Values are JSON in the `setting` table; a missing row means the default. Reads are cached for
the request; `update` writes, records each change in the audit log and commits.
"""

from __future__ import annotations

import json
from typing import Any

from flask import current_app, g
from sqlalchemy import select

from . import audit, permissions
from .extensions import db
from .models import Role, Setting, User, utcnow

MODERATION_MODES = {
    "everything": "Review everything before it appears",
    "new_members": "Review new members' first posts and anything flagged",
    "flagged_only": "Publish at once; review flagged and reported posts",
}

DEFAULTS: dict[str, Any] = {
    "moderation_mode": "new_members",
    # Under "new_members": how many of a student's first posts and replies staff review.
    "new_member_posts": 3,
    # Distinct reporters that hide an item until staff review it.
    "report_threshold": 3,
    # Minutes an urgent alert may wait for a safeguarding lead before it escalates.
    "escalation_minutes": 15,
    # Who is contacted next, in order, when nobody acknowledges: the usernames of people who
    # may acknowledge an alert (permissions.can_acknowledge_alert), or email addresses.
    "escalation_list": [],
    # Addresses that also get every urgent alert by email (when SMTP is configured).
    "safeguarding_emails": [],
    # Shown on /support ("You are not alone"). The school should make these its own.
    "support_contacts": [
        {"name": "Any teacher, your form tutor or the pastoral team", "detail": "at school"},
        {"name": "A safeguarding lead", "detail": "ask at the school office"},
        {"name": "Childline (UK, free, 24 hours)", "detail": "0800 1111 · childline.org.uk"},
        {"name": "Samaritans (UK, free, 24 hours)", "detail": "116 123"},
        {"name": "Emergency services, if you or someone else is in danger now", "detail": "999"},
    ],
}


def _cache() -> dict[str, Any]:
    if "settings" not in g:
        stored = {row.key: json.loads(row.value) for row in db.session.scalars(select(Setting))}
        # instance/config.py may change a default with SETTINGS_DEFAULTS = {...}.
        defaults = {**DEFAULTS, **current_app.config.get("SETTINGS_DEFAULTS", {})}
        g.settings = {**defaults, **{k: v for k, v in stored.items() if k in DEFAULTS}}
    return g.settings


def get(key: str) -> Any:
    return _cache()[key]


def update(actor: User, changes: dict[str, Any], reason: str | None = None) -> list[str]:
    """Save the settings that changed; returns their keys."""
    current = _cache()
    changed = [key for key, value in changes.items() if key in DEFAULTS and current[key] != value]
    for key in changed:
        row = db.session.get(Setting, key) or Setting(key=key)
        row.value = json.dumps(changes[key])
        row.updated_at = utcnow()
        db.session.add(row)
        audit.record(actor, "change_setting", f"{key}: {json.dumps(changes[key])[:150]}", reason)
    db.session.commit()
    g.pop("settings", None)
    return changed


class SettingsError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def escalation_contact(entry: str) -> User | None:
    """The account an escalation list entry names: None for an email address, or nobody."""
    if "@" in entry:
        return None
    return db.session.scalar(select(User).where(User.username_key == entry.lower()))


def escalation_problem(entry: str) -> str | None:
    """Why an escalation list entry could not acknowledge an urgent alert, or None. An email
    address is taken on trust: the field asks for a safeguarding lead's."""
    if "@" in entry:
        return None
    user = escalation_contact(entry)
    if user is None or user.role == Role.STUDENT:
        return f"“{entry}” is not a staff username or an email address."
    if not permissions.can_acknowledge_alert(user):
        return (
            f"{user.display_name} (“{entry}”) is not a safeguarding lead, so could not "
            "acknowledge an urgent alert. Choose a safeguarding lead."
        )
    return None


def escalation_warnings() -> list[str]:
    """What is wrong with the saved escalation list now: a list saved before these checks, or
    a lead who has since lost the role. Escalation passes over such a name."""
    return [problem for entry in get("escalation_list") if (problem := escalation_problem(entry))]


def parse_form(data: dict) -> dict[str, Any]:
    """Turn the admin form into setting values, checking what a typo could break."""
    if data["moderation_mode"] not in MODERATION_MODES:
        raise SettingsError("moderation_mode", "Choose a moderation mode.")
    escalation = _lines(data["escalation_list"])
    for entry in escalation:
        problem = escalation_problem(entry)
        if problem:
            raise SettingsError("escalation_list", problem)
    emails = _lines(data["safeguarding_emails"])
    for email in emails:
        if "@" not in email or " " in email:
            raise SettingsError("safeguarding_emails", f"“{email}” is not an email address.")
    contacts = []
    for line in _lines(data["support_contacts"]):
        name, _, detail = (part.strip() for part in line.partition("|"))
        contacts.append({"name": name[:120], "detail": detail[:120]})
    if not contacts:
        raise SettingsError("support_contacts", "Keep at least one support contact.")
    return {
        "moderation_mode": data["moderation_mode"],
        "new_member_posts": int(data["new_member_posts"]),
        "report_threshold": int(data["report_threshold"]),
        "escalation_minutes": int(data["escalation_minutes"]),
        "escalation_list": escalation,
        "safeguarding_emails": emails,
        "support_contacts": contacts,
    }
