"""A term of activity for the demo school (`flask --app board seed-demo`): about three hundred
help requests and shout-outs over twelve weeks, with reactions, replies and requests marked
"This helped", so that the board, the hall of fame and the insights have something to show on
first run.

Written straight into the tables (a post through posting.create_post costs a screening and a
commit each, and cannot be dated back), then every derived number (reaction and reply counts,
first reply, resolution, feed score) is computed from those rows exactly as posting and
ranking compute it, so `rebuild-scores` finds nothing to change. Every text here passes the
screener clean (tests/test_demo.py reads them all through it): nothing a screener would hold
or alert on is inserted behind its back. Seeded, so every demo school is the same.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import select

from . import ranking, text
from .extensions import db
from .models import (
    Post,
    PostKind,
    Reaction,
    ReactionKind,
    Recipient,
    RecipientState,
    Reply,
    Role,
    Status,
    User,
    utcnow,
)

SEED = 15
TERM_DAYS = 84
POSTS = 300
SHOUTOUT_SHARE = 0.55

# Help requests by category: (title, details, offers of help). The first offer is the one the
# asker marks "This helped" when the request gets resolved.
HELP = {
    "schoolwork": [
        (
            "Simultaneous equations are melting my brain",
            "We did elimination today and I followed it in class, but now I'm at home and "
            "the homework makes no sense. Could someone walk me through one?",
            [
                "Line them up so one letter has the same number in front, then subtract one "
                "equation from the other. That letter disappears and you solve for the other!",
                "Mr Jones does a drop-in on Thursdays at lunch in room 12, he's really patient.",
                "There's a good worked example on page 84 of the textbook.",
            ],
        ),
        (
            "How do you revise for a history source question?",
            "I always run out of time on the source questions. Does anyone have a way of "
            "planning them quickly?",
            [
                "I do NOP: Nature, Origin, Purpose. Two minutes of notes in the margin and then "
                "write. It saved me loads of time in the mock.",
                "Practise with a timer at home, it feels weird at first but it works.",
            ],
        ),
        (
            "Anyone understand the photosynthesis practical?",
            "I missed the lesson where we did the pondweed experiment. What were we measuring?",
            [
                "We counted bubbles of oxygen at different distances from the lamp. Closer lamp, "
                "more light, more bubbles! I can lend you my write-up.",
                "Ask Ms Patel for the sheet, she keeps spares on her desk.",
            ],
        ),
        (
            "French speaking assessment next week",
            "I know my answers but I freeze when I have to say them out loud. How do you "
            "practise speaking?",
            [
                "Record yourself on your phone and listen back. Cringe at first, but by day three "
                "it feels normal.",
                "We could practise together at lunch if you want, I need it too!",
                "Practise on your family at dinner. My little brother can now say module 3 "
                "in French!",
            ],
        ),
        (
            "What goes in a conclusion for a science write-up?",
            "My last write-up came back with 'conclusion too short'. What should it have?",
            [
                "Say what the pattern was, use numbers from your results, and explain it with "
                "the science. Then one line on whether it matched your prediction.",
                "Check the success criteria sheet stuck in the front of your book.",
            ],
        ),
        (
            "Tips for learning quotes for English Lit?",
            "We need ten quotes for Macbeth and I keep mixing them up.",
            [
                "Flashcards with the quote on one side and who said it plus the theme on the "
                "other. Ten minutes on the bus every morning.",
                "Draw a tiny picture for each one, weirdly it sticks.",
                "I have a quiz I made on the computer, I can share it in class.",
            ],
        ),
        (
            "Stuck on percentages of amounts",
            "How do I find 35% of 80 without a calculator?",
            [
                "10% is 8, so 30% is 24. 5% is half of 10%, so 4. Add them: 28!",
                "Think of it as 35 times 80 divided by 100.",
            ],
        ),
        (
            "Geography coursework: how many photos do we need?",
            "Does anyone know how many photos we're meant to include from the river trip?",
            [
                "Mrs Adeyemi said at least six, each one labelled with what it shows.",
                "I think it's six but double check on the class page.",
            ],
        ),
        (
            "Can someone explain what a metaphor is vs a simile?",
            "I keep getting these the wrong way round in tests.",
            [
                "A simile uses 'like' or 'as' (brave as a lion). A metaphor just says it IS the "
                "thing (he was a lion on the pitch).",
                "Simile = similar, it compares with like or as. That's how I remember it.",
            ],
        ),
        (
            "Best way to organise my planner?",
            "I keep forgetting homework deadlines. How do you all keep track?",
            [
                "Write it in the planner the second it's set, and tick it off. Colour code by "
                "subject if you like pens as much as I do.",
                "I check my planner every Sunday evening and plan the week.",
            ],
        ),
    ],
    "friendships": [
        (
            "How do I join in at lunch?",
            "My usual group has different lunch times this term and I'm not sure who to sit "
            "with. Any ideas?",
            [
                "Come and sit with us by the library windows! We play cards most days.",
                "The lunchtime clubs are a really easy way to meet people without it being "
                "awkward.",
            ],
        ),
        (
            "Fell out with my friend over something small",
            "We had a silly argument about a group project and now it's weird. How do I fix it?",
            [
                "Just message them first and say you're sorry it got weird and you miss "
                "hanging out. Most people are relieved when someone goes first.",
                "Give it a day and then talk face to face, it's easier than texting.",
            ],
        ),
        (
            "New to the school, any tips?",
            "I started this week and the building is huge. How did you all settle in?",
            [
                "Welcome!! Ask your form tutor for a buddy, they set one up for me and we're "
                "still friends.",
                "Join a club in the first few weeks. Everyone is new to it at the same time.",
                "The map by reception saved me, take a photo of it.",
            ],
        ),
        (
            "How do you make friends in a new form group?",
            "I moved forms and everyone already knows each other.",
            [
                "Ask people about things they're into. Someone always has a pencil case "
                "covered in stickers, start there!",
                "Volunteer for the form charity stall, you end up chatting to everyone.",
            ],
        ),
        (
            "Group project partner isn't replying",
            "We have to present on Friday and my partner hasn't answered my messages. What "
            "should I do?",
            [
                "Catch them in person tomorrow and suggest splitting the slides. And tell your "
                "teacher early, they're usually understanding.",
                "Maybe they're just busy, try asking them at registration.",
            ],
        ),
        (
            "Is it OK to have friends in different groups?",
            "I get on with people in two friendship groups and sometimes feel stuck in the middle.",
            [
                "Totally OK! You don't have to pick. Being friendly with lots of people is a "
                "good thing.",
                "Same here. I just hang out with whoever is around that day.",
            ],
        ),
    ],
    "wellbeing": [
        (
            "Nervous about presenting in assembly",
            "Our form is doing assembly next week and I have a speaking part. How do you stay "
            "calm?",
            [
                "Breathe in for four, hold for four, out for four before you go on. And look at "
                "the back wall, not faces!",
                "Everyone is nervous, honestly. You'll be great.",
                "Practise it to your family at dinner, then assembly feels easy.",
            ],
        ),
        (
            "How do you get to sleep before exams?",
            "I lie awake going over everything in my head the night before a test.",
            [
                "No revision in the last hour before bed, and I write a to-do list for the "
                "morning so my head can let it go.",
                "Audiobooks! Something boring and calm.",
            ],
        ),
        (
            "Tips for a better morning routine?",
            "I'm always rushing and forgetting my PE kit. How do you get organised?",
            [
                "Pack your bag the night before and leave it by the door. Game changer.",
                "I set two alarms and lay my clothes out the night before.",
            ],
        ),
        (
            "Too much screen time, how do you cut down?",
            "I want to spend less time on my phone in the evenings. Anyone managed it?",
            [
                "I charge mine in the kitchen at 9pm. First few nights were hard, now I read "
                "more and sleep better.",
                "Turn on the grey screen setting, it makes scrolling way less fun.",
            ],
        ),
        (
            "Feeling a bit overwhelmed with coursework",
            "Three deadlines in one week. How do you break it down?",
            [
                "Write every task on a sticky note and do the smallest one first. Momentum "
                "helps! And talk to your tutor, they can help you plan.",
                "Twenty minutes on, five minutes off. It works for me.",
                "The study support room after school is quiet and the staff help you plan.",
            ],
        ),
        (
            "How do you relax after a long day?",
            "Looking for ideas that aren't just scrolling.",
            [
                "A walk with music, or drawing. Anything with your hands.",
                "I bake! Cookies fix most things.",
            ],
        ),
    ],
    "clubs": [
        (
            "Is coding club good for beginners?",
            "I've never coded but I want to try. Will I be lost?",
            [
                "It's really friendly, we started with block coding and now we're making a "
                "game. Come on Wednesday!",
                "Mr Jones explains everything from the start, you'll be fine.",
            ],
        ),
        (
            "Looking for people for a band",
            "I play bass and want to start a band for the spring concert. Anyone play drums "
            "or guitar?",
            [
                "I play drums!! Let's talk at lunch. The music rooms are free on Tuesdays.",
                "I sing, if you need a singer.",
            ],
        ),
        (
            "When is the next debate club?",
            "I saw the poster but can't remember the day.",
            [
                "Mondays after school in the library. This week's topic is school uniform!",
                "It's Mondays, I'll save you a seat.",
            ],
        ),
        (
            "Does anyone want to start a book club?",
            "I'd love to talk about books with people. Would anyone come?",
            [
                "Yes please! The librarian said we can use the reading corner on Fridays.",
                "Count me in, I just finished a great fantasy series.",
            ],
        ),
        (
            "Netball trials: what should I expect?",
            "I've never been to a trial. What do they ask you to do?",
            [
                "Passing drills, a bit of footwork and a short game. They look at effort and "
                "teamwork more than anything.",
                "Bring water and trainers, and just have fun with it!",
            ],
        ),
        (
            "Eco club needs more members",
            "We want to start a school garden but need more hands. Who's in?",
            [
                "Me! I grew tomatoes on my balcony last summer.",
                "I'll ask my friends, we'd love to help.",
            ],
        ),
    ],
    "other": [
        (
            "Lost my water bottle",
            "Blue with stickers on it, left in the sports hall on Tuesday. Has anyone seen it?",
            [
                "There's a lost property box by the PE office, I saw a blue bottle in there "
                "yesterday!",
                "Check with reception too.",
            ],
        ),
        (
            "Which options should I pick?",
            "I can't decide between art and computing for my options. How did you choose?",
            [
                "Pick the one you'd still enjoy on a grey Monday morning. And ask the teachers "
                "to show you some of the coursework.",
                "Talk to older students who took them, we're happy to help.",
            ],
        ),
        (
            "How do I sign up for the trip?",
            "I missed the letter about the museum trip. Where do I get the form?",
            [
                "Ask at the student office, they have spare forms and the deadline is Friday.",
                "It's on the school app under letters too.",
            ],
        ),
        (
            "Where can I print at lunchtime?",
            "My printer at home ran out of ink and I need my homework printed.",
            [
                "The library printers work at lunch, you just log in with your school account.",
                "Room 4 has one too if the library is busy.",
            ],
        ),
    ],
}

# Shout-outs by category: (title, message); {name} is the (first) classmate celebrated.
SHOUTOUTS = {
    "academic": [
        (
            "Best maths explainer ever",
            "{name} explained fractions to half our table today and now we all get it. Thank you!",
        ),
        (
            "Top marks and still helping everyone",
            "{name} got full marks on the quiz and then "
            "spent break helping me with my corrections. Legend.",
        ),
        (
            "Amazing history presentation",
            "The presentation on the Romans was so interesting, {name} clearly worked really hard.",
        ),
        (
            "Thank you for the revision notes",
            "{name} shared their revision notes with the whole form before the mock. So generous!",
        ),
        (
            "Spelling bee champion!",
            "{name} stayed calm in the spelling bee final and nailed "
            "'necessary'. We were all cheering!",
        ),
        (
            "{name} aced the science quiz",
            "{name} got every question right in the science quiz and made it look easy. Well done!",
        ),
    ],
    "arts": [
        (
            "{name} stole the show",
            "{name} sang the solo at the winter concert and the whole hall went quiet. Amazing!",
        ),
        (
            "The art display is incredible",
            "The clay sculptures {name} made are on display by reception and they're brilliant.",
        ),
        (
            "Best drama piece this term",
            "{name} was so funny in the drama showcase, everyone was laughing.",
        ),
        (
            "What a performance!",
            "{name} played piano at the open evening and parents kept asking who it was.",
        ),
        (
            "Poster of the year",
            "{name} designed the poster for the school play and it looks professional!",
        ),
    ],
    "sports": [
        (
            "Player of the match!",
            "{name} scored the winning goal in the last minute against Westfield! What a game.",
        ),
        (
            "{name} never gave up",
            "{name} kept going in the cross country even after falling "
            "over, and still finished in the top ten.",
        ),
        (
            "What a save!",
            "Incredible saves in goal from {name} today. The whole team owes you one!",
        ),
        (
            "Sports day superstar",
            "{name} cheered everyone on at sports day even after their own race. Best team spirit.",
        ),
        (
            "Brilliant captaining this week",
            "{name} captained the netball team brilliantly and made sure everyone got a go.",
        ),
    ],
    "kindness": [
        (
            "You made my day",
            "I dropped all my books in the corridor and {name} stopped to "
            "help me pick them up. Small thing, but it made my morning.",
        ),
        (
            "Thanks for sitting with me",
            "{name} noticed I was on my own at lunch and asked me to join them. Thank you!",
        ),
        (
            "A true hero of period 3",
            "{name} lent me a pen, then a ruler, then a calculator. Thank you!",
        ),
        (
            "Thank you for helping me",
            "When I was new, {name} showed me where all my classrooms were. Still grateful.",
        ),
        (
            "{name} is the kindest",
            "{name} always says hello to everyone and it makes school feel friendlier.",
        ),
        (
            "Thanks for finding my bag",
            "{name} helped me find my lost bag and stayed late to do it. Thank you so much!",
        ),
    ],
    "community": [
        (
            "Bake sale heroes",
            "{name} organised the bake sale and we raised so much for the animal shelter!",
        ),
        (
            "Thank you for running the food bank drive",
            "{name} gave up lunchtimes all week to sort donations for the food bank. Amazing.",
        ),
        (
            "Best eco club effort",
            "The school garden looks brilliant thanks to {name} and the eco club.",
        ),
        (
            "Litter pick legends",
            "{name} led the litter pick around the field. It looks so much better now!",
        ),
        (
            "Thank you for welcoming the new Year 7s",
            "{name} volunteered to show new Year 7s around on their first day. So welcoming!",
        ),
    ],
    "other": [
        (
            "Just a big thank you",
            "{name} is just a genuinely great person and I wanted everyone to know.",
        ),
        (
            "Made everyone laugh today",
            "{name} told the best joke in form time and cheered everyone up on a rainy Monday.",
        ),
        (
            "Shout-out for being awesome",
            "Thanks {name} for always being positive, it rubs off on the rest of us.",
        ),
    ],
}
CONGRATS = [
    "So deserved!",
    "Yes!! Well done!",
    "This is so true, congrats!",
    "Amazing, well done!",
    "Totally agree, brilliant!",
    "Proud of you!",
    "Legend!",
]
STAFF_CONGRATS = [
    "Wonderful to read this. Well done!",
    "Lovely shout-out, thank you for sharing it.",
    "This made my day. Well done!",
]
ASKER_THANKS = [
    "Thank you, that really helped!",
    "Thanks everyone, I get it now.",
    "That's really useful, thank you!",
]
# Heavier towards a few kinds, as on a real board: people celebrate more than they say "me too".
REACTION_WEIGHTS = {
    PostKind.SHOUTOUT: {
        ReactionKind.CELEBRATE: 5,
        ReactionKind.SUPPORT: 2,
        ReactionKind.INSPIRED: 3,
        ReactionKind.ME_TOO: 1,
    },
    PostKind.HELP: {
        ReactionKind.SUPPORT: 4,
        ReactionKind.ME_TOO: 4,
        ReactionKind.CELEBRATE: 1,
        ReactionKind.INSPIRED: 1,
    },
}
ANONYMOUS_CATEGORIES = ("friendships", "wellbeing")


def texts() -> list[str]:
    """Every text the demo can write, as the screener would read it (for tests)."""
    found: list[str] = []
    for items in HELP.values():
        for title, body, offers in items:
            found.append(f"{title}\n\n{body}")
            found.extend(offers)
    for pairs in SHOUTOUTS.values():
        for title, message in pairs:
            found.append(f"{title}\n\n{message}".format(name="Grace"))
    found.extend(CONGRATS + STAFF_CONGRATS + ASKER_THANKS)
    return found


def seed_term(now: datetime | None = None) -> int:
    """Add a term of posts by the demo school's students and staff; returns how many."""
    now = now or utcnow()
    rng = random.Random(SEED)
    students = db.session.scalars(
        select(User).where(User.role == Role.STUDENT).order_by(User.id)
    ).all()
    staff = db.session.scalars(
        select(User).where(User.role != Role.STUDENT).order_by(User.id)
    ).all()
    plans = []
    for n in range(POSTS):
        # Spread over the term, a little busier in later weeks, the newest an hour ago.
        offset = (rng.random() ** 0.8) * (TERM_DAYS * 24 - 1)
        created = now - timedelta(hours=1 + offset)
        created = created.replace(microsecond=0)
        kind = PostKind.SHOUTOUT if rng.random() < SHOUTOUT_SHARE else PostKind.HELP
        plans.append((created, kind, n))
    plans.sort()
    posts: list[tuple[Post, dict]] = []
    for created, kind, _ in plans:
        plan = (
            _plan_shoutout(rng, students, staff, created)
            if kind == PostKind.SHOUTOUT
            else (_plan_help(rng, students, staff, created, now))
        )
        posts.append(plan)
    db.session.add_all([post for post, _ in posts])
    db.session.flush()
    for post, extra in posts:
        for recipient in extra["recipients"]:
            db.session.add(
                Recipient(
                    post_id=post.id,
                    user_id=recipient.id,
                    state=RecipientState.APPROVED,
                )
            )
        for reply in extra["replies"]:
            reply.post_id = post.id
            db.session.add(reply)
        _react(rng, post, students, staff, now)
    db.session.flush()
    _derive(posts)
    db.session.commit()
    return len(posts)


