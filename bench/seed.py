"""Build a realistic board for benchmarks: `python bench/seed.py --posts 100000`.

Two school years of a 2,000-person school: students in year groups and some staff, help requests
(some anonymous) and shout-outs (1-3 recipients), reactions, replies (some marked "This helped"),
in every status. The schema comes from the migrations (flask_migrate.upgrade) on an empty
database; rows go in with SQLAlchemy Core executemany in chunks, not through the ORM.

Every derived column is computed from the generated rows exactly as board/posting.py does it
(reaction counts, reply_count, first_reply_at, resolved_at) and `score` with board.ranking.score.
Bodies are rendered by board.text.render. Rendering (bleach) costs ~0.5 ms a text, so bodies are
drawn from a pool of a few thousand distinct texts per kind, each rendered once; titles are
assembled per post from names and topics and are far more varied.

Default database: bench/bench.sqlite (recreated every run). Any other URL must name an empty
database; a PostgreSQL database that does not exist yet is created. --reset empties a non-empty
one first (drops and recreates the PostgreSQL database, deletes the SQLite file).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from board import create_app, ranking, text  # noqa: E402
from board.display_names import lookalike_key  # noqa: E402
from board.extensions import db  # noqa: E402
from board.models import (  # noqa: E402
    Group,
    JoinCode,
    Notification,
    NotificationKind,
    Post,
    PostKind,
    Reaction,
    ReactionKind,
    Recipient,
    RecipientState,
    Reply,
    Restriction,
    Revision,
    Role,
    Status,
    User,
)

DEFAULT_SQLITE = HERE / "bench.sqlite"
DEFAULT_URL = f"sqlite:///{DEFAULT_SQLITE}"
DEMO_PASSWORD = "bench-kindness-2026"  # printed on purpose: a throwaway benchmark school
SECRET_KEY = "bench-secret-key-not-for-production"
CHUNK = 5000
H = 3600.0
DAY = 86400.0


def database_url(cli_value: str | None) -> str:
    return cli_value or os.environ.get("DATABASE_URL") or DEFAULT_URL


def make_app(url: str, **overrides):
    """The board as the benchmarks run it: production settings, a fixed key, this database."""
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": SECRET_KEY,
            "RATELIMIT_STORAGE_URI": "memory://",
            **overrides,
        }
    )


# ---------------------------------------------------------------------------------------------
# Words


def words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = words(
    """
Amara Ben Chloe Dev Elif Finn Grace Hiro Isla Jay Kofi Lena Mo Nia Omar Priya Quinn Rosa Sam
Tariq Uma Vik Wren Xander Yara Zoe Ali Bea Cal Dina Ella Felix Georgia Harvey Ines Jack Kai
Layla Max Noah Olivia Pablo Ruby Sofia Theo Ugo Violet Will Yusuf Zara Aisha Bilal Cora Daniel
Emily Fatima George Hannah Ibrahim Jasmine Kian Lily Mason Nadia Oscar Poppy Reggie Sana Toby
Ava Archie Evie Freddie Imogen Jude Kacper Leah Maya Nathan Orla Phoebe Rory Seren Tom Anya
Caleb Darcy Eden Flynn Hugo Ivy Joel Keira Luca Mia Nell Otis Pia Rhys Stella Tess Vera Wilf
Zain Adam Beth Ciara Dylan Erin Farah Gabe Holly Isaac Jess Kezia Liam Megan Nico Oli Ravi
"""
)
SURNAMES = words(
    """
Patel Jones Smith Okafor Nowak Khan Williams Brown Taylor Davies Evans Wilson Thomas Roberts
Johnson Lewis Walker Robinson Wood Thompson White Watson Jackson Wright Green Harris Cooper
King Lee Martin Clarke James Morgan Hughes Edwards Hill Moore Clark Harrison Scott Young Morris
Hall Ward Turner Carter Phillips Mitchell Kowalski Singh Begum Ali Hussain Ahmed Chen Wang
Nguyen Silva Costa Murphy Kelly Byrne Ryan OBrien Fraser Campbell Stewart Reid Murray Ross
"""
)
STAFF_TITLES = ["ms", "mr", "mrs", "mx", "dr"]
GROUPS = [f"Year {year} {form}" for year in range(7, 14) for form in ("Oak", "Ash", "Elm")]

SUBJECTS = words(
    """
