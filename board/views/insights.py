"""/mod/insights: how the board has been doing, as charts with their numbers, for staff.

The page shows every metric's numbers; each chart is an SVG of its own (an <img>), which the
page's strict style policy cannot block and which runs no script.
"""

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from .. import insights, permissions, school_model
from ..models import utcnow

bp = Blueprint("insights", __name__, url_prefix="/mod/insights")


@bp.before_request
def guard():
    if not permissions.may_enter(current_user, request.endpoint):
        abort(403)


def current_period() -> insights.Period:
    return insights.period(utcnow(), current_app.config["TERM_STARTS"])


@bp.get("")
def show():
    return render_template(
        "mod/insights.html",
        insights=insights.gather(current_period()),
        screener=school_model.status() if permissions.can_administer(current_user) else None,
        week_label=insights.week_label,
        percent=insights.percent,
    )


@bp.get("/<name>.svg")
def chart(name: str):
    """One chart; `?narrow=1` draws it for a phone (the page's <picture> asks for that)."""
    svg = insights.chart_svg(name, current_period(), narrow=request.args.get("narrow") == "1")
    if svg is None:
        abort(404)
    return svg, {
        "Content-Type": "image/svg+xml; charset=utf-8",
        "Content-Security-Policy": insights.SVG_POLICY,
    }
