"""Help requests and shout-outs: writing, editing, deleting, recipients and their consent."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from board import posting
from board.extensions import db
from board.models import (
    Notification,
    NotificationKind,
    Post,
    PostKind,
    ReactionKind,
    RecipientState,
    Revision,
    Role,
    Status,
    utcnow,
)


def ask(author, title="Stuck on fractions", body="Can anyone explain equivalent fractions?", **kw):
    return posting.create_post(
        author, posting.Draft(PostKind.HELP, title, body, kw.pop("category", "schoolwork"), **kw)
    )


def shout(author, recipients, title="Brilliant recital", body="You were amazing!", **kw):
    return posting.create_post(
        author,
        posting.Draft(
            PostKind.SHOUTOUT, title, body, kw.pop("category", "arts"), recipients=recipients, **kw
        ),
    )


@pytest.fixture
def classmates(make_user):
    return [make_user(name) for name in ("ana", "ben", "cal")]


def test_student_asks_for_help_through_the_form(client, auth, people):
    auth.login("sam")
    assert "Ask for help" in client.get("/posts/new").get_data(as_text=True)
    response = client.post(
        "/posts/new?kind=help",
        data={
            "title": "Stuck on fractions",
            "body": "How do I add 1/3 and 1/4?",
            "category": "schoolwork",
        },
    )
    assert response.status_code == 302
    post = db.session.scalar(select(Post))
    assert post.kind == PostKind.HELP and post.status == Status.PUBLISHED
    page = client.get("/").get_data(as_text=True)
    assert "Stuck on fractions" in page and "Needs a helper" in page


def test_form_errors_keep_what_was_typed(client, auth, people):
    auth.login("sam")
    response = client.post(
        "/posts/new?kind=help",
        data={"title": "x" * 121, "body": "My long question", "category": "schoolwork"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "at most 120 characters" in page
    assert "My long question" in page


def test_text_longer_than_4000_characters_is_refused_with_a_count(client, auth, people):
    auth.login("sam")
    response = client.post(
        "/posts/new?kind=help",
        data={"title": "Long", "body": "a" * 4001, "category": "schoolwork"},
    )
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Post)) == 0


def test_category_must_be_one_of_the_kinds_categories(client, auth, people):
    auth.login("sam")
    response = client.post(
        "/posts/new?kind=help", data={"title": "Hi", "body": "Question", "category": "sports"}
    )
    assert "choose a category" in response.get_data(as_text=True)


def test_shoutout_names_recipients_who_are_told(client, auth, people, classmates):
    auth.login("sam")
    response = client.post(
        "/posts/new?kind=shoutout",
        data={
            "title": "Great teamwork",
            "body": "Thanks @ana and @ben!",
            "category": "kindness",
            "recipients": "@ana, BEN",
        },
    )
    assert response.status_code == 302
    post = db.session.scalar(select(Post))
    assert '<a href="/u/ana">@ana</a>' in post.body_html
    kinds = db.session.scalars(
        select(Notification.kind).where(Notification.post_id == post.id)
    ).all()
    assert kinds == [NotificationKind.SHOUTOUT, NotificationKind.SHOUTOUT]
    page = client.get(f"/posts/{post.id}").get_data(as_text=True)
    assert 'For <span class="avatar' in page and "Ana</a>" in page and "Ben</a>" in page


@pytest.mark.parametrize(
    "recipients, message",
    [
        ("", "Choose at least one classmate"),
        ("sam", "can&#39;t name yourself"),
        ("nobody-like-this", "couldn&#39;t find a classmate called"),
        ("ms.lee", "couldn&#39;t find a classmate called"),
        (", ".join(f"kid{i}" for i in range(11)), "up to 10 classmates"),
    ],
)
def test_shoutout_recipient_errors_are_clear(
    client, auth, people, classmates, make_user, recipients, message
):
    for i in range(11):
        make_user(f"kid{i}")
    auth.login("sam")
    response = client.post(
        "/posts/new?kind=shoutout",
        data={
            "title": "Yay",
            "body": "Well done",
            "category": "kindness",
            "recipients": recipients,
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert "Well done" in page
    assert db.session.scalar(select(func.count()).select_from(Post)) == 0


def test_suspended_classmates_cannot_be_named(people, classmates):
    classmates[0].suspended_until = utcnow() + timedelta(days=1)
    db.session.commit()
    with pytest.raises(posting.PostingError):
        shout(people.student, ["ana"])


def test_five_shoutouts_a_day_then_a_kind_no(client, auth, people, classmates):
    for number in range(5):
        shout(people.student, ["ana"], title=f"Shout {number}")
    auth.login("sam")
    response = client.post(
        "/posts/new?kind=shoutout",
        data={"title": "Sixth", "body": "One more", "category": "kindness", "recipients": "ben"},
    )
    assert "already given 5 shout-outs today" in response.get_data(as_text=True)
    assert response.status_code == 400


def test_staff_are_not_limited_to_five_shoutouts(people, classmates):
    for number in range(6):
        shout(people.staff, ["ana"], title=f"Shout {number}")


def test_anonymous_is_only_for_help_requests(people, classmates):
    post = shout(people.student, ["ana"], anonymous=True)
    assert not post.anonymous


def test_recipient_who_waits_for_ok_approves_before_anyone_sees_it(
    client, auth, people, classmates
):
    ana = classmates[0]
    ana.shoutouts_need_ok = True
    db.session.commit()
    post = shout(people.student, ["ana"])
    assert db.session.scalar(select(Notification.kind)) == NotificationKind.SHOUTOUT_WAITING

    auth.login("ben")
    assert "Brilliant recital" not in client.get("/").get_data(as_text=True)
    assert client.get(f"/posts/{post.id}").status_code == 404
    assert "Brilliant recital" not in client.get("/u/ana").get_data(as_text=True)
    auth.logout()

    auth.login("ana")
    assert "Shout-outs waiting for your OK" in client.get("/me").get_data(as_text=True)
    assert client.post(f"/posts/{post.id}/approve").status_code == 302
    auth.logout()

    auth.login("ben")
    assert "Brilliant recital" in client.get("/").get_data(as_text=True)


def test_a_recipient_who_declines_is_taken_off_and_it_stays_for_the_others(
    client, auth, people, classmates
):
    """One recipient's "I'd rather not be in this" takes them off the shout-out; it stays up,
    naming the others, on the feed, their profiles, the hall of fame and the wall."""
    post = shout(people.student, ["ana", "ben"])
    posting.toggle_reaction(classmates[2], post, ReactionKind.CELEBRATE)  # for the hall of fame
    auth.login("ana")
    response = client.post(f"/posts/{post.id}/hide-about-me", data={"reason": "It's embarrassing"})
    assert response.status_code == 302
    auth.logout()
    for viewer in ("ben", "cal", "sam"):
        auth.login(viewer)
        for page in ("/", "/u/ben", "/hall-of-fame", f"/posts/{post.id}"):
            html = client.get(page).get_data(as_text=True)
            assert "Brilliant recital" in html, (viewer, page)
            assert 'href="/u/ana"' not in html, (viewer, page)
        assert "Brilliant recital" not in client.get("/u/ana").get_data(as_text=True)
        auth.logout()
    auth.login("ms.lee")
    wall = client.get("/wall").get_data(as_text=True)
    assert "Brilliant recital" in wall and "Ben" in wall and "<strong>Ana</strong>" not in wall
    recipient = next(
        r for r in db.session.scalars(select(posting.Recipient)) if r.user_id == classmates[0].id
    )
    assert recipient.state == RecipientState.HIDDEN
    assert recipient.hidden_reason == "It's embarrassing"


def test_when_the_last_recipient_declines_the_shoutout_goes(client, auth, people, classmates):
    post = shout(people.student, ["ana", "ben"])
    posting.toggle_reaction(classmates[2], post, ReactionKind.CELEBRATE)
    posting.answer_shoutout(classmates[0], post, approve=False)
    posting.answer_shoutout(classmates[1], post, approve=False)
    for viewer in ("ben", "cal", "sam"):
        auth.login(viewer)
        for page in ("/", "/u/ben", "/hall-of-fame"):
            assert "Brilliant recital" not in client.get(page).get_data(as_text=True)
        auth.logout()


def test_settings_choose_whether_shoutouts_wait(client, auth, people):
    auth.login("sam")
    client.post("/me/settings", data={"shoutouts_need_ok": "ask"})
    assert people.student.shoutouts_need_ok
    client.post("/me/settings", data={"shoutouts_need_ok": "now"})
    assert not people.student.shoutouts_need_ok


def test_author_edits_and_staff_see_the_history(client, auth, people):
    post = ask(people.student)
    auth.login("sam")
    response = client.post(
        f"/posts/{post.id}/edit",
        data={"title": "Stuck on decimals", "body": "Actually decimals", "category": "schoolwork"},
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Revision.title)) == "Stuck on fractions"
    assert "Edit history" not in client.get(f"/posts/{post.id}").get_data(as_text=True)
    auth.logout()
    auth.login("ms.lee")
    page = client.get(f"/posts/{post.id}").get_data(as_text=True)
    assert "Edit history" in page and "Stuck on fractions" in page


def test_only_the_author_may_edit_or_delete(client, auth, people, classmates):
    post = ask(people.student)
    auth.login("ana")
    assert client.get(f"/posts/{post.id}/edit").status_code == 403
    assert client.post(f"/posts/{post.id}/delete").status_code == 403


def test_deleted_posts_leave_students_but_staff_keep_them(client, auth, people, classmates):
    post = ask(people.student)
    auth.login("sam")
    assert client.post(f"/posts/{post.id}/delete").status_code == 302
    assert client.get(f"/posts/{post.id}").status_code == 404
    auth.logout()
    auth.login("ana")
    assert "Stuck on fractions" not in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login("ms.lee")
    assert "Deleted by the author" in client.get(f"/posts/{post.id}").get_data(as_text=True)


@pytest.mark.parametrize("status", [Status.PENDING, Status.REJECTED, Status.HIDDEN, Status.REMOVED])
def test_students_never_see_others_unpublished_posts(client, auth, people, classmates, status):
    post = ask(people.student)
    post.status = status
    db.session.commit()
    auth.login("ana")
    assert client.get(f"/posts/{post.id}").status_code == 404
    assert "Stuck on fractions" not in client.get("/").get_data(as_text=True)
    assert "Stuck on fractions" not in client.get("/u/sam").get_data(as_text=True)


def test_lifecycle_refuses_illegal_moves(people):
    post = ask(people.student)
    from board.models import IllegalTransition, move

    move(post, Status.HIDDEN)
    move(post, Status.PUBLISHED)
    move(post, Status.HIDDEN)
    move(post, Status.REMOVED)
    with pytest.raises(IllegalTransition):
        move(post, Status.PUBLISHED)


def test_older_posts_page(client, auth, people, classmates):
    authors = [people.student, *classmates]
    for number in range(25):
        ask(authors[number % 4], title=f"Question {number}")
    auth.login("sam")
    first = client.get("/").get_data(as_text=True)
    assert "Question 24" in first and "Question 4<" not in first
    older = first.split('href="/?')[1].split('"')[0].replace("&amp;", "&")
    second = client.get(f"/?{older}").get_data(as_text=True)
    assert "Question 4<" in second and "Question 24" not in second


def test_staff_posts_and_profiles(client, auth, people):
    auth.login("ms.lee")
    assert client.get("/u/sam").status_code == 200
    assert client.get("/u/nobody").status_code == 404
    assert people.staff.role == Role.STAFF


def test_staff_see_why_a_recipient_hid_a_shoutout(client, auth, people, classmates):
    post = shout(people.student, ["ana"])
    posting.answer_shoutout(classmates[0], post, approve=False, reason="Too shy for this")
    auth.login("ms.lee")
    page = client.get(f"/posts/{post.id}").get_data(as_text=True)
    assert "ana:" in page and "Too shy for this" in page
