"""The celebration wall in a real browser: staff make a wall link for a hallway screen, the screen
shows published shout-outs and nothing else (one at a time with JavaScript, as a list without),
and the link stops working the moment staff turn it off.

The screen is a browser nobody logs in to, so it gets a browser context of its own
(`open_site`). Every page is checked by the guards in conftest.py (axe, no off-site requests, no
CSP violation, no JavaScript error).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from board import moderation, posting
from board.extensions import db
from board.models import Post, PostKind, Role, User

pytestmark = pytest.mark.browser

HALL_SCREEN = {"viewport": {"width": 1920, "height": 1080}}
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
NO_JAVASCRIPT = {"java_script_enabled": False}
SECONDS_PER_SLIDE = 9  # board/static/js/wall.js

PUBLISHED = ("Goal of the season", "Kindest lab partner")
HIDDEN = "Hidden while staff look"
HELP_REQUEST = "Stuck on algebra"


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def flash(page: Page) -> Locator:
    return page.get_by_role("status")


def slide_titles(page: Page) -> Locator:
    return page.locator(".slide .slide-title")


def has_no_horizontal_scroll(page: Page) -> bool:
    """Nothing is wider than the screen. Measured against the screen's own width: a mobile
    browser widens its layout viewport (innerWidth) to fit content that overflows."""
    width = page.evaluate("document.documentElement.scrollWidth")
    return width <= page.viewport_size["width"]


def post(app, author: User, kind: PostKind, title: str, body: str, *recipients: str) -> int:
    with app.app_context():
        created = posting.create_post(
            db.session.get(User, author.id),
            posting.Draft(
                kind=kind,
                title=title,
                body=body,
                category="sports" if kind == PostKind.SHOUTOUT else "schoolwork",
                recipients=list(recipients),
            ),
        )
        return created.id


@pytest.fixture
def shout_outs(live_server, accounts):
    """Two published shout-outs (one with a link and a mention in it), one hidden by staff, and
    a help request (not a celebration)."""
    app = live_server.app
    nia = accounts.create("nia.o", display_name="Nia")
    theo = accounts.create("theo.b", display_name="Theo")
    staff = accounts.create("mr.grant", Role.STAFF, display_name="Mr Grant")
    post(
        app,
        nia,
        PostKind.SHOUTOUT,
        PUBLISHED[0],
        "@theo.b scored from the halfway line! Photos: https://example.org/match",
        "theo.b",
    )
    post(app, theo, PostKind.SHOUTOUT, PUBLISHED[1], "Nia explained titration to me.", "nia.o")
    hidden = post(app, theo, PostKind.SHOUTOUT, HIDDEN, "Nia was great today.", "nia.o")
    post(app, nia, PostKind.HELP, HELP_REQUEST, "How do I expand (x + 2)(x - 3)?")
    with app.app_context():
        moderation.hide(db.session.get(User, staff.id), db.session.get(Post, hidden))
    return staff


def test_staff_make_a_wall_link_the_screen_shows_shout_outs_and_staff_turn_it_off(
    site, page, open_site, shout_outs
):
    staff = shout_outs

    # Staff make a wall link for the main hall.
    site.log_in(staff.username)
    site.follow("Staff tools")
    site.follow("Celebration wall")
    expect(heading(page)).to_have_text("Celebration wall")
    page.get_by_label("Where is the screen?").fill("Main hall")
    site.submit("Create wall link")
    expect(heading(page)).to_have_text("Your wall link")
    kiosk_link = page.locator("#kiosk-link").inner_text().strip()
    assert re.fullmatch(re.escape(site.url("/wall/k/")) + r"[\w-]{20,}", kiosk_link), kiosk_link

    # The hall screen opens it without logging in, with JavaScript: one shout-out at a time,
    # in large type, and it moves on by itself.
    screen = open_site("main hall screen", **HALL_SCREEN)
    screen_page = screen.page
    screen_page.clock.install()
    response = screen.visit(kiosk_link)
    assert response is not None and response.status == 200
    assert response.headers.get("refresh") == "300"  # new shout-outs come in by themselves
    expect(heading(screen_page)).to_contain_text("celebrates")
    expect(slide_titles(screen_page)).to_have_count(2)
    assert sorted(slide_titles(screen_page).all_text_contents()) == sorted(PUBLISHED)
    expect(screen_page.get_by_text(HIDDEN)).to_have_count(0)
    expect(screen_page.get_by_text(HELP_REQUEST)).to_have_count(0)
    expect(screen_page.locator("a")).to_have_count(0)  # the kiosk page links nowhere
    expect(screen_page.locator(".slides.advancing")).to_have_count(1)
    current = screen_page.locator(".slide.current")
    expect(current).to_have_count(1)
    expect(screen_page.locator(".slide:visible")).to_have_count(1)
    first = current.locator(".slide-title").inner_text()
    title_px = float(
        current.locator(".slide-title").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    )
    assert title_px >= 48, f"the title is {title_px}px: too small to read across a hall"
    assert has_no_horizontal_scroll(screen_page)

    screen_page.clock.run_for(SECONDS_PER_SLIDE * 1000)
    expect(current).to_have_count(1)
    expect(screen_page.locator(".slide:visible")).to_have_count(1)
    expect(current.locator(".slide-title")).not_to_have_text(first)
    screen_page.clock.run_for(SECONDS_PER_SLIDE * 1000)
    expect(current.locator(".slide-title")).to_have_text(first)  # and round again

    # Whoever presents it in assembly can hold a shout-out and step through them (buttons, or
    # the keys a presentation clicker sends); held, a slide is announced to screen readers.
    wall = screen_page.locator("[data-wall]")
    expect(wall).to_have_attribute("aria-live", "off")
    screen_page.get_by_role("button", name="Pause").click()
    screen_page.clock.run_for(3 * SECONDS_PER_SLIDE * 1000)
    expect(current.locator(".slide-title")).to_have_text(first)
    expect(screen_page.get_by_text("1 of 2")).to_be_visible()
    expect(wall).to_have_attribute("aria-live", "polite")
    screen_page.get_by_role("button", name="Next").click()
    expect(current.locator(".slide-title")).not_to_have_text(first)
    expect(screen_page.get_by_text("2 of 2")).to_be_visible()
    screen_page.keyboard.press("PageUp")
    expect(current.locator(".slide-title")).to_have_text(first)
    screen_page.get_by_role("button", name="Play").click()
    expect(wall).to_have_attribute("aria-live", "off")
    screen_page.clock.run_for(SECONDS_PER_SLIDE * 1000)
    expect(current.locator(".slide-title")).not_to_have_text(first)

    # A screen without JavaScript shows the same shout-outs as a list.
    plain = open_site("screen without JavaScript", **HALL_SCREEN, **NO_JAVASCRIPT)
    plain.visit(kiosk_link)
    expect(plain.page.locator(".slides.advancing")).to_have_count(0)
    expect(plain.page.locator(".slide:visible")).to_have_count(2)
    assert sorted(slide_titles(plain.page).all_text_contents()) == sorted(PUBLISHED)
    expect(plain.page.get_by_text(HIDDEN)).to_have_count(0)
    expect(plain.page.locator("a")).to_have_count(0)
    assert has_no_horizontal_scroll(plain.page)

    # A screen cannot get into the board itself.
    plain.visit("/")
    expect(plain.page).to_have_url(re.compile(re.escape(plain.url("/login"))))
    expect(plain.page.get_by_label("Password", exact=True)).to_be_visible()

    # Staff turn the link off; the screen is told, kindly, what to do.
    site.follow("Back to wall links")
    row = page.get_by_role("row").filter(has_text="Main hall")
    expect(row).to_contain_text("Active")
    site.submit("Turn off")
    expect(flash(page)).to_have_text("The wall link “Main hall” is turned off.")
    expect(row).to_contain_text("Turned off")
    expect(page.get_by_role("button", name="Turn off")).to_have_count(0)

    # (A new tab: the faked clock above gives every document in its tab the same time origin,
    # which the guards use to tell one page load from the next.)
    restarted = open_site("main hall screen, restarted", **HALL_SCREEN)
    response = restarted.visit(kiosk_link)
    assert response is not None and response.status == 404
    expect(heading(restarted.page)).to_have_text("This wall link isn’t working")
    expect(restarted.page.get_by_text(PUBLISHED[0])).to_have_count(0)
    response = plain.visit(kiosk_link)
    assert response is not None and response.status == 404
    expect(heading(plain.page)).to_have_text("This wall link isn’t working")


@pytest.mark.parametrize(
    "screen",
    [
        pytest.param(HALL_SCREEN, id="1920x1080"),
        pytest.param(PHONE, id="phone"),
        pytest.param({**PHONE, **NO_JAVASCRIPT}, id="phone-without-javascript"),
    ],
)
def test_the_wall_fits_the_screen_without_sideways_scrolling(
    site, page, open_site, live_server, shout_outs, accounts, screen
):
    # A long word (a name, a web address) must wrap rather than push the wall sideways.
    nia = accounts.create("nia.long", display_name="Nia L.")
    post(
        live_server.app,
        nia,
        PostKind.SHOUTOUT,
        "Supercalifragilisticexpialidocious performance",
        "Thank you for https://example.org/our-school-play-photos-from-the-spring-term-2025",
        "theo.b",
    )
    site.log_in(shout_outs.username)
    site.visit("/mod/kiosk-links")
    page.get_by_label("Where is the screen?").fill("Library")
    site.submit("Create wall link")
    kiosk_link = page.locator("#kiosk-link").inner_text().strip()

    # (Reduced motion: no fade-in, so the page is judged and pictured as it settles.)
    viewer = open_site("screen", **screen, reduced_motion="reduce")
    viewer.visit(kiosk_link)
    expect(viewer.page.locator(".slide")).to_have_count(3)
    expect(viewer.page.locator(".slide:visible").first).to_be_visible()
    assert has_no_horizontal_scroll(viewer.page)
    # The staff view of the wall (with its way back to the board) fits too.
    staff_view = open_site("staff at the screen", **screen)
    staff_view.log_in(shout_outs.username)
    staff_view.visit("/wall")
    expect(staff_view.page.get_by_role("link", name="Back to the board")).to_be_visible()
    assert has_no_horizontal_scroll(staff_view.page)
