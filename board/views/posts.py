"""Posts: the forms to ask for help and give shout-outs, the post page with its reactions and
replies, and the actions on them. Every rule comes from permissions.py."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from .. import moderation, permissions, posting, queries, safeguarding
from ..extensions import db
from ..forms import (
    EditPostForm,
    EmptyForm,
    HelpForm,
    HideShoutoutForm,
    ReplyForm,
    ReportForm,
    ShoutoutForm,
    ThreadForm,
    show_error,
)
from ..models import Post, PostKind, ReactionKind, Reply, Status
from .auth import safe_next

bp = Blueprint("posts", __name__)


def get_post(post_id: int, rule=permissions.can_view_post) -> Post:
    """The post if the current user may see it (and pass `rule`); 404 otherwise, so that hidden
    posts are indistinguishable from missing ones."""
    post = queries.post_for_page(post_id)
    if post is None or not permissions.can_view_post(current_user, post):
        abort(404)
    if rule is not permissions.can_view_post and not rule(current_user, post):
        abort(403)
    return post


def get_reply(reply_id: int) -> tuple[Reply, Post]:
    reply = db.session.get(Reply, reply_id) or abort(404)
    post = get_post(reply.post_id)
    if not permissions.reply_visible(current_user, reply, posting.restricted_ids(post.author_id)):
        abort(404)
    return reply, post


def require_form() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


# ---------------------------------------------------------------------------------------------
# Writing


@bp.route("/posts/new", methods=["GET", "POST"])
def new_post():
    kind = request.args.get("kind")
    if kind not in (PostKind.HELP, PostKind.SHOUTOUT):
        return render_template("posts/choose.html")
    kind = PostKind(kind)
    form_class = HelpForm if kind == PostKind.HELP else ShoutoutForm
    form = form_class(data=prefill(kind) if request.method == "GET" else None)
    if form.validate_on_submit():
        draft = posting.Draft(
            kind=kind,
            title=form.title.data,
            body=form.body.data,
            category=form.category.data,
            anonymous=kind == PostKind.HELP and form.anonymous.data,
            recipients=posting.parse_usernames(form.recipients.data)
            if kind == PostKind.SHOUTOUT
            else [],
        )
        try:
            post = posting.create_post(current_user, draft, form.submission())
        except posting.PostingError as error:
            show_error(form, error, "body")
        except posting.NeedsRethink as rethink:
            form.nudge_id.data = str(rethink.nudge_id)
            return render_template("posts/new.html", form=form, kind=kind, rethink=rethink)
        else:
            return after_posting(post)
    return render_template("posts/new.html", form=form, kind=kind), 400 if form.errors else 200


def support_page(item):
    """A crisis reading shows its writer the support page at once, never the post: for a
    concern, the gentle one that says someone will check in today. None otherwise."""
    tier = posting.crisis_tier(item)
    if tier is None:
        return None
    if tier == safeguarding.CONCERN:
        return redirect(url_for("main.support", checkin=1))
    return redirect(url_for("main.support", sent=1))


def after_posting(item, post_id: int | None = None):
    """Where a writer goes next."""
    support = support_page(item)
    if support is not None:
        return support
    if isinstance(item, Post):
        # A shout-out up on the board is a moment: the flash celebrates it (base.html).
        message = posted_message(item)
        flash(message, "celebrate" if message == SHOUTOUT_UP else "success")
        return redirect(url_for("posts.show", post_id=item.id))
    if item.status == Status.PUBLISHED:
        flash("Thank you for replying!", "success")
    elif moderation.held_as_new_member(item):
        flash(f"Thanks! Your reply will appear soon. {NEW_MEMBER_NOTE}", "info")
    else:
        flash("Thanks! Your reply will appear once a member of staff has looked at it.", "info")
    return redirect(url_for("posts.show", post_id=post_id, _anchor=f"reply-{item.id}"))


def prefill(kind: PostKind) -> dict:
    """A thank-you shout-out arrives with the helper and a title filled in."""
    if kind != PostKind.SHOUTOUT:
        return {}
    return {
        "recipients": request.args.get("to", ""),
        "title": request.args.get("title", ""),
        "category": request.args.get("category", ""),
    }


# Why a new member's first posts wait: said kindly, so that nobody thinks they did wrong.
NEW_MEMBER_NOTE = (
    "Because you're new to the board, a member of staff reads your first few posts and replies "
    "before everyone sees them. You haven't done anything wrong: it's how we welcome everyone."
)


def posted_message(post: Post) -> str:
    if moderation.held_as_new_member(post):
        return f"Thanks! Your post will appear soon. {NEW_MEMBER_NOTE}"
    if post.status != Status.PUBLISHED:
        return "Thanks! Your post will appear once a member of staff has looked at it."
    if post.kind == PostKind.HELP:
        return "Your request is up. Classmates and staff can now offer help."
    if not permissions.is_public(queries.post_for_page(post.id)):
        return (
            "Thank you! Your shout-out will appear once the classmates it celebrates say OK: "
            "some people like to see shout-outs about them first."
        )
    return SHOUTOUT_UP


SHOUTOUT_UP = "Your shout-out is up. Thank you for celebrating a classmate!"


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
def edit(post_id: int):
    post = get_post(post_id, permissions.can_edit_post)
    form = EditPostForm(obj=post)
    form.body.label.text = "Details" if post.is_help else "Message"
    form.category.choices = list(posting.CATEGORIES[post.kind].items())
    if form.validate_on_submit():
        try:
            posting.edit_post(
                post, form.title.data, form.body.data, form.category.data, form.submission()
            )
        except posting.PostingError as error:
            show_error(form, error, "body")
        except posting.NeedsRethink as rethink:
            form.nudge_id.data = str(rethink.nudge_id)
            return render_template("posts/edit.html", form=form, post=post, rethink=rethink)
        else:
            support = support_page(post)
            if support is not None:
                return support
            flash("Your changes are saved.", "success")
            return redirect(url_for("posts.show", post_id=post.id))
    return render_template("posts/edit.html", form=form, post=post), 400 if form.errors else 200


@bp.post("/posts/<int:post_id>/delete")
def delete(post_id: int):
    post = get_post(post_id, permissions.can_delete_post)
    require_form()
    posting.delete_post(post)
    flash("Your post is deleted.", "info")
    return redirect(url_for("people.me"))


@bp.post("/posts/<int:post_id>/resolve")
def resolve(post_id: int):
    post = get_post(post_id, permissions.can_resolve)
    require_form()
    posting.resolve(post)
    flash("Marked as resolved. We're glad it's sorted!", "success")
    return redirect(url_for("posts.show", post_id=post.id))


# ---------------------------------------------------------------------------------------------
# Reading


@bp.get("/posts/<int:post_id>")
def show(post_id: int):
    post = get_post(post_id)
    # The user itself, not the proxy: the thread asks a permission question for every reply.
    thread = queries.thread(current_user._get_current_object(), post)
    revisions = queries.revisions(post) if permissions.can_moderate(current_user) else []
    return render_template(
        "posts/show.html",
        post=post,
        thread=thread,
        reply_form=ReplyForm(),
        hide_form=HideShoutoutForm(),
        revisions=revisions,
        thread_form=ThreadForm(
            slow_mode_minutes=str(post.slow_mode_minutes or 0), closed=post.closed_at is not None
        ),
    )


@bp.get("/posts/<int:post_id>/certificate")
def certificate(post_id: int):
    """A shout-out as a certificate to print (its own print stylesheet)."""
    post = get_post(post_id, permissions.can_print_certificate)
    return render_template("posts/certificate.html", post=post)


@bp.get("/posts/<int:post_id>/reactions")
def reactions(post_id: int):
    post = get_post(post_id)
    return render_template(
        "posts/reactions.html", post=post, grouped=queries.reactions_by_kind(post)
    )


@bp.post("/posts/<int:post_id>/react")
@bp.post("/posts/<int:post_id>/react/<kind>")
def react(post_id: int, kind: str | None = None):
    """Toggle one reaction. The card's form sends the kind as its button's value; the kind in
    the path is the same for scripts and links."""
    try:
        reaction = ReactionKind(kind or request.form.get("kind", ""))
    except ValueError:
        abort(404)
    post = get_post(post_id, permissions.can_react)
    require_form()
    on = posting.toggle_reaction(current_user, post, reaction)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(kind=reaction.value, on=on, count=post.reaction_count(reaction))
    back = request.form.get("next")
    back = safe_next(back) if back else url_for("posts.show", post_id=post.id)
    return redirect(f"{back}#post-{post.id}")


# ---------------------------------------------------------------------------------------------
# Replies


@bp.post("/posts/<int:post_id>/replies")
def reply(post_id: int):
    post = get_post(post_id, permissions.can_reply)
    form = ReplyForm()
    rethink = None
    if form.validate_on_submit():
        try:
            new = posting.add_reply(current_user, post, form.body.data, form.submission())
        except posting.PostingError as error:
            show_error(form, error, "body")
        except posting.NeedsRethink as needs:
            rethink = needs
            form.nudge_id.data = str(needs.nudge_id)
        else:
            return after_posting(new, post.id)
    thread = queries.thread(current_user, post)
    html = render_template(
        "posts/show.html",
        post=post,
        thread=thread,
        reply_form=form,
        hide_form=HideShoutoutForm(),
        revisions=[],
        rethink=rethink,
        thread_form=None,
    )
    return html, 200 if rethink else 400


@bp.post("/replies/<int:reply_id>/helped")
def helped(reply_id: int):
    reply, post = get_reply(reply_id)
    if not permissions.can_mark_helped(current_user, post, reply):
        abort(403)
    require_form()
    posting.mark_helped(post, reply)
    flash("Marked as helpful. Your request is resolved, and they'll know they helped.", "celebrate")
    return redirect(
        url_for("posts.show", post_id=post.id, thanked=reply.id, _anchor=f"reply-{reply.id}")
    )


@bp.post("/replies/<int:reply_id>/delete")
def delete_reply(reply_id: int):
    reply, post = get_reply(reply_id)
    if not permissions.can_delete_reply(current_user, reply):
        abort(403)
    require_form()
    posting.delete_reply(reply, post)
    flash("Your reply is deleted.", "info")
    return redirect(url_for("posts.show", post_id=post.id))


# ---------------------------------------------------------------------------------------------
# Shout-outs about me


@bp.post("/posts/<int:post_id>/approve")
def approve_shoutout(post_id: int):
    post = get_post(post_id, permissions.can_answer_shoutout)
    require_form()
    posting.answer_shoutout(current_user, post, approve=True)
    flash("Thanks! The shout-out is now on the board.", "success")
    return redirect(url_for("posts.show", post_id=post.id))


@bp.post("/posts/<int:post_id>/hide-about-me")
def hide_shoutout(post_id: int):
    post = get_post(post_id, permissions.can_answer_shoutout)
    form = HideShoutoutForm()
    if not form.validate_on_submit():
        abort(400)
    posting.answer_shoutout(current_user, post, approve=False, reason=form.reason.data or "")
    flash("Done. You're no longer in that shout-out, anywhere on the board.", "info")
    return redirect(url_for("people.me"))


@bp.get("/people/suggest")
def suggest():
    people = queries.suggest_classmates(request.args.get("q", ""))
    return jsonify([{"username": p.username, "display_name": p.display_name} for p in people])


# ---------------------------------------------------------------------------------------------
# Reports


@bp.route("/posts/<int:post_id>/report", methods=["GET", "POST"])
def report_post(post_id: int):
    post = get_post(post_id, permissions.can_report)
    return report_form(post, None)


@bp.route("/replies/<int:reply_id>/report", methods=["GET", "POST"])
def report_reply(reply_id: int):
    reply, post = get_reply(reply_id)
    if not permissions.can_report_reply(current_user, reply):
        abort(403)
    return report_form(post, reply)


def report_form(post: Post, reply: Reply | None):
    form = ReportForm()
    if form.validate_on_submit():
        try:
            moderation.report(current_user, post, reply, form.reason.data, form.note.data)
        except moderation.AlreadyReported:
            flash("You've already reported this. Thank you: staff will look at it.", "info")
        else:
            flash(
                "Thank you for reporting. A member of staff will look at it, and we'll let you "
                "know when they have.",
                "success",
            )
            if form.reason.data == "at_risk":
                return redirect(url_for("main.support"))
        return redirect(url_for("main.index"))
    html = render_template("posts/report.html", form=form, post=post, reply=reply)
    return html, 400 if form.errors else 200
