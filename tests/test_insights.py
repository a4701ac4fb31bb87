"""Insights for staff: each metric on a small board built for it, the page and its charts.

The metrics are computed for a fixed "now" (a Thursday), with every timestamp set relative to
it, so the weeks and the term they fall in never depend on the day the suite runs.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from board import insights, moderation, posting
from board.extensions import db
from board.models import (
    Group,
    Nudge,
    Post,
    Recipient,
    Report,
    ReportReason,
    SafeguardingAlert,
    Status,
    utcnow,
)

from .test_posting import ask, shout
from .test_query_counts import counting

NOW = datetime(2026, 3, 12, 15, 0, tzinfo=UTC)  # a Thursday, in the term that began 5 January
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
CHART_NAMES = ["posts", "answered", "first-helper", "queues", "nudges", "reports", "celebrated"]


@pytest.fixture
def span(app):
    return insights.period(NOW, app.config["TERM_STARTS"])


@pytest.fixture
def classmates(make_user):
    return [make_user(name) for name in ("ana", "ben", "cal", "dee")]


def written(post_or_reply, at: datetime):
    post_or_reply.created_at = at
    db.session.commit()
    return post_or_reply


def helped(post: Post, helper, after: timedelta):
    """`helper` replies `after` the request was asked."""
    reply = posting.add_reply(helper, post, "Here is how I did it.")
    written(reply, post.created_at + after)
    posting.recount({post.id})
    db.session.commit()
    return reply


def test_the_period_is_twelve_weeks_starting_on_mondays(span):
    assert len(span.weeks) == 12
    assert span.weeks[-1] == datetime(2026, 3, 9, tzinfo=UTC)
    assert span.start == datetime(2025, 12, 22, tzinfo=UTC)
    assert all(week.weekday() == 0 for week in span.weeks)
    assert span.term_start == datetime(2026, 1, 5, tzinfo=UTC)
    assert span.week_of(NOW) == 11
    assert span.week_of(span.start - HOUR) is None


def test_posts_by_kind_per_week(span, people, classmates):
    ana, ben = classmates[:2]
    written(ask(ana), NOW - HOUR)
    deleted = written(ask(ben), NOW - 2 * DAY)  # Tuesday this week
    deleted.deleted_at = NOW - DAY  # still written that week
    written(shout(ana, ["ben"]), NOW - 7 * DAY)  # last week's Thursday
    written(ask(ben), span.start + HOUR)  # the first week
    written(ask(ben), span.start - HOUR)  # before the period
    db.session.commit()

    weeks = insights.posts_per_week(span)

    assert [w.start for w in weeks] == list(span.weeks)
    assert (weeks[-1].help, weeks[-1].shoutouts) == (2, 0)
    assert (weeks[-2].help, weeks[-2].shoutouts) == (0, 1)
    assert (weeks[0].help, weeks[0].shoutouts) == (1, 0)
    assert sum(w.help + w.shoutouts for w in weeks) == 4


def test_share_answered_within_24_hours_counts_requests_up_for_a_full_day(span, people, classmates):
    """Three requests a day old or more: one answered in 2 h, one in 30 h, one never (the
    asker's own reply is not a helper). Share: 1 of 3. A request two hours old has not had its
    day yet, and a rejected one is not counted."""
    ana, ben = classmates[:2]
    quick = written(ask(ana, title="Quick"), NOW - 5 * DAY)
    helped(quick, ben, 2 * HOUR)
    slow = written(ask(ana, title="Slow"), NOW - 5 * DAY)
    helped(slow, ben, 30 * HOUR)
    unanswered = written(ask(ana, title="Unanswered"), NOW - 5 * DAY)
    helped(unanswered, ana, HOUR)  # a reply by the asker
    written(ask(ana, title="Too new"), NOW - 2 * HOUR)
    rejected = written(ask(ana, title="Rejected"), NOW - 5 * DAY)
    rejected.status = Status.REJECTED
    db.session.commit()

    answers = insights.help_answers(span)

    assert unanswered.first_reply_at is None
    assert (answers.asked, answers.answered) == (3, 1)
    assert answers.share == pytest.approx(1 / 3)
    this_week = answers.weeks[span.week_of(NOW - 5 * DAY)]
    assert (this_week.asked, this_week.answered) == (3, 1)
    assert answers.weeks[0].share is None  # nobody asked that week: no share, not 0 %


def test_median_time_to_first_helper_counts_first_replies_in_the_period(span, people, classmates):
    ana, ben = classmates[:2]
    helped(written(ask(ana), NOW - 5 * DAY), ben, 2 * HOUR)
    helped(written(ask(ana), NOW - 5 * DAY), ben, 30 * HOUR)
    # Asked before the period, answered in it: counts for the time to a helper only.
    helped(written(ask(ana), span.start - DAY), ben, 3 * DAY)
    # Answered before the period: not counted.
    helped(written(ask(ana), span.start - 3 * DAY), ben, HOUR)

    answers = insights.help_answers(span)

    assert answers.helper_times == [2 * HOUR, 30 * HOUR, 3 * DAY]
    assert answers.median_to_helper == 30 * HOUR
    assert answers.asked == 2  # the request asked before the period is not in the share
    assert dict(answers.helper_spread) == {
        "< 1 h": 0,
        "1–6 h": 1,
        "6–24 h": 0,
        "1–2 days": 1,
        "2+ days": 1,
    }


def test_no_help_requests_means_no_share_and_no_median(span):
    answers = insights.help_answers(span)
    assert answers.share is None and answers.median_to_helper is None


def test_queue_waiting_times_for_what_waits_now(span, people, classmates, make_user):
    ana, ben, cal = classmates[:3]
    awaiting_post = written(ask(ana, title="Awaiting"), NOW - 3 * HOUR)
    awaiting_post.status = Status.PENDING
    answered = written(ask(ana), NOW - DAY)
    awaiting_reply = written(posting.add_reply(ben, answered, "A reply"), NOW - HOUR)
    awaiting_reply.status = Status.PENDING
    reported = written(ask(ana, title="Reported"), NOW - 2 * DAY)
    for reporter, ago, resolved in ((ben, 5 * HOUR, None), (cal, HOUR, None)):
        db.session.add(
            Report(
                post_id=reported.id,
                reporter_id=reporter.id,
                reason=ReportReason.UNKIND,
                created_at=NOW - ago,
                resolved_at=resolved,
            )
        )
    done = written(ask(ben, title="Dealt with"), NOW - 3 * DAY)
    db.session.add(
        Report(
            post_id=done.id,
            reporter_id=cal.id,
            reason=ReportReason.SPAM,
            created_at=NOW - 2 * DAY,
            resolved_at=NOW - DAY,
        )
    )
    flagged = written(ask(cal, title="Flagged"), NOW - DAY)
    flagged.screening = '{"category": "unkind", "severity": "flag", "reasons": []}'
    db.session.add_all(
        [
            SafeguardingAlert(
                student_id=ana.id,
                severity="urgent",
                reasons="[]",
                created_at=NOW - 30 * timedelta(minutes=1),
            ),
            SafeguardingAlert(
                student_id=ben.id,
                severity="urgent",
                reasons="[]",
                created_at=NOW - DAY,
                acknowledged_at=NOW - HOUR,
            ),
            # A concern waits in pastoral review, counted apart from the urgent alerts.
            SafeguardingAlert(
                student_id=cal.id, severity="concern", reasons="[]", created_at=NOW - 4 * HOUR
            ),
        ]
    )
    db.session.commit()

    queues = {q.name: q for q in insights.queue_waits(span)}

    assert list(queues) == ["urgent", "pastoral", "awaiting", "reported", "flagged"]
    assert (queues["urgent"].count, queues["urgent"].longest) == (1, timedelta(minutes=30))
    assert queues["pastoral"].waits == [4 * HOUR]
    assert queues["awaiting"].count == 2
    assert queues["awaiting"].median == 2 * HOUR
    assert queues["awaiting"].longest == 3 * HOUR
    # One reported item, waiting since its first open report; the dealt-with one is gone.
    assert queues["reported"].waits == [5 * HOUR]
    assert queues["flagged"].waits == [DAY]
    assert queues == {q.name: q for q in insights.queue_waits(span)}  # reading changes nothing


def test_nudge_outcomes(span, people):
    student = people.student
    outcomes = [
        ("edited", NOW - DAY),
        ("edited", NOW - 2 * DAY),
        ("posted_anyway", NOW - DAY),
        (None, NOW - 2 * HOUR),  # withdrawn: left unsent for over an hour
        (None, NOW - 3 * DAY),  # withdrawn
        (None, NOW - 10 * timedelta(minutes=1)),  # still deciding
        ("edited", span.start - DAY),  # before the period
    ]
    for outcome, at in outcomes:
        db.session.add(
            Nudge(
                user_id=student.id, target="post", category="unkind", outcome=outcome, created_at=at
            )
        )
    db.session.commit()

    nudges = insights.nudge_outcomes(span)

    assert nudges == insights.NudgeOutcomes(edited=2, posted_anyway=1, withdrawn=2, deciding=1)
    assert nudges.total == 6
    assert dict(nudges.rows) == {"Edited, then posted": 2, "Posted anyway": 1, "Withdrawn": 2}


def test_reports_by_reason(span, people, classmates):
    post = ask(people.student)
    reasons = [
        (classmates[0], ReportReason.UNKIND, NOW - DAY),
        (classmates[1], ReportReason.UNKIND, NOW - 2 * DAY),
        (classmates[2], ReportReason.SPAM, NOW - 3 * DAY),
        (classmates[3], ReportReason.AT_RISK, NOW - 4 * DAY),
        (people.staff, ReportReason.PRIVATE, span.start - DAY),  # before the period
    ]
    for reporter, reason, at in reasons:
        db.session.add(
            Report(post_id=post.id, reporter_id=reporter.id, reason=reason, created_at=at)
        )
    db.session.commit()

    assert insights.reports_by_reason(span) == [
        ("Unkind or bullying", 2),
        ("Someone may be at risk", 1),
        ("Private information", 0),
        ("Spam", 1),
        ("Other", 0),
    ]


def test_students_nobody_has_celebrated_this_term(span, people, make_user):
    year9, year10 = Group(name="Year 9"), Group(name="Year 10")
    db.session.add_all([year9, year10])
    db.session.commit()
    ana, ben, cal, dee, eve = (
        make_user(name, group=year9) for name in ("ana", "ben", "cal", "dee", "eve")
    )
    fay = make_user("fay", group=year10)
    teacher = people.staff

    written(shout(teacher, ["ana"]), NOW - 2 * DAY)  # this term
    written(shout(teacher, ["ben"]), span.term_start - 30 * DAY)  # last term only
    hidden = written(shout(teacher, ["cal"]), NOW - DAY)  # this term, but hidden by staff
    moderation.hide(teacher, hidden)
    dee.shoutouts_need_ok = True
    db.session.commit()
    written(shout(teacher, ["dee"]), NOW - DAY)  # waits for dee's OK
    gone = written(shout(teacher, ["fay", "ana"]), NOW - DAY)
    written(shout(teacher, ["fay"]), NOW - 3 * DAY)  # fay's other shout-out still counts
    gone.deleted_at = NOW - HOUR
    eve.suspended_until = NOW + 3 * DAY  # suspended: nobody can name her now
    db.session.commit()
    assert (
        db.session.scalar(select(Recipient.state).where(Recipient.user_id == dee.id)) == "waiting"
    )

    celebration = insights.celebration_this_term(span)

    by_group = {g.group: g for g in celebration.groups}
    assert list(by_group) == ["Year 9", "Year 10", "No group"]  # numbers in number order
    assert [s.username for s in by_group["Year 9"].not_yet] == ["ben", "cal", "dee"]
    assert by_group["Year 9"].celebrated == 1
    assert (by_group["Year 10"].celebrated, by_group["Year 10"].not_yet) == (1, [])
    assert [s.username for s in by_group["No group"].not_yet] == ["sam"]
    assert (celebration.students, celebration.not_yet) == (6, 4)
    assert celebration.since == span.term_start
    assert ana.id not in {s.id for g in celebration.groups for s in g.not_yet}
    assert fay.id not in {s.id for g in celebration.groups for s in g.not_yet}


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (None, "–"),
        (timedelta(minutes=7, seconds=20), "7 min"),
        (2 * HOUR, "2 h"),
        (16 * HOUR + timedelta(minutes=30), "16 h 30 min"),
        (3 * DAY + 4 * HOUR, "3 days 4 h"),
    ],
)
def test_durations_read_as_words(duration, text):
    assert insights.duration_text(duration) == text


# ---------------------------------------------------------------------------------------------
# The page and its charts


@pytest.fixture
def some_activity(people, classmates):
    ana, ben = classmates[:2]
    request = ask(ana, title="Stuck on fractions")
    written(request, utcnow() - 2 * DAY)
    helped(request, ben, 3 * HOUR)
    shout(people.staff, ["ben"])
    moderation.report(classmates[2], request, None, "spam")
    db.session.add(Nudge(user_id=ana.id, target="post", category="unkind", outcome="edited"))
    db.session.commit()


def test_staff_see_insights_as_charts_with_their_numbers(client, auth, people, some_activity):
    auth.login("ms.lee")
    page = client.get("/mod/students").get_data(as_text=True)
    assert 'href="/mod/insights"' in page

    response = client.get("/mod/insights")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for name in CHART_NAMES:
        assert f'<img class="chart" src="/mod/insights/{name}.svg" alt="' in html
    assert html.count("<table>") == 6  # every chart's numbers, as a table
    assert "1 of 1 help request had a first reply" in html and "100%" in html
    assert "3 h" in html  # the time to the first helper
    assert "Not celebrated yet this term" in html
    # Sam, Ana, Cal and Dee wait for their first shout-out this term; Ben had one.
    assert "@sam" in html and "@dee" in html and "@ben" not in html
    assert 'aria-current="page">Insights<' in html
    assert "<svg" not in html and "<script>" not in html


@pytest.mark.parametrize("name", CHART_NAMES)
def test_each_chart_is_an_svg_without_scripts(client, auth, people, some_activity, name):
    auth.login("ms.lee")
    response = client.get(f"/mod/insights/{name}.svg")
    svg = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Content-Security-Policy"] == insights.SVG_POLICY
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<script" not in svg and "<!--" not in svg
    assert "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
        'xmlns:xlink="http://www.w3.org/1999/xlink"', ""
    )
    assert "#2f6f5e" in svg  # the board's own colours
    assert f'width="{insights.CHARTS[name].width}"' in svg


@pytest.mark.parametrize("name", CHART_NAMES)
def test_phones_get_each_chart_drawn_narrow(client, auth, people, some_activity, name):
    auth.login("ms.lee")
    page = client.get("/mod/insights").get_data(as_text=True)
    assert f'srcset="/mod/insights/{name}.svg?narrow=1"' in page
    svg = client.get(f"/mod/insights/{name}.svg?narrow=1").get_data(as_text=True)
    assert f'width="{insights.NARROW}"' in svg and "<script" not in svg


def test_charts_draw_on_an_empty_board(client, auth, people):
    auth.login("ms.lee")
    assert client.get("/mod/insights").status_code == 200
    for name in CHART_NAMES:
        response = client.get(f"/mod/insights/{name}.svg")
        assert response.status_code == 200 and "<svg" in response.get_data(as_text=True)


def test_unknown_chart_is_not_found(client, auth, people):
    auth.login("ms.lee")
    assert client.get("/mod/insights/secrets.svg").status_code == 404


@pytest.mark.parametrize("path", ["/mod/insights", "/mod/insights/celebrated.svg"])
def test_students_cannot_see_insights(client, auth, people, path):
    auth.login("sam")
    assert client.get(path).status_code == 403
    assert "/mod/insights" not in client.get("/").get_data(as_text=True)


def test_logged_out_visitors_are_sent_to_log_in(client):
    response = client.get("/mod/insights")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_page_costs_the_same_statements_however_busy_the_board(
    client, auth, people, classmates, make_user
):
    auth.login("ms.lee")
    db.session.commit()
    with counting() as quiet:
        assert client.get("/mod/insights").status_code == 200
    for n in range(6):
        student = make_user(f"pupil{n}")
        request = written(ask(student, title=f"Question {n}"), utcnow() - (n + 1) * DAY)
        helped(request, classmates[n % 4], (n + 1) * HOUR)
        shout(classmates[n % 4], [student.username])
        moderation.report(classmates[(n + 1) % 4], request, None, "unkind")
        db.session.add(Nudge(user_id=student.id, target="post", category="unkind"))
    db.session.commit()
    with counting() as busy:
        assert client.get("/mod/insights").status_code == 200
    assert len(busy) == len(quiet) <= 10, busy
