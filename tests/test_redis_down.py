"""Redis down: logins, joining and invites keep answering, limits still hold (in each worker's
memory), /healthz says "degraded", and a worker started without Redis says so in its log.

Each test runs its own redis-server on a free loopback port, and stops and restarts it.
"""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis

from board import create_app
from board.extensions import limiter

from .conftest import PASSWORD, app_config

REDIS_SERVER = shutil.which("redis-server")
WRONG = {"username": "sam", "password": "wrong-password-1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A throwaway redis-server on loopback that keeps nothing on disk."""

    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--logfile", ""],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        self.stop()
        pytest.fail(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server():
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(free_port())
    server.start()
    yield server
    server.stop()
    # The limiter is one object shared by every app the suite creates: leave it as a freshly
    # started worker has it, not waiting for its next look at a Redis that is gone.
    limiter._storage_dead = False


@pytest.fixture
def board_on_redis(migrated_database, people, redis_server):
    """The board with REDIS_URL pointing at the test's redis-server (created after `people`,
    so it is the app the shared limiter now serves)."""
    app = create_app(app_config(migrated_database, RATELIMIT_STORAGE_URI=redis_server.url))
    return app.test_client()


def test_logins_keep_working_and_limits_hold_while_redis_is_down(
    board_on_redis, redis_server, caplog
):
    client = board_on_redis
    assert client.post("/login", data=WRONG).status_code == 401  # counted in Redis
    assert client.get("/healthz").json == {"status": "ok", "database": "ok", "redis": "ok"}

    redis_server.stop()
    # LOGIN_LIMIT_PER_ACCOUNT_ADDRESS is 5 failures a minute; the worker counts afresh.
    failures = [client.post("/login", data=WRONG).status_code for _ in range(6)]
    assert failures == [401] * 5 + [429]
    assert "counted in this worker's memory" in caplog.text
    join = {"code": "NOT-A-CODE", "username": "newkid", "display_name": "New", "password": "x" * 12}
    assert client.post("/join", data=join).status_code == 400
    assert "falling back to in-memory storage" in caplog.text  # Flask-Limiter's, on /join
    assert client.post("/invite/not-a-token", data={}).status_code == 404
    staff = {"username": "ms.lee", "password": PASSWORD}
    assert client.post("/login", data=staff).status_code == 302

    health = client.get("/healthz")
    assert health.status_code == 200  # the load balancer keeps sending traffic
    assert health.json == {"status": "degraded", "database": "ok", "redis": "down"}
    assert client.get("/healthz?strict=1").status_code == 503

    redis_server.start()
    assert client.get("/healthz").json["status"] == "ok"
    assert client.get("/healthz?strict=1").status_code == 200


def test_strict_health_checks_can_be_the_default(migrated_database, redis_server):
    app = create_app(
        app_config(migrated_database, RATELIMIT_STORAGE_URI=redis_server.url, HEALTHZ_STRICT=True)
    )
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    redis_server.stop()
    assert client.get("/healthz").status_code == 503


def test_a_worker_started_without_redis_says_so(migrated_database, caplog):
    nowhere = f"redis://:secret@127.0.0.1:{free_port()}/0"
    with caplog.at_level(logging.WARNING):
        app = create_app(app_config(migrated_database, RATELIMIT_STORAGE_URI=nowhere))
    assert "unreachable" in caplog.text
    assert "secret" not in caplog.text  # the password in REDIS_URL stays out of the log
    assert app.test_client().get("/healthz").json["redis"] == "down"


def test_without_redis_the_health_check_does_not_mention_it(client):
    assert client.get("/healthz").json == {"status": "ok", "database": "ok"}
