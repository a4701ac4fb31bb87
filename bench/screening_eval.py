"""How well and how fast the screener judges, on data no training or tuning has seen.

    .venv/bin/python bench/screening_eval.py [-v]

Sets (see board/screening/SOURCES.md and corpus/TAXONOMY.md):
- HELD-OUT: board/screening/corpus/heldout.tsv, written by an author who never saw the training
  data or the rules, before the model was trained; never used for training or thresholds.
- FRESH: board/screening/corpus/fresh.tsv, written after the first model was frozen.
- HELD-OUT-B: board/screening/corpus/heldout_b.tsv, written by another author who saw only
  TAXONOMY.md, before the second reader was trained, and kept sealed (outside the repository,
  unread) until reader and model were frozen.
- FRESH-B: board/screening/corpus/fresh_b.tsv, written after the second reader was frozen.
- FRESH-C: board/screening/corpus/fresh_c.tsv, written after the reader was retrained and
  frozen again (605c18d).
- Davidson et al. (2017) held-out 30% (tweets; hate speech or offensive = unkind).
- OLID / OffensEval 2019 test set A (860 tweets), read from $OLID_DIR (default
  ../data/olid beside the repository: testset-levela.tsv and labels-levela.csv). No OLID text
  is used in training; it is fetched only to evaluate.
- DEV: the older school sets in tests/data (the thresholds were chosen on them: not a figure).
For each: recall / precision per kind, the false-positive rate on clean posts, and the
confusion between crisis (urgent, concern), unkind, personal info and clean. Then latency per
post on one core and the import time of board.screening.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screening_data import SCHOOL_SETS, davidson, school_set  # noqa: E402

from board.screening import MODEL, WatchedRule, screen  # noqa: E402
from board.screening.training import (  # noqa: E402
    CORPUS,
    Example,
    category_of,
    describe,
    figures,
    read_examples,
)

OLID_DIR = Path(os.environ.get("OLID_DIR", ROOT.parent / "data" / "olid"))
FRESH = CORPUS / "fresh.tsv"
HELDOUT_B = CORPUS / "heldout_b.tsv"
FRESH_B = CORPUS / "fresh_b.tsv"
FRESH_C = CORPUS / "fresh_c.tsv"


def metrics(truth: list[bool], flagged: list[bool]) -> dict[str, float | int]:
    tp = sum(t and f for t, f in zip(truth, flagged, strict=True))
    fp = sum(f and not t for t, f in zip(truth, flagged, strict=True))
    fn = sum(t and not f for t, f in zip(truth, flagged, strict=True))
    tn = len(truth) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    fpr = fp / (fp + tn) if fp + tn else 0.0
    return {"n": len(truth), "pos": tp + fn, "P": precision, "R": recall, "F1": f1, "FPR": fpr}


_IMPORT_PROBE = """
import re, sys, time
import board  # Flask, SQLAlchemy and the rest of the app: not ours to time here
for name in [m for m in sys.modules if m.startswith("board.screening")]:
    del sys.modules[name]