maths English science history geography French Spanish art music drama computing biology
chemistry physics RE PE German design
"""
)
TOPICS = [
    "adding fractions",
    "simultaneous equations",
    "photosynthesis",
    "the French past tense",
    "quadratic equations",
    "Pythagoras",
    "the causes of World War One",
    "balancing chemical equations",
    "Macbeth act 3",
    "long division",
    "percentages",
    "the water cycle",
    "essay structure",
    "Spanish verbs",
    "electric circuits",
    "plate tectonics",
    "probability trees",
    "persuasive writing",
    "algebraic fractions",
    "the periodic table",
    "respiration",
    "the Norman conquest",
    "coastal erosion",
    "Python loops",
    "photography coursework",
    "poetry analysis",
    "ratio problems",
    "forces and motion",
    "the Cold War",
    "cell division",
    "trigonometry",
    "an Inspector Calls",
    "German cases",
    "volume of a cylinder",
    "standard form",
    "the rock cycle",
]
CLUBS = [
    "chess club",
    "coding club",
    "the school choir",
    "drama club",
    "the debate team",
    "the eco club",
    "netball",
    "football training",
    "the book club",
    "orchestra",
    "the robotics club",
    "art club",
    "the science fair",
    "the school newspaper",
    "basketball",
    "athletics",
    "the photography club",
    "the gardening club",
]
PLACES = ["the library", "the canteen", "the sports hall", "the science block", "the bus stop"]
ITEMS = ["water bottle", "calculator", "PE kit", "pencil case", "library book", "jumper"]
EVENTS = [
    "science fair",
    "school play",
    "football final",
    "maths challenge",
    "spring concert",
    "sports day",
    "art exhibition",
    "debate competition",
    "charity bake sale",
    "poetry slam",
    "cross-country race",
    "coding hackathon",
]
LINKS = [
    "https://www.bbc.co.uk/bitesize",
    "https://www.khanacademy.org/math/fractions",
    "https://www.youngminds.org.uk",
    "https://www.childline.org.uk",
    "https://scratch.mit.edu",
]

HELP_TITLES = {
    "schoolwork": [
        "Stuck on {topic}",
        "Can anyone explain {topic}?",
        "{Subject} homework on {topic} due {day}",
        "How do I revise {topic} for the {subject} test?",
        "Confused about {topic} in {subject}",
        "Help with {topic} please",
    ],
    "friendships": [
        "Feeling left out at lunch",
        "Fell out with my best friend",
        "New in {group} and don't know anyone",
        "How do I make friends in {club}?",
        "My friends keep leaving me out on {day}s",
        "Worried about a friend",
    ],
    "wellbeing": [
        "Stressed about the {subject} exam",
        "Can't sleep before tests",
        "Feeling overwhelmed with {subject}",
        "Nervous about the {event}",
        "Too much homework this week",
        "Feeling low lately",
    ],
    "clubs": [
        "Looking for a partner for {club}",
        "Anyone joining {club} this term?",
        "When does {club} meet?",
        "Need one more person for {club}",
        "Ideas for the {event}?",
    ],
    "other": [
        "Lost my {item} near {place}",
        "Which bus goes past {place}?",
        "Where do I hand in the {subject} form?",
        "Has anyone found a {item}?",
        "How does the {event} sign-up work?",
    ],
}
HELP_SENTENCES = {
    "schoolwork": [
        "I don't get how {topic} works and the test is on {day}.",
        "I've read my notes three times but {topic} still doesn't make sense.",
        "Can someone explain {topic} simply, maybe with an example?",
        "Our {subject} teacher explained it fast and I missed the middle bit.",
        "I keep getting the wrong answer on question 4.",
        "Is there a good video or website for {topic}?",
        "I tried the worksheet but got stuck halfway.",
        "Would anyone be up for revising {subject} together at lunch?",
    ],
    "friendships": [
        "I sit on my own most days and it's getting hard.",
        "We had an argument on {day} and now they won't talk to me.",
        "I just moved here and I don't really know anyone yet.",
        "Everyone already seems to have their groups.",
        "I don't want to make it worse by saying the wrong thing.",
        "Any tips for starting a conversation with new people?",
        "I'd like to join {club} but I'm nervous to go alone.",
    ],
    "wellbeing": [
        "I've been really stressed and can't focus in class.",
        "I lie awake thinking about exams.",
        "There's so much to do and I don't know where to start.",
        "Does anyone have tips for staying calm before a test?",
        "I know it's normal but it feels like a lot right now.",
        "Talking about it here already helps a bit.",
        "How do you all plan your revision so it isn't overwhelming?",
    ],
    "clubs": [
        "I've always wanted to try {club} but never had anyone to go with.",
        "We need one more person for the team before {day}.",
        "No experience needed, we just want to have fun.",
        "Is it on after school or at lunch?",
        "The {event} is coming up and we need ideas.",
    ],
    "other": [
        "I think I left it near {place} on {day}.",
        "It has my name written on it.",
        "I asked at reception but they hadn't seen it.",
        "Sorry if this is the wrong place to ask!",
        "Thanks in advance to anyone who can help.",
    ],
}
SHOUTOUT_TITLES = {
    "academic": [
        "{name} smashed the {event}",
        "Huge congrats to {name} on the {subject} test",
        "{name} explained {topic} better than anyone",
        "Well done {name}!",
    ],
    "arts": [
        "{name} was amazing in the {event}",
        "{name}'s painting in the art exhibition",
        "Bravo {name}!",
        "{name} killed it at the {event}",
    ],
    "sports": [
        "{name} won the {event}!",
        "MVP: {name}",
        "{name} scored the winning goal",
        "So proud of {name} at {club}",
    ],
    "kindness": [
        "Thank you {name} for sitting with me",
        "{name} helped me when I was lost",
        "Shout-out to {name} for being so kind",
        "Thank you {name}!",
    ],
    "community": [
        "{name} organised the {event}",
        "{name} made {club} happen",
        "Thanks {name} for helping at the {event}",
    ],
    "other": ["Shout-out to {name}", "{name} is a legend", "Just want to say thanks, {name}"],
}
SHOUTOUT_SENTENCES = {
    "academic": [
        "They worked so hard on {topic} and it really paid off.",
        "Top marks in {subject} and still found time to help the rest of us.",
        "They explained {topic} to half the class at lunch.",
        "Everyone was blown away at the {event}.",
    ],
    "arts": [
        "The whole hall went quiet, it was incredible.",
        "They practised for weeks and you could tell.",
        "Best performance of the {event} by far.",
        "Their piece is up by {place}, go and see it!",
    ],
    "sports": [
        "What a finish at the {event}!",
        "They never gave up even when we were behind.",
        "Training every morning before school and it showed.",
        "Best team player in {club}.",
    ],
    "kindness": [
        "When I was on my own at lunch they asked me to join them. It made my week.",
        "They helped me find my way on my first day.",
        "They noticed I was upset and stayed with me until I felt better.",
        "They shared their notes when I was off sick.",
    ],
    "community": [
        "They stayed late every day to get the {event} ready.",
        "The {event} raised loads for charity thanks to them.",
        "They started {club} and now it's the best part of the week.",
    ],
    "other": [
        "Just want everyone to know how great they are.",
        "They always make everyone laugh.",
        "This school is better because of them.",
    ],
}
HELP_REPLIES = [
    "Make the bottoms the same first: 4/12 + 3/12 = 7/12!",
    "Drawing it as a diagram helped me a lot.",
    "I had the same problem, {staff} explained it really well at homework club.",
    "Try the videos on {link}, they're short and clear.",
    "You're not alone, I felt the same last year. It gets easier.",
    "Come and sit with us at lunch, we're by {place}.",
    "I'd talk to {staff}, they're really nice about this kind of thing.",
    "We could revise {subject} together on {day} if you want?",
    "Break it into small steps and do one a day.",
    "I found your {item} near {place}, it's at reception now.",
    "{club} meets on {day} after school, just turn up!",
    "Have you tried writing everything down before bed? It helps me sleep.",
    "Same here, following this.",
    "Thank you everyone, this really helped!",
    "Our form did a worksheet on {topic}, I can send it to you.",
]
SHOUTOUT_REPLIES = [
    "So well deserved!",
    "Congrats!! 🎉",
    "They really are the best.",
    "Agree 100%, {name} is amazing.",
    "Was there, can confirm it was incredible.",
    "Go {name}!",
    "This made me smile.",
    "Legend.",
]
HIDDEN_REASONS = [
    "I'd rather not be in this.",
    "It's a bit embarrassing, sorry.",
    "restricted",
    "I don't want my name on the board.",
]
SUSPENSION_REASONS = ["Unkind replies after a warning.", "Posting other people's photos."]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]

HELP_CATEGORY_WEIGHTS = {
    "schoolwork": 45,
    "friendships": 15,
    "wellbeing": 17,
    "clubs": 13,
    "other": 10,
}
SHOUTOUT_CATEGORY_WEIGHTS = {
    "academic": 22,
    "arts": 16,
    "sports": 20,
    "kindness": 24,
    "community": 10,
    "other": 8,
}
POST_STATUS_WEIGHTS = {
    Status.PUBLISHED: 93.5,
    Status.PENDING: 1.5,
    Status.REJECTED: 1.5,
    Status.HIDDEN: 1.5,
    Status.REMOVED: 2.0,
}
REPLY_STATUS_WEIGHTS = {
    Status.PUBLISHED: 95,
    Status.PENDING: 2,
    Status.REJECTED: 1,
    Status.HIDDEN: 1,
    Status.REMOVED: 1,
}
REACTION_KIND_WEIGHTS = {
    PostKind.SHOUTOUT: {"celebrate": 45, "inspired": 25, "support": 25, "me_too": 5},
    PostKind.HELP: {"support": 55, "me_too": 35, "inspired": 5, "celebrate": 5},
}
RECIPIENT_COUNT_WEIGHTS = {1: 70, 2: 20, 3: 10}
EVER_SHOWN = (Status.PUBLISHED, Status.HIDDEN, Status.REMOVED)


# ---------------------------------------------------------------------------------------------
# In-memory rows


@dataclass(slots=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: Role
    group_id: int | None
    created_at: datetime
    safeguarding: bool = False
    must_change_password: bool = False
    suspended_until: datetime | None = None
    shoutouts_need_ok: bool = False

    @property
    def is_student(self) -> bool:
        return self.role == Role.STUDENT


@dataclass(slots=True)
class PostRow:
    id: int
    kind: PostKind
    author_id: int
    title: str
    body: str
    category: str
    anonymous: bool
    status: Status
    created_at: datetime
    edited_at: datetime | None = None
    deleted_at: datetime | None = None
    resolved_at: datetime | None = None
    first_reply_at: datetime | None = None
    staff_alerted_at: datetime | None = None
    counts: Counter = field(default_factory=Counter)
    reply_count: int = 0
    helped: int = 0
    public: bool = True  # no recipient holds it back
    people: list = field(default_factory=list)  # a shout-out's recipients (UserRow)


@dataclass(slots=True)
class ReplyRow:
    post: PostRow
    author_id: int
    body: str
    status: Status
    created_at: datetime
    deleted_at: datetime | None = None
    helped_at: datetime | None = None
    id: int = 0

    @property
    def visible(self) -> bool:
        return self.status == Status.PUBLISHED and self.deleted_at is None


class Slots(dict):
    """Values for the {placeholders} of one text, drawn when first used, then kept: a body's
    sentences share one topic, one club, one day."""

    CHOICES = {
        "topic": TOPICS,
        "subject": SUBJECTS,
        "club": CLUBS,
        "place": PLACES,
        "item": ITEMS,
        "event": EVENTS,
        "day": DAYS,
        "group": GROUPS,
        "link": LINKS,
    }

    def __init__(self, generator: Generator):
        super().__init__()
        self.generator = generator

    def __missing__(self, key: str) -> str:
        rng = self.generator.rng
        if key == "Subject":
            value = self["subject"][:1].upper() + self["subject"][1:]
        elif key == "staff":
            value = self.generator.staff_name()
        else:
            value = rng.choice(self.CHOICES[key])
        self[key] = value
        return value


class Generator:
    def __init__(self, posts: int, users: int, reactions: int, replies: int, seed: int):
        self.rng = random.Random(seed)
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.start = self.now - timedelta(days=730)
        self.n_posts, self.n_users = posts, users
        self.n_reactions, self.n_replies = reactions, replies
        self.rendered: dict[str, str] = {}
        self._cumulative: dict[int, tuple[list, list[float]]] = {}
        self.users: list[UserRow] = []
        self.posts: list[PostRow] = []
        self.recipients: list[dict] = []
        self.reactions: list[tuple] = []
        self.replies: list[ReplyRow] = []

    # -- helpers ------------------------------------------------------------------------------

    def pick(self, weights: dict):
        """A key of `weights`, chosen in proportion to its value."""
        key = id(weights)
        if key not in self._cumulative:
            self._cumulative[key] = (list(weights), list(accumulate(weights.values())))
        keys, cumulative = self._cumulative[key]
        return keys[bisect_right(cumulative, self.rng.random() * cumulative[-1])]

    def after(self, moment: datetime, mean_hours: float) -> datetime:
        """A moment after `moment`, exponentially distributed, never in the future."""
        room = (self.now - moment).total_seconds()
        delay = self.rng.expovariate(1 / (mean_hours * H))
        if delay >= room:
            delay = self.rng.uniform(0, max(room, 1.0))
        return moment + timedelta(seconds=delay)

    def fill(self, template: str, values: Slots | None = None, **extra) -> str:
        values = values if values is not None else self.slot_values()
        values.update(extra)
        return template.format_map(values)

    def slot_values(self) -> Slots:
        return Slots(self)

    def staff_name(self) -> str:
        return f"{self.rng.choice(['Ms', 'Mr', 'Mrs', 'Dr'])} {self.rng.choice(SURNAMES)}"

    def body_pool(self, sentences: list[str], size: int, mentions: list[str]) -> list[str]:
        """`size` distinct bodies of 1-4 sentences, some in two paragraphs, some with a link or
        an @mention."""
        rng = self.rng
        pool: set[str] = set()
        attempts = 0
        while len(pool) < size and attempts < size * 20:
            attempts += 1
            chosen = rng.sample(sentences, min(len(sentences), rng.randint(1, 4)))
            values = self.slot_values()  # one topic, club, day... per body
            parts = [self.fill(s, values) for s in chosen]
            if len(parts) > 2 and rng.random() < 0.4:
                body = " ".join(parts[:2]) + "\n\n" + " ".join(parts[2:])
            else:
                body = " ".join(parts)
            if rng.random() < 0.06:
                body += f" There's more at {rng.choice(LINKS)}"
            if rng.random() < 0.08 and mentions:
                body += f" Thanks @{rng.choice(mentions)}!"
            pool.add(body)
        return sorted(pool)

    def render_all(self, bodies) -> None:
        """Render as posting._render does: @mentions of existing accounts become links."""
        known = {u.username.lower() for u in self.users}
        for body in bodies:
            if body not in self.rendered:
                mentioned = text.mentioned_usernames(body) & known
                self.rendered[body] = str(text.render(body, mentioned))

    # -- people -------------------------------------------------------------------------------

    def make_users(self) -> None:
        rng = self.rng
        n_staff = max(3, round(self.n_users * 0.055))
        n_admin = max(1, round(self.n_users * 0.003))
        n_students = self.n_users - n_staff - n_admin
        taken: set[str] = set()

        def unique(base: str) -> str:
            name, n = base, 1
            while name in taken:
                n += 1
                name = f"{base}{n}"
            taken.add(name)
            return name

        user_id = 0
        for index in range(n_students):
            user_id += 1
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            username = unique(f"{first.lower()}.{last[0].lower()}")
            group = index % len(GROUPS) + 1
            regular = index == 0  # the benchmark's student: an ordinary, active account
            self.users.append(
                UserRow(
                    id=user_id,
                    username=username,
                    display_name=f"{first} {last[0]}.",
                    role=Role.STUDENT,
                    group_id=group,
                    created_at=self.start - timedelta(days=rng.uniform(0, 60)),
                    must_change_password=not regular and rng.random() < 0.02,
                    suspended_until=(
                        self.now + timedelta(days=rng.randint(1, 14))
                        if not regular and rng.random() < 0.004
                        else None
                    ),
                    shoutouts_need_ok=not regular and rng.random() < 0.06,
                )
            )
        for index in range(n_staff + n_admin):
            user_id += 1
            title, last = rng.choice(STAFF_TITLES), rng.choice(SURNAMES)
            self.users.append(
                UserRow(
                    id=user_id,
                    username=unique(f"{title}.{last.lower()}"),
                    display_name=f"{title.capitalize()} {last}",
                    role=Role.ADMIN if index >= n_staff else Role.STAFF,
                    group_id=None,
                    created_at=self.start - timedelta(days=rng.uniform(0, 200)),
                    safeguarding=rng.random() < 0.05,
                )
            )
        self.students = [u for u in self.users if u.role == Role.STUDENT]
        self.staff = [u for u in self.users if u.role != Role.STUDENT]
        # Some people post, react and reply far more than others.
        activity = [rng.lognormvariate(0, 1.0) for _ in self.users]
        self.active_cum = list(accumulate(activity))
        student_activity = [a for a, u in zip(activity, self.users, strict=True) if u.is_student]
        self.student_cum = list(accumulate(student_activity))

    def some_user(self) -> UserRow:
        index = bisect_right(self.active_cum, self.rng.random() * self.active_cum[-1])
        return self.users[min(index, len(self.users) - 1)]

    def some_student(self) -> UserRow:
        index = bisect_right(self.student_cum, self.rng.random() * self.student_cum[-1])
        return self.students[min(index, len(self.students) - 1)]

    # -- posts --------------------------------------------------------------------------------

    def moments(self, n: int) -> list[datetime]:
        """Post times over two school years: school days, busy lunchtimes and evenings, quiet
        holidays, and a board that grows as more of the school uses it."""
        rng = self.rng
        days, weights = [], []
        total_days = (self.now - self.start).days + 1
        for offset in range(total_days):
            day = (self.start + timedelta(days=offset)).date()
            weight = 1.0 if day.weekday() < 5 else 0.2
            md = (day.month, day.day)
            if (7, 22) <= md <= (8, 31):
                weight = 0.03
            elif md >= (12, 20) or md <= (1, 4):
                weight = 0.08
            elif (4, 1) <= md <= (4, 14):
                weight = 0.1
            elif (10, 26) <= md <= (11, 1) or (2, 16) <= md <= (2, 20):
                weight = 0.2
            days.append(offset)
            weights.append(weight * (0.6 + 0.8 * offset / total_days))
        hour_weights = [0.05] * 7 + [0.5, 0.6, 0.5, 0.6, 0.7, 1.6, 1.2, 0.6, 0.9]
        hour_weights += [1.4, 1.3, 1.2, 1.4, 1.5, 1.3, 0.7, 0.2]
        chosen_days = rng.choices(days, weights=weights, k=n)
        chosen_hours = rng.choices(range(24), weights=hour_weights, k=n)
        base = datetime(self.start.year, self.start.month, self.start.day, tzinfo=UTC)
        result = []
        for day, hour in zip(chosen_days, chosen_hours, strict=True):
            moment = base + timedelta(days=day, hours=hour, seconds=rng.uniform(0, H))
            if moment >= self.now:
                moment = self.now - timedelta(seconds=rng.uniform(60, 6 * H))
            result.append(moment)
        result.sort()
        return result

    def make_posts(self) -> None:
        rng = self.rng
        mentions = [u.username for u in rng.sample(self.students, min(200, len(self.students)))]
        per_category = max(20, min(600, self.n_posts // 40))
        help_bodies = {
            c: self.body_pool(HELP_SENTENCES[c], per_category, mentions) for c in HELP_SENTENCES
        }
        shout_bodies = {
            c: self.body_pool(SHOUTOUT_SENTENCES[c], per_category, mentions)
            for c in SHOUTOUT_SENTENCES
        }
        for pool in (*help_bodies.values(), *shout_bodies.values()):
            self.render_all(pool)
        for post_id, created in enumerate(self.moments(self.n_posts), start=1):
            shoutout = rng.random() < 0.45
            kind = PostKind.SHOUTOUT if shoutout else PostKind.HELP
            staff_author = rng.random() < (0.07 if shoutout else 0.01)
            author = rng.choice(self.staff) if staff_author else self.some_student()
            status = self.pick(POST_STATUS_WEIGHTS)
            if status == Status.PENDING and (self.now - created).days > 20:
                status = Status.PUBLISHED  # staff review the queue within days
            people: list[UserRow] = []
            if shoutout:
                count = self.pick(RECIPIENT_COUNT_WEIGHTS)
                while len(people) < count:
                    person = self.some_student()
                    if person.id != author.id and person not in people:
                        people.append(person)
                names = [p.display_name.split()[0] for p in people]
                name = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
                category = self.pick(SHOUTOUT_CATEGORY_WEIGHTS)
                title = self.fill(rng.choice(SHOUTOUT_TITLES[category]), name=name)
                body = rng.choice(shout_bodies[category])
            else:
                category = self.pick(HELP_CATEGORY_WEIGHTS)
                title = self.fill(rng.choice(HELP_TITLES[category]))
                body = rng.choice(help_bodies[category])
            post = PostRow(
                id=post_id,
                kind=kind,
                author_id=author.id,
                title=title[:120],
                body=body,
                category=category,
                anonymous=not shoutout and author.is_student and rng.random() < 0.18,
                status=status,
                created_at=created,
                people=people,
            )
            if rng.random() < 0.02:
                post.edited_at = self.after(created, 2)
            if rng.random() < 0.01:
                post.deleted_at = self.after(created, 48)
            self.posts.append(post)

    def make_recipients(self) -> None:
        rng = self.rng
        for post in self.posts:
            for person in post.people:
                state, reason, decided = RecipientState.APPROVED, None, None
                if person.shoutouts_need_ok:
                    roll = rng.random()
                    if roll < 0.15 or (self.now - post.created_at).days < 2 and roll < 0.6:
                        state = RecipientState.WAITING
                    else:
                        decided = self.after(post.created_at, 12)
                        if roll > 0.9:
                            state, reason = RecipientState.HIDDEN, rng.choice(HIDDEN_REASONS)
                elif rng.random() < 0.025:
                    state, reason = RecipientState.HIDDEN, rng.choice(HIDDEN_REASONS)
                    decided = self.after(post.created_at, 6)
                if state != RecipientState.APPROVED:
                    post.public = False
                self.recipients.append(
                    {
                        "post_id": post.id,
                        "user_id": person.id,
                        "state": state,
                        "hidden_reason": reason,
                        "decided_at": decided,
                    }
                )

    # -- reactions and replies ----------------------------------------------------------------

    def spread(self, total: int, posts: list[PostRow], weight) -> Counter:
        """Share `total` out over posts, in proportion to a heavy-tailed weight (a few posts
        get hundreds, most a handful)."""
        if not posts:
            return Counter()
        weights = [weight(p) * self.rng.lognormvariate(0, 1.1) for p in posts]
        return Counter(self.rng.choices(range(len(posts)), weights=weights, k=total))

    def make_reactions(self) -> None:
        rng = self.rng
        shown = [p for p in self.posts if p.status in EVER_SHOWN]
        share = self.spread(
            self.n_reactions,
            shown,
            lambda p: (1.6 if p.kind == PostKind.SHOUTOUT else 0.6) * (1 if p.public else 0.2),
        )
        kinds = {
            kind: ([ReactionKind(k) for k in w], list(accumulate(w.values())))
            for kind, w in REACTION_KIND_WEIGHTS.items()
        }
        capacity = len(self.users) * len(ReactionKind)
        for index, wanted in share.items():
            post = shown[index]
            options, cum = kinds[post.kind]
            wanted = min(wanted, capacity // 2)
            seen: set[tuple[int, ReactionKind]] = set()
            while len(seen) < wanted:
                user = self.some_user()
                if user.id == post.author_id:
                    continue
                kind = options[bisect_right(cum, rng.random() * cum[-1])]
                if (user.id, kind) in seen:
                    continue
                seen.add((user.id, kind))
                post.counts[kind] += 1
                self.reactions.append((self.after(post.created_at, 10), post.id, user.id, kind))
        self.reactions.sort()

    def make_replies(self) -> None:
        rng = self.rng
        mentions = [u.display_name.split()[0] for u in rng.sample(self.students, 50)]
        size = max(30, min(2500, self.n_replies // 50))
        help_pool = self.body_pool(HELP_REPLIES, size, [])
        shout_pool = sorted(
            {
                self.fill(rng.choice(SHOUTOUT_REPLIES), name=rng.choice(mentions))
                for _ in range(size)
            }
        )
        self.render_all(help_pool)
        self.render_all(shout_pool)
        shown = [p for p in self.posts if p.status in EVER_SHOWN]
        share = self.spread(
            self.n_replies, shown, lambda p: 2.5 if p.kind == PostKind.HELP else 0.4
        )
        by_post: dict[int, list[ReplyRow]] = {}
        for index, count in share.items():
            post = shown[index]
            rows = []
            for _ in range(count):
                own = post.kind == PostKind.HELP and rng.random() < 0.15
                if own:
                    author_id = post.author_id
                elif rng.random() < 0.1:
                    author_id = rng.choice(self.staff).id
                else:
                    author_id = self.some_user().id
                    if author_id == post.author_id:
                        author_id = self.some_student().id
                pool = help_pool if post.kind == PostKind.HELP else shout_pool
                reply = ReplyRow(
                    post=post,
                    author_id=author_id,
                    body=rng.choice(pool),
                    status=self.pick(REPLY_STATUS_WEIGHTS),
                    created_at=self.after(post.created_at, 8),
                )
                if rng.random() < 0.02:
                    reply.deleted_at = self.after(reply.created_at, 24)
                rows.append(reply)
            by_post[post.id] = rows
            self.replies.extend(rows)
        for post in self.posts:
            self.settle(post, by_post.get(post.id, []))
        self.replies.sort(key=lambda r: r.created_at)
        for reply_id, reply in enumerate(self.replies, start=1):
            reply.id = reply_id

    def settle(self, post: PostRow, replies: list[ReplyRow]) -> None:
        """Mark helpful replies, resolve, and derive the counts as posting.py does."""
        rng = self.rng
        visible = [r for r in replies if self.seen_by_all(post, r)]
        helpers = sorted(
            (r for r in visible if r.author_id != post.author_id), key=lambda r: r.created_at
        )
        if post.kind == PostKind.HELP:
            if helpers and rng.random() < 0.55:
                chosen = [helpers[0] if rng.random() < 0.6 else rng.choice(helpers)]
                if len(helpers) > 1 and rng.random() < 0.05:
                    chosen.append(rng.choice([h for h in helpers if h is not chosen[0]]))
                for reply in chosen:
                    reply.helped_at = self.after(reply.created_at, 20)
                post.resolved_at = min(r.helped_at for r in chosen)
            elif rng.random() < 0.08:
                post.resolved_at = self.after(post.created_at, 72)
        post.reply_count = len(visible)
        post.first_reply_at = helpers[0].created_at if helpers else None
        post.helped = sum(1 for r in replies if r.helped_at and r.deleted_at is None)
        waited = timedelta(days=1)
        if (
            post.kind == PostKind.HELP
            and post.status == Status.PUBLISHED
            and post.created_at < self.now - waited
            and (post.first_reply_at is None or post.first_reply_at > post.created_at + waited)
            and (post.resolved_at is None or post.resolved_at > post.created_at + waited)
        ):
            post.staff_alerted_at = post.created_at + waited + timedelta(minutes=rng.randint(1, 59))

    def seen_by_all(self, post: PostRow, reply: ReplyRow) -> bool:
        return reply.visible and (post.author_id, reply.author_id) not in self.restrictions

    def score(self, post: PostRow) -> float:
        return ranking.score(
            post.created_at,
            post.kind,
            sum(post.counts.values()),
            post.helped,
            post.first_reply_at is not None,
            post.resolved_at is not None,
        )

    def generate(self) -> None:
        self.make_users()
        self.make_posts()
        self.make_recipients()
        self.make_reactions()
        self.make_restrictions()
        self.make_replies()

    def make_restrictions(self) -> None:
        """(user, restricted) pairs: a restricted classmate's replies are seen only by their
        writer and staff, so they don't count as replies on the user's posts."""
        self.restrictions: set[tuple[int, int]] = set()
        target = max(5, len(self.students) // 6)
        while len(self.restrictions) < target:
            a, b = self.rng.sample(self.students, 2)
            self.restrictions.add((a.id, b.id))

    # -- rows for the tables ------------------------------------------------------------------

    def group_rows(self):
        for index, name in enumerate(GROUPS, start=1):
            yield {"id": index, "name": name, "created_at": self.start - timedelta(days=90)}

    def user_rows(self, password_hash: str):
        for u in self.users:
            yield {
                "id": u.id,
                "username": u.username,
                "username_key": u.username.lower(),
                "display_name": u.display_name,
                "display_name_key": lookalike_key(u.display_name),
                "password_hash": password_hash,
                "role": u.role,
                "is_safeguarding_lead": u.safeguarding,
                "group_id": u.group_id,
                "must_change_password": u.must_change_password,
                "suspended_until": u.suspended_until,
                "suspension_reason": (
                    self.rng.choice(SUSPENSION_REASONS) if u.suspended_until else None
                ),
                "shoutouts_need_ok": u.shoutouts_need_ok,
                "created_at": u.created_at,
            }

    def post_rows(self):
        for p in self.posts:
            yield {
                "id": p.id,
                "kind": p.kind,
                "author_id": p.author_id,
                "title": p.title,
                "body": p.body,
                "body_html": self.rendered[p.body],
                "category": p.category,
                "anonymous": p.anonymous,
                "status": p.status,
                "created_at": p.created_at,
                "edited_at": p.edited_at,
                "deleted_at": p.deleted_at,
                "resolved_at": p.resolved_at,
                "first_reply_at": p.first_reply_at,
                "staff_alerted_at": p.staff_alerted_at,
                "support_count": p.counts[ReactionKind.SUPPORT],
                "celebrate_count": p.counts[ReactionKind.CELEBRATE],
                "me_too_count": p.counts[ReactionKind.ME_TOO],
                "inspired_count": p.counts[ReactionKind.INSPIRED],
                "reply_count": p.reply_count,
                "score": self.score(p),
            }

    def recipient_rows(self):
        for index, row in enumerate(self.recipients, start=1):
            yield {"id": index, **row}

    def reaction_rows(self):
        for index, (created, post_id, user_id, kind) in enumerate(self.reactions, start=1):
            yield {
                "id": index,
                "post_id": post_id,
                "user_id": user_id,
                "kind": kind,
                "created_at": created,
            }

    def reply_rows(self):
        for r in self.replies:
            yield {
                "id": r.id,
                "post_id": r.post.id,
                "author_id": r.author_id,
                "body": r.body,
                "body_html": self.rendered[r.body],
                "status": r.status,
                "created_at": r.created_at,
                "deleted_at": r.deleted_at,
                "helped_at": r.helped_at,
            }

    def notification_rows(self):
        """What the board would have sent: replies, "This helped" and shout-outs. Older ones
        are mostly read."""
        rng = self.rng
        events = []
        for r in self.replies:
            post = r.post
            if self.seen_by_all(post, r) and r.author_id != post.author_id:
                events.append(
                    (r.created_at, post.author_id, NotificationKind.REPLY, post, r, r.author_id)
                )
            if r.helped_at:
                actor = None if post.anonymous else post.author_id
                events.append((r.helped_at, r.author_id, NotificationKind.HELPED, post, r, actor))
        by_id = {p.id: p for p in self.posts}
        for row in self.recipients:
            post = by_id[row["post_id"]]
            if post.status != Status.PUBLISHED or row["state"] == RecipientState.HIDDEN:
                continue
            kind = (
                NotificationKind.SHOUTOUT_WAITING
                if row["state"] == RecipientState.WAITING
                else NotificationKind.SHOUTOUT
            )
            events.append((post.created_at, row["user_id"], kind, post, None, post.author_id))
        events.sort(key=lambda e: e[0])
        for index, (created, user_id, kind, post, reply, actor) in enumerate(events, start=1):
            age = (self.now - created).total_seconds()
            read = age > 3 * DAY and rng.random() < 0.95 or age > DAY and rng.random() < 0.5
            yield {
                "id": index,
                "user_id": user_id,
                "kind": kind,
                "post_id": post.id,
                "reply_id": reply.id if reply else None,
                "actor_id": actor,
                "detail": None,
                "created_at": created,
                "read_at": self.after(created, 10) if read else None,
            }

    def join_code_rows(self):
        admin = next(u for u in self.users if u.role == Role.ADMIN)
        for group_id in range(1, len(GROUPS) + 1):
            yield {
                "id": group_id,
                "code": f"BENCH{group_id:04d}",
                "group_id": group_id,
                "created_by_id": admin.id,
                "created_at": self.now - timedelta(days=30),
                "uses": self.rng.randint(0, 90),
            }

    def restriction_rows(self):
        for index, (user_id, restricted_id) in enumerate(sorted(self.restrictions), start=1):
            yield {
                "id": index,
                "user_id": user_id,
                "restricted_id": restricted_id,
                "created_at": self.start + timedelta(days=self.rng.uniform(0, 700)),
            }

    def revision_rows(self):
        index = 0
        for p in self.posts:
            if p.edited_at:
                index += 1
                yield {
                    "id": index,
                    "post_id": p.id,
                    "title": p.title.rstrip("!?.") + " (first draft)",
                    "body": p.body,
                    "category": p.category,
                    "created_at": p.edited_at,
                }


# ---------------------------------------------------------------------------------------------
# Database


def prepare_database(url: str, reset: bool) -> None:
    """Make sure `url` names an empty database, creating (PostgreSQL) or deleting (SQLite) as
    allowed."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        if not parsed.database or parsed.database == ":memory:":
            return
        if path.exists() and (reset or path.resolve() == DEFAULT_SQLITE):
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        elif path.exists():
            sys.exit(f"{path} exists: pass --reset to replace it.")
        return
    name = parsed.database
    admin = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists and reset:
            conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            exists = False
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        tables = sa.inspect(conn).get_table_names()
    engine.dispose()
    if tables:
        sys.exit(f"{name} is not empty ({len(tables)} tables): pass --reset to recreate it.")


