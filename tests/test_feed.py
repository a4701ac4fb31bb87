"""The positivity-first feed: one test per ranking rule, the views, search, the wall."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from board import moderation, posting, queries, ranking, wall
from board.extensions import db
from board.models import (
    KioskLink,
    Notification,
    NotificationKind,
    Post,
    PostKind,
    ReactionKind,
    Status,
    utcnow,
)

from .test_posting import ask, shout


@pytest.fixture
def classmates(make_user):
    return [make_user(name) for name in ("ana", "ben", "cal", "dee", "eve")]


def age(post, hours):
    """Make a post `hours` old, and recompute its score as the events would have."""
    post.created_at = utcnow() - timedelta(hours=hours)
    ranking.refresh(post)
    db.session.commit()
    return post


def order(viewer, **kw):
    return [p.title for p in queries.ranked(viewer, **kw).posts]


# --- the formula, rule by rule -----------------------------------------------------------------


def test_an_unanswered_help_request_outranks_an_equally_old_resolved_one(people, classmates):
    resolved = age(ask(classmates[0], title="Resolved"), 5)
    posting.resolve(resolved)
    age(ask(classmates[1], title="Unanswered"), 5)
    assert order(people.student) == ["Unanswered", "Resolved"]


def test_celebrations_and_needs_come_before_open_requests_with_replies(people, classmates):
    answered = age(ask(classmates[0], title="Answered"), 3)
    posting.add_reply(classmates[1], answered, "Try this")
    age(ask(classmates[2], title="Unanswered"), 3)
    age(shout(classmates[3], ["ana"], title="Shout"), 3)
    titles = order(people.student)
    assert titles.index("Answered") == 2


def test_freshness_matters(people, classmates):
    age(ask(classmates[0], title="Old"), 48)
    age(ask(classmates[1], title="New"), 1)
    assert order(people.student) == ["New", "Old"]


def test_a_post_outranks_a_newer_one_only_with_the_engagement_the_formula_says(people, classmates):
    # 12 hours of age is one point; log2(1 + reactions) must make it up.
    older = age(ask(classmates[0], title="Older"), 12)
    age(ask(classmates[1], title="Newer"), 0)
    posting.toggle_reaction(classmates[2], older, ReactionKind.SUPPORT)
    assert order(people.student)[0] == "Newer"  # log2(2) = 1 only ties the 12 hours
    posting.toggle_reaction(classmates[3], older, ReactionKind.SUPPORT)
    assert order(people.student)[0] == "Older"  # log2(3) > 1


def test_resolved_requests_sink_even_when_this_helped_lifts_them(people, classmates):
    """Same age: open with replies, then resolved by "This helped", then resolved by hand
    (with a reaction, which counts less than a helpful reply)."""
    open_ = age(ask(classmates[0], title="Open"), 2)
    helped = age(ask(classmates[1], title="Helped"), 2)
    by_hand = age(ask(classmates[2], title="By hand"), 2)
    for post in (open_, helped, by_hand):
        posting.add_reply(classmates[3], post, "Try this")
    reply = db.session.scalar(select(posting.Reply).where(posting.Reply.post_id == helped.id))
    posting.mark_helped(helped, reply)
    posting.resolve(by_hand)
    posting.toggle_reaction(classmates[4], by_hand, ReactionKind.SUPPORT)
    assert order(people.student) == ["Open", "Helped", "By hand"]


def test_a_helpful_reply_staff_hid_no_longer_lifts_the_request(people, classmates):
    post = ask(classmates[0])
    reply = posting.add_reply(classmates[1], post, "Try this")
    posting.mark_helped(post, reply)
    lifted = post.score
    moderation.hide(people.staff, reply)
    assert ranking.helpful_replies(post.id) == 0
    assert post.score == pytest.approx(lifted - 2)  # log2(1 + 3) of it gone


def test_reports_and_reply_counts_never_change_a_score(people, classmates):
    post = ask(classmates[0])
    before = post.score
    moderation.report(classmates[1], post, None, "unkind")
    assert post.score == before  # a report never moves a post
    posting.add_reply(classmates[1], post, "first")
    after_first = post.score
    for person in classmates[2:]:
        posting.add_reply(person, post, "more replies, maybe an argument")
    assert post.score == after_first  # more replies never raise it
    assert after_first < before  # a first helper only moves it out of "needs a helper"


def test_a_restricted_classmates_reply_does_not_answer_a_request(people, classmates):
    """Only the writer and staff see it: it must not take the request out of "Needs a helper"
    (nor stop staff hearing it waited a day), and the reply count counts what all can see."""
    asker, restricted = classmates[0], classmates[1]
    posting.restrict(asker, restricted)
    post = age(ask(asker, title="Still waiting"), 2)
    posting.add_reply(restricted, post, "Ha")
    assert (post.first_reply_at, post.reply_count) == (None, 0)
    assert [p.title for p in queries.needs_helper(people.student).posts] == ["Still waiting"]

    posting.unrestrict(asker, restricted)
    assert post.first_reply_at is not None and post.reply_count == 1
    posting.restrict(asker, restricted)  # restricting later takes the reply out again
    assert (post.first_reply_at, post.reply_count) == (None, 0)


def test_the_score_is_stable_between_events(people, classmates):
    post = ask(classmates[0])
    first = post.score
    db.session.expire_all()
    assert db.session.get(Post, post.id).score == first


def test_only_published_posts_are_in_the_feed(people, classmates):
    hidden = ask(classmates[0], title="Hidden")
    hidden.status = Status.HIDDEN
    db.session.commit()
    ask(classmates[1], title="Shown")
    assert order(people.student) == ["Shown"]


def test_page_one_never_shows_more_than_two_in_a_row_by_one_author(people, classmates):
    for number in range(6):
        age(ask(classmates[0], title=f"Ana {number}"), number * 0.1)
    for number in range(3):
        age(ask(classmates[1], title=f"Ben {number}"), 10 + number)
    authors = [p.author_id for p in queries.ranked(people.student).posts]
    runs = [authors[i : i + 3] for i in range(len(authors) - 2)]
    assert not any(len(set(run)) == 1 for run in runs)


class P:
    def __init__(self, author_id, name, anonymous=False):
        self.id, self.author_id, self.name, self.anonymous = name, author_id, name, anonymous


def test_spread_authors_never_holds_back_an_anonymous_request():
    """Held back after two posts by its asker, it would point at them."""
    posts = [P(1, "a1"), P(1, "a2"), P(1, "anonymous", anonymous=True), P(2, "b1")]
    assert [p.name for p in ranking.spread_authors(posts, 4)] == ["a1", "a2", "anonymous", "b1"]


def test_spread_authors_keeps_rank_order_where_it_can():
    posts = [P(1, "a1"), P(1, "a2"), P(1, "a3"), P(2, "b1"), P(1, "a4"), P(3, "c1")]
    assert [p.name for p in ranking.spread_authors(posts, 6)] == [
        "a1",
        "a2",
        "b1",
        "a3",
        "a4",
        "c1",
    ]


def test_page_two_after_page_one_skips_nothing_and_repeats_nothing(people, classmates):
    for number in range(30):
        age(ask(classmates[number % 5 if number % 3 else 0], title=f"Q{number}"), number)
    first = queries.ranked(people.student)
    second = queries.ranked(
        people.student, queries.parse_cursor(first.older["after"], first.older.get("seen"))
    )
    seen = [p.id for p in first.posts] + [p.id for p in second.posts]
    assert len(seen) == len(set(seen)) == 30


def test_posts_page_one_showed_early_never_come_back(people, classmates, make_user):
    """One author's long run: page one shows the others' posts early (skipping past its run);
    no later page may show them again, and every post is shown once."""
    teacher = make_user("mr.day")
    for number in range(28):
        age(ask(teacher, title=f"T{number}"), number * 0.01)
    for number in range(2):
        age(ask(classmates[number], title=f"O{number}"), 1 + number * 0.01)
    for number in range(15):
        age(ask(classmates[2 + number % 3], title=f"Old{number}"), 30 + number)
    pages = [queries.ranked(people.student)]
    while pages[-1].older:
        older = pages[-1].older
        pages.append(
            queries.ranked(people.student, queries.parse_cursor(older["after"], older.get("seen")))
        )
    shown = [p.title for page in pages for p in page.posts]
    assert sorted(shown) == sorted(
        [f"T{n}" for n in range(28)] + ["O0", "O1"] + [f"Old{n}" for n in range(15)]
    )
    assert {"O0", "O1"} <= {p.title for p in pages[0].posts}


def test_older_pages_stay_correct_while_new_posts_arrive(client, auth, people, classmates):
    for number in range(25):
        age(ask(classmates[number % 5], title=f"Q{number}"), number + 1)
    auth.login("sam")
    first = client.get("/").get_data(as_text=True)
    link = first.split('href="/?')[1].split('"')[0].replace("&amp;", "&")
    for number in range(5):
        ask(classmates[number], title=f"Brand new {number}")
    second = client.get(f"/?{link}").get_data(as_text=True)
    assert "Brand new" not in second
    assert ">Q24<" in second


def test_rebuild_scores_command_restores_every_score_and_reply_count(
    app, runner, people, classmates
):
    post = ask(classmates[0])
    posting.add_reply(classmates[1], post, "Try this")
    posting.add_reply(classmates[0], post, "Thanks")  # the asker's own: not a first reply
    posting.restrict(classmates[0], classmates[2])
    posting.add_reply(classmates[2], post, "Only they and staff see this")
    right = (post.score, post.reply_count, post.first_reply_at)
    assert right[1] == 2
    post.score, post.reply_count, post.first_reply_at = 0, 7, None
    db.session.commit()
    result = runner.invoke(args=["rebuild-scores"])
    assert "Rebuilt 1 scores" in result.output
    db.session.expire_all()
    rebuilt = db.session.get(Post, post.id)
    assert (rebuilt.score, rebuilt.reply_count, rebuilt.first_reply_at) == (
        pytest.approx(right[0]),
        right[1],
        right[2],
    )


# --- views -------------------------------------------------------------------------------------


def test_needs_a_helper_lists_unanswered_longest_waiting_first_then_answered(
    client, auth, people, classmates
):
    age(ask(classmates[0], title="Waiting 5h"), 5)
    age(ask(classmates[1], title="Waiting 30h"), 30)
    answered = age(ask(classmates[2], title="Has a reply"), 40)
    posting.add_reply(classmates[3], answered, "Here")
    resolved = ask(classmates[4], title="Done")
    posting.resolve(resolved)
    shout(classmates[0], ["ben"], title="A shout-out")
    titles = [p.title for p in queries.needs_helper(people.student).posts]
    assert titles == ["Waiting 30h", "Waiting 5h", "Has a reply"]
    auth.login("sam")
    assert "Waiting 30h" in client.get("/needs-help").get_data(as_text=True)


def test_needs_a_helper_pages_through_both_parts(people, classmates):
    """Three pages: unanswered only; the last unanswered then answered; answered only."""
    for number in range(25):
        age(ask(classmates[number % 5], title=f"U{number}"), 100 - number)
    for number in range(20):
        post = age(ask(classmates[number % 5], title=f"A{number}"), 50 - number)
        posting.add_reply(classmates[(number + 1) % 5], post, "hi")
    pages = [queries.needs_helper(people.student)]
    while pages[-1].older:
        pages.append(queries.needs_helper(people.student, pages[-1].older["after"]))
    assert [len(page.posts) for page in pages] == [20, 20, 5]
    titles = [p.title for page in pages for p in page.posts]
    assert titles == [f"U{n}" for n in range(25)] + [f"A{n}" for n in range(20)]


def test_celebrations_show_only_shoutouts(client, auth, people, classmates):
    ask(classmates[0], title="A question")
    shout(classmates[1], ["ana"], title="Well done Ana")
    auth.login("sam")
    page = client.get("/celebrations").get_data(as_text=True)
    assert "Well done Ana" in page and "A question" not in page


def test_hall_of_fame_ranks_the_most_celebrated_shoutouts_of_the_period(
    client, auth, people, classmates
):
    quiet = shout(classmates[0], ["ben"], title="Quiet")
    loud = shout(classmates[1], ["cal"], title="Loud")
    old = shout(classmates[2], ["dee"], title="Last month")
    old.created_at = utcnow() - timedelta(days=20)
    db.session.commit()
    posting.toggle_reaction(classmates[3], quiet, ReactionKind.CELEBRATE)
    for person in classmates[2:]:
        posting.toggle_reaction(person, loud, ReactionKind.CELEBRATE)
    for person in classmates[3:]:
        posting.toggle_reaction(person, old, ReactionKind.SUPPORT)
    auth.login("sam")
    week = client.get("/hall-of-fame?period=week").get_data(as_text=True)
    assert week.index("Loud") < week.index("Quiet") and "Last month" not in week
    assert "Last month" in client.get("/hall-of-fame?period=month").get_data(as_text=True)
    assert client.get("/hall-of-fame?period=term").status_code == 200


def test_category_filter(client, auth, people, classmates):
    ask(classmates[0], title="Maths help", category="schoolwork")
    ask(classmates[1], title="Friend trouble", category="friendships")
    auth.login("sam")
    page = client.get("/?category=friendships").get_data(as_text=True)
    assert "Friend trouble" in page and "Maths help" not in page
    page = client.get("/needs-help?category=schoolwork").get_data(as_text=True)
    assert "Maths help" in page and "Friend trouble" not in page


@pytest.mark.parametrize(
    "query, found",
    [
        ("fractions", {"Fractions", "Fraction walls"}),  # stemmed on both databases
        ("FRACTIONS homework", {"Fractions"}),
        ("frac*", {"Fractions", "Fraction walls"}),
        ('"common denominator"', {"Fractions"}),
        ('"denominator common"', set()),
        ("chess", {"Chess club"}),
        ('"unclosed', set()),
        ("'); DROP TABLE post; --", set()),
        ("* OR NEAR(a b) AND", set()),
    ],
)
def test_search_finds_words_phrases_and_prefixes(client, auth, people, classmates, query, found):
    ask(classmates[0], title="Fractions", body="Homework about finding a common denominator")
    ask(classmates[1], title="Fraction walls", body="How do you draw them?")
    ask(classmates[2], title="Chess club", body="Anyone want to play at lunch?")
    titles = {p.title for p in queries.search(people.student, query).posts}
    assert titles == found
    auth.login("sam")
    assert client.get("/search", query_string={"q": query}).status_code == 200


def test_search_only_finds_what_the_searcher_may_see(people, classmates):
    hidden = ask(classmates[0], title="Secret fractions")
    hidden.status = Status.HIDDEN
    db.session.commit()
    deleted = ask(classmates[1], title="Deleted fractions")
    posting.delete_post(deleted)
    waiting = shout(classmates[2], ["dee"], title="Fractions champion")
    classmates[3].shoutouts_need_ok = True
    db.session.commit()
    waiting2 = shout(classmates[2], ["dee"], title="Fractions star")
    assert {p.title for p in queries.search(people.student, "fractions").posts} == {waiting.title}
    assert waiting2.id


def test_search_follows_edits(people, classmates):
    post = ask(classmates[0], title="Algebra")
    posting.edit_post(post, "Geometry", "Angles in triangles", "schoolwork")
    assert [p.title for p in queries.search(people.student, "angles").posts] == ["Geometry"]
    assert queries.search(people.student, "algebra").posts == []


# --- a day without a helper --------------------------------------------------------------------


def test_staff_are_told_once_about_a_request_waiting_a_day(app, runner, people, classmates):
    age(ask(classmates[0], title="Lonely question"), 25)
    age(ask(classmates[1], title="Recent question"), 2)
    answered = age(ask(classmates[2], title="Answered question"), 30)
    posting.add_reply(classmates[3], answered, "Here")
    result = runner.invoke(args=["alert-waiting"])
    assert "1 help request" in result.output
    alerts = db.session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.WAITING)
    ).all()
    assert {a.user_id for a in alerts} == {people.staff.id, people.admin.id}
    assert moderation.alert_staff_about_waiting(utcnow()) == 0


def test_staff_list_of_waiting_requests(client, auth, people, classmates):
    age(ask(classmates[0], title="Lonely question"), 25)
    age(ask(classmates[1], title="Older question"), 24 * 5)
    age(ask(classmates[2], title="Recent question"), 2)
    auth.login("ms.lee")
    page = client.get("/mod/waiting").get_data(as_text=True)
    assert "2 requests are waiting, the most recent first." in page
    assert page.index("Lonely question") < page.index("Older question")
    assert "Waiting 25 h" in page and "Waiting 5 days" in page
    assert "Recent question" not in page


def test_a_long_waiting_list_shows_the_most_recent_and_counts_the_rest(
    monkeypatch, client, auth, people, classmates
):
    monkeypatch.setattr(moderation, "WAITING_SHOWN", 2)
    for number in range(4):
        age(ask(classmates[number], title=f"Question {number}"), 25 + number)
    auth.login("ms.lee")
    page = client.get("/mod/waiting").get_data(as_text=True)
    assert "4 requests are waiting. Here are the 2 that most recently passed a day" in page
    assert "Question 1" in page and "Question 2" not in page
    monkeypatch.setattr(moderation, "WAITING_COUNTED", 3)
    page = client.get("/mod/waiting").get_data(as_text=True)
    assert "More than 3 requests are waiting." in page


# --- the celebration wall ----------------------------------------------------------------------


def test_staff_open_the_wall(client, auth, people, classmates):
    shout(classmates[0], ["ben"], title="Ben's big win")
    ask(classmates[1], title="A help request")
    auth.login("ms.lee")
    page = client.get("/wall").get_data(as_text=True)
    assert "big win" in page and "A help request" not in page
    auth.logout()
    auth.login("sam")
    assert client.get("/wall").status_code == 403


def test_kiosk_link_shows_the_wall_and_nothing_else_until_revoked(client, auth, people, classmates):
    shout(classmates[0], ["ben"], title="Ben's big win")
    auth.login("ms.lee")
    response = client.post("/mod/kiosk-links", data={"label": "Main hall"})
    link = response.get_data(as_text=True).split('id="kiosk-link">')[1].split("<")[0]
    path = link.removeprefix("http://localhost")
    auth.logout()

    page = client.get(path)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Ben" in body and "big win" in body
    assert 'href="/' not in body.replace('href="/static/', "")  # it links nowhere
    for elsewhere in ["/", "/celebrations", "/u/ben", "/mod/students", "/wall"]:
        assert client.get(elsewhere).status_code in (302, 401), elsewhere

    link_row = db.session.scalar(select(KioskLink))
    wall.revoke_kiosk_link(people.staff, link_row)
    assert client.get(path).status_code == 404


def test_wall_shows_only_published_shoutouts_recipients_agreed_to(client, auth, people, classmates):
    classmates[1].shoutouts_need_ok = True
    db.session.commit()
    shout(classmates[0], ["ben"], title="Waiting for Ben")
    hidden = shout(classmates[0], ["cal"], title="Cal hid it")
    posting.answer_shoutout(classmates[2], hidden, approve=False)
    token = wall.create_kiosk_link(people.staff, "Hall")
    body = client.get(f"/wall/k/{token}").get_data(as_text=True)
    assert "Waiting for Ben" not in body and "Cal hid it" not in body
    assert (
        db.session.scalar(
            select(func.count()).select_from(Post).where(Post.kind == PostKind.SHOUTOUT)
        )
        == 2
    )


@pytest.mark.parametrize(
    "url, title",
    [
        ("/?after=1_99999999999999999999", "A question"),
        ("/?after=1_2147483648", "A question"),  # past PostgreSQL's integer
        ("/celebrations?after=99999999999_999999999999999999999", "Well done"),
        ("/?after=41567.9_15&seen=99999999999999999999", "A question"),
        ("/?after=inf_15", "A question"),
        ("/?after=nan_15", "A question"),
        ("/needs-help?after=0_0.0_1e300_10", "A question"),
        ("/needs-help?after=1_inf_0_10", "A question"),
        ("/needs-help?after=1_0_0_-5", "A question"),
    ],
)
def test_an_edited_older_link_shows_page_one(client, auth, people, classmates, url, title):
    ask(classmates[0], title="A question")
    shout(classmates[1], ["ana"], title="Well done")
    auth.login("sam")
    response = client.get(url)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert f">{title}<" in body
    assert "Newest posts" not in body  # it is the first page


def test_an_older_page_leads_back_to_the_newest_and_says_when_nothing_is_older(
    client, auth, people, classmates
):
    for number in range(25):
        age(ask(classmates[number % 5], title=f"Q{number}"), number + 1)
    auth.login("sam")
    first = client.get("/?category=schoolwork").get_data(as_text=True)
    assert "Newest posts" not in first
    link = first.split('href="/?')[1].split('"')[0].replace("&amp;", "&")
    assert "category=schoolwork" in link
    second = client.get(f"/?{link}").get_data(as_text=True)
    assert '<a class="button" href="/?category=schoolwork">Newest posts</a>' in second
    assert ">Q24<" in second and "Older posts" not in second

    past_the_end = client.get("/?after=-1_1").get_data(as_text=True)
    assert "No older posts." in past_the_end and "Nothing here yet" not in past_the_end
    assert '<a href="/">Back to the newest</a>' in past_the_end
