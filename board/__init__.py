"""Empathy Board: a private help-and-celebration board for one school.

`create_app` builds the application as a short list of named steps.
"""

import hashlib
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter
from werkzeug.security import safe_join

from . import (
    audit,
    cards,
    cli,
    config,
    errors,
    health,
    insights,
    looks,
    permissions,
    ranking,
    safeguarding,
    school_model,
    search,
    security,
    text,
)
from .extensions import csrf, db, limiter, login_manager, migrate
from .models import MAX_ID

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    config.load(app, test_config)
    init_extensions(app)
    security.init_app(app)
    register_blueprints(app)
    errors.init_app(app)
    cli.init_app(app)
    ranking.init_app(app)
    audit.init_app(app)
    school_model.init_app(app)
    register_template_helpers(app)
    version_static_urls(app)
    return app


def init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    route_limits_only(app)
    health.watch_redis(app)


def route_limits_only(app: Flask) -> None:
    """Every rate limit of the board is on a route (@limiter.limit), and such a route checks
    its limits itself when called. Flask-Limiter's app-wide before_request hook serves default
    and application-wide limits, which the board doesn't set, yet cost 0.2 ms (3%) of every
    page: it is taken out, and setting such limits is refused rather than silently ignored."""
    for key in ("RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION", "RATELIMIT_META"):
        if app.config.get(key):
            raise RuntimeError(f"{key}: the board has rate limits on routes only")
    app.before_request_funcs[None].remove(limiter._check_request_limit)


class RowIdConverter(IntegerConverter):
    """`<int:...>` in the board's routes is a row id: a number no row can have (models.MAX_ID,
    PostgreSQL's integer) is a 404, not a database error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def register_blueprints(app: Flask) -> None:
    from .views import admin, auth, insights, main, mod, people, posts, wall

    app.url_map.converters["int"] = RowIdConverter

    for blueprint in (
        auth.bp,
        main.bp,
        posts.bp,
        people.bp,
        wall.bp,
        mod.bp,
        insights.bp,
        admin.bp,
    ):
        app.register_blueprint(blueprint)


def version_static_urls(app: Flask) -> None:
    """Each /static URL carries its file's content hash (`?v=`): the production front caches
    static files for a year (deploy/nginx), and a release's changed file gets a new URL."""
    versions: dict[str, str] = {}

    def version(filename: str) -> str:
        if filename not in versions:
            path = safe_join(app.static_folder, filename)
            content = Path(path).read_bytes() if path and Path(path).is_file() else b""
            versions[filename] = hashlib.sha256(content).hexdigest()[:12]
        return versions[filename]

    @app.url_defaults
    def add_version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            values["v"] = version(values["filename"])


def register_template_helpers(app: Flask) -> None:
    from .models import Status
    from .posting import HELP_CATEGORIES, REACTIONS, SHOUTOUT_CATEGORIES

    app.jinja_env.globals.update(permissions.template_globals())
    app.jinja_env.globals.update(looks.template_globals())
    app.jinja_env.filters["highlight"] = text.highlight
    app.jinja_env.filters["unlinked"] = text.unlinked
    app.jinja_env.filters["phone_links"] = text.phone_links
    # Globals, not context: imported macros (the post card) see globals only.
    from .moderation import REJECT_REASONS

    app.jinja_env.globals.update(
        render_cards=cards.render_list,
        render_replies=cards.render_replies,
        card_for=cards.card_for,
        REJECT_REASONS=REJECT_REASONS,
        REACTIONS=REACTIONS,
        REACTION_LABELS={kind.value: label for kind, label, _ in REACTIONS},
        CATEGORY_LABELS={**HELP_CATEGORIES, **SHOUTOUT_CATEGORIES},
        SEARCH_MAX=search.MAX_QUERY,
        plural=text.plural,
        duration_text=insights.duration_text,
        safeguarding_duties=safeguarding.duties,
        Status=Status,
    )


@event.listens_for(Engine, "connect")
def configure_sqlite(dbapi_connection, connection_record) -> None:
    """SQLite: write-ahead log for concurrent readers, wait for locks, enforce foreign keys."""
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # no fsync per commit; WAL stays consistent
        # Wait up to 10 s for the write lock (SQLite's busy wait is unfair under load), and no
        # longer: gunicorn kills a worker after 30 s (--timeout), and a request that gives up
        # first answers with an error page and keeps its worker; a killed one answers nothing.
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
