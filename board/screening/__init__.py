"""The only place that judges text.

`screen(text)` returns a Verdict: a category and human-readable reasons. The posting seam
(posting.py) calls it for every post, reply and edit and hands the verdict to moderation.py,
which decides the status. Detectors for unkind, crisis and personal information plug in here.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reason:
    rule: str
    matched: str


@dataclass(frozen=True)
class Verdict:
    category: str = "clean"
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def clean(self) -> bool:
        return self.category == "clean"


def screen(text: str) -> Verdict:
    """Judge a piece of user text. No detectors are installed yet, so everything is clean."""
    return Verdict()
