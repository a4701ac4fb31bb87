"""Time the board's pages in-process: `python bench/feed.py` after `python bench/seed.py`.

Logged in as a student through the real login form (CSRF on, production settings), each page is
requested with Flask's test client: a warm-up, then N timed rounds of one request of every page
(in turns, so a slow spell of a shared machine is not pinned on one page); p50/p95 wall time,
the time spent inside the database driver's execute (db ms), SQL statements per request
(counted on the engine with before_cursor_execute) and any INSERT/UPDATE/DELETE issued while
serving a GET.

    python bench/feed.py                        # bench/bench.sqlite, 200 requests a page
    python bench/feed.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/board_bench
    python bench/feed.py --compare-1k           # also seed a 1k-post board, compare statements
    python bench/feed.py --only search-word --explain        # query plans of one page
    python bench/feed.py --only everything --profile         # pyinstrument over the requests
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote_plus

import sqlalchemy as sa
from flask import before_render_template, template_rendered

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import seed  # noqa: E402

from board.extensions import db  # noqa: E402
from board.models import Post  # noqa: E402

# Targets (benchmarks, not tests): see bench/README.md.
VIEW_P50, VIEW_P95 = 6.0, 12.0
DEEP_PAGE_RATIO = 1.5
SEARCH_P50 = 20.0
MAX_STATEMENTS = 6
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|MERGE)\b", re.I)
OLDER_LINK = re.compile(r'<a class="button" href="([^"]+)">Older posts</a>')
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@dataclass
class Page:
    name: str
    url: str
    kind: str  # "floor", "view" (first page of a list), "deep" (page 50), "post", "search"
    times: list[float] = field(default_factory=list)
    db_times: list[float] = field(default_factory=list)
    template_times: list[float] = field(default_factory=list)
    cpu_times: list[float] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)
    writes: list[str] = field(default_factory=list)
    statements_1k: set[int] = field(default_factory=set)
    key: str = ""  # the same page on another board (its name may carry a page number)
    note: str = ""
    client: object = None  # another app's test client (the yardstick); None: the board's

    def __post_init__(self):
        self.key = self.key or self.name

    def p(self, q: int, values: list[float] | None = None) -> float:
        values = sorted(values if values is not None else self.times)
        return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]


class Recorder:
    """Counts statements and time in execute on one engine, and remembers them for --explain."""

    def __init__(self, app, engine: sa.Engine):
        self.engine = engine
        self.statements: list[tuple[str, object]] = []
        self.db_seconds = self.template_seconds = 0.0
        self._started = self._render_started = 0.0
        sa.event.listen(engine, "before_cursor_execute", self.before)
        sa.event.listen(engine, "after_cursor_execute", self.after)
        before_render_template.connect(self.render_starts, app)
        template_rendered.connect(self.render_ends, app)

    def render_starts(self, sender, **extra):
        self._render_started = time.perf_counter()

    def render_ends(self, sender, **extra):
        self.template_seconds += time.perf_counter() - self._render_started

    def before(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append((statement, parameters))
        self._started = time.perf_counter()

    def after(self, conn, cursor, statement, parameters, context, executemany):
        self.db_seconds += time.perf_counter() - self._started

    @contextmanager
    def measure(self):
        self.statements, self.db_seconds, self.template_seconds = [], 0.0, 0.0
        yield self


def login(client, username: str) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = CSRF.search(page).group(1)
    response = client.post(
        "/login",
        data={"username": username, "password": seed.DEMO_PASSWORD, "csrf_token": token},
    )
    if response.status_code != 302:
        sys.exit(f"login as {username} failed: {response.status_code}")
    if "Hello," not in client.get("/").get_data(as_text=True):
        sys.exit("logged in, but / does not greet the student")


def busiest_post(app) -> int:
    """A public post with the most replies and reactions: the heaviest post page."""
    with app.app_context():
        return db.session.execute(
            sa.text(
                "SELECT p.id FROM post p WHERE p.status = 'published' AND p.deleted_at IS NULL "
                "AND NOT EXISTS (SELECT 1 FROM recipient r WHERE r.post_id = p.id "
                "AND r.state != 'approved') ORDER BY p.reply_count * (p.support_count "
                "+ p.celebrate_count + p.me_too_count + p.inspired_count) DESC, p.id LIMIT 1"
            )
        ).scalar_one()


def search_matches(app, query: str) -> int:
    """How many posts (public or not) the search engine matches: what the ranking must sort."""
    from board import search

    with app.app_context():
        matched = search.matching(sa.select(Post.id), search.parse(query)).order_by(None)
        return db.session.scalar(sa.select(sa.func.count()).select_from(matched.subquery()))


def follow_older(client, url: str, times: int) -> tuple[str, int]:
    """Follow the "Older posts" link up to `times` times; returns the URL reached and the page
    number it is."""
    number = 1
    for _ in range(times):
        response = client.get(url)
        match = OLDER_LINK.search(response.get_data(as_text=True))
        if not match:
            break
        url, number = html.unescape(match.group(1)), number + 1
    return url, number


def pages_for(app, client) -> list[Page]:
    deep_url, number = follow_older(client, "/", 49)
    pages = [
        Page("floor: /support", "/support", "floor"),
        Page("everything", "/", "view"),
        Page(f"everything p{number}", deep_url, "deep", key="deep"),
        Page("needs-help", "/needs-help", "view"),
        Page("celebrations", "/celebrations", "view"),
        Page("hall week", "/hall-of-fame?period=week", "view"),
        Page("hall month", "/hall-of-fame?period=month", "view"),
        Page("hall term", "/hall-of-fame?period=term", "view"),
        Page("category", "/?category=schoolwork", "view"),
        Page("post page", f"/posts/{busiest_post(app)}", "post"),
        Page("search-word", "/search?q=fractions", "search"),
        Page("search-phrase", '/search?q="science+fair"', "search"),
        Page("search-prefix", "/search?q=photo*", "search"),
        Page("search-common", "/search?q=help", "search"),
    ]
    for page in pages:
        if page.kind == "search":
            query = unquote_plus(page.url.split("q=", 1)[1])
            page.note = f"{search_matches(app, query):,} posts match {query}"
    return pages


def run_page(client, recorder: Recorder, page: Page, warmup: int, n: int) -> None:
    run_pages(client, recorder, [page], warmup, n)


def run_pages(client, recorder: Recorder, pages: list[Page], warmup: int, n: int) -> None:
    """Warm every page up, then time them in turns (one request of each, N times): on a shared
    machine whose speed drifts, a slow spell is spread over all pages instead of falling on
    the one that happened to be running."""
    for page in pages:
        for _ in range(warmup):
            assert (page.client or client).get(page.url).status_code == 200, page.url
    for _ in range(n):
        for page in pages:
            with recorder.measure():
                started, cpu = time.perf_counter(), time.process_time()
                response = (page.client or client).get(page.url)
                elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            assert response.status_code == 200, (page.url, response.status_code)
            page.times.append(elapsed * 1000)
            page.cpu_times.append(cpu * 1000)
            page.db_times.append(recorder.db_seconds * 1000)
            page.template_times.append(recorder.template_seconds * 1000)
            page.statements.append(len(recorder.statements))
            page.writes += [s for s, _ in recorder.statements if WRITES.match(s)]


def board(url: str):
    app = seed.make_app(url)
    client = app.test_client()
    login(client, seed.bench_login(url))
    with app.app_context():
        engine = db.engine
    return app, client, Recorder(app, engine)


def verdict(page: Page, first_p50: float) -> str:
    problems = []
    p50, p95 = page.p(50), page.p(95)
    if page.kind in ("view", "post") and (p50 > VIEW_P50 or p95 > VIEW_P95):
        problems.append(f"time>{VIEW_P50:g}/{VIEW_P95:g}")
    if page.kind == "deep" and p50 > DEEP_PAGE_RATIO * first_p50:
        problems.append(f"{p50 / first_p50:.2f}x p1")
    if page.kind == "search" and p50 > SEARCH_P50:
        problems.append(f"p50>{SEARCH_P50:g}")
    statements = set(page.statements)
    if page.kind in ("view", "deep") and max(statements) > MAX_STATEMENTS:
        problems.append(f"stmts>{MAX_STATEMENTS}")
    if len(statements) > 1:
        problems.append("stmts vary")
    if page.statements_1k and page.statements_1k != statements:
        problems.append("stmts differ at 1k")
    if page.writes:
        problems.append("WRITE on GET")
    if page.kind == "yardstick":
        return "(how fast the machine is right now)"
    return "ok" if not problems else "MISS: " + ", ".join(problems)


def show(pages: list[Page], title: str) -> None:
    first = next(p for p in pages if p.name == "everything").p(50)
    with_1k = any(p.statements_1k for p in pages)
    print(f"\n{title}")
    header = f"{'page':<16} {'p50 ms':>7} {'p95 ms':>7} {'cpu ms':>6} {'db ms':>6} {'tmpl ms':>7}"
    header += f" {'stmts':>5}"
    header += f" {'@1k':>4}" if with_1k else ""
    header += f" {'writes':>6}  target"
    print(header)
    print("-" * (len(header) + 20))
    for page in pages:
        statements = "/".join(str(s) for s in sorted(set(page.statements)))
        line = f"{page.name:<16} {page.p(50):7.2f} {page.p(95):7.2f}"
        line += f" {page.p(50, page.cpu_times):6.2f} {page.p(50, page.db_times):6.2f}"
        line += f" {page.p(50, page.template_times):7.2f}"
        line += f" {statements:>5}"
        if with_1k:
            line += f" {'/'.join(str(s) for s in sorted(page.statements_1k)) or '-':>4}"
        line += f" {len(page.writes):>6}  {verdict(page, first)}"
        print(line)
    print("\nURLs:")
    for page in pages:
        note = f"  ({page.note})" if page.note else ""
        print(f"  {page.name:<16} {page.url[:100]}{note}")


def explain(recorder: Recorder, client, page: Page) -> None:
    """Print each statement of one request with its plan (EXPLAIN QUERY PLAN on SQLite,
    EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL)."""
    with recorder.measure():
        client.get(page.url)
    captured = list(recorder.statements)
    sqlite = recorder.engine.dialect.name == "sqlite"
    prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN (ANALYZE, BUFFERS) "
    with recorder.engine.connect() as conn:
        for statement, parameters in captured:
            print("\n--", " ".join(statement.split())[:600])
            print("   params:", str(parameters)[:200])
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            rows = conn.exec_driver_sql(prefix + statement, parameters).all()
            for row in rows:
                print("  ", " | ".join(str(c) for c in row) if sqlite else row[0])


def profile(client, page: Page, n: int) -> None:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(n):
        client.get(page.url)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def statements_at_1k(url: str, pages: list[Page]) -> None:
    """Seed a 1,000-post board in a throwaway database and count each page's statements."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        small = "sqlite:///" + str(Path(tempfile.mkdtemp()) / "bench-1k.sqlite")
    else:
        small = parsed.set(database=f"board_bench_1k_{uuid.uuid4().hex[:8]}")
        small = small.render_as_string(hide_password=False)
    seed.build(small, posts=1000, quiet=True)
    try:
        app, client, recorder = board(small)
        mine = {page.key: page for page in pages_for(app, client)}
        for big in pages:
            if big.kind == "yardstick":
                continue
            page = mine[big.key]
            run_page(client, recorder, page, warmup=1, n=3)
            big.statements_1k = set(page.statements)
        with app.app_context():
            db.engine.dispose()
    finally:
        seed.drop_database(small)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help=f"default: DATABASE_URL or {seed.DEFAULT_URL}")
    parser.add_argument("-n", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--compare-1k", action="store_true", help="statements at 1k posts too")
    parser.add_argument("--only", help="comma-separated page names")
    parser.add_argument("--explain", action="store_true", help="query plans of the pages")
    parser.add_argument("--profile", action="store_true", help="pyinstrument the pages")
    args = parser.parse_args()
    url = seed.database_url(args.database_url)

    app, client, recorder = board(url)
    pages = pages_for(app, client)
    if args.only:
        wanted = set(args.only.split(","))
        pages = [p for p in pages if wanted & {p.name, p.key} or p.name == "everything"]
    with app.app_context():
        posts = db.session.scalar(sa.text("SELECT count(*) FROM post"))
    if args.explain or args.profile:
        for page in pages:
            print(f"\n===== {page.name}: {page.url}")
            if args.explain:
                explain(recorder, client, page)
            if args.profile:
                profile(client, page, args.n)
        return
    # bench/hello.py, timed in the same rounds: on a shared machine whose speed drifts, the
    # pages' times are best read next to it.
    import hello

    pages.insert(0, Page("yardstick: hello", "/", "yardstick", client=hello.app.test_client()))
    run_pages(client, recorder, pages, args.warmup, args.n)
    if args.compare_1k:
        statements_at_1k(url, pages)
    backend = sa.engine.make_url(url).get_backend_name()
    show(pages, f"{backend}, {posts:,} posts, {args.n} requests a page after {args.warmup} warm-up")


if __name__ == "__main__":
    main()
