"""Reactions, replies, "This helped", restricting a classmate, notifications."""

import pytest
from sqlalchemy import func, select

from board import posting
from board.extensions import db
from board.models import Notification, NotificationKind, Reaction, ReactionKind

from .test_posting import ask, shout


@pytest.fixture
def classmates(make_user):
    return [make_user(name) for name in ("ana", "ben", "cal")]


def test_reactions_toggle_without_javascript(client, auth, people, classmates):
    post = ask(people.student)
    auth.login("ana")
    response = client.post(f"/posts/{post.id}/react/celebrate")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/posts/{post.id}#post-{post.id}"
    page = client.get(f"/posts/{post.id}").get_data(as_text=True)
    assert 'aria-pressed="true"' in page
    client.post(f"/posts/{post.id}/react/celebrate")
    assert post.celebrate_count == 0


def test_a_card_has_one_reaction_form_whose_buttons_send_the_kind(client, auth, people, classmates):
    post = ask(people.student)
    auth.login("ana")
    page = client.get("/").get_data(as_text=True)
    assert page.count(f'action="/posts/{post.id}/react"') == 1
    for kind in ReactionKind:
        assert f'name="kind" value="{kind.value}"' in page
    response = client.post(f"/posts/{post.id}/react", data={"kind": "me_too", "next": "/"})
    assert response.headers["Location"] == f"/#post-{post.id}"
    assert post.me_too_count == 1
    assert client.post(f"/posts/{post.id}/react", data={"kind": "dislike"}).status_code == 404
    assert client.post(f"/posts/{post.id}/react").status_code == 404
    assert post.me_too_count == 1


def test_reaction_returns_to_the_board_when_asked(client, auth, people, classmates):
    post = ask(people.student)
    auth.login("ana")
    response = client.post(f"/posts/{post.id}/react/support", data={"next": "/?before=99"})
    assert response.headers["Location"] == f"/?before=99#post-{post.id}"
    response = client.post(f"/posts/{post.id}/react/support", data={"next": "https://evil.example"})
    assert response.headers["Location"] == f"/#post-{post.id}"


def test_one_of_each_reaction_per_person(people, classmates):
    post = ask(people.student)
    for kind in ReactionKind:
        assert posting.toggle_reaction(classmates[0], post, kind)
    posting.toggle_reaction(classmates[1], post, ReactionKind.SUPPORT)
    assert (post.support_count, post.celebrate_count, post.me_too_count, post.inspired_count) == (
        2,
        1,
        1,
        1,
    )
    assert not posting.toggle_reaction(classmates[0], post, ReactionKind.SUPPORT)
    assert post.support_count == 1
    assert db.session.scalar(select(func.count()).select_from(Reaction)) == 4


def test_there_are_only_positive_reactions(client, auth, people, classmates):
    post = ask(people.student)
    auth.login("ana")
    assert client.post(f"/posts/{post.id}/react/dislike").status_code == 404
    page = client.get(f"/posts/{post.id}").get_data(as_text=True)
    for label in ("Support", "Celebrate", "Me too", "Inspired"):
        assert f">{label}<" in page
    assert "dislike" not in page.lower() and "downvote" not in page.lower()


def test_authors_cannot_react_to_their_own_post(client, auth, people):
    post = ask(people.student)
    auth.login("sam")
    assert client.post(f"/posts/{post.id}/react/support").status_code == 403


def test_who_reacted_is_shown_on_request(client, auth, people, classmates):
    post = ask(people.student)
    posting.toggle_reaction(classmates[0], post, ReactionKind.INSPIRED)
    auth.login("ben")
    page = client.get(f"/posts/{post.id}/reactions").get_data(as_text=True)
    assert "Inspired (1)" in page and "Ana" in page


