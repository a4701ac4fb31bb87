"""The statistical "sounds unkind" signal: a logistic regression over word, word-pair and
character n-grams of the normalised text, scored here in pure Python.

The weights (model_weights.json, beside this file) are trained offline by
bench/train_screening_model.py with scikit-learn, on the Davidson et al. (2017) tweets plus our
own school-style posts, and pruned to the strongest features. Nothing is fetched at run time
and scikit-learn is not needed here. `features` is the one definition of the feature set: the
training script calls it too, so training and scoring cannot drift apart.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .normalise import Normalised

WEIGHTS_PATH = Path(__file__).with_name("model_weights.json")
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


def _features(tokens: list[tuple[str, int, int]]) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    last = len(tokens) - 1
    for i, (word, _, _) in enumerate(tokens):
        if word in BREAKS:
            continue
        found.setdefault("w " + word, (i, i))
        if i < last and tokens[i + 1][0] not in BREAKS:
            found.setdefault("b " + word + " " + tokens[i + 1][0], (i, i + 1))
        if len(word) > 1 and word != "@":
            where = (i, i)
            for gram in _char_grams(word):
                found.setdefault(gram, where)
    return found


def features(norm: Normalised, skip=()) -> dict[str, tuple[int, int]]:
    """Each distinct feature of the text -> the token range [first, last] it came from."""
    return _features(_tokens(norm, list(skip)))


def analyse(norm: Normalised, skip=()) -> list[str]:
    """The feature names alone (scikit-learn's `analyzer` at training time)."""
    return list(features(norm, skip))


@dataclass(frozen=True)
class Score:
    probability: float
    spans: tuple[tuple[int, int], ...]  # normalised-text ranges that pushed the score up most


class Model:
    def __init__(self, data: dict):
        self.bias: float = data["bias"]
        self.threshold: float = data["threshold"]
        self.weights: dict[str, float] = data["weights"]

    @classmethod
    def load(cls, path: Path = WEIGHTS_PATH) -> Model:
        with path.open(encoding="utf-8") as handle:
            return cls(json.load(handle))

    def score(self, norm: Normalised, skip: list[tuple[int, int]] = ()) -> Score:
        """The probability that the text is unkind and, when it reaches the threshold, the
        words that pushed it up most (as normalised-text ranges)."""
        weights = self.weights
        tokens = _tokens(norm, list(skip))
        active = [
            (weights[name], where) for name, where in _features(tokens).items() if name in weights
        ]
        logit = self.bias
        if active:
            logit += sum(weight for weight, _ in active) / math.sqrt(len(active))
        probability = 1 / (1 + math.exp(-max(-30.0, min(30.0, logit))))
        if probability < self.threshold:
            return Score(probability, ())
        return Score(probability, _explain(tokens, active))

    def flags(self, score: Score) -> bool:
        return score.probability >= self.threshold


def _explain(tokens, active) -> tuple[tuple[int, int], ...]:
    """The (up to three) words whose features added most to the score."""
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
