"""Command-line tools: `create-user`, `seed-demo`, `backup` and `restore` (`db upgrade` comes
from Flask-Migrate)."""

import click
from flask import Flask
from sqlalchemy import select

from . import accounts, backup, demo
from .extensions import db
from .models import JoinCode, Role, User, utcnow

# The demo school is for trying the board on a laptop; its shared password is printed on purpose.
DEMO_PASSWORD = "kindness-counts"  # noqa: S105
DEMO_GROUPS = ("Year 7", "Year 9", "Year 11")
DEMO_FIRST_NAMES = [
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Elif",
    "Finn",
    "Grace",
    "Hiro",
    "Isla",
    "Jay",
    "Kofi",
    "Lena",
    "Mo",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
    "Uma",
    "Vik",
    "Wren",
    "Xander",
    "Yara",
    "Zoe",
    "Ali",
    "Bea",
    "Cal",
    "Dina",
]


@click.command("create-user")
@click.argument("username")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), default="student", show_default=True
)
@click.option("--display-name", default=None, help="Defaults to the username.")
@click.option("--safeguarding-lead", is_flag=True, help="Staff only: receives urgent alerts.")
@click.option(
    "--pastoral", is_flag=True, help="Staff only: pastoral duty (the pastoral review queue)."
)
@click.password_option("--password", help="Prompted for when not given.")
def create_user_command(username, role, display_name, safeguarding_lead, pastoral, password):
    """Create an account (for example the first admin)."""
    try:
        user = accounts.create_user(
            username,
            password,
            role=Role(role),
            display_name=display_name,
            safeguarding_lead=safeguarding_lead,
            pastoral_duty=pastoral,
        )
    except accounts.AccountError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Created {user.role.value} {user.username}.")


@click.command("seed-demo")
def seed_demo_command():
    """Fill an empty board with a demo school and print how to log in."""
    if db.session.scalar(select(User.id).limit(1)) is None:
        seed_demo()
        click.echo("Demo school created.")
    elif demo_school_here():
        click.echo("The demo school is already here (nothing was added).")
    else:
        click.echo("The board already has accounts; the demo school was not added.")
        return
    print_demo_logins()


def seed_demo() -> None:
    make = lambda username, **kw: accounts.create_user(  # noqa: E731
        username, DEMO_PASSWORD, commit=False, **kw
    )
    admin = make("admin", role=Role.ADMIN, display_name="Mr Okafor (Head)")
    make("ms.patel", role=Role.STAFF, display_name="Ms Patel", safeguarding_lead=True)
    make("mr.jones", role=Role.STAFF, display_name="Mr Jones")
    db.session.flush()
    for index, first_name in enumerate(DEMO_FIRST_NAMES):
        group = accounts.group_named(DEMO_GROUPS[index % len(DEMO_GROUPS)])
        student = make(f"{first_name.lower()}{index + 1}", display_name=first_name, group=group)
        # Someone trying the demo posts as a student who has been here a while: their posts
        # and replies appear at once, as a regular's do (moderation.is_new_member).
        student.established_at = utcnow()
        db.session.flush()
    for group_name in DEMO_GROUPS:
        group = accounts.group_named(group_name)
        db.session.add(
            JoinCode(
                code=accounts.normalise_code(accounts.readable_secret()),
                group=group,
                created_by_id=admin.id,
            )
        )
    db.session.commit()
    seed_demo_posts()
    demo.seed_term()


