"""Slow clients against the board, with and without nginx in front: `python bench/slow_clients.py`.

The demo school (`flask seed-demo`) on a fresh SQLite file, served by gunicorn with
deploy/gunicorn.conf.py (sync workers). Then twice, each time on a fresh gunicorn:

1. gunicorn alone: SLOW clients start a request and send one more byte a second (half in the
   headers, half in a login form's body; reconnecting when dropped), while NORMAL logged-in
   pupils read the feed (/) in a loop, a quarter of a second apart, for DURATION seconds;
2. the same through nginx with the site of deploy/nginx/board.conf.

Prints, for the pupils' requests, how many there were, how many failed or timed out (after
TIMEOUT seconds), and the 50th and 99th percentiles and the maximum of their latency.

    python bench/slow_clients.py [--slow 8] [--normal 16] [--duration 20] [--workers 4]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from board.cli import DEMO_PASSWORD  # noqa: E402
from deploy import local  # noqa: E402

SECRET_KEY = "slow-clients-bench-secret-key"
TIMEOUT = 30.0
THINK = 0.25
PUPIL = "amara1"


def demo_school(directory: Path) -> str:
    url = "sqlite:///" + str(directory / "board.sqlite")
    local.seed_demo_school({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY})
    return url


def read_the_feed(address: str, cookie: str, until: float, results: list) -> None:
    """One pupil: the feed, again and again; (seconds, ok) for each request."""
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            status, _, page = local.request(
                address, "/", headers={"Cookie": cookie}, timeout=TIMEOUT
            )
            ok = status == 200 and b"Stuck on adding fractions" in page
        except OSError:
            ok = False
        results.append((time.monotonic() - started, ok))
        time.sleep(THINK)


def run(address: str, cookie: str, args) -> dict:
    results: list[tuple[float, bool]] = []
    with local.slow_clients(address, args.slow) as dropped:
        time.sleep(2)  # the slow clients are connected first, as in an attack
        until = time.monotonic() + args.duration
        pupils = [
            threading.Thread(target=read_the_feed, args=(address, cookie, until, results))
            for _ in range(args.normal)
        ]
        for pupil in pupils:
            pupil.start()
        for pupil in pupils:
            pupil.join()
        drops = sum(dropped)
    latencies = sorted(seconds for seconds, _ in results)
    percentiles = (
        statistics.quantiles(latencies, n=100, method="inclusive")
        if len(latencies) > 1
        else latencies * 99
    )
    return {
        "requests": len(results),
        "errors": sum(not ok for _, ok in results),
        "p50": percentiles[49],
        "p99": percentiles[98],
        "max": latencies[-1] if latencies else 0.0,
        "drops": drops,
    }


def phase(url: str, directory: Path, args, with_nginx: bool) -> dict:
    with ExitStack() as stack:
        address = stack.enter_context(local.gunicorn(url, SECRET_KEY, directory, args.workers))
        if with_nginx:
            (directory / "nginx").mkdir(exist_ok=True)
            address = stack.enter_context(local.nginx(address, directory / "nginx"))
        cookie = local.log_in(address, PUPIL, DEMO_PASSWORD)
        for _ in range(3 * args.workers):  # warm-up: templates compiled, pages cached
            local.request(address, "/", headers={"Cookie": cookie})
        return run(address, cookie, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slow", type=int, default=8, help="slow clients (default 8)")
    parser.add_argument("--normal", type=int, default=16, help="pupils reading (default 16)")
    parser.add_argument("--duration", type=float, default=20, help="seconds (default 20)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--no-nginx", action="store_true", help="only gunicorn alone")
    args = parser.parse_args()
    fronts = [("gunicorn alone", False)]
    if not args.no_nginx:
        if not local.NGINX.exists():
            sys.exit("nginx is missing: apt-get install -y nginx (or --no-nginx)")
        fronts.append(("nginx + gunicorn", True))

    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        url = demo_school(directory)
        print(
            f"{args.workers} sync workers; {args.slow} slow clients (a byte a second), "
            f"{args.normal} pupils reading the feed every {THINK} s, for {args.duration:g} s; "
            f"request timeout {TIMEOUT:g} s"
        )
        header = (
            f"{'front':<18} {'requests':>8} {'errors':>7} {'p50 s':>7} {'p99 s':>7} "
            f"{'max s':>7} {'slow dropped':>13}"
        )
        print(header)
        for name, with_nginx in fronts:
            row = phase(url, directory, args, with_nginx)
            print(
                f"{name:<18} {row['requests']:>8} {row['errors']:>7} {row['p50']:>7.3f} "
                f"{row['p99']:>7.3f} {row['max']:>7.3f} {row['drops']:>13}",
                flush=True,
            )


if __name__ == "__main__":
    main()
