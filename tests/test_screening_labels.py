"""Learning from staff decisions: every decision about a screened post or reply keeps one
labelled example of its text (updated, never duplicated), for the retrain command."""

import pytest
from sqlalchemy import func, select

from board import accounts, moderation, posting, safeguarding, screening_labels, settings
from board.extensions import db
from board.models import Role, SafeguardingAlert, ScreeningExample, Status

from .test_posting import ask

CONCERN = "I feel hopeless, everything feels pointless and nothing will ever get better"
URGENT = "I want to kill myself, nobody would miss me"
UNKIND = "You are such an idiot, nobody likes you"


@pytest.fixture
def classmates(make_user):
    return [make_user(name) for name in ("ana", "ben", "cal")]


def examples() -> list[tuple]:
    return db.session.execute(
        select(
            ScreeningExample.label,
            ScreeningExample.source,
            ScreeningExample.post_id,
            ScreeningExample.reply_id,
            ScreeningExample.decided_by_id,
        ).order_by(ScreeningExample.id)
    ).all()


def the_alert(severity: str) -> SafeguardingAlert:
    """The oldest alert of the tier that is still waiting."""
    return db.session.scalar(
        select(SafeguardingAlert)
        .where(SafeguardingAlert.severity == severity, SafeguardingAlert.acknowledged_at.is_(None))
        .order_by(SafeguardingAlert.id)
    )


def posted_anyway(author, title="Lunch queue", body=UNKIND):
    """An unkind post its writer sent after the nudge: it waits for staff."""
    with pytest.raises(posting.NeedsRethink) as nudged:
        ask(author, title=title, body=body)
    return posting.create_post(
        author,
        posting.Draft(posting.PostKind.HELP, title, body, "friendships"),
        posting.Submission(nudge_id=nudged.value.nudge_id, post_anyway=True),
    )


# ---------------------------------------------------------------------------------------------
# Urgent alerts


def test_a_lead_confirming_an_urgent_alert_labels_it_urgent(client, auth, people, lead):
    post = ask(people.student, title="I can't do this", body=URGENT)
    auth.login("ms.safe")
    client.post(f"/mod/urgent/{the_alert('urgent').id}/acknowledge")
    assert examples() == [("urgent", "urgent_confirmed", post.id, None, lead.id)]
    # Exactly the text the screener read: the title and the body, as posting joins them.
    assert screening_labels.labelled_examples() == [(f"I can't do this\n\n{URGENT}", "urgent")]


def test_not_a_crisis_labels_it_clean(client, auth, people, lead):
    post = ask(people.student, title="Cake", body=URGENT)
    auth.login("ms.safe")
    client.post(f"/mod/urgent/{the_alert('urgent').id}/not-a-crisis")
    assert examples() == [("clean", "urgent_dismissed", post.id, None, lead.id)]


def test_an_at_risk_report_a_lead_acknowledges_is_urgent(people, lead, classmates):
    post = ask(people.student, title="Quiet lately")
    moderation.report(classmates[0], post, None, "at_risk")
    safeguarding.acknowledge(the_alert("urgent"), lead)
    assert examples() == [("urgent", "at_risk_report_confirmed", post.id, None, lead.id)]


def test_not_a_crisis_about_a_report_or_an_escalation_says_nothing_of_the_text(
    people, lead, classmates
):
    post = ask(people.student, title="Quiet lately")
    moderation.report(classmates[0], post, None, "at_risk")
    safeguarding.acknowledge(the_alert("urgent"), lead, not_a_crisis=True)
    moderation.escalate(people.staff, post)
    safeguarding.acknowledge(the_alert("urgent"), lead, not_a_crisis=True)
    assert examples() == []
    moderation.escalate(people.staff, post)
    safeguarding.acknowledge(the_alert("urgent"), lead)
    assert examples() == [("urgent", "escalation_confirmed", post.id, None, lead.id)]


# ---------------------------------------------------------------------------------------------
# Pastoral review


@pytest.mark.parametrize(
    ("outcome", "label", "source"),
    [
        ("kept_private", "concern", "concern_confirmed"),
        ("escalated", "urgent", "concern_escalated"),
        ("not_a_concern", "clean", "concern_dismissed"),
    ],
)
def test_each_pastoral_outcome_is_a_label(client, auth, people, lead, outcome, label, source):
    post = ask(people.student, title="Feeling really low", body=CONCERN)
    auth.login("ms.safe")
    client.post(f"/mod/pastoral/{the_alert('concern').id}", data={"outcome": outcome})
    assert examples() == [(label, source, post.id, None, lead.id)]


def test_an_escalated_concern_keeps_one_example_whatever_the_lead_says_next(
    people, lead, make_user
):
    pastoral = make_user("mr.care", role=Role.STAFF, pastoral_duty=True)
    post = ask(people.student, title="Feeling really low", body=CONCERN)
    safeguarding.review_concern(the_alert("concern"), pastoral, "escalated")
    safeguarding.acknowledge(the_alert("urgent"), lead)
    assert examples() == [("urgent", "concern_escalated", post.id, None, lead.id)]

    second = ask(people.student, title="Still low", body=CONCERN)
    safeguarding.review_concern(the_alert("concern"), pastoral, "escalated")
    safeguarding.acknowledge(the_alert("urgent"), lead, not_a_crisis=True)
    # A person judged it worth a look, a lead found it no emergency: a concern, not clean.
    assert examples()[1] == ("concern", "escalation_dismissed", second.id, None, lead.id)


