"""Teaching the screener: the shipped corpus, its held-out split, retraining a school's own copy
of the model from that corpus plus its staff's decisions, and the figures that say whether a
model is better or worse. Pure Python, like scoring: a school's server needs no scikit-learn.

The shipped model (model_weights.json) is trained offline by bench/train_screening_model.py on
corpus/train_*.tsv, the older school sets and public data (see SOURCES.md). A school's retrain
starts from those weights and nudges them towards its own labelled examples (staff decisions)
while replaying a sample of the corpus, with a pull back towards the shipped weights, so a
handful of decisions corrects the model near them without forgetting the rest.
`corpus/heldout.tsv` was written by a different author and is never used for training or for
choosing thresholds: it is the yardstick a retrained model must not fall below.
"""

from __future__ import annotations

import csv
import math
import random
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import unkind
from .model import CLASSES, Model, features
from .normalise import normalise

CORPUS = Path(__file__).with_name("corpus")
HELDOUT = CORPUS / "heldout.tsv"
# Labels a corpus row may carry. The model learns the first four; personal information and
# other languages are found by their own detectors and only appear in evaluation sets.
LABELS = (*CLASSES, "personal_info", "not_english")


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    subtype: str = ""


def read_examples(path: Path | str) -> list[Example]:
    """A tab-separated file with a header naming at least `label` and `text` (and optionally
    `subtype`). Raises ValueError naming the first bad line."""
    examples = []
    with Path(path).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = {"label", "text"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: the header must name the columns label and text.")
        for line, row in enumerate(reader, start=2):
            label, text = (row.get("label") or "").strip(), row.get("text") or ""
            if label == "crisis":  # older sets name the category without a tier
                label = "urgent"
            if label not in LABELS or not text.strip():
                raise ValueError(f"{path}, line {line}: expected a label in {LABELS} and text.")
            examples.append(Example(text, label, (row.get("subtype") or "").strip()))
    return examples


def shipped_training() -> list[Example]:
    """The corpus rows the model learns from (every corpus/train_*.tsv)."""
    return [
        example
        for path in sorted(CORPUS.glob("train_*.tsv"))
        for example in read_examples(path)
        if example.label in CLASSES
    ]


def shipped_heldout() -> list[Example]:
    return read_examples(HELDOUT)


def feature_names(text: str) -> list[str]:
    norm = normalise(text)
    return list(features(norm, unkind.praise_spans(norm)))


# ---------------------------------------------------------------------------------------------
# Retraining a school's copy


def fine_tune(
    base: Model,
    school: Sequence[tuple[str, str]],
    corpus: Sequence[Example],
    *,
    version: str,
    epochs: int = 3,
    replay: int = 600,
    school_weight: float = 3.0,
    rate: float = 0.1,
    pull: float = 0.02,
    seed: int = 13,
) -> Model:
    """A new model: `base`'s feature weights trained further on the school's (text, label)
    decisions, weighted up, together with `replay` corpus rows drawn at random, by stochastic
    gradient descent on the offline training's loss (softmax cross-entropy) with an L2 pull
    towards `base`'s weights. The biases and thresholds stay as shipped: a few decisions
    should move the model near their own words, not shift every post.

    Only the school's own examples may add features the base model does not know, so the
    model grows by the words of the school's decisions, not by the whole corpus."""
    rng = random.Random(seed)
    rows = [(feature_names(text), CLASSES.index(label), school_weight) for text, label in school]
    new_names = {name for names, _, _ in rows for name in names}
    sample = rng.sample(list(corpus), min(replay, len(corpus)))
    rows += [(feature_names(e.text), CLASSES.index(e.label), 1.0) for e in sample]

    original = base.weights
    weights = {name: list(vector) for name, vector in original.items()}
    zero = [0.0] * len(CLASSES)
    for name in new_names - original.keys():
        weights[name] = list(zero)
    bias = list(base.bias)
    for epoch in range(epochs):
        rng.shuffle(rows)
        step = rate / (1 + epoch)
        for names, target, weight in rows:
            vectors = [(name, weights[name]) for name in names if name in weights]
            if not vectors:
                continue
            scale = 1 / math.sqrt(len(vectors))
            logits = list(bias)
            for _, vector in vectors:
                for k in range(4):
                    logits[k] += vector[k] * scale
            top = max(logits)
            exps = [math.exp(logit - top) for logit in logits]
            total = sum(exps)
            errors = [weight * (exps[k] / total - (k == target)) for k in range(4)]
            for name, vector in vectors:
                anchor = original.get(name, zero)
                for k in range(4):
                    vector[k] -= step * (errors[k] * scale + pull * (vector[k] - anchor[k]))
    tuned = Model(
        {
            "version": version,
            "about": base.about,
            "classes": list(CLASSES),
            "bias": bias,
            "thresholds": dict(base.thresholds),
            "weights": {
                name: vector for name, vector in weights.items() if max(map(abs, vector)) >= 1e-4
            },
        }
    )
    return tuned


# ---------------------------------------------------------------------------------------------
# Figures


def category_of(verdict) -> str:
    """What a verdict means for a post, in the labels of the corpus."""
    if verdict.category == "crisis":
        return verdict.severity or "urgent"
    if verdict.category in ("unkind", "personal_info"):
        return verdict.category
    if verdict.category == "language":
        return "not_english"
    return "clean" if verdict.category in ("clean",) else "flagged"


def figures(examples: Iterable[Example], judge: Callable[[str], str]) -> dict:
    """Recall, precision and false-positive rate per kind, and the confusion between what a
    post is and what the screener made of it. `judge(text)` returns a `category_of` value."""
    confusion: Counter[tuple[str, str]] = Counter()
    totals: Counter[str] = Counter()
    rights: Counter[str] = Counter()
    for example in examples:
        said = judge(example.text)
        confusion[(example.label, said)] += 1
        totals[example.subtype or example.label] += 1
        rights[example.subtype or example.label] += _right(example.label, said)
    truth = Counter(label for label, _ in confusion.elements())

    def count(labels, saids) -> int:
        return sum(n for (label, said), n in confusion.items() if label in labels and said in saids)

    crisis = ("urgent", "concern")
    harmful = (*crisis, "unkind", "personal_info", "not_english", "flagged")
    result = {
        "n": sum(truth.values()),
        "crisis": _rates(
            count(crisis, crisis), sum(truth[c] for c in crisis), count(LABELS, crisis)
        ),
        "urgent": _rates(count(["urgent"], ["urgent"]), truth["urgent"], count(LABELS, ["urgent"])),
        "unkind": _rates(count(["unkind"], ["unkind"]), truth["unkind"], count(LABELS, ["unkind"])),
        "personal_info": _rates(
            count(["personal_info"], ["personal_info"]),
            truth["personal_info"],
            count(LABELS, ["personal_info"]),
        ),
        "clean_flagged": _share(count(["clean"], harmful), truth["clean"]),
        "clean_urgent": count(["clean"], ["urgent"]),
        "clean_crisis": count(["clean"], crisis),
        "confusion": {f"{label}->{said}": n for (label, said), n in sorted(confusion.items())},
        "subtypes": {key: _share(rights[key], totals[key]) for key in sorted(totals)},
    }
    return result


def _right(label: str, said: str) -> bool:
    if label in ("urgent", "concern"):
        return said in ("urgent", "concern")  # reaching a person is what counts
    return label == said


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _rates(hits: int, total: int, said: int) -> dict:
    return {
        "recall": _share(hits, total),
        "precision": _share(hits, said) if said else 1.0,
        "n": total,
    }


def no_worse(new: dict, old: dict) -> bool:
    """Whether figures `new` are at least as good as `old` on everything that matters for a
    child: crisis reaching a person, urgent tier, unkind recall, and clean posts left alone."""
    return (
        new["crisis"]["recall"] >= old["crisis"]["recall"]
        and new["urgent"]["recall"] >= old["urgent"]["recall"]
        and new["unkind"]["recall"] >= old["unkind"]["recall"]
        and new["clean_flagged"] <= old["clean_flagged"]
        and new["clean_urgent"] <= old["clean_urgent"]
    )


def describe(result: dict) -> list[str]:
    """The figures as lines a person reads (CLI, bench)."""
    lines = [f"{result['n']} posts"]
    for kind, title in (
        ("crisis", "crisis reaching a person (urgent or concern)"),
        ("urgent", "urgent tier"),
        ("unkind", "unkind"),
        ("personal_info", "private details"),
    ):
        rates = result[kind]
        if rates["n"]:
            lines.append(
                f"  {title}: recall {rates['recall']:.3f}, precision {rates['precision']:.3f}"
                f" ({rates['n']} posts)"
            )
    lines.append(
        f"  clean posts flagged: {result['clean_flagged']:.3f}; read as urgent: "
        f"{result['clean_urgent']}, as any crisis: {result['clean_crisis']}"
    )
    lines.append("  confusion (what it is -> what the screener said): ")
    lines += [f"    {pair}: {n}" for pair, n in result["confusion"].items()]
    return lines
