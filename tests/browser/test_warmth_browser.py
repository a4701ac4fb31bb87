"""A board pupils want to open: faces, colours, one tidy header row, a moment of celebration
and a certificate to print, in a real browser at a laptop's and a phone's size, on the demo
school (`seed-demo`: a term of activity).

Every page is checked by the guards in conftest.py (axe: no serious or critical finding; no
off-site request; no CSP violation). Set WARMTH_SHOTS=/some/dir to keep screenshots.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from board.cli import DEMO_PASSWORD, seed_demo
from board.extensions import db
from board.models import Post, PostKind

pytestmark = pytest.mark.browser

LAPTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SIZES = {"1280": LAPTOP, "390": PHONE}
SHOTS = os.environ.get("WARMTH_SHOTS")

# The visible parts of the header row, as boxes: they share one row when every one of them
# overlaps every other vertically.
HEADER_BOXES_JS = """() => [...document.querySelectorAll(
    '.header-row > .brand, .header-row > .site-nav:not([hidden]) li, .header-row > .menu,'
    + ' .header-row > .account > *')]
  .map((e) => e.getBoundingClientRect())
  .filter((r) => r.width > 0 && r.height > 0)
  .map((r) => ({top: r.top, bottom: r.bottom, left: r.left, right: r.right}))"""


@pytest.fixture
def demo_school(live_server):
    with live_server.app.app_context():
        seed_demo()
        db.session.commit()
        ids = {
            "shoutout": db.session.scalar(
                select(Post.id)
                .where(Post.kind == PostKind.SHOUTOUT)
                .order_by(Post.celebrate_count.desc(), Post.id)
                .limit(1)
            ),
            "help": db.session.scalar(
                select(Post.id)
                .where(Post.kind == PostKind.HELP, Post.resolved_at.is_not(None))
                .order_by(Post.id.desc())
                .limit(1)
            ),
            "anonymous": db.session.scalar(
                select(Post.id).where(Post.anonymous.is_(True)).order_by(Post.id).limit(1)
            ),
        }
        db.session.remove()
    return ids


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=name.endswith("full"))


def one_row(page: Page) -> bool:
    boxes = page.evaluate(HEADER_BOXES_JS)
    assert len(boxes) >= 4, boxes
    return max(b["top"] for b in boxes) < min(b["bottom"] for b in boxes)


@pytest.mark.parametrize(
    "username, items",
    [
        ("amara1", ["Board", "New post", "Notifications", "My page", "Get support"]),
        ("ms.patel", ["Board", "New post", "Notifications", "My page", "Staff tools"]),
        ("admin", ["Board", "Notifications", "My page", "Staff tools", "Admin", "Get support"]),
    ],
)
def test_the_header_is_one_row_on_a_laptop_for_students_staff_and_admins(
    open_site, demo_school, username, items
):
    laptop = open_site("laptop", **LAPTOP)
    laptop.log_in(username, DEMO_PASSWORD)
    page = laptop.page
    nav = page.get_by_role("navigation", name="Main")
    for item in items:
        expect(nav.get_by_role("link", name=re.compile(f"^{item}"))).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert one_row(page)
    shot(page, f"header-{username}-1280")

    phone = open_site("phone", **PHONE)
    phone.log_in(username, DEMO_PASSWORD)
    page = phone.page
    assert one_row(page)
    assert page.get_by_role("banner").bounding_box()["height"] < 80
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    page.locator("summary.menu-button").click()
    nav = page.get_by_role("navigation", name="Main")
    for item in items:
        expect(nav.get_by_role("link", name=re.compile(f"^{item}"))).to_be_visible()
    shot(page, f"header-{username}-390-menu")


def test_the_phone_menu_opens_without_javascript(open_site, demo_school):
    phone = open_site("phone without JavaScript", java_script_enabled=False, **PHONE)
    phone.log_in("amara1", DEMO_PASSWORD)
    page = phone.page
    page.locator("summary.menu-button").click()
    phone.follow("My page")
    expect(page.get_by_role("heading", level=1)).to_have_text("My page")


@pytest.mark.parametrize("size", SIZES)
def test_faces_and_colours_on_the_feed_a_post_the_wall_and_a_profile(open_site, demo_school, size):
    pupil = open_site(f"amara at {size}", **SIZES[size])
    pupil.log_in("amara1", DEMO_PASSWORD)
    page = pupil.page
    cards = page.get_by_role("main").get_by_role("article")
    expect(cards.first).to_be_visible()
    first_avatar = cards.first.locator(".post-head > .avatar")
    expect(first_avatar).to_be_visible()
    assert re.fullmatch(r"[A-Z]{1,2}", first_avatar.get_attribute("data-initials"))
    drawn = first_avatar.evaluate("e => getComputedStyle(e, '::before').content")
    assert drawn == f'"{first_avatar.get_attribute("data-initials")}"'
    assert first_avatar.inner_text() == ""  # not part of the byline's text
    colour = first_avatar.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    expect(cards.first.locator(".category")).to_be_visible()
    icon = cards.first.locator(".category .icon")
    expect(icon).to_be_visible()
    assert "/static/icons/" in icon.evaluate("e => getComputedStyle(e).maskImage")
    # Several colours on one page: people and categories look different.
    colours = page.locator(".post-head > .avatar").evaluate_all(
        "els => new Set(els.map(e => getComputedStyle(e).backgroundColor)).size"
    )
    assert colours >= 3
    expect(page.locator(".header-row .whoami .avatar")).to_be_visible()
    shot(page, f"feed-{size}")

    pupil.visit(f"/posts/{demo_school['help']}")
    expect(page.locator(".post-page .post-head > .avatar")).to_be_visible()
    expect(page.locator(".reply .avatar").first).to_be_visible()
    shot(page, f"post-{size}-full")

    pupil.visit(f"/posts/{demo_school['anonymous']}")
    anonymous = page.locator(".post-page .post-head > .avatar")
    expect(anonymous).to_have_class(re.compile("avatar-anonymous"))
    assert anonymous.get_attribute("data-initials") is None  # no initials, no hint
    silhouette = anonymous.locator(".avatar-silhouette")
    expect(silhouette).to_be_visible()
    assert "person.svg" in silhouette.evaluate("e => getComputedStyle(e).maskImage")
    assert anonymous.inner_text().strip() == ""

    pupil.visit("/posts/new?kind=shoutout")
    shot(page, f"new-shoutout-{size}")

    pupil.visit("/u/grace7")
    expect(page.locator(".profile-head .avatar")).to_have_attribute("data-initials", "G")
    shot(page, f"profile-{size}")

    staff = open_site(f"ms.patel at {size}", **SIZES[size])
    staff.log_in("ms.patel", DEMO_PASSWORD)
    staff.visit("/wall")
    shot(staff.page, f"wall-{size}")


def give_a_shoutout(site) -> None:
    site.visit("/posts/new?kind=shoutout")
    page = site.page
    page.get_by_label("Recipients", exact=True).fill("ben2")
    page.get_by_label("Title", exact=True).fill("Best lab partner")
    page.get_by_label("Message", exact=True).fill(
        "Ben explained the experiment so clearly. Thank you!"
    )
    page.get_by_label("Category", exact=True).select_option("academic")
    site.submit("Post")


def test_a_shoutout_going_up_is_celebrated_with_confetti(open_site, demo_school):
    laptop = open_site("amara", **LAPTOP)
    laptop.log_in("amara1", DEMO_PASSWORD)
    give_a_shoutout(laptop)
    page = laptop.page
    expect(page.locator(".flash-celebrate")).to_contain_text("Your shout-out is up")
    piece = page.locator(".confetti span").first
    assert piece.evaluate("e => getComputedStyle(e).animationName") == "confetti-fall"
    assert page.locator(".confetti").get_attribute("aria-hidden") == "true"


def test_with_reduced_motion_nothing_moves(open_site, demo_school):
    calm = open_site("amara, reduced motion", reduced_motion="reduce", **LAPTOP)
    calm.log_in("amara1", DEMO_PASSWORD)
    give_a_shoutout(calm)
    page = calm.page
    expect(page.locator(".flash-celebrate")).to_contain_text("Your shout-out is up")
    expect(page.locator(".confetti")).to_be_hidden()
    moving = page.evaluate(
        """() => [...document.querySelectorAll('*')].filter((e) => {
             const s = getComputedStyle(e);
             return s.animationName !== 'none' || parseFloat(s.transitionDuration) > 0;
           }).map((e) => e.className)"""
    )
    assert moving == []


def test_a_certificate_prints_on_one_page_without_the_sites_header(open_site, demo_school):
    laptop = open_site("amara", **LAPTOP)
    laptop.log_in("amara1", DEMO_PASSWORD)
    laptop.visit(f"/posts/{demo_school['shoutout']}")
    laptop.follow("Print a certificate")
    page = laptop.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Certificate of Celebration")
    expect(page.get_by_role("button", name="Print certificate")).to_be_visible()
    shot(page, "certificate-1280")

    page.emulate_media(media="print")
    expect(page.get_by_role("banner")).to_be_hidden()
    expect(page.get_by_role("button", name="Print certificate")).to_be_hidden()
    expect(page.locator(".certificate")).to_be_visible()
    shot(page, "certificate-print")
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, landscape=True, print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages == 1, f"{paper}: {pages} pages"


def test_a_certificate_is_only_for_those_who_may_see_the_shoutout(open_site, demo_school):
    laptop = open_site("amara", **LAPTOP)
    laptop.log_in("amara1", DEMO_PASSWORD)
    response = laptop.visit(f"/posts/{demo_school['help']}/certificate")
    assert response is not None and response.status == 403
    laptop.visit(f"/posts/{demo_school['help']}")
    expect(laptop.page.get_by_role("link", name="Print a certificate")).to_have_count(0)
