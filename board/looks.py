"""How people and categories look: generated avatars and each category's colour and icon.

An avatar is a person's initials on a colour chosen from their username, so the same person
has the same face on every page and every server (a digest, not Python's salted `hash`). Every
colour of the palette keeps white initials at 4.5:1 or more (tests/test_looks.py measures it).
An anonymous author gets one neutral avatar with no letters at all: initials would say who asked.

A category's look is a colour (a CSS class, `cat-<key>`) and an icon (static/icons/<name>.svg,
drawn by a CSS mask); its text label is always shown beside them, so colour is never the only sign.
"""

from __future__ import annotations

import hashlib
import unicodedata

from markupsafe import Markup

# Background colours for white initials (all >= 4.5:1 against #fff).
PALETTE = (
    "#b0302a",  # red
    "#a1470d",  # burnt orange
    "#2f6a1f",  # green
    "#0f6670",  # teal
    "#1f5fa6",  # blue
    "#5b3fa8",  # violet
    "#9c2b6e",  # magenta
    "#5c5a12",  # olive
)
# Markup.format escapes what it is given: a name's letters never become HTML.
# The letters are drawn by CSS from data-initials, so they are not part of the page's text:
# "For Ben" stays "For Ben" when read, searched or copied, not "For BBen".
INITIALS_AVATAR = Markup(
    '<span class="avatar avatar-c{colour}{extra}" data-initials="{letters}" aria-hidden="true">'
    "</span>"
)
ANONYMOUS_AVATAR = Markup(
    '<span class="avatar avatar-anonymous{extra}" aria-hidden="true">'
    '<span class="avatar-silhouette"></span></span>'
)

# Icon names (static/icons/<name>.svg, CSS class icon-<name>), by category key
# (posting.HELP_CATEGORIES and posting.SHOUTOUT_CATEGORIES; "other" is shared).
CATEGORY_ICONS = {
    "schoolwork": "book",
    "friendships": "people",
    "wellbeing": "leaf",
    "clubs": "puzzle",
    "academic": "star",
    "arts": "music",
    "sports": "trophy",
    "kindness": "heart",
    "community": "home",
    "other": "chat",
}


def colour_index(username: str) -> int:
    """Which palette colour is this person's: the same for "Sam" and "sam"."""
    digest = hashlib.sha256(username.lower().encode("utf-8")).digest()
    return digest[0] % len(PALETTE)


def initials(display_name: str, username: str = "") -> str:
    """ "Amara Okafor" -> "AO", "Ms Patel" -> "MP", "grace" -> "G"; letters and digits only."""
    words = [w for w in display_name.split() if any(c.isalnum() for c in w)]
    if not words:
        words = [username] if username else []
    letters = [next(c for c in w if c.isalnum()) for w in words[:1] + words[1:][-1:]]
    text = "".join(letters).upper()
    # One grapheme per letter keeps accented names ("Élif") tidy inside the circle.
    return unicodedata.normalize("NFC", text)[:2] or "?"


def avatar(person, size: str = "") -> Markup:
    """The avatar of a cards.Person or a models.User (None: a hidden or former author).
    Decorative: the name is always written beside it."""
    extra = f" avatar-{size}" if size else ""
    if person is None:
        return ANONYMOUS_AVATAR.format(extra=extra)
    letters = initials(person.display_name, person.username)
    return INITIALS_AVATAR.format(
        colour=colour_index(person.username), extra=extra, letters=letters
    )


def category_icon(category: str) -> str:
    return CATEGORY_ICONS.get(category, "chat")


def template_globals() -> dict:
    return {"avatar": avatar, "category_icon": category_icon}