def drop_database(url: str) -> None:
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(parsed.database) + suffix).unlink(missing_ok=True)
        return
    admin = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()


def insert(conn, table: sa.Table, rows) -> int:
    statement = table.insert()
    chunk: list[dict] = []
    count = 0
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            conn.execute(statement, chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        conn.execute(statement, chunk)
        count += len(chunk)
    return count


def copy(conn, table: sa.Table, rows) -> int:
    """PostgreSQL: COPY FROM STDIN, several times faster than INSERT for a million rows. A column
    a row leaves out gets its Python-side default, as an INSERT through SQLAlchemy would."""
    columns = list(table.columns)
    defaults = {}
    for column in columns:
        default = column.default
        if default is not None and default.is_scalar:
            defaults[column.name] = lambda value=default.arg: value
        elif default is not None and default.is_callable:
            defaults[column.name] = lambda fn=default.arg: fn(None)
        else:
            defaults[column.name] = lambda: None
    names = ", ".join(f'"{column.name}"' for column in columns)
    count = 0
    cursor = conn.connection.dbapi_connection.cursor()
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as out:
        for row in rows:
            out.write_row(
                [
                    row[column.name] if column.name in row else defaults[column.name]()
                    for column in columns
                ]
            )
            count += 1
    return count


def build(
    url: str,
    posts: int = 100_000,
    users: int = 2000,
    reactions: int | None = None,
    replies: int | None = None,
    seed: int = 2026,
    reset: bool = False,
    quiet: bool = False,
) -> list[tuple[str, int, float, float]]:
    """Create the schema and the board; returns (step, rows, seconds, CPU seconds of this
    process) for the summary. The database's own work shows in seconds only on PostgreSQL."""
    from flask_migrate import upgrade
    from werkzeug.security import generate_password_hash

    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    reactions = 5 * posts if reactions is None else reactions
    replies = posts * 3 // 2 if replies is None else replies
    summary: list[tuple[str, int, float, float]] = []
    started, started_cpu = time.perf_counter(), time.process_time()
    cpu = [started_cpu]

    def step(name: str, rows: int, since: float) -> None:
        now_cpu = time.process_time()
        summary.append((name, rows, time.perf_counter() - since, now_cpu - cpu[0]))
        cpu[0] = now_cpu

    prepare_database(url, reset)
    app = make_app(url)
    with app.app_context():
        t = time.perf_counter()
        import logging

        logging.disable(logging.INFO)
        upgrade()
        logging.disable(logging.NOTSET)
        step("schema (flask db upgrade)", 0, t)

        t = time.perf_counter()
        gen = Generator(posts, users, reactions, replies, seed)
        gen.generate()
        password_hash = generate_password_hash(DEMO_PASSWORD)
        step(f"generate + render {len(gen.rendered)} bodies", 0, t)
        say(f"generated in {summary[-1][2]:.1f}s; inserting")

        engine = db.engine
        sqlite = engine.dialect.name == "sqlite"
        tables = [
            (Group, gen.group_rows()),
            (User, gen.user_rows(password_hash)),
            (Post, gen.post_rows()),
            (Recipient, gen.recipient_rows()),
            (Reaction, gen.reaction_rows()),
            (Reply, gen.reply_rows()),
            (Notification, gen.notification_rows()),
            (JoinCode, gen.join_code_rows()),
            (Restriction, gen.restriction_rows()),
            (Revision, gen.revision_rows()),
        ]
        with engine.begin() as conn:
            if not sqlite:
                # Foreign-key triggers off while loading generated rows whose ids are all valid
                # (verify() checks the loaded board afterwards): a third of the database's time.
                conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
            if sqlite:
                conn.exec_driver_sql("PRAGMA synchronous=OFF")
                conn.exec_driver_sql("PRAGMA cache_size=-262144")
                conn.exec_driver_sql("PRAGMA temp_store=MEMORY")
            for model, rows in tables:
                t = time.perf_counter()
                count = (insert if sqlite else copy)(conn, model.__table__, rows)
                step(model.__tablename__, count, t)
                say(f"  {model.__tablename__:<14} {count:>8} rows {summary[-1][2]:6.1f}s")
            if not sqlite:
                for model, _ in tables:
                    name = model.__tablename__
                    conn.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                        f'COALESCE((SELECT max(id) FROM "{name}"), 0) + 1, false)'
                    )

        t = time.perf_counter()
        if sqlite:
            with engine.begin() as conn:
                fts = conn.scalar(sa.text("SELECT count(*) FROM post_fts"))
                if fts != posts:  # the insert trigger fills it; rebuild if it ever did not
                    conn.exec_driver_sql("INSERT INTO post_fts(post_fts) VALUES('rebuild')")
                conn.exec_driver_sql("INSERT INTO post_fts(post_fts) VALUES('optimize')")
                conn.exec_driver_sql("ANALYZE")
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            step("FTS optimize + ANALYZE", 0, t)
        else:
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
            step("VACUUM ANALYZE", 0, t)
        engine.dispose()
    total_rows = sum(row[1] for row in summary)
    elapsed = time.perf_counter() - started
    summary.append(("total", total_rows, elapsed, time.process_time() - started_cpu))
    return summary


