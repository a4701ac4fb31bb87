"""How well and how fast the screener judges: precision, recall, F1 and false-positive rate
per category on the Davidson et al. (2017) held-out 30% and on our school-style sets, latency
per post on one core, and the import time of board.screening. Prints a table and the targets.

    .venv/bin/python bench/screening_eval.py

Davidson: "unkind" means hate speech or offensive; a tweet counts as flagged unkind when the
unkind rules or the model fired (whatever else fired too). School sets: a post counts as
flagged X when the verdict's category is X (precedence applied), as moderation will see it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screening_data import SCHOOL_SETS, Post, davidson, school_set  # noqa: E402

from board.screening import WatchedRule, screen  # noqa: E402


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


def row(name: str, m: dict) -> str:
    return (
        f"| {name:<44} | {m['n']:>5} | {m['pos']:>5} | {m['P']:.3f} | {m['R']:.3f} | "
        f"{m['F1']:.3f} | {m['FPR']:.3f} |"
    )


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


def main() -> None:
    _, held_out = davidson()
    school = {name: school_set(name) for name in SCHOOL_SETS}
    all_school = [post for posts in school.values() for post in posts]

    timings: list[float] = []
    cpu_timings: list[float] = []
    verdicts = {}

    def judge(posts: list[Post]):
        out = []
        for post in posts:
            started, cpu_started = time.perf_counter(), time.process_time()
            verdict = screen(post.text)
            cpu_timings.append(time.process_time() - cpu_started)
            timings.append(time.perf_counter() - started)
            out.append(verdict)
        return out

    for post in held_out[:300]:  # warm the caches, as a running server would have them
        screen(post.text)

    for name, posts in school.items():
        verdicts[name] = judge(posts)
    davidson_verdicts = judge(held_out)

    print("\n## Screening quality\n")
    print(
        "| set / category                               |     n |   pos |  prec |   rec "
        "|    F1 |   FPR |"
    )
    print(
        "|----------------------------------------------|-------|-------|-------|-------|-------|-------|"
    )
    unkind_truth = [post.label == "unkind" for post in held_out]
    fired = [any(r.detector in ("unkind", "model") for r in v.reasons) for v in davidson_verdicts]
    rules_only = [any(r.detector == "unkind" for r in v.reasons) for v in davidson_verdicts]
    model_only = [any(r.detector == "model" for r in v.reasons) for v in davidson_verdicts]
    davidson_m = metrics(unkind_truth, fired)
    print(row("Davidson held-out 30%: unkind (rules+model)", davidson_m))
    print(row("Davidson held-out 30%: unkind rules alone", metrics(unkind_truth, rules_only)))
    print(row("Davidson held-out 30%: model alone", metrics(unkind_truth, model_only)))
    flagged_any = [not v.clean for v in davidson_verdicts]
    print(row("Davidson held-out 30%: flagged any category", metrics(unkind_truth, flagged_any)))

    school_verdicts = [v for name in school for v in verdicts[name]]
    for category in ("crisis", "unkind", "personal_info"):
        truth = [post.label == category for post in all_school]
        flagged = [v.category == category for v in school_verdicts]
        print(row(f"school sets (all {len(all_school)}): {category}", metrics(truth, flagged)))
    for name in ("fresh", "holdout", "unseen", "final_check"):
        for category in ("crisis", "unkind", "personal_info"):
            truth = [post.label == category for post in school[name]]
            if not any(truth):
                continue
            flagged = [v.category == category for v in verdicts[name]]
            print(row(f"{name} set ({len(truth)}): {category}", metrics(truth, flagged)))
    truth = [post.label != "clean" for post in all_school]
    print(
        row("school sets: flagged at all", metrics(truth, [not v.clean for v in school_verdicts]))
    )

    crisis = school["crisis"]
    crisis_v = verdicts["crisis"]
    crisis_recall = sum(v.category == "crisis" for v in crisis_v) / len(crisis)
    tier_right = sum(
        v.category == "crisis" and v.severity == post.detail
        for post, v in zip(crisis, crisis_v, strict=True)
    )
    positive_crisis = sum(v.category == "crisis" for v in verdicts["positive"])
    positive_any = sum(not v.clean for v in verdicts["positive"])
    near_miss_crisis = sum(v.category == "crisis" for v in verdicts["near_miss"])
    unkind_recall = sum(v.category == "unkind" for v in verdicts["unkind"]) / len(school["unkind"])
    model_positive = sum(
        any(r.detector == "model" for r in v.reasons)
        for name in ("positive", "near_miss", "crisis")
        for v in verdicts[name]
    )

    def percentile(values: list[float], share: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000

    p50, p99 = percentile(cpu_timings, 0.5), percentile(cpu_timings, 0.99)
    wall_p50, wall_p99 = percentile(timings, 0.5), percentile(timings, 0.99)
    own_import, own_import_cpu, cold_import = import_time()
    worst_name, worst_ms = worst_case_ms()

    n_pos, n_near = len(school["positive"]), len(school["near_miss"])
    checks = [
        ("crisis recall on the crisis set", crisis_recall, ">= 0.95", crisis_recall >= 0.95),
        (
            "crisis tier right (urgent/concern)",
            tier_right / len(crisis),
            "(info)",
            True,
        ),
        ("positive posts flagged as crisis", positive_crisis, "== 0", positive_crisis == 0),
        (
            "near-misses flagged as crisis",
            near_miss_crisis / n_near,
            "<= 0.05",
            near_miss_crisis / n_near <= 0.05,
        ),
        ("unkind recall on the unkind set", unkind_recall, ">= 0.90", unkind_recall >= 0.90),
        (
            "positive posts flagged (any category)",
            positive_any / n_pos,
            "<= 0.02",
            positive_any / n_pos <= 0.02,
        ),
        (
            "model alone on positive/near-miss/crisis posts",
            model_positive,
            "== 0",
            model_positive == 0,
        ),
        ("Davidson held-out F1 (unkind)", davidson_m["F1"], ">= 0.93", davidson_m["F1"] >= 0.93),
        (f"CPU time p50 per post, ms ({len(timings)} posts)", p50, "<= 1", p50 <= 1),
        ("CPU time p99 per post, ms", p99, "<= 5", p99 <= 5),
        ("wall-clock p50 per post, ms", wall_p50, "(info)", True),
        ("wall-clock p99 per post, ms", wall_p99, "(info)", True),
        ("worst crafted 4,000-char post, CPU ms", worst_ms, "(info)", True),
        ("import board.screening, s (wall, best of 5)", own_import, "<= 0.5", own_import <= 0.5),
        ("import board.screening, s (CPU)", own_import_cpu, "(info)", True),
        ("cold import incl. board package and Flask, s", cold_import, "(info)", True),
    ]
    print("\n## Targets\n")
    print("| measure                                           |    value | target   | ok  |")
    print("|---------------------------------------------------|----------|----------|-----|")
    for name, value, target, ok in checks:
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"| {name:<49} | {shown:>8} | {target:<8} | {'yes' if ok else 'NO':<3} |")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\nOne process, one thread; CPU time is the cost per post on one core. Wall-clock also "
        f"counts time the process waited for a core (1-minute load average now {load:.1f} on "
        f"{os.cpu_count()} cores). The worst crafted post was {worst_name!r}."
    )
    print(
        f"positive flagged {positive_any}/{n_pos}, near-miss as crisis "
        f"{near_miss_crisis}/{n_near}, crisis tier right {tier_right}/{len(crisis)}"
    )
    if "-v" in sys.argv:
        for name, posts in school.items():
            for post, v in zip(posts, verdicts[name], strict=True):
                wrong = (v.category != post.label) if name != "near_miss" else not v.clean
                if wrong:
                    reasons = "; ".join(f"{r.detector}:{r.rule}:{r.matched!r}" for r in v.reasons)
                    print(f"[{name}] {post.text!r} -> {v.category}/{v.severity} {reasons}")


if __name__ == "__main__":
    main()
