"""Times the screener's cheap detectors on 1,000 typical posts (the school sets in tests/data,
repeated): personal_info.detect and language.mostly_not_english, and the whole screen() for
scale. Prints the mean per post of each of several rounds (best and median); never fails.

    .venv/bin/python bench/screening_speed.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from screening_data import SCHOOL_SETS, school_set  # noqa: E402

from board.screening import personal_info, screen  # noqa: E402
from board.screening.language import mostly_not_english  # noqa: E402

POSTS = 1000


def typical_posts() -> list[str]:
    texts = [post.text for name in SCHOOL_SETS for post in school_set(name)]
    return (texts * (POSTS // len(texts) + 1))[:POSTS]


def time_per_post(function, posts: list[str], rounds: int) -> list[float]:
    for text in posts:  # warm: caches, lazily loaded word lists
        function(text)
    means = []
    for _ in range(rounds):
        start = time.perf_counter()
        for text in posts:
            function(text)
        means.append((time.perf_counter() - start) / len(posts) * 1000)
    return means


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    posts = typical_posts()
    print(f"{len(posts)} posts, mean of each of {rounds} rounds, ms a post")
    print(f"{'':34} {'best':>8} {'median':>8}")
    for label, function in (
        ("personal_info.detect", personal_info.detect),
        ("language.mostly_not_english", mostly_not_english),
        ("screen (everything)", screen),
    ):
        means = time_per_post(function, posts, rounds)
        print(f"{label:34} {min(means):8.4f} {statistics.median(means):8.4f}")


if __name__ == "__main__":
    main()
