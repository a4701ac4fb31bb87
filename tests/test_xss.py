"""XSS: hostile text in every text field comes back as harmless text on every page that shows it.

Table-driven: each payload goes through the real HTTP forms into the title and text of a help
request, a shout-out and an edit, a reply, a display name (joining with a code), the recipients
of a shout-out and the reason for hiding one, and into the refusal pages that echo each field
back (too long, no such classmate) and the pages that echo the query string (search, prefilled
forms). Then every page that shows the text is fetched, as the writer, the new member, the
classmate celebrated, a kiosk screen and a member of staff: post pages with replies, reactions and
edit history, the board, profiles, /me, notifications, the wall and the staff tools.

Each page is parsed back with the standard library (`check_html`, which has its own self-test):
no script element other than the app's own files, no event-handler attribute, no script URL, no
embedding elements, no inline style; and the hostile text must be on the page as typed, so that
a page cannot pass by losing it.

One test per payload does every field, so a failure lists every page that payload reached. Each
test has a fresh database, so the shout-out limit (5 a day per student) is never reached.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

import pytest
from jinja2 import BytecodeCache
from sqlalchemy import select

from board import accounts, posting, wall
from board.extensions import db
from board.models import Post, Reply, Role

# ---------------------------------------------------------------------------------------------
# The payloads: (test id, text). All at most 120 characters, so each one fits in a title.

B64_SCRIPT = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="  # <script>alert(1)</script>

PAYLOADS = [
    # <script> in its many spellings
    ("script", "<script>alert(1)</script>"),
    ("script-upper", "<SCRIPT>alert(1)</SCRIPT>"),
    ("script-unclosed", "<script>alert(1)</script"),
    ("script-split", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
    ("script-multiline", "Hello\n\n<script>\nalert(1)\n</script>\n\nBye"),
    # event handlers
    ("img-onerror", "<img src=x onerror=alert(1)>"),
    ("img-onerror-unclosed", "<img src=x onerror=alert(1)//"),
    ("svg-onload", "<svg onload=alert(1)>"),
    ("body-onload", "<body onload=alert(1)>"),
    ("details-ontoggle", "<details open ontoggle=alert(1)>"),
    # SVG and MathML
    ("svg-script", "<svg><script>alert(1)</script></svg>"),
    ("svg-xlink", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'),
    ("math-mxss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    ("noscript-mxss", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
    # frames, objects and other embedding
    ("iframe-javascript", '<iframe src="javascript:alert(1)"></iframe>'),
    ("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    ("template-script", "<template><script>alert(1)</script></template>"),
    ("object-data", '<object data="javascript:alert(1)"></object>'),
    ("embed-data", '<embed src="data:text/html,<script>alert(1)</script>">'),
    ("base-href", '<base href="javascript:alert(1)//">'),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    ("form-action", '<form action="javascript:alert(1)"><button>go</button></form>'),
    ("button-formaction", '<button formaction="javascript:alert(1)">go</button>'),
    # script URLs, written as links and as bare text
    ("a-javascript", '<a href="javascript:alert(1)">click me</a>'),
    ("a-javascript-tab", '<a href="jav&#x09;ascript:alert(1)">tab</a>'),
    ("bare-javascript", "javascript:alert(document.cookie)"),
    ("bare-javascript-case", "JaVaScRiPt:alert(1)"),
    ("bare-javascript-tab-entity", "java&#x09;script:alert(1)"),
    ("bare-http-javascript", "http://javascript:alert(1)"),
    ("bare-data", "data:text/html;base64," + B64_SCRIPT),
    ("bare-vbscript", "vbscript:msgbox(1)"),
    ("markdown-link", "[x](javascript:alert(1))"),
    # encoded and malformed tags
    ("entity-named", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("entity-decimal", "&#60;script&#62;alert(1)&#60;/script&#62;"),
    ("comment", "<!--<script>alert(1)//-->"),
    # breaking out of attributes and containers
    ("break-double-quote", '"><script>alert(1)</script>'),
    ("break-single-quote", "'><svg onload=alert(1)>"),
    ("break-into-handler", '" onmouseover="alert(1)'),
    ("break-textarea", "</textarea><script>alert(1)</script>"),
    ("break-backtick", "` onmouseover=`alert(1)"),
    # style
    ("style-url", '<div style="background:url(javascript:alert(1))">x</div>'),
    ("style-expression", '<p style="width: expression(alert(1))">x</p>'),
    ("style-element", "<style>@import 'javascript:alert(1)';</style>"),
    # null bytes and unicode tricks
    ("null-in-tag", "<scri\x00pt>alert(1)</scri\x00pt>"),
    ("rtl-override", "\u202e<script>alert(1)</script>"),
    ("zero-width", "<\u200bscript>alert(1)</script>\ufeff"),
    # links the linkifier does make, and mentions
    ("url-double-quote", 'https://example.com/"onmouseover="alert(1)'),
    ("mention-breakout", '@"><script>alert(1)</script>'),
    ("mention-real-breakout", '@ben"><img src=x onerror=alert(1)>'),
    ("mention-in-url", 'https://example.com/?u=@ben"onmouseover="alert(1)'),
    # template injection: must stay text, and never reveal the configuration
    ("jinja", "{{ config.SECRET_KEY }}{% print(7*7) %}"),
]
PAYLOAD_IDS = [name for name, _ in PAYLOADS]

# ---------------------------------------------------------------------------------------------
# The checker


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Every element the templates, WTForms and the text renderer (p, br, a) produce.
KNOWN_ELEMENTS = words(
    "html head meta title link body header nav main footer section article div details"
    " summary h1 h2 h3 p br span strong code pre time a ul ol li dl dt dd table caption"
    " thead tbody tr th td form label input textarea select option datalist button script"
)
FORBIDDEN_ELEMENTS = words(
    "iframe frame frameset object embed applet base svg math style template noscript img"
    " video audio source marquee"
)
URL_ATTRIBUTES = words(
    "href src action formaction data xlink:href poster background cite codebase lowsrc"
    " dynsrc ping manifest srcset"
)
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:")
# What browsers ignore inside or around a URL's scheme: whitespace, controls, invisible marks.
IGNORED_IN_URLS = re.compile(
    "[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+"
)
APP_SCRIPT = re.compile(r"/static/js/[A-Za-z0-9_-]+\.js(\?v=[0-9a-f]{12})?")
SAME_SITE_PATH = re.compile(r"/(?![/\\])[^\\]*")


def reloads_only(meta: dict[str, str]) -> bool:
    """The wall reloads itself with <meta http-equiv="refresh" content="300">: no URL, harmless."""
    return meta["http-equiv"].lower() == "refresh" and meta.get("content", "").strip().isdigit()


def normalise_url(value: str) -> str:
    """The URL as a browser would read its scheme: unescaped, invisible characters removed."""
    return IGNORED_IN_URLS.sub("", html.unescape(value)).lower()


class PageChecker(HTMLParser):
    """Collects every problem in a page; `text` keeps the page's text for round-trip checks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.start_tags = 0
        self._in_script = False

    def problem(self, message: str) -> None:
        self.problems.append(f"{message} (line {self.getpos()[0]})")

    def handle_starttag(self, tag, attrs):
        self.start_tags += 1
        values = {name: value or "" for name, value in attrs}
        if tag == "input" and values.get("value"):
            self.text.append(values["value"])  # what was typed, shown back in a form
        shown = "<" + " ".join([tag, *(f"{n}={v!r}" for n, v in attrs)]) + ">"
        if tag in FORBIDDEN_ELEMENTS:
            self.problem(f"forbidden element {shown}")
        elif tag not in KNOWN_ELEMENTS:
            self.problem(f"unexpected element {shown}")
        if tag == "script":
            self._in_script = True
            if set(values) - {"src", "defer"} or not APP_SCRIPT.fullmatch(values.get("src", "")):
                self.problem(f"script that is not one of the app's own files {shown}")
        if tag == "meta" and "http-equiv" in values and not reloads_only(values):
            self.problem(f"meta http-equiv {shown}")
        if tag == "link" and not values.get("href", "").startswith("/static/"):
            self.problem(f"link to outside /static/ {shown}")
        if (
            tag == "form"
            and values.get("action")
            and not SAME_SITE_PATH.fullmatch(values["action"])
        ):
            self.problem(f"form posting elsewhere {shown}")
        for name, value in values.items():
            if name.startswith("on"):
                self.problem(f"event handler attribute {name}={value!r} on {shown}")
            elif name in ("style", "srcdoc"):
                self.problem(f"{name} attribute on {shown}")
            elif name in URL_ATTRIBUTES:
                url = normalise_url(value)
                scheme = re.match(r"([a-z][a-z0-9+.-]*):", url)
                if url.startswith(SCRIPT_SCHEMES):
                    self.problem(f"script URL in {name}={value!r} on {shown}")
                elif scheme and scheme.group(1) not in SAFE_SCHEMES:
                    self.problem(f"unexpected URL scheme in {name}={value!r} on {shown}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problem(f"inline script content {data[:80]!r}")
        self.text.append(data)


def check_html(page: str) -> PageChecker:
    checker = PageChecker()
    checker.feed(page)
    checker.close()
    # Cross-check the parser against the raw text: every "<" followed by a letter must be a tag
    # the parser saw, or a browser's parser might find an element that ours did not.
    raw_tags = len(re.findall(r"<[A-Za-z]", page))
    if raw_tags != checker.start_tags:
        checker.problems.append(
            f"raw HTML has {raw_tags} '<letter' sequences but the parser saw "
            f"{checker.start_tags} start tags"
        )
    return checker


def html_problems(page: str) -> list[str]:
    """Everything that could run script or restyle the page. An empty list means safe."""
    return check_html(page).problems


# The app's pages are clean, the checker catches real attacks: so the table-driven test can fail.
CHECKER_SELF_TEST = [
    ("<p>Hello &lt;script&gt;alert(1)&lt;/script&gt;</p>", []),
    ('<script src="/static/js/reactions.js" defer></script>', []),
    ('<a href="https://example.com/&#34;onmouseover=&#34;x" rel="nofollow">x</a>', []),
    ('<a href="/u/ben" class="mention">@ben</a> <a href="mailto:a@example.com">m</a>', []),
    ('<form method="post" action="/posts/1/replies"><textarea>&lt;b&gt;</textarea></form>', []),
    ("<script>alert(1)</script>", ["script that is not", "inline script"]),
    ('<script src="https://evil.example/x.js"></script>', ["script that is not"]),
    ('<script src="/static/js/reactions.js">alert(1)</script>', ["inline script"]),
    ('<script src="/static/js/../../u/ana.js"></script>', ["script that is not"]),
    ('<script src="//evil.example/static/js/x.js"></script>', ["script that is not"]),
    ("<img src=x onerror=alert(1)>", ["forbidden element", "event handler"]),
    ('<p onmouseover="alert(1)">x</p>', ["event handler"]),
    ('<a href="/u/ben" ONCLICK="alert(1)">x</a>', ["event handler"]),
    ('<a href="java&#10;script&colon;alert(1)">x</a>', ["script URL"]),
    ('<a href=" JaVa&#x09;ScRipt:alert(1)">x</a>', ["script URL"]),
    ('<a href="\x01data:text/html,x">x</a>', ["script URL"]),
    ('<a href="vbscript:x">x</a>', ["script URL"]),
    ('<a href="ftp://example.com">x</a>', ["unexpected URL scheme"]),
    ('<form action="javascript:alert(1)"></form>', ["script URL", "form posting elsewhere"]),
    ('<form action="https://evil.example/steal"></form>', ["form posting elsewhere"]),
    ('<button formaction="javascript:alert(1)">x</button>', ["script URL"]),
    ('<iframe srcdoc="&lt;script&gt;"></iframe>', ["forbidden element", "srcdoc"]),
    ('<meta http-equiv="refresh" content="300">', []),
    ('<meta http-equiv="refresh" content="0;url=/">', ["meta http-equiv"]),
    ('<meta http-equiv="Set-Cookie" content="1">', ["meta http-equiv"]),
    ("<base href=/>", ["forbidden element"]),
    ("<svg><a xlink:href='javascript:1'>x</a></svg>", ["forbidden element", "script URL"]),
    ('<p style="color:red">x</p>', ["style attribute"]),
    ("<marquee>x</marquee><blink>y</blink>", ["forbidden element", "unexpected element"]),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', ["link to outside"]),
    ("<p>a <b\x00r>b</p>", ["raw HTML has"]),
]


@pytest.mark.parametrize(("markup", "expected"), CHECKER_SELF_TEST)
def test_the_checker_finds_script_and_passes_clean_html(markup, expected):
    problems = html_problems(markup)
    assert len(problems) == len(expected), problems
    for start in expected:
        assert any(problem.startswith(start) for problem in problems), problems


def test_the_checker_passes_the_apps_own_pages(client, auth, people):
    assert html_problems(client.get("/login").get_data(as_text=True)) == []
    auth.login("sam")
    for url in ("/", "/posts/new?kind=shoutout", "/me", "/u/sam", "/notifications"):
        assert html_problems(client.get(url).get_data(as_text=True)) == [], url


def test_the_payload_table():
    texts = [text for _, text in PAYLOADS]
    assert len(set(texts)) == len(texts) >= 45
    assert len(set(PAYLOAD_IDS)) == len(PAYLOAD_IDS)
    assert all(len(text) <= posting.TITLE_MAX for text in texts)  # each fits in a title
    assert any(len(" ".join(text.split())) > accounts.DISPLAY_NAME_MAX for text in texts)
    assert any(len(" ".join(text.split())) <= accounts.DISPLAY_NAME_MAX for text in texts)


# ---------------------------------------------------------------------------------------------
# The table-driven test


class SharedTemplateCache(BytecodeCache):
    """Compiled templates kept across the tests' apps (keyed by the template source's checksum,
    so an edited template is compiled afresh): each test builds a new app, and compiling every
    template again for each payload would take most of the run time."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = SharedTemplateCache()


@pytest.fixture
def app(app):
    app.jinja_env.bytecode_cache = TEMPLATE_CACHE
    return app


@pytest.fixture
def config_overrides():
    return {
        # Several joins and log-ins from one address in one test: no rate limits in the way.
        "JOIN_LIMIT_PER_ADDRESS": "10000 per minute",
        "LOGIN_LIMIT_PER_ADDRESS": "10000 per minute",
        "LOGIN_LIMIT_PER_ACCOUNT": "10000 per minute",
        "LOGIN_LIMIT_PER_ACCOUNT_ADDRESS": "10000 per minute",
        # Hostile text must be published to be shown: don't hold new members' posts for review.
        "SETTINGS_DEFAULTS": {"moderation_mode": "flagged_only"},
    }


def squash(text: str) -> str:
    """Text without whitespace or NUL (which parsers may drop or replace), for round trips."""
    return re.sub(r"[\s\x00\ufffd]", "", text)


class Visits:
    """Submits forms and fetches pages with the test client, and checks every HTML page it gets:
    the checker above, the expected status, and that the hostile text is shown as typed (so a page
    that lost the text cannot pass by accident).

    Problems are collected rather than raised, so that a failure lists every page it reached.
    """

    def __init__(self, client):
        self.client = client
        self.problems: list[str] = []
        self.pages = 0

    def check(self, response, where: str, status: int, shows: tuple[str, ...] = ()) -> None:
        if response.status_code != status:
            self.problems.append(f"{where}: status {response.status_code}, expected {status}")
        if response.status_code in (301, 302, 303):
            return
        if response.mimetype != "text/html":
            self.problems.append(f"{where}: {response.mimetype} instead of text/html")
            return
        self.pages += 1
        page = response.get_data(as_text=True)
        checker = check_html(page)
        self.problems += [f"{where}: {problem}" for problem in checker.problems]
        if "test-secret-key" in page:
            self.problems.append(f"{where}: the secret key is on the page")
        text = squash("".join(checker.text))
        for expected in shows:
            if squash(expected) not in text:
                self.problems.append(f"{where}: {expected!r} is not shown as typed")

    def get(self, url: str, query: dict | None = None, status: int = 200, shows=()):
        response = self.client.get(url, query_string=query)
        self.check(response, f"GET {url} {query or ''}", status, shows)
        return response

    def post(self, url: str, data: dict, status: int, what: str, shows=()):
        response = self.client.post(url, data=data)
        self.check(response, f"POST {url} ({what})", status, shows)
        return response

    def create(self, kind: str, what: str, **data) -> int:
        return self.created(self.client.post(f"/posts/new?kind={kind}", data=data), what)

    def created(self, response, what: str) -> int:
        """The id of the post a POST /posts/new made."""
        self.check(response, f"POST /posts/new ({what})", 302)
        match = re.fullmatch(r"/posts/(\d+)", response.location or "")
        assert match, f"{what} was not posted:\n" + "\n".join(self.problems)
        return int(match.group(1))


@pytest.mark.parametrize("payload", [text for _, text in PAYLOADS], ids=PAYLOAD_IDS)
def test_hostile_text_is_harmless_in_every_field_and_page(
    request, client, auth, make_user, payload
):
    staff = make_user("ms.lee", role=Role.STAFF, display_name="Ms Lee")
    make_user("ana", display_name="Ana")  # writes the hostile posts and reply
    make_user("ben", display_name="Ben")  # the classmate ana celebrates
    code = accounts.create_join_code(staff, "Year 9", None, None).code
    kiosk = "/wall/k/" + wall.create_kiosk_link(staff, "Hall screen")  # shows shout-outs to all
    visits = Visits(client)
    body = "Details: " + payload
    # Friendly words around it: this test is about escaping, and the screener rightly finds a
    # bare template snippet odd ("{{ config.SECRET_KEY }}" alone reads as unkind).
    reply = "Thanks, this helped: " + payload
    edited = "Edited: " + payload
    # Display names lose invisible and direction characters (Cc, Cf) and extra spaces.
    name = " ".join(
        "".join(c for c in payload if unicodedata.category(c) not in ("Cc", "Cf")).split()
    )

    # -- Title and text of a help request, a shout-out and an edit; a reply; recipients --------
    assert auth.login("ana").status_code == 302
    first = {"title": payload, "body": body, "category": "schoolwork"}
    response = client.post("/posts/new?kind=help", data=first)
    if "\x00" in payload and response.status_code == 400:
        # Refusing NUL outright is as good as dropping it (anything but an error page).
        visits.check(response, "POST /posts/new?kind=help (help request, NUL refused)", 400)
        assert not visits.problems, "\n".join(visits.problems)
        return
    help_id = visits.created(response, "help request")
    shoutout = {"title": payload, "body": body, "category": "kindness"}
    shoutout_id = visits.create("shoutout", "shout-out", **shoutout, recipients="ben")
    help_url = f"/posts/{help_id}"
    # The edit keeps the first version in the edit history that staff read.
    visits.post(
        f"{help_url}/edit", {"title": edited, "body": body, "category": "other"}, 302, "edit"
    )
    visits.post(f"{help_url}/replies", {"body": reply}, 302, "reply")

    # Refusals come back with what was typed, and must be as safe as the pages that publish it.
    too_long = {
        "title": payload + " " + "x" * posting.TITLE_MAX,
        "body": body + "x" * posting.BODY_MAX,
        "category": "schoolwork",
    }
    visits.post("/posts/new?kind=help", too_long, 400, "too long", (payload, body))
    visits.post(f"{help_url}/edit", too_long, 400, "edit too long", (payload, body))
    long_reply = {"body": reply + "x" * posting.BODY_MAX}
    visits.post(f"{help_url}/replies", long_reply, 400, "reply too long", (reply,))
    nobody = {**shoutout, "recipients": payload}
    visits.post("/posts/new?kind=shoutout", nobody, 400, "no such classmate", (payload, body))
    prefill = {"kind": "shoutout", "to": payload, "title": payload, "category": payload}
    visits.get("/posts/new", prefill, shows=(payload,))
    visits.get("/search", {"q": payload}, shows=(payload.strip()[:200],))

    visits.get(help_url, shows=(edited, body, reply))
    visits.get(f"/posts/{shoutout_id}", shows=(payload, body))
    # The board puts its own address (query included) into the reaction forms.
    visits.get("/", {"category": payload, "after": payload + "_1"}, shows=(edited, payload, body))
    for url in ("/u/ana", "/me"):
        visits.get(url, shows=(edited, payload, body))
    assert auth.logout().status_code == 302

    # -- Display name: joining with a code, then everywhere the name appears -------------------
    visits.get("/join", {"code": payload}, shows=(payload,))
    visits.get("/login", {"username": payload}, shows=(payload,))
    join = {"code": code, "username": "newbie", "password": "a long enough password"}
    too_long = {**join, "display_name": payload + " " + "x" * accounts.DISPLAY_NAME_MAX}
    visits.post("/join", too_long, 400, "display name too long", (payload,))
    newbie = None
    if max(len(payload), len(name)) > accounts.DISPLAY_NAME_MAX:  # the form, then the action
        visits.post("/join", {**join, "display_name": payload}, 400, "display name", (payload,))
    else:
        joined = visits.post("/join", {**join, "display_name": payload}, 302, "display name")
        newbie = accounts.find_user("newbie")
        assert newbie is not None, "joining failed:\n" + "\n".join(visits.problems)
        assert squash(newbie.display_name) == squash(name)
        visits.get(joined.location, shows=(f"board,{name}!", payload))  # welcome, header, board
        visits.create("help", "help request", title="New here", body="Hi", category="other")
        visits.post(f"{help_url}/replies", {"body": "Try this"}, 302, "reply")
        visits.post(f"{help_url}/react/support", {}, 302, "reaction")
        thanks = {"title": "Thanks", "body": "Kind", "category": "kindness", "recipients": "ben"}
        visits.create("shoutout", "shout-out", **thanks)
        visits.get(help_url, shows=(name, edited))  # the reply's byline
        visits.get(f"{help_url}/reactions", shows=(name, edited))
        visits.get("/u/newbie", shows=(name,))  # the profile, and the byline of their post
        assert auth.logout().status_code == 302
    visits.get(kiosk, shows=(payload, body) if newbie is None else (payload, body, name))

    # -- The classmate celebrated: notifications, then hiding the shout-out with a reason ------
    assert auth.login("ben").status_code == 302
    visits.get("/notifications", shows=(payload,) if newbie is None else (payload, name))
    hide = {"reason": payload}
    visits.post(f"/posts/{shoutout_id}/hide-about-me", hide, 302, "hiding it, with a reason")
    assert auth.logout().status_code == 302

    # -- Staff: the edit history, the reason for hiding, the staff tools ----------------------
    assert auth.login("ms.lee").status_code == 302
    visits.get(help_url, shows=(edited, body, reply, payload + "(Schoolwork)"))
    visits.get(f"/posts/{shoutout_id}", shows=(payload, body, "(“" + payload))
    if newbie is not None:
        visits.get("/mod/students", shows=(name,))
        visits.get(f"/mod/accounts/{newbie.id}", shows=(name,))

    # The text was stored as typed (only its rendering is made safe); NUL may be dropped.
    titles = db.session.scalars(select(Post.title).where(Post.id.in_([help_id, shoutout_id])))
    assert {squash(title) for title in titles} == {squash(edited), squash(payload)}
    replies = db.session.scalars(select(Reply.body).where(Reply.post_id == help_id))
    assert squash(reply) in {squash(text) for text in replies}

    assert not visits.problems, "\n".join(visits.problems)
    assert visits.pages >= 15
