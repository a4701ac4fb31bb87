"""Text normalisation for screening: one canonical, space-separated form of what someone typed,
with a map from every character of it back to the original text.

What it undoes: Unicode compatibility forms and accents ("ｉｄｉｏｔ", "ìdiot"), a few look-alike
Cyrillic letters, case, zero-width characters, leetspeak and symbol swaps ("1d10t", "l0ser",
"$tupid", "b!tch"), censoring stars ("f*ck"), stretched letters ("stuuupid"), spaced or dotted
letters ("i d i o t", "k.y.s") and chat spellings ("ur", "u", "wanna", "dont"). Ambiguous
swaps are settled against the vocabulary of the detectors (`extend_vocabulary`), so "1" reads
as "i" in "1d10t" and as "l" in "l1fe" only when that gives a word some detector knows.

@mentions become the token "@" (so a username such as @killerqueen never matches anything, yet
rules can still say "someone named") and web addresses and email addresses vanish.
Sentence ends become "." and commas ","; detectors use them to bound negation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

# Same shape as text.MENTION_RE, so what the board links as a mention is what we mask.
MENTION_RE = re.compile(r"(?<![\w@/.])@[A-Za-z0-9._-]{3,30}")
URL_RE = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|(?<![\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|co\.uk|org\.uk|ac\.uk|uk|io|ly|gg|tv|app)"
    r"(?:/\S*)?\b",
    re.IGNORECASE,
)
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MENTION_MARK = "\ue000"  # a private-use character standing for one @mention while tokenising

_TOKEN_RE = re.compile(r"(?:[^\W_]|[@$!|€*'])+|" + MENTION_MARK)
_STRONG_BREAK = frozenset(".?!;:\n")
_WEAK_BREAK = frozenset(',()"')
_SPACED_GAP = frozenset(" .-_*")
_LONGEST_SPACED = 14
_LONGEST_TOKEN = 40  # longer "words" are kept as typed: no word we look for is that long

_APOSTROPHES = {"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "＇": "'"}
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# Cyrillic and Greek letters that look like Latin ones, used to dodge word filters.
_HOMOGLYPHS = str.maketrans(
    "аеорсухіјӏѕԁԛԝɑαοεікмнтв",
    "aeopcyxijlsdqwaaoeikmhtb",
)

# Symbols and digits that stand for letters; several readings where people use both.
_LEET: dict[str, str] = {
    "0": "o",
    "1": "il",
    "!": "il",
    "|": "li",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "9": "g",
    "@": "a",
    "$": "s",
    "€": "e",
}

# Chat spellings and contractions (apostrophes are removed first: "don't" -> "dont").
# "you're", "ur" and "your" all become "your": people write them interchangeably.
SLANG: dict[str, tuple[str, ...]] = {
    "u": ("you",),
    "ya": ("you",),
    "yu": ("you",),
    "yuo": ("you",),
    "ur": ("your",),
    "youre": ("your",),
    "yur": ("your",),
    "yor": ("your",),
    "urself": ("yourself",),
    "urselves": ("yourselves",),
    "yourslf": ("yourself",),
    "r": ("are",),
    "n": ("and",),
    "nd": ("and",),
    "wanna": ("want", "to"),
    "wana": ("want", "to"),
    "wantto": ("want", "to"),
    "gonna": ("going", "to"),
    "gona": ("going", "to"),
    "finna": ("going", "to"),
    "imma": ("im", "going", "to"),
    "ima": ("im", "going", "to"),
    "gotta": ("got", "to"),
    "tryna": ("trying", "to"),
    "lemme": ("let", "me"),
    "dnt": ("dont",),
    "dont": ("dont",),
    "doesnt": ("doesnt",),
    "cant": ("cant",),
    "cannot": ("cant",),
    "wont": ("wont",),
    "aint": ("aint",),
    "nvr": ("never",),
    "neva": ("never",),
    "evr": ("ever",),
    "no1": ("no", "one"),
    "noone": ("no", "one"),
    "nobdy": ("nobody",),
    "every1": ("everyone",),
    "evry1": ("everyone",),
    "some1": ("someone",),
    "sum1": ("someone",),
    "any1": ("anyone",),
    "ne1": ("anyone",),
    "ppl": ("people",),
    "b4": ("before",),
    "h8": ("hate",),
    "h8s": ("hates",),
    "h8r": ("hater",),
    "gr8": ("great",),
    "m8": ("mate",),
    "l8r": ("later",),
    "2day": ("today",),
    "2nite": ("tonight",),
    "tonite": ("tonight",),
    "2moro": ("tomorrow",),
    "2morrow": ("tomorrow",),
    "tmrw": ("tomorrow",),
    "tmr": ("tomorrow",),
    "wud": ("would",),
    "cud": ("could",),
    "shud": ("should",),
    "wudnt": ("wouldnt",),
    "cuz": ("because",),
    "coz": ("because",),
    "cos": ("because",),
    "bc": ("because",),
    "bcuz": ("because",),
    "becuz": ("because",),
    "idk": ("i", "dont", "know"),
    "idc": ("i", "dont", "care"),
    "ik": ("i", "know"),
    "rn": ("right", "now"),
    "myslf": ("myself",),
    "meself": ("myself",),
    "mysef": ("myself",),
    "mself": ("myself",),
    "hisself": ("himself",),
    "luv": ("love",),
    "ded": ("dead",),
    "dyin": ("dying",),
    "killin": ("killing",),
    "cuttin": ("cutting",),
    "goin": ("going",),
    "nothin": ("nothing",),
    "nuthin": ("nothing",),
    "wat": ("what",),
    "wats": ("whats",),
    "thats": ("thats",),
    "ure": ("your",),
}

# Words that are always left alone even when a stretched-letter reading would fit.
_KEEP = frozenset({"too", "good", "see", "been", "need", "feel", "cool", "look", "all", "will"})

VOCABULARY: set[str] = set()
_SQUEEZED: dict[str, str] = {}
_BY_LENGTH: dict[int, list[str]] = {}


def extend_vocabulary(words) -> None:
    """Detectors call this at import with the words their rules use."""
    for word in words:
        if not word.isalpha() or word in VOCABULARY:
            continue
        VOCABULARY.add(word)
        _SQUEEZED.setdefault(_squeeze(word), word)
        _BY_LENGTH.setdefault(len(word), []).append(word)
    canonical_words.cache_clear()


def _squeeze(word: str) -> str:
    """Collapse every run of one letter to a single letter: "stuuupid" -> "stupid"."""
    out = []
    for ch in word:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def _has_long_run(word: str) -> bool:
    return re.search(r"(.)\1\1", word) is not None


def _stretched(word: str) -> str | None:
    """The vocabulary word that `word` is a stretched spelling of, if any."""
    if word in _KEEP:
        return None
    hit = _SQUEEZED.get(_squeeze(word))
    if hit and hit != word and (len(hit) >= 4 or _has_long_run(word)):
        return hit
    return None


def _vocabulary_word(candidate: str) -> str | None:
    if candidate in VOCABULARY:
        return candidate
    return _stretched(candidate)


def _leet_readings(token: str, limit: int = 32) -> list[str]:
    choices = [_LEET.get(ch, ch) if not ch.isalpha() else ch for ch in token]
    readings = []
    for combo in product(*choices):
        readings.append("".join(combo))
        if len(readings) >= limit:
            break
    return readings


def _starred(token: str) -> str | None:
    """'f*ck' -> 'fuck' when exactly one vocabulary word fits the stars."""
    pattern = re.compile(re.escape(token).replace(r"\*", "[a-z]") + r"\Z")
    fits = [word for word in _BY_LENGTH.get(len(token), ()) if pattern.match(word)]
    return fits[0] if len(fits) == 1 else None


@lru_cache(maxsize=8192)
def canonical_words(token: str) -> tuple[str, ...]:
    """One raw token (already case-folded) -> the word or words it stands for."""
    word = token.replace("'", "")
    if not word:
        return ()
    if len(word) > _LONGEST_TOKEN:
        return (word,)
    if word in SLANG:
        return SLANG[word]
    if word.isdigit():
        return (word,)
    if word.isalpha():
        if word in VOCABULARY:
            return (word,)
        return (_stretched(word) or word,)
    # Digits or symbols mixed with letters: try the leetspeak readings against the vocabulary.
    if "*" in word:
        bare = word.replace("*", "")
        hit = (bare.isalpha() and _vocabulary_word(bare)) or _starred(word)
        if hit:
            return (hit,)
    for reading in _leet_readings(word.replace("*", "")):
        if reading in SLANG:
            return SLANG[reading]
        hit = reading.isalpha() and _vocabulary_word(reading)
        if hit:
            return (hit,)
    letters = re.sub(r"[^\w]|_", "", word)
    return (letters,) if letters else ()


@dataclass(frozen=True, slots=True)
class Normalised:
    """The canonical text and, for each of its characters, the original span it came from."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A [start, end) range of `text` -> the [start, end) range of the original it covers."""
        return self.starts[start], self.ends[end - 1]