def verify(url: str) -> list[str]:
    """Check, from the rows in the database, that every derived column of every post is what
    posting.py would have computed, and that every foreign key holds. Returns the problems
    found (none expected)."""
    engine = sa.create_engine(url)
    post, reaction, reply = Post.__table__, Reaction.__table__, Reply.__table__
    problems: list[str] = []
    with engine.connect() as conn:
        reactions: dict[int, Counter] = {}
        for post_id, kind, count in conn.execute(
            sa.select(reaction.c.post_id, reaction.c.kind, sa.func.count()).group_by(
                reaction.c.post_id, reaction.c.kind
            )
        ):
            reactions.setdefault(post_id, Counter())[ReactionKind(kind)] = count
        # The replies that count, by ranking's own condition (which the app recounts with).
        joined = reply.join(post, post.c.id == reply.c.post_id)
        counted = sa.select(reply.c.post_id).select_from(joined).where(ranking.replies_that_count())
        counts = dict(
            conn.execute(counted.add_columns(sa.func.count()).group_by(reply.c.post_id)).all()
        )
        first = dict(
            conn.execute(
                counted.add_columns(sa.func.min(reply.c.created_at))
                .where(reply.c.author_id != post.c.author_id)
                .group_by(reply.c.post_id)
            ).all()
        )
        helped_rows = conn.execute(
            sa.select(reply.c.post_id, sa.func.count(), sa.func.min(reply.c.helped_at))
            .select_from(joined)
            .where(ranking.helpful())
            .group_by(reply.c.post_id)
        ).all()
        helped = {post_id: (count, at) for post_id, count, at in helped_rows}
        for row in conn.execute(sa.select(post)):
            mine = reactions.get(row.id, Counter())
            expected = {
                "support_count": mine[ReactionKind.SUPPORT],
                "celebrate_count": mine[ReactionKind.CELEBRATE],
                "me_too_count": mine[ReactionKind.ME_TOO],
                "inspired_count": mine[ReactionKind.INSPIRED],
                "reply_count": counts.get(row.id, 0),
                "first_reply_at": first.get(row.id),
            }
            for column, value in expected.items():
                if getattr(row, column) != value:
                    problems.append(f"post {row.id}: {column} {getattr(row, column)} != {value}")
            n_helped, first_helped = helped.get(row.id, (0, None))
            if first_helped and (row.resolved_at is None or row.resolved_at > first_helped):
                problems.append(f"post {row.id}: helped at {first_helped}, resolved_at wrong")
            score = ranking.score(
                row.created_at,
                PostKind(row.kind),
                sum(mine.values()),
                n_helped,
                row.first_reply_at is not None,
                row.resolved_at is not None,
            )
            if abs(score - row.score) > 1e-9:
                problems.append(f"post {row.id}: score {row.score} != {score}")
        # Every foreign key points at a row (PostgreSQL loads with its FK triggers off).
        for table in db.metadata.sorted_tables:
            for fk in table.foreign_keys:
                parent = fk.column
                orphans = conn.scalar(
                    sa.select(sa.func.count())
                    .select_from(table.outerjoin(parent.table, fk.parent == parent))
                    .where(fk.parent.is_not(None), parent.is_(None))
                )
                if orphans:
                    problems.append(f"{table.name}.{fk.parent.name}: {orphans} point at no row")
    engine.dispose()
    return problems


