"""Pages every member sees, the public support page and the health check."""

from flask import Blueprint, jsonify, render_template, request
from flask_login import current_user
from sqlalchemy import text

from .. import queries
from ..extensions import db

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    cursor = queries.parse_cursor(request.args.get("after"), request.args.get("seen"))
    page = queries.ranked(current_user, cursor)
    return render_template("main/index.html", page=page)


@bp.get("/support")
def support():
    return render_template("main/support.html")


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
