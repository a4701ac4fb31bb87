"""Writes board/screening/english_words.txt: the words that come up in at least five of the
Davidson et al. (2017) tweets (MIT licence), for the language check (board/screening/language.py).

Only the derived word list is shipped, never the tweets. @mentions, links, hashtags and HTML
entities are dropped first; apostrophes are removed ("don't" -> "dont"), as language.py does.
Words of other languages that turn up in the tweets ("de", "que") are taken out by language.py
itself, which knows its own lists of them, so this script needs nothing from the package.

    .venv/bin/python bench/build_english_words.py
"""

from __future__ import annotations

import re
from collections import Counter

from screening_data import DAVIDSON_CSV, ROOT, davidson

OUT = ROOT / "board" / "screening" / "english_words.txt"
MIN_TWEETS = 5
# Twitter furniture, not words people write.
SKIP = frozenset({"rt", "http", "https", "amp", "www", "com", "co", "gt", "lt", "quot"})
_NOISE = re.compile(r"@\w+|https?://\S+|www\.\S+|&#?\w+;|#\w+")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")


def tweet_words(text: str) -> set[str]:
    text = _NOISE.sub(" ", text.lower().replace("’", "'"))
    return {word.replace("'", "") for word in _WORD.findall(text)}


def main() -> None:
    train, heldout = davidson()
    seen: Counter[str] = Counter()
    for post in train + heldout:
        seen.update(tweet_words(post.text))
    words = sorted(w for w, n in seen.items() if n >= MIN_TWEETS and w not in SKIP)
    lines = [
        "# Words found in at least five of the Davidson et al. (2017) tweets",
        "# (github.com/t-davidson/hate-speech-and-offensive-language, MIT licence).",
        "# Written by bench/build_english_words.py; read by language.py. One line per letter.",
    ]
    for letter in sorted({w[0] for w in words}):
        lines.append(" ".join(w for w in words if w[0] == letter))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(words)} words from {DAVIDSON_CSV.name} -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
