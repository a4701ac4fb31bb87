"""The second reader: a small transformer that reads a whole post, for the posts the linear
model (model.py) is not sure are harmless.

A bag of words hears "pills" and "goodbye", but not "I've sorted out who gets my things" or
"they'll cry for a bit then move on" written in words it was never taught. The reader is
all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0; six layers, 22M weights) fine-tuned on
the corpus to the same four classes (clean / unkind / concern / urgent) by
bench/train_screening_reader.py, exported to ONNX and quantised to 8-bit integers
(reader.onnx, about 23 MB, beside this file, with its tokenizer in reader_tokenizer.json).

It runs on the CPU through onnxruntime, one thread, loaded on first use, and only for posts
the linear model gives some chance of harm (`model.blend` decides): most kind posts never
reach it and cost well under a millisecond; one that does costs a few more. Nothing is
fetched from anywhere; without the two files the screener runs on the linear model alone.
"""

from __future__ import annotations

import math
import threading
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent
READER_PATH = HERE / "reader.onnx"
TOKENIZER_PATH = HERE / "reader_tokenizer.json"
MAX_TOKENS = 128  # a post's first ~90 words; the rest is read by the linear model


class Reader:
    def __init__(self, model_path: Path = READER_PATH, tokenizer_path: Path = TOKENIZER_PATH):
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        # One thread: a school's small server runs several workers side by side.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(
            str(model_path), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)

    def probabilities(self, text: str) -> list[float]:
        """P(clean), P(unkind), P(concern), P(urgent) for a (normalised) text."""
        encoding = self.tokenizer.encode(text)
        inputs = {"input_ids": [encoding.ids], "attention_mask": [encoding.attention_mask]}
        (logits,) = self.session.run(None, inputs)
        row = [float(v) for v in logits[0]]
        top = max(row)
        exps = [math.exp(v - top) for v in row]
        total = sum(exps)
        return [e / total for e in exps]


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _load() -> Reader | None:
    if not (READER_PATH.exists() and TOKENIZER_PATH.exists()):
        return None
    return Reader()


def shipped() -> Reader | None:
    """The shipped reader (loaded once per process, on first use), or None without its files."""
    with _lock:
        return _load()
