"""Logging in and out: one generic error, limits on failures that slow guessing without locking
out the person guessed at, safe `next`."""

import os
import uuid

import pytest
from markupsafe import escape

from board import create_app
from board.views.auth import LOGIN_FAILED

from .conftest import PASSWORD, app_config


def test_student_logs_in_and_out(client, auth, people):
    response = auth.login("sam")
    assert response.status_code == 302
    assert "Hello, Sam" in client.get("/").get_data(as_text=True)
    assert auth.logout().status_code == 302
    assert client.get("/").status_code == 302


def test_username_is_not_case_sensitive(client, auth, people):
    assert auth.login("SAM").status_code == 302


def test_logout_needs_a_post(client, auth, people):
    auth.login("sam")
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200


def test_unknown_user_and_wrong_password_get_the_same_answer(client, auth, people):
    unknown = auth.login("nobody-here", "wrong-password-1")
    wrong = auth.login("sam", "wrong-password-1")
    assert unknown.status_code == wrong.status_code == 401
    unknown_page = unknown.get_data(as_text=True).replace("nobody-here", "USERNAME")
    wrong_page = wrong.get_data(as_text=True).replace("sam", "USERNAME")
    assert str(escape(LOGIN_FAILED)) in wrong_page
    assert unknown_page == wrong_page


