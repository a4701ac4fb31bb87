"""Display names: nobody can take a name that looks like a teacher's or a classmate's."""

import disarm
import pytest
import sqlalchemy as sa
from sqlalchemy import event, func, select

from board import accounts, create_app, display_names
from board.extensions import db
from board.models import Role, User

from .conftest import app_config, empty_database
from .test_accounts import join

TOO_CLOSE = "That name is too close to someone else&#39;s on the board. Please choose another."


@pytest.fixture
def join_code(people, make_user):
    make_user("mr.jones", role=Role.STAFF, display_name="Mr Jones")
    make_user("ms.patel", role=Role.STAFF, display_name="Ms Patel")
    make_user("mrs.smith", role=Role.STAFF, display_name="Mrs Smith")
    return accounts.create_join_code(people.staff, "Year 9", None, None)


def accounts_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


LOOKALIKES = {
    "exact": "Ms Lee",
    "lower case": "ms lee",
    "capitals": "MS LEE",
    "Cyrillic е": "Ms L\u0435\u0435",
    "Cyrillic а": "Ms P\u0430tel",
    "Cyrillic о": "Mr J\u043enes",
    "Cyrillic ѕ": "M\u0455 Lee",
    "zero-width space": "Ms\u200b Lee",
    "zero-width space inside a word": "Ms L\u200bee",
    "zero-width joiner": "Ms L\u200dee",
    "Hangul filler for the space": "Ms\u3164Lee",
    "Hangul choseong filler": "Ms\u115fLee",
    "halfwidth Hangul filler": "\uffa0Ms Lee",
    "right-to-left override": "\u202eMs Lee",
    "left-to-right isolate": "\u2066Ms Lee\u2069",
    "doubled spaces": "Ms  Lee",
    "spaces around": "  Ms Lee  ",
    "capital I for l": "Ms Iee",
    "digit 1 for l": "Ms 1ee",
    "zero for O": "Mr J0nes",
    "rn for m": "Mrs Srnith",
    "fullwidth letters": "\uff2d\uff53 \uff2c\uff45\uff45",
    "Khmer invisible vowel": "Ms Lee\u17b4",
    "variation selector": "Ms Lee\ufe0f",
}


@pytest.mark.parametrize("name", LOOKALIKES.values(), ids=LOOKALIKES.keys())
def test_a_student_cannot_join_with_a_name_that_looks_like_a_teachers(client, join_code, name):
    before = accounts_count()
    response = join(client, join_code.code, display_name=name)
    assert response.status_code == 400
    assert TOO_CLOSE in response.get_data(as_text=True)
    assert accounts_count() == before


@pytest.mark.parametrize("name", ["Sam", "sam", "S\u0430m", "Sam\u200b"])
def test_a_student_cannot_take_another_students_name(client, join_code, name):
    response = join(client, join_code.code, display_name=name)
    assert response.status_code == 400
    assert TOO_CLOSE in response.get_data(as_text=True)


@pytest.mark.parametrize("name", ["Lee", "Mia Lee", "Ms Leeds", "Sammy", "Мария", "Zoë"])
def test_a_genuinely_different_name_is_welcome(client, join_code, name):
    response = join(client, join_code.code, display_name=name)
    assert response.status_code == 302
    assert accounts.find_user("newkid").display_name == name


def test_invisible_and_direction_characters_are_not_kept_in_a_name(client, join_code):
    # U+202E would show "eeL aiM" as "Mia Lee"; without it, it shows as typed.
    join(client, join_code.code, display_name="\u202eeeL aiM\u200b  \u3164Jr")
    assert accounts.find_user("newkid").display_name == "eeL aiM Jr"
    page = client.get("/").get_data(as_text=True)
    assert "\u202e" not in page and "\u3164" not in page


def test_a_name_of_only_invisible_characters_is_no_name(client, join_code):
    response = join(client, join_code.code, display_name="\u3164\u200b\u115f")
    assert "Please enter a display name." in response.get_data(as_text=True)


