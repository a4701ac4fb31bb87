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

from .models import Post, PostKind, RecipientState, Reply, Role, Status, User


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
        "wall.kiosk",  # a revocable link; the page it shows links nowhere
    }
)
# Whole blueprints that belong to an area above "members".
BLUEPRINT_AREAS = {
    "mod": Area.STAFF,
    "insights": Area.STAFF,
    "admin": Area.ADMIN,
    "wall": Area.STAFF,
}


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


def can_delete_account(actor: User | None, target: User) -> bool:
    return can_administer(actor) and target.role == Role.STUDENT


# ---------------------------------------------------------------------------------------------
# Posts. `post.recipients` must be loaded for the rules that look at them.


def _is(user: User | None, user_id: int | None) -> bool:
    return user is not None and user_id is not None and user.id == user_id


def is_public(post: Post) -> bool:
    """Shown to every member: published, not deleted, no recipient is still to give their OK,
    and a shout-out has someone left in it (those who said "I'd rather not be in this" are off
    it). queries.public_posts says the same in SQL."""
    states = {r.state for r in post.recipients}
    return (
        post.status == Status.PUBLISHED
        and post.deleted_at is None
        and RecipientState.WAITING not in states
        and (not states or RecipientState.APPROVED in states)
    )


def named_on(post: Post) -> list:
    """The recipients a shout-out shows: not those who asked to be taken off it."""
    return [r for r in post.recipients if r.state != RecipientState.HIDDEN]


def is_waiting_for(user: User | None, post: Post) -> bool:
    """A shout-out about `user` that waits for their OK."""
    return any(_is(user, r.user_id) and r.state == RecipientState.WAITING for r in post.recipients)


def can_view_post(user: User | None, post: Post) -> bool:
    if can_moderate(user):
        return True  # staff keep the record of everything, deleted posts included
    if post.deleted_at is not None:
        return False
    if _is(user, post.author_id):
        return True  # their own, in any state, with the staff's reason when not published
    if post.status != Status.PUBLISHED:
        return False
    return is_public(post) or is_waiting_for(user, post)


def can_see_title(user: User | None, post: Post) -> bool:
    """A post's title in someone's notifications or data export: its writer's own, and anyone's
    who may read the post itself. Asked when they look, so that a shout-out staff hold or hide
    keeps its title from the people it names, and from whoever helped with a hidden request."""
    return _is(user, post.author_id) or can_view_post(user, post)


def can_see_author(user: User | None, post: Post) -> bool:
    """Anonymous help requests hide their author from everyone but the author and staff."""
    return not post.anonymous or can_moderate(user) or _is(user, post.author_id)


def can_print_certificate(user: User | None, post: Post) -> bool:
    """A shout-out's printable certificate: for whoever may see the shout-out, once it is on the
    board for everyone (not while it waits for a recipient's OK or for staff)."""
    return post.kind == PostKind.SHOUTOUT and is_public(post) and can_view_post(user, post)


def can_edit_post(user: User | None, post: Post) -> bool:
    return (
        _is(user, post.author_id)
        and post.deleted_at is None
        and post.status not in (Status.REJECTED, Status.REMOVED)
    )


def can_delete_post(user: User | None, post: Post) -> bool:
    return _is(user, post.author_id) and post.deleted_at is None


def can_react(user: User | None, post: Post) -> bool:
    return clearance(user) >= Area.MEMBERS and is_public(post) and not _is(user, post.author_id)


def can_reply(user: User | None, post: Post) -> bool:
    """Closed conversations take no more replies, except from staff."""
    return (
        clearance(user) >= Area.MEMBERS
        and is_public(post)
        and (post.closed_at is None or can_moderate(user))
    )


def can_resolve(user: User | None, post: Post) -> bool:
    return post.kind == PostKind.HELP and _is(user, post.author_id) and is_public(post)


def can_mark_helped(user: User | None, post: Post, reply: Reply) -> bool:
    return (
        can_resolve(user, post)
        and reply.post_id == post.id
        and reply.author_id != post.author_id
        and reply.helped_at is None
        and reply.status == Status.PUBLISHED
        and reply.deleted_at is None
    )


