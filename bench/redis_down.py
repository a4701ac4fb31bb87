"""Logins under load while Redis is up, stopped, and started again: `python bench/redis_down.py`.

The board runs under gunicorn (2 sync workers) on a fresh SQLite file with REDIS_URL pointing
at a throwaway redis-server on a free loopback port. THREADS threads log in for PHASE seconds
per phase, each attempt like a browser (GET /login for the CSRF token, then the POST): one in
four with the right password, the rest with a wrong one, over ACCOUNTS accounts. Between phases
redis-server is stopped, then started again (empty: it keeps nothing on disk).

The table counts the POSTs' answers: 302 logged in, 401 wrong password, 429 refused by a login
limit, 5xx errors; then /healthz. Everything comes from one address, so LOGIN_LIMIT_PER_ADDRESS
(100 failures a minute) refuses most attempts: with Redis the workers share that count; without
it each worker counts its own, so up to twice as many failures get through.

    .venv/bin/python bench/redis_down.py                 # PHASE=10 THREADS=8 ACCOUNTS=20
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

PHASE = float(os.environ.get("PHASE", 10))
THREADS = int(os.environ.get("THREADS", 8))
ACCOUNTS = int(os.environ.get("ACCOUNTS", 20))
PASSWORD = "bench-password-1"  # noqa: S105
SECRET_KEY = "bench-redis-down"  # noqa: S105
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(check, what: str) -> None:
    for _ in range(200):
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"{what} did not come up")


class Redis:
    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [shutil.which("redis-server") or "redis-server", "--port", str(self.port)]
        command += ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--logfile", ""]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)

        def answers() -> bool:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")

        wait_for(answers, "redis-server")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def make_board(database_url: str) -> None:
    """The schema from the migrations and ACCOUNTS students (cheap password hashes: the bench
    is about answers, not about scrypt)."""
    from flask_migrate import upgrade

    from board import create_app
    from board.accounts import create_user

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": SECRET_KEY,
            "RATELIMIT_STORAGE_URI": "memory://",
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        }
    )
    with app.app_context():
        upgrade()
        for index in range(ACCOUNTS):
            create_user(f"student{index}", PASSWORD)


def attempt(base: str, rng: random.Random) -> int:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
    )
    page = opener.open(f"{base}/login", timeout=30).read().decode()
    token = TOKEN.search(page).group(1)
    password = PASSWORD if rng.random() < 0.25 else "wrong-password-1"
    form = {"csrf_token": token, "username": f"student{rng.randrange(ACCOUNTS)}"}
    data = urllib.parse.urlencode({**form, "password": password}).encode()
    try:
        return opener.open(f"{base}/login", data=data, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def run_phase(base: str) -> Counter:
    answers: Counter = Counter()
    lock = threading.Lock()
    until = time.monotonic() + PHASE

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < until:
            try:
                status = attempt(base, rng)
            except (OSError, AttributeError) as error:  # no answer, or no form on the page
                status = type(error).__name__
            with lock:
                answers[status] += 1

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def healthz(base: str) -> str:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=10) as response:
            return f"{response.status} {json.loads(response.read())['status']}"
    except urllib.error.HTTPError as error:
        return f"{error.code} {json.loads(error.read())['status']}"


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="redis-down-"))
    database_url = f"sqlite:///{work / 'board.sqlite'}"
    make_board(database_url)
    redis = Redis()
    redis.start()
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
        "SECRET_KEY": SECRET_KEY,
    }
    gunicorn = [str(Path(sys.executable).parent / "gunicorn"), "--workers", "2"]
    gunicorn += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"]
    log = (work / "gunicorn.log").open("w")
    server = subprocess.Popen(gunicorn, cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    rows = []
    try:
        wait_for(lambda: urllib.request.urlopen(f"{base}/healthz", timeout=1), "gunicorn")
        for name, before in (
            ("Redis up", None),
            ("Redis stopped", redis.stop),
            ("Redis started again", redis.start),
        ):
            if before:
                before()
            answers = run_phase(base)
            rows.append((name, answers, healthz(base)))
    finally:
        server.terminate()
        server.wait(timeout=30)
        redis.stop()
        log.close()

    print(f"\n{THREADS} threads, {PHASE:.0f} s a phase, {ACCOUNTS} accounts, gunicorn 2 workers")
    head = ("phase", "logins", "302 in", "401 wrong", "429 refused", "5xx", "other", "/healthz")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for name, answers, health in rows:
        errors = sum(
            n for status, n in answers.items() if isinstance(status, int) and status >= 500
        )
        other = sum(answers.values()) - answers[302] - answers[401] - answers[429] - errors
        cells = [name, sum(answers.values()), answers[302], answers[401], answers[429]]
        print("| " + " | ".join(str(c) for c in [*cells, errors, other, health]) + " |")
    warnings = [line for line in (work / "gunicorn.log").read_text().splitlines() if "WARN" in line]
    print(f"\ngunicorn log, warnings ({len(warnings)}):")
    for line in dict.fromkeys(re.sub(r"^\S+ \S+ ", "", line) for line in warnings):
        print("  " + line[:160])
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
