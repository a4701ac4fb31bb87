#!/usr/bin/env bash
# Load test on loopback: the logged-in feed (/) against a hello-world Flask app, in one run.
#
#   bench/load.sh                      # the board on bench/bench.sqlite (seed it first)
#   DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/board_bench bench/load.sh
#   DURATION=30s CONNECTIONS=32 bench/load.sh
#   ROUNDS=3 DURATION=5s bench/load.sh   # alternate feed and hello three times
#
# Both apps run under gunicorn with 2 sync workers; wrk (-t2 -c16 -d15s by default) drives
# each in turn. The two cores are shared by wrk and the server, so only the ratio feed/hello,
# measured in the same run, means much.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
GUNICORN="$VENV/bin/gunicorn"
DATABASE_URL="${DATABASE_URL:-sqlite:///$ROOT/bench/bench.sqlite}"
BOARD_PORT="${BOARD_PORT:-8471}"
HELLO_PORT="${HELLO_PORT:-8472}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-16}"
DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-3s}"
ROUNDS="${ROUNDS:-1}"  # >1 alternates feed and hello, which evens out a busy machine
WORK="$(mktemp -d)"
PIDS=()

stop() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap stop EXIT INT TERM

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -x "$GUNICORN" ] || { echo "gunicorn is missing: .venv/bin/pip install gunicorn" >&2; exit 1; }
if [[ "$DATABASE_URL" == sqlite:* && ! -s "${DATABASE_URL#sqlite:///}" ]]; then
    echo "No ${DATABASE_URL#sqlite:///}: run .venv/bin/python bench/seed.py first" >&2
    exit 1
fi

USERNAME="$("$PY" "$ROOT/bench/seed.py" --database-url "$DATABASE_URL" --print-login)"
PASSWORD="$("$PY" -c 'import sys; sys.path.insert(0, sys.argv[1]); import seed; print(seed.DEMO_PASSWORD)' "$ROOT/bench")"
SECRET_KEY="$("$PY" -c 'import sys; sys.path.insert(0, sys.argv[1]); import seed; print(seed.SECRET_KEY)' "$ROOT/bench")"

# The board as in production: gunicorn wsgi:app, settings from the environment.
(cd "$ROOT" && exec env DATABASE_URL="$DATABASE_URL" SECRET_KEY="$SECRET_KEY" \
    "$GUNICORN" --workers 2 --worker-class sync --bind "127.0.0.1:$BOARD_PORT" \
    --log-level warning wsgi:app) >"$WORK/board.log" 2>&1 &
PIDS+=($!)
(cd "$ROOT/bench" && exec "$GUNICORN" --workers 2 --worker-class sync \
    --bind "127.0.0.1:$HELLO_PORT" --log-level warning hello:app) >"$WORK/hello.log" 2>&1 &
PIDS+=($!)

wait_for() {
    for _ in $(seq 100); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "no answer from $1" >&2
    cat "$WORK"/*.log >&2
    exit 1
}
wait_for "http://127.0.0.1:$BOARD_PORT/healthz"
wait_for "http://127.0.0.1:$HELLO_PORT/"

# Log in like a browser: the form's CSRF token, then the POST, keeping the cookie jar.
JAR="$WORK/cookies"
TOKEN="$(curl -fsS -c "$JAR" "http://127.0.0.1:$BOARD_PORT/login" |
    sed -n 's/.*name="csrf_token" type="hidden" value="\([^"]*\)".*/\1/p' | head -1)"
[ -n "$TOKEN" ] || { echo "no CSRF token on /login" >&2; exit 1; }
STATUS="$(curl -sS -o /dev/null -w '%{http_code}' -b "$JAR" -c "$JAR" \
    --data-urlencode "csrf_token=$TOKEN" --data-urlencode "username=$USERNAME" \
    --data-urlencode "password=$PASSWORD" "http://127.0.0.1:$BOARD_PORT/login")"
[ "$STATUS" = 302 ] || { echo "login as $USERNAME failed (HTTP $STATUS)" >&2; exit 1; }
SESSION="$(awk '$6 == "session" { print $7 }' "$JAR")"
COOKIE="session=$SESSION"
curl -fsS -o "$WORK/feed.html" -H "Cookie: $COOKIE" "http://127.0.0.1:$BOARD_PORT/"
grep -q "Hello, " "$WORK/feed.html" ||
    { echo "the session cookie does not reach the logged-in feed" >&2; exit 1; }

run() {  # name url [header]
    local out="$WORK/$1.txt"
    if [ -n "${3:-}" ]; then
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$3" "$2" >"$out"
    else
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$2" >"$out"
    fi
    if grep -q "Non-2xx" "$out"; then
        echo "$1: some responses were not 2xx:" >&2
        cat "$out" >&2
        exit 1
    fi
}

echo "Logged in as $USERNAME; wrk -t$THREADS -c$CONNECTIONS -d$DURATION against each app in turn" \
    "($ROUNDS round(s))"
# Warm-up, not counted: templates compile, SQL compiles, the database pages come into cache.
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Cookie: $COOKIE" "http://127.0.0.1:$BOARD_PORT/" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "http://127.0.0.1:$HELLO_PORT/" >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
    run "feed-$round" "http://127.0.0.1:$BOARD_PORT/" "Cookie: $COOKIE"
    run "hello-$round" "http://127.0.0.1:$HELLO_PORT/"
done

rps() { awk '/^Requests\/sec/ { print $2 }' "$WORK/$1.txt"; }
latency() { awk -v p="$2" '$1 == p { print $2 }' "$WORK/$1.txt"; }
requests() { awk '/requests in/ { print $1 }' "$WORK/$1.txt"; }
seconds() { awk '/requests in/ { sub(/s,$/, "", $4); print $4 }' "$WORK/$1.txt"; }
total_rps() {  # all rounds of one app: requests / seconds
    local name="$1" n=0 t=0
    for round in $(seq "$ROUNDS"); do
        n=$((n + $(requests "$name-$round")))
        t="$(awk -v a="$t" -v b="$(seconds "$name-$round")" 'BEGIN { print a + b }')"
    done
    awk -v n="$n" -v t="$t" 'BEGIN { printf "%.2f", n / t }'
}

printf '\n%-22s %10s %10s %10s %10s %10s\n' "app" "requests" "req/s" "p50" "p90" "p99"
for round in $(seq "$ROUNDS"); do
    for name in "feed-$round" "hello-$round"; do
        printf '%-22s %10s %10s %10s %10s %10s\n' "$name" "$(requests "$name")" "$(rps "$name")" \
            "$(latency "$name" 50%)" "$(latency "$name" 90%)" "$(latency "$name" 99%)"
    done
done
FEED="$(total_rps feed)"
HELLO="$(total_rps hello)"
RATIO="$(awk -v a="$FEED" -v b="$HELLO" 'BEGIN { printf "%.1f", 100 * a / b }')"
echo
echo "feed $FEED req/s, hello $HELLO req/s: feed / hello = $RATIO% (target: at least 5%)"
echo "database: $DATABASE_URL; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
