"""Safeguarding work in a real browser, at a desk (1280x800) and on a phone (390x844): a lead
with an urgent alert nobody acknowledged lands on it after logging in, with a banner on every
page until it is acknowledged; a member of staff without safeguarding duty lands on the board,
sees no banner, and "Staff tools" opens the queue where something waits.

Every page is checked by the guards in conftest.py (axe at the size it is shown, no off-site
request, no CSP violation, no JavaScript error)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from board import moderation, posting
from board.extensions import db
from board.models import Post, PostKind, Role, User

from .pages import click_to_load, heading, main

pytestmark = pytest.mark.browser

CRISIS = "I want to kill myself, nobody would miss me"
DESK = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Screenshots to look at (BROWSER_SHOTS keeps every page; these are the ones this file is for).
SHOTS = Path(os.environ.get("DUTY_SHOTS", "test-artifacts/duty"))


def post_as(app, author, title: str, body: str) -> int:
    with app.app_context():
        student = db.session.get(User, author.id)
        return posting.create_post(
            student, posting.Draft(PostKind.HELP, title, body, "friendships")
        ).id


def banner(page: Page):
    return page.get_by_role("region", name="Waiting for you")


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def test_a_lead_lands_on_the_urgent_alerts_and_the_banner_stays_until_they_are_acknowledged(
    site, page, accounts, live_server
):
    lead = accounts.create("ms.khan", Role.STAFF, display_name="Ms Khan", safeguarding_lead=True)
    dana = accounts.create("dana.m", display_name="Dana")
    post_as(live_server.app, dana, "Can't cope", CRISIS)
    post_as(live_server.app, dana, "Still here", "Nobody would miss me, I want to die")

    # At a desk: she logs in and lands on the alerts, not the feed.
    page.set_viewport_size(DESK)
    site.log_in(lead.username)
    expect(page).to_have_url(site.url("/mod/urgent"))
    expect(heading(page)).to_have_text("Urgent: students who may be at risk")
    expect(banner(page)).to_contain_text("2 urgent alerts waiting for a safeguarding lead")
    expect(banner(page).get_by_role("link", name="Open urgent alerts")).to_be_visible()
    shoot(page, "lead-landing-1280x800")

    # On a phone: the same page, the banner and its link in view without scrolling.
    page.set_viewport_size(PHONE)
    site.visit("/mod/urgent")
    link = banner(page).get_by_role("link", name="Open urgent alerts")
    expect(link).to_be_in_viewport()
    box = link.bounding_box()
    assert box is not None and box["height"] >= 44, box  # a thumb-sized target
    shoot(page, "lead-landing-390x844")

    # The banner stays on the other pages, and Staff tools takes her back to the alerts.
    site.visit("/")
    expect(heading(page)).not_to_have_text("Urgent: students who may be at risk")
    expect(banner(page)).to_contain_text("2 urgent alerts waiting")
    shoot(page, "lead-board-390x844")
    site.visit("/me")
    expect(banner(page)).to_contain_text("2 urgent alerts waiting")
    page.set_viewport_size(DESK)
    site.visit("/")
    expect(banner(page)).to_contain_text("2 urgent alerts waiting")
    site.follow("Staff tools")
    expect(heading(page)).to_have_text("Urgent: students who may be at risk")

    # It counts down as she acknowledges, and is gone once nothing waits.
    first = main(page).locator("article.alert-open").first
    click_to_load(site, first.get_by_role("button", name="Acknowledge"))
    expect(banner(page)).to_contain_text("1 urgent alert waiting")
    click_to_load(site, main(page).get_by_role("button", name="Acknowledge"))
    expect(banner(page)).to_have_count(0)
    site.visit("/")
    expect(banner(page)).to_have_count(0)


def test_staff_without_safeguarding_duty_land_on_the_board_and_staff_tools_opens_the_queues(
    site, page, accounts, live_server
):
    accounts.create("ms.khan", Role.STAFF, display_name="Ms Khan", safeguarding_lead=True)
    staff = accounts.create("ms.ng", Role.STAFF, display_name="Ms Ng")
    dana = accounts.create("dana.m", display_name="Dana")
    post_as(live_server.app, dana, "Can't cope", CRISIS)
    reported = post_as(live_server.app, dana, "Lunch", "Who took my lunch again?")
    reporters = [accounts.create(name) for name in ("ana", "ben", "cal")]
    with live_server.app.app_context():
        post = db.session.get(Post, reported)
        for reporter in reporters:
            moderation.report(db.session.get(User, reporter.id), post, None, "unkind")

    page.set_viewport_size(PHONE)
    site.log_in(staff.username)
    expect(page).to_have_url(site.url("/"))
    expect(heading(page)).to_have_text("Hello, Ms Ng!")
    expect(banner(page)).to_have_count(0)
    shoot(page, "staff-landing-390x844")

    page.locator("summary.menu-button").click()  # on a phone the links are behind Menu
    site.follow("Staff tools")
    expect(heading(page)).to_have_text("Reported (1)")
    expect(banner(page)).to_have_count(0)
