"""Insights for staff (/mod/insights): how the board has been doing over the last weeks.

Each metric is one SQL statement over a `Period`. Counts are aggregated in SQL; durations
(which SQLite and PostgreSQL subtract differently) are worked out here from the timestamps the
statement returns. Weeks start on Monday, 00:00 UTC.

The charts are SVG drawn on the server with pygal, with pygal's scripts and comments taken out,
so they load nothing from elsewhere and run nothing. Every chart also has its numbers in the
page as a table: the charts are for seeing a shape at a glance, not the only way to read it.
"""

from __future__ import annotations

import bisect
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pygal
from pygal.style import Style
from sqlalchemy import case, func, literal, or_, select, union_all

from . import accounts, moderation, safeguarding
from .extensions import db
from .models import (
    Group,
    Nudge,
    Post,
    PostKind,
    Recipient,
    RecipientState,
    Reply,
    Report,
    ReportReason,
    Role,
    SafeguardingAlert,
    Status,
    User,
)
from .queries import period_start

WEEKS = 12
ANSWER_WITHIN = moderation.HELPER_WAIT  # "answered within 24 h"
# A nudge nobody acted on for this long was withdrawn: the writer left the post unsent.
NUDGE_WITHDRAWN_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class Period:
    """The weeks the insights cover (the current, unfinished week last) and this term."""

    now: datetime
    weeks: tuple[datetime, ...]  # the Monday each week starts, oldest first
    term_start: datetime

    @property
    def start(self) -> datetime:
        return self.weeks[0]

    def week_of(self, moment: datetime) -> int | None:
        """The index of the week `moment` falls in, or None if it is before the period."""
        index = bisect.bisect_right(self.weeks, moment) - 1
        return index if index >= 0 else None


def period(now: datetime, term_starts: list[str], weeks: int = WEEKS) -> Period:
    monday = datetime.combine(now.date() - timedelta(days=now.weekday()), time(), tzinfo=UTC)
    return Period(
        now=now,
        weeks=tuple(monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)),
        term_start=period_start("term", now, term_starts),
    )


def _median(durations: list[timedelta]) -> timedelta | None:
    return statistics.median(durations) if durations else None


# ---------------------------------------------------------------------------------------------
# Posts by kind per week


@dataclass(frozen=True)
class WeekCount:
    start: datetime
    help: int
    shoutouts: int


def posts_per_week(span: Period) -> list[WeekCount]:
    """Posts written each week, whatever happened to them afterwards (held, hidden, deleted):
    how much the board was used."""
    ends = [*span.weeks[1:], span.weeks[-1] + timedelta(weeks=1)]
    in_week = [
        func.sum(case(((Post.created_at >= start) & (Post.created_at < end), 1), else_=0))
        for start, end in zip(span.weeks, ends, strict=True)
    ]
    rows = db.session.execute(
        select(Post.kind, *in_week).where(Post.created_at >= span.start).group_by(Post.kind)
    ).all()
    counts = {kind: [int(n or 0) for n in numbers] for kind, *numbers in rows}
    empty = [0] * len(span.weeks)
    return [
        WeekCount(*row)
        for row in zip(
            span.weeks,
            counts.get(PostKind.HELP, empty),
            counts.get(PostKind.SHOUTOUT, empty),
            strict=True,
        )
    ]


# ---------------------------------------------------------------------------------------------
# Help requests: answered within 24 h, and the time to the first helper

# How long the first helper took, in the buckets the chart shows.
HELPER_BUCKETS = [
    ("< 1 h", timedelta(hours=1)),
    ("1–6 h", timedelta(hours=6)),
    ("6–24 h", timedelta(hours=24)),
    ("1–2 days", timedelta(days=2)),
    ("2+ days", None),
]


@dataclass(frozen=True)
class HelpWeek:
    start: datetime
    asked: int  # help requests asked that week that have been up for a full day
    answered: int  # ...of which a helper answered within 24 h

    @property
    def share(self) -> float | None:
        return self.answered / self.asked if self.asked else None


@dataclass(frozen=True)
class HelpAnswers:
    weeks: list[HelpWeek]
    # Requests whose first helper replied during the period, and how long each took.
    helper_times: list[timedelta]

    @property
    def asked(self) -> int:
        return sum(w.asked for w in self.weeks)

    @property
    def answered(self) -> int:
        return sum(w.answered for w in self.weeks)

    @property
    def share(self) -> float | None:
        return self.answered / self.asked if self.asked else None

    @property
    def median_to_helper(self) -> timedelta | None:
        return _median(self.helper_times)

    @property
    def helper_spread(self) -> list[tuple[str, int]]:
        counts = dict.fromkeys((label for label, _ in HELPER_BUCKETS), 0)
        for took in self.helper_times:
            label = next(label for label, below in HELPER_BUCKETS if below is None or took < below)
            counts[label] += 1
        return list(counts.items())


