"""The two crisis tiers: an urgent reading pages the safeguarding leads (unchanged); a concern
is held from peers, shows its writer a gentle support page, pages nobody and waits in the
pastoral review queue for the leads and staff with pastoral duty."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from board import mail, moderation, posting, safeguarding, settings
from board.extensions import db
from board.models import (
    AuditEntry,
    Notification,
    NotificationKind,
    Nudge,
    Post,
    Reply,
    Role,
    SafeguardingAlert,
    Status,
    utcnow,
)

from .test_posting import ask

# Hopelessness without intent or a plan: a concern, not an emergency.
CONCERN = "I feel hopeless, everything feels pointless and nothing will ever get better"
URGENT = "I want to kill myself, nobody would miss me"


@pytest.fixture
def pastoral(make_user):
    return make_user("mr.care", role=Role.STAFF, pastoral_duty=True, display_name="Mr Care")


@pytest.fixture
def sent_mail(monkeypatch, people):
    """Every alert email the board sends, with an address configured to send them to."""
    settings.update(people.admin, {"safeguarding_emails": ["dsl@school.example"]})
    sent = []
    monkeypatch.setattr(mail, "send", lambda to, subject, body: sent.append((to, subject)))
    return sent


def new_help(client, title, body):
    return client.post(
        "/posts/new?kind=help", data={"title": title, "body": body, "category": "wellbeing"}
    )


def concern_alert() -> SafeguardingAlert:
    return db.session.scalar(
        select(SafeguardingAlert).where(SafeguardingAlert.severity == "concern")
    )


def urgent_notifications() -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.kind == NotificationKind.URGENT)
    )


# ---------------------------------------------------------------------------------------------
# The writer


def test_concern_post_is_held_and_its_writer_sees_the_gentle_support_page(
    client, auth, people, lead, make_user
):
    make_user("ana")
    auth.login("sam")
    response = new_help(client, "Feeling really low", CONCERN)
    assert response.headers["Location"] == "/support?checkin=1"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Someone from the pastoral team will check in with you today" in page
    assert "privately" in page and "Childline" in page and "Samaritans" in page
    assert "Thank you for telling us" not in page  # the urgent page's words, not these
    post = db.session.scalar(select(Post))
    assert post.status == Status.PENDING
    auth.logout()
    auth.login("ana")
    assert client.get(f"/posts/{post.id}").status_code == 404
    assert "Feeling really low" not in client.get("/").get_data(as_text=True)


def test_the_gentle_page_says_nothing_to_someone_who_did_not_post(client):
    page = client.get("/support?checkin=1").get_data(as_text=True)
    assert "check in with you today" not in page and "You are not alone" in page


def test_a_concern_pages_nobody(people, lead, sent_mail):
    settings.update(people.admin, {"escalation_list": ["ms.safe", "dsl@school.example"]})
    ask(people.student, title="Feeling really low", body=CONCERN)
    alert = concern_alert()
    assert alert is not None and alert.raised_by == "screener"
    assert urgent_notifications() == 0
    assert sent_mail == []
    assert safeguarding.escalate_due(alert.created_at + timedelta(days=2)) == 0
    assert alert.escalation_step == 0
    assert moderation.counts()["urgent"] == 0
    assert moderation.counts()["pastoral"] == 1
    # Nor is it in the Awaiting approval queue, where any member of staff would approve it.
    assert moderation.counts()["awaiting"] == 0


def test_an_urgent_reading_still_pages_the_leads_at_once(client, auth, people, lead, sent_mail):
    auth.login("sam")
    response = new_help(client, "I can't do this", URGENT)
    assert response.headers["Location"] == "/support?sent=1"
    alert = db.session.scalar(select(SafeguardingAlert))
    assert alert.severity == "urgent" and alert.raised_by == "screener"
    assert urgent_notifications() == 1
    assert [to for to, _ in sent_mail] == [["dsl@school.example"]]
    assert moderation.counts()["urgent"] == 1 and moderation.counts()["pastoral"] == 0
    assert safeguarding.escalate_due(alert.created_at + timedelta(minutes=15)) == 0  # no list
    settings.update(people.admin, {"escalation_list": ["ms.safe"]})
    assert safeguarding.escalate_due(alert.created_at + timedelta(minutes=15)) == 1


@pytest.mark.parametrize(
    ("body", "support"),
    [
        # Crisis and insults in one post: the crisis reading wins, at its own tier.
        ("Everyone in my class is an idiot and I want to kill myself", "/support?sent=1"),
        (
            "Everyone calls me an idiot and I feel hopeless, like nothing will ever get better",
            "/support?checkin=1",
        ),
    ],
)
def test_a_child_in_crisis_is_never_nudged(client, auth, people, lead, body, support):
    auth.login("sam")
    response = new_help(client, "Today", body)
    assert response.status_code == 302 and response.headers["Location"] == support
    assert db.session.scalar(select(Nudge)) is None
    assert db.session.scalar(select(Post)).status == Status.PENDING


def test_a_concern_reply_is_held_too(people, lead, make_user):
    post = ask(make_user("ana"))
    reply = posting.add_reply(people.student, post, CONCERN)
    assert reply.status == Status.PENDING
    assert posting.crisis_tier(reply) == "concern"
    assert concern_alert().reply_id == reply.id
    assert urgent_notifications() == 0


def test_an_edit_into_a_concern_goes_back_to_review(client, auth, people, lead):
    post = ask(people.student, title="Exams", body="Any tips for revising?")
    auth.login("sam")
    response = client.post(
        f"/posts/{post.id}/edit", data={"title": "Exams", "body": CONCERN, "category": "schoolwork"}
    )
    assert response.headers["Location"] == "/support?checkin=1"
    assert post.status == Status.PENDING
    assert concern_alert().post_id == post.id


# ---------------------------------------------------------------------------------------------
# Who sees the pastoral review queue


@pytest.mark.parametrize("reviewer", ["ms.safe", "mr.care"])
def test_leads_and_pastoral_staff_see_the_concern_in_the_queue(
    client, auth, people, lead, pastoral, reviewer
):
    ask(people.student, title="Feeling really low", body=CONCERN)
    auth.login(reviewer)
    nav = client.get("/mod/students").get_data(as_text=True)
    assert 'href="/mod/pastoral"' in nav and "Pastoral review" in nav
    assert 'Pastoral review</span> <span class="queue-count-number">1<' in nav
    page = client.get("/mod/pastoral").get_data(as_text=True)
    assert "Feeling really low" in page and "nothing will ever get better" in page
    assert "Sam" in page and "@sam" in page
    assert "Not a concern" in page and "Keep private" in page and "Escalate to urgent" in page
    assert "Waiting" in page and "Overdue" not in page
    # The urgent queue is for emergencies only.
    assert "Feeling really low" not in client.get("/mod/urgent").get_data(as_text=True)


def test_plain_staff_get_403_and_no_link(client, auth, people, lead):
    ask(people.student, title="Feeling really low", body=CONCERN)
    alert = concern_alert()
    auth.login("ms.lee")
    for path in ("/mod/students", "/mod/urgent", "/mod/queue/awaiting", "/mod/insights"):
        page = client.get(path).get_data(as_text=True)
        assert "/mod/pastoral" not in page and "Feeling really low" not in page, path
    assert client.get("/mod/pastoral").status_code == 403
    response = client.post(f"/mod/pastoral/{alert.id}", data={"outcome": "not_a_concern"})
    assert response.status_code == 403
    assert alert.acknowledged_at is None and db.session.get(Post, alert.post_id).status == "pending"


def test_admins_need_the_duty_too(client, auth, people, lead):
    auth.login("head")
    assert client.get("/mod/pastoral").status_code == 403
    client.post(f"/admin/staff/{people.admin.id}/pastoral-duty", data={"duty": "on"})
    assert client.get("/mod/pastoral").status_code == 200


def test_admin_gives_and_takes_pastoral_duty_on_the_staff_page(client, auth, people):
    auth.login("head")
    page = client.get("/admin/staff").get_data(as_text=True)
    assert "Pastoral duty" in page and "Give<span" in page
    response = client.post(f"/admin/staff/{people.staff.id}/pastoral-duty", data={"duty": "on"})
    assert response.status_code == 302
    assert people.staff.has_pastoral_duty
    client.post(f"/admin/staff/{people.staff.id}/pastoral-duty", data={"duty": "on"})  # twice
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "pastoral_duty")
    ).all()
    assert [(e.subject, e.reason) for e in entries] == [("staff ms.lee", "given")]
    auth.logout()
    auth.login("ms.lee")
    assert client.get("/mod/pastoral").status_code == 200
    assert client.post(f"/admin/staff/{people.staff.id}/pastoral-duty").status_code == 403
    auth.logout()
    auth.login("head")
    client.post(f"/admin/staff/{people.staff.id}/pastoral-duty", data={"duty": "off"})
    assert not people.staff.has_pastoral_duty
    assert db.session.scalars(select(AuditEntry.reason).order_by(AuditEntry.id.desc())).first() == (
        "taken away"
    )
    assert client.post(f"/admin/staff/{people.student.id}/pastoral-duty").status_code == 404


def test_create_user_with_pastoral_duty(app, runner):
    result = runner.invoke(
        args=[
            "create-user",
            "mrs.kind",
            "--role",
            "staff",
            "--pastoral",
            "--password",
            "a-long-one",
        ]
    )
    assert result.exit_code == 0, result.output
    from board.accounts import find_user

    assert find_user("mrs.kind").has_pastoral_duty
    runner.invoke(args=["create-user", "kid", "--pastoral", "--password", "a-long-one"])
    assert not find_user("kid").has_pastoral_duty  # students never have it


# ---------------------------------------------------------------------------------------------
# Decisions


def review(client, alert, outcome, note=""):
    return client.post(f"/mod/pastoral/{alert.id}", data={"outcome": outcome, "note": note})


def test_not_a_concern_publishes_it_as_an_approval_would(
    client, auth, people, lead, pastoral, make_user
):
    make_user("ana")
    post = ask(people.student, title="Feeling really low", body=CONCERN)
    alert = concern_alert()
    auth.login("mr.care")
    response = review(client, alert, "not_a_concern", "Talked to Sam: a bad day after a match.")
    assert response.headers["Location"] == "/mod/pastoral"
    assert post.status == Status.PUBLISHED and post.decided_at is not None
    assert alert.outcome == "not_a_concern" and alert.acknowledged_by_id == pastoral.id
    assert alert.note == "Talked to Sam: a bad day after a match."
    told = db.session.scalar(
        select(Notification).where(Notification.kind == NotificationKind.DECISION)
    )
    assert told.user_id == people.student.id and told.detail == "approved"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action.like("pastoral_%")))
    assert (entry.action, entry.subject) == ("pastoral_not_a_concern", f"alert #{alert.id}")
    assert moderation.counts()["pastoral"] == 0
    assert urgent_notifications() == 0
    auth.logout()
    auth.login("ana")
    assert "Feeling really low" in client.get("/").get_data(as_text=True)


def test_not_a_concern_publishes_a_reply_and_counts_it(people, lead, make_user):
    post = ask(make_user("ana"))
    reply = posting.add_reply(people.student, post, CONCERN)
    assert post.reply_count == 0
    assert safeguarding.review_concern(concern_alert(), lead, "not_a_concern")
    assert reply.status == Status.PUBLISHED and post.reply_count == 1


def test_keep_private_keeps_it_held_and_records_the_follow_up(client, auth, people, lead):
    post = ask(people.student, title="Feeling really low", body=CONCERN)
    alert = concern_alert()
    auth.login("ms.safe")
    review(client, alert, "kept_private", "Met Sam at break; mum knows; seeing the nurse.")
    assert post.status == Status.PENDING
    assert alert.outcome == "kept_private" and alert.acknowledged_at is not None
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "pastoral_keep_private")
    )
    assert entry.reason == "Met Sam at break; mum knows; seeing the nurse."
    page = client.get("/mod/pastoral").get_data(as_text=True)
    assert "Kept private: Ms Safe" in page and "seeing the nurse" in page
    assert 'value="kept_private"' not in page  # nothing left to decide
    assert moderation.counts()["pastoral"] == 0


def test_escalate_to_urgent_raises_the_urgent_alert(
    client, auth, people, lead, pastoral, sent_mail
):
    post = ask(people.student, title="Feeling really low", body=CONCERN)
    alert = concern_alert()
    auth.login("mr.care")
    review(client, alert, "escalated", "She said she has a plan.")
    assert alert.outcome == "escalated"
    urgent = db.session.scalar(
        select(SafeguardingAlert).where(SafeguardingAlert.severity == "urgent")
    )
    assert urgent.post_id == post.id and urgent.raised_by == "pastoral"
    assert urgent.student_id == people.student.id and urgent.acknowledged_at is None
    notified = db.session.scalars(
        select(Notification.user_id).where(Notification.kind == NotificationKind.URGENT)
    ).all()
    assert notified == [lead.id]
    assert len(sent_mail) == 1
    assert moderation.counts()["urgent"] == 1 and moderation.counts()["pastoral"] == 0
    assert post.status == Status.PENDING
    auth.logout()
    auth.login("ms.safe")
    page = client.get("/mod/urgent").get_data(as_text=True)
    assert "Escalated from pastoral review by Mr Care" in page and "has a plan" in page
    assert "Hopelessness" in page  # the screener's reasons come along


def test_a_concern_is_decided_once(client, auth, people, lead, pastoral):
    ask(people.student, title="Feeling really low", body=CONCERN)
    alert = concern_alert()
    auth.login("mr.care")
    review(client, alert, "kept_private")
    response = review(client, alert, "escalated")
    assert response.status_code == 302
    assert alert.outcome == "kept_private"
    assert db.session.scalar(select(func.count()).select_from(SafeguardingAlert)) == 1
    assert review(client, alert, "publish").status_code == 400


def test_the_queue_marks_what_waited_past_the_school_day(client, auth, people, lead):
    ask(people.student, title="Feeling really low", body=CONCERN)
    ask(people.student, title="Rough week", body=CONCERN)
    old, new = db.session.scalars(select(SafeguardingAlert).order_by(SafeguardingAlert.id)).all()
    old.created_at = utcnow() - timedelta(hours=9)
    new.created_at = utcnow() - timedelta(hours=2)
    assert safeguarding.overdue(old, utcnow()) and not safeguarding.overdue(new, utcnow())
    auth.login("ms.safe")
    page = client.get("/mod/pastoral").get_data(as_text=True)
    first, second = page.split("<article")[1:3]
    assert "Feeling really low" in first and "Waiting 9 h" in first and "Overdue" in first
    assert "Rough week" in second and "Waiting 2 h" in second and "Overdue" not in second


def test_urgent_routes_refuse_a_concern_and_pastoral_routes_an_urgent_alert(
    client, auth, people, lead
):
    ask(people.student, title="Feeling really low", body=CONCERN)
    ask(people.student, title="Help", body=URGENT)
    concern = concern_alert()
    urgent = db.session.scalar(
        select(SafeguardingAlert).where(SafeguardingAlert.severity == "urgent")
    )
    auth.login("ms.safe")
    assert client.post(f"/mod/urgent/{concern.id}/acknowledge").status_code == 404
    assert client.post(f"/mod/urgent/{concern.id}/not-a-crisis").status_code == 404
    assert review(client, urgent, "not_a_concern").status_code == 404
    assert concern.acknowledged_at is None and urgent.acknowledged_at is None


# ---------------------------------------------------------------------------------------------
# The urgent path stays as it was, with one more button


def test_not_a_crisis_acknowledges_says_so_and_releases_the_post(client, auth, people, lead):
    post = ask(people.student, title="Cake", body=URGENT)
    alert = db.session.scalar(select(SafeguardingAlert))
    auth.login("ms.lee")
    assert "Not a crisis</button>" not in client.get("/mod/urgent").get_data(as_text=True)
    assert client.post(f"/mod/urgent/{alert.id}/not-a-crisis").status_code == 403
    auth.logout()
    auth.login("ms.safe")
    assert "Not a crisis</button>" in client.get("/mod/urgent").get_data(as_text=True)
    client.post(f"/mod/urgent/{alert.id}/not-a-crisis")
    assert alert.acknowledged_by_id == lead.id and alert.outcome == "not_a_crisis"
    # The screener held it; the lead read it and found nobody at risk: it goes out, as an
    # approval would send it, instead of waiting in no queue at all.
    assert post.status == Status.PUBLISHED
    assert db.session.scalar(select(AuditEntry.action)) == "alert_not_a_crisis"
    assert "Not a crisis: checked by Ms Safe" in client.get("/mod/urgent").get_data(as_text=True)
    settings.update(people.admin, {"escalation_list": ["ms.safe"]})
    assert safeguarding.escalate_due(alert.created_at + timedelta(hours=1)) == 0


def test_acknowledging_records_the_outcome(people, lead):
    ask(people.student, title="Help", body=URGENT)
    alert = db.session.scalar(select(SafeguardingAlert))
    assert safeguarding.acknowledge(alert, lead)
    assert alert.outcome == "acknowledged"
    assert not safeguarding.acknowledge(alert, lead, not_a_crisis=True)
    assert alert.outcome == "acknowledged"


def test_manual_escalation_and_at_risk_reports_stay_urgent(people, lead, make_user):
    settings.update(people.admin, {"moderation_mode": "everything"})
    held = ask(people.student, title="Quiet lately")
    moderation.escalate(people.staff, held)
    published = ask(people.staff, title="Notice")
    reply = posting.add_reply(people.student, published, "Thanks for the notice")
    moderation.approve(people.staff, reply)
    moderation.report(make_user("ana"), published, reply, "at_risk", "worried about Sam")
    alerts = db.session.scalars(select(SafeguardingAlert).order_by(SafeguardingAlert.id)).all()
    assert [(a.severity, a.raised_by) for a in alerts] == [
        ("urgent", "staff"),
        ("urgent", "report"),
    ]
    assert urgent_notifications() == 2
    assert moderation.counts()["pastoral"] == 0


def test_held_concerns_never_reach_the_awaiting_queue(client, auth, people, lead):
    ask(people.student, title="Feeling really low", body=CONCERN)
    auth.login("ms.lee")
    page = client.get("/mod/queue/awaiting").get_data(as_text=True)
    assert "Feeling really low" not in page
    assert db.session.scalar(select(Reply)) is None


# ---------------------------------------------------------------------------------------------
# Held means held: only a lead's or the pastoral team's decision lets a crisis item out


def test_staff_cannot_publish_an_item_held_for_safeguarding(client, auth, people, lead):
    post = ask(people.student, title="Low", body=CONCERN)
    assert post.status == Status.PENDING and safeguarding.held(post)
    auth.login("ms.lee")
    response = client.post(f"/mod/items/post/{post.id}/approve", follow_redirects=True)
    assert "held for safeguarding" in response.get_data(as_text=True)
    client.post("/mod/queue/awaiting/approve-selected", data={"item": f"post-{post.id}"})
    db.session.refresh(post)
    assert post.status == Status.PENDING
    with pytest.raises(safeguarding.HeldForSafeguarding):
        moderation.approve(people.staff, post)


def test_an_edit_never_lets_a_held_post_out(people, lead):
    settings.update(people.admin, {"moderation_mode": "flagged_only"})
    post = ask(people.student, title="Low", body=CONCERN)
    posting.edit_post(post, "Maths", "Which page is the fractions homework on?", "schoolwork")
    assert post.status == Status.PENDING


def test_pastoral_release_is_the_way_out(people, lead):
    post = ask(people.student, title="Low", body=CONCERN)
    safeguarding.review_concern(concern_alert(), lead, "not_a_concern")
    db.session.refresh(post)
    assert post.status == Status.PUBLISHED and not safeguarding.held(post)


def test_a_post_in_another_language_waits_for_a_person_in_every_mode(people):
    settings.update(people.admin, {"moderation_mode": "flagged_only"})
    post = ask(
        people.student,
        title="Ayuda",
        body="no entiendo nada de la tarea de matemáticas, alguien me puede ayudar por favor",
    )
    assert post.status == Status.PENDING
    assert json_reasons(post) == ["Not screened (language)"]


def test_a_display_name_in_another_script_is_a_name(make_user):
    from board.accounts import check_display_name

    assert check_display_name("Мария Иванова") == "Мария Иванова"


def json_reasons(post: Post) -> list[str]:
    import json

    return [r["rule"] for r in json.loads(post.screening)["reasons"]]
