"""A pupil's and an evaluator's first visit, in a real browser: what the user test of issue 15
found (Chromium at 1280x800 and 390x844).

The anonymity promise is on the form; the demo's students post at once while a new member is
told kindly why theirs waits; a recipient who declines a shout-out is taken off it and it stays
for the others; reacting keeps keyboard focus; and the slips: counts in words, year groups in
number order, a pending shout-out saying so, helplines to tap and call. Every page is checked by
the guards in conftest.py (axe at the viewport it was loaded in, no off-site request, no CSP
violation, no JavaScript error).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from board import accounts as board_accounts
from board import posting, settings
from board.cli import DEMO_PASSWORD, seed_demo
from board.extensions import db
from board.models import Post, PostKind, Role, User

from .pages import card, flash, heading, main

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SIZES = pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280x800", "390x844"])


def moderation_mode(app, mode: str) -> None:
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.role == Role.ADMIN).limit(1))
        if admin is None:
            admin = board_accounts.create_user(
                "head", "a-long-passphrase", role=Role.ADMIN, display_name="The Head"
            )
        settings.update(admin, {"moderation_mode": mode})


def wants_to_ok_shout_outs(app, account) -> None:
    with app.app_context():
        db.session.get(User, account.id).shoutouts_need_ok = True
        db.session.commit()


def make_post(app, author, title: str, kind=PostKind.HELP, **draft) -> int:
    with app.app_context():
        return posting.create_post(
            db.session.get(User, author.id),
            posting.Draft(
                kind=kind,
                title=title,
                body=draft.pop("body", "Could someone give me a hand with this?"),
                category=draft.pop(
                    "category", "schoolwork" if kind == PostKind.HELP else "kindness"
                ),
                **draft,
            ),
        ).id


def ask_for_help(site, title: str, details: str) -> None:
    site.visit("/posts/new?kind=help")
    site.page.get_by_label("Title").fill(title)
    site.page.get_by_label("Details").fill(details)
    site.page.get_by_label("Category").select_option(label="Clubs & activities")
    site.submit("Post")


# ---------------------------------------------------------------------------------------------
# 2. The anonymity promise


@SIZES
def test_the_form_says_staff_can_always_see_who_asked_anonymously(open_site, accounts, size):
    amira = accounts.create("amira.k", display_name="Amira")
    site = open_site("amira", viewport=size)
    site.log_in(amira.username)
    site.visit("/posts/new?kind=help")
    promise = "Classmates won't see your name. Staff always can, to keep everyone safe."
    expect(main(site.page)).to_contain_text(promise)
    checkbox = site.page.get_by_role("checkbox", name="Post anonymously")
    expect(checkbox).to_have_accessible_description(promise)


# ---------------------------------------------------------------------------------------------
# 3. Demo students are established; a new member is told why they wait


def test_a_demo_student_posts_replies_and_thanks_at_once(site, page, live_server):
    with live_server.app.app_context():
        seed_demo()
    moderation_mode(live_server.app, "new_members")
    site.log_in("zoe26", DEMO_PASSWORD)
    ask_for_help(
        site, "Where is the music room?", "I have my first lesson today and can't find it."
    )
    expect(flash(page)).to_have_text("Your request is up. Classmates and staff can now offer help.")

    site.visit("/")
    site.follow("Looking for a chess partner")
    page.get_by_label("Your reply").fill("I'd love to play, see you at lunch!")
    site.submit("Offer help")
    expect(flash(page)).to_have_text("Thank you for replying!")


def test_a_new_member_is_told_kindly_why_their_first_post_waits(site, page, accounts, live_server):
    newbie = accounts.create("newbie", display_name="Newbie")
    moderation_mode(live_server.app, "new_members")
    site.log_in(newbie.username)
    ask_for_help(site, "How do I join the choir?", "I'd like to sing with the school choir.")
    expect(flash(page)).to_contain_text("Because you're new to the board")
    expect(flash(page)).to_contain_text("You haven't done anything wrong")


# ---------------------------------------------------------------------------------------------
# 4. Declining takes you off the shout-out; it stays for the others


def test_a_recipient_who_declines_is_taken_off_and_the_shout_out_stays_for_the_other(
    site, page, accounts, open_site, live_server
):
    priya = accounts.create("priya", display_name="Priya")
    rosa = accounts.create("rosa", display_name="Rosa")
    sol = accounts.create("sol", display_name="Sol")
    wants_to_ok_shout_outs(live_server.app, sol)
    omar = accounts.create("omar", display_name="Omar")
    title = "Best science fair stand"
    post_id = make_post(
        live_server.app, priya, title, PostKind.SHOUTOUT, recipients=["rosa", "sol"]
    )

    # Sol, who asked to OK shout-outs first, approves it.
    as_sol = open_site("sol")
    as_sol.log_in(sol.username)
    as_sol.visit(f"/posts/{post_id}")
    as_sol.submit("Approve shout-out")

    # Rosa would rather not be in it.
    site.log_in(rosa.username)
    site.visit(f"/posts/{post_id}")
    page.get_by_text("I'd rather not be in this").click()
    expect(main(page)).to_contain_text("it stays up for the others in it")
    site.submit("Take me off this shout-out")
    expect(flash(page)).to_have_text(
        "Done. You're no longer in that shout-out, anywhere on the board."
    )

    as_omar = open_site("omar")
    omar_page = as_omar.page
    as_omar.log_in(omar.username)
    expect(card(omar_page, title).locator(".byline")).to_contain_text("For Sol, from Priya")
    as_omar.visit(f"/u/{sol.username}")
    expect(main(omar_page)).to_contain_text("1 shout-out received")
    expect(card(omar_page, title)).to_be_visible()
    as_omar.visit(f"/u/{rosa.username}")
    expect(main(omar_page)).to_contain_text("0 shout-outs received")
    expect(card(omar_page, title)).to_have_count(0)
    as_omar.visit(f"/posts/{post_id}")
    expect(heading(omar_page)).to_have_text(title)
    expect(main(omar_page).get_by_role("link", name="Rosa")).to_have_count(0)


# ---------------------------------------------------------------------------------------------
# 6. Reacting keeps focus; the "posted anonymously" tag is readable


@SIZES
def test_reacting_from_the_keyboard_keeps_focus_on_the_button(
    open_site, accounts, live_server, size
):
    asker = accounts.create("asker", display_name="Asker")
    kai = accounts.create("kai", display_name="Kai")
    post_id = make_post(live_server.app, asker, "Revision timetable ideas", anonymous=True)
    site = open_site("kai", viewport=size)
    site.log_in(kai.username)
    site.visit(f"/posts/{post_id}")
    support = site.page.get_by_role("button", name=re.compile(r"^Support \d+$"))
    support.focus()
    site.page.keyboard.press("Enter")
    expect(support).to_have_attribute("aria-pressed", "true")
    expect(support).to_have_accessible_name("Support 1")
    expect(support).to_be_focused()
    site.page.keyboard.press("Enter")
    expect(support).to_have_accessible_name("Support 0")
    expect(support).to_be_focused()

    # The asker sees their own post tagged "posted anonymously" (axe checks its contrast).
    mine = open_site("asker", viewport=size)
    mine.log_in(asker.username)
    mine.visit(f"/posts/{post_id}")
    expect(mine.page.get_by_text("posted anonymously")).to_be_visible()
    mine.visit("/me")


# ---------------------------------------------------------------------------------------------
# 7. The slips


def test_a_pending_shout_out_says_it_waits_for_approval(site, page, accounts, live_server):
    priya = accounts.create("priya", display_name="Priya")
    accounts.create("rosa", display_name="Rosa")
    moderation_mode(live_server.app, "everything")
    post_id = make_post(
        live_server.app, priya, "Kindest lunch buddy", PostKind.SHOUTOUT, recipients=["rosa"]
    )
    site.log_in(priya.username)
    site.visit(f"/posts/{post_id}")
    replies = page.get_by_role("region", name="Congratulations")
    expect(replies).to_contain_text("This shout-out is waiting for approval.")
    expect(replies).not_to_contain_text("Be the first")
    expect(replies.get_by_role("textbox")).to_have_count(0)


@SIZES
def test_helplines_are_tap_to_call(open_site, size):
    site = open_site("visitor", viewport=size)
    site.visit("/support")
    childline = site.page.get_by_role("link", name="Call Childline on 0800 1111")
    expect(childline).to_have_attribute("href", "tel:08001111")
    expect(childline).to_have_text("0800 1111")
    expect(site.page.get_by_role("link", name="Call Samaritans on 116 123")).to_have_attribute(
        "href", "tel:116123"
    )
    expect(site.page.get_by_role("link", name="Call Emergency services on 999")).to_have_attribute(
        "href", "tel:999"
    )


def test_year_groups_are_listed_in_number_order(site, page, accounts):
    staff = accounts.create("ms.lee", Role.STAFF, display_name="Ms Lee")
    for group in ("Year 11", "Year 7", "Year 8", "Year 9", "Year 10"):
        accounts.join_code(staff, group)
    site.log_in(staff.username)
    site.visit("/mod/students")
    options = page.get_by_label("Group").locator("option")
    expect(options).to_have_text(["All groups", "Year 7", "Year 8", "Year 9", "Year 10", "Year 11"])


# ---------------------------------------------------------------------------------------------
# axe at both sizes on the pages these fixes touch


@SIZES
def test_touched_pages_pass_axe_at_both_sizes(open_site, accounts, live_server, size):
    amira = accounts.create("amira.k", display_name="Amira")
    ben = accounts.create("ben.t", display_name="Ben")
    help_id = make_post(live_server.app, amira, "Stuck on fractions", anonymous=True)
    # A resolved card is a little faded: its "posted anonymously" tag must stay readable.
    resolved_id = make_post(live_server.app, amira, "Lost my PE kit", anonymous=True)
    with live_server.app.app_context():
        posting.resolve(db.session.get(Post, resolved_id))
    shout_id = make_post(
        live_server.app, amira, "Ben ran the bake sale", PostKind.SHOUTOUT, recipients=["ben.t"]
    )
    site = open_site("amira", viewport=size)
    site.log_in(amira.username)
    for path in (
        "/posts/new?kind=help",
        "/posts/new?kind=shoutout",
        f"/posts/{help_id}",
        f"/posts/{resolved_id}",
        f"/posts/{shout_id}",
        "/support",
        f"/u/{ben.username}",
        f"/u/{amira.username}",
        "/me",
    ):
        site.visit(path)