def help_answers(span: Period) -> HelpAnswers:
    """Help requests still on the board (not deleted by the asker, nor rejected or removed by
    staff), with `first_reply_at`: the first reply from someone other than the asker.

    Answered within 24 h: of the requests asked in a week that have been up for at least 24 h
    (so each had its full day), those whose first helper replied within 24 h of the asking.
    Time to the first helper: for every request whose first helper replied in the period,
    however long ago it was asked, the time from asking to that reply.
    """
    rows = db.session.execute(
        select(Post.created_at, Post.first_reply_at).where(
            Post.kind == PostKind.HELP,
            Post.deleted_at.is_(None),
            Post.status.not_in([Status.REJECTED, Status.REMOVED]),
            or_(Post.created_at >= span.start, Post.first_reply_at >= span.start),
        )
    ).all()
    asked = [0] * len(span.weeks)
    answered = [0] * len(span.weeks)
    helper_times = []
    for created_at, first_reply_at in rows:
        took = first_reply_at - created_at if first_reply_at else None
        week = span.week_of(created_at)
        if week is not None and created_at <= span.now - ANSWER_WITHIN:
            asked[week] += 1
            if took is not None and took <= ANSWER_WITHIN:
                answered[week] += 1
        if first_reply_at is not None and first_reply_at >= span.start:
            helper_times.append(took)
    weeks = [HelpWeek(*row) for row in zip(span.weeks, asked, answered, strict=True)]
    return HelpAnswers(weeks, sorted(helper_times))


# ---------------------------------------------------------------------------------------------
# Queue waiting times

QUEUE_LABELS = {"urgent": "Urgent", "pastoral": "Pastoral review", **moderation.QUEUES}


@dataclass(frozen=True)
class QueueWait:
    name: str
    label: str
    waits: list[timedelta]  # how long each item now in the queue has waited

    @property
    def count(self) -> int:
        return len(self.waits)

    @property
    def median(self) -> timedelta | None:
        return _median(self.waits)

    @property
    def longest(self) -> timedelta | None:
        return max(self.waits, default=None)


def queue_waits(span: Period) -> list[QueueWait]:
    """How long what waits for staff right now has waited, per queue (as /mod shows them):
    urgent alerts nobody has acknowledged and concerns nobody has reviewed, since the alert;
    posts and replies awaiting approval or flagged, since they were written; reported items,
    since the first open report about them."""
    parts = [
        select(literal(name), SafeguardingAlert.created_at).where(
            safeguarding.in_tier(tier), safeguarding.waiting()
        )
        for name, tier in (("urgent", safeguarding.URGENT), ("pastoral", safeguarding.CONCERN))
    ]
    for name in ("awaiting", "flagged"):
        for model in (Post, Reply):
            parts.append(
                select(literal(name), model.created_at).where(
                    moderation.queue_filter(model, name), model.deleted_at.is_(None)
                )
            )
    open_reports = Report.resolved_at.is_(None)
    parts.append(
        select(literal("reported"), func.min(Report.created_at))
        .join(Post, Post.id == Report.post_id)
        .where(open_reports, Report.reply_id.is_(None), Post.deleted_at.is_(None))
        .group_by(Report.post_id)
    )
    parts.append(
        select(literal("reported"), func.min(Report.created_at))
        .join(Reply, Reply.id == Report.reply_id)
        .where(open_reports, Reply.deleted_at.is_(None))
        .group_by(Report.reply_id)
    )
    waits: dict[str, list[timedelta]] = {name: [] for name in QUEUE_LABELS}
    for name, since in db.session.execute(union_all(*parts)):
        waits[name].append(span.now - since)
    return [QueueWait(name, label, sorted(waits[name])) for name, label in QUEUE_LABELS.items()]


# ---------------------------------------------------------------------------------------------
# Nudges and reports


@dataclass(frozen=True)
class NudgeOutcomes:
    edited: int  # changed their words, then posted
    posted_anyway: int  # posted it as it was (it then waits for staff)
    withdrawn: int  # did neither within an hour: left it unsent
    deciding: int  # nudged in the last hour and not acted on yet

    @property
    def total(self) -> int:
        return self.edited + self.posted_anyway + self.withdrawn + self.deciding

    @property
    def edited_share(self) -> float | None:
        """Of the nudges acted on or withdrawn, the share where the writer changed their words."""
        settled = self.edited + self.posted_anyway + self.withdrawn
        return self.edited / settled if settled else None

    @property
    def rows(self) -> list[tuple[str, int]]:
        return [
            ("Edited, then posted", self.edited),
            ("Posted anyway", self.posted_anyway),
            ("Withdrawn", self.withdrawn),
        ]


