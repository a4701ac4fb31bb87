"""/wall for staff, /wall/k/<token> for a kiosk screen. The kiosk page links nowhere."""

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from .. import permissions, wall

bp = Blueprint("wall", __name__)


@bp.before_request
def guard():
    if not permissions.may_enter(current_user, request.endpoint):
        abort(403)


@bp.get("/wall")
def show():
    return render_template("wall.html", posts=wall.recent_shoutouts(), kiosk=False)


@bp.get("/wall/k/<token>")
def kiosk(token: str):
    if wall.find_kiosk_link(token) is None:
        return render_template("wall_off.html"), 404
    response = render_template("wall.html", posts=wall.recent_shoutouts(), kiosk=True)
    # New shout-outs appear on an unattended screen, with or without JavaScript. A timed
    # <meta> refresh fails WCAG 2.2.1 for people reading a page; on a kiosk nobody reads it with
    # a screen reader and nobody can reload it, so the refresh is essential there and only there.
    headers = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Refresh": "300"}
    return response, 200, headers
