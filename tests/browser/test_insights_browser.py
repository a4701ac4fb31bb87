"""Insights in a real browser: a member of staff opens them from the staff tools and sees every
chart drawn, under the site's strict Content-Security-Policy, with nothing fetched from
elsewhere (the guards in conftest.py check that and axe on every page). To look at the pages,
run with BROWSER_SHOTS=/some/dir.

A few weeks of a small school's board are made through the posting and moderation actions in
the live app, with their times set by hand so that the weeks have something to show.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from board import moderation, posting
from board.extensions import db
from board.models import Group, Nudge, Post, PostKind, Role, Status, User, utcnow

from .test_board_views import PHONE, no_sideways_scroll

pytestmark = pytest.mark.browser

NAMES = ["ana", "ben", "cal", "dev", "eve", "fay", "gus", "hal", "ivy", "joe"]
CHARTS = ["posts", "answered", "first-helper", "queues", "nudges", "reports", "celebrated"]
CHARTS_DRAWN_JS = """() => Array.from(document.querySelectorAll("img.chart")).map(
  (img) => [img.getAttribute("src"), img.complete && img.naturalWidth > 0]
)"""


@pytest.fixture
def busy_weeks(live_server, accounts):
    """Eight weeks of help requests and shout-outs, a few reports, nudges and a pending post."""
    accounts.create("ms.lee", Role.STAFF, display_name="Ms Lee")
    for name in NAMES:
        accounts.create(name)
    with live_server.app.app_context():
        groups = Group(name="Year 9"), Group(name="Year 10")
        people = {user.username: user for user in db.session.scalars(db.select(User))}
        for i, name in enumerate(NAMES):
            people[name].group = groups[i % 2]
        db.session.commit()
        now = utcnow()

        def post(kind, author, title, days_ago, recipients=()):
            created = posting.create_post(
                people[author],
                posting.Draft(
                    kind,
                    title,
                    f"All about: {title}.",
                    "schoolwork" if kind == PostKind.HELP else "kindness",
                    recipients=list(recipients),
                ),
            )
            created.created_at = now - timedelta(days=days_ago)
            db.session.commit()
            return created

        def reply(author, to: Post, hours_later: float):
            answer = posting.add_reply(people[author], to, "I can help with that!")
            answer.created_at = to.created_at + timedelta(hours=hours_later)
            posting.recount({to.id})
            db.session.commit()
            return answer

        for week in range(8):
            for n in range(week % 3 + 1):
                asker, helper = NAMES[(week + n) % 10], NAMES[(week + n + 3) % 10]
                request = post(PostKind.HELP, asker, f"Question {week}.{n}", 7 * week + n + 1.5)
                if (week + n) % 4 != 3:
                    reply(helper, request, [0.5, 3, 9, 30][(week + n) % 4])
            post(PostKind.SHOUTOUT, NAMES[week], f"Thanks {week}", 7 * week + 2, [NAMES[week + 1]])

        held = post(PostKind.HELP, "cal", "Waiting for staff", 0.2)
        held.status = Status.PENDING
        reported = post(PostKind.HELP, "eve", "Reported one", 1)
        for reporter, reason in (("ana", "unkind"), ("ben", "spam")):
            moderation.report(people[reporter], reported, None, reason)
        db.session.add_all(
            [
                Nudge(user_id=people["dev"].id, target="post", category="unkind", outcome=outcome)
                for outcome in ("edited", "edited", "edited", "posted_anyway")
            ]
            + [
                Nudge(
                    user_id=people["gus"].id,
                    target="reply",
                    category="unkind",
                    created_at=now - timedelta(hours=3),
                )
            ]
        )
        db.session.commit()


def test_staff_see_insights_drawn_as_charts(site, page: Page, busy_weeks):
    site.log_in("ms.lee")
    site.follow("Staff tools")
    site.follow("Insights")

    expect(page.get_by_role("heading", level=1)).to_have_text("Insights")
    drawn = dict(page.evaluate(CHARTS_DRAWN_JS))
    assert drawn == {f"/mod/insights/{name}.svg": True for name in CHARTS}
    for name in ("Posts by kind, per week", "Reports by reason", "Not celebrated yet this term"):
        expect(page.get_by_role("heading", name=name, level=2)).to_be_visible()
    # Each chart's numbers are a click away, as a table.
    page.get_by_text("Reports by reason as a table").click()
    reports = page.get_by_role("table").filter(has_text="Unkind or bullying")
    expect(reports.get_by_role("row", name="Unkind or bullying 1")).to_be_visible()
    expect(page.get_by_role("link", name="Joe", exact=True)).to_be_visible()


def test_insights_fit_a_phone_screen(open_site, busy_weeks):
    phone = open_site("ms.lee on a phone", **PHONE)
    phone.log_in("ms.lee")
    phone.visit("/mod/insights")
    no_sideways_scroll(phone.page)
    drawn = dict(phone.page.evaluate(CHARTS_DRAWN_JS))
    assert all(drawn.values()) and len(drawn) == len(CHARTS)
