"""Profiles, my page, my data export, and an admin deleting a student's account."""

import json

import pytest
from sqlalchemy import func, select

from board import posting
from board.extensions import db
from board.models import AuditEntry, Post, Reaction, ReactionKind, Recipient, Reply, User

from .test_posting import ask, shout


@pytest.fixture
def classmates(make_user):
    return [make_user(name) for name in ("ana", "ben", "cal")]


def test_profile_shows_shoutouts_received_help_given_and_public_posts(
    client, auth, people, classmates
):
    ana = classmates[0]
    shout(people.student, ["ana"], title="Ana aced the quiz")
    ask(ana, title="My public question")
    ask(ana, title="My secret question", anonymous=True)
    post = ask(classmates[1])
    posting.mark_helped(post, posting.add_reply(ana, post, "Here"))
    auth.login("cal")
    page = client.get("/u/ana").get_data(as_text=True)
    assert "Ana aced the quiz" in page
    assert "My public question" in page
    assert "My secret question" not in page
    assert "<strong>1</strong> classmate helped" in page


def test_profile_leaves_out_shoutouts_the_recipient_hid(client, auth, people, classmates):
    post = shout(people.student, ["ana"], title="Ana aced the quiz")
    posting.answer_shoutout(classmates[0], post, approve=False)
    auth.login("cal")
    assert "Ana aced the quiz" not in client.get("/u/ana").get_data(as_text=True)


def test_no_email_or_group_is_shown_on_profiles(client, auth, people):
    auth.login("sam")
    page = client.get("/u/ms.lee").get_data(as_text=True)
    assert "@" in page  # the username
    assert "mailto:" not in page


def test_my_page_lists_my_posts_with_their_status(client, auth, people):
    post = ask(people.student, anonymous=True)
    post.status = posting.Status.PENDING
    db.session.commit()
    auth.login("sam")
    page = client.get("/me").get_data(as_text=True)
    assert "Stuck on fractions" in page
    assert "Waiting for a member of staff" in page
    assert "posted anonymously" in page


def test_export_is_my_data_as_json(client, auth, people, classmates):
    post = ask(people.student, anonymous=True)
    posting.add_reply(people.student, post, "Update: still stuck")
    other = ask(classmates[0])
    posting.toggle_reaction(people.student, other, ReactionKind.SUPPORT)
    shout(classmates[1], ["sam"], title="Sam is kind")
    posting.restrict(people.student, classmates[2])
    auth.login("sam")
    response = client.get("/me/export")
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["username"] == "sam"
    assert [p["title"] for p in data["posts"]] == ["Stuck on fractions"]
    assert data["posts"][0]["anonymous"] is True
    assert [r["text"] for r in data["replies"]] == ["Update: still stuck"]
    assert data["reactions_given"] == [
        {"post_id": other.id, "reaction": "support", "at": data["reactions_given"][0]["at"]}
    ]
    assert [s["title"] for s in data["shoutouts_about_me"]] == ["Sam is kind"]
    assert data["restricted_classmates"] == ["cal"]
    assert "password" not in response.get_data(as_text=True).lower()


def test_export_does_not_reveal_who_asked_anonymously(client, auth, people, classmates):
    post = ask(classmates[0], anonymous=True)
    reply = posting.add_reply(people.student, post, "Try this")
    posting.mark_helped(post, reply)
    auth.login("sam")
    body = client.get("/me/export").get_data(as_text=True).lower()
    assert "ana" not in body


def test_admin_deletes_a_student_and_what_they_wrote(client, auth, people, classmates):
    ana, ben, _ = classmates
    their_post_id = ask(ana, title="Ana's question").id
    other_post = ask(ben, title="Ben's question")
    posting.add_reply(ana, other_post, "Ana's reply")
    posting.toggle_reaction(ana, other_post, ReactionKind.SUPPORT)
    shoutout = shout(people.student, ["ana", "ben"], title="Great duo")

    auth.login("head")
    page = client.get(f"/admin/accounts/{ana.id}/delete").get_data(as_text=True)
    assert "a former student" in page
    response = client.post(
        f"/admin/accounts/{ana.id}/delete", data={"confirm": "wrong", "reason": "Left school"}
    )
    assert response.status_code == 400
    response = client.post(
        f"/admin/accounts/{ana.id}/delete", data={"confirm": "ana", "reason": "Left school"}
    )
    assert response.status_code == 302

    assert db.session.scalar(select(User).where(User.username_key == "ana")) is None
    assert db.session.get(Post, their_post_id) is None
    assert db.session.scalar(select(func.count()).select_from(Reply)) == 0
    assert db.session.scalar(select(func.count()).select_from(Reaction)) == 0
    other_post = db.session.get(Post, other_post.id)
    assert other_post.support_count == 0 and other_post.reply_count == 0
    states = db.session.scalars(select(Recipient.user_id).where(Recipient.post_id == shoutout.id))
    assert sorted(states, key=str) == sorted([None, ben.id], key=str)
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.actor_name, entry.action, entry.reason) == (
        "head",
        "delete_account",
        "Left school",
    )
    assert "ana" in entry.subject

    page = client.get(f"/posts/{shoutout.id}").get_data(as_text=True)
    assert "a former student" in page and "Ben" in page
    board = client.get("/celebrations").get_data(as_text=True)  # the card, read as rows
    assert "a former student" in board and "Ben" in board


def test_staff_cannot_delete_accounts_and_admins_cannot_delete_staff(
    client, auth, people, classmates
):
    auth.login("ms.lee")
    assert client.get(f"/admin/accounts/{classmates[0].id}/delete").status_code == 403
    auth.logout()
    auth.login("head")
    assert client.get(f"/admin/accounts/{people.staff.id}/delete").status_code == 403