def can_delete_reply(user: User | None, reply: Reply) -> bool:
    return _is(user, reply.author_id) and reply.deleted_at is None


def reply_visible(user: User | None, reply: Reply, restricted_by_post_author: set[int]) -> bool:
    """Published replies are for everyone, except replies from someone the post's author has
    restricted: those are shown only to their writer and to staff (and the writer isn't told)."""
    if can_moderate(user):
        return True
    if reply.deleted_at is not None:
        return False
    if _is(user, reply.author_id):
        return reply.status in (Status.PUBLISHED, Status.PENDING, Status.HIDDEN)
    return reply.status == Status.PUBLISHED and reply.author_id not in restricted_by_post_author


def can_answer_shoutout(user: User | None, post: Post) -> bool:
    """Recipients decide about shout-outs about them: approve one waiting, or hide it."""
    return any(_is(user, r.user_id) and r.state != RecipientState.HIDDEN for r in post.recipients)


def can_be_celebrated(user: User) -> bool:
    return user.role == Role.STUDENT


def limits_shoutouts(user: User) -> bool:
    """Students give at most a few shout-outs a day; staff are not limited."""
    return user.role == Role.STUDENT


def can_restrict(user: User | None, other: User) -> bool:
    return (
        clearance(user) >= Area.MEMBERS and not _is(user, other.id) and other.role == Role.STUDENT
    )


def can_report(user: User | None, post: Post) -> bool:
    """Anyone who can see a post may report it, except its author."""
    return clearance(user) >= Area.MEMBERS and not _is(user, post.author_id) and is_public(post)


def can_report_reply(user: User | None, reply: Reply) -> bool:
    return (
        clearance(user) >= Area.MEMBERS
        and not _is(user, reply.author_id)
        and reply.status == Status.PUBLISHED
        and reply.deleted_at is None
    )


def can_decide(actor: User | None, item: Post | Reply) -> bool:
    """Approve, reject, hide or restore a post or reply from the queues. Like accounts: staff
    decide about students' items, admins about staff's too, and nobody about their own."""
    if actor is None or _is(actor, item.author_id):
        return False
    if item.author.role == Role.STUDENT:
        return can_moderate(actor)
    return can_administer(actor)


def can_acknowledge_alert(user: User | None) -> bool:
    """Urgent safeguarding alerts wait for a safeguarding lead."""
    return can_moderate(user) and bool(user.is_safeguarding_lead)


def can_review_pastoral(user: User | None) -> bool:
    """The pastoral review queue (concerns: what a student wrote about how they feel) is for
    the safeguarding leads and the staff an admin gave pastoral duty, not all staff."""
    return can_moderate(user) and bool(user.is_safeguarding_lead or user.has_pastoral_duty)


def can_assign_pastoral_duty(actor: User | None, member: User) -> bool:
    return can_administer(actor) and member.role != Role.STUDENT


def template_globals() -> dict:
    return {
        "can_moderate": can_moderate,
        "can_administer": can_administer,
        "can_manage_account": can_manage_account,
        "can_invite_staff": can_invite_staff,
        "can_manage_join_codes": can_manage_join_codes,
        "can_delete_account": can_delete_account,
        "can_view_post": can_view_post,
        "can_see_title": can_see_title,
        "can_see_author": can_see_author,
        "can_edit_post": can_edit_post,
        "can_print_certificate": can_print_certificate,
        "can_delete_post": can_delete_post,
        "can_react": can_react,
        "can_reply": can_reply,
        "can_resolve": can_resolve,
        "can_mark_helped": can_mark_helped,
        "can_delete_reply": can_delete_reply,
        "can_answer_shoutout": can_answer_shoutout,
        "can_restrict": can_restrict,
        "is_waiting_for": is_waiting_for,
        "can_decide": can_decide,
        "named_on": named_on,
        "can_acknowledge_alert": can_acknowledge_alert,
        "can_review_pastoral": can_review_pastoral,
        "can_assign_pastoral_duty": can_assign_pastoral_duty,
        "can_report": can_report,
        "can_report_reply": can_report_reply,
    }
