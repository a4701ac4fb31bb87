"""Post cards are cached by value (board/cards.py): the cache never shows one person what was
rendered for another, and a card follows every change to what it shows."""

import html
import re

import pytest

from board import posting
from board.extensions import db
from board.models import ReactionKind
from board.views.main import here

from .conftest import Auth
from .test_posting import ask

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def session_tokens(page: str) -> set[str]:
    """The session's own CSRF token behind each signed one on the page (the signature carries
    the second it was made, so two pages of one session may differ there)."""
    return {token.split(".")[0] for token in TOKEN.findall(page)}


@pytest.fixture
def classmates(make_user):
    return [make_user(name) for name in ("ana", "ben")]


def board_as(app, username: str) -> tuple[object, str]:
    client = app.test_client()  # an IsolatedClient: the `client` fixture chose the class
    Auth(client).login(username)
    return client, client.get("/").get_data(as_text=True)


def test_each_viewer_gets_their_own_csrf_token_in_cached_cards(app, client, people, classmates):
    for author in (people.student, people.staff, people.admin):  # three authors: all on page one
        ask(author, title=f"A question from {author.username}")
    ana, ana_page = board_as(app, "ana")
    ana_again = ana.get("/").get_data(as_text=True)  # every card from the cache now
    _, ben_page = board_as(app, "ben")

    ana_tokens, ben_tokens = session_tokens(ana_again), session_tokens(ben_page)
    assert len(TOKEN.findall(ana_again)) == 4  # three reaction forms and "Log out"
    assert len(set(TOKEN.findall(ana_again))) == 1  # the page's cards carry its own token
    assert len(ana_tokens) == 1 and len(ben_tokens) == 1
    assert ana_tokens != ben_tokens
    assert session_tokens(ana_page) == ana_tokens
    for page in (ana_page, ana_again, ben_page):
        assert "\x00" not in page and "csrf\x00" not in page


def test_a_card_follows_every_change_to_what_it_shows(app, client, people, classmates):
    post = ask(people.student, title="Stuck on fractions")
    ana, page = board_as(app, "ana")
    assert "Stuck on fractions" in page and 'aria-pressed="true"' not in page

    posting.toggle_reaction(classmates[1], post, ReactionKind.CELEBRATE)
    people.student.display_name = "Samira"
    post.title = "Still stuck on fractions"
    db.session.commit()
    page = ana.get("/").get_data(as_text=True)
    assert "Still stuck on fractions" in page and ">Samira</a>" in page
    assert re.search(r'value="celebrate"[^>]*aria-pressed="false"', page)
    assert re.search(r'Celebrate</span> <span class="reaction-count">1<', page)

    ana.post(f"/posts/{post.id}/react", data={"kind": "celebrate"})
    page = ana.get("/").get_data(as_text=True)
    assert re.search(r'value="celebrate"[^>]*aria-pressed="true"', page)
    assert re.search(r'Celebrate</span> <span class="reaction-count">2<', page)


def card(page: str, title: str) -> str:
    articles = re.findall(r"<article .*?</article>", page, re.S)
    return next(article for article in articles if title in article)


def test_the_same_post_is_a_different_card_for_each_kind_of_viewer(app, client, people, classmates):
    ask(people.student, title="Feeling left out", anonymous=True)
    _, student_page = board_as(app, "ana")
    _, staff_page = board_as(app, people.staff.username)
    _, author_page = board_as(app, "sam")

    for_student = card(student_page, "Feeling left out")
    assert "Someone in our school" in for_student and "Sam" not in for_student
    assert 'class="reaction-form"' in for_student
    for_staff = card(staff_page, "Feeling left out")
    assert ">Sam</a>" in for_staff and "posted anonymously" in for_staff
    for_author = card(author_page, "Feeling left out")
    assert "posted anonymously" in for_author
    assert 'class="reaction-form"' not in for_author  # nobody reacts to their own post


# A post page's replies are cached the same way (cards.ReplyCard).


