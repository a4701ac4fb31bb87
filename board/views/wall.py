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
    return response, 200, {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
