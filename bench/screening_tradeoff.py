"""What the crisis threshold trades: crisis posts reaching a person against kind posts held.

    .venv/bin/python bench/screening_tradeoff.py

Issue 13 asks for crisis recall >= 0.95 and at most 2% of kind posts flagged, together. This
prints, for the shipped model and a range of crisis thresholds, both figures on DEV (the sets
the thresholds were chosen on) and on the held-out and fresh sets pooled. It changes nothing:
the shipped threshold stays as chosen on DEV. The table is the input to a decision (which
trade a school wants), not a way of choosing the threshold on reported data.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screening_data import SCHOOL_SETS, school_set  # noqa: E402

from board.screening import MODEL, screen  # noqa: E402
from board.screening.training import CORPUS, category_of, read_examples  # noqa: E402

HELD_OUT = ["heldout.tsv", "heldout_b.tsv", "fresh.tsv", "fresh_b.tsv", "fresh_c.tsv"]
THRESHOLDS = [0.9, 0.8, None, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]
CRISIS = ("urgent", "concern")


def dev_posts() -> list[tuple[str, str]]:
    posts = []
    for name in SCHOOL_SETS:
        for post in school_set(name):
            label = "urgent" if post.label == "crisis" else post.label
            posts.append((post.text, label))
    return posts


def held_out_posts() -> list[tuple[str, str]]:
    return [
        (example.text, example.label)
        for name in HELD_OUT
        if (CORPUS / name).exists()
        for example in read_examples(CORPUS / name)
    ]


def row(posts: list[tuple[str, str]]) -> tuple[float, float, int]:
    crisis = [text for text, label in posts if label in CRISIS]
    kind = [text for text, label in posts if label == "clean"]
    reached = sum(category_of(screen(text)) in CRISIS for text in crisis)
    flagged = sum(category_of(screen(text)) != "clean" for text in kind)
    urgent = sum(category_of(screen(text)) == "urgent" for text in kind)
    return reached / len(crisis), flagged / len(kind), urgent


def main() -> None:
    shipped = MODEL.thresholds["crisis"]
    dev, held = dev_posts(), held_out_posts()
    print(f"Model {MODEL.version}; shipped crisis threshold {shipped:.2f} (chosen on DEV)\n")
    print(f"DEV: {len(dev)} posts; held-out and fresh sets pooled: {len(held)} posts\n")
    print(
        "| crisis threshold | DEV crisis recall | DEV kind flagged | HELD crisis recall "
        "| HELD kind flagged | HELD kind read urgent |"
    )
    print("|---|---|---|---|---|---|")
    for threshold in THRESHOLDS:
        value = shipped if threshold is None else threshold
        MODEL.thresholds["crisis"] = value
        dev_recall, dev_flagged, _ = row(dev)
        recall, flagged, urgent = row(held)
        mark = " (shipped)" if threshold is None else ""
        print(
            f"| {value:.2f}{mark} | {dev_recall:.2f} | {dev_flagged:.1%} | {recall:.2f} "
            f"| {flagged:.1%} | {urgent} |"
        )
    MODEL.thresholds["crisis"] = shipped


if __name__ == "__main__":
    main()
