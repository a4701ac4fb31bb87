"""Staff watched words: words or phrases that staff enter, each with an action (block, hold,
flag). A '*' is a wildcard ("loser*" also finds "losers"). Matching is on normalised text, so
"L0SER", "looooser" and "l o s e r" are found by "loser", and a username or a link is never.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .normalise import Normalised, canonical_words

ACTIONS = ("block", "hold", "flag")


def _letters(word: str) -> str:
    """A word as a regex that also takes stretched letters: "bruh" finds "bruuuh"."""
    out = []
    for ch in word:
        if out and out[-1] == re.escape(ch) + "+":
            continue
        out.append(re.escape(ch) + "+")
    return "".join(out)


def _word_regex(piece: str) -> str:
    if "*" not in piece:
        return " ".join(_letters(word) for word in canonical_words(piece))
    parts = piece.split("*")
    return r"\S*".join(_letters("".join(canonical_words(part))) if part else "" for part in parts)


def pattern_regex(pattern: str) -> re.Pattern[str] | None:
    """The compiled form of one staff pattern, or None if it has no letters or digits."""
    folded = pattern.casefold().replace("’", "'")
    pieces = re.findall(r"[^\W_]+(?:[*'][^\W_]*)*|\*[^\W_]+(?:\*[^\W_]*)*|\*", folded)
    pieces = [p for p in pieces if p.strip("*")]
    if not pieces:
        return None
    body = " ".join(_word_regex(piece) for piece in pieces)
    return re.compile(r"(?<!\S)" + body + r"(?!\S)")


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[tuple[str, str], ...]):
    compiled = []
    for pattern, action in patterns:
        regex = pattern_regex(pattern)
        if regex is not None:
            compiled.append((regex, pattern, action))
    return compiled


def detect(norm: Normalised, rules) -> list[tuple[str, str, int, int]]:
    """(pattern, action, start, end) for every watched rule that matches, in normalised offsets."""
    if not rules:
        return []
    key = tuple((rule.pattern, rule.action) for rule in rules)
    found = []
    for regex, pattern, action in _compiled(key):
        for match in regex.finditer(norm.text):
            found.append((pattern, action, match.start(), match.end()))
    return found
