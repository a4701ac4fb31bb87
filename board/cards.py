"""Post cards in lists: what one card shows to one viewer, as a value, and its HTML cached by it.

Every list of posts (the board's views, search, profiles, my page) shows the same card, and
page one of the board shows the same twenty cards to every student. A `Card` holds everything
the card template (macros/card.html) may show, already decided for this viewer: whether the
author's name is shown, whether they may react, which reactions are theirs. The template sees
nothing else, so two equal cards render to the same HTML, and the HTML is kept in a small
per-process cache keyed by the card itself: a post that changes (an edit, a reaction, a renamed
author, a status) makes a different card, never a stale one. A post page's replies are drawn
the same way, each from a `ReplyCard`.

The one part of a card that is not the same for everybody is the CSRF token of its forms (the
reactions; a reply's "This helped" and "Delete"): the cache keeps a slot for it that is filled
on the way out. The slot holds NUL characters, which no stored text can contain
(security.refuse_nul refuses them on the way in).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from flask import current_app, g, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from . import permissions, posting
from .models import Post, ReactionKind, Reply, Status, User

CSRF_SLOT = "\x00csrf\x00"
CACHE_SIZE = 4096  # cards; a few MB a worker


@dataclass(frozen=True, slots=True)
class Person:
    display_name: str
    username: str
    # Shown as a "Staff" badge beside the name: a name alone never says who is a teacher.
    staff: bool

    @classmethod
    def of(cls, user: User | Person | None) -> Person | None:
        if user is None or isinstance(user, Person):  # lists read people as Persons already
            return user
        return cls(user.display_name, user.username, user.is_staff)


class Card(NamedTuple):
    """A tuple, so that building, hashing and comparing one (each card of every list, every
    time) is done in C."""

    id: int
    kind: str
    title: str
    body_html: str
    category: str
    created_at: datetime
    resolved: bool
    answered: bool  # somebody other than the author has replied
    author: Person | None  # None: the author is hidden from this viewer
    anonymous: bool
    recipients: tuple[Person | None, ...]  # None: a former student
    counts: tuple[int, int, int, int]  # in the order of posting.REACTIONS
    reply_count: int
    can_react: bool
    reacted: frozenset[str]
    status: str | None  # shown to the author on their own list: deleted, pending, ...
    next: str | None  # where a reaction returns to

    @property
    def reaction_total(self) -> int:
        return sum(self.counts)


def status_of(post: Post) -> str | None:
    if post.deleted_at is not None:
        return "deleted"
    return None if post.status == Status.PUBLISHED else post.status.value


def card_for(
    viewer: User,
    post: Post,
    reacted: set[ReactionKind] | frozenset = frozenset(),
    next: str | None = None,
    show_status: bool = False,
    uncounted_own: dict[int, int] | None = None,
) -> Card:
    """`uncounted_own`: _uncounted_own_replies(viewer), when a list has it already."""
    sees_author = permissions.can_see_author(viewer, post)
    if uncounted_own is None:
        uncounted_own = _uncounted_own_replies(viewer)
    uncounted = uncounted_own.get(post.id, 0)
    return Card(
        id=post.id,
        kind=post.kind.value,
        title=post.title,
        body_html=post.body_html,
        category=post.category,
        created_at=post.created_at,
        resolved=post.resolved_at is not None,
        answered=post.first_reply_at is not None or uncounted > 0,
        author=Person.of(post.author) if sees_author else None,
        anonymous=post.anonymous,
        recipients=tuple(Person.of(r.user) for r in permissions.named_on(post)),
        counts=(post.support_count, post.celebrate_count, post.me_too_count, post.inspired_count),
        reply_count=post.reply_count + uncounted,
        can_react=permissions.can_react(viewer, post),
        reacted=frozenset(kind.value for kind in reacted),
        status=status_of(post) if show_status else None,
        next=next,
    )


def _uncounted_own_replies(viewer: User | None) -> dict[int, int]:
    """posting.uncounted_own_replies for the viewer, read once a request and only when someone
    restricted them (security.load_user puts who in g.restricted_by): to them, their replies
    count like anyone's."""
    restricted_by = g.get("restricted_by")
    if not restricted_by or viewer is None:
        return {}
    if "uncounted_own_replies" not in g:
        g.uncounted_own_replies = posting.uncounted_own_replies(viewer, restricted_by)
    return g.uncounted_own_replies


