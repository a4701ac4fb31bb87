"""The only place that judges text.

`screen(text, watched)` returns a Verdict: a category, a severity and human-readable reasons
that point into the original text (for highlighting). The posting seam (posting.py) calls it
for every post, reply, edit and display name and hands the verdict to moderation.py, which
decides the status. The screener explains; it never decides alone about a person.

Detectors, each in its own module:
- model (model.py): the primary detector, a learned classifier (clean / unkind / concern /
  urgent) that hears paraphrase; trained from corpus/ (training.py, SOURCES.md).
- crisis (crisis.py): phrase rules for suicide, self-harm, abuse, a friend at risk; "urgent" or
  "concern". High-precision overrides and the explanation: a rule hit stands whatever the
  model says, and the model can raise a tier but never lower one.
- unkind (unkind.py): phrase rules for slurs, threats, harm-urging, insults, exclusion.
- personal_info (personal_info.py): phone numbers, emails, addresses, handles, codes.
- language (language.py): text mostly not in English is "not screened (language)".
- watched (watched.py): staff-entered words and phrases with an action.
All but personal_info and language read the normalised text (normalise.py), which undoes
disguises.

When several fire: crisis > watched "block" > unkind > personal_info > language > watched
"hold" > watched "flag" > clean. A crisis reading always wins, so a child in crisis is never
nudged. Every reason from every detector that fired is kept, sorted by start.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import crisis, language, personal_info, unkind
from . import watched as watched_words
from .model import CONCERN, URGENT, WEIGHTS_PATH, Model
from .normalise import Normalised, normalise

__all__ = [
    "Reason",
    "Verdict",
    "WatchedRule",
    "highlight_spans",
    "screen",
]

CATEGORIES = ("clean", "crisis", "unkind", "personal_info", "language", "watched")
MODEL_RULE = "Sounds unkind (model)"
MODEL_CRISIS_RULE = "May be at risk (model)"
LANGUAGE_RULE = "Not screened (language)"
# Three words ("here you go", "see you there") are too little for the model to call unkind:
# it over-reads them, and the nudge costs a child more than the rules miss at that length
# (they still catch short insults, slurs and "kys").
MODEL_UNKIND_MIN_WORDS = 4
DENIAL_BAR = 0.85
DENIAL_MAX_WORDS = 8


@dataclass(frozen=True)
class Reason:
    detector: str  # "crisis" | "unkind" | "personal_info" | "watched" | "model" | "language"
    rule: str  # human-readable: "Telling someone to harm themselves", "Phone number"
    matched: str  # the text as the person typed it
    start: int  # offsets into the original text, end exclusive
    end: int


@dataclass(frozen=True)
class WatchedRule:
    pattern: str  # staff-entered word or phrase; '*' is a wildcard ("loser*")
    action: str  # "block" | "hold" | "flag"


@dataclass(frozen=True)
class Verdict:
    category: str = "clean"  # one of CATEGORIES
    # crisis: "urgent" | "concern"; watched: "block" | "hold" | "flag"; unkind: "high" | "medium"
    severity: str | None = None
    reasons: tuple[Reason, ...] = ()

    @property
    def clean(self) -> bool:
        return self.category == "clean"


MODEL: Model | None = Model.load() if WEIGHTS_PATH.exists() else None
_TIERS = {None: 0, crisis.CONCERN: 1, crisis.URGENT: 2}


def _reason(text: str, norm: Normalised, detector: str, rule: str, start: int, end: int) -> Reason:
    first, last = norm.span(start, end)
    return Reason(detector, rule, text[first:last], first, last)


def screen(
    text: str,
    watched: Sequence[WatchedRule] = (),
    model: Model | None = None,
    learned: bool = True,
) -> Verdict:
    """Judge a piece of user text (a post, reply, edit or display name). `model` is the
    school's own retrained model when it has one, the shipped one otherwise; `learned=False`
    leaves the model out (display names: it learned from posts, not two-word names)."""
    if not text or not text.strip():
        return Verdict()
    model = (model or MODEL) if learned else None
    norm = normalise(text)
    reasons: list[Reason] = []
    foreign = language.mostly_not_english(text)

    crisis_severity, crisis_hits = crisis.detect(norm)
    reasons += [
        _reason(text, norm, "crisis", hit.rule.label, hit.start, hit.end) for hit in crisis_hits
    ]

    praise = unkind.praise_spans(norm)
    unkind_severity, unkind_hits = unkind.detect(norm, praise)
    reasons += [
        _reason(text, norm, "unkind", hit.rule.label, hit.start, hit.end) for hit in unkind_hits
    ]
    model_only_unkind = False
    if model is not None and norm.text and not foreign:
        # The rules are the high-precision overrides; the model hears what they cannot list.
        score = model.score(norm, praise)
        rule = None
        reads_crisis = score.reading in (crisis.URGENT, crisis.CONCERN)
        # "I haven't been feeling suicidal": a denial stands unless the model is sure.
        if reads_crisis and not _denial_stands(norm, score):
            if _TIERS[score.reading] > _TIERS[crisis_severity]:
                crisis_severity = score.reading
            rule = MODEL_CRISIS_RULE
        elif score.reading == "unkind" and _words(norm) >= MODEL_UNKIND_MIN_WORDS:
            model_only_unkind = not unkind_severity
            unkind_severity = unkind_severity or unkind.MEDIUM
            rule = MODEL_RULE
        if rule:
            spans = score.spans or ((0, len(norm.text)),)  # no one word stood out: the whole
            reasons += [_reason(text, norm, "model", rule, start, end) for start, end in spans]

    found = personal_info.detect(text)
    reasons += [
        Reason("personal_info", f.rule, text[f.start : f.end], f.start, f.end) for f in found
    ]

    actions = set()
    for pattern, action, start, end in watched_words.detect(norm, watched):
        actions.add(action)
        reasons.append(_reason(text, norm, "watched", f"Watched word: {pattern}", start, end))

    reasons.sort(key=lambda r: (r.start, r.end, r.detector))
    # A crisis reading always wins: a child in crisis is never nudged to rethink.
    if crisis_severity:
        return Verdict("crisis", crisis_severity, tuple(reasons))
    if "block" in actions:
        return Verdict("watched", "block", tuple(reasons))
    # Private details are the concrete reason to rethink a post that shares them: the model's
    # unease about "her number is ..." is mostly the details themselves.
    if unkind_severity and not (found and model_only_unkind):
        return Verdict("unkind", unkind_severity, tuple(reasons))
    if found:
        return Verdict("personal_info", None, tuple(reasons))
    if foreign:
        reasons.append(Reason("language", LANGUAGE_RULE, text, 0, len(text)))
        return Verdict("language", None, tuple(reasons))
    for action in ("hold", "flag"):
        if action in actions:
            return Verdict("watched", action, tuple(reasons))
    return Verdict("clean", None, tuple(reasons))


def _denial_stands(norm: Normalised, score) -> bool:
    """A short post that names a crisis phrase only to deny it ("I haven't been feeling
    suicidal") is read as a crisis only when the model is sure (P(concern) + P(urgent) >=
    DENIAL_BAR). A longer one has room to disclose something else beside the denial ("I'm
    not going to kill myself, I've given my stuff away"): the model's reading stands."""
    if _words(norm) > DENIAL_MAX_WORDS:
        return False
    sure = score.probabilities[CONCERN] + score.probabilities[URGENT] >= DENIAL_BAR
    return not sure and crisis.denies(norm)


def _words(norm: Normalised) -> int:
    return sum(word not in (".", ",", "@") for word in norm.text.split(" "))


def highlight_spans(text: str, verdict: Verdict) -> list[tuple[int, int]]:
    """The [start, end) ranges of `text` to highlight, merged and in order."""
    spans = sorted(
        (reason.start, reason.end)
        for reason in verdict.reasons
        if 0 <= reason.start < reason.end <= len(text)
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
