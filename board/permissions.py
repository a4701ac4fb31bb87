"""The one place that says who may do what.

Views, blueprint guards, templates (as Jinja globals) and tests all ask these functions; nothing
else compares roles. Two layers:

* Areas: every endpoint belongs to one area (public, members, staff, admin). The app-wide guard
  keeps logged-out people to the public area; the /mod and /admin blueprints guard their whole
  area in one before_request.
* Rules: small functions about an actor and a target (may this staff member suspend that user?).
"""

from __future__ import annotations

import enum

from .models import Role, User


class Area(enum.IntEnum):
    PUBLIC = 0
    MEMBERS = 1
    STAFF = 2
    ADMIN = 3


PUBLIC_ENDPOINTS = frozenset(
    {
        "static",
        "auth.login",
        "auth.join",
        "auth.accept_invite",
        "main.support",
        "main.healthz",
    }
)
# Whole blueprints that belong to an area above "members".
BLUEPRINT_AREAS = {"mod": Area.STAFF, "admin": Area.ADMIN}


def area_of(endpoint: str | None) -> Area:
    if endpoint is None or endpoint in PUBLIC_ENDPOINTS:
        return Area.PUBLIC
    blueprint = endpoint.rpartition(".")[0]
    return BLUEPRINT_AREAS.get(blueprint, Area.MEMBERS)


def clearance(user: User | None) -> Area:
    """The highest area a user may enter. Anonymous users (or None) reach only the public area."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Area.PUBLIC
    if user.role == Role.ADMIN:
        return Area.ADMIN
    if user.role == Role.STAFF:
        return Area.STAFF
    return Area.MEMBERS


def may_enter(user: User | None, endpoint: str | None) -> bool:
    return clearance(user) >= area_of(endpoint)


def can_moderate(user: User | None) -> bool:
    return clearance(user) >= Area.STAFF


def can_administer(user: User | None) -> bool:
    return clearance(user) >= Area.ADMIN


def can_manage_account(actor: User | None, target: User) -> bool:
    """Reset a password, suspend or reinstate: staff look after students, admins after staff.

    Nobody manages their own account from the staff tools (no self-suspension, no lock-out).
    """
    if actor is None or actor.id == target.id:
        return False
    if target.role == Role.STUDENT:
        return can_moderate(actor)
    return can_administer(actor)


def can_invite_staff(user: User | None) -> bool:
    return can_administer(user)


def can_manage_join_codes(user: User | None) -> bool:
    return can_moderate(user)


def template_globals() -> dict:
    return {
        "can_moderate": can_moderate,
        "can_administer": can_administer,
        "can_manage_account": can_manage_account,
        "can_invite_staff": can_invite_staff,
        "can_manage_join_codes": can_manage_join_codes,
    }
