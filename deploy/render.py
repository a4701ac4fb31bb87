"""Fill in deploy/nginx/board.conf for one host; tests and benchmarks render a standalone nginx.

    .venv/bin/python deploy/render.py --server-name board.hillside.sch.uk \\
        --certificate /etc/ssl/board.pem --certificate-key /etc/ssl/private/board.key \\
        > /etc/nginx/sites-available/board
    .venv/bin/python deploy/render.py --standalone DIR --listen 127.0.0.1:8080 \\
        --upstream 127.0.0.1:8000      # DIR/nginx.conf: nginx -e stderr -p DIR -c DIR/nginx.conf

Run it with the board's Python: the static folder defaults to the installed board's.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")

TLS = """\
    ssl_certificate {certificate};
    ssl_certificate_key {certificate_key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:board_tls:10m;
    ssl_session_timeout 1d;
"""
REDIRECT = """
server {{
    listen 80;
    server_name {server_name};
    server_tokens off;
    return 301 https://$host$request_uri;
}}
"""


def static_folder() -> str:
    import board

    return str(Path(board.__file__).parent / "static")


def site(
    *,
    listen: str = "80",
    server_name: str = "_",
    upstream: str = "unix:/run/board/gunicorn.sock",
    static: str | None = None,
    certificate: str | None = None,
    certificate_key: str | None = None,
) -> str:
    """The site's server blocks; with a certificate, HTTPS on 443 and a redirect from 80."""
    if bool(certificate) != bool(certificate_key):
        raise ValueError("give both the certificate and its key, or neither")
    tls = redirect = ""
    if certificate:
        listen = "443 ssl" if listen == "80" else f"{listen} ssl"
        tls = TLS.format(certificate=certificate, certificate_key=certificate_key)
        redirect = REDIRECT.format(server_name=server_name)
    values = {
        "listen": listen,
        "server_name": server_name,
        "upstream": upstream,
        "static": (static or static_folder()).rstrip("/"),
        "tls": tls,
        "redirect": redirect,
    }
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], (HERE / "nginx/board.conf").read_text())


def standalone(directory: Path, **site_values) -> Path:
    """A whole nginx configuration in `directory` around the site; returns its nginx.conf."""
    for temp in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (directory / "temp" / temp).mkdir(parents=True, exist_ok=True)
    (directory / "board.conf").write_text(site(**site_values))
    conf = directory / "nginx.conf"
    conf.write_text((HERE / "nginx/standalone.conf").read_text())
    return conf


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="80", help="nginx `listen` (default 80)")
    parser.add_argument("--server-name", default="_", help="the board's host name")
    parser.add_argument(
        "--upstream",
        default="unix:/run/board/gunicorn.sock",
        help="gunicorn's address (default: the socket of deploy/gunicorn.conf.py)",
    )
    parser.add_argument("--static", help="the board's static folder (default: the installed one)")
    parser.add_argument("--certificate", help="TLS certificate chain: serve HTTPS on 443")
    parser.add_argument("--certificate-key", help="its private key")
    parser.add_argument("--standalone", type=Path, metavar="DIR", help="write DIR/nginx.conf")
    args = vars(parser.parse_args(argv))
    directory = args.pop("standalone")
    if directory:
        print(standalone(directory, **args))
    else:
        sys.stdout.write(site(**args))


if __name__ == "__main__":
    main()