def test_the_length_limit_counts_the_name_as_shown(client, join_code):
    fifty = "Abcdefghij" * 5
    response = join(client, join_code.code, display_name="  " + fifty.replace("j", "j\u200b"))
    assert response.status_code == 302
    assert accounts.find_user("newkid").display_name == fifty


def test_staff_cannot_be_invited_with_a_students_name(client, auth, people):
    auth.login("head")
    response = client.post(
        "/admin/staff/invite",
        data={"username": "mr.sam", "display_name": "SAM", "role": "staff"},
    )
    assert response.status_code == 400
    assert TOO_CLOSE in response.get_data(as_text=True)
    assert accounts.find_user("mr.sam") is None


def test_keeping_ones_own_name_is_not_a_clash(people):
    assert accounts.check_display_name("Ms L\u0435e", renaming=people.staff) == "Ms L\u0435e"
    with pytest.raises(accounts.AccountError, match="too close"):
        accounts.check_display_name("Sam", renaming=people.staff)


def test_roster_lines_with_lookalike_names_are_named_and_nothing_is_imported(client, auth, people):
    auth.login("ms.lee")
    roster = (
        "username,display name,group\n"
        "amir7,Amir,Year 7\n"
        "lee7,Ms L\u0435\u0435,Year 7\n"
        "sam7,sam,Year 7\n"
        "beth7,Beth,Year 7\n"
        "beth8,BETH,Year 8\n"
    )
    response = client.post("/mod/roster", data={"roster": roster})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nothing was imported" in page
    assert f"Line 3: lee7: {TOO_CLOSE}" in page
    assert f"Line 4: sam7: {TOO_CLOSE}" in page
    assert "Line 6: beth8: the display name is too close to another one in the file." in page
    assert "Line 2" not in page and "Line 5" not in page
    assert accounts.find_user("amir7") is None

    fixed = roster.replace("Ms L\u0435\u0435", "Lee").replace(",sam,", ",Sami,")
    response = client.post("/mod/roster", data={"roster": fixed.replace("BETH", "Bea")})
    assert "5 students imported" in response.get_data(as_text=True)


def test_a_roster_checks_all_its_names_in_one_lookup(client, auth, people):
    roster = "".join(f"kid{i},Kid {i},Year 7\n" for i in range(60))
    lookups: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if "display_name_key IN" in statement:
            lookups.append(statement)

    auth.login("ms.lee")
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.post("/mod/roster", data={"roster": roster})
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert "60 students imported" in response.get_data(as_text=True)
    assert len(lookups) == 1


def test_the_stored_keys_were_made_by_the_installed_disarm():
    assert disarm.KEY_SCHEMA_VERSION == display_names.KEY_SCHEMA, (
        "disarm makes lookalike keys differently now: add a migration that recomputes "
        "user.display_name_key, then update display_names.KEY_SCHEMA"
    )


@pytest.fixture
def fresh_database_url(request, tmp_path):
    yield from empty_database(request, tmp_path)


def test_names_from_before_the_upgrade_are_protected_too(fresh_database_url):
    app = create_app(app_config(fresh_database_url))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "c3a9e5f7b2d1"]).exit_code == 0
    with app.app_context(), db.engine.begin() as connection:
        for username, name, role in (
            ("ms.lee", "Ms Lee", "staff"),
            ("sam", "Sam\u200b", "student"),
        ):
            connection.execute(
                sa.text(
                    'INSERT INTO "user" (username, username_key, display_name, password_hash, '
                    "role, is_safeguarding_lead, must_change_password, created_at) "
                    "VALUES (:username, :username, :name, 'x', :role, false, false, "
                    "CURRENT_TIMESTAMP)"
                ),
                {"username": username, "name": name, "role": role},
            )
    with app.app_context():
        db.engine.dispose()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        for lookalike in ("MS L\u0435E", "sam"):
            with pytest.raises(accounts.AccountError, match="too close"):
                accounts.check_display_name(lookalike)
        assert accounts.check_display_name("Sammy") == "Sammy"
        db.session.remove()
        db.engine.dispose()
