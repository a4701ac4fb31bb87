"""Bulk decisions on every moderation queue: select some or all, one action, each item decided
as a single decision would be (audit entry, author told), and what was skipped said plainly."""

import html
import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from board import moderation, permissions, settings
from board.extensions import db
from board.models import AuditEntry, Notification, NotificationKind, Post, Role, Status

from .test_posting import ask


@pytest.fixture
def classmates(make_user):
    return [make_user(name) for name in ("ana", "ben", "cal")]


def audit_actions(subject_prefix: str = "post #") -> list[tuple[str, str, str]]:
    return db.session.execute(
        select(AuditEntry.actor_name, AuditEntry.action, AuditEntry.subject)
        .where(AuditEntry.subject.startswith(subject_prefix))
        .order_by(AuditEntry.id)
    ).all()


def bulk(client, queue: str, action: str, posts=(), **data):
    response = client.post(
        f"/mod/queue/{queue}/bulk",
        data={"action": action, "item": [f"post-{p.id}" for p in posts], **data},
        follow_redirects=True,
    )
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def reported(by, *posts):
    """Reported once each (fewer than the three reports that hide a post)."""
    for post in posts:
        moderation.report(by, post, None, "unkind")


@pytest.mark.parametrize("queue", ["awaiting", "reported", "flagged"])
def test_every_queue_has_select_all_and_bulk_actions(client, auth, people, classmates, queue):
    settings.update(people.admin, {"moderation_mode": "everything"})
    moderation.add_watched_word(people.staff, "fortnite", "flag")
    if queue == "awaiting":
        ask(people.student, title="Waiting one")
    else:
        settings.update(people.admin, {"moderation_mode": "flagged_only"})
        post = ask(people.student, title="Fortnite tonight?", body="Fortnite after school?")
        reported(classmates[0], post)
    auth.login("ms.lee")
    page = client.get(f"/mod/queue/{queue}").get_data(as_text=True)
    assert f'action="/mod/queue/{queue}/bulk"' in page
    assert "Select all 1 on this page" in page
    assert 'name="item"' in page and ">Approve selected<" in page and ">Reject selected<" in page
    if queue != "awaiting":
        assert ">Hide selected<" in page
    assert "Keyboard shortcuts (?)" in page


def test_bulk_reject_gives_each_author_the_one_reason_and_audits_each(
    client, auth, people, classmates
):
    settings.update(people.admin, {"moderation_mode": "everything"})
    posts = [ask(person, title=f"Q {person.username}") for person in classmates]
    auth.login("ms.lee")
    page = bulk(client, "awaiting", "reject", posts[:2], reason="spam", note="Ask in class")
    assert "Rejected 2 items." in page
    assert [p.status for p in posts] == [Status.REJECTED, Status.REJECTED, Status.PENDING]
    assert {p.decision_reason for p in posts[:2]} == {"spam"}
    assert audit_actions() == [("ms.lee", "reject", f"post #{p.id}") for p in posts[:2]]
    told = db.session.scalars(
        select(Notification.user_id).where(Notification.kind == NotificationKind.DECISION)
    ).all()
    assert sorted(told) == sorted(p.author_id for p in posts[:2])


def test_select_all_on_this_page_works_without_javascript(client, auth, people, classmates):
    """The "Select all" box is a form field: ticked, the form acts on every item it showed."""
    settings.update(people.admin, {"moderation_mode": "everything"})
    posts = [ask(person, title=f"Q {person.username}") for person in classmates]
    auth.login("ms.lee")
    page = client.get("/mod/queue/awaiting").get_data(as_text=True)
    shown = re.findall(r'name="shown" value="([^"]+)"', page)
    assert len(shown) == 3
    response = client.post(
        "/mod/queue/awaiting/bulk",
        data={"action": "approve", "all": "1", "shown": shown},
        follow_redirects=True,
    )
    assert "Approved 3 items." in response.get_data(as_text=True)
    assert [p.status for p in posts] == [Status.PUBLISHED] * 3
    assert [action for _, action, _ in audit_actions()] == ["approve"] * 3


def test_bulk_hide_then_restore_on_the_reported_queue(client, auth, people, classmates):
    settings.update(people.admin, {"moderation_mode": "flagged_only"})
    posts = [ask(person, title=f"Q {person.username}") for person in classmates[:2]]
    reported(people.student, *posts)
    auth.login("ms.lee")
    assert "Hid 2 items." in bulk(client, "reported", "hide", posts)
    assert [p.status for p in posts] == [Status.HIDDEN] * 2
    # Hiding does not settle the reports: the items stay in the queue until restored or rejected.
    page = bulk(client, "reported", "hide", posts)
    assert "Hid 0 items; 2 were not in a state to hide." in page
    assert "Restored 2 items." in bulk(client, "reported", "restore", posts)
    assert [p.status for p in posts] == [Status.PUBLISHED] * 2
    assert "Nothing waiting here" in client.get("/mod/queue/reported").get_data(as_text=True)
    assert [a for _, a, _ in audit_actions()] == ["hide", "hide", "restore", "restore"]


def test_bulk_approve_clears_the_flagged_queue(client, auth, people, classmates):
    moderation.add_watched_word(people.staff, "fortnite", "flag")
    settings.update(people.admin, {"moderation_mode": "flagged_only"})
    posts = [ask(p, title=f"Games {p.username}", body="Fortnite tonight?") for p in classmates]
    auth.login("ms.lee")
    assert "Approved 3 items." in bulk(client, "flagged", "approve", posts)
    assert "Nothing waiting here" in client.get("/mod/queue/flagged").get_data(as_text=True)
    assert len(audit_actions()) == 3


