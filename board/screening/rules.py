"""Machinery shared by the phrase-rule detectors (crisis, unkind): rules written as regular
expressions over normalised text with {MACRO} shorthands, compiled into one pattern per rule
set, plus the negation and hypothetical checks that keep "I would never hurt myself" clean.

Normalised text is lower-case words separated by single spaces, with "." and "," for sentence
and clause breaks and "@" for a mention (see normalise.py), so a rule is a phrase such as
`{I} (?:want|wanna) to die` and a space means "the next word".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .normalise import Normalised, extend_vocabulary


@dataclass(frozen=True)
class Rule:
    label: str  # what a person reads: "Thoughts of suicide", "Telling someone to harm themselves"
    severity: str
    pattern: str
    negatable: bool = True  # "never", "not", "don't" just before it cancel it


@dataclass(frozen=True)
class Hit:
    rule: Rule
    start: int  # offsets in Normalised.text
    end: int


_MACRO = re.compile(r"\{([A-Z_]+)\}")


def expand(pattern: str, macros: Mapping[str, str]) -> str:
    previous = None
    while previous != pattern:
        previous = pattern
        pattern = _MACRO.sub(lambda m: "(?:" + macros[m.group(1)] + ")", pattern)
    return pattern


def words_in(pattern: str) -> set[str]:
    """The literal words a pattern mentions, for the normaliser's vocabulary."""
    return set(re.findall(r"[a-z]{2,}", re.sub(r"\\.", " ", pattern)))


class RuleSet:
    """Many rules as one compiled alternation; the named group that matched names the rule."""

    def __init__(self, rules: Iterable[Rule], macros: Mapping[str, str]):
        self.rules = list(rules)
        parts = []
        vocabulary: set[str] = set()
        for index, rule in enumerate(self.rules):
            body = expand(rule.pattern, macros)
            vocabulary |= words_in(body)
            parts.append(f"(?P<r{index}>{body})")
        extend_vocabulary(vocabulary)
        self.regex = re.compile(r"(?<!\S)(?:" + "|".join(parts) + r")(?!\S)")

    def find(self, norm: Normalised) -> list[Hit]:
        hits = []
        for match in self.regex.finditer(norm.text):
            rule = self.rules[int(match.lastgroup[1:])]
            hits.append(Hit(rule, match.start(), match.end()))
        return hits


NEGATORS = frozenset(
    [
        "not",
        "never",
        "dont",
        "doesnt",
        "didnt",
        "wont",
        "wouldnt",
        "cant",
        "couldnt",
        "shouldnt",
        "isnt",
        "arent",
        "aint",
        "wasnt",
        "werent",
        "havent",
        "hasnt",
        "hadnt",
        "nor",
        "no",
        "hardly",
    ]
)
# Words between a negator and the phrase that mean the negation is about something else:
# "I can't stop hurting myself", "I don't know why I want to die", "he doesn't care if I
# kill myself", "nobody believes that I want to die".
NEGATION_BLOCKERS = frozenset(
    [
        "if",
        "that",
        "whether",
        "stop",
        "stopped",
        "know",
        "why",
        "because",
        "how",
        "when",
        "anymore",
        "help",
        "tell",
        "told",
        "sure",
    ]
)
CLAUSE_BREAKS = frozenset([".", ",", "but", "though", "although", "however", "except", "and"])
HYPOTHETICAL_OPENERS = (
    ("if", "anyone"),
    ("if", "someone"),
    ("if", "anybody"),
    ("if", "you"),
    ("if", "your"),
    ("if", "ever"),
    ("anyone", "who"),
    ("anybody", "who"),
    ("someone", "who"),
    ("people", "who"),
    ("those", "who"),
    ("support", "someone"),
    ("help", "someone"),
)


def _clause_before(text: str, start: int, window: int) -> list[str]:
    before = text[:start].split()[-window:]
    for i in range(len(before) - 1, -1, -1):
        if before[i] in CLAUSE_BREAKS:
            return before[i + 1 :]
    return before


def negated(text: str, start: int, window: int = 6) -> bool:
    """Is the phrase starting at `start` negated within its clause ("I would never ...")?"""
    before = _clause_before(text, start, window)
    for i in range(len(before) - 1, -1, -1):
        word = before[i]
        if word in NEGATION_BLOCKERS:
            return False
        if word in NEGATORS:
            return True
    return False


def hypothetical(text: str, start: int, window: int = 8) -> bool:
    """Is it said about anyone in general ("if anyone feels like hurting themselves")?"""
    before = _clause_before(text, start, window)
    return any(pair in HYPOTHETICAL_OPENERS for pair in zip(before, before[1:], strict=False))


def overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)
