"""Accounts: joining with a code, one-time passwords, suspensions, roster import, staff invites."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from board import accounts
from board.extensions import db
from board.models import JoinCode, Role, StaffInvite, User, utcnow

from .conftest import PASSWORD


@pytest.fixture
def join_code(people):
    return accounts.create_join_code(people.staff, "Year 9", None, None)


def join(client, code, username="newkid", display_name=None, password="a-good-password"):
    return client.post(
        "/join",
        data={
            "code": code,
            "username": username,
            "display_name": display_name or ("New Kid" if username == "newkid" else username),
            "password": password,
        },
    )


def test_student_joins_with_a_code_and_lands_in_the_group(client, join_code):
    response = join(client, join_code.code.lower())
    assert response.status_code == 302
    user = accounts.find_user("newkid")
    assert user.role == Role.STUDENT
    assert user.group.name == "Year 9"
    assert db.session.get(JoinCode, join_code.id).uses == 1
    assert "Hello, New Kid" in client.get("/").get_data(as_text=True)


def test_join_keeps_what_was_typed_and_says_what_to_fix(client, join_code):
    response = join(client, join_code.code, username="no spaces!", display_name="Kim")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Usernames are 3–30 characters" in page
    assert 'value="Kim"' in page
    assert f'value="{join_code.code}"' in page
    assert 'value="a-good-password"' not in page


@pytest.mark.parametrize("taken", ["sam", "SAM", "Sam"])
def test_usernames_are_unique_regardless_of_case(client, join_code, taken):
    response = join(client, join_code.code, username=taken)
    assert "That username is taken" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User)) == 3


@pytest.mark.parametrize(
    "change",
    [
        {"revoked_at": utcnow()},
        {"expires_at": utcnow() - timedelta(minutes=1)},
        {"max_uses": 2, "uses": 2},
    ],
    ids=["revoked", "expired", "used-up"],
)
def test_unusable_join_codes_are_refused(client, join_code, change):
    for key, value in change.items():
        setattr(join_code, key, value)
    db.session.commit()
    response = join(client, join_code.code)
    assert response.status_code == 400
    assert "join code isn" in response.get_data(as_text=True)
    assert accounts.find_user("newkid") is None


def test_use_limit_lets_exactly_that_many_join(client, people):
    code = accounts.create_join_code(people.staff, "Year 7", None, 2)
    assert join(client, code.code, username="first").status_code == 302
    client.post("/logout")
    assert join(client, code.code, username="second").status_code == 302
    client.post("/logout")
    assert join(client, code.code, username="third").status_code == 400
    assert db.session.get(JoinCode, code.id).uses == 2


def test_weak_password_is_refused_at_join(client, join_code):
    response = join(client, join_code.code, password="short")
    assert "at least 8 characters" in response.get_data(as_text=True)


COMMON = "one of the most common ones"


@pytest.mark.parametrize("password", ["password", "12345678", "Iloveyou1", " qwertyuiop "])
def test_common_passwords_are_refused_at_join_kindly(client, join_code, password):
    response = join(client, join_code.code, password=password)
    assert response.status_code == 400
    assert COMMON in response.get_data(as_text=True)
    assert accounts.find_user("newkid") is None


def test_common_passwords_are_refused_when_changing_a_password(client, auth, people):
    auth.login("sam")
    response = client.post(
        "/me/password", data={"current_password": PASSWORD, "password": "password1"}
    )
    assert COMMON in response.get_data(as_text=True)
    assert auth.logout().status_code == 302
    assert auth.login("sam").status_code == 302  # unchanged


def test_common_passwords_are_refused_when_accepting_an_invite(client, people):
    token = accounts.invite_staff(people.admin, "mr.new", "Mr New", Role.STAFF, False)
    response = client.post(f"/invite/{token}", data={"password": "qwertyuiop"})
    assert COMMON in response.get_data(as_text=True)
    assert client.post(f"/invite/{token}", data={"password": "staff-password-1"}).status_code == 302


def test_a_class_of_35_joins_together_from_the_schools_one_address(app, client, join_code):
    for number in range(35):
        pupil = app.test_client()  # each on their own computer
        response = join(
            pupil, join_code.code, username=f"pupil{number}", display_name=f"Pupil {number}"
        )
        assert response.status_code == 302, number
    assert db.session.get(JoinCode, join_code.id).uses == 35


def test_guessing_join_codes_is_still_limited(client, join_code):
    for _ in range(60):
        assert join(client, "NOT-A-REAL-CODE").status_code == 400
    assert join(client, "NOT-A-REAL-CODE").status_code == 429
    assert join(client, join_code.code).status_code == 429  # from this address, for now


def test_staff_create_list_and_revoke_join_codes(client, auth, people):
    auth.login("ms.lee")
    response = client.post("/mod/join-codes", data={"group": "Year 10", "max_uses": "30"})
    assert response.status_code == 302
    code = db.session.scalar(select(JoinCode))
    page = client.get("/mod/join-codes").get_data(as_text=True)
    assert code.code in page and "Year 10" in page and "0 of 30" in page
    assert client.post(f"/mod/join-codes/{code.id}/revoke").status_code == 302
    assert "Revoked" in client.get("/mod/join-codes").get_data(as_text=True)


def test_join_code_expiry_must_be_in_the_future(client, auth, people):
    auth.login("ms.lee")
    response = client.post("/mod/join-codes", data={"group": "Year 10", "expires_on": "2001-01-01"})
    assert response.status_code == 400
    assert "expiry must be in the future" in response.get_data(as_text=True)


def test_reset_password_gives_a_one_time_password_that_must_be_changed(client, auth, people):
    auth.login("ms.lee")
    response = client.post(f"/mod/accounts/{people.student.id}/reset-password")
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    one_time = page.split('<p class="secret" aria-label="One-time password">')[1].split("<")[0]
    auth.logout()

    assert auth.login("sam").status_code == 401  # the old password no longer works
    response = auth.login("sam", one_time)
    assert response.headers["Location"] == "/me/password"
    assert client.get("/").headers["Location"] == "/me/password"
    assert client.get("/mod/students").headers["Location"] == "/me/password"
    response = client.post(
        "/me/password", data={"current_password": one_time, "password": "my-own-secret"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    auth.logout()
    assert auth.login("sam", "my-own-secret").status_code == 302


def test_change_password_needs_the_current_one(client, auth, people):
    auth.login("sam")
    response = client.post(
        "/me/password", data={"current_password": "wrong-one-x", "password": "my-own-secret"}
    )
    assert "not your current password" in response.get_data(as_text=True)


def test_suspended_student_is_told_until_when_and_why(client, auth, people):
    auth.login("ms.lee")
    until = (utcnow() + timedelta(days=3)).date()
    response = client.post(
        f"/mod/accounts/{people.student.id}/suspend",
        data={"until": until.isoformat(), "reason": "Unkind messages to a classmate."},
    )
    assert response.status_code == 302
    auth.logout()
    response = auth.login("sam")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert f"{until:%-d %B %Y}" in page
    assert "Unkind messages to a classmate." in page
    assert client.get("/").status_code == 302


def test_wrong_password_for_a_suspended_account_reveals_nothing(client, auth, people):
    accounts.suspend(people.staff, people.student, utcnow() + timedelta(days=1), "A reason")
    response = auth.login("sam", "wrong-password-1")
    assert response.status_code == 401
    assert "A reason" not in response.get_data(as_text=True)


def test_suspension_ends_an_open_session_and_lifts_itself(client, auth, people):
    auth.login("sam")
    accounts.suspend(people.staff, people.student, utcnow() + timedelta(days=1), "A reason")
    assert client.get("/").status_code == 302
    people.student.suspended_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert auth.login("sam").status_code == 302


def test_reinstate_lets_the_student_back_in(client, auth, people):
    accounts.suspend(people.staff, people.student, utcnow() + timedelta(days=1), "A reason")
    auth.login("ms.lee")
    assert client.post(f"/mod/accounts/{people.student.id}/reinstate").status_code == 302
    auth.logout()
    assert auth.login("sam").status_code == 302


def test_suspension_needs_a_future_date_and_a_reason(client, auth, people):
    auth.login("ms.lee")
    response = client.post(
        f"/mod/accounts/{people.student.id}/suspend", data={"until": "2001-01-01", "reason": ""}
    )
    assert response.status_code == 400
    assert people.student.suspended_until is None


ROSTER = "username,display name,group\namir7,Amir,Year 7\nbeth7,Beth,Year 7\ncara8,Cara,Year 8\n"


def test_roster_import_creates_students_with_one_time_passwords(client, auth, people):
    auth.login("ms.lee")
    response = client.post("/mod/roster", data={"roster": ROSTER})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "3 students imported" in page
    amir = accounts.find_user("amir7")
    assert amir.must_change_password and amir.group.name == "Year 7"
    assert accounts.find_user("cara8").group.name == "Year 8"
    one_time = page.split("amir7</td>")[1].split('<code class="code">')[1].split("<")[0]
    auth.logout()
    assert auth.login("amir7", one_time).headers["Location"] == "/me/password"


def test_roster_with_a_bad_row_imports_nothing_and_names_each_row(client, auth, people):
    auth.login("ms.lee")
    bad = ROSTER + "x,Too Short,Year 8\nsam,Clash,Year 8\namir7,Twice,Year 7\nonly-two,cols\n"
    response = client.post("/mod/roster", data={"roster": bad})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nothing was imported" in page
    assert "Line 5: x: Usernames are" in page
    assert "Line 6: sam: That username is taken" in page
    assert "Line 7: amir7: appears twice" in page
    assert "Line 8: Expected three columns" in page
    assert accounts.find_user("amir7") is None
    assert "amir7,Amir,Year 7" in page  # what was pasted is kept for fixing


def test_admin_invites_staff_who_sets_a_password_once(client, auth, people):
    auth.login("head")
    response = client.post(
        "/admin/staff/invite",
        data={
            "username": "mr.new",
            "display_name": "Mr New",
            "role": "staff",
            "safeguarding_lead": "y",
        },
    )
    assert response.status_code == 200
    link = response.get_data(as_text=True).split('id="invite-link">')[1].split("<")[0]
    path = link.removeprefix("http://localhost")
    auth.logout()

    new = accounts.find_user("mr.new")
    assert new.role == Role.STAFF and new.is_safeguarding_lead
    assert auth.login("mr.new", "anything-at-all").status_code == 401
    assert client.get(path).status_code == 200
    assert client.post(path, data={"password": "staff-password-1"}).status_code == 302
    assert client.get(path).status_code == 404
    assert auth.login("mr.new", "staff-password-1").status_code == 302
    assert client.get("/mod/students").status_code == 200


def test_expired_invite_does_not_work(client, people):
    token = accounts.invite_staff(people.admin, "late", "Late", Role.STAFF, False)
    invite = db.session.scalar(select(StaffInvite))
    invite.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get(f"/invite/{token}").status_code == 404


def test_invite_token_is_stored_only_as_a_hash(people):
    token = accounts.invite_staff(people.admin, "hashme", "Hash Me", Role.STAFF, False)
    assert db.session.scalar(select(StaffInvite.token_hash)) != token
    assert token not in str(db.session.scalar(select(StaffInvite.token_hash)))


def test_students_cannot_be_safeguarding_leads(app):
    user = accounts.create_user("kid", PASSWORD, safeguarding_lead=True)
    assert not user.is_safeguarding_lead


def test_passwords_are_hashed_with_scrypt(app, people):
    assert people.student.password_hash.startswith("scrypt:")
    assert PASSWORD not in people.student.password_hash


def test_staff_can_search_students_by_group(client, auth, people, make_user):
    year9 = accounts.group_named("Year 9")
    make_user("nina", group=year9)
    make_user("omar", group=accounts.group_named("Year 7"))
    db.session.commit()
    auth.login("ms.lee")
    page = client.get("/mod/students", query_string={"group": year9.id}).get_data(as_text=True)
    assert "nina" in page and "omar" not in page
    page = client.get("/mod/students", query_string={"q": "OMA"}).get_data(as_text=True)
    assert "omar" in page and "nina" not in page