def bench_login(url: str) -> str:
    """The student the benchmarks log in as: the first ordinary student account."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        name = conn.scalar(
            sa.text(
                "SELECT username FROM \"user\" WHERE role = 'student' "
                "AND NOT must_change_password AND suspended_until IS NULL ORDER BY id LIMIT 1"
            )
        )
    engine.dispose()
    return name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--reactions", type=int, help="default: 5 per post")
    parser.add_argument("--replies", type=int, help="default: 1.5 per post")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (same board)")
    parser.add_argument("--database-url", help=f"default: DATABASE_URL or {DEFAULT_URL}")
    parser.add_argument("--reset", action="store_true", help="replace a non-empty database")
    parser.add_argument("--drop", action="store_true", help="drop the database and exit")
    parser.add_argument("--print-login", action="store_true", help="print the bench username")
    args = parser.parse_args()
    url = database_url(args.database_url)
    if args.drop:
        drop_database(url)
        print(f"dropped {sa.engine.make_url(url).render_as_string()}")
        return
    if args.print_login:
        print(bench_login(url))
        return
    summary = build(
        url, args.posts, args.users, args.reactions, args.replies, args.seed, args.reset
    )
    print()
    print(f"{'table / step':<34} {'rows':>9} {'seconds':>8} {'cpu s':>7}")
    print("-" * 61)
    for name, rows, seconds, cpu in summary:
        print(f"{name:<34} {rows or '':>9} {seconds:8.1f} {cpu:7.1f}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"(load average {load} on {os.cpu_count()} CPUs: seconds >> cpu s means a busy machine)")
    t = time.perf_counter()
    problems = verify(url)
    print(
        f"Derived columns and foreign keys checked in {time.perf_counter() - t:.1f}s: "
        + (f"{len(problems)} PROBLEMS, e.g. {problems[:3]}" if problems else "all consistent")
    )
    print(f"Database: {sa.engine.make_url(url).render_as_string()}")
    print(f"Every account's password: {DEMO_PASSWORD}")
    print(f"Benchmark student: {bench_login(url)}")
    if summary[-1][2] > 120:
        print("Note: seeding took over two minutes.")


if __name__ == "__main__":
    main()
