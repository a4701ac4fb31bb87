"""Moderation in a real browser: students report a post until it is hidden, staff reject it with
a reason the author can read, reporters hear that staff acted; under the default mode a new
member's first post waits for a member of staff; and every decision is in the audit log.

Each person has a browser of their own (`open_site`). Every page is checked by the guards in
conftest.py (axe, no off-site requests, no CSP violation, no JavaScript error).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from board import posting
from board.extensions import db
from board.models import PostKind, Role, User

from .pages import (
    card,
    click_to_load,
    flash,
    heading,
    main,
    notifications_link,
    staff_tools,
)

pytestmark = pytest.mark.browser

REPORTED_TITLE = "Football at lunch"
REPORTED_BODY = "Only the good players should be allowed to join in. The rest of you, stay away."
FIRST_POST_TITLE = "Which clubs are good to join?"


def search(site, words: str) -> None:
    site.visit("/search")
    site.page.get_by_label("Search the board").fill(words)
    site.submit("Search")


def report_as_unkind(site, title: str) -> None:
    page = site.page
    site.visit("/")
    site.follow(title)
    site.follow("Report")
    expect(heading(page)).to_have_text("Report a post")
    page.get_by_label("Unkind or bullying").check()
    site.submit("Send report")
    expect(flash(page)).to_have_text(
        "Thank you for reporting. A member of staff will look at it, and we'll let you know "
        "when they have."
    )


def gone_for(site, title: str, url: str) -> None:
    """No page, link or search result shows the post to this student."""
    page = site.page
    site.visit("/")
    expect(card(page, title)).to_have_count(0)
    expect(page.get_by_role("link", name=title)).to_have_count(0)
    response = site.visit(url)
    assert response is not None and response.status == 404
    expect(heading(page)).to_have_text("We couldn't find that page")
    search(site, "football")
    expect(main(page).get_by_role("heading", level=2)).to_have_text("No results for “football”")
    expect(card(page, title)).to_have_count(0)


def test_reported_post_is_hidden_rejected_with_a_reason_and_a_new_members_post_waits(
    site, page, accounts, open_site, live_server
):
    """Three students report a post, it disappears for students, staff reject it with a reason,
    the author sees the reason, the reporters are told; a new member's first post waits in
    Awaiting approval under the default mode; the audit log has both decisions."""
    head = accounts.create("head", Role.ADMIN, display_name="Mrs Adeyemi")
    dara = accounts.create("dara.j", display_name="Dara")
    reporters = [
        accounts.create(name, display_name=name.split(".")[0].title())
        for name in ("eli.s", "fay.n", "gus.w")
    ]
    hana = accounts.create("hana.p", display_name="Hana")

    # Dara is no new member: her post was published under the suite's "publish at once" mode.
    with live_server.app.app_context():
        post = posting.create_post(
            db.session.get(User, dara.id),
            posting.Draft(
                kind=PostKind.HELP, title=REPORTED_TITLE, body=REPORTED_BODY, category="friendships"
            ),
        )
        post_id = post.id
    post_url = f"/posts/{post_id}"

    # Three students report it as unkind; it stays up until the third report.
    as_reporters = []
    for number, reporter in enumerate(reporters, start=1):
        as_reporter = open_site(reporter.username)
        as_reporter.log_in(reporter.username)
        report_as_unkind(as_reporter, REPORTED_TITLE)
        as_reporters.append(as_reporter)
        if number < 3:
            expect(card(as_reporter.page, REPORTED_TITLE)).to_be_visible()
            search(as_reporter, "football")  # and found by search, until the third report
            expect(card(as_reporter.page, REPORTED_TITLE)).to_be_visible()

    # Now no student sees it: not the reporters, not Hana.
    as_hana = open_site("hana")
    as_hana.log_in(hana.username)
    gone_for(as_hana, REPORTED_TITLE, post_url)
    gone_for(as_reporters[0], REPORTED_TITLE, post_url)

    # Staff find it in Reported and reject it with a reason and a kind note.
    site.log_in(head.username)
    site.follow("Staff tools")
    click_to_load(site, staff_tools(page).get_by_role("link", name="Reported 1"))
    expect(heading(page)).to_have_text("Reported (1)")
    item = card(page, REPORTED_TITLE)
    expect(item).to_contain_text("Hidden")
    expect(item).to_contain_text("3 reports:")
    expect(item).to_contain_text("unkind by eli.s")
    item.get_by_text("Reject…").click()
    item.get_by_label("Reason").select_option(label="It could hurt or upset someone")
    item.get_by_label("Note to the author (optional, kindly worded)").fill(
        "Lunchtime games are for everyone. Come and talk to me about the team."
    )
    with page.expect_event("load"):
        item.get_by_role("button", name="Reject", exact=True).click()
    site.check_a11y()
    expect(flash(page)).to_have_text("Rejected. The author has been told why.")
    expect(main(page)).to_contain_text("Nothing waiting here. Thank you!")

    # Dara opens her notification and reads why, on her post.
    as_dara = open_site("dara")
    dara_page = as_dara.page
    as_dara.log_in(dara.username)
    as_dara.follow("Notifications 1 unread")
    decision = main(dara_page).get_by_role("button", name=re.compile("didn't publish it"))
    expect(decision).to_have_text(
        f"New: A member of staff looked at your post “{REPORTED_TITLE}” and didn't publish it. "
        "Open it to see why."
    )
    click_to_load(as_dara, decision)
    expect(heading(dara_page)).to_have_text(REPORTED_TITLE)
    expect(main(dara_page)).to_contain_text(
        "A member of staff didn't publish this because it could hurt or upset someone. "
        "Their note: “Lunchtime games are for everyone. Come and talk to me about the team.”"
    )

    # Each reporter is told that staff acted; it is still gone for them.
    for as_reporter in as_reporters:
        as_reporter.visit("/")
        expect(notifications_link(as_reporter.page)).to_have_accessible_name(
            "Notifications 1 unread"
        )
        as_reporter.follow("Notifications 1 unread")
        expect(main(as_reporter.page).locator(".notification button")).to_have_text(
            "New: Thank you for your report. A member of staff has looked at it and acted."
        )
    gone_for(as_reporters[2], REPORTED_TITLE, post_url)

    # The admin sets the default mode: new members' first posts wait for staff.
    site.follow("Settings")
    mode = page.get_by_label("Review new members' first posts and anything flagged")
    mode.check()
    site.submit("Save settings")
    expect(flash(page)).to_have_text("Saved (1 changed).")
    expect(mode).to_be_checked()

    # Ivy joins with a join code and posts for the first time: it waits for a member of staff.
    code = accounts.join_code(head, "Year 8")
    as_ivy = open_site("ivy")
    ivy_page = as_ivy.page
    as_ivy.visit("/join")
    ivy_page.get_by_label("Join code").fill(code)
    ivy_page.get_by_label("Username", exact=True).fill("ivy.c")
    ivy_page.get_by_label("Display name").fill("Ivy")
    ivy_page.get_by_label("Password", exact=True).fill("new school new friends")
    as_ivy.submit("Join")
    expect(flash(ivy_page)).to_have_text("Welcome to the board, Ivy!")
    as_ivy.follow("New post")
    click_to_load(as_ivy, main(ivy_page).get_by_role("link", name=re.compile("^Ask for help")))
    ivy_page.get_by_label("Title").fill(FIRST_POST_TITLE)
    ivy_page.get_by_label("Details").fill("I'm new in Year 8. Which clubs would you recommend?")
    ivy_page.get_by_label("Category").select_option(label="Clubs & activities")
    as_ivy.submit("Post")
    # Told why, kindly: she is new, not in trouble.
    expect(flash(ivy_page)).to_contain_text("Thanks! Your post will appear soon.")
    expect(flash(ivy_page)).to_contain_text("Because you're new to the board")
    expect(ivy_page.get_by_role("article").first).to_contain_text("Waiting for a member of staff")
    first_post_url = ivy_page.url

    # Hana does not see it yet.
    as_hana.visit("/")
    expect(card(as_hana.page, FIRST_POST_TITLE)).to_have_count(0)
    response = as_hana.visit(first_post_url)
    assert response is not None and response.status == 404

    # Staff approve it from Awaiting approval.
    site.visit("/mod")
    click_to_load(site, staff_tools(page).get_by_role("link", name="Awaiting approval 1"))
    expect(heading(page)).to_have_text("Awaiting approval (1)")
    waiting = card(page, FIRST_POST_TITLE)
    expect(waiting.locator(".byline")).to_contain_text("By Ivy (@ivy.c)")
    with page.expect_event("load"):
        waiting.get_by_role("button", name="Approve", exact=True).click()
    site.check_a11y()
    expect(flash(page)).to_have_text("Approved and published.")
    expect(main(page)).to_contain_text("Nothing waiting here. Thank you!")

    # Now Hana sees it, and Ivy is told.
    as_hana.visit("/")
    expect(card(as_hana.page, FIRST_POST_TITLE)).to_be_visible()
    response = as_hana.visit(first_post_url)
    assert response is not None and response.status == 200
    as_ivy.visit("/")
    as_ivy.follow("Notifications 1 unread")
    expect(main(ivy_page).locator(".notification button")).to_have_text(
        f"New: Your post “{FIRST_POST_TITLE}” is now on the board."
    )

    # The audit log has both decisions, and its chain of hashes is intact.
    site.follow("Admin")
    site.follow("Audit log")
    expect(heading(page)).to_have_text("Audit log")
    rows = page.get_by_role("row")
    reject_row = rows.filter(has=page.get_by_role("cell", name="reject", exact=True))
    expect(reject_row).to_have_count(1)
    expect(reject_row).to_contain_text(f"post #{post_id}")
    expect(reject_row).to_contain_text("unkind: Lunchtime games are for everyone.")
    approve_row = rows.filter(has=page.get_by_role("cell", name="approve", exact=True))
    expect(approve_row).to_have_count(1)
    expect(approve_row).to_contain_text("head")
    site.follow("Verify the chain now")
    expect(flash(page)).to_have_text("Every entry checks out: the chain of hashes is intact.")