def reply_html(page: str, text: str) -> str:
    articles = re.findall(r'<article class="reply.*?</article>', page, re.S)
    return next(article for article in articles if text in article)


def test_reply_cards_follow_changes_and_carry_each_viewers_token(app, client, people, classmates):
    ana, ben = classmates
    post = ask(people.student, title="Stuck on fractions", anonymous=True)
    posting.add_reply(people.student, post, "Thanks, still stuck")  # the anonymous asker
    helpful = posting.add_reply(ana, post, "Try drawing a pizza")
    url = f"/posts/{post.id}"

    asker, _ = board_as(app, "sam")
    asker.get(url)
    page = asker.get(url).get_data(as_text=True)  # the replies from the cache now
    mine = reply_html(page, "Try drawing a pizza")
    assert ">This helped</button>" in mine and "Report" in mine and ">Ana</a>" in mine
    assert '>Sam</a> <span class="tag">asked this</span>' in page

    ben_client, _ = board_as(app, "ben")
    ben_page = ben_client.get(url).get_data(as_text=True)
    assert "The person who asked" in ben_page and "Sam" not in ben_page
    assert "This helped" not in reply_html(ben_page, "Try drawing a pizza")
    ana_client, _ = board_as(app, "ana")
    ana_page = ana_client.get(url).get_data(as_text=True)
    own = reply_html(ana_page, "Try drawing a pizza")
    assert "Delete reply" in own and "Report" not in own
    tokens = [session_tokens(p) for p in (page, ana_page)]
    assert all(len(t) == 1 for t in tokens) and tokens[0] != tokens[1]
    assert all("\x00" not in p for p in (page, ben_page, ana_page))

    posting.mark_helped(post, helpful)
    ana.display_name = "Anaïs"
    db.session.commit()
    page = asker.get(url).get_data(as_text=True)
    mine = reply_html(page, "Try drawing a pizza")
    assert '<span class="tag tag-ok">This helped</span>' in mine and ">Ana&#239;s</a>" in mine
    assert ">This helped</button>" not in mine  # marked: no more button


def test_a_card_names_recipients_in_the_order_the_author_gave(app, client, people, make_user):
    """A list reads recipients in the same statement as the posts (queries.card_select)."""
    from .test_posting import shout

    zoe, amy = make_user("zoe", display_name="Zoë"), make_user("amy")  # zoe has the lower id
    shout(people.student, ["amy", "zoe"], title="Best duet")
    ben = make_user("ben")
    _, page = board_as(app, "ben")
    page = re.sub(r'<span class="avatar[^>]*></span>', "", page)
    byline = r'For <a href="/u/amy">Amy</a> and <a href="/u/zoe">Zo&#235;</a>, from <a'
    assert re.search(byline, page)
    assert ben.id > amy.id > zoe.id


def test_cards_are_ascii_with_character_references(app, client, people):
    """cards.py keeps a card's HTML in ASCII, so that one emoji does not make every string of
    the page four bytes a character; the browser shows the same characters."""
    ask(people.student, title="Café quiz 🎉", body="Who's in? 💛")
    _, page = board_as(app, "sam")
    article = card(page, "Caf&#233; quiz &#127881;")
    assert article.isascii()
    assert "Café quiz 🎉" in html.unescape(article) and "Who's in? 💛" in html.unescape(article)


def test_arguments_no_list_reads_make_no_new_cards(client, auth, people):
    """A card's way back (next) is part of its cache key: junk in a link must not make new
    entries, and the way back keeps only what the list reads."""
    ask(people.staff, title="Anyone?")
    auth.login("sam")
    with client.application.test_request_context("/?category=kindness&utm=x&after=1.5_3"):
        assert here() == "/?category=kindness&after=1.5_3"
    first = client.get("/?junk=1").get_data(as_text=True)
    second = client.get("/?junk=2&more=3").get_data(as_text=True)
    assert 'name="next" value="/"' in first and 'name="next" value="/"' in second
