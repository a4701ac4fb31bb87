"""The board's views (Everything, Needs a helper, Celebrations, Hall of fame), the public
support page and the health check."""

from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from flask_login import current_user

from .. import health, posting, queries, settings
from .. import search as search_module
from ..models import PostKind, utcnow

bp = Blueprint("main", __name__)

TABS = [
    ("main.index", "Everything"),
    ("main.needs_helper", "Needs a helper"),
    ("main.celebrations", "Celebrations"),
    ("main.hall_of_fame", "Hall of fame"),
]


def chosen_category(kinds: tuple[PostKind, ...]) -> tuple[str | None, dict[str, str]]:
    """The ?category= filter, limited to the categories of the kinds this view shows."""
    choices: dict[str, str] = {}
    for kind in kinds:
        choices.update(posting.CATEGORIES[kind])
    category = request.args.get("category") or None
    return (category if category in choices else None), choices


# The arguments the lists read; any others in a link are dropped from here().
LIST_ARGS = ("category", "period", "after", "seen", "q", "page", "upto", "before")


def here() -> str:
    """This list page's own URL, to come back to after a reaction. It is part of every card's
    cache key (cards.py), so arguments nobody reads must not make new entries."""
    return url_for(request.endpoint, **{k: request.args[k] for k in LIST_ARGS if k in request.args})


def render_feed(page, category, choices, **extra):
    return render_template(
        "main/index.html",
        page=page,
        tabs=TABS,
        category=category,
        categories=choices,
        here=here(),
        **extra,
    )


@bp.get("/")
def index():
    kinds = (PostKind.HELP, PostKind.SHOUTOUT)
    category, choices = chosen_category(kinds)
    cursor = queries.parse_cursor(request.args.get("after"), request.args.get("seen"))
    page = queries.ranked(current_user, cursor, category=category)
    return render_feed(page, category, choices)


@bp.get("/needs-help")
def needs_helper():
    kinds = (PostKind.HELP,)
    category, choices = chosen_category(kinds)
    page = queries.needs_helper(current_user, request.args.get("after"), category)
    return render_feed(page, category, choices)


@bp.get("/celebrations")
def celebrations():
    kinds = (PostKind.SHOUTOUT,)
    category, choices = chosen_category(kinds)
    cursor = queries.parse_cursor(request.args.get("after"), request.args.get("seen"))
    page = queries.ranked(current_user, cursor, kind=PostKind.SHOUTOUT, category=category)
    return render_feed(page, category, choices)


@bp.get("/hall-of-fame")
def hall_of_fame():
    kinds = (PostKind.SHOUTOUT,)
    category, choices = chosen_category(kinds)
    period = request.args.get("period", "week")
    if period not in queries.HALL_OF_FAME_PERIODS:
        period = "week"
    since = queries.period_start(period, utcnow(), current_app.config["TERM_STARTS"])
    page = queries.hall_of_fame(current_user, since, category)
    return render_feed(page, category, choices, period=period, periods=queries.HALL_OF_FAME_PERIODS)


@bp.get("/search")
def search():
    query = request.args.get("q", "").strip()[: search_module.MAX_QUERY]
    args = request.args
    cursor = queries.parse_search_cursor(args.get("page"), args.get("upto"), args.get("before"))
    page = queries.search(current_user, query, cursor)
    return render_template(
        "main/search.html",
        query=query,
        page=page,
        ranked_matches=search_module.WINDOW,
        here=here(),
    )


@bp.get("/support")
def support():
    """Contacts and helplines for anyone; after a crisis post, a word to its writer: "sent"
    (urgent: gone to the safeguarding team) or "checkin" (a concern: the pastoral team will
    check in today)."""
    writer = current_user.is_authenticated
    return render_template(
        "main/support.html",
        contacts=settings.get("support_contacts"),
        sent=request.args.get("sent") == "1" and writer,
        checkin=request.args.get("checkin") == "1" and writer,
    )


@bp.get("/healthz")
def healthz():
    """200 while the database answers; with Redis down, "degraded" and still 200 unless strict
    (HEALTHZ_STRICT, or ?strict=1): see board/health.py."""
    strict = current_app.config["HEALTHZ_STRICT"] or request.args.get("strict") == "1"
    body, status = health.report(strict)
    return jsonify(body), status
