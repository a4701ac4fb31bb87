"""Safeguarding work finds the people who can do it: a lead with an urgent alert nobody has
acknowledged lands on it after logging in and sees a banner on every page until it is handled
(the pastoral team likewise for concerns); "Staff tools" opens the queues; and escalation only
ever reaches someone who can acknowledge the alert."""

import re
from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import select

from board import moderation, posting, safeguarding, settings
from board.extensions import db
from board.models import Notification, PostKind, Role, SafeguardingAlert, User

from .test_query_counts import statements_for

URGENT = "I want to kill myself, nobody would miss me"
CONCERN = "I feel hopeless, everything feels pointless and nothing will ever get better"
BANNER = 'aria-label="Waiting for you"'


def crisis(student: User, body: str = URGENT) -> SafeguardingAlert:
    post = posting.create_post(student, posting.Draft(PostKind.HELP, "Help", body, "friendships"))
    return db.session.scalar(select(SafeguardingAlert).where(SafeguardingAlert.post_id == post.id))


@pytest.fixture
def pastoral(make_user):
    return make_user("mr.care", role=Role.STAFF, pastoral_duty=True, display_name="Mr Care")


def banner(page: str) -> str:
    """The banner's text, or "" when the page has none."""
    if BANNER not in page:
        return ""
    section = page.split(BANNER, 1)[1].split("</section>", 1)[0]
    return " ".join(section.replace(">", "> ").split())


# ---------------------------------------------------------------------------------------------
# Landing after login


def test_a_lead_with_an_open_urgent_alert_lands_on_the_urgent_queue(auth, people, lead):
    crisis(people.student)
    response = auth.login("ms.safe")
    assert response.headers["Location"] == "/mod/urgent"


def test_an_urgent_alert_comes_before_the_page_the_login_was_going_to(auth, people, lead):
    post = posting.create_post(
        people.student, posting.Draft(PostKind.HELP, "Maths", "Fractions?", "schoolwork")
    )
    crisis(people.student)
    response = auth.login("ms.safe", query_string={"next": f"/posts/{post.id}"})
    assert response.headers["Location"] == "/mod/urgent"


def test_a_lead_with_nothing_open_goes_where_they_were_going(auth, people, lead):
    alert = crisis(people.student)
    safeguarding.acknowledge(alert, lead)
    assert auth.login("ms.safe").headers["Location"] == "/"
    auth.logout()
    response = auth.login("ms.safe", query_string={"next": "/mod/students"})
    assert response.headers["Location"] == "/mod/students"


def test_the_pastoral_team_lands_on_concerns_unless_going_somewhere(auth, people, pastoral):
    crisis(people.student, CONCERN)
    crisis(people.student, URGENT)  # not theirs to acknowledge
    assert auth.login("mr.care").headers["Location"] == "/mod/pastoral"
    auth.logout()
    response = auth.login("mr.care", query_string={"next": "/mod/students"})
    assert response.headers["Location"] == "/mod/students"
    auth.logout()
    # A `next` off the site is no target: the concern still comes first.
    response = auth.login("mr.care", query_string={"next": "//evil.example/"})
    assert response.headers["Location"] == "/mod/pastoral"


def test_a_lead_with_urgent_alerts_and_concerns_lands_on_the_urgent_ones(auth, people, lead):
    crisis(people.student, CONCERN)
    crisis(people.student, URGENT)
    assert auth.login("ms.safe").headers["Location"] == "/mod/urgent"


def test_plain_staff_land_on_the_board_whatever_waits(client, auth, people, lead):
    crisis(people.student, URGENT)
    crisis(people.student, CONCERN)
    response = auth.login("ms.lee")
    assert response.headers["Location"] == "/"
    assert banner(client.get("/").get_data(as_text=True)) == ""


def test_a_lead_choosing_a_new_password_then_lands_on_the_alert(client, auth, people, make_user):
    make_user("ms.new", role=Role.STAFF, safeguarding_lead=True, must_change_password=True)
    crisis(people.student)
    assert auth.login("ms.new").headers["Location"] == "/me/password"
    # Nowhere to go until the password is chosen, so no banner pointing anywhere.
    assert banner(client.get("/me/password").get_data(as_text=True)) == ""
    response = client.post(
        "/me/password",
        data={
            "current_password": "correct-horse-battery",
            "password": "a brand new passphrase",
        },
    )
    assert response.headers["Location"] == "/mod/urgent"


# ---------------------------------------------------------------------------------------------
# The banner


def test_the_banner_stays_on_every_page_until_the_alerts_are_acknowledged(
    client, auth, people, lead
):
    first = crisis(people.student)
    second = crisis(people.student)
    auth.login("ms.safe")
    for path in ("/", "/me", "/notifications", "/mod/students", "/support"):
        shown = banner(client.get(path).get_data(as_text=True))
        assert "2 urgent alerts waiting" in shown, path
        assert 'href="/mod/urgent"' in shown and "Open urgent alerts" in shown
    # The banner is not an alert announced on every page, and it has nothing to dismiss it.
    page = client.get("/").get_data(as_text=True)
    assert 'class="duty-banner" aria-label="Waiting for you"' in page
    assert "<button" not in banner(page)
    client.post(f"/mod/urgent/{first.id}/acknowledge")
    assert "1 urgent alert waiting" in banner(client.get("/").get_data(as_text=True))
    client.post(f"/mod/urgent/{second.id}/not-a-crisis")
    assert banner(client.get("/").get_data(as_text=True)) == ""


