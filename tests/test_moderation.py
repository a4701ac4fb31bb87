"""Moderation: queues, decisions, reports, sanctions, thread controls, the audit log."""

import csv
import io

import pytest
from sqlalchemy import select, text

from board import audit, moderation, posting, settings
from board.extensions import db
from board.models import (
    AuditEntry,
    Notification,
    NotificationKind,
    Post,
    Report,
    Role,
    SafeguardingAlert,
    Status,
    Warning,
)

from .test_posting import ask


@pytest.fixture
def classmates(make_user):
    return [make_user(name) for name in ("ana", "ben", "cal", "dee")]


def test_new_members_first_post_waits_in_awaiting_approval(client, auth, people, make_user):
    settings.update(people.admin, {"moderation_mode": "new_members"})
    newbie = make_user("newbie")
    post = ask(newbie, title="My first question")
    assert post.status == Status.PENDING
    auth.login("ms.lee")
    page = client.get("/mod/queue/awaiting").get_data(as_text=True)
    assert "My first question" in page and "newbie" in page
    assert ">Approve<" in page and ">Reject<" in page
    assert 'Awaiting approval</span> <span class="queue-count-number">1<' in page
    client.post(f"/mod/items/post/{post.id}/approve")
    assert post.status == Status.PUBLISHED
    told = db.session.scalar(
        select(Notification).where(Notification.kind == NotificationKind.DECISION)
    )
    assert told.user_id == newbie.id and told.detail == "approved"


def test_reject_with_a_reason_the_author_sees_kindly(client, auth, people):
    settings.update(people.admin, {"moderation_mode": "everything"})
    post = ask(people.student, title="Party at mine")
    auth.login("ms.lee")
    client.post(
        f"/mod/items/post/{post.id}/reject",
        data={"reason": "private", "note": "Please don't share where you live."},
    )
    assert post.status == Status.REJECTED
    auth.logout()
    auth.login("sam")
    page = client.get(f"/posts/{post.id}").get_data(as_text=True)
    assert "it shares private information" in page
    assert "where you live" in page
    assert "didn" in client.get("/notifications").get_data(as_text=True)


def test_three_reports_hide_a_post_until_staff_decide(client, auth, people, classmates):
    post = ask(people.student, title="Reported post")
    for reporter in classmates[:2]:
        moderation.report(reporter, post, None, "unkind")
    assert post.status == Status.PUBLISHED
    moderation.report(classmates[2], post, None, "spam")
    assert post.status == Status.HIDDEN
    auth.login("dee")
    assert client.get(f"/posts/{post.id}").status_code == 404
    assert "Reported post" not in client.get("/").get_data(as_text=True)
    assert "Reported post" not in client.get("/search?q=reported").get_data(as_text=True)
    auth.logout()
    auth.login("ms.lee")
    page = client.get("/mod/queue/reported").get_data(as_text=True)
    assert "3 reports" in page and "Reported post" in page
    client.post(f"/mod/items/post/{post.id}/reject", data={"reason": "unkind", "note": ""})
    assert post.status == Status.REMOVED
    done = db.session.scalars(
        select(Notification.user_id).where(Notification.kind == NotificationKind.REPORT_DONE)
    ).all()
    assert sorted(done) == sorted(c.id for c in classmates[:3])
    assert all(r.resolved_at for r in db.session.scalars(select(Report)))


def test_one_report_per_person_per_item(people, classmates):
    post = ask(people.student)
    moderation.report(classmates[0], post, None, "unkind")
    with pytest.raises(moderation.AlreadyReported):
        moderation.report(classmates[0], post, None, "spam")


