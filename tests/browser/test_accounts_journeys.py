"""Account journeys in a real browser: what a student, a member of staff and an admin see.

People and join codes are set up in the database; everything else goes through the pages, as a
person would. The `site` guard (conftest.py) checks every page with axe and fails on requests
outside the site, CSP violations and JavaScript errors.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from board.models import Role

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def flash(page: Page):
    return page.get_by_role("status")


def logged_in_as(page: Page, display_name: str) -> None:
    """What a person sees once in: their name in the header and a greeting on the home page."""
    expect(heading(page)).to_have_text(f"Hello, {display_name}!")
    expect(page.get_by_role("banner")).to_contain_text(display_name)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def logged_out(page: Page) -> None:
    expect(heading(page)).to_have_text("Log in")
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)


def test_student_joins_with_a_code_then_logs_out_and_back_in(site, page, accounts):
    teacher = accounts.create("ms.lee", Role.STAFF, display_name="Ms Lee")
    code = accounts.join_code(teacher, "Year 9")

    site.visit("/join")
    expect(heading(page)).to_have_text("Join the board")
    page.get_by_label("Join code").fill(code)
    page.get_by_label("Username", exact=True).fill("amira.k")
    page.get_by_label("Display name").fill("Amira")
    page.get_by_label("Password", exact=True).fill("sunflowers in june")
    site.submit("Join")

    expect(page).to_have_url(site.url("/"))
    logged_in_as(page, "Amira")
    expect(flash(page)).to_have_text("Welcome to the board, Amira!")

    site.log_out()
    logged_out(page)
    expect(flash(page)).to_have_text("You have logged out. See you soon!")

    site.log_in("amira.k", "sunflowers in june")
    logged_in_as(page, "Amira")
    expect(flash(page)).to_have_text("Welcome back, Amira!")


def test_admin_invites_a_member_of_staff_whose_link_works_once(site, page, accounts):
    admin = accounts.create("head", Role.ADMIN, display_name="The Head")

    site.log_in(admin.username)
    site.follow("Admin")
    expect(heading(page)).to_have_text("Staff accounts")
    expect(page.get_by_role("heading", name="Invite a member of staff")).to_be_visible()
    page.get_by_label("Username", exact=True).fill("mr.okafor")
    page.get_by_label("Display name").fill("Mr Okafor")
    page.get_by_label("Role").select_option(label="Staff")
    page.get_by_label("Safeguarding lead").check()
    site.submit("Create invite link")

    expect(heading(page)).to_have_text("Invite link for mr.okafor")
    link = page.locator("#invite-link").inner_text().strip()
    assert link.startswith(site.url("/invite/")), link
    site.follow("Back to staff accounts")
    row = page.get_by_role("row").filter(has_text="mr.okafor")
    expect(row.get_by_role("cell")).to_have_text(
        ["mr.okafor", "Mr Okafor", "Staff", "Yes", re.compile(r"^\s*No\b")]  # no pastoral duty yet
    )
    site.log_out()

    site.visit(link)
    expect(heading(page)).to_have_text("Welcome, Mr Okafor")
    expect(page.get_by_role("main")).to_contain_text("Your username is mr.okafor.")
    page.get_by_label("Password", exact=True).fill("tea and biscuits")
    site.submit("Set password")

    expect(flash(page)).to_have_text("Your password is set. Please log in.")
    expect(page.get_by_label("Username", exact=True)).to_have_value("mr.okafor")
    page.get_by_label("Password", exact=True).fill("tea and biscuits")
    site.submit("Log in")
    logged_in_as(page, "Mr Okafor")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Staff tools")).to_be_visible()
    expect(nav.get_by_role("link", name="Admin")).to_have_count(0)

    site.visit(link)
    expect(heading(page)).to_have_text("This invite link doesn't work")
    expect(page.get_by_role("main")).to_contain_text("ask an admin for a new one")
    expect(page.get_by_label("Password", exact=True)).to_have_count(0)


def test_suspended_student_is_told_until_when_and_why_until_reinstated(site, page, accounts):
    staff = accounts.create("ms.lee", Role.STAFF, display_name="Ms Lee")
    student = accounts.create("sam", display_name="Sam")
    until = (datetime.now(UTC) + timedelta(days=3)).date()
    reason = "Unkind comments about a classmate. Let's talk about it on Monday."

    site.log_in(staff.username)
    site.follow("Staff tools")
    site.follow("Students")
    expect(heading(page)).to_have_text("Students")
    site.follow("sam")
    expect(heading(page)).to_have_text("Sam @sam")
    page.get_by_label("Suspended until").fill(until.isoformat())
    page.get_by_label("Reason").fill(reason)
    site.submit("Suspend")
    expect(flash(page)).to_have_text(
        re.compile(rf"sam is suspended until 0?{until.day} {until:%B %Y}\.")
    )
    expect(page.get_by_role("button", name="Reinstate")).to_be_visible()
    site.log_out()

    site.log_in(student.username)
    notice = page.get_by_role("alert")
    expect(notice).to_contain_text("Your account is paused")
    expect(notice).to_contain_text(f"suspended until {until.day} {until:%B %Y}.")
    expect(notice).to_contain_text(f"Reason: {reason}")
    logged_out(page)

    site.log_in(staff.username)
    site.follow("Staff tools")
    site.follow("Students")
    site.follow("sam")
    site.submit("Reinstate")
    expect(flash(page)).to_have_text("sam is reinstated and can log in again.")
    site.log_out()

    site.log_in(student.username)
    logged_in_as(page, "Sam")


def test_student_given_a_one_time_password_must_choose_their_own(site, page, accounts):
    staff = accounts.create("ms.lee", Role.STAFF, display_name="Ms Lee")
    accounts.create("sam", display_name="Sam")

    site.log_in(staff.username)
    site.follow("Staff tools")
    site.follow("Students")
    site.follow("sam")
    expect(page).to_have_title("sam · Hillside Empathy Board")
    site.submit("Reset password")
    expect(heading(page)).to_have_text("One-time password for sam")
    one_time = page.locator(".secret").inner_text().strip()
    assert re.fullmatch(r"\w{4}-\w{4}-\w{4}", one_time), one_time
    site.log_out()

    site.log_in("sam", one_time)
    expect(page).to_have_url(site.url("/me/password"))
    expect(heading(page)).to_have_text("Change your password")
    expect(page.get_by_role("main")).to_contain_text("You logged in with a one-time password.")

    site.visit("/")  # the board waits until they have their own password
    expect(page).to_have_url(site.url("/me/password"))
    expect(heading(page)).to_have_text("Change your password")

    new_password = "my own kind password"
    page.get_by_label("Current password").fill(one_time)
    page.get_by_label("New password").fill(new_password)
    site.submit("Save password")
    logged_in_as(page, "Sam")
    expect(flash(page)).to_have_text("Your new password is saved.")
    site.visit("/support")
    expect(heading(page)).to_have_text("You are not alone")
    site.log_out()

    site.log_in("sam", one_time)
    expect(page.get_by_text("That username and password don't match.")).to_be_visible()
    page.get_by_label("Password", exact=True).fill(new_password)
    site.submit("Log in")
    logged_in_as(page, "Sam")


def test_error_pages_look_like_the_rest_of_the_site(site, page, accounts):
    student = accounts.create("sam", display_name="Sam")
    site.log_in(student.username)
    header = page.get_by_role("banner")
    site_colour = header.evaluate("e => getComputedStyle(e).backgroundColor")

    response = site.visit("/no-such-page")
    assert response is not None and response.status == 404
    expect(heading(page)).to_have_text("We couldn't find that page")
    expect(page.get_by_text("Error 404")).to_be_visible()
    expect(page).to_have_title("We couldn't find that page · Hillside Empathy Board")
    expect(header.get_by_role("link", name="Hillside Empathy Board")).to_be_visible()
    expect(header.get_by_role("navigation", name="Main")).to_be_visible()
    expect(header).to_contain_text("Sam")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == site_colour

    response = site.visit("/mod/students")
    assert response is not None and response.status == 403
    expect(heading(page)).to_have_text("That page isn't for you")
    expect(page.get_by_text("Error 403")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("ask a member of staff")
    expect(page.get_by_role("table")).to_have_count(0)
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == site_colour

    site.follow("Go to the home page")
    logged_in_as(page, "Sam")


def no_sideways_scroll(page: Page) -> None:
    scroll_width, client_width = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    assert scroll_width <= client_width, (
        f"{page.url} scrolls sideways on a phone: {scroll_width}px wide in {client_width}px"
    )


@pytest.mark.browser_context_args(**PHONE)
def test_pages_fit_a_phone_screen(site, page, accounts):
    site.visit("/login")
    no_sideways_scroll(page)
    expect(page.get_by_role("button", name="Log in")).to_be_in_viewport()

    site.visit("/join")
    no_sideways_scroll(page)

    # The widest header: an admin has every navigation link.
    admin = accounts.create("head", Role.ADMIN, display_name="The Head")
    sam = accounts.create("sam", display_name="Sam")
    site.log_in(admin.username)
    for path in ("/", "/mod/students", "/admin/staff"):
        site.visit(path)
        no_sideways_scroll(page)

    # An admin sees the most on a student's account page (delete as well as reset and suspend).
    site.visit(f"/mod/accounts/{sam.id}")
    no_sideways_scroll(page)
    expect(page).to_have_title("sam · Hillside Empathy Board")


def test_student_logs_out_everywhere_from_my_page(site, page, accounts, open_site):
    """Logged in at home and on a school computer: 'Log out everywhere' on My page ends both."""
    accounts.create("sam", display_name="Sam")
    school = open_site("the school computer")
    school.log_in("sam")
    logged_in_as(school.page, "Sam")

    site.log_in("sam")
    site.visit("/me")
    expect(page.get_by_role("heading", name="Password and sessions")).to_be_visible()
    site.submit("Log out everywhere")
    logged_out(page)
    expect(flash(page)).to_have_text(
        "You have logged out on every computer and phone. Please log in again."
    )

    school.visit("/")
    expect(school.page).to_have_url(re.compile(r"/login\?next="))
    logged_out(school.page)


def test_too_many_wrong_passwords_say_when_to_try_again(site, page, accounts):
    accounts.create("sam", display_name="Sam")
    for _ in range(6):
        site.visit("/login")
        page.get_by_label("Username", exact=True).fill("sam")
        page.get_by_label("Password", exact=True).fill("not-my-password")
        site.submit("Log in")
    expect(page.get_by_label("Username", exact=True)).to_have_value("sam")
    expect(page.get_by_text("Please try again in 1 minute.")).to_be_visible()