re.purge()
wall, cpu = time.perf_counter(), time.process_time()
import board.screening
print(time.perf_counter() - wall, time.process_time() - cpu)
"""


def import_time() -> tuple[float, float, float]:
    """Importing board.screening afresh in a new interpreter, best of five: (wall seconds,
    CPU seconds), and the wall seconds of a cold `import board.screening` that also loads
    the board package and Flask around it."""
    walls, cpus, colds = [], [], []
    for _ in range(5):
        probe = subprocess.run(
            [sys.executable, "-c", _IMPORT_PROBE],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        wall, cpu = map(float, probe.stdout.split())
        walls.append(wall)
        cpus.append(cpu)
        cold = subprocess.run(
            [
                sys.executable,
                "-c",
                "import time; t = time.perf_counter(); import board.screening; "
                "print(time.perf_counter() - t)",
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        colds.append(float(cold.stdout))
    return min(walls), min(cpus), min(colds)


# Posts as long as the board allows (4,000 characters) built to make pattern matching slow:
# repeated intensifiers, spaced letters, digit runs, leetspeak, dotted words.
ADVERSARIAL = {
    "repeated intensifiers": "you " + "so such a really " * 300,
    "spaced letters": "a b c d e f g h i j k l m n o p " * 130,
    "digit runs": "0 7 7 0 0 9 " * 700,
    "leetspeak run": "1!1!|1!" * 600,
    "dotted words": "a." * 2000,
    "mentions": "@abc " * 800,
    "one long word": "a" * 4000,
}


def worst_case_ms() -> tuple[str, float]:
    worst = ("", 0.0)
    for name, text in ADVERSARIAL.items():
        started = time.process_time()
        screen(text[:4000], [WatchedRule("lo*ser*", "flag")])
        spent = (time.process_time() - started) * 1000
        worst = max(worst, (name, spent), key=lambda item: item[1])
    return worst


def olid() -> list[Example] | None:
    texts, labels = OLID_DIR / "testset-levela.tsv", OLID_DIR / "labels-levela.csv"
    if not (texts.exists() and labels.exists()):
        return None
    with labels.open(encoding="utf-8", newline="") as handle:
        gold = {row[0]: row[1] for row in csv.reader(handle) if len(row) == 2}
    with texts.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [Example(r["tweet"], "unkind" if gold[r["id"]] == "OFF" else "clean") for r in rows]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


def main() -> None:
    timings: list[float] = []

    def judge(text: str) -> str:
        started = time.process_time()
        verdict = screen(text)
        timings.append(time.process_time() - started)
        return category_of(verdict)

    print(f"Model in use: {MODEL.version if MODEL else 'none'}\n")
    _, davidson_held = davidson()
    for post in davidson_held[:300]:  # warm the caches, as a running server would have them
        screen(post.text)
    timings.clear()

    sets = {"HELD-OUT (corpus/heldout.tsv)": read_examples(CORPUS / "heldout.tsv")}
    if HELDOUT_B.exists():
        sets["HELD-OUT-B (corpus/heldout_b.tsv)"] = read_examples(HELDOUT_B)
    if FRESH.exists():
        sets["FRESH after freezing (corpus/fresh.tsv)"] = read_examples(FRESH)
    if FRESH_B.exists():
        sets["FRESH-B after freezing the reader (corpus/fresh_b.tsv)"] = read_examples(FRESH_B)
    if FRESH_C.exists():
        sets["FRESH-C after the reader's retraining (corpus/fresh_c.tsv)"] = read_examples(FRESH_C)
    checks = []
    for name, examples in sets.items():
        result = figures(examples, judge)
        print(f"## {name}\n")
        print("\n".join(describe(result)))
        print("  by sub-type (share judged right; crisis: reached a person):")
        for subtype, share in result["subtypes"].items():
            print(f"    {subtype:<30} {share:.2f}")
        urgent_types = [e for e in examples if e.label == "urgent"]
        urgent_right = sum(judge(e.text) == "urgent" for e in urgent_types)
        short = name.split(" ")[0]
        checks += [
            (f"{short}: crisis reaching a person, recall", result["crisis"]["recall"], ">= 0.95"),
            (
                f"{short}: urgent sub-types read as urgent",
                urgent_right / max(1, len(urgent_types)),
                ">= 0.80",
            ),
            (f"{short}: kind/neutral read as urgent", result["clean_urgent"], "== 0"),
            (f"{short}: kind/neutral flagged at all", result["clean_flagged"], "<= 0.02"),
            (f"{short}: unkind recall", result["unkind"]["recall"], ">= 0.80"),
            (f"{short}: personal info recall", result["personal_info"]["recall"], ">= 0.95"),
        ]
        harmless = [e for e in examples if e.subtype == "harmless_numbers"]
        if harmless:
            flagged = sum(judge(e.text) != "clean" for e in harmless) / len(harmless)
            checks.append((f"{short}: harmless numbers flagged", flagged, "<= 0.05"))
        print()

    print("## Public sets (unkind = offensive)\n")
    public = {"Davidson held-out 30%": [Example(p.text, p.label) for p in davidson_held]}
    olid_set = olid()
    if olid_set is None:
        print(f"OLID test set A not found in {OLID_DIR}: skipped (see bench/README.md)")
    else:
        public["OLID test A (OffensEval 2019)"] = olid_set
    for name, examples in public.items():
        truth = [e.label == "unkind" for e in examples]
        flagged = [judge(e.text) == "unkind" for e in examples]
        m = metrics(truth, flagged)
        print(f"{name}: n {m['n']}, P {m['P']:.3f}, R {m['R']:.3f}, F1 {m['F1']:.3f}")
        if name.startswith("OLID"):
            checks.append(("OLID test A offensive F1", m["F1"], ">= 0.60"))

    print("\n## DEV (older school sets: thresholds were chosen on them; not a figure)\n")
    dev = [
        Example(post.text, post.detail if post.label == "crisis" and post.detail else post.label)
        for name in SCHOOL_SETS
        for post in school_set(name)
    ]
    print("\n".join(describe(figures(dev, judge))))

    p50, p99 = percentile(timings, 0.5), percentile(timings, 0.99)
    # A school's posts are mostly kind, and most kind posts never reach the second reader.
    kind_timings = []
    for examples in sets.values():
        for e in examples:
            if e.label == "clean":
                started = time.process_time()
                screen(e.text)
                kind_timings.append(time.process_time() - started)
    own_import, own_import_cpu, cold_import = import_time()
    worst_name, worst_ms = worst_case_ms()
    checks += [
        (f"CPU time p50 per post, ms ({len(timings)} posts)", p50, "<= 1"),
        ("CPU time p99 per post, ms", p99, "<= 5"),
        ("CPU time p50 / p99 per kind post, ms", percentile(kind_timings, 0.5), "(info)"),
        ("  p99", percentile(kind_timings, 0.99), "(info)"),
        ("worst crafted 4,000-char post, CPU ms", worst_ms, "(info)"),
        ("import board.screening, s (wall, best of 5)", own_import, "<= 0.5"),
        ("import board.screening, s (CPU)", own_import_cpu, "(info)"),
        ("cold import incl. board package and Flask, s", cold_import, "(info)"),
    ]
    print("\n## Targets\n")
    print("| measure                                            |    value | target   |")
    print("|----------------------------------------------------|----------|----------|")
    for name, value, target in checks:
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"| {name:<50} | {shown:>8} | {target:<8} |")
    print(f"\nThe worst crafted post was {worst_name!r}.")
    if "-v" in sys.argv:
        for name, examples in sets.items():
            for e in examples:
                said = category_of(screen(e.text))
                crisis = ("urgent", "concern")
                if not (said == e.label or (e.label in crisis and said in crisis)):
                    print(f"[{name.split()[0]}] {e.label}/{e.subtype} -> {said}: {e.text!r}")


if __name__ == "__main__":
    main()