def _after(rng: random.Random, moment: datetime, now: datetime, hours: float) -> datetime:
    """A moment some time after `moment`, never in the future."""
    later = moment + timedelta(minutes=rng.randint(5, int(hours * 60)))
    return min(later, now - timedelta(minutes=1))


def _post(author: User, kind: PostKind, title: str, body: str, category: str, created, **kw):
    return Post(
        kind=kind,
        author_id=author.id,
        title=title,
        body=body,
        body_html=str(text.render(body, set())),
        category=category,
        status=Status.PUBLISHED,
        created_at=created,
        **kw,
    )


def _plan_help(rng, students, staff, created, now) -> tuple[Post, dict]:
    category = rng.choice(list(HELP))
    title, body, offers = rng.choice(HELP[category])
    asker = rng.choice(students)
    anonymous = category in ANONYMOUS_CATEGORIES and rng.random() < 0.3
    post = _post(asker, PostKind.HELP, title, body, category, created, anonymous=anonymous)
    replies: list[Reply] = []
    age_days = (now - created).days
    # Recent requests are likelier still to wait for a helper: the "Needs a helper" tab.
    answered = rng.random() < (0.92 if age_days > 3 else 0.45)
    if answered:
        helpers = rng.sample([s for s in students if s.id != asker.id], k=len(offers))
        if rng.random() < 0.15:
            helpers[-1] = rng.choice(staff)
        when = created
        for helper, offer in zip(helpers, offers[: rng.randint(1, len(offers))], strict=False):
            when = _after(rng, when, now, 20)
            replies.append(
                Reply(author_id=helper.id, body=offer, status=Status.PUBLISHED, created_at=when)
            )
        if age_days > 1 and rng.random() < 0.75:
            replies[0].helped_at = _after(rng, replies[-1].created_at, now, 24)
            post.resolved_at = replies[0].helped_at
            if rng.random() < 0.4:
                replies.append(
                    Reply(
                        author_id=asker.id,
                        body=rng.choice(ASKER_THANKS),
                        status=Status.PUBLISHED,
                        created_at=replies[0].helped_at,
                    )
                )
    for reply in replies:
        reply.body_html = str(text.render(reply.body, set()))
    return post, {"recipients": [], "replies": replies}


