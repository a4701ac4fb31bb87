"""The production front (deploy/): nginx with the board's site in front of gunicorn with its
settings, started on loopback ports with the demo school, on the database the suite runs on.

Sync workers wait for whoever they read from: a client dribbling its request holds a worker
until gunicorn's timeout. nginx reads requests whole first, so pupils on slow connections (or
someone doing it on purpose) cannot keep everyone else off the board.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from board.cli import DEMO_PASSWORD
from deploy import local, render

from .conftest import app_config, empty_database

pytestmark = pytest.mark.skipif(
    not local.NGINX.exists(), reason="nginx is not installed (apt-get install nginx)"
)

WORKERS = 2
SECRET_KEY = "deploy-test-secret-key"
# Within gunicorn's worker timeout (30 s): a request stuck behind slow clients fails.
PATIENCE = 20


@pytest.fixture(scope="module")
def demo_school(request, tmp_path_factory):
    for url in empty_database(request, tmp_path_factory.mktemp("db")):
        local.seed_demo_school(app_config(url))
        yield url


@pytest.fixture(scope="module")
def front(demo_school, tmp_path_factory):
    """The address of nginx in front of gunicorn (two sync workers) serving the demo school."""
    logs = tmp_path_factory.mktemp("front")
    with local.gunicorn(demo_school, SECRET_KEY, logs, WORKERS) as app_address:
        nginx_directory = logs / "nginx"
        nginx_directory.mkdir()
        with local.nginx(app_address, nginx_directory) as address:
            yield address


def test_slow_clients_do_not_keep_a_pupil_off_the_board(front):
    # Four times as many as there are workers, half dribbling headers, half a form's body.
    with local.slow_clients(front, 4 * WORKERS):
        time.sleep(1)  # they are all connected and sending
        cookie = local.log_in(front, "amara1", DEMO_PASSWORD, timeout=PATIENCE)
        status, _, page = local.request(front, "/", headers={"Cookie": cookie}, timeout=PATIENCE)
        assert status == 200
        assert "Stuck on adding fractions" in page.decode()


def test_static_files_come_from_nginx_with_a_years_cache(front):
    _, _, page = local.request(front, "/login")
    stylesheet = re.search(r'href="(/static/css/board\.css\?v=[0-9a-f]{12})"', page.decode())
    status, headers, body = local.request(front, stylesheet.group(1))
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Werkzeug" not in headers.get("Server", "")
    assert body == (Path(render.static_folder()) / "css/board.css").read_bytes()


def test_a_client_cannot_claim_https_through_nginx(front):
    """nginx sets X-Forwarded-Proto itself: over plain HTTP no one gets HSTS or Secure
    cookies by sending the header."""
    status, headers, _ = local.request(front, "/login", headers={"X-Forwarded-Proto": "https"})
    assert status == 200
    assert "Strict-Transport-Security" not in headers
    assert "Secure" not in headers["Set-Cookie"]


def test_a_body_bigger_than_any_form_is_refused_by_nginx(front):
    status, headers, _ = local.request(
        front,
        "/login",
        method="POST",
        body="x" * (3 * 1024 * 1024),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 413


def test_the_tls_site_is_valid_nginx(tmp_path):
    """With a certificate the site serves HTTPS and redirects plain HTTP; nginx accepts it."""
    import subprocess

    key, certificate = tmp_path / "key.pem", tmp_path / "cert.pem"
    made = subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=board.test",
            "-keyout",
            key,
            "-out",
            certificate,
            "-days",
            "1",
        ],
        capture_output=True,
    )
    if made.returncode:
        pytest.skip("openssl could not make a test certificate")
    conf = render.standalone(
        tmp_path,
        server_name="board.test",
        certificate=str(certificate),
        certificate_key=str(key),
    )
    checked = subprocess.run(
        [local.NGINX, "-e", "stderr", "-p", tmp_path, "-c", conf, "-t"], capture_output=True
    )
    assert checked.returncode == 0, checked.stderr.decode()
    site = (tmp_path / "board.conf").read_text()
    assert "listen 443 ssl;" in site
    assert "return 301 https://$host$request_uri;" in site
