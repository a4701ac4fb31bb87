"""Post cards in lists: what one card shows to one viewer, as a value, and its HTML cached by it.

Every list of posts (the board's views, search, profiles, my page) shows the same card, and
page one of the board shows the same twenty cards to every student. A `Card` holds everything
the card template (macros/card.html) may show, already decided for this viewer: whether the
author's name is shown, whether they may react, which reactions are theirs. The template sees
nothing else, so two equal cards render to the same HTML, and the HTML is kept in a small
per-process cache keyed by the card itself: a post that changes (an edit, a reaction, a renamed
author, a status) makes a different card, never a stale one.

The one part of a card that is not the same for everybody is the CSRF token of the reaction
form: the cache keeps a slot for it that is filled on the way out. The slot holds NUL
characters, which no stored text can contain (security.refuse_nul refuses them on the way in).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from flask import current_app, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from . import permissions
from .models import Post, ReactionKind, Status, User

CSRF_SLOT = "\x00csrf\x00"
CACHE_SIZE = 4096  # cards; a few MB a worker


@dataclass(frozen=True, slots=True)
class Person:
    display_name: str
    username: str

    @classmethod
    def of(cls, user: User | Person | None) -> Person | None:
        if user is None or isinstance(user, Person):  # lists read people as Persons already
            return user
        return cls(user.display_name, user.username)


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
) -> Card:
    sees_author = permissions.can_see_author(viewer, post)
    return Card(
        id=post.id,
        kind=post.kind.value,
        title=post.title,
        body_html=post.body_html,
        category=post.category,
        created_at=post.created_at,
        resolved=post.resolved_at is not None,
        answered=post.first_reply_at is not None,
        author=Person.of(post.author) if sees_author else None,
        anonymous=post.anonymous,
        recipients=tuple(Person.of(r.user) for r in post.recipients),
        counts=(post.support_count, post.celebrate_count, post.me_too_count, post.inspired_count),
        reply_count=post.reply_count,
        can_react=permissions.can_react(viewer, post),
        reacted=frozenset(kind.value for kind in reacted),
        status=status_of(post) if show_status else None,
        next=next,
    )


class _LRU:
    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            if len(self.items) > self.size:
                self.items.popitem(last=False)


def _cache() -> _LRU:
    cache = current_app.extensions.get("board.cards")
    if cache is None:
        cache = current_app.extensions.setdefault("board.cards", _LRU(CACHE_SIZE))
    return cache


def render_list(
    posts: list[Post], reacted: dict, next: str | None = None, show_status: bool = False
) -> Markup:
    """The cards of a list, each from the cache when this very card was rendered before."""
    viewer = current_user._get_current_object()
    cache, root, token = _cache(), request.script_root, generate_csrf()
    module = None
    html = []
    for post in posts:
        card = card_for(viewer, post, reacted.get(post.id, ()), next, show_status)
        key = (card, root)
        one = cache.get(key)
        if one is None:
            if module is None:
                module = current_app.jinja_env.get_template("macros/card.html").module
            one = module.post_card(card, CSRF_SLOT)  # Markup: the template escaped what it shows
            cache.put(key, one)
        # Markup.replace escapes the token (URL-safe characters only, so it stays as it is).
        html.append(one.replace(CSRF_SLOT, token) if card.can_react else one)
    return Markup("").join(html)