def _plan_shoutout(rng, students, staff, created) -> tuple[Post, dict]:
    category = rng.choice(list(SHOUTOUTS))
    author = rng.choice(staff) if rng.random() < 0.12 else rng.choice(students)
    count = 1 if rng.random() < 0.8 else rng.randint(2, 3)
    recipients = rng.sample([s for s in students if s.id != author.id], k=count)
    name = recipients[0].display_name
    title, body = (part.format(name=name) for part in rng.choice(SHOUTOUTS[category]))
    if count > 1:
        others = " and ".join(r.display_name for r in recipients[1:])
        body += f" And thank you to {others} too!"
    post = _post(author, PostKind.SHOUTOUT, title, body, category, created)
    replies = []
    when = created
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        when = when + timedelta(minutes=rng.randint(3, 300))
        writer = rng.choice(students + staff)
        words = STAFF_CONGRATS if writer.role != Role.STUDENT else CONGRATS
        body = rng.choice(words)
        replies.append(
            Reply(
                author_id=writer.id,
                body=body,
                body_html=str(text.render(body, set())),
                status=Status.PUBLISHED,
                created_at=when,
            )
        )
    return post, {"recipients": recipients, "replies": replies}


def _react(rng, post: Post, students, staff, now: datetime) -> None:
    weights = REACTION_WEIGHTS[post.kind]
    kinds, chances = list(weights), list(weights.values())
    people = [s for s in students if s.id != post.author_id]
    many = 14 if post.kind == PostKind.SHOUTOUT else 6
    given = set()
    for person in rng.sample(people, k=rng.randint(0, many)):
        kind = rng.choices(kinds, chances)[0]
        if (person.id, kind) not in given:
            given.add((person.id, kind))
            db.session.add(
                Reaction(
                    post_id=post.id,
                    user_id=person.id,
                    kind=kind,
                    created_at=_after(rng, post.created_at, now, 48),
                )
            )


def _derive(posts: list[tuple[Post, dict]]) -> None:
    """Counts, first reply and score from the rows just added, as posting and ranking keep
    them (no restrictions or hidden replies exist in the demo, so every reply counts)."""
    ids = [post.id for post, _ in posts]
    reactions = Counter(
        db.session.execute(
            select(Reaction.post_id, Reaction.kind).where(Reaction.post_id.in_(ids))
        ).all()
    )
    for post, extra in posts:
        replies = extra["replies"]
        post.support_count = reactions[(post.id, ReactionKind.SUPPORT)]
        post.celebrate_count = reactions[(post.id, ReactionKind.CELEBRATE)]
        post.me_too_count = reactions[(post.id, ReactionKind.ME_TOO)]
        post.inspired_count = reactions[(post.id, ReactionKind.INSPIRED)]
        post.reply_count = len(replies)
        others = [r.created_at for r in replies if r.author_id != post.author_id]
        post.first_reply_at = min(others) if others else None
        helped = sum(r.helped_at is not None for r in replies)
        post.score = ranking.score_of(post, helped)