def test_reporting_through_the_form(client, auth, people, classmates):
    post = ask(people.student, title="Something")
    reply = posting.add_reply(classmates[1], post, "A reply")
    auth.login("ana")
    page = client.get(f"/posts/{post.id}").get_data(as_text=True)
    assert ">Report<" in page
    assert client.post(f"/posts/{post.id}/report", data={"reason": "spam"}).status_code == 302
    assert client.post(f"/replies/{reply.id}/report", data={"reason": "unkind"}).status_code == 302
    again = client.post(f"/posts/{post.id}/report", data={"reason": "spam"}, follow_redirects=True)
    assert "already reported" in again.get_data(as_text=True)
    assert client.post(f"/posts/{post.id}/report", data={}).status_code == 400


def test_someone_may_be_at_risk_goes_to_urgent(client, auth, people, classmates, make_user):
    lead = make_user("ms.safe", role=Role.STAFF, safeguarding_lead=True)
    post = ask(people.student, title="Feeling low")
    auth.login("ana")
    response = client.post(
        f"/posts/{post.id}/report", data={"reason": "at_risk", "note": "worried"}
    )
    assert response.headers["Location"] == "/support"
    alert = db.session.scalar(select(SafeguardingAlert))
    assert alert.student_id == people.student.id
    urgent = db.session.scalar(
        select(Notification.user_id).where(Notification.kind == NotificationKind.URGENT)
    )
    assert urgent == lead.id


def test_hide_and_restore(client, auth, people, classmates):
    post = ask(people.student, title="Hide me")
    auth.login("ms.lee")
    client.post(f"/mod/items/post/{post.id}/hide")
    assert post.status == Status.HIDDEN
    client.post(f"/mod/items/post/{post.id}/restore")
    assert post.status == Status.PUBLISHED


def test_reporters_hear_a_restored_post_was_reviewed_and_kept(client, auth, people, classmates):
    post = ask(people.student, title="Reported but fine")
    for reporter in classmates[:3]:
        moderation.report(reporter, post, None, "unkind")
    assert post.status == Status.HIDDEN
    auth.login("ms.lee")
    client.post(f"/mod/items/post/{post.id}/restore")
    auth.logout()
    auth.login("ana")
    told = client.get("/notifications").get_data(as_text=True)
    assert "decided it can stay on the board" in told
    assert "acted" not in told


def test_reporters_hear_staff_acted_when_the_post_is_taken_down(client, auth, people, classmates):
    post = ask(people.student, title="Reported and removed")
    for reporter in classmates[:3]:
        moderation.report(reporter, post, None, "unkind")
    auth.login("ms.lee")
    client.post(f"/mod/items/post/{post.id}/reject", data={"reason": "unkind", "note": ""})
    auth.logout()
    auth.login("ana")
    told = client.get("/notifications").get_data(as_text=True)
    assert "looked at it and acted" in told and "can stay" not in told


