"""Request-wide protection: who gets past the front door, strict response headers, and a session
cookie that is Secure whenever the request came over HTTPS."""

import functools

from flask import Flask, abort, flash, g, redirect, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from sqlalchemy import String, bindparam, cast, func, select
from sqlalchemy.orm import lazyload
from werkzeug.middleware.proxy_fix import ProxyFix

from . import notifications, permissions
from .extensions import db, login_manager
from .models import Restriction, User, row_id, utcnow

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
# Endpoints a user who must change their password can still reach.
PASSWORD_CHANGE_ALLOWED = {"auth.change_password", "auth.logout", "static", "main.support"}


class SessionInterface(SecureCookieSessionInterface):
    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


@functools.cache
def _load_user_statement():
    # Not the user's group (a joined relationship elsewhere): few pages use it, and they load it.
    restricted_by = (
        select(func.aggregate_strings(cast(Restriction.user_id, String), ","))
        .where(Restriction.restricted_id == User.id)
        .correlate(User)
        .scalar_subquery()
    )
    return (
        select(User, notifications.unread_count_column(), restricted_by)
        .where(User.id == bindparam("user_id"), User.session_key == bindparam("session_key"))
        .options(lazyload(User.group))
    )


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The user of this session, and in the same statement their unread notifications for
    the header (g.unread_count: notifications only change in requests that redirect) and who
    restricted them (g.restricted_by, for cards.py; nearly always nobody).

    The session holds "<id>:<session key>" (User.get_id): a session whose key the account no
    longer has was ended (log out, a new password, a suspension) and is nobody's."""
    user_id, _, session_key = session_id.partition(":")
    try:
        params = {"user_id": row_id(user_id), "session_key": session_key}
    except ValueError:
        return None
    if not session_key:
        return None
    row = db.session.execute(_load_user_statement(), params).first()
    # A suspension takes effect at once, also for sessions that were already open.
    if row is None or row[0].suspended_at(utcnow()):
        return None
    user, g.unread_count, restricted_by = row
    g.restricted_by = {int(x) for x in restricted_by.split(",")} if restricted_by else set()
    return user


@login_manager.unauthorized_handler
def unauthorized():
    flash("Please log in to see that page.", "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def refuse_nul():
    """PostgreSQL can't store or even compare text holding NUL (0x00), and nobody types one:
    refuse such a request as malformed instead of failing with a 500."""
    if "\x00" in request.path or any(
        "\x00" in value
        for source in (request.args, request.form)
        for values in source.listvalues()
        for value in values
    ):
        abort(400)


def front_door():
    """Logged-out visitors reach only the public pages; everything else sends them to log in."""
    area = permissions.area_of(request.endpoint)
    if area == permissions.Area.PUBLIC:
        return None
    if not current_user.is_authenticated:
        if request.method == "GET":
            return unauthorized()
        abort(401)
    if current_user.must_change_password and request.endpoint not in PASSWORD_CHANGE_ALLOWED:
        return redirect(url_for("auth.change_password"))
    return None


def set_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
    if current_user and current_user.is_authenticated and request.endpoint != "static":
        # Pages for a logged-in person are private to them, and not kept at all: on a shared
        # school computer, Back after logging out would otherwise show them again.
        headers["Cache-Control"] = "no-store"
        headers.add("Vary", "Cookie")
    return response


def init_app(app: Flask) -> None:
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    app.session_interface = SessionInterface()
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    app.before_request(refuse_nul)
    app.before_request(front_door)
    app.after_request(set_headers)
