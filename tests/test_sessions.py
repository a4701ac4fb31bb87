"""Sessions end on the server: a copy of a session cookie stops working when its account logs out,
changes or is given a new password, is suspended or deleted, or logs out everywhere. Logging in
starts a new session with a new CSRF token. Every failed log-in costs the same password checks."""

import re
from datetime import timedelta

import pytest
from werkzeug.security import generate_password_hash

from board import accounts
from board.models import utcnow

from .conftest import PASSWORD


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def replay(app, cookie: str):
    """What someone holding a copy of the cookie sees: a client of their own."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get("/")


def logged_out(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_copied_cookie_works_until_the_session_ends(app, client, auth, people):
    auth.login("sam")
    copied = session_cookie(client)
    assert replay(app, copied).status_code == 200


def test_logging_out_ends_a_copy_of_the_session(app, client, auth, people):
    auth.login("sam")
    copied = session_cookie(client)
    auth.logout()
    assert logged_out(replay(app, copied))


def test_changing_my_password_ends_my_other_sessions_but_not_this_one(app, client, auth, people):
    auth.login("sam")
    other = session_cookie(client)  # as if logged in on another computer too
    response = client.post(
        "/me/password", data={"current_password": PASSWORD, "password": "a-brand-new-secret"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert logged_out(replay(app, other))


def test_a_staff_password_reset_ends_the_students_sessions(app, client, auth, people):
    auth.login("sam")
    copied = session_cookie(client)
    accounts.reset_password(people.staff, people.student)
    assert logged_out(replay(app, copied))
    assert logged_out(client.get("/"))


def test_a_suspension_ends_the_sessions_for_good(app, client, auth, people):
    auth.login("sam")
    copied = session_cookie(client)
    accounts.suspend(people.staff, people.student, utcnow() + timedelta(days=1), "A reason")
    accounts.reinstate(people.staff, people.student)
    assert logged_out(replay(app, copied))


def test_a_deleted_accounts_session_is_nobodys(app, client, auth, people, make_user):
    """On SQLite the next account can get the deleted one's id: the old cookie is not theirs."""
    kid = make_user("kid", display_name="Kid")
    auth.login("kid")
    copied = session_cookie(client)
    accounts.delete_student(people.admin, kid, "Left school")
    make_user("newcomer", display_name="Newcomer")
    assert logged_out(replay(app, copied))


def test_log_out_everywhere_ends_every_session(app, client, auth, people):
    auth.login("sam")
    phone = app.test_client()
    phone.post("/login", data={"username": "sam", "password": PASSWORD})
    assert phone.get("/").status_code == 200
    assert "Log out everywhere" in client.get("/me").get_data(as_text=True)
    response = client.post("/me/log-out-everywhere")
    assert response.headers["Location"] == "/login"
    assert "logged out on every computer and phone" in client.get("/login").get_data(as_text=True)
    assert logged_out(phone.get("/"))
    assert logged_out(client.get("/"))
    assert auth.login("sam").status_code == 302  # the password still works


def test_an_old_style_session_without_a_key_is_nobodys(app, client, people):
    with client.session_transaction() as session:
        session["_user_id"] = str(people.student.id)
    assert logged_out(client.get("/"))


class TestWithCsrf:
    @pytest.fixture
    def config_overrides(self):
        return {"WTF_CSRF_ENABLED": True}

    @staticmethod
    def token(page: str) -> str:
        return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)

    def test_logging_in_starts_a_new_session_and_csrf_token(self, client, people):
        before = self.token(client.get("/login").get_data(as_text=True))
        cookie_before = session_cookie(client)
        response = client.post(
            "/login", data={"username": "sam", "password": PASSWORD, "csrf_token": before}
        )
        assert response.status_code == 302
        assert session_cookie(client) != cookie_before
        after = self.token(client.get("/me").get_data(as_text=True))
        assert after != before
        # The token someone planted before the log-in is no good after it.
        assert client.post("/logout", data={"csrf_token": before}).status_code == 400
        assert client.post("/logout", data={"csrf_token": after}).status_code == 302

    def test_log_out_everywhere_needs_the_token(self, client, people):
        token = self.token(client.get("/login").get_data(as_text=True))
        client.post("/login", data={"username": "sam", "password": PASSWORD, "csrf_token": token})
        assert client.post("/me/log-out-everywhere").status_code == 400
        assert client.get("/").status_code == 200


def hash_kind(password_hash: str) -> str:
    return password_hash.partition("$")[0]  # "scrypt:32768:8:1": the method and its cost


@pytest.fixture
def checked_hashes(monkeypatch):
    """The kind (method and cost) of every hash a password is checked against."""
    kinds: list[str] = []
    real = accounts.check_password_hash

    def check(password_hash: str, password: str) -> bool:
        kinds.append(hash_kind(password_hash))
        return real(password_hash, password)

    monkeypatch.setattr(accounts, "check_password_hash", check)
    return kinds


def test_every_failed_login_checks_the_same_kinds_of_hash(
    app, client, auth, people, make_user, checked_hashes
):
    """By the time it takes, no failure tells an unknown username from a wrong password, an
    account still on a one-time password, or a suspended one: each checks the password once at
    the configured cost and once at the one-time password's."""
    configured = hash_kind(generate_password_hash("x", method=app.config["PASSWORD_HASH_METHOD"]))
    one_time = hash_kind(accounts.hash_one_time_password("x"))
    make_user("newkid")
    accounts.reset_password(people.staff, accounts.find_user("newkid"))
    accounts.suspend(people.staff, people.student, utcnow() + timedelta(days=1), "A reason")
    make_user("alex")
    for username in ("nobody-here", "newkid", "sam", "alex"):
        checked_hashes.clear()
        assert auth.login(username, "wrong-password-1").status_code == 401
        assert sorted(checked_hashes) == sorted([configured, one_time]), username