def test_author_hears_about_reactions_and_replies(client, auth, people, classmates):
    post = ask(people.student)
    posting.toggle_reaction(classmates[0], post, ReactionKind.SUPPORT)
    posting.add_reply(classmates[1], post, "I can help after school")
    auth.login("sam")
    page = client.get("/notifications").get_data(as_text=True)
    assert "Ana reacted “Support”" in page
    assert "Ben replied to" in page
    assert '<span class="badge">2' in client.get("/").get_data(as_text=True)


def test_opening_a_notification_marks_it_read(client, auth, people, classmates):
    post = ask(people.student)
    reply = posting.add_reply(classmates[1], post, "I can help")
    notification = db.session.scalar(select(Notification))
    auth.login("sam")
    response = client.post(f"/notifications/{notification.id}/open")
    assert response.headers["Location"] == f"/posts/{post.id}#reply-{reply.id}"
    assert notification.read_at is not None
    assert 'class="badge"' not in client.get("/").get_data(as_text=True)


def test_mark_all_read(client, auth, people, classmates):
    post = ask(people.student)
    for person in classmates:
        posting.toggle_reaction(person, post, ReactionKind.SUPPORT)
    auth.login("sam")
    client.post("/notifications/read-all")
    unread = db.session.scalar(
        select(func.count()).select_from(Notification).where(Notification.read_at.is_(None))
    )
    assert unread == 0


def test_nobody_opens_someone_elses_notification(client, auth, people, classmates):
    post = ask(people.student)
    posting.add_reply(classmates[1], post, "I can help")
    notification = db.session.scalar(select(Notification))
    auth.login("ana")
    assert client.post(f"/notifications/{notification.id}/open").status_code == 404
    assert notification.read_at is None


def test_offer_help_then_this_helped_resolves_and_credits(client, auth, people, classmates):
    post = ask(people.student)
    auth.login("ana")
    page = client.get(f"/posts/{post.id}").get_data(as_text=True)
    assert "Offer help" in page
    client.post(f"/posts/{post.id}/replies", data={"body": "Find a common denominator!"})
    auth.logout()
    reply = db.session.scalar(select(posting.Reply))
    assert post.first_reply_at is not None and post.reply_count == 1

    auth.login("sam")
    response = client.post(f"/replies/{reply.id}/helped")
    assert response.status_code == 302
    assert post.resolved_at is not None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Resolved" in page and "This helped" in page
    assert "Thank Ana with a shout-out" in page
    assert "to=ana" in page and "kind=shoutout" in page
    auth.logout()

    auth.login("ana")
    assert "said your reply helped" in client.get("/notifications").get_data(as_text=True)
    assert "<strong>1</strong> classmate helped" in client.get("/u/ana").get_data(as_text=True)


def test_thank_you_shoutout_form_is_prefilled(client, auth, people, classmates):
    auth.login("sam")
    page = client.get(
        "/posts/new?kind=shoutout&to=ana&title=Thank+you+for+helping+me!&category=kindness"
    ).get_data(as_text=True)
    assert 'value="ana"' in page
    assert 'value="Thank you for helping me!"' in page
    assert '<option selected value="kindness">' in page


def test_classmates_helped_counts_different_people(people, classmates):
    ana = classmates[0]
    for asker in (people.student, classmates[1], classmates[1]):
        post = ask(asker)
        posting.mark_helped(post, posting.add_reply(ana, post, "Here you go"))
    assert posting.classmates_helped(ana.id) == 2


def test_only_the_asker_marks_this_helped(client, auth, people, classmates):
    post = ask(people.student)
    reply = posting.add_reply(classmates[0], post, "Try this")
    auth.login("ben")
    assert client.post(f"/replies/{reply.id}/helped").status_code == 403
    assert "This helped</button>" not in client.get(f"/posts/{post.id}").get_data(as_text=True)


def test_shoutout_replies_say_add_your_congrats(client, auth, people, classmates):
    post = shout(people.student, ["ana"])
    auth.login("ben")
    assert "Add your congrats" in client.get(f"/posts/{post.id}").get_data(as_text=True)