def _fold_char(ch: str) -> str:
    if ch in _INVISIBLE:
        return ""
    if ch in _APOSTROPHES:
        return "'"
    folded = unicodedata.normalize("NFKD", ch)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return unicodedata.normalize("NFKC", folded).casefold().translate(_HOMOGLYPHS)


@lru_cache(maxsize=4096)
def _fold_cached(ch: str) -> str:
    return _fold_char(ch)


def _masked_spans(text: str) -> list[tuple[int, int, str]]:
    spans = []
    for regex, mark in ((URL_RE, " "), (EMAIL_RE, " "), (MENTION_RE, MENTION_MARK)):
        for match in regex.finditer(text):
            start, end = match.span()
            if not any(s < end and start < e for s, e, _ in spans):
                spans.append((start, end, mark))
    spans.sort()
    return spans


def _fold(text: str) -> tuple[str, list[int], list[int]]:
    """Case-fold and simplify character by character, masking mentions, links and emails.
    Returns the folded string and, per folded character, its original [start, end)."""
    masked = _masked_spans(text) if ("@" in text or "." in text) else []
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for start, end, mark in [*masked, (len(text), len(text), "")]:
        segment = text[position:start]
        if segment.isascii():
            # The common case, done a whole stretch at a time: lower() keeps the length.
            pieces.append(segment.lower().replace("`", "'"))
            starts.extend(range(position, start))
            ends.extend(range(position + 1, start + 1))
        else:
            for offset, ch in enumerate(segment, position):
                folded = _fold_cached(ch)
                pieces.append(folded)
                starts.extend([offset] * len(folded))
                ends.extend([offset + 1] * len(folded))
        if mark:
            pieces.append(mark)
            starts.append(start)
            ends.append(end)
        position = end
    return "".join(pieces), starts, ends


