"""The posting seam with the screener: the rethink nudge, the crisis path, watched words,
moderation modes and escalation."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from board import moderation, posting, safeguarding, settings
from board.extensions import db
from board.models import (
    Notification,
    NotificationKind,
    Nudge,
    Post,
    Reply,
    Role,
    SafeguardingAlert,
    Status,
    WatchedWord,
    utcnow,
)

from .test_posting import ask

UNKIND = "You are such an idiot, nobody likes you"
CRISIS = "I want to kill myself, nobody would miss me"


def new_help(client, title, body, **extra):
    return client.post(
        "/posts/new?kind=help",
        data={"title": title, "body": body, "category": "friendships", **extra},
    )


def test_unkind_post_gets_the_nudge_with_the_words_highlighted(client, auth, people):
    auth.login("sam")
    response = new_help(client, "About Ben", UNKIND)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Rethink before posting?" in page
    assert "<mark>" in page and "idiot</mark>" in page
    assert "Edit my post" in page and "Post anyway" in page
    assert UNKIND.split(",")[0] in page  # what was typed is kept
    assert db.session.scalar(select(Post)) is None
    assert db.session.scalar(select(Nudge)).outcome is None


def test_editing_after_the_nudge_publishes_and_counts_as_edited(client, auth, people):
    auth.login("sam")
    first = new_help(client, "About Ben", UNKIND).get_data(as_text=True)
    nudge_id = first.split('name="nudge_id" type="hidden" value="')[1].split('"')[0]
    response = new_help(
        client, "About Ben", "I had a falling out with Ben. Any advice?", nudge_id=nudge_id
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Post)).status == Status.PUBLISHED
    assert db.session.get(Nudge, int(nudge_id)).outcome == "edited"


def test_post_anyway_waits_for_staff_unseen_by_peers(client, auth, people, make_user):
    make_user("ana")
    auth.login("sam")
    first = new_help(client, "About Ben", UNKIND).get_data(as_text=True)
    nudge_id = first.split('name="nudge_id" type="hidden" value="')[1].split('"')[0]
    response = new_help(client, "About Ben", UNKIND, nudge_id=nudge_id, post_anyway="1")
    assert response.status_code == 302
    post = db.session.scalar(select(Post))
    assert post.status == Status.PENDING
    assert json.loads(post.screening)["category"] == "unkind"
    assert db.session.get(Nudge, int(nudge_id)).outcome == "posted_anyway"
    auth.logout()
    auth.login("ana")
    assert client.get(f"/posts/{post.id}").status_code == 404
    assert "About Ben" not in client.get("/").get_data(as_text=True)


def test_private_details_get_their_own_kind_nudge(client, auth, people):
    auth.login("sam")
    page = new_help(client, "Call me", "Text me on 07700 900123 after school").get_data(
        as_text=True
    )
    assert "Keep private details private" in page
    assert "<mark>07700 900123</mark>" in page


def test_unkind_reply_gets_the_nudge_too(client, auth, people, make_user):
    post = ask(make_user("ana"))
    auth.login("sam")
    response = client.post(f"/posts/{post.id}/replies", data={"body": UNKIND})
    assert "Rethink before posting?" in response.get_data(as_text=True)
    assert db.session.scalar(select(Reply)) is None


def test_crisis_post_shows_support_and_alerts_the_safeguarding_lead(
    client, auth, people, lead, make_user
):
    make_user("ana")
    auth.login("sam")
    response = new_help(client, "I can't do this", CRISIS)
    assert response.headers["Location"] == "/support?sent=1"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You are not alone" in page and "privately" in page
    post = db.session.scalar(select(Post))
    assert post.status == Status.PENDING
    alert = db.session.scalar(select(SafeguardingAlert))
    assert alert.student_id == people.student.id and alert.acknowledged_at is None
    notified = db.session.scalars(
        select(Notification.user_id).where(Notification.kind == NotificationKind.URGENT)
    ).all()
    assert notified == [lead.id]
    auth.logout()
    auth.login("ana")
    assert client.get(f"/posts/{post.id}").status_code == 404
    assert "I can" not in client.get("/").get_data(as_text=True).split("<main")[1]


def test_lead_sees_the_urgent_alert_and_acknowledges_it(client, auth, people, lead):
    post = ask(people.student, title="Help", body=CRISIS)
    auth.login("ms.safe")
    page = client.get("/mod/urgent").get_data(as_text=True)
    assert "Sam" in page and "nobody would miss me" in page and "Acknowledge" in page
    alert = db.session.scalar(select(SafeguardingAlert))
    assert client.post(f"/mod/urgent/{alert.id}/acknowledge").status_code == 302
    assert alert.acknowledged_by_id == lead.id
    assert post.status == Status.PENDING


def test_staff_who_are_not_leads_cannot_acknowledge(client, auth, people, lead):
    ask(people.student, title="Help", body=CRISIS)
    alert = db.session.scalar(select(SafeguardingAlert))
    auth.login("ms.lee")
    assert "Acknowledge</button>" not in client.get("/mod/urgent").get_data(as_text=True)
    assert client.post(f"/mod/urgent/{alert.id}/acknowledge").status_code == 403


def test_unacknowledged_alert_escalates_to_the_next_contact(app, runner, people, lead, make_user):
    head = make_user("head.teacher", role=Role.ADMIN, safeguarding_lead=True)
    settings.update(people.admin, {"escalation_list": ["head.teacher", "dsl@school.example"]})
    ask(people.student, title="Help", body=CRISIS)
    alert = db.session.scalar(select(SafeguardingAlert))
    start = alert.created_at
    assert safeguarding.escalate_due(start + timedelta(minutes=14)) == 0
    assert safeguarding.escalate_due(start + timedelta(minutes=15)) == 1
    assert alert.escalation_step == 1
    told = db.session.scalars(
        select(Notification.user_id).where(Notification.detail == "escalated")
    ).all()
    assert told == [head.id]
    # Fifteen more minutes: the next contact (an email address, logged without SMTP).
    assert safeguarding.escalate_due(start + timedelta(minutes=29)) == 0
    assert safeguarding.escalate_due(start + timedelta(minutes=30)) == 1
    assert alert.escalation_step == 2
    assert safeguarding.escalate_due(start + timedelta(hours=5)) == 0  # the list is done
    result = runner.invoke(args=["escalate"])
    assert "Escalated 0" in result.output


def test_an_acknowledged_alert_does_not_escalate(people, lead):
    settings.update(people.admin, {"escalation_list": ["ms.safe"]})
    ask(people.student, title="Help", body=CRISIS)
    alert = db.session.scalar(select(SafeguardingAlert))
    safeguarding.acknowledge(alert, lead)
    assert safeguarding.escalate_due(alert.created_at + timedelta(hours=1)) == 0


def test_crisis_reply_is_held_and_alerts(people, lead, make_user):
    post = ask(make_user("ana"))
    reply = posting.add_reply(people.student, post, CRISIS)
    assert reply.status == Status.PENDING
    assert db.session.scalar(select(SafeguardingAlert.reply_id)) == reply.id


@pytest.mark.parametrize(
    "text",
    [
        "You killed it at the recital!",
        "This homework is killing me, can anyone help?",
        "I would never hurt myself, I'm just stressed about exams",
    ],
)
def test_idioms_and_negations_publish_without_a_nudge(people, lead, text):
    post = ask(people.student, title="Hello", body=text)
    assert post.status == Status.PUBLISHED
    assert db.session.scalar(select(SafeguardingAlert)) is None


def test_watched_words_block_hold_and_flag(people):
    db.session.add_all(
        [
            WatchedWord(pattern="vape*", action="block"),
            WatchedWord(pattern="party at", action="hold"),
            WatchedWord(pattern="fortnite", action="flag"),
        ]
    )
    db.session.commit()
    with pytest.raises(posting.PostingError) as refused:
        ask(people.student, title="Selling", body="Anyone want vapes?")
    assert "vapes" in refused.value.message
    assert ask(people.student, title="Weekend", body="Party at mine").status == Status.PENDING
    flagged = ask(people.student, title="Games", body="Who plays Fortnite?")
    assert flagged.status == Status.PUBLISHED
    assert json.loads(flagged.screening)["severity"] == "flag"


def test_unkind_display_names_are_refused_at_join(client, people):
    from board.accounts import create_join_code

    code = create_join_code(people.staff, "Year 9", None, None)
    response = client.post(
        "/join",
        data={
            "code": code.code,
            "username": "newkid",
            "display_name": "Ben is an idiot",
            "password": "a-good-password",
        },
    )
    assert response.status_code == 400
    assert "choose a different display name" in response.get_data(as_text=True)


@pytest.fixture
def review_mode(people):
    def set_mode(mode):
        settings.update(people.admin, {"moderation_mode": mode})

    return set_mode


def test_new_members_first_posts_wait_under_the_default_mode(people, review_mode, make_user):
    review_mode("new_members")
    newbie = make_user("newbie")
    first = ask(newbie, title="First")
    assert first.status == Status.PENDING
    moderation.approve(people.staff, first)
    assert first.status == Status.PUBLISHED
    for number in range(2):
        moderation.approve(people.staff, ask(newbie, title=f"Next {number}"))
    assert ask(newbie, title="Trusted now").status == Status.PUBLISHED


def test_review_everything_mode_holds_all_student_posts(people, review_mode):
    review_mode("everything")
    assert ask(people.student).status == Status.PENDING
    assert ask(people.staff).status == Status.PUBLISHED


def test_flagged_content_waits_in_new_member_mode_but_not_in_flagged_only(people, review_mode):
    db.session.add(WatchedWord(pattern="fortnite", action="flag"))
    db.session.commit()
    review_mode("new_members")
    settings.update(people.admin, {"new_member_posts": 0})
    assert ask(people.student, body="Who plays Fortnite?").status == Status.PENDING
    review_mode("flagged_only")
    assert ask(people.student, body="Who plays Fortnite?").status == Status.PUBLISHED


def test_settings_changes_are_audited(people):
    from board.models import AuditEntry

    settings.update(people.admin, {"report_threshold": 5})
    entry = db.session.scalar(select(AuditEntry))
    assert entry.action == "change_setting" and "report_threshold" in entry.subject
    assert settings.get("report_threshold") == 5
    assert utcnow()
