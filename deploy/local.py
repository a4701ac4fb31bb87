"""The board as deployed, on loopback ports, for tests/test_deploy.py and bench/slow_clients.py:
gunicorn with deploy/gunicorn.conf.py, and in front of it nginx with the site deploy/render.py
writes, each in the foreground, stopped on leaving the `with` block.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from deploy import render

ROOT = render.HERE.parent
NGINX = Path("/usr/sbin/nginx")
GUNICORN = Path(sys.executable).with_name("gunicorn")
CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def seed_demo_school(config: dict) -> None:
    """Migrate the database `config` names and fill it with the demo school (`seed-demo`)."""
    from flask_migrate import upgrade

    from board import create_app
    from board.extensions import db

    app = create_app(config)
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        if result.exit_code:
            raise RuntimeError(result.output)
        db.engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(
    address: str,
    path: str,
    *,
    method: str = "GET",
    body: str | None = None,
    headers: dict | None = None,
    timeout: float = 30,
) -> tuple[int, dict, bytes]:
    """One request on a new connection: (status, headers, body)."""
    host, port = address.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_until_answering(address: str, process: subprocess.Popen, log: Path) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"it stopped: {log.read_text()[-2000:]}")
        try:
            if request(address, "/healthz", timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"no answer from {address}: {log.read_text()[-2000:]}")


@contextmanager
def running(command: list, log: Path, address: str, **popen) -> Iterator[str]:
    """Run `command` (in a process group of its own) until it answers at `address`; stop it
    on leaving, and if it does not stop in 15 s, kill it with every process it started."""
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - our own command line
            command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True, **popen
        )
    try:
        wait_until_answering(address, process, log)
        yield address
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def gunicorn(database_url: str, secret_key: str, directory: Path, workers: int) -> Iterator[str]:
    """gunicorn as board.service runs it, on a loopback port; yields "127.0.0.1:PORT"."""
    address = f"127.0.0.1:{free_port()}"
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret_key,
        "PROXY_COUNT": "1",
    }
    command = [
        GUNICORN,
        "--config",
        render.HERE / "gunicorn.conf.py",
        "--bind",
        address,
        "--workers",
        str(workers),
    ]
    with running(command, directory / "gunicorn.log", address, cwd=ROOT, env=environment):
        yield address


@contextmanager
def nginx(upstream: str, directory: Path) -> Iterator[str]:
    """nginx with the board's site in front of `upstream`; yields "127.0.0.1:PORT"."""
    address = f"127.0.0.1:{free_port()}"
    conf = render.standalone(directory, listen=address, upstream=upstream)
    command = [NGINX, "-e", "stderr", "-p", directory, "-c", conf]
    with running(command, directory / "nginx.log", address):
        yield address


SLOW_STARTS = [
    # Headers that never end: one more byte of a header line every second.
    b"GET / HTTP/1.1\r\nHost: board\r\nX-Slow: ",
    # A login form whose body comes a byte a second.
    b"POST /login HTTP/1.1\r\nHost: board\r\nContent-Type: application/x-www-form-urlencoded"
    b"\r\nContent-Length: 100000\r\n\r\nusername=amara1&password=",
]


@contextmanager
def slow_clients(address: str, count: int, interval: float = 1.0) -> Iterator[list[int]]:
    """`count` clients (slowloris) that start a request (alternately in the headers and in the
    body) and then send one byte every `interval` seconds; each connects again when the server
    drops it. Yields the number of times each was dropped, updated as they run."""
    host, port = address.rsplit(":", 1)
    stop = threading.Event()
    dropped = [0] * count

    def dribble(index: int) -> None:
        while not stop.is_set():
            try:
                with socket.create_connection((host, int(port)), timeout=5) as connection:
                    connection.sendall(SLOW_STARTS[index % len(SLOW_STARTS)])
                    while not stop.wait(interval):
                        connection.sendall(b"a")
            except OSError:
                dropped[index] += 1
                stop.wait(0.1)

    threads = [threading.Thread(target=dribble, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    try:
        yield dropped
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def log_in(address: str, username: str, password: str, timeout: float = 30) -> str:
    """Log in as a browser does (the form's CSRF token, then the POST); the Cookie header."""
    status, headers, page = request(address, "/login", timeout=timeout)
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    token = CSRF_FIELD.search(page.decode()).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "username": username, "password": password})
    status, headers, _ = request(
        address,
        "/login",
        method="POST",
        body=form,
        timeout=timeout,
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )
    if status != 302:
        raise RuntimeError(f"logging in as {username} answered {status}")
    return headers["Set-Cookie"].split(";", 1)[0]