def login_from(client, address: str, username: str, password: str = PASSWORD):
    return client.post(
        "/login",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_more_than_five_failures_a_minute_from_one_address_get_429(client, auth, people):
    for _ in range(5):
        assert auth.login("sam", "wrong-password-1").status_code == 401
    assert auth.login("sam", "wrong-password-1").status_code == 429
    # Even the right password waits, from this address: the account is being guessed at here.
    locked = auth.login("sam", PASSWORD)
    assert locked.status_code == 429
    page = locked.get_data(as_text=True)
    assert "too many attempts to log in to this account from here" in page
    assert "Please try again in 1 minute." in page
    assert 'value="sam"' in page  # the username stays typed
    assert 0 < int(locked.headers["Retry-After"]) <= 60


def test_the_account_limit_counts_whatever_the_case(client, auth, people):
    for attempt in range(5):
        auth.login("SAM" if attempt % 2 else "sam", "wrong-password-1")
    assert auth.login("Sam", "wrong-password-1").status_code == 429


def test_successful_logins_do_not_count_towards_the_limit(client, auth, people):
    for _ in range(12):
        assert auth.login("sam").status_code == 302
        auth.logout()


def test_logging_in_forgets_the_typing_slips_before_it(client, auth, people):
    for _ in range(2):  # eight failures in the minute, more than five, yet never refused
        for _ in range(4):
            assert auth.login("sam", "wrong-password-1").status_code == 401
        assert auth.login("sam").status_code == 302
        auth.logout()


def test_the_right_password_from_another_address_logs_in_while_one_hammers_the_account(
    client, people
):
    for _ in range(30):
        login_from(client, "203.0.113.9", "sam", "wrong-password-1")
    assert login_from(client, "203.0.113.9", "sam").status_code == 429
    assert login_from(client, "198.51.100.7", "sam").status_code == 302


def test_an_account_under_attack_refuses_only_the_addresses_failing_at_it(client, people):
    """Many addresses, two guesses each: past ten failures a minute at the account, those
    addresses are refused even the right password, and an address new to it is not."""
    attackers = [f"203.0.113.{n}" for n in range(1, 6)]
    for address in attackers:
        for _ in range(2):
            assert login_from(client, address, "sam", "wrong-password-1").status_code == 401
    refused = login_from(client, attackers[0], "sam")
    assert refused.status_code == 429
    assert "Please try again in 1 minute." in refused.get_data(as_text=True)
    assert login_from(client, "198.51.100.7", "sam", "wrong-password-1").status_code == 401
    assert login_from(client, "198.51.100.8", "sam").status_code == 302


def test_a_whole_school_behind_one_address_mistyping_is_not_limited(client, auth, people):
    for number in range(30):
        assert auth.login(f"pupil{number}", "wrong-password-1").status_code == 401
    assert auth.login("sam").status_code == 302


@pytest.mark.parametrize("config_overrides", [{"LOGIN_LIMIT_PER_ADDRESS": "30 per minute"}])
def test_one_address_guessing_many_accounts_is_limited(client, auth, people):
    for number in range(30):
        assert auth.login(f"guess{number}", "wrong-password-1").status_code == 401
    assert auth.login("someone-else", "wrong-password-1").status_code == 429


def test_other_accounts_are_not_locked_by_one_accounts_failures(client, auth, people, make_user):
    make_user("alex")
    for _ in range(11):
        auth.login("sam", "wrong-password-1")
    assert auth.login("alex").status_code == 302


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/support", "/support"),
        ("/mod/students?q=a", "/mod/students?q=a"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("http:/evil.example", "/"),
    ],
)
def test_next_only_redirects_within_the_site(client, people, target, expected):
    response = client.post(
        "/login", query_string={"next": target}, data={"username": "sam", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_logged_out_visitor_is_sent_to_login_and_back(client, people):
    response = client.get("/mod/students")
    assert response.headers["Location"] == "/login?next=/mod/students"
    response = client.post("/login?next=/support", data={"username": "sam", "password": PASSWORD})
    assert response.headers["Location"] == "/support"


def test_session_cookie_is_httponly_and_lax(client, auth, people):
    response = auth.login("sam")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_over_https(client, people):
    response = client.post(
        "/login",
        data={"username": "sam", "password": PASSWORD},
        base_url="https://board.example",
    )
    assert "Secure" in response.headers["Set-Cookie"]


@pytest.fixture
def redis_url():
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL is not set: shared rate-limit test skipped")
    import redis

    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis at TEST_REDIS_URL is unreachable: {error}")
    return url


def test_login_limit_is_shared_between_workers_through_redis(migrated_database, people, redis_url):
    """Two app instances (as two gunicorn workers would be) count failures together."""
    shared = {"RATELIMIT_STORAGE_URI": redis_url, "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex}
    first = create_app(app_config(migrated_database, **shared)).test_client()
    for _ in range(3):
        response = first.post("/login", data={"username": "sam", "password": "wrong-password-1"})
        assert response.status_code == 401
    second = create_app(app_config(migrated_database, **shared)).test_client()
    for _ in range(2):
        response = second.post("/login", data={"username": "sam", "password": "wrong-password-1"})
        assert response.status_code == 401
    response = second.post("/login", data={"username": "sam", "password": "wrong-password-1"})
    assert response.status_code == 429


@pytest.mark.parametrize("config_overrides", [{"JOIN_LIMIT_PER_ADDRESS": "2 per hour"}])
def test_a_route_checks_its_own_limit(client):
    """The board keeps Flask-Limiter's checks on its routes only (board.route_limits_only)."""
    join = {"code": "NOT-A-CODE", "username": "newkid", "display_name": "New", "password": "x" * 12}
    for _ in range(2):
        assert client.post("/join", data=join).status_code != 429
    assert client.post("/join", data=join).status_code == 429
    assert client.get("/join").status_code == 200  # the limit is on joining, not on the page


def test_app_wide_rate_limits_are_refused_not_ignored(migrated_database):
    with pytest.raises(RuntimeError, match="RATELIMIT_DEFAULT"):
        create_app(app_config(migrated_database, RATELIMIT_DEFAULT="100 per minute"))


@pytest.mark.parametrize("config_overrides", [{"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:9/0"}])
def test_log_in_still_works_when_the_limit_storage_is_unreachable(client, auth, people, caplog):
    """Failures are counted in the worker's memory instead: no 500, and the limit still holds."""
    for _ in range(5):  # LOGIN_LIMIT_PER_ACCOUNT_ADDRESS
        assert auth.login("sam", "wrong-password-1").status_code == 401
    assert "counted in this worker's memory" in caplog.text
    assert auth.login("sam", "wrong-password-1").status_code == 429
    assert auth.login("ms.lee").status_code == 302