def test_the_pastoral_team_sees_concerns_in_the_banner_not_urgent_alerts(
    client, auth, people, pastoral
):
    concern = crisis(people.student, CONCERN)
    crisis(people.student, URGENT)
    auth.login("mr.care")
    shown = banner(client.get("/").get_data(as_text=True))
    assert "1 concern waiting" in shown and "Open pastoral review" in shown
    assert "urgent" not in shown
    safeguarding.review_concern(concern, pastoral, "kept_private")
    assert banner(client.get("/").get_data(as_text=True)) == ""


def test_students_see_no_banner(client, auth, people, lead):
    crisis(people.student)
    auth.login("sam")
    assert banner(client.get("/").get_data(as_text=True)) == ""


def test_the_banner_costs_staff_no_statement_and_students_none(client, auth, people, lead):
    """The banner reads the queue counts every staff page reads already."""
    auth.login("ms.lee")
    plain, _ = statements_for(client, "/")
    auth.logout()
    crisis(people.student)
    auth.login("ms.safe")
    with_banner, page = statements_for(client, "/")
    assert "1 urgent alert waiting" in banner(page)
    assert len(with_banner) == len(plain), with_banner
    auth.logout()
    auth.login("sam")
    student, page = statements_for(client, "/")
    assert banner(page) == ""
    assert not any("safeguarding_alert" in s for s in student), student


# ---------------------------------------------------------------------------------------------
# Staff tools


def test_staff_tools_opens_the_queues_not_the_student_list(client, auth, people, lead):
    auth.login("ms.lee")
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'<a href="/mod/"[^>]*>Staff tools</a>', page)
    assert client.get("/mod/").headers["Location"] == "/mod/queue/awaiting"


def test_staff_tools_opens_the_first_queue_with_something_waiting(
    client, auth, people, lead, make_user
):
    post = posting.create_post(
        people.student, posting.Draft(PostKind.HELP, "Maths", "Fractions?", "schoolwork")
    )
    for name in ("ana", "ben", "cal"):
        moderation.report(make_user(name), post, None, "unkind")
    assert moderation.counts()["reported"] == 1
    auth.login("ms.lee")
    assert client.get("/mod/").headers["Location"] == "/mod/queue/reported"
    # An urgent alert is not theirs to acknowledge: they still start on the reports.
    crisis(people.student)
    assert client.get("/mod/").headers["Location"] == "/mod/queue/reported"
    auth.logout()
    auth.login("ms.safe")
    assert client.get("/mod/").headers["Location"] == "/mod/urgent"


def test_staff_tools_opens_pastoral_review_for_the_pastoral_team(client, auth, people, pastoral):
    crisis(people.student, CONCERN)
    auth.login("mr.care")
    assert client.get("/mod/").headers["Location"] == "/mod/pastoral"


# ---------------------------------------------------------------------------------------------
# Escalation


def settings_form(escalation_list: str) -> dict:
    return {
        "moderation_mode": "new_members",
        "new_member_posts": "3",
        "report_threshold": "3",
        "escalation_minutes": "15",
        "escalation_list": escalation_list,
        "safeguarding_emails": "",
        "support_contacts": "Someone",
    }


def test_settings_refuse_staff_who_cannot_acknowledge_on_the_escalation_list(
    client, auth, people, lead
):
    auth.login("head")
    response = client.post("/admin/settings", data=settings_form("ms.safe\nms.lee"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Ms Lee (“ms.lee”) is not a safeguarding lead" in page
    assert settings.get("escalation_list") == []
    # The head is an admin, but not a lead either.
    response = client.post("/admin/settings", data=settings_form("head"))
    assert response.status_code == 400
    response = client.post("/admin/settings", data=settings_form("ms.safe\ndsl@school.example"))
    assert response.status_code == 302
    g.pop("settings")  # read again: the request saved it
    assert settings.get("escalation_list") == ["ms.safe", "dsl@school.example"]


def test_settings_warn_about_a_saved_name_who_cannot_acknowledge(client, auth, people, lead):
    """A list saved before the check (or a lead since suspended or stood down) is shown with
    a warning, and escalation passes the name over."""
    settings.update(people.admin, {"escalation_list": ["ms.lee", "ms.safe"]})
    auth.login("head")
    page = client.get("/admin/settings").get_data(as_text=True)
    assert "passes over someone who cannot acknowledge an alert" in page
    assert "Ms Lee (“ms.lee”) is not a safeguarding lead" in page


def escalated_to() -> list[int]:
    return db.session.scalars(
        select(Notification.user_id).where(Notification.detail == "escalated")
    ).all()


def test_escalation_never_reaches_someone_who_cannot_acknowledge(people, lead, make_user):
    deputy = make_user("mr.deputy", role=Role.STAFF, safeguarding_lead=True)
    away = make_user("ms.away", role=Role.STAFF, safeguarding_lead=True)
    away.suspended_until = away.created_at + timedelta(days=30)
    db.session.commit()
    # Saved straight into the settings (as a list from before the check would be).
    settings.update(
        people.admin, {"escalation_list": ["ms.lee", "head", "sam", "ms.away", "mr.deputy"]}
    )
    alert = crisis(people.student)
    assert safeguarding.escalate_due(alert.created_at + timedelta(minutes=15)) == 1
    assert escalated_to() == [deputy.id]
    assert alert.escalation_step == 5
    # The list is done: nobody else is told later.
    assert safeguarding.escalate_due(alert.created_at + timedelta(hours=2)) == 0
    assert escalated_to() == [deputy.id]


def test_urgent_alerts_page_only_people_who_can_acknowledge_them(people, lead, make_user):
    make_user("ms.care", role=Role.STAFF, pastoral_duty=True)
    crisis(people.student)
    told = db.session.scalars(select(Notification.user_id)).all()
    assert told == [lead.id]
