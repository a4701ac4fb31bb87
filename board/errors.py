"""Error pages that look like the rest of the site, with a kind word on what to do next."""

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: (
        "Something in that request wasn't right",
        "Please go back, check the form and try again.",
    ),
    401: ("Please log in", "You need to log in to do that."),
    403: (
        "That page isn't for you",
        "You don't have access to this page. If you think you should, ask a member of staff.",
    ),
    404: ("We couldn't find that page", "It may have moved, or the link may be mistyped."),
    405: ("That didn't work", "That page can't be used that way."),
    429: (
        "Let's slow down a little",
        "There have been too many attempts. Please wait a minute and try again.",
    ),
    500: ("Something went wrong on our side", "It's not your fault. Please try again in a moment."),
}


def render_error(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    return render_template(
        "errors/error.html", code=code, title=title, message=detail or message
    ), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            "Your form expired or came from somewhere else. Please reload the page and try again.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if request.path.startswith("/static/"):
            return error
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unhandled error on %s", request.path)
        from .extensions import db

        db.session.rollback()
        return render_error(500)
