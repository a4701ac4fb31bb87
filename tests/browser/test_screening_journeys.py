"""Screening in a real browser: the "rethink before posting" nudge for unkind words, and the
crisis path (the support page for the writer, an urgent alert for the safeguarding lead, and
escalation when nobody acknowledges it in time).

Each person has a browser of their own (`open_site`). Every page is checked by the guards in
conftest.py (axe, no off-site requests, no CSP violation, no JavaScript error).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Locator, Page, expect

from board import safeguarding
from board.models import Role, utcnow

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

UNKIND = "You are such an idiot, nobody likes you"
KIND = "I found the group project hard today. Could we share the work out more evenly?"
CRISIS = "I want to kill myself, nobody would miss me"


def ask_for_help(site, title: str, details: str) -> None:
    page = site.page
    site.visit("/")
    site.follow("New post")
    click_to_load(site, main(page).get_by_role("link", name=re.compile("^Ask for help")))
    page.get_by_label("Title").fill(title)
    page.get_by_label("Details").fill(details)
    page.get_by_label("Category").select_option(label="Friendships")
    site.submit("Post")


def nudge(page: Page) -> Locator:
    return page.get_by_role("alert").filter(has=page.get_by_role("heading"))


# ---------------------------------------------------------------------------------------------
# The acceptance journey


def test_unkind_words_get_a_nudge_and_a_crisis_goes_privately_to_the_safeguarding_lead(
    site, page, accounts, open_site
):
    """An unkind post gets the nudge with the words highlighted; editing publishes it; "Post
    anyway" leaves it pending and unseen by peers; a crisis post shows the support page, and the
    lead sees an urgent alert and acknowledges it."""
    amira = accounts.create("amira.k", display_name="Amira")
    ben = accounts.create("ben.t", display_name="Ben")
    cleo = accounts.create("cleo.r", display_name="Cleo")
    lead = accounts.create("ms.khan", Role.STAFF, display_name="Ms Khan", safeguarding_lead=True)

    # A writes something unkind and is nudged, with the words that might hurt highlighted.
    site.log_in(amira.username)
    ask_for_help(site, "Group project trouble", UNKIND)
    box = nudge(page)
    expect(box.get_by_role("heading")).to_have_text("Rethink before posting?")
    expect(box).to_contain_text("Could you say it in a kinder way?")
    # The phrases the rules know are marked; the model may mark a word of its own too.
    for phrase in ("You are such an idiot", "nobody likes you"):
        expect(box.locator("mark").filter(has_text=phrase)).to_have_count(1)
    expect(page.get_by_role("button", name="Edit my post")).to_be_visible()
    expect(page.get_by_role("button", name="Post anyway")).to_be_visible()
    expect(page.get_by_label("Details")).to_have_value(UNKIND)  # nothing typed is lost

    # She rewrites it kindly: it is published at once.
    page.get_by_label("Details").fill(KIND)
    site.submit("Edit my post")
    expect(flash(page)).to_have_text("Your request is up. Classmates and staff can now offer help.")
    expect(heading(page)).to_have_text("Group project trouble")
    expect(page.get_by_role("article").first).to_contain_text(KIND)

    # She writes something unkind again and posts it anyway: it waits for staff.
    ask_for_help(site, "Lunch queue", UNKIND)
    expect(nudge(page).get_by_role("heading")).to_have_text("Rethink before posting?")
    site.submit("Post anyway")
    expect(flash(page)).to_have_text(
        "Thanks! Your post will appear once a member of staff has looked at it."
    )
    expect(heading(page)).to_have_text("Lunch queue")
    expect(page.get_by_role("article").first).to_contain_text("Waiting for a member of staff")
    pending_url = page.url

    # B sees the kind post and nothing of the unkind one.
    as_ben = open_site("ben")
    ben_page = as_ben.page
    as_ben.log_in(ben.username)
    expect(card(ben_page, "Group project trouble")).to_be_visible()
    expect(card(ben_page, "Lunch queue")).to_have_count(0)
    expect(main(ben_page)).not_to_contain_text("idiot")
    response = as_ben.visit(pending_url)
    assert response is not None and response.status == 404
    expect(heading(ben_page)).to_have_text("We couldn't find that page")

    # C writes about wanting to die: she is shown support at once, and the post goes nowhere.
    as_cleo = open_site("cleo")
    cleo_page = as_cleo.page
    as_cleo.log_in(cleo.username)
    ask_for_help(as_cleo, "Everything is too much", CRISIS)
    expect(cleo_page).to_have_url(re.compile(r"/support\?sent=1$"))
    expect(heading(cleo_page)).to_have_text("You are not alone")
    expect(cleo_page.get_by_role("status")).to_contain_text("Thank you for telling us")
    expect(cleo_page.get_by_role("status")).to_contain_text("It is not shown to other students.")
    expect(main(cleo_page).get_by_text("Childline", exact=False)).to_be_visible()
    as_ben.visit("/")
    expect(card(ben_page, "Everything is too much")).to_have_count(0)

    # The safeguarding lead is told straight away and sees the alert at the top of Urgent.
    as_lead = open_site("ms.khan")
    lead_page = as_lead.page
    as_lead.log_in(lead.username)
    expect(notifications_link(lead_page)).to_have_accessible_name("Notifications 1 unread")
    as_lead.follow("Notifications 1 unread")
    urgent = main(lead_page).get_by_role("button", name=re.compile("a student may be at risk"))
    expect(urgent).to_have_text("New: Urgent: a student may be at risk. Open the urgent queue.")
    click_to_load(as_lead, urgent)
    expect(heading(lead_page)).to_have_text("Urgent: students who may be at risk")
    expect(staff_tools(lead_page).get_by_role("link", name="Urgent 1")).to_be_visible()
    alert = main(lead_page).locator("article.alert")
    expect(alert).to_have_count(1)
    expect(alert.get_by_role("heading")).to_have_text("Cleo @cleo.r")
    expect(alert).to_contain_text(CRISIS)
    expect(alert).to_contain_text(re.compile(r"Waiting \d+ min"))
    as_lead.submit("Acknowledge")
    expect(flash(lead_page)).to_have_text("Acknowledged. Thank you for looking after this student.")
    expect(alert).to_contain_text("Acknowledged by Ms Khan")
    expect(lead_page.get_by_role("button", name="Acknowledge")).to_have_count(0)
    expect(staff_tools(lead_page).get_by_role("link", name="Urgent 0", exact=True)).to_be_visible()


def test_an_urgent_alert_nobody_acknowledges_escalates_to_the_next_contact(
    site, page, accounts, open_site, live_server
):
    admin = accounts.create("head", Role.ADMIN, display_name="The Head")
    accounts.create("ms.khan", Role.STAFF, display_name="Ms Khan", safeguarding_lead=True)
    deputy = accounts.create("mr.osei", Role.STAFF, display_name="Mr Osei", safeguarding_lead=True)
    accounts.create("ms.ng", Role.STAFF, display_name="Ms Ng")
    dana = accounts.create("dana.m", display_name="Dana")

    # The admin tries a member of staff who is not a lead: refused, she could not acknowledge.
    site.log_in(admin.username)
    site.visit("/admin/settings")
    expect(heading(page)).to_have_text("Site settings")
    expect(
        page.get_by_label("Minutes before an unacknowledged urgent alert escalates")
    ).to_have_value("15")
    page.get_by_label("Escalation list").fill("ms.ng")
    page.get_by_label("Why the change (for the audit log)").fill("Deputy covers the lead")
    site.submit("Save settings")
    expect(page.get_by_role("alert")).to_contain_text(
        "Ms Ng (“ms.ng”) is not a safeguarding lead, so could not acknowledge an urgent alert."
    )
    # The deputy lead goes first on the escalation list.
    page.get_by_label("Escalation list").fill(deputy.username)
    site.submit("Save settings")
    expect(flash(page)).to_have_text("Saved (1 changed).")
    expect(page.get_by_label("Escalation list")).to_have_value(deputy.username)

    # A student's post reads as a crisis; the lead does not acknowledge it.
    as_dana = open_site("dana")
    as_dana.log_in(dana.username)
    ask_for_help(as_dana, "Can't cope", CRISIS)
    expect(heading(as_dana.page)).to_have_text("You are not alone")

    # The deputy is a lead too: paged with the others, she lands on the alert.
    as_deputy = open_site("mr.osei")
    deputy_page = as_deputy.page
    as_deputy.log_in(deputy.username)
    expect(heading(deputy_page)).to_have_text("Urgent: students who may be at risk")
    expect(notifications_link(deputy_page)).to_have_accessible_name("Notifications 1 unread")

    # The escalation job runs (as cron would): not yet due at 10 minutes, due at 16.
    with live_server.app.app_context():
        assert safeguarding.escalate_due(utcnow() + timedelta(minutes=10)) == 0
        assert safeguarding.escalate_due(utcnow() + timedelta(minutes=16)) == 1

    as_deputy.visit("/")
    expect(notifications_link(deputy_page)).to_have_accessible_name("Notifications 2 unread")
    as_deputy.follow("Notifications 2 unread")
    escalated = main(deputy_page).get_by_role("button", name=re.compile("not yet acknowledged"))
    expect(escalated).to_have_text(
        "New: Urgent, not yet acknowledged: a student may be at risk. Open the urgent queue."
    )
    click_to_load(as_deputy, escalated)
    alert = main(deputy_page).locator("article.alert")
    expect(alert.get_by_role("heading")).to_have_text("Dana @dana.m")
    expect(alert).to_contain_text("Escalated 1 time")
    expect(alert).to_contain_text(CRISIS)
    # Whoever escalation reaches can act on the alert.
    as_deputy.submit("Acknowledge")
    expect(alert).to_contain_text("Acknowledged by Mr Osei")


# ---------------------------------------------------------------------------------------------
# The concern tier: pastoral review, no pager

CONCERN = "I feel hopeless, everything feels pointless and nothing will ever get better"


def test_a_concern_is_held_the_writer_is_reassured_and_a_lead_releases_it(
    site, page, accounts, open_site
):
    """A post that reads as a concern (not an emergency) is held, its writer sees the gentle
    support page, nobody is paged; it waits in Pastoral review, which a safeguarding lead sees
    and a plain member of staff does not; the lead's "Not a concern" publishes it."""
    dana = accounts.create("dana.m", display_name="Dana")
    ben = accounts.create("ben.t", display_name="Ben")
    lead = accounts.create("ms.khan", Role.STAFF, display_name="Ms Khan", safeguarding_lead=True)
    staff = accounts.create("mr.osei", Role.STAFF, display_name="Mr Osei")

    # Dana writes about feeling hopeless: she is reassured that someone will check in today.
    site.log_in(dana.username)
    ask_for_help(site, "Feeling really low", CONCERN)
    expect(page).to_have_url(re.compile(r"/support\?checkin=1$"))
    expect(heading(page)).to_have_text("Thank you for sharing this")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Someone from the pastoral team will check in with you today")
    expect(status).to_contain_text("not to other students")
    expect(main(page).get_by_text("Childline", exact=False)).to_be_visible()

    # Ben does not see it.
    as_ben = open_site("ben")
    as_ben.log_in(ben.username)
    expect(card(as_ben.page, "Feeling really low")).to_have_count(0)

    # A member of staff without pastoral duty has no way in, and nothing is urgent.
    as_staff = open_site("mr.osei")
    staff_page = as_staff.page
    as_staff.log_in(staff.username)
    as_staff.follow("Staff tools")
    expect(staff_tools(staff_page).get_by_role("link", name=re.compile("^Pastoral"))).to_have_count(
        0
    )
    response = as_staff.visit("/mod/pastoral")
    assert response is not None and response.status == 403
    as_staff.visit("/mod/urgent")
    expect(main(staff_page)).to_contain_text("No urgent alerts.")

    # The lead is not paged; the concern waits for her in Pastoral review.
    as_lead = open_site("ms.khan")
    lead_page = as_lead.page
    as_lead.log_in(lead.username)
    expect(notifications_link(lead_page)).to_have_accessible_name("Notifications")
    as_lead.follow("Staff tools")
    expect(staff_tools(lead_page).get_by_role("link", name="Urgent 0", exact=True)).to_be_visible()
    as_lead.follow("Pastoral review 1")
    expect(heading(lead_page)).to_have_text("Pastoral review")
    concern = main(lead_page).get_by_role("article")
    expect(concern).to_have_count(1)
    expect(concern.get_by_role("heading", level=2)).to_have_text("Dana @dana.m")
    expect(concern).to_contain_text(CONCERN)
    expect(concern).to_contain_text(re.compile(r"Waiting \d+ min"))
    concern.get_by_label("Note for the record (optional)").fill("Spoke to Dana: a bad day.")
    as_lead.submit("Not a concern")
    expect(flash(lead_page)).to_have_text("Marked as not a concern and published.")
    expect(concern).to_contain_text("Not a concern: Ms Khan")
    expect(
        staff_tools(lead_page).get_by_role("link", name="Pastoral review 0", exact=True)
    ).to_be_visible()

    # It is on the board now.
    as_ben.visit("/")
    expect(card(as_ben.page, "Feeling really low")).to_be_visible()


