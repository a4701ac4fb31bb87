"""Staff running the queues from a phone and from the keyboard: the queue counts are the first
thing on a small screen (the other tools folded away), every queue has select-all and bulk
actions (also without JavaScript), and j/k/x/a/r/? work on a queue page.

Every page is checked by the guards in conftest.py (axe at the size it is shown, no off-site
request, no CSP violation, no JavaScript error). BROWSER_SHOTS=dir keeps a screenshot of each.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from board import moderation, posting, settings
from board.extensions import db
from board.models import PostKind, Role, User

from .pages import flash, heading, main, staff_tools

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def help_requests(live_server, authors, *, mode="everything", reported_by=None):
    """Each author asks for help; under "everything" the posts wait in Awaiting approval,
    reported once each they wait in Reported."""
    with live_server.app.app_context():
        admin = db.session.scalar(db.select(User).where(User.role == Role.ADMIN))
        settings.update(admin, {"moderation_mode": mode})
        for author in authors:
            post = posting.create_post(
                db.session.get(User, author.id),
                posting.Draft(
                    PostKind.HELP,
                    f"Help with homework, from {author.display_name}",
                    "Can someone explain long division?",
                    "schoolwork",
                ),
            )
            if reported_by:
                moderation.report(db.session.get(User, reported_by.id), post, None, "spam")


@pytest.fixture
def school(accounts):
    head = accounts.create("head", Role.ADMIN, display_name="Mrs Adeyemi")
    staff = accounts.create("ms.lee", Role.STAFF, display_name="Ms Lee")
    pupils = [accounts.create(name) for name in ("ana", "ben", "cal")]
    return head, staff, pupils


def queue_link(page, label: str):
    return staff_tools(page).get_by_role("link", name=label)


def test_on_a_phone_staff_see_the_queue_counts_first(site, page, live_server, school):
    _, staff, pupils = school
    help_requests(live_server, pupils[:2])
    page.set_viewport_size(PHONE)
    site.log_in(staff.username)
    site.visit("/mod/")
    awaiting = queue_link(page, "Awaiting approval 2")
    expect(awaiting).to_be_in_viewport(ratio=1)
    box = awaiting.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]
    for empty in ("Urgent 0", "Reported 0", "Flagged 0"):
        expect(queue_link(page, empty)).to_be_visible()
    # The other tools are folded away on a phone, one tap away.
    expect(queue_link(page, "Students")).to_be_hidden()
    page.get_by_text("All staff tools", exact=True).click()
    expect(queue_link(page, "Students")).to_be_visible()
    site.follow("Awaiting approval 2")
    expect(heading(page)).to_contain_text("Awaiting approval")
    # On a wide screen the tools are open from the start.
    page.set_viewport_size(DESKTOP)
    site.visit("/mod/")
    expect(queue_link(page, "Students")).to_be_visible()
    site.visit("/mod/queue/reported")


def test_select_all_and_bulk_approve_on_the_reported_queue(site, page, live_server, school):
    _, staff, pupils = school
    help_requests(live_server, pupils[:2], mode="flagged_only", reported_by=pupils[2])
    page.set_viewport_size(PHONE)
    site.log_in(staff.username)
    site.visit("/mod/queue/reported")
    boxes = main(page).get_by_role("checkbox", name="Select “Help with homework")
    expect(boxes).to_have_count(2)
    page.get_by_label("Select all 2 on this page").check()
    for n in range(2):
        expect(boxes.nth(n)).to_be_checked()
    boxes.nth(1).uncheck()
    expect(page.get_by_label("Select all 2 on this page")).not_to_be_checked()
    page.get_by_label("Select all 2 on this page").check()
    site.submit("Approve selected")
    expect(flash(page)).to_have_text("Approved 2 items.")
    expect(main(page)).to_contain_text("Nothing waiting here")
    expect(queue_link(page, "Reported 0")).to_be_visible()


def test_select_all_works_without_javascript(open_site, live_server, school):
    _, staff, pupils = school
    help_requests(live_server, pupils)
    site = open_site("ms.lee without JavaScript", java_script_enabled=False, viewport=PHONE)
    page = site.page
    site.log_in(staff.username)
    site.visit("/mod/queue/awaiting")
    page.get_by_label("Select all 3 on this page").check()
    page.get_by_text("Reject selected…").click()
    bulk_form = page.get_by_role("form", name="Decide about the selected items")
    bulk_form.get_by_label("Reason").select_option(label="It looks like spam")
    site.submit("Reject selected")
    expect(flash(page)).to_have_text("Rejected 3 items.")
    expect(main(page)).to_contain_text("Nothing waiting here")


def test_keyboard_shortcuts_move_select_and_approve(site, page, live_server, school):
    _, staff, pupils = school
    help_requests(live_server, pupils)
    page.set_viewport_size(DESKTOP)
    site.log_in(staff.username)
    site.visit("/mod/queue/awaiting")
    items = main(page).get_by_role("article")
    expect(items).to_have_count(3)

    # ? opens the help, listed on the page as "Keyboard shortcuts (?)".
    expect(page.get_by_role("button", name="Keyboard shortcuts (?)")).to_be_visible()
    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(help_dialog).to_be_visible()
    expect(help_dialog).to_contain_text("Approve the item")
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()

    page.keyboard.press("j")
    expect(items.nth(0)).to_be_focused()
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(items.nth(2)).to_be_focused()
    expect(items.nth(2)).to_have_class("card queue-item is-current")
    page.keyboard.press("k")
    expect(items.nth(1)).to_be_focused()
    page.keyboard.press("x")
    expect(items.nth(1).get_by_role("checkbox")).to_be_checked()

    # r opens the reason; keys typed in a field are words, not shortcuts.
    page.keyboard.press("r")
    note = items.nth(1).get_by_label("Note to the author")
    expect(items.nth(1).get_by_label("Reason")).to_be_focused()
    note.click()
    page.keyboard.type("jaka")
    expect(note).to_have_value("jaka")
    expect(note).to_be_focused()

    title = items.nth(1).get_by_role("heading").inner_text()
    items.nth(1).focus()
    with page.expect_event("load"):
        page.keyboard.press("a")
    site.check_a11y()
    expect(flash(page)).to_have_text("Approved and published.")
    expect(items).to_have_count(2)
    expect(main(page).get_by_role("heading", name=title)).to_have_count(0)