def test_an_item_decided_since_the_page_was_shown_counts_as_already_handled(
    client, auth, people, classmates
):
    settings.update(people.admin, {"moderation_mode": "everything"})
    posts = [ask(person, title=f"Q {person.username}") for person in classmates]
    auth.login("ms.lee")
    client.post(f"/mod/items/post/{posts[0].id}/approve")
    page = bulk(client, "awaiting", "approve", posts)
    assert "Approved 2 items; 1 was already handled." in page
    assert len(audit_actions()) == 3  # one single approval, two bulk ones: none twice


def test_items_not_yours_to_decide_are_skipped_and_reported(
    client, auth, people, classmates, make_user
):
    settings.update(people.admin, {"moderation_mode": "flagged_only"})
    """A reported post by the member of staff, and one by another member of staff: neither is
    theirs to clear; an admin may decide about the colleague's."""
    colleague = make_user("mr.ray", role=Role.STAFF)
    own = ask(people.staff, title="Staff notice")
    theirs = ask(colleague, title="Club notice")
    pupils = ask(classmates[0], title="Pupil post")
    reported(people.student, own, theirs, pupils)
    auth.login("ms.lee")
    page = client.get("/mod/queue/reported").get_data(as_text=True)
    assert page.count('name="item"') == 1  # only the pupil's post can be ticked
    assert "Your own post: another member of staff decides about it." in page
    page = bulk(client, "reported", "approve", [own, theirs, pupils])
    assert "Approved 1 item; 2 were skipped: not yours to decide." in page
    assert audit_actions() == [("ms.lee", "approve", f"post #{pupils.id}")]
    assert client.post(f"/mod/items/post/{own.id}/approve").status_code == 403
    assert own.decided_at is None and theirs.decided_at is None
    auth.logout()
    auth.login("head")
    assert "Approved 2 items." in bulk(client, "reported", "approve", [own, theirs])
    assert theirs.decided_at is not None


def with_author(*posts: Post) -> list[Post]:
    """The rule reads `item.author`, which the queues load with the item."""
    db.session.expire_all()
    return db.session.scalars(
        select(Post)
        .where(Post.id.in_([p.id for p in posts]))
        .options(joinedload(Post.author))
        .order_by(Post.id)
    ).all()


def test_nobody_decides_about_their_own_item(people, make_user):
    colleague = make_user("mr.ray", role=Role.STAFF)
    pupils, staff_post = with_author(
        ask(people.student, title="Pupil post"), ask(colleague, title="Staff notice")
    )
    assert permissions.can_decide(people.staff, pupils)
    assert not permissions.can_decide(people.student, pupils)
    assert not permissions.can_decide(people.staff, staff_post)
    assert permissions.can_decide(people.admin, staff_post)
    assert not permissions.can_decide(colleague, staff_post)


def test_an_item_held_for_safeguarding_is_skipped(client, auth, people, classmates):
    settings.update(people.admin, {"moderation_mode": "flagged_only"})
    worrying, other = ask(classmates[0], title="Worrying"), ask(classmates[1], title="Other")
    moderation.report(people.student, worrying, None, "at_risk")
    reported(people.student, other)
    auth.login("ms.lee")
    page = bulk(client, "reported", "approve", [worrying, other])
    assert "Approved 1 item; 1 was skipped: held for safeguarding" in page
    assert [a for _, a, _ in audit_actions()] == ["approve"]


@pytest.mark.parametrize(
    ("url", "action"),
    [
        ("/mod/queue/awaiting/bulk", "restore"),  # nothing in Awaiting approval is hidden
        ("/mod/queue/awaiting/bulk", "escalate"),  # one at a time, with thought
        ("/mod/queue/nonsense/bulk", "approve"),
    ],
)
def test_an_action_a_queue_does_not_offer_is_not_found(client, auth, people, url, action):
    auth.login("ms.lee")
    assert client.post(url, data={"action": action, "item": ["post-1"]}).status_code == 404


def test_nothing_ticked_says_so(client, auth, people):
    auth.login("ms.lee")
    response = client.post(
        "/mod/queue/awaiting/bulk", data={"action": "approve"}, follow_redirects=True
    )
    assert "Tick the items first" in html.unescape(response.get_data(as_text=True))


def test_staff_see_queue_counts_first_most_urgent_first(client, auth, people, classmates, lead):
    """The overview on every /mod page: queues with something waiting first, in order of
    urgency, then the empty ones; the other tools behind one disclosure."""
    settings.update(people.admin, {"moderation_mode": "everything"})
    ask(classmates[0], title="Waiting one")
    ask(classmates[1], title="Waiting two")
    auth.login("ms.safe")
    page = client.get("/mod/students").get_data(as_text=True)
    overview = page.split('class="queue-overview"')[1].split("</ul>")[0]
    labels = re.findall(
        r'"queue-count-label">([^<]+)</span> <span class="queue-count-number">(\d+)', overview
    )
    assert labels == [
        ("Awaiting approval", "2"),
        ("Urgent", "0"),
        ("Pastoral review", "0"),
        ("Reported", "0"),
        ("Flagged", "0"),
    ]
    tools = page.split("<summary>All staff tools</summary>")[1].split("</details>")[0]
    assert 'href="/mod/students"' in tools and 'href="/mod/watched-words"' in tools
