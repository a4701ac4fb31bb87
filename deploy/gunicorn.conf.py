"""gunicorn settings for the board behind nginx (deploy/nginx/board.conf).

    gunicorn --config deploy/gunicorn.conf.py      # from the checkout, as board.service does

nginx hands gunicorn whole requests and takes whole responses, so sync workers only ever wait
for the app and its database, never for a pupil's phone on a slow network. Settings given on
the command line win over these (the tests and bench/slow_clients.py bind to a loopback port).
"""

import multiprocessing
import os

wsgi_app = "wsgi:app"
# nginx reaches gunicorn here; /run/board is made by systemd (RuntimeDirectory=board).
bind = os.environ.get("BOARD_BIND", "unix:/run/board/gunicorn.sock")
worker_class = "sync"
# Two a core and one more: while one worker waits for PostgreSQL another uses the core.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A request still running after 30 s is stuck: its worker is replaced, and nginx (which waits
# 40 s) answers 502 rather than waiting for ever.
timeout = 30
# On stop or restart, requests in progress get 30 s to finish (board.service waits 40 s).
graceful_timeout = 30
# Each worker imports wsgi.py when it starts, and so loads the screener's second reader itself
# (about a second and 65 MB). Not preloaded in the master: a worker forked after onnxruntime
# made its session hangs when it exits (every restart, and every max_requests below, would
# wait out graceful_timeout and then kill it).
preload_app = False
# A fresh worker now and then, staggered, returns any memory a long-lived one has gathered.
max_requests = 5000
max_requests_jitter = 500
# gunicorn 25+ opens a control socket in $HOME by default, one path for every instance on the
# host; the board does not use it (gunicorn 23 and 24 ignore this name).
control_socket_disable = True
# nginx logs requests; gunicorn logs its own events and errors (to the journal under systemd).
accesslog = None
errorlog = "-"
loglevel = "info"