def nudge_outcomes(span: Period) -> NudgeOutcomes:
    """What writers did after a "rethink before posting" nudge in the period."""
    undecided = Nudge.outcome.is_(None)
    withdrawn = Nudge.created_at <= span.now - NUDGE_WITHDRAWN_AFTER

    def count(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = db.session.execute(
        select(
            count(Nudge.outcome == "edited"),
            count(Nudge.outcome == "posted_anyway"),
            count(undecided & withdrawn),
            count(undecided & ~withdrawn),
        ).where(Nudge.created_at >= span.start)
    ).one()
    return NudgeOutcomes(*(int(n) for n in row))


REPORT_REASON_LABELS = {
    ReportReason.UNKIND: "Unkind or bullying",
    ReportReason.AT_RISK: "Someone may be at risk",
    ReportReason.PRIVATE: "Private information",
    ReportReason.SPAM: "Spam",
    ReportReason.OTHER: "Other",
}


def reports_by_reason(span: Period) -> list[tuple[str, int]]:
    """Reports made in the period, by the reason the reporter chose (every reason listed)."""
    counts = dict(
        db.session.execute(
            select(Report.reason, func.count())
            .where(Report.created_at >= span.start)
            .group_by(Report.reason)
        ).all()
    )
    return [(label, counts.get(reason, 0)) for reason, label in REPORT_REASON_LABELS.items()]


# ---------------------------------------------------------------------------------------------
# Students nobody has celebrated this term

NO_GROUP = "No group"


@dataclass(frozen=True)
class Student:
    id: int
    username: str
    display_name: str


@dataclass(frozen=True)
class GroupCelebration:
    group: str
    celebrated: int
    not_yet: list[Student]


@dataclass(frozen=True)
class Celebration:
    since: datetime
    groups: list[GroupCelebration]

    @property
    def students(self) -> int:
        return sum(g.celebrated + len(g.not_yet) for g in self.groups)

    @property
    def not_yet(self) -> int:
        return sum(len(g.not_yet) for g in self.groups)


def celebration_this_term(span: Period) -> Celebration:
    """Which students have been celebrated this term, by group.

    Celebrated: named, and still approving it, in a shout-out written since the term started
    that is published and not deleted. Suspended students are left out while suspended: nobody
    can name them in a shout-out until they are back.
    """
    celebrated = (
        select(Recipient.id)
        .join(Post, Post.id == Recipient.post_id)
        .where(
            Recipient.user_id == User.id,
            Recipient.state == RecipientState.APPROVED,
            Post.kind == PostKind.SHOUTOUT,
            Post.status == Status.PUBLISHED,
            Post.deleted_at.is_(None),
            Post.created_at >= span.term_start,
        )
        .correlate(User)
        .exists()
    )
    rows = db.session.execute(
        select(User.id, User.username, User.display_name, Group.name, celebrated)
        .outerjoin(Group, Group.id == User.group_id)
        .where(
            User.role == Role.STUDENT,
            or_(User.suspended_until.is_(None), User.suspended_until <= span.now),
        )
        .order_by(func.lower(User.display_name), User.username_key)
    ).all()
    celebrated_in: Counter[str] = Counter()
    not_yet_in: dict[str, list[Student]] = defaultdict(list)
    for user_id, username, display_name, group, was_celebrated in rows:
        if was_celebrated:
            celebrated_in[group or NO_GROUP] += 1
        else:
            not_yet_in[group or NO_GROUP].append(Student(user_id, username, display_name))
    names = sorted(
        celebrated_in.keys() | not_yet_in.keys(),
        key=lambda name: (name == NO_GROUP, accounts.group_order(name)),
    )
    return Celebration(
        since=span.term_start,
        groups=[GroupCelebration(n, celebrated_in[n], not_yet_in.get(n, [])) for n in names],
    )


# ---------------------------------------------------------------------------------------------
# Everything the page shows


@dataclass(frozen=True)
class Insights:
    period: Period
    posts: list[WeekCount]
    help: HelpAnswers
    queues: list[QueueWait]
    nudges: NudgeOutcomes
    reports: list[tuple[str, int]]
    celebration: Celebration


def gather(span: Period) -> Insights:
    return Insights(
        period=span,
        posts=posts_per_week(span),
        help=help_answers(span),
        queues=queue_waits(span),
        nudges=nudge_outcomes(span),
        reports=reports_by_reason(span),
        celebration=celebration_this_term(span),
    )


# ---------------------------------------------------------------------------------------------
# Words for durations and weeks


def duration_text(duration: timedelta | None) -> str:
    if duration is None:
        return "–"
    minutes = round(duration.total_seconds() / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} days {hours} h" if hours else f"{days} days"


def week_label(start: datetime) -> str:
    return f"{start.day} {start:%b}"


def percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


# ---------------------------------------------------------------------------------------------
# Charts: pygal SVG, in the board's colours, without pygal's scripts

# The SVG's own policy when a chart is opened by itself: its inline style, nothing else.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
INK, BRAND, SUN, LINE = "#1f2a30", "#2f6f5e", "#f4c542", "#dcd8cf"
LOOK = {
    "background": "#ffffff",
    "plot_background": "#ffffff",
    "foreground": INK,
    "foreground_strong": INK,
    "foreground_subtle": "#56636b",
    "guide_stroke_color": LINE,
    "major_guide_stroke_color": LINE,
    "guide_stroke_dasharray": "none",
    "major_guide_stroke_dasharray": "none",
    "opacity": "1",
    "opacity_hover": "1",
    "transition": "0ms",
    "colors": (BRAND, SUN),
    "font_family": FONT,
    "label_font_size": 13,
    "major_label_font_size": 13,
    "value_font_size": 13,
    "legend_font_size": 14,
    "no_data_font_size": 18,
}
# Numbers inside stacked bars: white on the brand green, ink on the sun yellow.
STACKED = Style(**LOOK, value_colors=("#ffffff", INK))
# Numbers just past the end of each bar, where a short or empty bar leaves room for them.
PLAIN = Style(**LOOK, value_colors=(INK, INK))


# Chart widths in px: a whole card, half a row of cards, and a phone (a <picture> source).
WIDE, HALF, NARROW = 720, 460, 360
HEIGHT = 300


def _without_scripts(root):
    """pygal always adds a script (its tooltips' config) and comments naming its website."""
    for parent in list(root.iter()):
        for child in list(parent):
            if callable(child.tag) or str(child.tag).rpartition("}")[2] == "script":
                parent.remove(child)
    return root


def _chart(kind, width: int, height: int = HEIGHT, stacked: bool = False, **options):
    settings = {
        "style": STACKED if stacked else PLAIN,
        "width": width,
        "height": height,
        "explicit_size": True,
        "js": [],
        "disable_xml_declaration": True,
        "legend_at_bottom": True,
        # pygal sizes the bottom legend's box for one row only when columns == series.
        "legend_at_bottom_columns": 2,
        "print_values": True,
        "print_values_position": "center" if stacked else "top",
        "print_zeroes": False,
        "show_x_guides": False,
        "truncate_label": -1,
        "truncate_legend": -1,
        "margin": 16,
        "no_data_text": "Nothing to show yet",
    }
    chart = kind(**(settings | options))
    chart.add_xml_filter(_without_scripts)
    return chart


def _whole_numbers(chart, values) -> None:
    """Counts are whole: no axis label at 0.5 for a week with one post. One step of headroom
    leaves room for the number printed past the end of the longest bar."""
    top = max((v for v in values if v), default=0)
    if top < 8:
        chart.y_labels = list(range(top + 2))


def _weekly(chart, weeks: list[datetime], width: int) -> None:
    chart.x_labels = [week_label(start) for start in weeks]
    if width < WIDE:  # a phone: every third week's label fits
        chart.config.x_labels_major_every = 3
        chart.config.show_minor_x_labels = False


def posts_chart(weeks: list[WeekCount], width: int) -> str:
    chart = _chart(pygal.StackedBar, width, stacked=True, show_legend=True)
    _weekly(chart, [w.start for w in weeks], width)
    chart.add("Help requests", [w.help for w in weeks])
    chart.add("Shout-outs", [w.shoutouts for w in weeks])
    _whole_numbers(chart, [w.help + w.shoutouts for w in weeks])
    return chart.render(is_unicode=True)


def answered_chart(answers: HelpAnswers, width: int) -> str:
    chart = _chart(
        pygal.Bar,
        width,
        show_legend=False,
        range=(0, 100),
        y_labels=[0, 25, 50, 75, 100],
        value_formatter=lambda v: f"{v:.0f}%",
    )
    _weekly(chart, [w.start for w in answers.weeks], width)
    chart.add(
        "Answered within 24 h",
        [None if w.share is None else round(100 * w.share) for w in answers.weeks],
    )
    return chart.render(is_unicode=True)


def helper_chart(answers: HelpAnswers, width: int) -> str:
    chart = _chart(pygal.Bar, width, show_legend=False)
    spread = answers.helper_spread
    chart.x_labels = [label for label, _ in spread]
    chart.add("Help requests", [n for _, n in spread] if answers.helper_times else [])
    _whole_numbers(chart, [n for _, n in spread])
    return chart.render(is_unicode=True)


def queues_chart(queues: list[QueueWait], width: int) -> str:
    def hours(duration: timedelta | None) -> float | None:
        return None if duration is None else duration.total_seconds() / 3600

    chart = _chart(
        pygal.HorizontalBar,
        width,
        show_legend=True,
        print_values=False,  # short bars leave no room: the table has the exact waits
        value_formatter=lambda v: duration_text(timedelta(hours=v)) if v else "0",
        no_data_text="Nothing is waiting",
        # Long queue names leave half the width: one legend entry per row on a phone.
        legend_at_bottom_columns=2 if width >= HALF else 1,
    )
    queues = queues[::-1]  # pygal draws horizontal bars bottom up; the table reads top down
    chart.x_labels = [q.label for q in queues]
    if any(q.count for q in queues):
        chart.add("Median wait", [hours(q.median) for q in queues])
        chart.add("Longest wait", [hours(q.longest) for q in queues])
        chart.y_labels = _hour_ticks(
            max(hours(q.longest) or 0 for q in queues), 3 if width < HALF else 5
        )
    return chart.render(is_unicode=True)


def _hour_ticks(top: float, most: int) -> list[float]:
    """A few ticks on a round step: 10 min, 15 min, 30 min, 1 h ... 1 week."""
    steps = [1 / 6, 1 / 4, 1 / 2, 1, 2, 3, 6, 12, 24, 48, 72, 168]
    step = next((s for s in steps if top / s <= most), steps[-1])
    return [n * step for n in range(int(top // step) + 2)]


def _counts_chart(rows: list[tuple[str, int]], width: int, title: str) -> str:
    chart = _chart(pygal.HorizontalBar, width, height=60 + 40 * len(rows), show_legend=False)
    rows = rows[::-1]  # bottom up, as pygal draws them
    chart.x_labels = [label for label, _ in rows]
    chart.add(title, [n for _, n in rows] if any(n for _, n in rows) else [])
    _whole_numbers(chart, [n for _, n in rows])
    return chart.render(is_unicode=True)


def nudges_chart(nudges: NudgeOutcomes, width: int) -> str:
    return _counts_chart(nudges.rows, width, "Nudges")


def reports_chart(reports: list[tuple[str, int]], width: int) -> str:
    return _counts_chart(reports, width, "Reports")


def celebration_chart(celebration: Celebration, width: int) -> str:
    groups = celebration.groups
    chart = _chart(
        pygal.HorizontalStackedBar,
        width,
        height=100 + 40 * len(groups),
        stacked=True,
        show_legend=True,
    )
    groups = groups[::-1]  # bottom up, as pygal draws them
    chart.x_labels = [g.group for g in groups]
    if groups:
        chart.add("Celebrated", [g.celebrated for g in groups])
        chart.add("Not yet", [len(g.not_yet) for g in groups])
    _whole_numbers(chart, [g.celebrated + len(g.not_yet) for g in groups])
    return chart.render(is_unicode=True)


@dataclass(frozen=True)
class Chart:
    metric: Callable[[Period], Any]  # one statement
    draw: Callable[[Any, int], str]
    width: int  # on a wide screen


CHARTS = {
    "posts": Chart(posts_per_week, posts_chart, WIDE),
    "answered": Chart(help_answers, answered_chart, WIDE),
    "first-helper": Chart(help_answers, helper_chart, HALF),
    "queues": Chart(queue_waits, queues_chart, HALF),
    "nudges": Chart(nudge_outcomes, nudges_chart, HALF),
    "reports": Chart(reports_by_reason, reports_chart, HALF),
    "celebrated": Chart(celebration_this_term, celebration_chart, WIDE),
}


def chart_svg(name: str, span: Period, narrow: bool = False) -> str | None:
    """One chart as SVG (drawn for a phone if `narrow`), or None if there is no such chart."""
    chart = CHARTS.get(name)
    if chart is None:
        return None
    return chart.draw(chart.metric(span), NARROW if narrow else chart.width)