def _join_spaced(tokens, folded: str):
    """Runs of single letters with one separator between ("i d i o t", "k.y.s") become one
    token where a stretch of them spells a vocabulary word."""
    out = []
    i = 0
    while i < len(tokens):
        j = i
        while (
            j + 1 < len(tokens)
            and len(tokens[j][0]) == 1
            and len(tokens[j + 1][0]) == 1
            and tokens[j + 1][1] - tokens[j][2] == 1
            and folded[tokens[j][2]] in _SPACED_GAP
        ):
            j += 1
        if j - i >= 2 and len(tokens[i][0]) == 1:
            run = tokens[i : j + 1]
            letters = [t[0] for t in run]
            k = 0
            while k < len(run):
                joined = None
                # no vocabulary word is longer than this; bounded so long runs stay cheap
                for end in range(min(len(run), k + _LONGEST_SPACED), k + 2, -1):
                    candidate = "".join(letters[k:end])
                    words = canonical_words(candidate)
                    if len(words) == 1 and words[0] in VOCABULARY:
                        joined = (candidate, run[k][1], run[end - 1][2], True)
                        k = end
                        break
                if joined:
                    out.append(joined)
                else:
                    out.append(run[k])
                    k += 1
            i = j + 1
        else:
            out.append(tokens[i])
            i += 1
    return out


def normalise(text: str) -> Normalised:
    folded, fstarts, fends = _fold(text)
    raw = []
    for match in _TOKEN_RE.finditer(folded):
        start, end = match.span()
        token = match.group()
        if token != MENTION_MARK:
            # A trailing "!" is punctuation, not an "i"; stars and quotes at the edges likewise.
            stripped = token.rstrip("!*'|")
            lead = len(stripped) - len(stripped.lstrip("!*'|"))
            end = start + len(stripped)
            start += lead
            token = stripped[lead:]
            if not token:
                continue
        raw.append((token, start, end, False))
    raw = _join_spaced(raw, folded)

    words: list[str] = []
    spans: list[tuple[int, int]] = []
    previous_end = 0
    for token, start, end, _ in raw:
        gap = folded[previous_end:start]
        if words and words[-1] not in ".,":
            if gap == " ":
                pass
            elif not _STRONG_BREAK.isdisjoint(gap):
                words.append(".")
                spans.append((previous_end, start))
            elif not _WEAK_BREAK.isdisjoint(gap):
                words.append(",")
                spans.append((previous_end, start))
        previous_end = end
        if token == MENTION_MARK:
            canon: tuple[str, ...] = ("@",)
        else:
            canon = canonical_words(token)
        for word in canon:
            words.append(word)
            spans.append((start, end))
    _numbers_as_words(words)

    text_out = []
    starts: list[int] = []
    ends: list[int] = []
    for index, (word, (fs, fe)) in enumerate(zip(words, spans, strict=True)):
        if index:
            text_out.append(" ")
            starts.append(ends[-1])
            ends.append(ends[-1])
        text_out.append(word)
        starts.extend([fstarts[fs]] * len(word))
        ends.extend([fends[fe - 1]] * len(word))
    return Normalised(text, "".join(text_out), tuple(starts), tuple(ends))


def _numbers_as_words(words: list[str]) -> None:
    """'i want 2 die', 'nobody cares 4 u': a lone 2 or 4 between words reads as 'to' / 'for'."""
    for i in range(1, len(words) - 1):
        if words[i] in ("2", "4") and words[i - 1].isalpha() and words[i + 1].isalpha():
            words[i] = "to" if words[i] == "2" else "for"
