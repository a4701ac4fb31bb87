"""Posting journeys in a real browser: asking for help, helping, thanking, reacting and deciding
about shout-outs about you.

Each person has a browser of their own (`open_site`), so several people can be on the board at
once, as at school. Everything they do goes through the pages; only the odd starting post in the
shorter journeys is made straight through the posting actions. Every page is checked by the
guards in conftest.py (axe, no off-site requests, no CSP violation, no JavaScript error).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from board import posting
from board.extensions import db
from board.models import PostKind, Role, User

from .pages import card, click_to_load, flash, heading, main, notifications_link

pytestmark = pytest.mark.browser

NO_JAVASCRIPT = {"java_script_enabled": False}


# ---------------------------------------------------------------------------------------------
# What a person sees


def reaction(scope: Locator | Page, label: str) -> Locator:
    """A reaction button; its name is the label and the count, such as "Celebrate 2"."""
    return scope.get_by_role("button", name=re.compile(rf"^{re.escape(label)} \d+$"))


def reply_with(page: Page, words: str) -> Locator:
    return page.locator(".reply").filter(has_text=words)


def never_shows(site, *clues: str) -> None:
    """Anonymity: from now on, every page this tab loads is also searched, markup and all, for
    anything that names the person (checked with axe, so no page escapes)."""
    check_a11y = site.check_a11y

    def check_a11y_and_anonymity() -> None:
        check_a11y()
        html = site.page.content().lower()
        for clue in clues:
            assert clue.lower() not in html, f"{site.page.url} gives away {clue!r}"

    site.check_a11y = check_a11y_and_anonymity


# ---------------------------------------------------------------------------------------------
# The acceptance journey


def test_help_asked_anonymously_is_answered_thanked_celebrated_and_shout_outs_wait_for_an_ok(
    site, page, accounts, open_site
):
    """A asks for help anonymously; B offers help; A marks "This helped"; the request shows
    resolved, B is notified and B's profile shows one classmate helped; A thanks B with the
    pre-filled shout-out; C reacts Celebrate both with JavaScript and with it disabled; D, who
    set "wait for my OK", approves a shout-out before anyone else sees it."""
    amira = accounts.create("amira.k", display_name="Amira")
    ben = accounts.create("ben.t", display_name="Ben")
    cleo = accounts.create("cleo.r", display_name="Cleo")
    dev = accounts.create("dev.p", display_name="Dev")
    esme = accounts.create("esme.w", display_name="Esme")
    request_title = "Stuck on fractions homework"

    # A asks for help anonymously.
    site.log_in(amira.username)
    site.follow("New post")
    expect(heading(page)).to_have_text("What would you like to post?")
    expect(main(page).get_by_role("link", name=re.compile("^Give a shout-out"))).to_be_visible()
    click_to_load(site, main(page).get_by_role("link", name=re.compile("^Ask for help")))
    expect(heading(page)).to_have_text("Ask for help")
    page.get_by_label("Title").fill(request_title)
    page.get_by_label("Details").fill(
        "I can't add fractions with different denominators. Could someone explain it?"
    )
    page.get_by_label("Category").select_option(label="Schoolwork")
    page.get_by_label("Post anonymously").check()
    site.submit("Post")
    expect(flash(page)).to_have_text("Your request is up. Classmates and staff can now offer help.")
    expect(heading(page)).to_have_text(request_title)
    post = page.get_by_role("article").first
    expect(post).to_contain_text("Help request")
    expect(post).to_contain_text("Needs a helper")
    expect(post.locator(".byline")).to_contain_text("From Amira posted anonymously")
    request_url = page.url

    # B finds it on the board without learning who asked, and offers help.
    as_ben = open_site("ben")
    ben_page = as_ben.page
    never_shows(as_ben, amira.display_name, amira.username)
    as_ben.log_in(ben.username)
    request_card = card(ben_page, request_title)
    expect(request_card).to_contain_text("From Someone in our school")
    expect(request_card).to_contain_text("Needs a helper")
    as_ben.follow(request_title)
    expect(heading(ben_page)).to_have_text(request_title)
    expect(ben_page.get_by_role("article").first).to_contain_text("From Someone in our school")
    ben_page.get_by_label("Your reply").fill(
        "Find a common denominator first: 1/3 + 1/4 is 4/12 + 3/12, which makes 7/12."
    )
    as_ben.submit("Offer help")
    expect(flash(ben_page)).to_have_text("Thank you for replying!")
    expect(reply_with(ben_page, "common denominator").get_by_role("link")).to_have_text("Ben")
    expect(ben_page.get_by_role("button", name="This helped")).to_have_count(0)  # not his

    # A hears about the reply and marks "This helped": the request is resolved.
    site.visit("/")
    expect(notifications_link(page)).to_have_accessible_name("Notifications 1 unread")
    site.follow("Notifications 1 unread")
    click_to_load(site, main(page).get_by_role("button", name=re.compile("Ben replied to")))
    expect(page).to_have_url(re.compile(re.escape(request_url) + r"#reply-\d+$"))
    site.submit("This helped")
    expect(flash(page)).to_have_text(
        "Marked as helpful. Your request is resolved, and they'll know they helped."
    )
    expect(page.get_by_role("article").first.locator(".post-meta")).to_contain_text("Resolved")
    expect(reply_with(page, "common denominator").locator(".byline")).to_contain_text("This helped")
    expect(page.get_by_role("button", name="This helped")).to_have_count(0)
    expect(page.get_by_role("button", name="Mark as resolved")).to_have_count(0)
    thank = page.locator(".thank")
    expect(thank.get_by_role("heading")).to_have_text("Say thank you?")
    expect(thank).to_contain_text("(it will show your name)")

    # B is told, still without a name, and the credit shows on his profile.
    as_ben.visit("/")
    expect(notifications_link(ben_page)).to_have_accessible_name("Notifications 1 unread")
    expect(card(ben_page, request_title)).to_contain_text("Resolved")
    as_ben.follow("Notifications 1 unread")
    helped = main(ben_page).get_by_role("button", name=re.compile("said your reply helped"))
    expect(helped).to_have_text(
        f"New: The person who asked said your reply helped: “{request_title}”. Thank you!"
    )
    click_to_load(as_ben, helped)
    expect(heading(ben_page)).to_have_text(request_title)
    expect(ben_page.get_by_role("article").first).to_contain_text("Resolved")
    expect(reply_with(ben_page, "common denominator").locator(".byline")).to_contain_text(
        "This helped"
    )
    expect(notifications_link(ben_page)).to_have_accessible_name("Notifications")
    as_ben.follow("My page")
    expect(main(ben_page)).to_contain_text("You have helped 1 classmate.")
    as_ben.follow("See my profile as others do")
    expect(heading(ben_page)).to_have_text("Ben @ben.t")
    expect(ben_page.locator(".stat")).to_contain_text("1 classmate helped")

    # A thanks B with the shout-out that comes filled in.
    site.follow("Thank Ben with a shout-out")
    expect(heading(page)).to_have_text("Give a shout-out")
    expect(page.get_by_label("Recipients")).to_have_value(ben.username)
    expect(page.get_by_label("Title")).to_have_value("Thank you for helping me!")
    expect(page.get_by_label("Category")).to_have_value("kindness")
    page.get_by_label("Message").fill("Ben explained fractions so clearly that I finally get it.")
    site.submit("Post")
    expect(flash(page)).to_have_text("Your shout-out is up. Thank you for celebrating a classmate!")
    expect(heading(page)).to_have_text("Thank you for helping me!")
    expect(page.get_by_role("article").first.locator(".byline")).to_contain_text(
        "For Ben, from Amira"
    )

    # C celebrates it with JavaScript: the count changes in place, no page is loaded.
    as_cleo = open_site("cleo")
    cleo_page = as_cleo.page
    as_cleo.log_in(cleo.username)
    as_cleo.follow("Thank you for helping me!")
    celebrate = reaction(cleo_page, "Celebrate")
    expect(celebrate).to_have_accessible_name("Celebrate 0")
    expect(celebrate).to_have_attribute("aria-pressed", "false")
    here = cleo_page.url
    cleo_page.evaluate("window.sameDocument = true")
    celebrate.click()
    expect(celebrate).to_have_attribute("aria-pressed", "true")
    expect(celebrate).to_have_accessible_name("Celebrate 1")
    assert cleo_page.url == here
    assert cleo_page.evaluate("window.sameDocument") is True, "the reaction reloaded the page"
    as_cleo.visit(here)  # the server kept it
    expect(reaction(cleo_page, "Celebrate")).to_have_accessible_name("Celebrate 1")
    expect(reaction(cleo_page, "Celebrate")).to_have_attribute("aria-pressed", "true")

    # ... and without JavaScript: the form posts, the board comes back with the right count.
    cleo_plain = open_site("cleo without JavaScript", **NO_JAVASCRIPT)
    plain_page = cleo_plain.page
    cleo_plain.log_in(cleo.username)
    expect(reaction(card(plain_page, "Thank you for helping me!"), "Celebrate")).to_have_attribute(
        "aria-pressed", "true"
    )
    solved = reaction(card(plain_page, request_title), "Celebrate")
    expect(solved).to_have_accessible_name("Celebrate 0")
    with plain_page.expect_event("load"):
        solved.click()
    cleo_plain.check_a11y()
    expect(plain_page).to_have_url(re.compile(re.escape(cleo_plain.url("/")) + r"#post-\d+$"))
    expect(solved).to_have_accessible_name("Celebrate 1")
    expect(solved).to_have_attribute("aria-pressed", "true")

    # D asks to OK shout-outs about them first.
    as_dev = open_site("dev")
    dev_page = as_dev.page
    as_dev.log_in(dev.username)
    as_dev.follow("My page")
    dev_page.get_by_label("Shout-outs about me").select_option(label="Wait for my OK")
    as_dev.submit("Save settings")
    expect(flash(dev_page)).to_have_text("Your settings are saved.")
    expect(dev_page.get_by_label("Shout-outs about me")).to_have_value("ask")

    # C gives D a shout-out.
    shoutout_title = "Brilliant stall at the bake sale"
    as_cleo.visit("/")
    as_cleo.follow("Give a shout-out")
    cleo_page.get_by_label("Title").fill(shoutout_title)
    cleo_page.get_by_label("Message").fill("Dev baked forty cupcakes and raised so much money!")
    cleo_page.get_by_label("Category").select_option(label="Community")
    cleo_page.get_by_label("Recipients").fill(dev.username)
    as_cleo.submit("Post")
    expect(heading(cleo_page)).to_have_text(shoutout_title)
    shoutout_url = cleo_page.url

    # E sees nothing of it: not on the board, not at its address, not on D's profile.
    as_esme = open_site("esme")
    esme_page = as_esme.page
    as_esme.log_in(esme.username)
    expect(card(esme_page, "Thank you for helping me!")).to_be_visible()
    expect(card(esme_page, shoutout_title)).to_have_count(0)
    as_esme.follow("Celebrations")
    expect(card(esme_page, "Thank you for helping me!")).to_be_visible()
    expect(card(esme_page, shoutout_title)).to_have_count(0)
    response = as_esme.visit(shoutout_url)
    assert response is not None and response.status == 404
    expect(heading(esme_page)).to_have_text("We couldn't find that page")
    as_esme.visit(f"/u/{dev.username}")
    expect(main(esme_page)).to_contain_text("No shout-outs yet.")

    # D is told it waits for them, opens it and approves it.
    as_dev.visit("/")
    expect(notifications_link(dev_page)).to_have_accessible_name("Notifications 1 unread")
    as_dev.follow("Notifications 1 unread")
    waiting = main(dev_page).get_by_role("button", name=re.compile("waiting for your OK"))
    expect(waiting).to_have_text(
        f"New: Cleo gave you a shout-out. It's waiting for your OK: “{shoutout_title}”"
    )
    click_to_load(as_dev, waiting)
    about_me = dev_page.locator(".about-me")
    expect(about_me.get_by_role("heading")).to_have_text("This shout-out is about you")
    expect(about_me).to_contain_text("Nobody else sees it until you approve it.")
    as_dev.submit("Approve shout-out")
    expect(flash(dev_page)).to_have_text("Thanks! The shout-out is now on the board.")
    expect(dev_page.get_by_role("button", name="Approve shout-out")).to_have_count(0)

    # Now E sees it.
    as_esme.visit("/")
    expect(card(esme_page, shoutout_title).locator(".byline")).to_contain_text("For Dev, from Cleo")
    response = as_esme.visit(shoutout_url)
    assert response is not None and response.status == 200
    expect(heading(esme_page)).to_have_text(shoutout_title)


# ---------------------------------------------------------------------------------------------
# Shout-outs about you, and choosing recipients


def give_shoutout(app, author, title: str, *recipients) -> int:
    """A shout-out made straight through the posting action, as the starting point."""
    with app.app_context():
        post = posting.create_post(
            db.session.get(User, author.id),
            posting.Draft(
                kind=PostKind.SHOUTOUT,
                title=title,
                body="Top marks in the maths challenge, after weeks of practice.",
                category="academic",
                recipients=[r.username for r in recipients],
            ),
        )
        return post.id


def test_a_recipient_hides_a_shout_out_and_it_disappears_for_everyone(
    site, page, accounts, open_site, live_server
):
    priya = accounts.create("priya", display_name="Priya")
    rosa = accounts.create("rosa", display_name="Rosa")
    omar = accounts.create("omar", display_name="Omar")
    staff = accounts.create("ms.lee", Role.STAFF, display_name="Ms Lee")
    title = "Maths challenge champion"
    post_id = give_shoutout(live_server.app, priya, title, rosa)

    as_omar = open_site("omar")
    omar_page = as_omar.page
    as_omar.log_in(omar.username)
    expect(card(omar_page, title)).to_be_visible()

    site.log_in(rosa.username)
    site.follow("Notifications 1 unread")
    click_to_load(
        site, main(page).get_by_role("button", name=re.compile("Priya gave you a shout-out"))
    )
    expect(heading(page)).to_have_text(title)
    page.get_by_text("I'd rather not be in this").click()
    page.get_by_label("Why? (optional, only staff see this)").fill(
        "I'd rather keep my marks private."
    )
    expect(main(page)).to_contain_text("as you're the only one in it, it disappears")
    site.submit("Take me off this shout-out")
    expect(heading(page)).to_have_text("My page")
    expect(flash(page)).to_have_text(
        "Done. You're no longer in that shout-out, anywhere on the board."
    )

    as_omar.visit("/")
    expect(main(omar_page)).to_contain_text("Nothing here yet.")
    expect(card(omar_page, title)).to_have_count(0)
    response = as_omar.visit(f"/posts/{post_id}")
    assert response is not None and response.status == 404
    as_omar.visit(f"/u/{rosa.username}")
    expect(main(omar_page)).to_contain_text("No shout-outs yet.")

    # Staff keep the record, with the reason only they see.
    as_staff = open_site("ms.lee")
    as_staff.log_in(staff.username)
    as_staff.visit(f"/posts/{post_id}")
    staff_only = as_staff.page.locator("section").filter(
        has=as_staff.page.get_by_role("heading", name="Recipients (staff only)")
    )
    expect(staff_only).to_contain_text("rosa: hidden (“I'd rather keep my marks private.”)")


def recipients_field(page: Page) -> Locator:
    return page.get_by_label("Recipients")


def suggestions(page: Page) -> list[str]:
    return page.locator("#recipient-suggestions option").evaluate_all(
        "options => options.map(o => o.value + ' (' + o.label + ')')"
    )


def test_recipients_are_suggested_while_typing(site, page, accounts):
    gus = accounts.create("gus", display_name="Gus")
    accounts.create("maya.b", display_name="Maya")
    accounts.create("marco.d", display_name="Marco")
    accounts.create("jamal", display_name="Jamal")
    accounts.create("ma.ward", Role.STAFF, display_name="Ms Ward")  # staff are not celebrated

    site.log_in(gus.username)
    site.follow("Give a shout-out")
    recipients_field(page).press_sequentially("ma")
    expect(page.locator("#recipient-suggestions option")).to_have_count(2)
    assert suggestions(page) == ["marco.d (Marco)", "maya.b (Maya)"]

    recipients_field(page).press_sequentially("ya")
    expect(page.locator("#recipient-suggestions option")).to_have_count(1)
    recipients_field(page).press_sequentially(".b, @ja")
    expect(page.locator("#recipient-suggestions option")).to_have_attribute(
        "value", "maya.b, jamal"
    )
    assert suggestions(page) == ["maya.b, jamal (Jamal)"]
    recipients_field(page).fill("maya.b, jamal")  # what picking the suggestion does

    page.get_by_label("Title").fill("Best duet at the concert")
    page.get_by_label("Message").fill("You two made the whole hall sing along.")
    page.get_by_label("Category").select_option(label="Arts")
    site.submit("Post")
    expect(heading(page)).to_have_text("Best duet at the concert")
    expect(page.get_by_role("article").first.locator(".byline")).to_contain_text(
        "For Maya and Jamal, from Gus"
    )


@pytest.mark.browser_context_args(**NO_JAVASCRIPT)
def test_recipients_typed_by_hand_without_javascript(site, page, accounts):
    gus = accounts.create("gus", display_name="Gus")
    accounts.create("maya.b", display_name="Maya")
    accounts.create("jamal", display_name="Jamal")

    site.log_in(gus.username)
    site.follow("Give a shout-out")
    assert page.evaluate("matchMedia('(scripting: none)').matches"), "JavaScript is on"
    page.get_by_label("Title").fill("Best duet at the concert")
    page.get_by_label("Message").fill("You two made the whole hall sing along.")
    page.get_by_label("Category").select_option(label="Arts")
    recipients_field(page).fill("@maya.b, jamal, mya")
    site.submit("Post")
    expect(page.get_by_role("alert")).to_contain_text(
        "Recipients: We couldn't find a classmate called “mya”. Check the username."
    )
    expect(recipients_field(page)).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#recipient-suggestions option")).to_have_count(0)

    recipients_field(page).fill("@maya.b, JAMAL")
    site.submit("Post")
    expect(flash(page)).to_have_text("Your shout-out is up. Thank you for celebrating a classmate!")
    expect(page.get_by_role("article").first.locator(".byline")).to_contain_text(
        "For Maya and Jamal, from Gus"
    )


# ---------------------------------------------------------------------------------------------
# The guards watch the extra tabs too (the harness's own checks are in test_browser_guards.py)


def test_a_tab_without_javascript_is_still_judged_by_axe(site, page, open_site):
    plain = open_site("no JavaScript", **NO_JAVASCRIPT)
    plain.page.goto(plain.url("/login"))
    assert plain.page.evaluate("matchMedia('(scripting: none)').matches")
    plain.page.evaluate("document.querySelector('label[for=password]').remove()")
    with pytest.raises(AssertionError, match=r"label \(critical\)"):
        plain.check_a11y()


def test_a_page_another_tab_never_checked_fails_the_test(site, page, open_site):
    other = open_site("another person")
    other.page.goto(other.url("/login"))
    other.page.goto(other.url("/join"))  # finish() checks only the last page
    with pytest.raises(AssertionError, match=r"never checked with axe.*/login"):
        other.finish()
    other.reset()