def test_an_admin_gives_a_member_of_staff_pastoral_duty(site, page, accounts, open_site):
    admin = accounts.create("head", Role.ADMIN, display_name="The Head")
    staff = accounts.create("mr.osei", Role.STAFF, display_name="Mr Osei")

    site.log_in(admin.username)
    site.visit("/admin/staff")
    row = main(page).get_by_role("row").filter(has_text="mr.osei")
    expect(row.get_by_role("cell").nth(4)).to_contain_text("No")
    site.submit("Give pastoral duty to Mr Osei")
    expect(flash(page)).to_have_text(
        "Mr Osei has pastoral duty: they see the pastoral review queue."
    )
    expect(row.get_by_role("cell").nth(4)).to_contain_text("Yes")
    expect(page.get_by_role("button", name="Take off pastoral duty from Mr Osei")).to_be_visible()

    as_staff = open_site("mr.osei")
    as_staff.log_in(staff.username)
    as_staff.follow("Staff tools")
    as_staff.follow("Pastoral review 0")
    expect(heading(as_staff.page)).to_have_text("Pastoral review")
    expect(main(as_staff.page)).to_contain_text("Nothing to review. Thank you!")


# ---------------------------------------------------------------------------------------------
# The school's own screener: staff decisions, retraining, insights