class ReplyCard(NamedTuple):
    """A reply on a post's page, decided for one viewer like a Card (macros/card.html's
    reply_card shows it): a thread of seventy replies was seventy rounds of permission
    questions, links and dates in the template on every view."""

    id: int
    author: Person | None  # None: a former student
    asker_hidden: bool  # the anonymous asker replied: "The person who asked"
    by_asker: bool
    created_at: datetime
    helped: bool
    status: str | None  # None: published
    deleted: bool
    restricted: bool  # staff are told the post's author restricted this writer
    body_html: str
    can_mark_helped: bool
    can_delete: bool
    can_report: bool


def reply_card_for(viewer: User, post: Post, reply: Reply, restricted: set[int]) -> ReplyCard:
    by_asker = reply.author_id == post.author_id
    return ReplyCard(
        id=reply.id,
        author=Person.of(reply.author),
        asker_hidden=by_asker and not permissions.can_see_author(viewer, post),
        by_asker=by_asker,
        created_at=reply.created_at,
        helped=reply.helped_at is not None,
        status=None if reply.status == Status.PUBLISHED else reply.status.value,
        deleted=reply.deleted_at is not None,
        restricted=permissions.can_moderate(viewer) and reply.author_id in restricted,
        body_html=reply.body_html,
        can_mark_helped=permissions.can_mark_helped(viewer, post, reply),
        can_delete=permissions.can_delete_reply(viewer, reply),
        can_report=permissions.can_report_reply(viewer, reply),
    )


def _renderer():
    """This app's card renderer: (macro, card, script root) -> the card's HTML, split where the
    CSRF token goes. Cached by its arguments in functools.lru_cache (in C, thread-safe)."""
    render = current_app.extensions.get("board.cards")
    if render is None:
        env = current_app.jinja_env

        @functools.lru_cache(maxsize=CACHE_SIZE)
        def render(macro: str, card: tuple, root: str) -> tuple[str, ...]:
            module = env.get_template("macros/card.html").module
            # The template escaped what it shows; the parts are that HTML, as plain text, in
            # ASCII: any other character as a character reference (&#128155;), which the
            # browser shows the same. Python keeps a string as wide as its widest character,
            # so one emoji made every copy and join of the page four bytes a character (10% of
            # the board's page).
            html = str(getattr(module, macro)(card, CSRF_SLOT))
            html = html.encode("ascii", "xmlcharrefreplace").decode("ascii")
            return tuple(html.split(CSRF_SLOT))

        render = current_app.extensions.setdefault("board.cards", render)
    return render


def render_list(
    posts: list[Post], reacted: dict, next: str | None = None, show_status: bool = False
) -> Markup:
    """The cards of a list, each from the cache when this very card was rendered before."""
    viewer = current_user._get_current_object()
    uncounted = _uncounted_own_replies(viewer)
    cards = [
        card_for(viewer, post, reacted.get(post.id, ()), next, show_status, uncounted)
        for post in posts
    ]
    return _render("post_card", cards)


def render_replies(post: Post, replies: list[Reply], restricted: set[int]) -> Markup:
    """A post page's replies, each from the cache when this very reply card was rendered."""
    viewer = current_user._get_current_object()
    return _render("reply_card", [reply_card_for(viewer, post, r, restricted) for r in replies])


def _render(macro: str, cards: list[tuple]) -> Markup:
    render, root, token = _renderer(), request.script_root, generate_csrf()
    html = "".join([token.join(render(macro, card, root)) for card in cards])
    # The template escaped the parts, and the token is URL-safe characters only.
    return Markup(html)  # noqa: S704
