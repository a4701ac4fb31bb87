"""The learned part of the screener: a multinomial logistic regression over word, word-pair and
character n-grams of the normalised text, scored here in pure Python.

It reads four classes: clean, unkind, concern and urgent (the two crisis tiers). The rules in
crisis.py and unkind.py stay as high-precision overrides and as the explanation people read;
this model is what hears paraphrase ("I've sorted out who gets my things") that no phrase list
can enumerate.

The weights (model_weights.json, beside this file) are trained offline by
bench/train_screening_model.py with scikit-learn on the corpus in corpus/ and public data, and a
school can retrain its own copy from that corpus plus its staff's decisions without
scikit-learn (training.py). `features` is the one definition of the feature set: training and
scoring both call it, so they cannot drift apart.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import reader as second_reader
from .normalise import Normalised
from .rules import CLAUSE_BREAKS, NEGATION_BLOCKERS, NEGATORS

WEIGHTS_PATH = Path(__file__).with_name("model_weights.json")
WORD_CLASSES_PATH = Path(__file__).with_name("word_classes.tsv")
CHAR_NGRAMS = (3, 4, 5)
BREAKS = frozenset({".", ","})
# Words too common to show a person as "what sounded unkind", even when the model leaned on them.
_NOT_SHOWN = frozenset(
    [
        "a",
        "an",
        "the",
        "such",
        "what",
        "and",
        "or",
        "but",
        "so",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        "im",
        "i",
        "me",
        "my",
        "you",
        "your",
        "he",
        "she",
        "they",
        "hes",
        "shes",
        "theyre",
        "his",
        "her",
        "their",
        "it",
        "its",
        "this",
        "that",
        "just",
        "like",
        "really",
        "very",
        "lol",
        "again",
        "too",
        "@",
        ".",
        ",",
        "do",
        "dont",
        "did",
        "not",
        "no",
    ]
)


def _tokens(norm: Normalised, skip) -> list[tuple[str, int, int]]:
    tokens = []
    position = 0
    for word in norm.text.split(" "):
        start, end = position, position + len(word)
        position = end + 1
        if skip and any(s < end and start < e for s, e in skip):
            tokens.append((".", start, end))  # praise idioms say nothing about unkindness
        else:
            tokens.append((word, start, end))
    return tokens


@lru_cache(maxsize=16384)
def _char_grams(word: str) -> tuple[str, ...]:
    padded = "<" + word[:24] + ">"
    return tuple(
        dict.fromkeys(
            "c " + padded[k : k + n] for n in CHAR_NGRAMS for k in range(len(padded) - n + 1)
        )
    )


NEGATION_REACH = 4  # words after "not", "never", "haven't" ... that it can reach


def negated_words(words: list[str]) -> list[str]:
    """The words with those in a negated stretch marked "~": "i havent been feeling suicidal"
    -> i havent ~been ~feeling ~suicidal. The stretch ends at a clause break or a word that
    starts something new ("he doesnt care if i kill myself": "if" ends it), the same rules
    the phrase detectors use, so the model can learn "~suicidal" apart from "suicidal"."""
    marked = []
    reach = 0
    for word in words:
        if word in NEGATORS:
            reach = NEGATION_REACH
            marked.append(word)
        elif word in CLAUSE_BREAKS or word in NEGATION_BLOCKERS:
            reach = 0
            marked.append(word)
        elif reach:
            reach -= 1
            marked.append("~" + word)
        else:
            marked.append(word)
    return marked


@lru_cache(maxsize=1)
def word_classes() -> dict[str, str]:
    """word -> its semantic class, from word_classes.tsv (built by
    bench/screening_word_classes.py): words that mean alike ("tablets", "meds", "medication")
    share a class, so a word the training posts never used still counts as its neighbours do."""
    table = {}
    with WORD_CLASSES_PATH.open(encoding="utf-8") as handle:
        for line in handle:
            if line[0] != "#":
                word, _, group = line.rstrip("\n").partition("\t")
                table[word] = group
    return table


def _features(tokens: list[tuple[str, int, int]]) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    words = negated_words([token[0] for token in tokens])
    classes = word_classes()
    last = len(words) - 1
    for i, word in enumerate(words):
        if word in BREAKS:
            continue
        found.setdefault("w " + word, (i, i))
        if i < last and words[i + 1] not in BREAKS:
            found.setdefault("b " + word + " " + words[i + 1], (i, i + 1))
        negated = word[:1] == "~"
        group = classes.get(word[1:] if negated else word)
        if group is not None:
            found.setdefault("k " + ("~" if negated else "") + group, (i, i))
        # A negated word keeps only its word features: its spelling would say what it denies.
        if len(word) > 1 and word != "@" and word[0] != "~":
            where = (i, i)
            for gram in _char_grams(word):
                found.setdefault(gram, where)
    return found


def features(norm: Normalised, skip=()) -> dict[str, tuple[int, int]]:
    """Each distinct feature of the text -> the token range [first, last] it came from."""
    return _features(_tokens(norm, list(skip)))


CLASSES = ("clean", "unkind", "concern", "urgent")
CLEAN, UNKIND, CONCERN, URGENT = range(4)
# The second reader (reader.py) reads a post when the linear model gives it at least this
# chance of being unkind or a crisis, and then has this share of the blended probabilities.
# Chosen on posts by writers the training had not seen (bench/README.md, Screening).
READER_GATE = 0.1
READER_SHARE = 0.5


def blend(text: str, linear: list[float]) -> list[float]:
    """The linear model's probabilities, blended with the second reader's when the post is
    not plainly harmless (and the reader's files are there)."""
    if max(linear[CONCERN] + linear[URGENT], linear[UNKIND]) < READER_GATE:
        return linear
    reader = second_reader.shipped()
    if reader is None:
        return linear
    second = reader.probabilities(text)
    return [READER_SHARE * s + (1 - READER_SHARE) * f for s, f in zip(second, linear, strict=True)]


@dataclass(frozen=True)
class Score:
    probabilities: tuple[float, ...]  # one per class, in CLASSES order
    reading: str  # "clean" | "unkind" | "concern" | "urgent", after the thresholds
    spans: tuple[tuple[int, int], ...]  # normalised-text ranges that pushed the reading most


class Model:
    """Weights per feature (one per class), biases, and the thresholds that turn probabilities
    into a reading: crisis when P(concern) + P(urgent) reaches `crisis` (urgent when P(urgent)
    alone reaches `urgent`, concern otherwise); else unkind when P(unkind) reaches `unkind`."""

    def __init__(self, data: dict):
        assert tuple(data["classes"]) == CLASSES, data["classes"]
        self.version: str = data["version"]
        self.about: str = data.get("about", "")
        self.bias: list[float] = data["bias"]
        self.thresholds: dict[str, float] = data["thresholds"]
        self.weights: dict[str, list[float]] = data["weights"]
        self.figures: dict = data.get("figures", {})

    @classmethod
    def load(cls, path: Path = WEIGHTS_PATH) -> Model:
        with path.open(encoding="utf-8") as handle:
            return cls(json.load(handle))

    @classmethod
    def from_json(cls, text: str) -> Model:
        return cls(json.loads(text))

    def to_json(self) -> str:
        data = {
            "version": self.version,
            "about": self.about,
            "classes": list(CLASSES),
            "bias": [round(b, 5) for b in self.bias],
            "thresholds": self.thresholds,
            "figures": self.figures,
            "weights": {
                name: [round(w, 4) for w in weights]
                for name, weights in sorted(self.weights.items())
            },
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"

    def probabilities(self, found) -> tuple[list[float], list]:
        """Class probabilities for a feature dict from `features`, and the active features
        with their weights (for the explanation)."""
        weights = self.weights
        active = [(weights[name], where) for name, where in found.items() if name in weights]
        logits = list(self.bias)
        if active:
            scale = 1 / math.sqrt(len(active))
            for vector, _ in active:
                for k in range(4):
                    logits[k] += vector[k] * scale
        top = max(logits)
        exps = [math.exp(max(-60.0, logit - top)) for logit in logits]
        total = sum(exps)
        return [e / total for e in exps], active

    def read(self, probabilities) -> str:
        crisis = probabilities[CONCERN] + probabilities[URGENT]
        if crisis >= self.thresholds["crisis"]:
            # Only a confident urgent reading pages a lead; the rest goes to pastoral review.
            return "urgent" if probabilities[URGENT] >= self.thresholds["urgent"] else "concern"
        if probabilities[UNKIND] >= self.thresholds["unkind"]:
            return "unkind"
        return "clean"

    def score(self, norm: Normalised, skip=()) -> Score:
        """The class probabilities, the reading and, unless it is clean, the words that
        pushed it most (as normalised-text ranges)."""
        tokens = _tokens(norm, list(skip))
        linear, active = self.probabilities(_features(tokens))
        probabilities = blend(norm.text, linear)
        reading = self.read(probabilities)
        if reading == "clean":
            return Score(tuple(probabilities), reading, ())
        pushed = (CONCERN, URGENT) if reading in ("concern", "urgent") else (UNKIND,)
        contributions = [
            (max(vector[k] for k in pushed) - vector[CLEAN], where) for vector, where in active
        ]
        return Score(tuple(probabilities), reading, _explain(tokens, contributions))


def _explain(tokens, active) -> tuple[tuple[int, int], ...]:
    """The (up to three) words whose features added most to the reading."""
    per_token: dict[int, float] = {}
    for weight, (first, last) in active:
        if weight <= 0:
            continue
        share = weight / (last - first + 1)
        for i in range(first, last + 1):
            per_token[i] = per_token.get(i, 0.0) + share
    per_token = {i: v for i, v in per_token.items() if tokens[i][0] not in _NOT_SHOWN}
    if not per_token:
        return ()
    top = max(per_token.values())
    chosen = sorted(i for i, value in per_token.items() if value >= 0.5 * top)[:3]
    return tuple((tokens[i][1], tokens[i][2]) for i in chosen)