def test_staff_decisions_retrain_the_schools_screener_and_insights_show_the_new_model(
    site, page, accounts, live_server
):
    """A lead's decision in Pastoral review is kept as a labelled example; `flask screening
    retrain` folds it in, switches when the held-out figures are no worse, and the admin sees
    the school's model version and its figures on Insights."""
    dana = accounts.create("dana.m", display_name="Dana")
    head = accounts.create("head", Role.ADMIN, display_name="The Head", safeguarding_lead=True)

    site.log_in(dana.username)
    ask_for_help(site, "Feeling really low", CONCERN)
    site.log_out()

    site.log_in(head.username)
    site.visit("/mod/insights")
    screener = main(page).get_by_role("region", name="The screener")
    expect(screener).to_contain_text("Model in use: shipped-")
    expect(screener).to_contain_text("0 staff decisions are kept for the next retraining")
    site.visit("/mod/pastoral")
    main(page).get_by_role("article").get_by_label("Note for the record (optional)").fill(
        "Talked with Dana and her form tutor."
    )
    site.submit("Keep private")
    expect(flash(page)).to_contain_text("private")
    site.visit("/mod/insights")
    expect(screener).to_contain_text("1 staff decision is kept for the next retraining")

    result = live_server.app.test_cli_runner().invoke(args=["screening", "retrain"])
    assert result.exit_code == 0, result.output
    assert "Switched: posts are now screened by school-1-" in result.output, result.output
    version = re.search(r"screened by (school-1-\S+)\.", result.output).group(1)

    site.visit("/mod/insights")
    expect(screener).to_contain_text(f"Model in use: {version}")
    expect(screener).to_contain_text("from 1 staff decision")
    expect(
        screener.get_by_role("row", name=re.compile("^Crisis posts that reach a person"))
    ).to_be_visible()
