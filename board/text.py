"""The only place that turns user text into HTML.

Plain text in, safe HTML out: every character is escaped, then paragraphs (blank lines) and line
breaks are kept, URLs become links with rel="nofollow ugc noopener noreferrer", and @username
becomes a link to that profile when the account exists. bleach does the linkifying and, as a last
line of defence, cleans the result against a short allowlist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import bleach
from bleach.linkifier import TLDS, Linker
from markupsafe import Markup, escape

MENTION_RE = re.compile(r"(?<![\w@/.])@([A-Za-z0-9._-]{3,30})")
LINK_REL = "nofollow ugc noopener noreferrer"
ALLOWED_TAGS = frozenset({"p", "br", "a"})
ALLOWED_ATTRIBUTES = {"a": ["href", "rel", "class"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})


def mentioned_usernames(text: str) -> set[str]:
    """Usernames written as @name in the text, lower-cased (usernames ignore case)."""
    return {match.group(1).rstrip(".").lower() for match in MENTION_RE.finditer(text)}


def _link_attributes(attrs, new=False):
    href = attrs.get((None, "href"), "")
    if href.startswith("/u/"):
        attrs[(None, "class")] = "mention"
        attrs.pop((None, "rel"), None)
        return attrs
    if not href.lower().startswith(("http://", "https://")):
        return None  # linkify only web addresses; anything else stays text
    attrs[(None, "rel")] = LINK_REL
    return attrs


# Text is escaped before it is linkified, so a typed " ' < > arrives as &#34; &#39; &lt; &gt;;
# bleach's own pattern would take those into the link, this one ends the URL there.
URL_RE = re.compile(
    r"""\(*
    \b(?<![@.])(?:(?:https?):/{0,3}(?:(?:\w+:)?\w+@)?)?
    ([\w-]+\.)+(?:%s)(?:\:[0-9]+)?(?!\.\w)\b
    (?:[/?](?:(?!&(?:lt|gt|\#34|\#39);)[^\s\{\}\|\\\^`<>"])*)?
    """  # noqa: UP031 - bleach builds its own pattern the same way
    % "|".join(sorted(TLDS)),
    re.IGNORECASE | re.VERBOSE | re.UNICODE,
)
_linker = Linker(url_re=URL_RE, callbacks=[_link_attributes], skip_tags={"a"}, parse_email=False)


def _mention_links(escaped: str, usernames: set[str]) -> str:
    def replace(match: re.Match) -> str:
        name = match.group(1).rstrip(".")
        if name.lower() not in usernames:
            return match.group(0)
        tail = match.group(1)[len(name) :]
        return f'<a href="/u/{name.lower()}">@{name}</a>{tail}'

    return MENTION_RE.sub(replace, escaped)


def render(text: str, known_usernames: Iterable[str] = ()) -> Markup:
    """User text to safe HTML. `known_usernames` (lower case) are the @mentions to link."""
    usernames = {name.lower() for name in known_usernames}
    paragraphs = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()) if p.strip()]
    html = []
    for paragraph in paragraphs:
        escaped = str(escape(paragraph.strip()))
        escaped = _mention_links(escaped, usernames)
        html.append("<p>" + escaped.replace("\n", "<br>\n") + "</p>")
    linked = _linker.linkify("\n".join(html))
    clean = bleach.clean(
        linked,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
    )
    return Markup(clean)  # noqa: S704 - escaped above, then cleaned against the allowlist


def unlinked(html: str) -> Markup:
    """Rendered text with its links turned back into plain words: for the kiosk wall, which
    must link nowhere (a hallway screen has no one to follow a link, and no way back)."""
    return Markup(bleach.clean(str(html), tags={"p", "br"}, attributes={}, strip=True))  # noqa: S704


def plain(text: str) -> str:
    """Collapse whitespace in one-line text such as titles and display names."""
    return " ".join(text.split())


def highlight(value: str, spans: list[tuple[int, int]]) -> Markup:
    """Plain text with <mark> around the given character ranges, everything escaped."""
    html, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        html.append(str(escape(value[last:start])))
        html.append(f"<mark>{escape(value[start:end])}</mark>")
        last = end
    html.append(str(escape(value[last:])))
    return Markup("".join(html).replace("\n", "<br>\n"))  # noqa: S704 - every piece escaped


def plural(count: int, one: str, many: str) -> str:
    """ "1 request", "3 requests"."""
    return f"{count} {one if count == 1 else many}"


# A phone number in a support contact: digits with spaces between, such as "0800 1111" or "999".
PHONE_RE = re.compile(r"\+?\d[\d ]*\d")


def phone_links(detail: str, name: str) -> Markup:
    """A support contact's detail with each phone number a tap-to-call link, named for a screen
    reader as "Call Childline on 0800 1111" (the visible number is part of the name)."""
    who = re.split(r"[,(]", name)[0].strip()  # "Childline (UK, free, 24 hours)": "Childline"
    parts, start = [], 0
    for match in PHONE_RE.finditer(detail):
        number = match.group()
        if sum(c.isdigit() for c in number) < 3:
            continue
        dial = re.sub(r"[^\d+]", "", number)
        parts += [
            escape(detail[start : match.start()]),
            Markup('<a href="tel:{}" aria-label="Call {} on {}">{}</a>').format(
                dial, who, number, number
            ),
        ]
        start = match.end()
    parts.append(escape(detail[start:]))
    return Markup("").join(parts)
