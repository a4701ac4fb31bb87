"""The "Staff" badge: beside a member of staff's name on their posts, replies and profile, so a
name alone never signals authority; never beside a student's."""

import re

from board import posting
from board.extensions import db
from board.models import Role

from .test_posting import ask, shout

STAFF_BADGE = '<span class="tag tag-staff">Staff</span>'


def byline_of(page: str, anchor: str) -> str:
    """The byline of the post or reply whose element id is `anchor`."""
    article = page.split(f'id="{anchor}"', 1)[1]
    return re.search(r'<p class="byline">(.*?)</p>', article, re.S).group(1)


def test_staff_posts_and_replies_carry_a_staff_badge_and_students_do_not(
    client, auth, people, make_user
):
    ana = make_user("ana")
    by_staff = ask(people.staff, title="Who wants to join the chess club?")
    by_student = ask(people.student, title="Stuck on fractions")
    by_admin = shout(people.admin, ["ana"], title="Well done Ana")
    staff_reply = posting.add_reply(people.staff, by_student, "Come and see me at lunch.")
    student_reply = posting.add_reply(ana, by_student, "Draw them as pizza slices!")

    auth.login("ana")
    for _ in range(2):  # the second time every card comes from the cache
        feed = client.get("/").get_data(as_text=True)
        assert STAFF_BADGE in byline_of(feed, f"post-{by_staff.id}")
        assert STAFF_BADGE in byline_of(feed, f"post-{by_admin.id}")
        assert "tag-staff" not in byline_of(feed, f"post-{by_student.id}")
        assert feed.count(STAFF_BADGE) == 2

    thread = client.get(f"/posts/{by_student.id}").get_data(as_text=True)
    assert STAFF_BADGE in byline_of(thread, f"reply-{staff_reply.id}")
    assert "tag-staff" not in byline_of(thread, f"reply-{student_reply.id}")
    assert "tag-staff" not in byline_of(thread, f"post-{by_student.id}")
    page = client.get(f"/posts/{by_staff.id}").get_data(as_text=True)
    assert STAFF_BADGE in byline_of(page, f"post-{by_staff.id}")


def test_a_cached_card_follows_its_authors_role(client, auth, people):
    post = ask(people.student, title="Stuck on fractions")
    auth.login("ms.lee")
    assert "tag-staff" not in byline_of(client.get("/").get_data(as_text=True), f"post-{post.id}")
    people.student.role = Role.STAFF
    db.session.commit()
    assert STAFF_BADGE in byline_of(client.get("/").get_data(as_text=True), f"post-{post.id}")


def test_profiles_of_staff_show_the_badge_beside_the_name(client, auth, people):
    auth.login("sam")
    staff_page = client.get("/u/ms.lee").get_data(as_text=True)
    heading = re.search(r"<h1>(.*?)</h1>", staff_page, re.S).group(1)
    assert heading.startswith("Ms Lee " + STAFF_BADGE)
    student_page = client.get("/u/sam").get_data(as_text=True)
    assert "tag-staff" not in student_page
