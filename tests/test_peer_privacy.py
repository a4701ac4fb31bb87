"""What one student's pages can tell about another: who asked anonymously, and shout-outs that
staff hold or hid."""

import json

import pytest

from board import moderation, posting
from board.models import Status

from .test_posting import ask, shout


@pytest.fixture
def classmates(make_user):
    return [make_user(name) for name in ("ana", "ben", "cal", "dev")]


def helped(helper, post) -> None:
    posting.mark_helped(post, posting.add_reply(helper, post, "Try drawing it as a pie"))


def profile_stat(client, username: str) -> str:
    page = client.get(f"/u/{username}").get_data(as_text=True)
    return page.split('<p class="stat">')[1].split("</p>")[0]


def test_helped_counts_do_not_tell_who_asked_anonymously(client, auth, people, classmates):
    ana, ben, cal, dev = classmates
    # Ben and Cal both helped Ana in the open; then each helped one anonymous request, Ben's
    # from Ana herself and Cal's from Dev.
    helped(ben, ask(ana, title="Fractions"))
    helped(cal, ask(ana, title="Decimals"))
    helped(ben, ask(ana, title="Percentages", anonymous=True))
    helped(cal, ask(dev, title="Ratios", anonymous=True))
    auth.login("sam")
    # Counting different askers, Ben's count would stay at one (his anonymous asker was someone
    # he had helped before, and Ana's public request shows who that is) while Cal's grew to two.
    assert "<strong>2</strong> classmates helped" in profile_stat(client, "ben")
    assert "<strong>2</strong> classmates helped" in profile_stat(client, "cal")


def test_an_anonymous_request_counts_once_and_named_askers_count_once_each(people, classmates):
    ana, ben, *_ = classmates
    helped(ben, ask(ana))
    helped(ben, ask(ana, title="Again"))
    helped(ben, ask(ana, title="Once more", anonymous=True))
    assert posting.classmates_helped(ben.id) == 2


# --- shout-outs staff hold or hid --------------------------------------------------------------

NOT_SHOWN = "a shout-out (not shown)"


def notifications_of(client, auth, username: str) -> str:
    auth.login(username)
    page = client.get("/notifications").get_data(as_text=True)
    auth.logout()
    return page


def export_of(client, auth, username: str) -> dict:
    auth.login(username)
    data = json.loads(client.get("/me/export").get_data(as_text=True))
    auth.logout()
    return data


def received_titles(client, auth, username: str) -> list[str]:
    return [s["title"] for s in export_of(client, auth, username)["shoutouts_about_me"]]


@pytest.fixture
def held_word(people):
    moderation.add_watched_word(people.staff, "zebra", "hold")


def test_a_shoutout_held_for_staff_shows_its_recipient_no_title(
    client, auth, people, classmates, held_word
):
    ana, ben, *_ = classmates
    post = shout(ana, ["ben"], title="Ben and the zebra dance")
    assert post.status == Status.PENDING
    assert received_titles(client, auth, "ben") == [NOT_SHOWN]
    assert "zebra" not in notifications_of(client, auth, "ben")
    # Its writer's own export keeps what they wrote.
    assert [p["title"] for p in export_of(client, auth, "ana")["posts"]] == [
        "Ben and the zebra dance"
    ]

    moderation.approve(people.staff, post)
    assert "Ben and the zebra dance" in notifications_of(client, auth, "ben")
    assert received_titles(client, auth, "ben") == ["Ben and the zebra dance"]


def test_a_shoutout_hidden_after_approval_takes_its_title_back(
    client, auth, people, classmates, held_word
):
    ana, ben, *_ = classmates
    post = shout(ana, ["ben"], title="Ben and the zebra dance")
    moderation.approve(people.staff, post)
    moderation.hide(people.staff, post)
    page = notifications_of(client, auth, "ben")
    assert "gave you a shout-out (not shown)" in page and "zebra" not in page
    assert received_titles(client, auth, "ben") == [NOT_SHOWN]
    # Its writer still sees it.
    assert "Ben and the zebra dance" in export_of(client, auth, "ana")["posts"][0]["title"]


def test_a_shoutout_held_again_after_an_edit_shows_neither_title(
    client, auth, people, classmates, held_word
):
    ana, ben, *_ = classmates
    post = shout(ana, ["ben"], title="Ben the brave")
    assert "Ben the brave" in notifications_of(client, auth, "ben")
    posting.edit_post(post, "Ben the zebra", post.body, post.category)
    assert post.status == Status.PENDING
    page = notifications_of(client, auth, "ben")
    assert "Ben the" not in page and "gave you a shout-out (not shown)" in page
    assert received_titles(client, auth, "ben") == [NOT_SHOWN]


def test_a_helper_no_longer_sees_the_title_of_a_request_staff_hid(client, auth, people, classmates):
    ana, ben, *_ = classmates
    request = ask(ana, title="Trouble at home")
    helped(ben, request)
    assert "Trouble at home" in notifications_of(client, auth, "ben")
    moderation.hide(people.staff, request)
    page = notifications_of(client, auth, "ben")
    assert "Trouble at home" not in page and "a help request (not shown)" in page