def seed_demo_posts() -> None:
    """A few days of a kind board, made through the same actions students use."""
    from .models import PostKind, ReactionKind
    from .posting import Draft, add_reply, create_post, mark_helped, toggle_reaction

    students = db.session.scalars(
        select(User).where(User.role == Role.STUDENT).order_by(User.id)
    ).all()
    amara, ben, chloe, dev, elif_, finn, grace, hiro = students[:8]
    fractions = create_post(
        amara,
        Draft(
            PostKind.HELP,
            "Stuck on adding fractions",
            "I don't get how to add 1/3 and 1/4. Can someone explain it simply?",
            "schoolwork",
        ),
    )
    tip = add_reply(ben, fractions, "Make the bottoms the same first: 4/12 + 3/12 = 7/12!")
    add_reply(chloe, fractions, "Drawing them as pizza slices helped me.")
    mark_helped(fractions, tip)
    create_post(
        dev,
        Draft(
            PostKind.HELP,
            "New here and don't know anyone",
            "I just moved schools. Is there a club where I could meet people?",
            "friendships",
            anonymous=True,
        ),
    )
    create_post(
        elif_,
        Draft(
            PostKind.HELP,
            "Looking for a chess partner",
            "Anyone want to practise chess at lunch before the tournament?",
            "clubs",
        ),
    )
    recital = create_post(
        finn,
        Draft(
            PostKind.SHOUTOUT,
            "Grace killed it at the recital",
            "Grace played the hardest piece of the night without a single mistake. "
            "Everyone was blown away!",
            "arts",
            recipients=[grace.username],
        ),
    )
    kindness = create_post(
        hiro,
        Draft(
            PostKind.SHOUTOUT,
            "Thank you for sitting with me",
            f"When I was on my own at lunch, @{ben.username} and @{chloe.username} asked me "
            "to join them. It made my week.",
            "kindness",
            recipients=[ben.username, chloe.username],
        ),
    )
    for person, post, kind in [
        (amara, recital, ReactionKind.CELEBRATE),
        (ben, recital, ReactionKind.CELEBRATE),
        (dev, recital, ReactionKind.INSPIRED),
        (finn, kindness, ReactionKind.SUPPORT),
        (grace, kindness, ReactionKind.INSPIRED),
        (elif_, fractions, ReactionKind.ME_TOO),
    ]:
        toggle_reaction(person, post, kind)


def demo_school_here() -> bool:
    """The demo's staff accounts exist: the logins printed for them are worth printing. (A real
    school's board has its own accounts and is told the demo was not added.)"""
    names = {"admin", "ms.patel", "mr.jones"}
    found = db.session.scalars(select(User.username_key).where(User.username_key.in_(names)))
    return set(found) == names


def print_demo_logins() -> None:
    users = db.session.scalars(select(User).order_by(User.role.desc(), User.username_key)).all()
    click.echo("")
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for username, what in (
        ("admin", "admin"),
        ("ms.patel", "staff, safeguarding lead"),
        ("mr.jones", "staff"),
    ):
        click.echo(f"  {username:<10} {what}")
    students = [u for u in users if u.role == Role.STUDENT][:3]
    if students:
        names = ", ".join(u.username for u in students)
        click.echo(f"  students   {names} … ({sum(u.role == Role.STUDENT for u in users)} in all)")
    codes = db.session.scalars(select(JoinCode).where(JoinCode.revoked_at.is_(None))).all()
    for code in sorted(codes, key=lambda code: accounts.group_order(code.group.name)):
        click.echo(f"  join code  {code.code} ({code.group.name})")


@click.command("alert-waiting")
def alert_waiting_command():
    """Tell staff about help requests that have waited a day without a helper (run hourly)."""
    from .models import utcnow
    from .moderation import alert_staff_about_waiting

    count = alert_staff_about_waiting(utcnow())
    click.echo(f"Staff told about {count} help request(s) waiting for a helper.")


@click.command("escalate")
def escalate_command():
    """Pass unacknowledged urgent alerts to the next contact (run every minute or so)."""
    from .models import utcnow
    from .safeguarding import escalate_due

    count = escalate_due(utcnow())
    click.echo(f"Escalated {count} urgent alert(s).")


def init_app(app: Flask) -> None:
    app.cli.add_command(escalate_command)
    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(alert_waiting_command)
    app.cli.add_command(backup.backup_command)
    app.cli.add_command(backup.restore_command)
