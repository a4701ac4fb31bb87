"""Personal-information detector: phone numbers, email addresses, street addresses, postcodes.

Works on the original text (digits and punctuation matter here, and the offsets are then exact).
Scores ("we won 3-1"), times, years, dates, page and room numbers are not phone numbers; a
well-known helpline (Childline, Samaritans, Shout, NHS 111, 999) shared to help someone is not
personal information.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Found:
    rule: str
    start: int
    end: int


PHONE_RULE = "Phone number"
EMAIL_RULE = "Email address"
ADDRESS_RULE = "Home address"
POSTCODE_RULE = "Postcode"

# A run of digits with the separators people put in phone numbers. Dates ("12/05"), times
# ("7:30") and decimals are broken up by characters the run does not allow.
_PHONE_RUN = re.compile(r"(?<![\w+£$€])(?:\+|00)?\(?\d(?:[ \t().\-]{0,3}\d){6,17}(?!\w)")
_HELPLINES = frozenset({"08001111", "116123", "08000684141", "85258", "111", "999", "112"})

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_EMAIL_SPELLED = re.compile(
    r"(?<![\w.+-])[\w.+-]+\s*(?:\(at\)|\[at\]|\{at\}|\s+at\s+)\s*"
    r"(?:gmail|googlemail|hotmail|outlook|yahoo|icloud|live|aol|protonmail|proton|btinternet|"
    r"sky|me|mail|msn)\s*(?:\(dot\)|\[dot\]|\{dot\}|\s+dot\s+|\.)\s*"
    r"(?:com|co|org|net|uk|ac|me|io)(?:\s*(?:\(dot\)|\[dot\]|\s+dot\s+|\.)\s*(?:uk|com|org))?\b",
    re.IGNORECASE,
)
_STREET_TYPES = (
    r"road|rd|street|st|avenue|ave|lane|ln|drive|dr|close|way|crescent|cres|court|ct|place|pl|"
    r"grove|gardens|gdns|terrace|hill|square|sq|mews|row|walk|rise|view|green|parade|boulevard|"
    r"estate|cottages|vale|end|gate|park|wharf|circus|fields|meadow|meadows|copse|chase|croft"
)
_ADDRESS = re.compile(
    r"(?:\b(?:flat|apartment|apt|unit|house)\s*(?:no\.?\s*)?\d+[a-z]?,?\s+)?"
    r"\b\d{1,4}[a-z]?,?\s+((?:[a-z][a-z'’-]*\s+){1,3})(?:" + _STREET_TYPES + r")\b\.?",
    re.IGNORECASE,
)
_LIVE_ON = re.compile(
    r"\b(?:i|we|she|he|they)\s+(?:live|lives|living|stay|stays)\s+(?:at|on|in)\s+"
    r"((?:[A-Z][a-z'’-]+\s+){1,3})(?:Road|Street|Avenue|Lane|Drive|Close|Crescent|Court|Grove|"
    r"Gardens|Terrace|Mews|Way)\b"
)
# Words that cannot be part of a street name: "we need 12 people for the road safety project".
_NOT_STREET_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "at",
        "in",
        "on",
        "of",
        "for",
        "to",
        "and",
        "or",
        "with",
        "by",
        "from",
        "about",
        "my",
        "your",
        "our",
        "their",
        "his",
        "her",
        "its",
        "people",
        "goals",
        "points",
        "players",
        "kids",
        "students",
        "pupils",
        "minutes",
        "hours",
        "days",
        "weeks",
        "years",
        "mins",
        "seconds",
        "times",
        "laps",
        "miles",
        "km",
        "metres",
        "meters",
        "more",
        "less",
        "new",
        "old",
        "other",
        "same",
        "first",
        "last",
        "next",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "go",
        "went",
        "have",
        "has",
        "had",
        "do",
        "did",
        "get",
        "got",
        "need",
        "needs",
    ]
)
_POSTCODE = re.compile(
    r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?(\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
_ORDINAL_TAIL = frozenset({"st", "nd", "rd", "th"})


def _phone_digits_ok(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if digits in _HELPLINES:
        return False
    stripped = candidate.lstrip("(")
    if stripped.startswith("+") or stripped.startswith("00"):
        return 9 <= len(digits) <= 15
    if stripped.startswith("0"):
        return len(digits) in (10, 11)
    # No trunk prefix: only the North American 3-3-4 shape.
    return re.fullmatch(r"\(?\d{3}\)?[ .\-]\d{3}[ .\-]\d{4}", candidate) is not None


def _phones(text: str) -> list[Found]:
    found = []
    for match in _PHONE_RUN.finditer(text):
        candidate = match.group()
        start = match.start()
        # The run may have swallowed a number after the phone number: try shorter prefixes.
        pieces = [m.end() for m in re.finditer(r"\d+", candidate)]
        for end in reversed(pieces):
            piece = candidate[:end]
            if _phone_digits_ok(piece):
                found.append(Found(PHONE_RULE, start, start + end))
                break
    return found


def _addresses(text: str) -> list[Found]:
    found = []
    for match in _ADDRESS.finditer(text):
        words = match.group(1).split()
        if any(word.lower().strip("'’") in _NOT_STREET_WORDS for word in words):
            continue
        end = match.end()
        if text[end - 1] == ".":
            end -= 1
        found.append(Found(ADDRESS_RULE, match.start(), end))
    return found


def _postcodes(text: str) -> list[Found]:
    found = []
    for match in _POSTCODE.finditer(text):
        inward = match.group(1)
        if inward[1:].lower() in _ORDINAL_TAIL or inward[1:].lower() in ("am", "pm"):
            continue
        outward = match.group()[: match.start(1) - match.start()].strip()
        if outward.isdigit():
            continue
        found.append(Found(POSTCODE_RULE, match.start(), match.end()))
    return found


def detect(text: str) -> list[Found]:
    if not text.isascii():
        # Full-width digits and letters ("０７７００…") as plain ones, one for one, so offsets hold.
        text = "".join(
            folded if len(folded := unicodedata.normalize("NFKC", ch)) == 1 else ch for ch in text
        )
    found: list[Found] = []
    if any(ch.isdigit() for ch in text):
        found += _phones(text)
        found += _addresses(text)
        found += _postcodes(text)
    if "@" in text or " at " in text.lower() or "(at)" in text.lower() or "[at]" in text.lower():
        for regex in (_EMAIL, _EMAIL_SPELLED):
            found += [Found(EMAIL_RULE, m.start(), m.end()) for m in regex.finditer(text)]
    found += _addresses_without_numbers(text, found)
    found.sort(key=lambda f: (f.start, -f.end))
    kept: list[Found] = []
    for item in found:
        if kept and item.start < kept[-1].end:
            continue
        kept.append(item)
    return kept


def _addresses_without_numbers(text: str, found: list[Found]) -> list[Found]:
    if any(f.rule == ADDRESS_RULE for f in found):
        return []
    return [Found(ADDRESS_RULE, m.start(1), m.end()) for m in _LIVE_ON.finditer(text)]
