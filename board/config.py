"""Configuration: defaults, then instance/config.py, then the environment, then test overrides.

The secret key is never shipped: without SECRET_KEY in the environment or instance/config.py,
one is generated into instance/secret_key on first run and reused afterwards.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask


class Defaults:
    SCHOOL_NAME = "Our School"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Set to True to force it; otherwise the cookie is Secure whenever the request came over HTTPS.
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(days=7)
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    RATELIMIT_STRATEGY = "moving-window"
    # Redis down: count in this worker's memory (a logged warning) instead of answering 500,
    # never raise from the limiter, and never wait long on a Redis that does not answer.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    # /healthz answers 503, not 200, while Redis is down ("degraded"); ?strict=1 does it per check.
    HEALTHZ_STRICT = False
    # Failed log-ins only; how the three work together is in attempts.py. One address at one
    # account:
    LOGIN_LIMIT_PER_ACCOUNT_ADDRESS = "5 per minute; 20 per hour"
    # One account from anywhere; past it only addresses that have not failed at it may try.
    LOGIN_LIMIT_PER_ACCOUNT = "10 per minute; 50 per hour"
    # One address at any account: a whole school may share one NAT address.
    LOGIN_LIMIT_PER_ADDRESS = "100 per minute; 1000 per hour"
    # Failed joins and invite acceptances (a wrong code, a taken username...) from one address;
    # joining is free, so a class can join together from the school's one address.
    JOIN_LIMIT_PER_ADDRESS = "60 per hour"
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    PROXY_COUNT = 0
    INVITE_LIFETIME = timedelta(days=7)
    # Month-day each school term starts, for "this term" in the Hall of fame.
    TERM_STARTS = ["09-01", "01-05", "04-20"]
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - an algorithm name, not a password


# Environment variable -> config key. Kept short: the README lists the same table.
ENVIRONMENT = {
    "SECRET_KEY": "SECRET_KEY",
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "REDIS_URL": "RATELIMIT_STORAGE_URI",
    "SCHOOL_NAME": "SCHOOL_NAME",
    "PROXY_COUNT": "PROXY_COUNT",
    "SESSION_COOKIE_SECURE": "SESSION_COOKIE_SECURE",
    "BASE_URL": "BASE_URL",
    "MAIL_SERVER": "MAIL_SERVER",
    "MAIL_PORT": "MAIL_PORT",
    "MAIL_USERNAME": "MAIL_USERNAME",
    "MAIL_PASSWORD": "MAIL_PASSWORD",
    "MAIL_FROM": "MAIL_FROM",
}


def load(app: Flask, test_config: dict | None) -> None:
    app.config.from_object(Defaults)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(
        Path(app.instance_path) / "board.sqlite"
    )
    app.config.from_pyfile("config.py", silent=True)
    for variable, key in ENVIRONMENT.items():
        if value := os.environ.get(variable):
            app.config[key] = value
    if test_config:
        app.config.update(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A server can drop an idle connection, so each is tested before use; a file can't.
        options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, "pool_pre_ping": False}
    app.config["PROXY_COUNT"] = int(app.config["PROXY_COUNT"])
    app.config["SESSION_COOKIE_SECURE"] = str(app.config["SESSION_COOKIE_SECURE"]).lower() in {
        "1",
        "true",
        "yes",
    }
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))


def normalise_database_url(url: str) -> str:
    """Hosting platforms hand out postgres:// URLs; we speak psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def instance_secret_key(instance: Path) -> str:
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Create with owner-only permissions; O_EXCL so two workers starting at once agree.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key