def test_restricted_classmates_replies_are_shown_only_to_them_and_staff(
    client, auth, people, classmates
):
    ana, ben, _ = classmates
    post = ask(people.student)
    auth.login("sam")
    assert client.post("/u/ana/restrict").status_code == 302
    auth.logout()
    posting.add_reply(ana, post, "Fractions again? Just google it")
    posting.add_reply(ben, post, "Happy to help")

    for viewer, sees in (("sam", False), ("cal", False), ("ana", True), ("ms.lee", True)):
        auth.login(viewer)
        page = client.get(f"/posts/{post.id}").get_data(as_text=True)
        assert ("Just google it" in page) is sees, viewer
        assert "Happy to help" in page
        auth.logout()
    # Sam is not notified about the restricted reply; Ana is never told.
    kinds = db.session.scalars(
        select(Notification.actor_id).where(Notification.kind == NotificationKind.REPLY)
    ).all()
    assert kinds == [ben.id]


def test_a_restricted_classmates_reply_leaves_the_request_needing_a_helper_but_not_for_them(
    client, auth, people, classmates
):
    ana = classmates[0]
    posting.restrict(people.student, ana)
    post = ask(people.student)
    posting.add_reply(ana, post, "Just google it")
    for viewer, tag in (("cal", "Needs a helper"), ("sam", "Needs a helper"), ("ana", "Open")):
        auth.login(viewer)
        expected = f'class="tag{" tag-warning" if tag != "Open" else ""}">{tag}</span>'
        page = client.get(f"/posts/{post.id}").get_data(as_text=True)
        assert expected in page, viewer
        # Their card on the board too: to Ana her reply counts like anyone's.
        board = client.get("/").get_data(as_text=True)
        assert expected in board, viewer
        assert ("1 reply" in board) is (viewer == "ana"), viewer
        auth.logout()


def test_restricted_classmate_cannot_name_you_and_is_not_told(client, auth, people, classmates):
    ana = classmates[0]
    posting.restrict(people.student, ana)
    auth.login("ana")
    response = client.post(
        "/posts/new?kind=shoutout",
        data={"title": "For Sam", "body": "Hi", "category": "kindness", "recipients": "sam"},
    )
    assert response.status_code == 302  # nothing tells Ana
    post_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert client.get(f"/posts/{post_id}").status_code == 200
    auth.logout()
    auth.login("ben")
    assert client.get(f"/posts/{post_id}").status_code == 404
    auth.logout()
    auth.login("sam")
    assert "For Sam" not in client.get("/notifications").get_data(as_text=True)


def test_restrict_and_unrestrict_from_the_profile(client, auth, people, classmates):
    auth.login("sam")
    client.post("/u/ben/restrict")
    assert "Ben" in client.get("/me").get_data(as_text=True)
    client.post("/u/ben/unrestrict", data={"next": "/me"})
    assert posting.restricted_ids(people.student.id) == set()


def test_staff_cannot_be_restricted_and_nobody_restricts_themselves(client, auth, people):
    auth.login("sam")
    assert client.post("/u/ms.lee/restrict").status_code == 403
    assert client.post("/u/sam/restrict").status_code == 403


def test_reply_errors_keep_the_page(client, auth, people, classmates):
    post = ask(people.student)
    auth.login("ana")
    response = client.post(f"/posts/{post.id}/replies", data={"body": "   "})
    assert response.status_code == 400
    assert "Please write your reply first." in response.get_data(as_text=True)


def test_deleting_a_reply_updates_the_count(client, auth, people, classmates):
    post = ask(people.student)
    reply = posting.add_reply(classmates[0], post, "Try this")
    auth.login("ana")
    assert client.post(f"/replies/{reply.id}/delete").status_code == 302
    assert post.reply_count == 0 and post.first_reply_at is None
    auth.logout()
    auth.login("ben")
    assert "Try this" not in client.get(f"/posts/{post.id}").get_data(as_text=True)
