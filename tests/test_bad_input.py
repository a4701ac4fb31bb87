"""Bad input is a clear refusal, never a server error, on SQLite and PostgreSQL alike: ids no row
can have, and text that only outgrows its column once it is lower-cased ("İ" lower-cases to two
code points)."""

import pytest
from sqlalchemy import func, select

from board.extensions import db
from board.models import AuditEntry, Nudge, Post, User, WatchedWord

# Within the form's 100 characters, but 200 once lower-cased: "i" and a combining dot.
EXPANDING = "İ" * 100


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    "nudge_id",
    ["9" * 20, str(2**31), "-1", "²", "abc"],
    ids=["20 digits", "2**31", "-1", "²", "abc"],
)
def test_a_nudge_id_no_row_can_have_is_refused(client, auth, people, nudge_id):
    auth.login("sam")
    response = client.post(
        "/posts/new?kind=help",
        data={
            "title": "Stuck on fractions",
            "body": "Can anyone explain equivalent fractions?",
            "category": "schoolwork",
            "nudge_id": nudge_id,
        },
    )
    assert response.status_code == 400
    assert "This form: it was changed on the way" in response.get_data(as_text=True)
    assert count(Post) == 0 and count(Nudge) == 0


@pytest.mark.parametrize("pattern", [EXPANDING, "a" * 101], ids=["expanding", "long"])
@pytest.mark.parametrize("via", ["form", "csv import"])
def test_a_watched_word_too_long_once_lower_cased_is_refused(client, auth, people, pattern, via):
    auth.login("ms.lee")
    if via == "form":
        response = client.post("/mod/watched-words", data={"pattern": pattern, "action": "flag"})
    else:
        csv = f"vape*,block\n{pattern},hold\n"
        response = client.post("/mod/watched-words/import", data={"csv": csv})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "at most 100 characters" in page
    assert via == "form" or "Line 2: " in page
    assert count(WatchedWord) == 0 and count(AuditEntry) == 0


@pytest.mark.parametrize(
    "line, problem",
    [
        ("amir7,Amir," + "Year 7 " * 9, "group names are at most 60 characters"),
        ("amir7,Amir," + "İ" * 61, "group names are at most 60 characters"),
        ("amir7," + "İ" * 51 + ",Year 7", "Display names are at most 50 characters"),
        ("İİİİİİİİİİ,Amir,Year 7", "Usernames are"),
        ("a" * 31 + ",Amir,Year 7", "Usernames are"),
    ],
    ids=["long group", "expanding group", "long name", "expanding username", "long username"],
)
def test_a_roster_line_too_long_is_named_and_nothing_is_imported(
    client, auth, people, line, problem
):
    auth.login("ms.lee")
    before = count(User)
    response = client.post("/mod/roster", data={"roster": f"beth7,Beth,Year 7\n{line}\n"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Line 2: " in page and problem in page
    assert count(User) == before and count(AuditEntry) == 0
