"""Account actions: sign-up with a join code, log-in checks, one-time passwords, suspensions,
roster import, join codes and staff invites.

Each public function is one action: it validates, changes rows and commits once. Callers check
permissions first (permissions.py); these functions assume the actor is allowed.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from . import audit, screening, screening_labels
from .display_names import clean as clean_display_name
from .display_names import lookalike_key
from .extensions import db
from .models import Group, JoinCode, Post, Reaction, Reply, Role, StaffInvite, User, utcnow

USERNAME_RE = re.compile(r"^[A-Za-z0-9._-]{3,30}$")
USERNAME_RULE = "3–30 characters: letters, digits, dots, dashes or underscores"
PASSWORD_MIN = 8
PASSWORD_MAX = 128
DISPLAY_NAME_MAX = 50
GROUP_NAME_MAX = 60  # Group.name's column
ROSTER_MAX_ROWS = 2000
# No 0/O, 1/l/I: codes and one-time passwords are read off a screen or a slip of paper.
READABLE = "abcdefghjkmnpqrstuvwxyz23456789"

# One-time passwords are long random strings that live until first log-in, so a lighter scrypt
# is enough, and importing a whole year group stays quick.
ONE_TIME_METHOD = "scrypt:4096:8:1"
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common_passwords.txt"


class AccountError(ValueError):
    """A problem the person can fix; `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def username_key(username: str) -> str:
    return username.strip().lower()


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username_key == username_key(username)))


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def hash_one_time_password(password: str) -> str:
    return generate_password_hash(password, method=ONE_TIME_METHOD)


def readable_secret(groups: int = 3, size: int = 4) -> str:
    return "-".join("".join(secrets.choice(READABLE) for _ in range(size)) for _ in range(groups))


def check_username(username: str) -> str:
    username = username.strip()
    if not USERNAME_RE.fullmatch(username):
        raise AccountError(f"Usernames are {USERNAME_RULE}.", "username")
    if find_user(username) is not None:
        raise AccountError("That username is taken. Please choose another.", "username")
    return username


NAME_TOO_CLOSE = "That name is too close to someone else's on the board. Please choose another."


def check_display_name(display_name: str, renaming: User | None = None) -> str:
    """The name cleaned, or AccountError: it is empty, too long, unkind, or looks like the name
    of anyone else on the board (`renaming`: the account whose name this replaces)."""
    display_name = _check_display_name_alone(display_name)
    if names_in_use([lookalike_key(display_name)], renaming):
        raise AccountError(NAME_TOO_CLOSE, "display_name")
    return display_name


def names_in_use(keys: list[str], renaming: User | None = None) -> set[str]:
    """Which of these lookalike keys someone already has, in one lookup on the key's index."""
    stmt = select(User.display_name_key).where(User.display_name_key.in_(set(keys)))
    if renaming is not None:
        stmt = stmt.where(User.id != renaming.id)
    return set(db.session.scalars(stmt))


def _check_display_name_alone(display_name: str) -> str:
    """check_display_name without comparing with other people's names."""
    # Invisible and direction-changing characters would let "Ms Lee\u200b" pass as Ms Lee.
    display_name = clean_display_name(display_name)
    if not display_name or not lookalike_key(display_name):
        raise AccountError("Please enter a display name.", "display_name")
    if len(display_name) > DISPLAY_NAME_MAX:
        raise AccountError(
            f"Display names are at most {DISPLAY_NAME_MAX} characters.", "display_name"
        )
    # Screened like posts: a name is seen on every post, so there is no "post anyway". The
    # learned model reads posts, not two-word names: the rules and detectors judge names.
    # Names in other scripts ("Мария") are names, not posts in another language.
    if screening.screen(display_name, learned=False).category not in ("clean", "language"):
        raise AccountError(
            "Please choose a different display name: everyone sees it, so keep it kind and "
            "leave out private details.",
            "display_name",
        )
    return display_name


def check_password(password: str, username: str = "") -> str:
    if len(password) < PASSWORD_MIN:
        raise AccountError(f"Passwords need at least {PASSWORD_MIN} characters.", "password")
    if len(password) > PASSWORD_MAX:
        raise AccountError(f"Passwords are at most {PASSWORD_MAX} characters.", "password")
    if username and password.lower() == username.lower():
        raise AccountError("Your password must be different from your username.", "password")
    if password.strip().lower() in common_passwords():
        raise AccountError(
            "That password is one of the most common ones, so it would be easy to guess. "
            "Please choose another: a short sentence only you would think of works well.",
            "password",
        )
    return password


@functools.cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


# ---------------------------------------------------------------------------------------------
# Logging in


@dataclass
class LoginResult:
    user: User | None = None
    suspended: bool = False


def authenticate(username: str, password: str) -> LoginResult:
    """Check a username and password. A wrong password and an unknown user look the same, and
    take as long: every attempt checks the password once at the configured cost and once at the
    one-time password's (lighter) cost, against the account's own hash in its slot and a
    stand-in hash of that kind in the other. So no answer tells, by its time, whether a username
    exists or is still on a one-time password. (A hash made before PASSWORD_HASH_METHOD last
    changed takes the configured slot, at its own cost.)"""
    user = find_user(username)
    own = user.password_hash if user is not None else None
    one_time = own is not None and hash_kind(own) == hash_kind(stand_in_hash(ONE_TIME_METHOD))
    configured_slot = own if own is not None and not one_time else None
    one_time_slot = own if one_time else None
    configured_ok = check_password_hash(
        configured_slot or stand_in_hash(current_app.config["PASSWORD_HASH_METHOD"]), password
    )
    one_time_ok = check_password_hash(one_time_slot or stand_in_hash(ONE_TIME_METHOD), password)
    matched = configured_ok if configured_slot else one_time_ok if one_time_slot else False
    if user is None or not matched:
        return LoginResult()
    if user.suspended_at(utcnow()):
        # Only someone who knows the password learns about (and why) the suspension.
        return LoginResult(user=user, suspended=True)
    return LoginResult(user=user)


def hash_kind(password_hash: str) -> str:
    """The method and its cost of a werkzeug hash: "scrypt:32768:8:1" of "scrypt:32768:8:1$…"."""
    return password_hash.partition("$")[0]


@functools.cache
def stand_in_hash(method: str) -> str:
    """A hash of the given kind that no password matches in practice (checked in place of one
    the account doesn't have)."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def end_sessions(user: User) -> None:
    """End every session of the account (security.load_user compares the key). The caller
    commits."""
    user.session_key = secrets.token_hex(16)


def log_out_everywhere(user: User) -> None:
    end_sessions(user)
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current):
        raise AccountError("That is not your current password.", "current_password")
    check_password(new, user.username)
    if check_password_hash(user.password_hash, new):
        raise AccountError("Please choose a new password, not the one you have now.", "password")
    user.password_hash = hash_password(new)
    user.must_change_password = False
    end_sessions(user)  # the one it is changed in starts again (views/auth.py)
    db.session.commit()


# ---------------------------------------------------------------------------------------------
# Creating accounts


def group_order(name: str) -> tuple:
    """Sort key for group names, numbers by value: Year 7, Year 8, Year 9, Year 10, Year 11."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower())
        for part in re.split(r"(\d+)", name)
        if part
    )


def groups_in_order() -> list[Group]:
    return sorted(db.session.scalars(select(Group)).all(), key=lambda g: group_order(g.name))


def group_named(name: str) -> Group:
    name = " ".join(name.split())
    group = db.session.scalar(select(Group).where(Group.name == name))
    if group is None:
        group = Group(name=name)
        db.session.add(group)
    return group


def create_user(
    username: str,
    password: str,
    *,
    role: Role = Role.STUDENT,
    display_name: str | None = None,
    group: Group | None = None,
    safeguarding_lead: bool = False,
    pastoral_duty: bool = False,
    must_change_password: bool = False,
    commit: bool = True,
) -> User:
    username = check_username(username)
    display_name = check_display_name(display_name or username)
    check_password(password, username)
    user = User(
        username=username,
        display_name=display_name,
        password_hash=hash_password(password),
        role=role,
        group=group,
        is_safeguarding_lead=safeguarding_lead and role != Role.STUDENT,
        has_pastoral_duty=pastoral_duty and role != Role.STUDENT,
        must_change_password=must_change_password,
    )
    db.session.add(user)
    if commit:
        db.session.commit()
    return user


def join_with_code(code: str, username: str, display_name: str, password: str) -> User:
    """A student creates their own account with a join code from staff."""
    now = utcnow()
    join_code = db.session.scalar(select(JoinCode).where(JoinCode.code == normalise_code(code)))
    if join_code is None or not join_code.usable_at(now):
        raise AccountError(
            "That join code isn't working. Check it with your teacher: it may have expired.",
            "code",
        )
    user = create_user(
        username, password, display_name=display_name, group=join_code.group, commit=False
    )
    # Count the use in SQL and only while below the limit, so two students racing for the last
    # place cannot both get in.
    used = db.session.execute(
        update(JoinCode)
        .where(JoinCode.id == join_code.id)
        .where((JoinCode.max_uses.is_(None)) | (JoinCode.uses < JoinCode.max_uses))
        .values(uses=JoinCode.uses + 1)
    )
    if used.rowcount != 1:
        db.session.rollback()
        raise AccountError(
            "That join code has been used up. Ask your teacher for a new one.", "code"
        )
    db.session.commit()
    return user


# ---------------------------------------------------------------------------------------------
# Staff looking after accounts


def reset_password(actor: User, target: User) -> str:
    """Give the user a one-time password; they must choose their own at next log-in."""
    one_time = readable_secret()
    target.password_hash = hash_one_time_password(one_time)
    target.must_change_password = True
    end_sessions(target)
    audit.record(actor, "reset_password", f"{target.role.value} {target.username}")
    db.session.commit()
    return one_time


def suspend(actor: User, target: User, until: datetime, reason: str) -> None:
    reason = " ".join(reason.split())
    if until <= utcnow():
        raise AccountError("The end of a suspension must be in the future.", "until")
    if not reason:
        raise AccountError("Please give a reason; the student will see it.", "reason")
    target.suspended_until = until
    target.suspension_reason = reason[:300]
    end_sessions(target)  # and they stay ended when the suspension is lifted
    audit.record(
        actor, "suspend", f"{target.role.value} {target.username} until {until:%Y-%m-%d}", reason
    )
    db.session.commit()


def reinstate(actor: User, target: User) -> None:
    target.suspended_until = None
    target.suspension_reason = None
    audit.record(actor, "reinstate", f"{target.role.value} {target.username}")
    db.session.commit()


# ---------------------------------------------------------------------------------------------
# Join codes


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


def create_join_code(
    creator: User, group_name: str, expires_at: datetime | None, max_uses: int | None
) -> JoinCode:
    if not group_name.strip():
        raise AccountError("Please name the group, for example “Year 9”.", "group")
    if expires_at is not None and expires_at <= utcnow():
        raise AccountError("The expiry must be in the future.", "expires_on")
    if max_uses is not None and max_uses < 1:
        raise AccountError("The use limit must be at least 1.", "max_uses")
    join_code = JoinCode(
        code=normalise_code(readable_secret(3, 4)),
        group=group_named(group_name),
        created_by_id=creator.id,
        expires_at=expires_at,
        max_uses=max_uses,
    )
    db.session.add(join_code)
    audit.record(creator, "create_join_code", f"join code for {join_code.group.name}")
    db.session.commit()
    return join_code


def revoke_join_code(actor: User, join_code: JoinCode) -> None:
    if join_code.revoked_at is None:
        join_code.revoked_at = utcnow()
        audit.record(actor, "revoke_join_code", f"join code for {join_code.group.name}")
        db.session.commit()


# ---------------------------------------------------------------------------------------------
# Roster import


@dataclass
class RosterResult:
    created: list[tuple[User, str]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def import_roster(actor: User, text: str) -> RosterResult:
    """Create students from CSV rows `username, display name, group`, all or nothing.

    Every row is checked first; if any row is wrong nothing is created and each problem is
    reported with its line number.
    """
    result = RosterResult()
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if rows and [c.strip().lower() for c in rows[0]][:3] == ["username", "display name", "group"]:
        rows = rows[1:]
        first_line = 2
    else:
        first_line = 1
    if not any(any(cell.strip() for cell in row) for row in rows):
        result.errors.append((0, "The file has no students in it."))
        return result
    if len(rows) > ROSTER_MAX_ROWS:
        result.errors.append((0, f"Import at most {ROSTER_MAX_ROWS} students at a time."))
        return result

    seen: set[str] = set()
    checked: list[tuple[int, str, str, str]] = []
    for line, row in enumerate(rows, start=first_line):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3:
            result.errors.append((line, "Expected three columns: username, display name, group."))
            continue
        username, display_name, group_name = (cell.strip() for cell in row)
        try:
            check_username(username)
            display_name = _check_display_name_alone(display_name)
        except AccountError as error:
            result.errors.append((line, f"{username or '(blank)'}: {error.message}"))
            continue
        if not group_name:
            result.errors.append((line, f"{username}: the group is missing."))
            continue
        if len(" ".join(group_name.split())) > GROUP_NAME_MAX:
            message = f"group names are at most {GROUP_NAME_MAX} characters."
            result.errors.append((line, f"{username}: {message}"))
            continue
        if username_key(username) in seen:
            result.errors.append((line, f"{username}: appears twice in the file."))
            continue
        seen.add(username_key(username))
        checked.append((line, username, display_name, group_name))

    # Names against everyone's on the board in one lookup, and against the file's earlier rows.
    keys = [lookalike_key(display_name) for _, _, display_name, _ in checked]
    in_use, in_file = names_in_use(keys), set()
    valid: list[tuple[str, str, str]] = []
    for (line, username, display_name, group_name), key in zip(checked, keys, strict=True):
        if key in in_use:
            result.errors.append((line, f"{username}: {NAME_TOO_CLOSE}"))
        elif key in in_file:
            result.errors.append(
                (
                    line,
                    f"{username}: the display name is too close to another "
                    "one in the file. Please make them different.",
                )
            )
        else:
            valid.append((username, display_name, group_name))
        in_file.add(key)
    if result.errors:
        result.errors.sort()
        return result

    for username, display_name, group_name in valid:
        one_time = readable_secret()
        user = User(
            username=username,
            display_name=display_name,
            password_hash=hash_one_time_password(one_time),
            group=group_named(group_name),
            must_change_password=True,
        )
        db.session.add(user)
        result.created.append((user, one_time))
    audit.record(actor, "import_roster", f"{len(valid)} students")
    db.session.commit()
    return result


# ---------------------------------------------------------------------------------------------
# Staff invites and duties


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_staff(
    creator: User, username: str, display_name: str, role: Role, safeguarding_lead: bool
) -> str:
    """Create the staff account (not usable yet) and return the one-time invite token."""
    if role not in (Role.STAFF, Role.ADMIN):
        raise AccountError("Invites are for staff or admin accounts.", "role")
    token = secrets.token_urlsafe(32)
    user = create_user(
        username,
        # Nobody knows this password; the invite link sets a real one.
        secrets.token_urlsafe(32),
        role=role,
        display_name=display_name,
        safeguarding_lead=safeguarding_lead,
        commit=False,
    )
    lifetime: timedelta = current_app.config["INVITE_LIFETIME"]
    db.session.add(
        StaffInvite(
            token_hash=_token_hash(token),
            user=user,
            created_by_id=creator.id,
            expires_at=utcnow() + lifetime,
        )
    )
    audit.record(creator, "invite_staff", f"{role.value} {user.username}")
    db.session.commit()
    return token


def set_pastoral_duty(actor: User, member: User, on: bool) -> None:
    """Give a member of staff pastoral duty (they see the pastoral review queue), or take it
    away. Students never have it."""
    if member.role == Role.STUDENT:
        raise AccountError("Pastoral duty is for staff.")
    if member.has_pastoral_duty == on:
        return
    member.has_pastoral_duty = on
    audit.record(
        actor,
        "pastoral_duty",
        f"{member.role.value} {member.username}",
        "given" if on else "taken away",
    )
    db.session.commit()


def find_invite(token: str) -> StaffInvite | None:
    invite = db.session.scalar(
        select(StaffInvite).where(StaffInvite.token_hash == _token_hash(token))
    )
    if invite is None or not invite.usable_at(utcnow()):
        return None
    return invite


def accept_invite(invite: StaffInvite, password: str) -> User:
    check_password(password, invite.user.username)
    # Mark used in SQL only if still unused: a link works once even if clicked twice at once.
    used = db.session.execute(
        update(StaffInvite)
        .where(StaffInvite.id == invite.id, StaffInvite.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if used.rowcount != 1:
        db.session.rollback()
        raise AccountError("This invite link has already been used.")
    invite.user.password_hash = hash_password(password)
    invite.user.must_change_password = False
    end_sessions(invite.user)
    db.session.commit()
    return invite.user


# ---------------------------------------------------------------------------------------------
# Deleting a student's account


def delete_student(actor: User, target: User, reason: str) -> None:
    """Remove a student and what they wrote, and the screening examples kept of it. Shout-outs
    they received stay, naming them as "a former student" (the recipient row loses its user);
    the audit log keeps the record, and safeguarding alerts about them stay (without them)."""
    from .posting import recount  # posting builds on accounts, not the other way round

    touched = set(
        db.session.scalars(select(Reaction.post_id).where(Reaction.user_id == target.id))
    ) | set(db.session.scalars(select(Reply.post_id).where(Reply.author_id == target.id)))
    audit.record(actor, "delete_account", f"student {target.username} (#{target.id})", reason)
    screening_labels.forget_writer(target.id)
    # Their posts take their reactions, replies, recipients and notifications with them (the
    # foreign keys cascade); replies and reactions elsewhere go too, and those counts are redone.
    db.session.execute(delete(Reaction).where(Reaction.user_id == target.id))
    db.session.execute(delete(Reply).where(Reply.author_id == target.id))
    db.session.execute(delete(Post).where(Post.author_id == target.id))
    db.session.execute(delete(User).where(User.id == target.id))
    db.session.expunge(target)
    recount(touched)
    db.session.commit()