def test_a_reply_example_is_the_reply_text(people, lead, make_user):
    post = ask(make_user("ana"))
    reply = posting.add_reply(people.student, post, CONCERN)
    safeguarding.review_concern(the_alert("concern"), lead, "kept_private")
    assert examples() == [("concern", "concern_confirmed", None, reply.id, lead.id)]
    assert screening_labels.labelled_examples() == [(CONCERN, "concern")]


# ---------------------------------------------------------------------------------------------
# The rethink nudge, and harm found through reports


def test_approving_a_post_sent_anyway_says_the_nudge_was_unfair(client, auth, people):
    post = posted_anyway(people.student)
    auth.login("ms.lee")
    client.post(f"/mod/items/post/{post.id}/approve")
    assert post.status == Status.PUBLISHED
    assert examples() == [("clean", "nudge_unfair", post.id, None, people.staff.id)]


def test_rejecting_a_post_sent_anyway_says_the_nudge_was_fair(client, auth, people):
    post = posted_anyway(people.student)
    auth.login("ms.lee")
    client.post(f"/mod/items/post/{post.id}/reject", data={"reason": "unkind"})
    assert examples() == [("unkind", "nudge_fair", post.id, None, people.staff.id)]


def test_a_later_decision_updates_the_example(people, make_user):
    post = posted_anyway(people.student)
    moderation.approve(people.staff, post)
    other = make_user("mr.ray", role=Role.STAFF)
    moderation.hide(other, post)
    moderation.remove(other, post, "unkind")
    assert examples() == [("unkind", "nudge_fair", post.id, None, other.id)]


def test_harm_the_screener_missed_is_found_through_a_report(client, auth, people, classmates):
    # Harmless words, unkind in context: only the people involved could tell.
    post = ask(people.student, title="Sports day", body="Ben, trip photos are up")
    moderation.report(classmates[0], post, None, "unkind")
    auth.login("ms.lee")
    client.post(f"/mod/items/post/{post.id}/hide")
    assert examples() == [("unkind", "missed_harm_report", post.id, None, people.staff.id)]
    client.post(f"/mod/items/post/{post.id}/restore")
    # Looked at again, the report was not upheld: the same example says clean now.
    assert examples() == [("clean", "report_not_upheld", post.id, None, people.staff.id)]


def test_a_reported_reply_removed_is_missed_harm(people, classmates):
    post = ask(classmates[1])
    reply = posting.add_reply(people.student, post, "Can't wait to see Ben dance again on Friday")
    moderation.report(classmates[0], post, reply, "unkind")
    moderation.remove(people.staff, reply, "unkind")
    assert reply.status == Status.REMOVED
    assert examples() == [("unkind", "missed_harm_report", None, reply.id, people.staff.id)]


def test_decisions_that_say_nothing_about_the_text_keep_nothing(people, classmates):
    settings.update(people.admin, {"moderation_mode": "everything"})
    waiting = ask(people.student, title="First post")
    moderation.approve(people.staff, waiting)  # a new member's post: nothing was screened
    spam = ask(people.student, title="Free stuff")
    moderation.approve(people.staff, spam)
    moderation.report(classmates[0], spam, None, "spam")
    moderation.remove(people.staff, spam, "spam")  # reported, but not as unkind
    settings.update(people.admin, {"report_threshold": 1, "moderation_mode": "flagged_only"})
    reported = ask(people.student, title="Hello")
    moderation.report(classmates[1], reported, None, "unkind")
    assert reported.status == Status.HIDDEN  # hidden by the reports, not by a person
    assert examples() == []


# ---------------------------------------------------------------------------------------------
# Least data, and what the retrain command reads


def test_deleting_a_student_deletes_the_examples_of_what_they_wrote(people, lead, classmates):
    ask(people.student, title="I can't do this", body=URGENT)
    safeguarding.acknowledge(the_alert("urgent"), lead)
    ana = classmates[0]
    post = ask(ana, title="Feeling really low", body=CONCERN)
    posting.add_reply(people.student, post, CONCERN)
    safeguarding.review_concern(the_alert("concern"), lead, "kept_private")  # ana's post
    safeguarding.review_concern(the_alert("concern"), lead, "kept_private")  # sam's reply
    assert len(examples()) == 3
    accounts.delete_student(people.admin, people.student, "Left the school")
    assert examples() == [("concern", "concern_confirmed", post.id, None, lead.id)]


def test_labelled_examples_and_label_counts(people, lead):
    assert screening_labels.label_counts() == {"urgent": 0, "concern": 0, "unkind": 0, "clean": 0}
    ask(people.student, title="Help", body=URGENT)
    safeguarding.acknowledge(the_alert("urgent"), lead)
    post = posted_anyway(people.student)
    moderation.reject(people.staff, post, "unkind")
    assert screening_labels.labelled_examples() == [
        (f"Help\n\n{URGENT}", "urgent"),
        (f"Lunch queue\n\n{UNKIND}", "unkind"),
    ]
    assert screening_labels.label_counts() == {"urgent": 1, "concern": 0, "unkind": 1, "clean": 0}
    assert db.session.scalar(select(func.count()).select_from(ScreeningExample)) == 2


def test_a_deleted_students_examples_go_even_when_the_post_they_answered_is_gone(
    people, lead, classmates
):
    # Sam's reply is on Ana's post; Ana's account goes first, and her post with it. Sam's
    # example then has no reply to name it by, and must still go with Sam's account.
    ana = classmates[0]
    post = ask(ana, title="Revision", body="Anyone want to revise together?")
    posting.add_reply(people.student, post, CONCERN)
    safeguarding.review_concern(the_alert("concern"), lead, "kept_private")
    assert [row[0] for row in examples()] == ["concern"]
    accounts.delete_student(people.admin, ana, "Left the school")
    accounts.delete_student(people.admin, people.student, "Left the school")
    assert examples() == []
