"""What one student's pages can tell about another: who asked anonymously, and shout-outs that
staff hold or hid."""

import pytest

from board import posting

from .test_posting import ask


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
