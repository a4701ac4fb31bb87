"""The board's views in a real browser: the tabs (Everything, Needs a helper, Celebrations, Hall of
fame), the category filter, search, and paging to older posts while new ones arrive.

The posts are made straight through the posting actions (board.posting) in the live app, which
is quick and gives them the same counts, scores and notifications as posts made on the pages;
only their age is set by hand where a view depends on it. Everything a test then looks at, it
reaches through the pages, and the guards in conftest.py check each of them.
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Locator, Page, expect

from board import moderation, posting, ranking
from board.extensions import db
from board.models import Post, PostKind, ReactionKind, Reply, Role, User, utcnow

from .pages import click_to_load, notifications_link

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


# ---------------------------------------------------------------------------------------------
# Posts made through the posting actions


class Board:
    def __init__(self, app, accounts):
        self.app = app
        self.accounts = accounts
        self.people: dict[str, object] = {}

    def person(self, username: str, *, needs_ok: bool = False):
        account = self.accounts.create(username)
        if needs_ok:
            with self.app.app_context():
                db.session.get(User, account.id).shoutouts_need_ok = True
                db.session.commit()
        self.people[username] = account
        return account

    def _user(self, username: str) -> User:
        return db.session.get(User, self.people[username].id)

    def ask(self, author: str, title: str, category: str = "schoolwork", **kwargs) -> int:
        return self._post(author, PostKind.HELP, title, category, **kwargs)

    def shout(self, author: str, title: str, to: str, category: str = "kindness", **kwargs) -> int:
        return self._post(author, PostKind.SHOUTOUT, title, category, recipients=[to], **kwargs)

    def _post(
        self,
        author: str,
        kind: PostKind,
        title: str,
        category: str,
        *,
        body: str | None = None,
        days_ago: float = 0,
        anonymous: bool = False,
        recipients: list[str] | None = None,
    ) -> int:
        with self.app.app_context():
            post = posting.create_post(
                self._user(author),
                posting.Draft(
                    kind=kind,
                    title=title,
                    body=body or f"All about: {title}.",
                    category=category,
                    anonymous=anonymous,
                    recipients=recipients or [],
                ),
            )
            if days_ago:
                post.created_at = utcnow() - timedelta(days=days_ago)
                ranking.refresh(post)
                db.session.commit()
            return post.id

    def react(self, post_id: int, how_many: int) -> None:
        """`how_many` reactions from classmates other than the author."""
        with self.app.app_context():
            post = db.session.get(Post, post_id)
            others = [u for u in self.people.values() if u.id != post.author_id]
            pairs = itertools.product(others, ReactionKind)
            for person, kind in itertools.islice(pairs, how_many):
                posting.toggle_reaction(db.session.get(User, person.id), post, kind)

    def reply(self, author: str, post_id: int, body: str = "I can help with that!") -> int:
        with self.app.app_context():
            post = db.session.get(Post, post_id)
            return posting.add_reply(self._user(author), post, body).id

    def helped(self, post_id: int, reply_id: int) -> None:
        with self.app.app_context():
            post = db.session.get(Post, post_id)
            posting.mark_helped(post, db.session.get(Reply, reply_id))


@pytest.fixture
def board(live_server, accounts) -> Board:
    return Board(live_server.app, accounts)


# ---------------------------------------------------------------------------------------------
# What a person sees


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def main(page: Page) -> Locator:
    return page.get_by_role("main")


def cards(page: Page) -> Locator:
    return main(page).get_by_role("article")


def titles(page: Page) -> list[str]:
    """The titles of the posts listed, top to bottom."""
    return [t.strip() for t in cards(page).get_by_role("heading", level=2).all_inner_texts()]


def card(page: Page, title: str) -> Locator:
    return cards(page).filter(has=page.get_by_role("heading", name=title, exact=True))


def current(nav: Locator) -> Locator:
    return nav.locator("[aria-current=page]")


def tabs(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Board views")


def filter_by(site, category: str) -> None:
    site.page.get_by_label("Category").select_option(label=category)
    site.submit("Filter")


def search_for(site, query: str) -> None:
    site.page.get_by_label("Search the board").fill(query)
    site.submit("Search")


# ---------------------------------------------------------------------------------------------
# A school's week on the board

HELP = {
    "photosynthesis": "Stuck on photosynthesis",
    "trip": "Nervous about the school trip",
    "chess": "Looking for a chess partner",
    "locker": "Lost my locker key",
    "friend": "Falling out with my best friend",
}
SHOUTOUTS = {
    "goal": "Amazing goal in the final",  # 2 days old, 3 reactions
    "lab": "Kindest lab partner",  # today, 1 reaction
    "poem": "Wonderful poem in assembly",  # today, no reactions
    "science": "Science fair winner",  # 20 days old, 5 reactions
    "beach": "Beach clean-up hero",  # 45 days old, 2 reactions
    "relay": "Sports day relay anchor",  # 90 days old, 9 reactions: before this term
}
WAITING = "Secret birthday surprise"  # waits for its recipient's OK: never on any view


@pytest.fixture
def school(board, live_server):
    for name in ("ana", "ben", "cal", "dev", "eve"):
        board.person(name)
    board.person("fay", needs_ok=True)
    # This term began 60 days ago (the Hall of fame's "This term").
    start = datetime.now(UTC).date() - timedelta(days=60)
    if (start.month, start.day) == (2, 29):
        start -= timedelta(days=1)
    live_server.app.config["TERM_STARTS"] = [f"{start:%m-%d}"]

    board.ask("ana", HELP["photosynthesis"], days_ago=2)
    board.ask("ben", HELP["trip"], "wellbeing", days_ago=1)
    chess = board.ask("cal", HELP["chess"], "clubs", days_ago=3)
    board.reply("dev", chess, "I play every lunchtime, come along!")
    locker = board.ask("dev", HELP["locker"], "other", days_ago=1)
    board.helped(locker, board.reply("eve", locker, "The office keeps spare keys."))
    board.ask("eve", HELP["friend"], "friendships", anonymous=True)

    goal = board.shout("ana", SHOUTOUTS["goal"], "ben", "sports", days_ago=2)
    lab = board.shout("cal", SHOUTOUTS["lab"], "ana")
    board.shout("ben", SHOUTOUTS["poem"], "cal", "arts")
    science = board.shout("eve", SHOUTOUTS["science"], "dev", "academic", days_ago=20)
    beach = board.shout("dev", SHOUTOUTS["beach"], "eve", "community", days_ago=45)
    relay = board.shout("cal", SHOUTOUTS["relay"], "dev", "sports", days_ago=90)
    board.shout("ana", WAITING, "fay")
    for post_id, count in ((goal, 3), (lab, 1), (science, 5), (beach, 2), (relay, 9)):
        board.react(post_id, count)
    return board


def test_every_tab_shows_the_posts_it_promises(site, page, accounts, school):
    viewer = accounts.create("gil", display_name="Gil")
    site.log_in(viewer.username)

    expect(heading(page)).to_have_text("Hello, Gil!")
    expect(current(tabs(page))).to_have_text("Everything")
    assert sorted(titles(page)) == sorted([*HELP.values(), *SHOUTOUTS.values()])
    expect(card(page, HELP["locker"])).to_contain_text("Resolved")
    expect(card(page, HELP["friend"])).to_contain_text("From Someone in our school")
    expect(page.get_by_role("link", name="Older posts")).to_have_count(0)

    site.follow("Needs a helper")
    expect(heading(page)).to_have_text("Needs a helper")
    expect(current(tabs(page))).to_have_text("Needs a helper")
    # Nobody has answered these yet, longest waiting first; then the answered one.
    assert titles(page) == [HELP["photosynthesis"], HELP["trip"], HELP["friend"], HELP["chess"]]
    expect(card(page, HELP["photosynthesis"])).to_contain_text("Needs a helper")
    expect(card(page, HELP["chess"])).not_to_contain_text("Needs a helper")
    expect(card(page, HELP["chess"]).locator(".post-meta")).to_contain_text("Open")

    site.follow("Celebrations")
    expect(heading(page)).to_have_text("Celebrations")
    expect(current(tabs(page))).to_have_text("Celebrations")
    assert sorted(titles(page)) == sorted(SHOUTOUTS.values())
    expect(card(page, SHOUTOUTS["goal"]).locator(".byline")).to_contain_text("For Ben, from Ana")

    site.follow("Hall of fame")
    expect(heading(page)).to_have_text("Hall of fame")
    expect(main(page)).to_contain_text("The most celebrated shout-outs.")
    period = page.get_by_role("navigation", name="Period")
    expect(current(period)).to_have_text("This week")
    assert titles(page) == [SHOUTOUTS["goal"], SHOUTOUTS["lab"]]
    site.follow("This month")
    expect(current(period)).to_have_text("This month")
    assert titles(page) == [SHOUTOUTS["science"], SHOUTOUTS["goal"], SHOUTOUTS["lab"]]
    site.follow("This term")
    expect(current(period)).to_have_text("This term")
    assert titles(page) == [
        SHOUTOUTS["science"],
        SHOUTOUTS["goal"],
        SHOUTOUTS["beach"],
        SHOUTOUTS["lab"],
    ]
    site.follow("This week")
    expect(current(period)).to_have_text("This week")

    site.follow("Everything")
    expect(heading(page)).to_have_text("Hello, Gil!")


def test_a_category_filter_narrows_each_tab(site, page, accounts, school):
    viewer = accounts.create("gil", display_name="Gil")
    site.log_in(viewer.username)

    filter_by(site, "Wellbeing")
    expect(page).to_have_url(re.compile(r"/\?category=wellbeing$"))
    expect(page.get_by_label("Category")).to_have_value("wellbeing")
    expect(current(tabs(page))).to_have_text("Everything")
    assert titles(page) == [HELP["trip"]]
    filter_by(site, "Friendships")
    assert titles(page) == [HELP["friend"]]
    filter_by(site, "All categories")
    assert len(titles(page)) == len(HELP) + len(SHOUTOUTS)

    site.follow("Needs a helper")
    filter_by(site, "Schoolwork")
    expect(current(tabs(page))).to_have_text("Needs a helper")
    assert titles(page) == [HELP["photosynthesis"]]

    site.follow("Celebrations")  # a tab starts unfiltered, with its own categories
    expect(page.get_by_label("Category")).to_have_value("")
    expect(page.get_by_label("Category").get_by_role("option")).to_have_text(
        ["All categories", "Academic", "Arts", "Sports", "Kindness", "Community", "Other"]
    )
    filter_by(site, "Sports")
    assert sorted(titles(page)) == sorted([SHOUTOUTS["goal"], SHOUTOUTS["relay"]])

    site.follow("Hall of fame")
    site.follow("This term")
    filter_by(site, "Sports")
    expect(page).to_have_url(re.compile(r"/hall-of-fame\?period=term&category=sports$"))
    expect(current(page.get_by_role("navigation", name="Period"))).to_have_text("This term")
    assert titles(page) == [SHOUTOUTS["goal"]]  # the relay was last term
    site.follow("This month")  # the period links keep the category
    expect(page.get_by_label("Category")).to_have_value("sports")
    assert titles(page) == [SHOUTOUTS["goal"]]
    filter_by(site, "Academic")
    assert titles(page) == [SHOUTOUTS["science"]]


def test_search_finds_words_phrases_and_word_beginnings(site, page, accounts, board):
    for name in ("ana", "ben", "cal", "dev", "eve"):
        board.person(name)
    board.person("fay", needs_ok=True)
    board.ask(
        "ana",
        "Stuck on fractions homework",
        body="How do I add fractions with different denominators?",
    )
    board.shout(
        "ben",
        "Fraction wall for the maths display",
        "cal",
        "academic",
        body="Cal made a giant fraction wall for our classroom. Come and see it!",
    )
    board.ask(
        "cal", "Long division tips", body="Here is how I finally learned long division, slowly."
    )
    board.shout(
        "eve",
        "Picked for the jumping squad",
        "dev",
        "sports",
        body="Dev is in the top division for the long jump this year.",
    )
    board.ask("dev", "Science fair volunteers", "clubs", body="Who can help at the science fair?")
    board.shout("ana", "Fractions quiz champion", "fay", "academic")  # waits for Fay's OK
    viewer = accounts.create("gil", display_name="Gil")
    site.log_in(viewer.username)

    search_for(site, "long division")
    expect(page).to_have_url(re.compile(r"/search\?q=long\+division$"))
    expect(heading(page)).to_have_text("Search")
    expect(page.get_by_label("Search the board")).to_have_value("long division")
    expect(main(page).get_by_role("heading", name="Results for “long division”")).to_be_visible()
    assert sorted(titles(page)) == ["Long division tips", "Picked for the jumping squad"]

    search_for(site, '"long division"')
    expect(main(page).get_by_role("heading", name='Results for “"long division"”')).to_be_visible()
    assert titles(page) == ["Long division tips"]

    search_for(site, "frac*")
    expect(main(page).get_by_role("heading", name="Results for “frac*”")).to_be_visible()
    assert sorted(titles(page)) == [
        "Fraction wall for the maths display",
        "Stuck on fractions homework",
    ]  # not the shout-out still waiting for Fay's OK

    search_for(site, "science fair")
    assert titles(page) == ["Science fair volunteers"]

    search_for(site, "volcano")
    expect(main(page).get_by_role("heading", name="No results for “volcano”")).to_be_visible()
    expect(main(page)).to_contain_text("Nothing matches. Try fewer or shorter words.")
    assert titles(page) == []


def test_older_posts_follow_on_without_repeats_after_new_posts_arrive(site, page, accounts, board):
    authors = ["ana", "ben", "cal", "dev", "eve"]
    for name in [*authors, "fay"]:
        board.person(name)
    # Runs of up to four posts by one person: page one spreads them out (never more than two
    # in a row by one author), so some posts show on page one out of rank order.
    runs = itertools.cycle([("ana", 4), ("ben", 1), ("cal", 3), ("dev", 2), ("eve", 1)])
    order = [name for name, length in itertools.islice(runs, 25) for _ in range(length)][:48]
    categories = itertools.cycle(posting.HELP_CATEGORIES)
    made = []
    for number, author in enumerate(order, start=1):
        title = f"Question {number:02d} from {author}"
        board.ask(author, title, next(categories))
        made.append(title)
    assert len(made) == 48
    newest_first = made[::-1]
    viewer = accounts.create("gil", display_name="Gil")

    site.log_in(viewer.username)
    page_one = titles(page)
    assert len(page_one) == 20
    assert set(page_one) <= set(newest_first[:40])
    authors_shown = [re.sub(r".* from ", "", t) for t in page_one]
    for run in (authors_shown[i : i + 3] for i in range(len(authors_shown) - 2)):
        assert len(set(run)) > 1, f"three posts in a row by {run[0]} on page one"
    assert page_one != newest_first[:20], "expected page one to spread out the long runs"

    # New posts arrive while the viewer reads page one.
    for number, author in enumerate(["fay", "ben", "fay"], start=1):
        board.ask(author, f"Brand new question {number}", "other")

    site.follow("Older posts")
    page_two = titles(page)
    assert page_two == [t for t in newest_first[:40] if t not in page_one]
    assert not set(page_two) & set(page_one)
    expect(current(tabs(page))).to_have_text("Everything")

    site.follow("Older posts")
    assert titles(page) == newest_first[40:]
    expect(page.get_by_role("link", name="Older posts")).to_have_count(0)

    site.follow("Everything")
    assert titles(page)[:3] == [f"Brand new question {n}" for n in (3, 2, 1)]


@pytest.mark.browser_context_args(**PHONE)
def test_board_pages_fit_a_phone_screen(site, page, school):
    # One long word (an excited title, a long search) wraps instead of widening the page.
    school.shout("ben", "CHAMPION" + "S" * 40 + "!!!!", "cal", "sports")
    site.log_in("ana")
    pages = [
        "/",
        "/needs-help",
        "/celebrations",
        "/hall-of-fame?period=term",
        "/search?q=amazing",
        "/search?q=" + "a" * 200,
        "/search?q=champion*",
        "/posts/new",
        "/posts/new?kind=help",
        "/posts/new?kind=shoutout",
        "/notifications",
        "/me",
        "/u/ana",
    ]
    for path in pages:
        site.visit(path)
        no_sideways_scroll(page)
    site.visit("/")
    site.follow(SHOUTOUTS["goal"])
    no_sideways_scroll(page)


def no_sideways_scroll(page: Page) -> None:
    scroll_width, client_width = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    assert scroll_width <= client_width, (
        f"{page.url} scrolls sideways on a phone: {scroll_width}px wide in {client_width}px"
    )


def test_staff_hear_of_a_request_waiting_a_day_and_step_in(site, page, accounts, school):
    """A request nobody answered for a day: staff are told once, find it on their list (how
    long it has waited, the most recent first), and reply, which takes it off the list."""
    teacher = accounts.create("ms.vale", Role.STAFF, display_name="Ms Vale")
    with school.app.app_context():  # the timer's job (flask alert-waiting), run here
        assert moderation.alert_staff_about_waiting(utcnow()) == 2
        assert moderation.alert_staff_about_waiting(utcnow()) == 0  # once per request
    site.log_in(teacher.username)
    expect(notifications_link(page)).to_contain_text("2")
    click_to_load(site, notifications_link(page))
    expect(main(page)).to_contain_text(
        f"A help request has waited a day without a helper: “{HELP['photosynthesis']}”"
    )

    site.visit("/")
    site.follow("Staff tools")
    site.follow("Waiting for a helper")
    expect(heading(page)).to_have_text("Waiting for a helper")
    expect(main(page)).to_contain_text("2 requests are waiting, the most recent first.")
    assert titles(page) == [HELP["trip"], HELP["photosynthesis"]]
    expect(card(page, HELP["trip"])).to_contain_text("Waiting 24 h")
    expect(card(page, HELP["photosynthesis"])).to_contain_text("Waiting 2 days")
    expect(card(page, HELP["photosynthesis"])).to_contain_text("Staff told")

    site.follow(HELP["photosynthesis"])
    page.get_by_label("Your reply").fill("Come to the science lab at lunch, I'll show you.")
    site.submit("Offer help")
    site.visit("/mod/waiting")
    assert titles(page) == [HELP["trip"]]
    expect(main(page)).to_contain_text("1 request is waiting, the most recent first.")