def test_a_new_member_is_told_kindly_why_their_post_and_reply_wait(client, auth, people, make_user):
    settings.update(people.admin, {"moderation_mode": "new_members"})
    make_user("newbie")
    post = ask(people.staff, title="Staff question")
    auth.login("newbie")
    posted = client.post(
        "/posts/new?kind=help",
        data={
            "title": "My first question",
            "body": "How do I join the choir?",
            "category": "clubs",
        },
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Because you&#39;re new to the board" in posted
    assert "You haven&#39;t done anything wrong" in posted
    replied = client.post(
        f"/posts/{post.id}/replies", data={"body": "I can help!"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Because you&#39;re new to the board" in replied


def test_a_post_held_for_what_it_says_is_not_blamed_on_being_new(client, auth, people, make_user):
    settings.update(people.admin, {"moderation_mode": "everything"})
    auth.login("sam")
    posted = client.post(
        "/posts/new?kind=help",
        data={"title": "A question", "body": "How do I join the choir?", "category": "clubs"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "once a member of staff has looked at it" in posted
    assert "new to the board" not in posted


def test_bulk_approve(client, auth, people, classmates):
    settings.update(people.admin, {"moderation_mode": "everything"})
    posts = [ask(person, title=f"Q {person.username}") for person in classmates]
    auth.login("ms.lee")
    response = client.post(
        "/mod/queue/awaiting/bulk",
        data={"action": "approve", "item": [f"post-{p.id}" for p in posts[:3]]},
    )
    assert response.status_code == 302
    assert [p.status for p in posts] == [Status.PUBLISHED] * 3 + [Status.PENDING]


def test_flagged_queue_lists_published_flagged_posts(client, auth, people):
    moderation.add_watched_word(people.staff, "fortnite", "flag")
    post = ask(people.student, title="Games", body="Fortnite tonight?")
    auth.login("ms.lee")
    page = client.get("/mod/queue/flagged").get_data(as_text=True)
    assert "Games" in page and "fortnite" in page.lower()
    client.post(f"/mod/items/post/{post.id}/approve")
    assert "Games" not in client.get("/mod/queue/flagged").get_data(as_text=True)


def test_queue_item_shows_the_real_author_of_an_anonymous_post(client, auth, people):
    settings.update(people.admin, {"moderation_mode": "everything"})
    ask(people.student, title="Secret worry", anonymous=True)
    auth.login("ms.lee")
    page = client.get("/mod/queue/awaiting").get_data(as_text=True)
    assert "@sam" in page and "Posted anonymously" in page


def test_warnings_and_notes_build_a_history(client, auth, people):
    auth.login("ms.lee")
    client.post(f"/mod/accounts/{people.student.id}/warn", data={"reason": "Unkind replies"})
    client.post(f"/mod/accounts/{people.student.id}/notes", data={"text": "Talked to parents"})
    page = client.get(f"/mod/accounts/{people.student.id}").get_data(as_text=True)
    assert "1 warning" in page and "Unkind replies" in page and "Talked to parents" in page
    assert db.session.scalar(select(Warning.reason)) == "Unkind replies"
    auth.logout()
    auth.login("sam")
    assert "Talked to parents" not in client.get("/me").get_data(as_text=True)
    assert "given you a warning" in client.get("/notifications").get_data(as_text=True)


def test_slow_mode_and_closing_a_thread(client, auth, people, classmates):
    post = ask(people.student)
    auth.login("ms.lee")
    client.post(f"/mod/posts/{post.id}/thread", data={"slow_mode_minutes": "15"})
    posting.add_reply(classmates[0], post, "First thought")
    with pytest.raises(posting.PostingError, match="slow mode"):
        posting.add_reply(classmates[0], post, "Second thought")
    posting.add_reply(classmates[1], post, "Someone else may")
    client.post(f"/mod/posts/{post.id}/thread", data={"slow_mode_minutes": "0", "closed": "y"})
    with pytest.raises(posting.PostingError, match="closed"):
        posting.add_reply(classmates[2], post, "Too late")
    posting.add_reply(people.staff, post, "Staff can still reply")


def test_escalate_to_safeguarding(client, auth, people, make_user):
    make_user("ms.safe", role=Role.STAFF, safeguarding_lead=True)
    post = ask(people.student, title="Worrying")
    auth.login("ms.lee")
    client.post(f"/mod/items/post/{post.id}/escalate")
    assert db.session.scalar(select(SafeguardingAlert.post_id)) == post.id


def test_watched_words_admin_with_csv_import_and_test_box(client, auth, people):
    auth.login("ms.lee")
    client.post("/mod/watched-words", data={"pattern": "Vape*", "action": "block"})
    response = client.post("/mod/watched-words/import", data={"csv": "loser,hold\nbad row\n"})
    assert response.status_code == 400 and "Line 2" in response.get_data(as_text=True)
    client.post("/mod/watched-words/import", data={"csv": "loser,hold\nparty at,flag\n"})
    page = client.post("/mod/watched-words/test", data={"phrase": "wanna buy vapes"}).get_data(
        as_text=True
    )
    assert "Watched" in page and "vapes" in page
    patterns = {w.pattern for w in db.session.scalars(select(moderation.WatchedWord))}
    assert patterns == {"vape*", "loser", "party at"}


# --- the audit log -----------------------------------------------------------------------------


@pytest.fixture
def logged(people, classmates):
    post = ask(people.student)
    moderation.hide(people.staff, post)
    moderation.restore(people.staff, post)
    moderation.warn(people.staff, people.student, "First warning")
    settings.update(people.admin, {"report_threshold": 4})
    assert db.session.scalar(select(db.func.count()).select_from(AuditEntry)) == 4
    return post


def test_audit_chain_verifies(app, runner, logged):
    assert audit.verify() is None
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "intact: 4 entries" in result.output


def test_editing_an_entry_is_found_and_named(app, runner, logged):
    db.session.execute(text("UPDATE audit_entry SET reason = 'nothing to see' WHERE id = 3"))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "entry #3" in result.output and "changed" in result.output


def test_deleting_an_entry_is_found_and_named(app, runner, logged):
    db.session.execute(text("DELETE FROM audit_entry WHERE id = 2"))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "entry #2" in result.output and "deleted" in result.output


def test_deleting_the_newest_entry_is_found(app, runner, logged):
    db.session.execute(text("DELETE FROM audit_entry WHERE id = 4"))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "entry #4" in result.output


def test_inserting_an_entry_is_found_and_named(app, runner, logged):
    first = db.session.get(AuditEntry, 1)
    db.session.execute(text("UPDATE audit_entry SET id = id + 100 WHERE id >= 3"))
    db.session.execute(
        text(
            "INSERT INTO audit_entry (id, actor_name, action, subject, created_at, prev_hash, hash)"
            " VALUES (3, 'intruder', 'approve', 'post #1', :at, :prev, 'x')"
        ),
        {"at": first.created_at, "prev": db.session.get(AuditEntry, 2).hash},
    )
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "entry #3" in result.output


def test_admin_audit_page_filters_and_exports_csv(client, auth, people, logged):
    auth.login("head")
    page = client.get("/admin/audit?action=warn").get_data(as_text=True)
    assert "First warning" in page and "report_threshold" not in page
    assert "intact" in client.get("/admin/audit?verify=1").get_data(as_text=True)
    response = client.get("/admin/audit.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:4] == ["id", "when", "who", "action"]
    assert len(rows) == 5
    auth.logout()
    auth.login("ms.lee")
    assert client.get("/admin/audit").status_code == 403


def test_admin_changes_settings_and_the_change_is_audited(client, auth, people, lead):
    auth.login("head")
    page = client.get("/admin/settings").get_data(as_text=True)
    assert "Review new members" in page
    response = client.post(
        "/admin/settings",
        data={
            "moderation_mode": "everything",
            "new_member_posts": "3",
            "report_threshold": "2",
            "escalation_minutes": "10",
            "escalation_list": "ms.safe\ndsl@school.example",
            "safeguarding_emails": "",
            "support_contacts": "Ms Lee | room 12\nChildline | 0800 1111",
            "reason": "Exam week",
        },
    )
    assert response.status_code == 302
    assert settings.get("moderation_mode") == "everything"
    assert settings.get("report_threshold") == 2
    actions = db.session.scalars(select(AuditEntry.reason)).all()
    assert "Exam week" in actions
    support = client.get("/support").get_data(as_text=True)
    assert "room 12" in support


def test_settings_refuse_a_student_on_the_escalation_list(client, auth, people):
    auth.login("head")
    response = client.post(
        "/admin/settings",
        data={
            "moderation_mode": "new_members",
            "new_member_posts": "3",
            "report_threshold": "3",
            "escalation_minutes": "15",
            "escalation_list": "sam",
            "safeguarding_emails": "",
            "support_contacts": "Someone",
        },
    )
    assert response.status_code == 400
    assert "not a staff username" in response.get_data(as_text=True)
    assert Post is not None
