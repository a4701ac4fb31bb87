"""What `/healthz` reports and what the board warns about when it starts: the database, and
Redis when REDIS_URL is set.

Redis holds only rate-limit counters. When it does not answer, Flask-Limiter counts in each
worker's memory instead (RATELIMIT_IN_MEMORY_FALLBACK_ENABLED, with a logged warning) and goes
back to Redis once it answers again (it retries after 1, 2, 4 … 32 seconds): logins keep
working and every limit still holds, per worker rather than across workers. So the board is
"degraded", not down: `/healthz` still answers 200 for the load balancer, unless HEALTHZ_STRICT
is set or the check asks for `?strict=1`.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, current_app
from flask.logging import default_handler
from sqlalchemy import text

from .extensions import db, limiter


def uses_redis(app: Flask) -> bool:
    return not app.config["RATELIMIT_STORAGE_URI"].startswith("memory://")


def database_state() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        db.session.rollback()
        return "unreachable"
    return "ok"


def redis_state() -> str | None:
    """ "ok" or "down"; None when rate limits are kept in memory (no REDIS_URL)."""
    if not uses_redis(current_app):
        return None
    return "ok" if limiter.storage.check() else "down"


def report(strict: bool) -> tuple[dict[str, str], int]:
    """The body and status code of /healthz."""
    body = {"status": "ok", "database": database_state()}
    if (redis := redis_state()) is not None:
        body["redis"] = redis
    if body["database"] != "ok":
        body["status"] = "error"
        return body, 503
    if body.get("redis") == "down":
        body["status"] = "degraded"
        return body, 503 if strict else 200
    return body, 200


def watch_redis(app: Flask) -> None:
    """Flask-Limiter logs a warning when it falls back to memory, but gives its logger only a
    NullHandler, which silences it under gunicorn: it goes where the app's warnings go. A worker
    that starts while Redis is down still serves, and says so."""
    limiter_log = logging.getLogger("flask-limiter")
    if default_handler in app.logger.handlers and default_handler not in limiter_log.handlers:
        limiter_log.addHandler(default_handler)
    if uses_redis(app) and not limiter.storage.check():
        where = urlsplit(app.config["RATELIMIT_STORAGE_URI"])
        app.logger.warning(
            "Redis at %s (REDIS_URL) is unreachable: rate limits are counted in this worker's "
            "memory until it answers.",
            f"{where.hostname}:{where.port or 6379}",
        )
